"""The enterprise list's count and page of ids, compiled once per shape.

A list request builds the same scoped, filtered queryset every time, only with other
values, and building and compiling it (twice: the count and the page's ids) cost the API
list a millisecond of its four. The statement's shape is everything its SQL depends on
besides the filter values: the user's scope, which filters are set, the flags, the sort and
the page's bounds. ``_build`` makes the queryset from the shape and the values alone
(``filters.narrow``, as every other list does), so nothing else can leak into a kept
statement; ``core.prepared`` checks that each value lands in exactly one parameter and
otherwise runs the queryset itself. The statements are not prepared on the server: a
list's best plan depends on its values (``core.statements``).

A name search (``q``) is not compiled here: it probes the data first (``search.by_name``).
"""

from dataclasses import dataclass

from django.db.models import Q

from anzhi.accounts.models import User
from anzhi.accounts.scoping import enterprise_q
from anzhi.core.prepared import Prepared

from .choices import FLAGS
from .filters import SORTS, EnterpriseFilters, narrow, region_span
from .models import Enterprise


@dataclass(frozen=True)
class Shape:
    scope: Q | None
    region: bool
    sector: bool
    risk_grade: bool
    status: bool
    agency: bool
    flags: tuple[str, ...]
    sort: str


def _build(key: tuple, marks: list):
    shape, bounds = key
    values = iter(marks)
    span = (next(values), next(values)) if shape.region else None
    f = EnterpriseFilters(
        sector=next(values) if shape.sector else "",
        risk_grade=next(values) if shape.risk_grade else "",
        status=next(values) if shape.status else "",
        agency=next(values) if shape.agency else None,
        flags=list(shape.flags))
    qs = Enterprise.objects.all() if shape.scope is None else \
        Enterprise.objects.filter(shape.scope)
    qs = narrow(qs, f, span).order_by(*SORTS[shape.sort])
    if bounds is None:
        return qs
    return qs.values_list("pk")[bounds[0]:bounds[1]]


_STATEMENTS = Prepared(Enterprise, _build, server_prepared=False)


class CompiledListing:
    """What ``paging.EnterprisePaginator`` asks of a list: its capped count and the ids of
    a page, in list order."""

    def __init__(self, shape: Shape, values: list):
        self.shape, self.values = shape, values

    def count(self, cap: int) -> int:
        return _STATEMENTS.count((self.shape, None), self.values, cap)

    def ids(self, bottom: int, top: int) -> list[int]:
        return [row[0] for row in _STATEMENTS.rows((self.shape, (bottom, top)), self.values)]


def compiled_listing(user: User, f: EnterpriseFilters) -> CompiledListing | None:
    """The list for ``f`` as kept statements; None when it must be built each time (a name
    search) or is empty by itself (a region that does not exist)."""
    if f.q.strip() or f.sort not in SORTS:
        return None
    values: list = []
    if f.region:
        span = region_span(f.region)
        if span is None:
            return None
        values += span
    values += [v for v in (f.sector, f.risk_grade, f.status) if v]
    if f.agency:
        values.append(int(f.agency))
    shape = Shape(scope=enterprise_q(user), region=bool(f.region), sector=bool(f.sector),
                  risk_grade=bool(f.risk_grade), status=bool(f.status), agency=bool(f.agency),
                  flags=tuple(sorted(flag for flag in f.flags if flag in FLAGS)), sort=f.sort)
    return CompiledListing(shape, values)
