"""Provides querysets compiled to SQL once per connection, then run again with new parameter values.

Django compiles a queryset to SQL each time it is evaluated. For the few queries every
API request runs (the key lookup, an order and its lines, the count) compiling cost
more than running them: a third of a detail request (bench/RESULTS.md, "where the time
goes"). A CompiledQuery is written with the ORM like any other; it is compiled on first
use with placeholder values, and later runs swap the real values into the compiled
parameters and read the rows through the same converters the ORM would apply.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Placeholder values, recognised in the compiled parameters. Unlikely to be a real value,
# and checked: a placeholder must come out of compilation unchanged, exactly once per use.
_TEXT = "\x00compiled:{name}\x00"
_INTEGER_BASE = -(2**62)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    positions: dict[str, list[int]]
    compiler: object  # the ORM's SQLCompiler, kept for its converters
    converters: dict


class CompiledQuery:
    """A values_list() queryset built by `build(**placeholders)`; `rows(**values)` runs it with real values.

    `parameters` maps each parameter's name to its type (int or str), which picks its placeholder.
    A `limited` query takes a `limit` too: the ORM writes a slice into the SQL as a literal
    number, so it is compiled unsliced and given a LIMIT clause with a parameter (the same
    clause on PostgreSQL and SQLite; it comes last in a plain SELECT).
    With `convert=False` the rows are the driver's, without the ORM's converters: for a
    caller that handles those values itself (a date-time is then naive UTC on SQLite).
    """

    def __init__(
        self, build: Callable[..., QuerySet], *, limited: bool = False, convert: bool = True, **parameters: type
    ):
        self.build = build
        self.limited = limited
        self.convert = convert
        self.parameters = parameters
        # Connections are per thread; so are their compilers.
        self._local = threading.local()

    def placeholders(self) -> dict:
        return {
            name: _INTEGER_BASE - index if kind is int else _TEXT.format(name=name)
            for index, (name, kind) in enumerate(self.parameters.items())
        }

    def compile(self, using: str) -> _Compiled:
        placeholders = self.placeholders()
        queryset = self.build(**placeholders)
        query = queryset.query
        if query.annotations or query.extra or query.is_sliced or query.combinator:
            raise ValueError("CompiledQuery reads plain columns of a plain, unsliced SELECT.")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if self.limited:
            sql, params = f"{sql} LIMIT %s", (*params, None)
        positions = {name: [i for i, p in enumerate(params) if p == value] for name, value in placeholders.items()}
        if missing := [name for name, found in positions.items() if not found]:
            raise ValueError(f"Parameters {missing} did not reach the SQL unchanged.")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return _Compiled(sql, tuple(params), positions, compiler, compiler.get_converters(fields))

    def compiled(self, using: str) -> _Compiled:
        cache = self._local.__dict__.setdefault("by_alias", {})
        if using not in cache:
            cache[using] = self.compile(using)
        return cache[using]

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, limit: int = 0, **values) -> list[tuple]:
        """The rows of the queryset built with `values` (its first `limit` when limited), as values_list() has them."""
        compiled = self.compiled(using)
        params = list(compiled.params)
        for name, positions in compiled.positions.items():
            for position in positions:
                params[position] = values[name]
        if self.limited:
            params[-1] = limit
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not (compiled.converters and self.convert):
            return rows
        # The ORM's converters (SQLCompiler.apply_converters), without its generator per row.
        connection = compiled.compiler.connection
        converters = [
            (position, converter, expression)
            for position, (functions, expression) in compiled.converters.items()
            for converter in functions
        ]
        converted = []
        for row in rows:
            row = list(row)
            for position, converter, expression in converters:
                row[position] = converter(row[position], expression, connection)
            converted.append(tuple(row))
        return converted
