"""Reads shaped for the hazard pages, the API and the reports — always through scoping."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from anzhi.accounts.models import User
from anzhi.accounts.scoping import enterprise_q, restrict
from anzhi.core.audit import history
from anzhi.law import datafiles
from anzhi.regions.models import Region, code_range
from anzhi.registry.models import Enterprise, Sector

from .choices import OPEN_STATUSES, DutyKind, DutyScope, FileKind, Level, Source, Status
from .models import (
    DutyRecord,
    DutyRule,
    Hazard,
    HazardFile,
    Listing,
    ListingExtension,
    Rectification,
    Reminder,
    Review,
)
from .scoping import is_enterprise_user, restrict_hazards
from .services import case_offer_available, plan_missing, today


def visible_hazards(user: User) -> QuerySet[Hazard]:
    return restrict_hazards(Hazard.objects.all(), user)


def get_hazard(user: User, pk: int) -> Hazard:
    """The hazard if the user may see it; 404 alike for missing and forbidden."""
    hazard = (visible_hazards(user).filter(pk=pk)
              .select_related("enterprise", "region", "agency", "found_by").first())
    if hazard is None:
        raise Http404("未找到该隐患")
    return hazard


def get_hazard_file(user: User, hazard_id: int, file_id: int) -> HazardFile:
    """A file of a hazard the user may see; 404 alike for missing and forbidden."""
    hazard = get_hazard(user, hazard_id)
    item = HazardFile.objects.filter(pk=file_id, hazard=hazard).first()
    if item is None:
        raise Http404("未找到该文件")
    return item


def hazard_photos(hazard: Hazard) -> list[HazardFile]:
    """The hazard's own photos and material (隐患照片, 其他材料), not a rectification's."""
    return list(HazardFile.objects.filter(hazard=hazard, rectification=None,
                                          kind__in=(FileKind.FINDING, FileKind.OTHER)))


@dataclass
class LedgerFilters:
    status: str = ""
    level: str = ""
    overdue: bool | None = None
    enterprise: int | None = None
    region: str = ""
    agency: int | None = None
    source: str = ""
    listed: bool | None = None
    escalated: bool | None = None


def in_region(qs: QuerySet, region: str) -> QuerySet:
    """Rows (hazards or enterprises) under a region code typed in a filter; anything that is
    not a code (str.isdigit would pass "²", which int() refuses) leaves ``qs`` unfiltered."""
    if not (region and region.isdecimal()):
        return qs
    lo, hi = code_range(region)
    return qs.filter(region_id__gte=lo, region_id__lt=hi)


def apply_filters(qs: QuerySet[Hazard], f: LedgerFilters, day: date) -> QuerySet[Hazard]:
    if f.status:
        qs = (qs.filter(status__in=OPEN_STATUSES) if f.status == "open"
              else qs.filter(status=f.status))
    if f.level:
        qs = qs.filter(level=f.level)
    if f.overdue is True:
        qs = qs.filter(status__in=OPEN_STATUSES, rectify_due__lt=day)
    elif f.overdue is False:
        qs = qs.exclude(Q(status__in=OPEN_STATUSES, rectify_due__lt=day))
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    qs = in_region(qs, f.region)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.listed is not None:
        qs = qs.filter(listed=f.listed)
    if f.escalated is True:
        qs = qs.filter(Q(flag_overdue=True) | Q(flag_failed_reviews=True)
                       | Q(flag_concealed=True))
    return qs


def ledger(user: User, filters: LedgerFilters, day: date | None = None) -> QuerySet[Hazard]:
    qs = apply_filters(visible_hazards(user), filters, day or today())
    return qs.select_related("enterprise", "region", "agency").order_by("-found_on", "-id")


# --- no penalty for a self-reported major hazard -----------------------------------------

LEGAL_CITATION = "LEGAL.md §3「Self-reported major hazards」"


@dataclass
class NoPenalty:
    eligible: bool
    basis: str
    reasons: list[str] = field(default_factory=list)
    circumstance: str = ""


_UNSET = object()


def no_penalty_assessment(hazard: Hazard, day: date | None = None,
                          plan=_UNSET) -> NoPenalty | None:
    """For a self-reported major hazard: whether it is eligible for no penalty (complete
    plan, on schedule, not failed repeatedly). None for other hazards."""
    if hazard.source != Source.SELF_REPORT or hazard.level != Level.MAJOR:
        return None
    day = day or today()
    try:
        policy = datafiles.load("discretion.toml")["basis"]["self_reported_major_hazard"]
    except (KeyError, FileNotFoundError):
        policy = "企业自查发现、按规定报告并有效整改的重大事故隐患不予处罚"
    try:
        from anzhi.law.discretion import SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION as circ
    except ImportError:  # pragma: no cover - the law package predates the constant
        circ = ""
    basis = f"{LEGAL_CITATION}：{policy}"
    reasons = []
    plan = hazard.current_plan() if plan is _UNSET else plan
    missing = plan_missing(hazard, plan)
    if missing:
        reasons.append(f"五落实整改方案不完整（尚缺：{'、'.join(missing)}）")
    if hazard.is_overdue(day) or hazard.flag_overdue:
        reasons.append("未按期整改")
    if hazard.flag_failed_reviews:
        reasons.append(f"复查不通过{hazard.failed_reviews}次")
    return NoPenalty(eligible=not reasons, basis=basis, reasons=reasons,
                     circumstance=circ if not reasons else "")


# --- detail ------------------------------------------------------------------------------


def hazard_detail(user: User, pk: int, *, full: bool = True) -> dict:
    """Everything about one hazard; ``full`` adds what only the page shows (audit history,
    superseded plans)."""
    hazard = get_hazard(user, pk)
    day = today()
    plan = hazard.current_plan()
    rectifications = list(Rectification.objects.filter(hazard=hazard)
                          .select_related("submitted_by").prefetch_related("files"))
    out = {
        "hazard": hazard,
        "today": day,
        "overdue": hazard.is_overdue(day),
        "transitions": list(hazard.transitions.select_related("actor")),
        "plan": plan,
        "plan_missing": plan_missing(hazard, plan),
        "rectifications": rectifications,
        "reviews": list(Review.objects.filter(hazard=hazard).select_related("created_by")
                        .prefetch_related("officers")),
        "listings": list(Listing.objects.filter(hazard=hazard).select_related("agency")
                         .prefetch_related(Prefetch(
                             "extensions",
                             queryset=ListingExtension.objects.select_related("approved_by")))),
        "no_penalty": no_penalty_assessment(hazard, day, plan),
        "case_offer_available": case_offer_available(),
        "finding_files": hazard_photos(hazard),
    }
    if full:
        out["old_plans"] = list(hazard.plans.filter(is_current=False))
        out["history"] = list(history(hazard)[:100])
    return out


def dossier_tab_context(user: User, enterprise: Enterprise) -> dict:
    hazards = list(visible_hazards(user).filter(enterprise=enterprise)
                   .select_related("agency").prefetch_related("transitions__actor")
                   .order_by("-found_on", "-id"))
    return {"hazards": hazards, "today": today()}


def supervised(user: User) -> QuerySet[Hazard]:
    """Listed (挂牌督办) hazards until closed — the leaders' view."""
    return (visible_hazards(user).filter(listed=True)
            .select_related("enterprise", "region", "agency")
            .prefetch_related(Prefetch("listings", queryset=Listing.objects.filter(
                is_active=True).select_related("agency")))
            .order_by("rectify_due", "id"))


def reminders_for(user: User, limit: int = 20) -> list[Reminder]:
    if is_enterprise_user(user):
        q = enterprise_q(user, "view", path="enterprise")
    else:
        q = enterprise_q(user, "view", path="hazard", region_field="region_id")
    qs = Reminder.objects.all() if q is None else Reminder.objects.filter(q)
    return list(qs.select_related("hazard", "enterprise").order_by("-created_on", "-id")[:limit])


# --- 动态清零 figures ----------------------------------------------------------------------

AGE_BUCKETS = ((30, "30天以内"), (90, "31–90天"), (180, "91–180天"), (None, "180天以上"))


def _scope(user: User, region: str = "", agency: int | None = None) -> QuerySet[Hazard]:
    qs = visible_hazards(user)
    qs = in_region(qs, region)
    if agency:
        qs = qs.filter(agency_id=agency)
    return qs


def _township_names(codes: set[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def clearance(user: User, *, region: str = "", agency: int | None = None,
              day: date | None = None, list_limit: int = 200) -> dict:
    """The 动态清零 figures: open major hazards by region, sector, agency and age (overdue
    first), found and closed this month, and the close rate of major hazards."""
    day = day or today()
    month_start = day.replace(day=1)
    scope = _scope(user, region, agency)
    open_major = scope.filter(level=Level.MAJOR, status__in=OPEN_STATUSES)
    ages = {}
    for i, (limit, label) in enumerate(AGE_BUCKETS):
        lower = AGE_BUCKETS[i - 1][0] if i else None
        q = Q()
        if limit is not None:
            q &= Q(found_on__gte=day - timedelta(days=limit))
        if lower is not None:
            q &= Q(found_on__lt=day - timedelta(days=lower))
        ages[label] = Count("id", filter=q)
    head = open_major.order_by().aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(rectify_due__lt=day)),
        listed=Count("id", filter=Q(listed=True)), **ages)
    by_region_raw = open_major.order_by().values("region_id").annotate(n=Count("id"))
    towns: dict[str, int] = {}
    for row in by_region_raw:
        towns[row["region_id"][:9]] = towns.get(row["region_id"][:9], 0) + row["n"]
    names = _township_names(set(towns))
    by_region = sorted(({"code": c, "name": names.get(c, c), "n": n} for c, n in towns.items()),
                       key=lambda r: (-r["n"], r["code"]))
    by_agency = list(open_major.order_by().values("agency_id", "agency__name")
                     .annotate(n=Count("id")).order_by("-n", "agency__name"))
    by_sector = [{"name": r["enterprise__sectors__name"] or "未分类", "n": r["n"]}
                 for r in open_major.order_by().values("enterprise__sectors__name")
                 .annotate(n=Count("id", distinct=True)).order_by("-n")]
    # Two narrow queries rather than one pass over the whole scope: each can use its
    # (region_id, found_on) / (region_id, closed_on) index at ten million rows.
    by_level = {"major": Count("id", filter=Q(level=Level.MAJOR)),
                "general": Count("id", filter=Q(level=Level.GENERAL))}
    found = scope.filter(found_on__gte=month_start, found_on__lte=day).order_by().aggregate(
        **by_level)
    closed = scope.filter(closed_on__gte=month_start, closed_on__lte=day).order_by().aggregate(
        **by_level)
    month = {"found_major": found["major"], "found_general": found["general"],
             "closed_major": closed["major"], "closed_general": closed["general"]}
    totals = scope.filter(level=Level.MAJOR).order_by().aggregate(
        total=Count("id"), closed=Count("id", filter=Q(status=Status.CLOSED)))
    rate = round(totals["closed"] * 100 / totals["total"], 1) if totals["total"] else None
    rows = list(open_major.select_related("enterprise", "region", "agency")
                .annotate(overdue_rank=Case(When(rectify_due__lt=day, then=Value(0)),
                                            default=Value(1), output_field=IntegerField()))
                .order_by("overdue_rank", "found_on", "id")[:list_limit])
    for h in rows:
        h.age_days = (day - h.found_on).days
        h.overdue_now = h.is_overdue(day)
    return {
        "day": day, "month_start": month_start, "region": region, "agency": agency,
        "open_major": head["open"], "overdue_major": head["overdue"],
        "listed_major": head["listed"],
        "by_age": [{"label": label, "n": head[label]} for _, label in AGE_BUCKETS],
        "by_region": by_region, "by_agency": by_agency, "by_sector": by_sector,
        "found_major_month": month["found_major"], "found_general_month": month["found_general"],
        "closed_major_month": month["closed_major"],
        "closed_general_month": month["closed_general"],
        "major_total": totals["total"], "major_closed": totals["closed"],
        "close_rate": rate, "hazards": rows,
    }


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def quarterly(user: User, *, year: int, quarter: int, region: str = "",
              agency: int | None = None) -> dict:
    """Figures of the 每季度通报: per township, found / closed in the quarter and still open
    at its end; the overdue and listed major hazards."""
    start, end = quarter_bounds(year, quarter)
    scope = _scope(user, region, agency)
    rows = (scope.order_by().values("region_id").annotate(
        found=Count("id", filter=Q(found_on__gte=start, found_on__lte=end)),
        found_major=Count("id", filter=Q(found_on__gte=start, found_on__lte=end,
                                         level=Level.MAJOR)),
        closed=Count("id", filter=Q(closed_on__gte=start, closed_on__lte=end)),
        open_end=Count("id", filter=Q(found_on__lte=end) & (Q(closed_on__isnull=True)
                                                           | Q(closed_on__gt=end))),
        open_major_end=Count("id", filter=Q(found_on__lte=end, level=Level.MAJOR)
                             & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))),
    ))
    towns: dict[str, dict] = {}
    for r in rows:
        t = towns.setdefault(r["region_id"][:9], {"found": 0, "found_major": 0, "closed": 0,
                                                   "open_end": 0, "open_major_end": 0})
        for k in t:
            t[k] += r[k]
    names = _township_names(set(towns))
    table = [{"code": c, "name": names.get(c, c), **v} for c, v in sorted(towns.items())]
    total = {k: sum(t[k] for t in table) for k in ("found", "found_major", "closed", "open_end",
                                                    "open_major_end")}
    overdue = list(scope.filter(level=Level.MAJOR, status__in=OPEN_STATUSES,
                                rectify_due__lt=min(end, today()))
                   .select_related("enterprise", "region").order_by("rectify_due", "id")[:100])
    listed = list(scope.filter(listed=True).select_related("enterprise", "region")
                  .order_by("rectify_due", "id")[:100])
    return {"year": year, "quarter": quarter, "start": start, "end": end, "table": table,
            "total": total, "overdue": overdue, "listed": listed}


# --- enterprise duties --------------------------------------------------------------------


def applicable_rules(rules: list[DutyRule], *, high_risk: bool, crowded_place: bool,
                     labour_intensive: bool) -> dict[str, DutyRule]:
    """Per duty, the most demanding active rule that applies to an enterprise with these
    traits."""
    scopes = {DutyScope.ALL}
    if high_risk:
        scopes.add(DutyScope.HIGH_RISK)
    if crowded_place:
        scopes.add(DutyScope.CROWDED_PLACE)
    if labour_intensive:
        scopes.add(DutyScope.LABOUR_INTENSIVE)
    out: dict[str, DutyRule] = {}
    for rule in rules:
        if rule.is_active and rule.scope in scopes:
            best = out.get(rule.duty)
            if best is None or rule.frequency > best.frequency:
                out[rule.duty] = rule
    return out


def _window_start(day: date, months: int) -> date:
    from anzhi.law.deadlines import add_months

    return add_months(day, -months)


@dataclass
class DutyStatus:
    duty: str
    label: str
    rule: DutyRule
    since: date
    done: int
    last: date | None

    @property
    def behind(self) -> bool:
        return self.done < self.rule.min_count


def duty_status(enterprise: Enterprise, day: date | None = None,
                rules: list[DutyRule] | None = None) -> list[DutyStatus]:
    """For each duty: the rule that applies, the records within its window (the last
    ``per_months`` months up to ``day``), and whether the enterprise is behind."""
    day = day or today()
    rules = rules if rules is not None else list(DutyRule.objects.filter(is_active=True))
    high_risk = any(s.high_risk for s in enterprise.sectors.all())
    out = []
    applicable = applicable_rules(rules, high_risk=high_risk,
                                  crowded_place=enterprise.crowded_place,
                                  labour_intensive=enterprise.labour_intensive)
    for duty, rule in sorted(applicable.items()):
        since = _window_start(day, rule.per_months)
        records = DutyRecord.objects.filter(enterprise=enterprise, duty=duty,
                                            held_on__gt=since, held_on__lte=day)
        last = (DutyRecord.objects.filter(enterprise=enterprise, duty=duty, held_on__lte=day)
                .order_by("-held_on").values_list("held_on", flat=True).first())
        out.append(DutyStatus(duty, DutyKind(duty).label, rule, since, records.count(), last))
    return out


SCAN_LIMIT = 20_000  # enterprises checked at once; a wider jurisdiction picks a region first


@dataclass
class DutiesBehind:
    rows: list[dict]  # {"enterprise": {"pk", "name", "region_name"}, "behind": [DutyStatus]}
    checked: int      # operating enterprises checked
    too_many: bool    # more than SCAN_LIMIT: nothing checked, narrow it by region


def duties_behind(user: User, *, region: str = "", day: date | None = None,
                  limit: int = SCAN_LIMIT) -> DutiesBehind:
    """Operating enterprises in the user's jurisdiction behind on a duty, with what they
    lack — in three queries whatever their number (one per enterprise per duty before:
    3,000 queries and 1.6 s for the demo township)."""
    day = day or today()
    qs = in_region(restrict(Enterprise.objects.all(), user).filter(status="operating"), region)
    enterprises = list(qs.order_by("name", "id").values(
        "pk", "name", "region__name", "crowded_place", "labour_intensive",
        "sector_codes")[:limit + 1])
    if len(enterprises) > limit:
        return DutiesBehind([], 0, True)
    rules = list(DutyRule.objects.filter(is_active=True))
    high_risk_codes = set(Sector.objects.filter(high_risk=True).values_list("code", flat=True))
    windows = {m: _window_start(day, m) for m in {r.per_months for r in rules}}
    done = _duty_counts(qs.values("pk"), windows, day) if enterprises else {}
    rows = []
    for e in enterprises:
        high_risk = bool(high_risk_codes & set(e["sector_codes"].split(",")))
        behind = []
        applicable = applicable_rules(rules, high_risk=high_risk,
                                      crowded_place=e["crowded_place"],
                                      labour_intensive=e["labour_intensive"])
        for duty, rule in sorted(applicable.items()):
            counts = done.get((e["pk"], duty), {})
            status = DutyStatus(duty, DutyKind(duty).label, rule, windows[rule.per_months],
                                counts.get(rule.per_months, 0), counts.get("last"))
            if status.behind:
                behind.append(status)
        if behind:
            rows.append({"enterprise": {"pk": e["pk"], "name": e["name"],
                                        "region_name": e["region__name"]}, "behind": behind})
    return DutiesBehind(rows, len(enterprises), False)


def _duty_counts(enterprises: QuerySet, windows: dict[int, date], day: date
                 ) -> dict[tuple[int, str], dict]:
    """Per (enterprise, duty): the records within each window (by its months) and the last
    one's date, up to ``day``."""
    if not windows:
        return {}
    counts = {f"m{months}": Count("id", filter=Q(held_on__gt=since))
              for months, since in windows.items()}
    rows = (DutyRecord.objects.filter(enterprise_id__in=enterprises, held_on__lte=day)
            .order_by().values("enterprise_id", "duty")
            .annotate(last=Max("held_on"), **counts))
    return {(r["enterprise_id"], r["duty"]): {"last": r["last"],
                                              **{m: r[f"m{m}"] for m in windows}}
            for r in rows}
