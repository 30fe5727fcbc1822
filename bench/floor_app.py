"""The floor as a WSGI app for gunicorn: /api/v1/orders and /api/v1/orders/{id}, bytes only.

Reads BENCH_DB_PATH (a SQLite file) and TIME_ZONE from the environment; no Django.
"""

import functools
import os
import re
from urllib.parse import parse_qs

from bench.floor import Floor, connect_sqlite

LIST_PATH = re.compile(r"/api/v1/orders/?\Z")
DETAIL_PATH = re.compile(r"/api/v1/orders/([0-9]{1,18})/?\Z")
NOT_FOUND = b'{"error":"Not found."}'


@functools.cache
def floor() -> Floor:
    # Opened on the first request, in the worker: a connection must not cross gunicorn's fork.
    connection = connect_sqlite(os.environ["BENCH_DB_PATH"])
    return Floor(connection, placeholder="?", time_zone=os.environ.get("TIME_ZONE", "UTC"))


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    body = None
    if LIST_PATH.match(path):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        page_size = int(query.get("page_size", ["100"])[0])
        body = floor().list_body(page_size=page_size, page=int(query.get("page", ["1"])[0]))
    elif match := DETAIL_PATH.match(path):
        body = floor().detail_body(int(match[1]))
    status = "200 OK" if body is not None else "404 Not Found"
    body = NOT_FOUND if body is None else body
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
