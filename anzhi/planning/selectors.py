"""Reads for the planning pages and API, always through jurisdiction scoping.

Progress is computed from the records (inspections recorded in the inspections app), never
typed in. When the inspections app is not installed, "done" figures are zero.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404
from django.utils import timezone

from anzhi.accounts.models import Agency, User
from anzhi.accounts.selectors import visible_agencies
from anzhi.core.documents import Document, Field, Signature, Table
from anzhi.core.followups import KIND_LABELS
from anzhi.core.memory import gc_paused
from anzhi.regions.models import Region, code_range
from anzhi.registry.choices import EnterpriseStatus, RiskGrade
from anzhi.registry.models import Enterprise, Sector

from . import drawalgo
from .access import agency_q, finding_model, recorded_inspections, restrict_agency
from .choices import CampaignMetric, DrawStatus, HandoverStatus, PlanItemKind
from .models import (
    Campaign,
    DrawSelection,
    EnforcementPlan,
    HandoverItem,
    MutualInspection,
    PlanItem,
    RandomDraw,
    RotationAssignment,
    Transition,
)

MONTHS = range(1, 13)


def _get(qs: QuerySet, pk: int):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404("未找到")
    return obj


# ---------------------------------------------------------------------------------------
# Plans

def plan_list(user: User, *, year: int | None = None, agency: int | None = None):
    qs = restrict_agency(EnforcementPlan.objects.select_related("agency"), user)
    if year:
        qs = qs.filter(year=year)
    if agency:
        qs = qs.filter(agency_id=agency)
    return qs.order_by("-year", "agency__name")


def get_plan(user: User, pk: int, action: str = "view") -> EnforcementPlan:
    return _get(restrict_agency(EnforcementPlan.objects.select_related("agency"), user,
                                action), pk)


def _month_of(first_month: int, i: int, n: int) -> int:
    return (first_month - 1 + i * 12 // n) % 12 + 1


def planned_by_month(plan: EnforcementPlan) -> dict[int, int]:
    out = dict.fromkeys(MONTHS, 0)
    rows = (PlanItem.objects.filter(plan=plan, planned_count__gt=0).order_by()
            .values("planned_count", "first_month").annotate(n=Count("id")))
    for row in rows:
        n = row["planned_count"]
        for i in range(n):
            out[_month_of(row["first_month"], i, n)] += row["n"]
    quota = plan.random_quota
    for m in MONTHS:  # the random quota spread evenly over the year
        out[m] += quota * m // 12 - quota * (m - 1) // 12
    return out


def _plan_inspections(plan: EnforcementPlan):
    qs = recorded_inspections()
    if qs is None:
        return None
    return qs.filter(started_at__year=plan.year,
                     enterprise_id__in=PlanItem.objects.filter(plan=plan)
                     .values("enterprise_id"))


def plan_stats(plan: EnforcementPlan) -> dict:
    """Planned vs done by month, key-sector coverage and the random ratio, live."""
    planned = planned_by_month(plan)
    done = dict.fromkeys(MONTHS, 0)
    key_done = random_done = 0
    inspections = _plan_inspections(plan)
    if inspections is not None:
        for row in (inspections.annotate(m=ExtractMonth("started_at")).order_by()
                    .values("m").annotate(n=Count("id"))):
            done[row["m"]] = row["n"]
        key_ids = PlanItem.objects.filter(plan=plan, kind=PlanItemKind.KEY).values(
            "enterprise_id")
        key_done = (inspections.filter(enterprise_id__in=key_ids).order_by()
                    .values("enterprise_id").distinct().count())
        random_ids = PlanItem.objects.filter(plan=plan, kind=PlanItemKind.RANDOM).values(
            "enterprise_id")
        random_done = (inspections.filter(enterprise_id__in=random_ids, mode="random")
                       .order_by().values("enterprise_id").distinct().count())
    months = []
    cum_planned = cum_done = 0
    for m in MONTHS:
        cum_planned += planned[m]
        cum_done += done[m]
        months.append({"month": m, "planned": planned[m], "done": done[m],
                       "cum_planned": cum_planned, "cum_done": cum_done})
    lo, hi = code_range(plan.agency.region.prefix)
    without_lead = Enterprise.objects.filter(
        region_id__gte=lo, region_id__lt=hi, lead_agency__isnull=True,
        status__in=(EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED)).count()
    return {
        "months": months,
        "planned_total": plan.planned_total,
        "done_total": sum(done.values()),
        "key_count": plan.key_count,
        "key_done": key_done,
        "key_coverage": _share(key_done, plan.key_count),
        "random_pool": plan.random_pool_count,
        "random_quota": plan.random_quota,
        "random_done": random_done,
        "random_ratio_required": float(plan.rules.get("random_ratio", 0)),
        "random_ratio_done": _share(random_done, plan.random_pool_count),
        "without_lead": without_lead,
        "inspections_available": inspections is not None,
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def plan_items(plan: EnforcementPlan, *, kind: str = "", limit: int = 200):
    qs = PlanItem.objects.filter(plan=plan).select_related("enterprise", "enterprise__region")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "-planned_count", "enterprise__name")[:limit]


def plan_counts_by_kind(plan: EnforcementPlan) -> dict:
    return {r["kind"]: {"n": r["n"], "visits": r["visits"] or 0}
            for r in PlanItem.objects.filter(plan=plan).order_by().values("kind")
            .annotate(n=Count("id"), visits=Sum("planned_count"))}


# ---------------------------------------------------------------------------------------
# Draws

# The snapshot, its index and the result are megabytes at provincial scale: loaded only
# when used (published_document, draw execution).
_BULKY = ("pool_blob", "pool_index", "result")


def draw_list(user: User):
    return restrict_agency(RandomDraw.objects.select_related("agency"), user).defer(
        *_BULKY).order_by("-created_at", "-id")


def get_draw(user: User, pk: int, action: str = "view") -> RandomDraw:
    return _get(restrict_agency(RandomDraw.objects.select_related(
        "agency", "agency__region", "plan").defer(*_BULKY), user, action), pk)


def get_public_draw(pk: int) -> RandomDraw:
    """一公开: every draw is public (commitment before, result after)."""
    return _get(RandomDraw.objects.select_related("agency", "agency__region", "plan")
                .defer(*_BULKY), pk)


def published_document(draw: RandomDraw, *, with_pool: bool = True) -> dict:
    """The draw as published: enough to verify it with drawalgo alone."""
    from .services import load_pool

    doc = {
        "algorithm": draw.algorithm,
        "draw": {"id": draw.pk, "title": draw.title, "agency": str(draw.agency),
                 "status": draw.status, "filters": draw.filters,
                 "ratio": str(draw.ratio) if draw.ratio is not None else None,
                 "created_at": draw.created_at.isoformat()},
        "pool_hash": draw.pool_hash,
        "commitment": draw.commitment,
    }
    if with_pool:
        doc["pool"] = load_pool(draw)
    if draw.status == DrawStatus.EXECUTED:
        doc.update({
            "secret_seed": draw.secret_seed,
            "witness_entropy": [w["text"] for w in draw.witness_entropy],
            "witnesses": [w.get("by", "") for w in draw.witness_entropy],
            "seed": draw.seed,
            "executed_at": draw.executed_at.isoformat() if draw.executed_at else None,
            "selected": [{"enterprise": e, "officers": o} for e, o in draw.result],
        })
    elif draw.status == DrawStatus.VOID:
        doc["void_reason"] = draw.void_reason
    return doc


def verify_draw(draw: RandomDraw) -> dict:
    with gc_paused():
        result = drawalgo.verify(published_document(draw))
    result["draw"] = draw.pk
    return result


SELECTION_PAGE = 500


def selection_rows(draw: RandomDraw, *, limit: int | None = SELECTION_PAGE,
                   offset: int = 0) -> list[dict]:
    """Selected enterprises with names and officers' names, in draw order (positions
    ``offset + 1`` … ``offset + limit``; all of them when ``limit`` is None)."""
    qs = (DrawSelection.objects.filter(draw=draw, position__gt=offset).order_by("position")
          .values_list("position", "enterprise_id", "enterprise__name", "enterprise__uscc",
                       "officer_ids"))
    if limit is not None:
        qs = qs[:limit]
    rows = list(qs)
    officer_ids = {o for r in rows for o in r[4]}
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=officer_ids)}
    return [{"position": position, "enterprise": enterprise, "enterprise_name": name,
             "uscc": uscc, "officers": officers,
             "officer_names": [names.get(o, str(o)) for o in officers]}
            for position, enterprise, name, uscc, officers in rows]


def selection_page(draw: RandomDraw, page: str | None) -> dict:
    """One page of the selection for the draw pages: rows and where they are in the list."""
    executed = draw.status == DrawStatus.EXECUTED
    pages = max(1, -(-draw.count // SELECTION_PAGE)) if executed else 1
    number = min(max(int(page) if str(page or "").isdecimal() else 1, 1), pages)
    offset = (number - 1) * SELECTION_PAGE
    rows = selection_rows(draw, offset=offset, limit=SELECTION_PAGE) if executed else []
    return {"rows": rows, "number": number, "pages": pages,
            "first": offset + 1, "last": offset + len(rows),
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None}


def ratio_percent(draw: RandomDraw) -> str:
    """The drawing ratio as people write it: 0.0500 → "5%", 0.1250 → "12.5%"."""
    if draw.ratio is None:
        return ""
    return f"{(draw.ratio * 100).normalize():f}%"


def pool_scope(draw: RandomDraw) -> list[str]:
    """The draw's pool (抽取范围) in words, as published."""
    filters = draw.filters or {}
    region = draw.agency.region if draw.agency_id else None
    out = [f"{region.name if region else ''}辖区内在营、停产整顿的企业"]
    if draw.plan_id:
        out.append(f"{draw.plan.year}年度执法计划的双随机名录库")
    if filters.get("region"):
        name = Region.objects.filter(pk=str(filters["region"])).values_list(
            "name", flat=True).first()
        out.append(f"区划：{name or ''}（{filters['region']}）")
    if filters.get("sector"):
        name = Sector.objects.filter(pk=filters["sector"]).values_list("name", flat=True).first()
        out.append(f"行业领域：{name or filters['sector']}")
    if filters.get("risk_grade"):
        grade = filters["risk_grade"]
        out.append(f"风险等级：{RiskGrade(grade).label if grade in RiskGrade.values else grade}")
    if filters.get("agency"):
        agency = Agency.objects.filter(pk=filters["agency"]).first()
        out.append(f"主责监管机构：{agency or filters['agency']}")
    return out


def transitions_of(obj) -> QuerySet[Transition]:
    return Transition.objects.filter(object_type=obj._meta.label_lower,
                                     object_id=str(obj.pk)).select_related("actor")


# ---------------------------------------------------------------------------------------
# Campaigns

def campaign_list(user: User, *, include_void: bool = False):
    if user.is_superuser:
        qs = Campaign.objects.all()
    else:
        qs = Campaign.objects.filter(issuing_agency__in=visible_agencies(user).values("pk"))
    if not include_void:
        qs = qs.filter(is_void=False)
    return qs.select_related("issuing_agency").prefetch_related("targets", "phases")


def get_campaign(user: User, pk: int) -> Campaign:
    return _get(campaign_list(user, include_void=True), pk)


def campaign_progress(campaign: Campaign) -> dict:
    """Progress against each target, computed from recorded inspections and findings."""
    inspections = recorded_inspections()
    actual = dict.fromkeys(CampaignMetric.values, 0)
    by_month: list[dict] = []
    if inspections is not None:
        tagged = inspections.filter(campaign=campaign)
        actual[CampaignMetric.INSPECTIONS] = tagged.count()
        actual[CampaignMetric.ENTERPRISES] = (tagged.order_by().values("enterprise_id")
                                              .distinct().count())
        finding = finding_model()
        if finding is not None:
            actual[CampaignMetric.FINDINGS] = finding.objects.filter(
                inspection__in=tagged.values("pk")).count()
        by_month = list(tagged.annotate(y=ExtractMonth("started_at")).order_by("y")
                        .values("y").annotate(n=Count("id")))
    targets = [{"metric": t.metric, "label": t.label, "target": t.target,
                "actual": actual.get(t.metric, 0),
                "percent": min(100, round(actual.get(t.metric, 0) * 100 / t.target))
                if t.target else 0}
               for t in campaign.targets.all()]
    today = timezone.localdate()
    current = next((p for p in campaign.phases.all() if p.starts_on <= today <= p.ends_on), None)
    return {"targets": targets, "actual": actual, "current_phase": current,
            "next_report": next_reporting_date(campaign, today),
            "by_month": [{"month": r["y"], "n": r["n"]} for r in by_month],
            "inspections_available": inspections is not None}


def next_reporting_date(campaign: Campaign, today: date) -> date | None:
    if not campaign.reporting_day or today > campaign.ends_on:
        return None
    day = campaign.reporting_day
    candidate = date(today.year, today.month, day)
    if candidate < today:
        candidate = date(today.year + (today.month == 12), today.month % 12 + 1, day)
    if candidate < campaign.starts_on:
        candidate = date(campaign.starts_on.year, campaign.starts_on.month, day)
        if candidate < campaign.starts_on:
            m = campaign.starts_on.month
            candidate = date(campaign.starts_on.year + (m == 12), m % 12 + 1, day)
    return candidate if candidate <= campaign.ends_on else None


# ---------------------------------------------------------------------------------------
# 异地互查

def rotation_list(user: User):
    """Rotations organised in the user's jurisdiction, or in which its agency takes part."""
    qs = MutualInspection.objects.select_related("organiser", "region")
    own = agency_q(user, path="organiser")
    if own is None:
        return qs
    involved = (Q(assignments__inspecting_agency_id=user.agency_id)
                | Q(assignments__local_agency_id=user.agency_id)) if user.agency_id \
        else Q(pk__in=[])
    return qs.filter(pk__in=MutualInspection.objects.filter(own | involved).values("pk"))


def get_rotation(user: User, pk: int) -> MutualInspection:
    return _get(rotation_list(user), pk)


def get_assignment(user: User, pk: int) -> RotationAssignment:
    assignment = _get(RotationAssignment.objects.select_related(
        "rotation", "inspecting_agency", "local_agency", "target_region"), pk)
    get_rotation(user, assignment.rotation_id)
    return assignment


def get_handover(user: User, pk: int) -> HandoverItem:
    item = _get(HandoverItem.objects.select_related("assignment"), pk)
    get_rotation(user, item.assignment.rotation_id)
    return item


def rotation_detail(rotation: MutualInspection) -> dict:
    assignments = list(rotation.assignments.select_related(
        "inspecting_agency", "local_agency", "target_region").prefetch_related("enterprises"))
    items = list(HandoverItem.objects.filter(assignment__rotation=rotation)
                 .select_related("enterprise", "inspector_signed_by", "local_signed_by",
                                 "acted_by", "closed_by").order_by("assignment_id", "id"))
    by_assignment: dict[int, list] = {}
    for item in items:
        by_assignment.setdefault(item.assignment_id, []).append(item)
    open_count = sum(1 for i in items if i.status != HandoverStatus.CLOSED)
    return {"rotation": rotation, "assignments": [
        {"assignment": a, "enterprises": list(a.enterprises.all()),
         "items": by_assignment.get(a.pk, [])} for a in assignments],
        "open_count": open_count, "item_count": len(items)}


def assignment_for_inspection(inspection) -> RotationAssignment | None:
    """The 异地互查 team assignment an inspection belongs to: its agency inspects the
    enterprise in an active rotation (the most recent one)."""
    return (RotationAssignment.objects
            .filter(inspecting_agency_id=inspection.agency_id,
                    enterprises=inspection.enterprise_id)
            .select_related("rotation").order_by("-rotation__starts_on", "-id").first())


def transfer_form_document(obj) -> Document:
    """异地执法检查问题移交表.

    ``obj`` is a RotationAssignment (all its rows), a HandoverItem (that row), or an
    inspection (anything with ``agency_id`` and ``enterprise_id``: the rows of its
    enterprise in its agency's assignment). Raises LookupError for an inspection outside
    any rotation.
    """
    only_item = obj if isinstance(obj, HandoverItem) else None
    only_enterprise = None
    if isinstance(obj, HandoverItem):
        assignment = obj.assignment
    elif isinstance(obj, RotationAssignment):
        assignment = obj
    else:
        assignment = assignment_for_inspection(obj)
        if assignment is None:
            raise LookupError("该检查不属于任何异地互查分组")
        only_enterprise = obj.enterprise_id
    rotation = assignment.rotation
    items = list(assignment.handovers.select_related(
        "enterprise", "inspector_signed_by", "local_signed_by", "acted_by")
        .order_by("id"))
    if only_item is not None:
        items = [i for i in items if i.pk == only_item.pk]
    if only_enterprise is not None:
        items = [i for i in items if i.enterprise_id == only_enterprise]
    rows = tuple(
        (str(n), i.enterprise.name, i.problem + ("（重大事故隐患）" if i.is_major else ""),
         i.legal_basis, i.suggestion,
         (KIND_LABELS.get(i.disposition, "") + ("：" if i.action_taken else "")
          + i.action_taken) if i.disposition else i.get_status_display())
        for n, i in enumerate(items, 1))
    inspectors = sorted({i.inspector_signed_by.display_name for i in items
                         if i.inspector_signed_by_id})
    locals_ = sorted({i.local_signed_by.display_name for i in items if i.local_signed_by_id})
    inspector_at = max((i.inspector_signed_at for i in items if i.inspector_signed_at),
                       default=None)
    local_at = max((i.local_signed_at for i in items if i.local_signed_at), default=None)
    from anzhi.core import numbering

    issued = numbering.find("transfer-form", assignment)
    return Document(
        title="异地执法检查问题移交表",
        number=issued.number if issued else "",
        issuer=str(rotation.organiser),
        fields=(
            Field("互查活动", rotation.title),
            Field("检查组（派出单位）", str(assignment.inspecting_agency)),
            Field("被检查地区", assignment.target_region.name),
            Field("移交接收单位", str(assignment.local_agency)),
            Field("检查时间",
                  f"{rotation.starts_on:%Y年%m月%d日}至{rotation.ends_on:%Y年%m月%d日}"),
        ),
        body=(Table(headers=("序号", "被检查单位", "存在问题", "依据", "处理建议", "处理情况"),
                    rows=rows),),
        signatures=(
            Signature("检查组", "、".join(inspectors),
                      f"{timezone.localtime(inspector_at):%Y年%m月%d日}" if inspector_at else ""),
            Signature("当地对接人员", "、".join(locals_),
                      f"{timezone.localtime(local_at):%Y年%m月%d日}" if local_at else ""),
        ),
        footer="本表一式两份，检查组和当地执法机构各执一份；当地执法机构应逐项处理并反馈处理情况。",
        meta={"kind": "transfer-form", "assignment": assignment.pk},
    )
