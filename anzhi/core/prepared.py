"""Row locks compiled once: the query every workflow step starts with.

Building and compiling a scoped, locked, annotated queryset cost a case step 1.4 ms of CPU
before the database saw it, more than the database took to run it. ``Prepared`` builds
and compiles the query the first time it meets a key (the actor's scope filter), with a
placeholder primary key, and keeps the SQL; later calls put the real primary key in the
placeholder's place and run the SQL as it is. The result is the same model instance the
queryset would give, annotations included.
"""

from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router

# A primary key no row has; its one position in the compiled parameters is where the real
# key goes. A query whose parameters hold it more or less than once is not kept.
PLACEHOLDER = -7_241_905_318_664_003
MAX_KEYS = 1024


class Prepared:
    def __init__(self, model: type[models.Model],
                 build: Callable[[Hashable, int], models.QuerySet]):
        """``build(key, pk)``: the queryset of ``model`` for ``pk`` under ``key``; its SQL
        may depend on ``key`` and must not depend on ``pk`` beyond the parameter."""
        self.model = model
        self.build = build
        self.compiled: dict[tuple, tuple[str, list, int] | None] = {}

    def first(self, key: Hashable, pk: int) -> models.Model | None:
        """``build(key, pk).first()``, compiled once per key."""
        db = router.db_for_write(self.model)
        entry_key = (db, connections[db].vendor, key)
        entry = self.compiled.get(entry_key, False)
        if entry is False:
            entry = self._compile(self.build(key, PLACEHOLDER)[:1])
            if len(self.compiled) >= MAX_KEYS:
                self.compiled.clear()
            self.compiled[entry_key] = entry
        if entry is None:
            return self.build(key, pk).first()
        sql, params, at = entry
        params = list(params)
        params[at] = pk
        return next(iter(self.model.objects.db_manager(db).raw(sql, params)), None)

    @staticmethod
    def _compile(qs: models.QuerySet) -> tuple[str, list, int] | None:
        try:
            sql, params = qs.query.get_compiler(qs.db).as_sql()
        except EmptyResultSet:  # a scope that admits nothing: the queryset says so itself
            return None
        params = list(params)
        if params.count(PLACEHOLDER) != 1:
            return None
        return sql, params, params.index(PLACEHOLDER)
