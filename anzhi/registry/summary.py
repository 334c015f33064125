"""The home page's figures of the registry: enterprises in the user's jurisdiction by
status, key sector, area and risk grade.

By area means one level below the jurisdiction (a province sees its prefectures, a township
its villages), descending while everything sits in one area (the demo's superuser sees
湖上乡's villages, not "福建省 2,000"). Over a whole province that is a pass over a million
rows (0.3 s on the bench machine), so wide jurisdictions — the country, a province, a
prefecture — are counted at most every ``WIDE_SECONDS`` per process and the page says when;
a county or township is counted on every visit.
"""

from collections import Counter

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from anzhi.accounts.models import Role, User
from anzhi.accounts.scoping import enterprise_q, jurisdiction_prefix
from anzhi.core.memo import Memo
from anzhi.regions.models import Region

from .choices import EnterpriseStatus, RiskGrade
from .forms import sector_choices
from .models import Enterprise

WIDE_SECONDS = 600
_wide = Memo(WIDE_SECONDS)
# Region code lengths, level by level; an area one level below a prefix of length n.
_NEXT = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12, 12: 12}
_GRADES = dict(RiskGrade.choices)
_STATUSES = dict(EnterpriseStatus.choices)
AREAS = 20  # the top areas shown
_area_names = Memo(300).forget_on(Region)


def home_counts(user: User) -> dict:
    prefix = None if user.is_superuser else jurisdiction_prefix(user)
    wide = user.is_superuser or (user.role != Role.ENTERPRISE and prefix is not None
                                 and len(prefix) <= 4)

    def count() -> dict:
        return _counts(enterprise_q(user), prefix or "")

    if not wide:
        return {**count(), "wide": False}
    return {**_wide.get(("all",) if user.is_superuser else ("prefix", prefix), count),
            "wide": True, "refresh_minutes": WIDE_SECONDS // 60}


def _counts(scope: Q | None, prefix: str) -> dict:
    """All the figures from one grouped scan (area × grade × status × sectors): over a
    province of a million enterprises 0.29 s, where five separate counts took 1.9 s.
    Sectors come from ``sector_codes``, what the list's sector filter reads, so a figure
    and the list it links to agree."""
    rows, length = _grouped(scope, prefix)
    areas, grades, statuses, sectors = Counter(), Counter(), Counter(), Counter()
    for r in rows:
        areas[r["area"]] += r["n"]
        grades[r["risk_grade"]] += r["n"]
        statuses[r["status"]] += r["n"]
        for code in filter(None, r["sector_codes"].split(",")):
            sectors[code] += r["n"]
    sector_names = dict(sector_choices())
    return {
        "total": sum(grades.values()),
        "by_sector": [{"sector_id": code, "sector__name": sector_names.get(code, code), "n": n}
                      for code, n in _ranked(sectors)],
        "by_area": _named_areas(_ranked(areas)[:AREAS], length),
        "by_grade": [{"risk_grade": g, "n": n, "label": _GRADES.get(g, g)}
                     for g, n in _ranked(grades)],
        "by_status": [{"status": st, "n": n, "label": _STATUSES.get(st, st)}
                      for st, n in _ranked(statuses)],
        "as_of": timezone.localtime(),
    }


def _grouped(scope: Q | None, prefix: str) -> tuple[list[dict], int]:
    """The grouped rows by area one level below ``prefix``, descending while everything
    sits in one area; and the area code length used."""
    while True:
        length = _NEXT[len(prefix)]
        rows = _grouped_rows(scope, length)
        areas = {r["area"] for r in rows}
        if len(areas) == 1 and len(prefix := areas.pop()) == length and length < 12:
            continue
        return rows, length


_GROUPED = ("area", "risk_grade", "status", "sector_codes", "n")
# The grouped statement per scope and area length. A township's home page counts on every
# visit; building and compiling the queryset each time cost more than running it. Only the
# statement is kept: the rows are read live.
_grouped_statements = Memo(300, size=2000)


def _grouped_rows(scope: Q | None, length: int) -> list[dict]:
    statement = _grouped_statements.get((scope, length), lambda: _grouped_sql(scope, length))
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return [dict(zip(_GROUPED, row, strict=True)) for row in cursor.fetchall()]


def _grouped_sql(scope: Q | None, length: int) -> tuple[str, tuple] | None:
    qs = Enterprise.objects.all() if scope is None else Enterprise.objects.filter(scope)
    qs = (qs.order_by().annotate(area=Substr("region_id", 1, length))
          .values("area", "risk_grade", "status", "sector_codes").annotate(n=Count("id")))
    try:
        return qs.query.sql_with_params()
    except EmptyResultSet:  # a scope that admits nothing
        return None


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _named_areas(ranked: list[tuple[str, int]], length: int) -> list[dict]:
    """Each area with its region code (for the list's region filter) and name; enterprises
    registered at the jurisdiction's own level come as "<name>（本级）"."""
    codes = [_code(area) for area, _ in ranked]
    names = _area_names.get(tuple(codes), lambda: dict(
        Region.objects.filter(code__in=codes).values_list("code", "name")))
    return [{"code": code, "n": n,
             "name": names.get(code, code) + ("（本级）" if len(area) < length else "")}
            for code, (area, n) in zip(codes, ranked, strict=True)]


def _code(area: str) -> str:
    """The region code of an area prefix: "35" → "350000", "3505" → "350500"."""
    return area.ljust(6, "0") if len(area) < 6 else area
