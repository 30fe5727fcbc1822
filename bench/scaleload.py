"""Loads N demo-like orders into a PostgreSQL bench database once, in bulk: INSERT ... SELECT in the server.

Each order n (1..N) is the same every time: id, position and address n, a date one
minute after order n-1's, 1-5 lines of different demo cookies at the cookie's price,
their choice and quantities drawn from hashes of n. Every constraint holds as in
seed_demo's data (placed, updated_at = date, no checkout token); the foreign keys are
checked by PostgreSQL as the rows go in.
"""

import os
import time

import psycopg

CHUNK = 100_000
FIRST_ORDER_AT = "2024-01-01 09:00:00+00"
ORDER_TABLES = ("orders_cookieorder", "orders_fulfilment", "orders_orderevent", "orders_order", "orders_address")

# A pseudo-random 31-bit number of order n, one stream per salt (PostgreSQL's own hash).
HASH = "(hashint8extended(n, {salt}) & 2147483647)"
ADDRESSES = f"""
INSERT INTO orders_address (id, name, street, city, state, zip, country)
SELECT n, (%(names)s::text[])[1 + {HASH.format(salt=1)} %% %(name_count)s],
       (1 + {HASH.format(salt=2)} %% 999)::text || ' Main St',
       c.city, c.state, c.zip, c.country
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
CROSS JOIN LATERAL (SELECT city, state, zip, country FROM unnest(%(cities)s::text[], %(states)s::text[],
    %(zips)s::text[], %(countries)s::text[]) WITH ORDINALITY AS c(city, state, zip, country, i)
    WHERE i = 1 + {HASH.format(salt=3)} %% %(city_count)s) AS c
"""
ORDERS = """
INSERT INTO orders_order (id, date, address_id, checkout_token, status, updated_at, notes, position)
SELECT n, %(first_at)s::timestamptz + n * interval '1 minute', n, NULL, 'placed',
       %(first_at)s::timestamptz + n * interval '1 minute', '', n
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
"""
# Line j of order n is cookie (start + j) mod C: 1-5 different cookies (C >= 5).
LINES = f"""
INSERT INTO orders_cookieorder (order_id, cookie_id, number_of_cookies, unit_price)
SELECT n, (%(cookies)s::bigint[])[1 + ({HASH.format(salt=4)} + j) %% %(cookie_count)s],
       1 + (hashint8extended(n * 8 + j, 5) & 2147483647) %% 24,
       (%(prices)s::numeric[])[1 + ({HASH.format(salt=4)} + j) %% %(cookie_count)s]
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
CROSS JOIN LATERAL generate_series(0, {HASH.format(salt=6)} %% 5) AS j
ORDER BY n, j
"""
SEQUENCES = """
SELECT setval(pg_get_serial_sequence(%(table)s, 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))
"""


def admin_url(url: str) -> str:
    """The same server's maintenance database."""
    return url.rsplit("/", 1)[0] + "/postgres"


def create_database(url: str) -> bool:
    """Create the database of `url` when missing; True when it was created."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure(orders: int, *, stdout) -> float | None:
    """Migrate the configured database and load `orders` orders unless it holds exactly that many.

    Returns the seconds the load took, None when the database was reused.
    """
    from django.core.management import call_command
    from django.db import connection

    from cookies.models import Cookie
    from orders.models import Order

    call_command("migrate", verbosity=0)
    call_command("seed_demo", orders=0, stdout=open(os.devnull, "w"))  # noqa: SIM115 (the demo cookies)
    if Order.objects.count() == orders:
        return None
    started = time.monotonic()
    cookies = list(Cookie.objects.filter(is_available=True).order_by("id").values_list("id", "price"))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(ORDER_TABLES)} RESTART IDENTITY CASCADE")
        for first in range(1, orders + 1, CHUNK):
            last = min(first + CHUNK - 1, orders)
            load_chunk(cursor, cookies, first=first, last=last)
            stdout.write(f"  {last:,}/{orders:,} orders, {time.monotonic() - started:.0f} s\n")
        for table in ("orders_address", "orders_order", "orders_cookieorder"):
            cursor.execute(SEQUENCES.format(table=table), {"table": table})
        # Fresh statistics and a visibility map: index-only scans and plans as on a settled database.
        cursor.execute("VACUUM ANALYZE orders_address, orders_order, orders_cookieorder")
    return round(time.monotonic() - started, 1)


def load_chunk(cursor, cookies, *, first: int, last: int) -> None:
    from orders.management.commands.seed_demo import CITIES, NAMES

    if len(cookies) < 5:
        raise RuntimeError("the bench needs 5 demo cookies on sale: an order has up to 5 different ones")
    params = {
        "first": first,
        "last": last,
        "first_at": FIRST_ORDER_AT,
        "names": NAMES,
        "name_count": len(NAMES),
        "cities": [c[0] for c in CITIES],
        "states": [c[1] for c in CITIES],
        "zips": [c[2] for c in CITIES],
        "countries": [c[3] for c in CITIES],
        "city_count": len(CITIES),
        "cookies": [pk for pk, _ in cookies],
        "prices": [price for _, price in cookies],
        "cookie_count": len(cookies),
    }
    for statement in (ADDRESSES, ORDERS, LINES):
        cursor.execute(statement, params)
