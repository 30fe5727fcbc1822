"""The floor: API v1's order bytes from two raw SQL queries and orjson, and nothing else.

No framework, no authentication, no count, no headers: the cheapest way to produce
the body the project sends, so that project / floor says what the layers cost.
"""

import sqlite3
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import orjson

V1_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
QUERIES_PER_BODY = 2  # the orders with their addresses, then their lines with cookie names

ORDERS_SQL = (
    "SELECT o.id, o.date, a.name, a.street, a.city, a.state, a.zip, a.country"
    " FROM orders_order o JOIN orders_address a ON a.id = o.address_id"
)
PAGE_SQL = ORDERS_SQL + " ORDER BY o.id LIMIT {p} OFFSET {p}"
ONE_SQL = ORDERS_SQL + " WHERE o.id = {p}"
# A page in id order holds every order whose id lies between its first and last,
# so a range is exact and cheaper to plan than an IN list of the page's ids.
LINES_SQL = (
    "SELECT l.order_id, l.cookie_id, c.name, l.number_of_cookies"
    " FROM orders_cookieorder l JOIN cookies_cookie c ON c.id = l.cookie_id"
    " WHERE l.order_id BETWEEN {p} AND {p} ORDER BY l.order_id, l.id"
)


def connect_sqlite(path: str) -> sqlite3.Connection:
    """A read-only SQLite connection without type converters: dates stay the stored text."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


class Floor:
    """Builds v1 list and detail bodies from a DB-API connection whose paramstyle uses `placeholder`."""

    def __init__(self, connection, *, placeholder: str, time_zone: str):
        self.connection = connection
        self.zone = ZoneInfo(time_zone)
        self.page_sql = PAGE_SQL.format(p=placeholder)
        self.one_sql = ONE_SQL.format(p=placeholder)
        self.lines_sql = LINES_SQL.format(p=placeholder)

    def list_body(self, *, page_size: int, page: int = 1) -> bytes:
        """The body of `/api/v1/orders?page=…&page_size=…` (ordered by id)."""
        return dumps(self._orders(self.page_sql, (page_size, (page - 1) * page_size)))

    def detail_body(self, order_id: int) -> bytes | None:
        """The body of `/api/v1/orders/{id}`, None when there is no such order."""
        orders = self._orders(self.one_sql, (order_id,))
        return dumps(orders[0]) if orders else None

    def _orders(self, sql: str, params: tuple) -> list[dict]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if not rows:
                return []
            orders, lines_of = [], {}
            for order_id, date, name, street, city, state, zip_code, country in rows:
                lines = lines_of[order_id] = []
                address = {
                    "name": name,
                    "street": street,
                    "city": city,
                    "state": state,
                    "zip": zip_code,
                    "country": country,
                }
                orders.append(
                    {"id": order_id, "date": self.shop_time(date), "address": address, "cookie_orders": lines}
                )
            cursor.execute(self.lines_sql, (rows[0][0], rows[-1][0]))
            for order_id, cookie_id, cookie_name, number in cursor.fetchall():
                lines_of[order_id].append(
                    {"cookie_id": cookie_id, "cookie_name": cookie_name, "number_of_cookies": number}
                )
            return orders
        finally:
            cursor.close()

    def shop_time(self, value: str | datetime) -> str:
        """A stored date as v1 shows it: text from plain SQLite, naive UTC from Django's, aware from PostgreSQL."""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:  # SQLite keeps UTC without an offset
            value = value.replace(tzinfo=UTC)
        return value.astimezone(self.zone).strftime(V1_DATE_FORMAT)


def dumps(data) -> bytes:
    """Compact UTF-8 JSON, escaping U+2028/U+2029 as DRF's JSONRenderer does."""
    body = orjson.dumps(data)
    if b"\xe2\x80" in body:
        body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    return body


def for_django(connection, *, time_zone: str) -> Floor:
    """The floor on Django's database: its own plain connection to a SQLite file, else the driver's connection."""
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return Floor(connect_sqlite(connection.settings_dict["NAME"]), placeholder="?", time_zone=time_zone)
    connection.ensure_connection()
    placeholder = "?" if connection.vendor == "sqlite" else "%s"
    return Floor(connection.connection, placeholder=placeholder, time_zone=time_zone)
