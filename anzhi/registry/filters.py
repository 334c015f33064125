"""One definition of the enterprise list filters, used by the page, the API and the export."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from anzhi.regions.models import Region, code_range

from . import search
from .choices import FLAGS
from .models import Enterprise, Supervision

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "risk_grade": ("risk_grade", "name", "id"),
    "-employee_count": ("-employee_count", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "region": ("region_id", "name", "id"),
}
SORT_LABELS = {
    "name": "名称", "-name": "名称（倒序）", "risk_grade": "风险等级（高→低）",
    "-employee_count": "从业人数（多→少）", "-updated_at": "最近更新", "region": "区划",
}


@dataclass
class EnterpriseFilters:
    q: str = ""
    region: str = ""
    sector: str = ""
    risk_grade: str = ""
    status: str = ""
    flags: list[str] = field(default_factory=list)
    agency: int | None = None
    sort: str = "name"

    def is_empty(self) -> bool:
        return not (self.q or self.region or self.sector or self.risk_grade or self.status
                    or self.flags or self.agency)


def apply_filters(qs: QuerySet[Enterprise], f: EnterpriseFilters) -> QuerySet[Enterprise]:
    return filtered(qs, f)[0]


def filtered(qs: QuerySet[Enterprise], f: EnterpriseFilters
             ) -> tuple[QuerySet[Enterprise], search.Counted | None]:
    """The filtered, ordered queryset and what a name search learnt about the number of
    matches (``search.by_name``; None when there was no such search)."""
    span = None
    if f.region:
        span = region_span(f.region)
        if span is None:
            return qs.none(), search.Counted(0, exact=True)
    qs = narrow(qs, f, span)
    known = None
    if q := f.q.strip():
        qs, known = search.by_name(qs, q)  # last: a short search probes with the others
    return qs.order_by(*SORTS.get(f.sort, SORTS["name"])), known


def region_span(code: str) -> tuple[str, str] | None:
    """The range of region codes under ``code`` (None: no such region)."""
    region = Region.objects.filter(pk=code).only("prefix").first()
    return None if region is None else code_range(region.prefix)


def narrow(qs: QuerySet[Enterprise], f: EnterpriseFilters,
           span: tuple[str, str] | None) -> QuerySet[Enterprise]:
    """Every filter but the name search, from values alone (``span``: the region filter's
    code range): ``listing`` compiles it once with placeholders in the values' places."""
    if span is not None:
        qs = qs.filter(region_id__gte=span[0], region_id__lt=span[1])
    if f.sector:
        qs = search.in_sector(qs, f.sector)
    if f.risk_grade:
        qs = qs.filter(risk_grade=f.risk_grade)
    if f.status:
        qs = qs.filter(status=f.status)
    for flag in f.flags:
        if flag in FLAGS:
            qs = qs.filter(**{flag: True})
    if f.agency:
        qs = qs.filter(Exists(Supervision.objects.filter(enterprise_id=OuterRef("pk"),
                                                         agency_id=f.agency)))
    return qs
