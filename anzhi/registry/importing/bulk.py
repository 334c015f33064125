"""Plain multi-row INSERT (COPY on PostgreSQL) and executemany UPDATE for the importer.

Django's ``bulk_create`` compiles every value through the field machinery, which for an
import of 100,000 enterprises (with people, supervision, sectors, licences and an audit
event each, over a million values) costs far more than the database does. These helpers
adapt only the values that need it (dates, decimals, JSON) and leave the rest to the
driver. Values must already be valid: the importer validated every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

Adapt = Callable[[Any], Any] | None


def _adapter(field: models.Field) -> Adapt:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    if connection.vendor == "postgresql":
        return None  # psycopg sends dates, datetimes and decimals as they are
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    return None


def _columns(model: type[models.Model], names: Sequence[str]):
    fields = [model._meta.get_field(n) for n in names]
    adapters = [_adapter(f) for f in fields]
    return fields, adapters


def _adapted(rows: Sequence[Sequence], adapters: list[Adapt]) -> Sequence[Sequence]:
    todo = [(i, a) for i, a in enumerate(adapters) if a is not None]
    if not todo:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for i, adapt in todo:
            if row[i] is not None:
                row[i] = adapt(row[i])
        out.append(row)
    return out


def _param_limit() -> int:
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        try:  # 32766 since SQLite 3.32; Django assumes the old 999
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:
            return 999
    return connection.features.max_query_params or 30000


class _Cursor:
    """The driver's own cursor: Django's debug wrapper (DEBUG=True) would format and keep
    every multi-thousand-value statement. Errors still come out as django.db errors."""

    def __enter__(self):
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()
        self.sqlite = connection.vendor == "sqlite"
        return self

    def __exit__(self, *exc):
        self.cursor.close()

    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self.sqlite else sql

    def execute(self, sql: str, params) -> None:
        with connection.wrap_database_errors:
            self.cursor.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows) -> None:
        with connection.wrap_database_errors:
            self.cursor.executemany(self._sql(sql), rows)

    def fetchall(self):
        return self.cursor.fetchall()


def _batch_size(width: int) -> int:
    return max(1, min(1000, (_param_limit() - 1) // width))


def insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence],
           *, returning: bool = False) -> list[int]:
    """INSERT ``rows`` (values in the order of field ``names``; FKs by ``<name>_id``).

    With ``returning`` gives the new primary keys in the order of ``rows``."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(model, names, rows, returning)
    fields, adapters = _columns(model, names)
    qn = connection.ops.quote_name
    head = (f"INSERT INTO {qn(model._meta.db_table)} "
            f"({', '.join(qn(f.column) for f in fields)}) VALUES ")
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {qn(model._meta.pk.column)}" if returning else ""
    values = _adapted(rows, adapters)
    ids: list[int] = []
    size = _batch_size(len(fields))
    with _Cursor() as cursor:
        for start in range(0, len(values), size):
            batch = values[start:start + size]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail,
                           [v for row in batch for v in row])
            if returning:
                ids += [r[0] for r in cursor.fetchall()]
    return ids


def _copy(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence],
          returning: bool) -> list[int]:
    """PostgreSQL: COPY … FROM STDIN. New keys are drawn from the table's sequence first."""
    fields, adapters = _columns(model, names)
    qn = connection.ops.quote_name
    table = model._meta.db_table
    columns = [qn(f.column) for f in fields]
    values = _adapted(rows, adapters)
    ids: list[int] = []
    with _Cursor() as cursor:
        if returning:
            pk = model._meta.pk.column
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, pk, len(values)])
            ids = [r[0] for r in cursor.fetchall()]
            columns.insert(0, qn(pk))
            values = [(i, *row) for i, row in zip(ids, values, strict=True)]
        with connection.wrap_database_errors, cursor.cursor.copy(
                f"COPY {qn(table)} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
    return ids


def update(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """UPDATE each row by primary key; a row is (values of ``names`` …, pk)."""
    if not rows:
        return
    fields, adapters = _columns(model, names)
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(model._meta.db_table)} SET "
           f"{', '.join(f'{qn(f.column)} = %s' for f in fields)} "
           f"WHERE {qn(model._meta.pk.column)} = %s")
    values = _adapted(rows, [*adapters, None])
    with _Cursor() as cursor:
        cursor.executemany(sql, values)
