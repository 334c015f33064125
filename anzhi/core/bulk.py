"""Multi-row writes that cost less CPU than the ORM's bulk methods on a workflow step.

``insert`` keeps ``bulk_create``'s contract for plain rows without the compiler: the rows
go to PostgreSQL as one JSON parameter, to SQLite as ``VALUES (…), (…)``. Django 5.2's
``bulk_create`` on PostgreSQL sends each column as an array for ``UNNEST``; psycopg builds
those array literals in Python, and with the compiler's per-value machinery that made the
inserts of an inspection (30 answers, 5 findings, their hazards, transitions and audit rows)
about 40% of its CPU.

``update_rows`` writes one UPDATE statement for many rows, each row with its own values.
Django's ``bulk_update`` writes a CASE WHEN per field and row, and compiling those
expressions cost an inspection's submit more than any of its inserts (about 3 ms of CPU for
five dispositions). ``update_rows`` writes
``UPDATE t SET f = v.column2, … FROM (VALUES …) AS v WHERE t.id = v.column1`` instead, which
SQLite (3.33 and later) and PostgreSQL both run. On PostgreSQL every value is cast to its
column's type so a column of NULLs still has one.
"""

import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.db import DatabaseError, connections, models, router, transaction
from psycopg.types.json import Jsonb  # what JSONField hands the driver on PostgreSQL

from .statements import prepared


def insert(objs: Sequence[models.Model]) -> list[models.Model]:
    """Save new rows of one model; sets each primary key, like ``bulk_create``, and like it
    sends no signals. Rows whose values need the compiler (expressions, database defaults)
    and models it cannot serve (multi-table inheritance) go through ``bulk_create``."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    conn = connections[router.db_for_write(model)]
    plan = _plan(objs, conn)
    if plan is None:
        return model._base_manager.using(conn.alias).bulk_create(objs)
    fields, rows, returning = plan
    with transaction.atomic(using=conn.alias, savepoint=False), conn.cursor() as cursor, \
            prepared(conn):
        start = 0
        for sql, params, count in _statements(model, fields, rows, returning, conn):
            cursor.execute(sql, params)
            if returning:
                for obj, (new_pk,) in zip(objs[start:start + count], cursor.fetchall(),
                                          strict=True):
                    setattr(obj, returning.attname, new_pk)
            start += count
    saved(objs, conn)
    return objs


def json_insert(objs: list[models.Model], conn) -> tuple[str, list] | None:
    """One ``INSERT … RETURNING pk`` of ``objs`` (new rows of one model with database-made
    keys) taking them as one JSON parameter, for ``deferred``; None when ``insert`` would not
    write them that way. The statement's text does not depend on the number of rows."""
    plan = _plan(objs, conn)
    if plan is None or plan[2] is None or conn.vendor != "postgresql" \
            or not isinstance(plan[2], models.AutoField):
        return None
    fields, rows, returning = plan
    payload = _json_rows(fields, rows)
    if payload is None:
        return None
    model = type(objs[0])
    quote = conn.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    return (f"INSERT INTO {table} ({columns}) SELECT {columns} "
            f"FROM json_populate_recordset(NULL::{table}, %s) "
            f"RETURNING {table}.{quote(returning.column)}", [payload])


def _plan(objs, conn):
    """(fields, rows, the primary key to return or None) for ``insert``'s own statements;
    None if the rows need ``bulk_create``."""
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    for obj in objs:
        if obj.pk is None:
            obj.pk = pk.get_pk_value_on_save(obj)
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    have_pk = {obj._is_pk_set() for obj in objs}
    fields = [f for f in meta.concrete_fields if not f.generated
              and (True in have_pk or not isinstance(f, models.AutoField))]
    if not (len(have_pk) == 1 and not meta.parents and meta.db_returning_fields == [pk]
            and all(type(obj) is model for obj in objs)
            and (True in have_pk or conn.features.can_return_rows_from_bulk_insert)
            and not any(hasattr(f, "get_placeholder") for f in fields)):
        return None
    rows = _values(objs, fields, conn)
    if rows is None:
        return None
    return fields, rows, (None if True in have_pk else pk)


def saved(objs, conn) -> None:
    """Mark ``objs`` as rows of the database, as ``save`` does after writing."""
    for obj in objs:
        obj._state.adding, obj._state.db = False, conn.alias


def _statements(model, fields, rows, returning, conn):
    """(sql, params, number of rows) for each INSERT that writes ``rows``.

    On PostgreSQL the rows travel as one JSON parameter read by ``json_populate_recordset``:
    psycopg's client-side binding parses a statement of more than 50 placeholders anew on
    every call and quotes each value in Python, which cost more than the insert itself."""
    quote = conn.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    tail = f" RETURNING {table}.{quote(returning.column)}" if returning else ""
    if conn.vendor == "postgresql" and len(rows) > 1:
        payload = _json_rows(fields, rows)
        if payload is not None:
            yield (f"INSERT INTO {table} ({columns}) SELECT {columns} "
                   f"FROM json_populate_recordset(NULL::{table}, %s){tail}", [payload],
                   len(rows))
            return
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, conn.ops.bulk_batch_size(fields, rows))
    for start in range(0, len(rows), size):
        batch = rows[start:start + size]
        yield (f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}{tail}",
               [v for row in batch for v in row], len(batch))


def _json_rows(fields, rows) -> str | None:
    """The rows as a JSON array of objects keyed by column; None if a value has no JSON
    form that PostgreSQL reads back as the same value (a custom JSON encoder, bytes …)."""
    if any(getattr(f, "encoder", None) for f in fields):
        return None
    names = [f.column for f in fields]
    try:
        return json.dumps([dict(zip(names, row, strict=True)) for row in rows],
                          default=_json_value, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"))
    except (TypeError, ValueError):
        return None


def _json_value(value):
    if isinstance(value, Jsonb):
        return value.obj
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(type(value).__name__)


def _values(objs, fields, conn) -> list[list] | None:
    """Each row's values as the driver takes them; None if one is an expression."""
    rows = []
    for obj in objs:
        row = []
        for f in fields:
            value = f.pre_save(obj, True)
            if hasattr(value, "resolve_expression"):
                return None
            row.append(f.get_db_prep_save(value, conn))
        rows.append(row)
    return rows


def update_rows(objs: Sequence[models.Model], fields: Sequence[str]) -> int:
    """Write ``fields`` of each of ``objs`` (saved rows of one model); the number updated.
    Like ``bulk_update``: no signals, no ``save()``."""
    if not objs:
        return 0
    conn = connections[router.db_for_write(type(objs[0]))]
    sql, params = update_sql(objs, fields, conn)
    with conn.cursor() as cursor, prepared(conn):
        cursor.execute(sql, params)
        return cursor.rowcount


def update_sql(objs: Sequence[models.Model], fields: Sequence[str], conn, *,
               returning: bool = False) -> tuple[str, list]:
    """``update_rows``'s statement; with ``returning``, it returns the updated keys."""
    meta = objs[0]._meta
    quote = conn.ops.quote_name
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    # SQLite has no column types to match, and its CAST to "date" would make a number.
    row = "(" + ", ".join("%s" if conn.vendor == "sqlite" else f"CAST(%s AS {c.db_type(conn)})"
                          for c in columns) + ")"
    params = [c.get_db_prep_save(getattr(obj, c.attname), conn)
              for obj in objs for c in columns]
    table = quote(meta.db_table)
    pk = f"{table}.{quote(meta.pk.column)}"
    assignments = ", ".join(f"{quote(c.column)} = v.column{n}"
                            for n, c in enumerate(columns[1:], start=2))
    sql = (f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(objs))}) "
           f"AS v WHERE {pk} = v.column1" + (f" RETURNING {pk}" if returning else ""))
    return sql, params


def pre_save_fields(obj: models.Model, fields: Sequence[str]) -> None:
    """Give ``auto_now`` fields among ``fields`` the time, as ``save`` does."""
    meta = obj._meta
    for name in fields:
        field = meta.get_field(name)
        setattr(obj, field.attname, field.pre_save(obj, False))


def save_fields(obj: models.Model, fields: Sequence[str]) -> None:
    """``obj.save(update_fields=fields)`` through ``update_rows``: a statement prepared once
    per connection instead of one compiled on every step. ``auto_now`` fields take the time,
    as ``save`` gives them; no signals are sent."""
    pre_save_fields(obj, fields)
    if update_rows([obj], fields) != 1:
        raise DatabaseError(f"{obj._meta.label} {obj.pk} 不存在，未能保存")
