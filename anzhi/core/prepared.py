"""Queries compiled once: the row lock every workflow step starts with, lookups by key, the
rows of one parent and lookups by a short list of keys.

Building and compiling a scoped, locked, annotated queryset cost a case step 1.4 ms of CPU
before the database saw it, more than the database took to run it. ``Prepared`` builds
and compiles the query the first time it meets a key (the actor's scope filter), with a
placeholder primary key, and keeps the SQL with what the ORM needs to turn a row into an
instance (field order, related objects of ``select_related``, annotations, converters).
Later calls put the real primary key in the placeholder's place, run the SQL as it is and
build the instance the queryset would have given. ``many`` does the same with several
values (an inspection's officers), compiled once per key and number of values.
"""

from collections.abc import Callable, Hashable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

from . import statements
from .pagination import capped_count, capped_count_sql

# A primary key no row has; its one position in the compiled parameters is where the real
# key goes. A query whose parameters hold it more or less than once is not kept.
PLACEHOLDER = -7_241_905_318_664_003
# The same for a text key (a session's): no text column holds a NUL.
TEXT_PLACEHOLDER = "\x00anzhi-prepared-"
MAX_KEYS = 1024
_BIGINT = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    at: tuple[int, ...]         # each placeholder's position in ``params``
    model: type[models.Model] | None  # None: a values_list() query's tuples
    init_list: list[str]        # attnames of the model's columns, in select order
    start: int
    end: int
    related: list[Any]          # the ORM's populators for select_related
    annotations: dict[str, int]
    converters: list[tuple[int, tuple[list, Any]]]


class Prepared:
    def __init__(self, model: type[models.Model],
                 build: Callable[[Hashable, int], models.QuerySet], *,
                 server_prepared: bool = True):
        """``build(key, pk)``: the queryset of ``model`` for ``pk`` under ``key``; its SQL
        may depend on ``key`` and must not depend on ``pk`` beyond the parameter.

        ``server_prepared=False``: compiled once here, but planned by PostgreSQL for each
        run's values (``core.statements``: a list's best plan depends on its filters)."""
        self.model = model
        self.build = build
        self.server_prepared = server_prepared
        self.compiled: dict[tuple, _Plan | None] = {}

    def first(self, key: Hashable, pk: int) -> models.Model | None:
        """``build(key, pk).first()``, compiled once per key."""
        found = self._run(key, pk, one=True)
        return found[0] if found else None

    def all(self, key: Hashable, pk: int) -> list[models.Model]:
        """``list(build(key, pk))``, compiled once per key: the rows of one parent."""
        return self._run(key, pk, one=False)

    def many(self, key: Hashable, values: list) -> list[models.Model]:
        """``list(build(key, values))``, compiled once per key and ``len(values)``: ``build``
        gets a list of placeholders, each of which its SQL must use exactly once."""
        return self._run(key, list(values), one=False, spread=True)

    def rows(self, key: Hashable, values: list) -> list[tuple]:
        """``many`` for a ``values_list`` queryset: its rows as the tuples it would give."""
        return self._run(key, list(values), one=False, spread=True)

    def count(self, key: Hashable, values: list, cap: int) -> int:
        """``capped_count(build(key, values), cap)``, compiled once per key, number of
        values and cap."""
        return self._run(key, list(values), one=False, spread=True, cap=cap)[0][0]

    def _run(self, key: Hashable, arg, *, one: bool, spread: bool = False,
             cap: int | None = None) -> list:
        """``arg``: what ``build`` takes, a primary key or (``spread``) a list of values;
        ``cap``: count the rows instead, no further than ``cap + 1``."""
        db = router.db_for_write(self.model)
        conn = connections[db]
        values = arg if spread else [arg]
        if not spread and isinstance(arg, int) and not _BIGINT[0] <= arg <= _BIGINT[1]:
            # No key column holds it, and put in the SQL as it is the database would refuse
            # it (the ORM's own lookups answer "no rows" for it too).
            return []
        text = tuple(isinstance(v, str) for v in values)
        entry_key = (db, conn.vendor, key, one, len(values) if spread else None, text, cap)
        plan = self.compiled.get(entry_key, False)
        if plan is False:
            marks = [TEXT_PLACEHOLDER + str(n) if is_text else PLACEHOLDER - n
                     for n, is_text in enumerate(text)]
            qs = self.build(key, marks if spread else marks[0])
            plan = (_compile_count(qs, marks, cap) if cap is not None
                    else _compile(qs[:1] if one else qs, marks))
            if len(self.compiled) >= MAX_KEYS:
                self.compiled.clear()
            self.compiled[entry_key] = plan
        if plan is None:
            qs = self.build(key, arg)
            if cap is not None:
                return [(capped_count(qs, cap),)]
            return list(qs[:1] if one else qs)
        params = list(plan.params)
        for at, value in zip(plan.at, values, strict=True):
            params[at] = value
        with conn.cursor() as cursor, (statements.prepared(conn) if self.server_prepared
                                       else nullcontext()):
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        return [_instance(plan, list(row), conn) for row in rows]


def _compile(qs: models.QuerySet, marks: list) -> _Plan | None:
    compiler = qs.query.get_compiler(qs.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a scope that admits nothing: the queryset says so itself
        return None
    params = tuple(params)
    if any(params.count(mark) != 1 for mark in marks):
        return None
    if qs._iterable_class not in (ModelIterable, ValuesListIterable):
        return None  # values() dicts, flat lists: run by the queryset itself
    select, info = compiler.select, compiler.klass_info
    converters = compiler.get_converters([s[0] for s in select[:compiler.col_count]])
    if qs._iterable_class is ValuesListIterable:  # values_list(): the rows are the answer
        return _Plan(sql=sql, params=params, at=tuple(params.index(m) for m in marks),
                     model=None, init_list=[], start=0, end=compiler.col_count, related=[],
                     annotations={}, converters=list(converters.items()))
    start, end = info["select_fields"][0], info["select_fields"][-1] + 1
    return _Plan(sql=sql, params=params, at=tuple(params.index(m) for m in marks),
                 model=info["model"],
                 init_list=[f[0].target.attname for f in select[start:end]], start=start,
                 end=end, related=get_related_populators(info, select, qs.db),
                 annotations=dict(compiler.annotation_col_map),
                 converters=list(converters.items()))


def _compile_count(qs: models.QuerySet, marks: list, cap: int) -> _Plan | None:
    """The SQL ``capped_count`` would run: the first ``cap + 1`` keys, unordered, counted."""
    try:
        sql, params = capped_count_sql(qs, cap)
    except EmptyResultSet:
        return None
    if any(params.count(mark) != 1 for mark in marks):
        return None
    return _Plan(sql=sql, params=params,
                 at=tuple(params.index(m) for m in marks), model=None, init_list=[],
                 start=0, end=1, related=[], annotations={}, converters=[])


def _instance(plan: _Plan, row: list, conn) -> models.Model | tuple:
    """What ``ModelIterable`` (or ``ValuesListIterable``) makes of the row."""
    for pos, (functions, expression) in plan.converters:
        value = row[pos]
        for convert in functions:
            value = convert(value, expression, conn)
        row[pos] = value
    if plan.model is None:
        return tuple(row[:plan.end])
    obj = plan.model.from_db(conn.alias, plan.init_list, row[plan.start:plan.end])
    for populator in plan.related:
        populator.populate(row, obj)
    for name, pos in plan.annotations.items():
        setattr(obj, name, row[pos])
    return obj
