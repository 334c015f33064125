from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


def capped_count(qs: QuerySet, cap: int) -> int:
    """The number of rows of ``qs``, counting no further than ``cap + 1``.

    Without its ORDER BY: Django keeps the ordering inside a sliced count's subquery, and
    the database then has to produce the first ``cap + 1`` rows in list order (PostgreSQL
    walked the name index row by row to count a rare match) instead of any ``cap + 1``."""
    return qs.order_by()[: cap + 1].count()


def capped_count_sql(qs: QuerySet, cap: int) -> tuple[str, tuple]:
    """The statement ``capped_count`` runs, to keep (``core.prepared``) or to run inside
    another (``core.worklist``). Raises ``EmptyResultSet`` for a queryset that admits
    nothing, as compiling it does."""
    sql, params = qs.order_by().values("pk")[:cap + 1].query.sql_with_params()
    return f"SELECT COUNT(*) FROM ({sql}) AS capped", tuple(params)


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows. An exact count of a broad filter over a million rows
    costs hundreds of milliseconds and nobody pages through it; "超过 1,000 户" is enough."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            found = capped_count(self.object_list, self.cap)
        else:
            found = len(self.object_list[: self.cap + 1])
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False
