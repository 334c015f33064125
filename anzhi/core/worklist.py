"""待办 on the home page: what needs the user's attention, one line per kind (overdue
hazards, hazards awaiting review, cases whose legal clock has run out …), each counted in
the user's scope and linking to its list filtered to exactly those rows. Apps register
their lines in ``AppConfig.ready``, as they register dossier tabs:

    register_work(WorkLine("hazards.overdue", "逾期未整改的隐患", overdue_rows,
                           "hazards:list", {"overdue": "true"}, urgent=True))
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.urls import NoReverseMatch

from .memo import Memo
from .pagination import capped_count_sql
from .urls_fixed import fixed_url

# A line says "99+" past this: the home page must stay fast over ten million hazards, and
# the list it links to gives the exact figure.
CAP = 99


@dataclass(frozen=True)
class WorkLine:
    key: str
    label: str
    rows: Callable[..., QuerySet]  # (user, today) -> the rows, already in the user's scope
    url_name: str
    query: dict[str, str] = field(default_factory=dict)
    urgent: bool = False


LINES: list[WorkLine] = []


def register_work(line: WorkLine) -> None:
    if all(existing.key != line.key for existing in LINES):
        LINES.append(line)


def worklist(user, today: date) -> list[dict]:
    """The lines with something in them, in registration order."""
    lines = []
    for line in LINES:
        try:
            lines.append((line, fixed_url(line.url_name)))
        except NoReverseMatch:
            continue
    counts = _counts(user, today, [line for line, _ in lines])
    out = []
    for (line, url), n in zip(lines, counts, strict=True):
        if n:
            out.append({"key": line.key, "label": line.label, "n": min(n, CAP),
                        "more": n > CAP, "urgent": line.urgent,
                        "url": f"{url}?{urlencode(line.query)}" if line.query else url})
    return out


# The statement counting a user's lines on a day, built once per user, scope and day: the
# home page is every user's first page, and building, compiling and counting its seven
# scoped querysets one by one was three quarters of its time (a province's: 17 of 23 ms).
# The SQL depends on nothing else: the rows stay live, only the statement is kept.
_statements = Memo(300, size=2000)


def _counts(user, today: date, lines: list[WorkLine]) -> list[int]:
    from anzhi.accounts.scoping import jurisdiction_prefix

    if not lines:
        return []
    key = (user.pk, user.is_superuser, user.role, user.enterprise_id, user.region_id,
           user.agency_id, jurisdiction_prefix(user), today, tuple(line.key for line in lines))
    sql, params = _statements.get(key, lambda: _statement(user, today, lines))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchone())


def _statement(user, today: date, lines: list[WorkLine]) -> tuple[str, list]:
    """One SELECT of each line's count, capped like ``capped_count``, in line order."""
    parts, params = [], []
    for line in lines:
        try:
            count, count_params = capped_count_sql(line.rows(user, today), CAP)
        except EmptyResultSet:  # a scope that admits nothing
            parts.append("0")
            continue
        parts.append(f"({count})")
        params.extend(count_params)
    return "SELECT " + ", ".join(parts), params
