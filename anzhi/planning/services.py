"""Every write of the planning app: annual plans, 双随机 draws, 异地互查 rotations and their
handover rows, campaigns. Keyword-only, one transaction, permission, validation, audit."""

import hashlib
import math
import secrets
from bisect import bisect_left
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.hashers import check_password
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from anzhi.accounts.models import Agency, Certificate, Conflict, Role, User
from anzhi.accounts.scoping import CHANGE_ROLES, enterprise_q
from anzhi.core import audit, followups
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.memory import gc_paused
from anzhi.regions.models import Region, code_range
from anzhi.registry.choices import EnterpriseStatus, RiskGrade
from anzhi.registry.models import Enterprise, Sector

from . import drawalgo, snapshot
from .access import may_act_for, may_witness, restrict_agency
from .choices import (
    DEFAULT_FREQUENCY,
    DEFAULT_KEY_FLAGS,
    DEFAULT_KEY_SECTOR_NAMES,
    DEFAULT_RANDOM_RATIO,
    KEY_FLAGS,
    MAX_FREQUENCY,
    MIN_RANDOM_RATIO,
    CampaignMetric,
    DrawStatus,
    HandoverStatus,
    PlanItemKind,
    PlanStatus,
)
from .models import (
    Campaign,
    CampaignPhase,
    CampaignTarget,
    DrawSelection,
    EnforcementPlan,
    HandoverItem,
    MutualInspection,
    PlanItem,
    RandomDraw,
    RotationAssignment,
    Transition,
)

# Statuses of units that are planned and drawn (in operation or suspended for rectification).
ACTIVE_STATUSES = (EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED)
OFFICER_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)


def _transition(obj, actor: User, from_state: str, to_state: str, reason: str = "") -> None:
    Transition.objects.create(object_type=obj._meta.label_lower, object_id=str(obj.pk),
                              from_state=from_state, to_state=to_state, actor=actor,
                              reason=reason)


def _agency(value: Any, field: str, label: str) -> Agency:
    if isinstance(value, Agency):
        return value
    agency = Agency.objects.filter(pk=value).select_related("region").first() \
        if str(value or "").isdecimal() else None
    if agency is None:
        raise ValidationFailed({field: f"{label}：不存在"})
    return agency


def _require_agency_actor(actor: User, agency: Agency, what: str) -> None:
    if not may_act_for(actor, agency):
        raise NotAllowed(f"无权为“{agency}”{what}")


# ---------------------------------------------------------------------------------------
# Annual plan (年度执法计划)

def default_rules() -> dict:
    key_sectors = sorted(Sector.objects.filter(name__in=DEFAULT_KEY_SECTOR_NAMES)
                         .values_list("code", flat=True))
    return {"frequency": dict(DEFAULT_FREQUENCY), "key_sectors": key_sectors,
            "key_flags": list(DEFAULT_KEY_FLAGS), "random_ratio": DEFAULT_RANDOM_RATIO}


def _ratio(value: Any) -> Decimal | None:
    try:
        ratio = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return ratio if ratio.is_finite() else None


def clean_rules(raw: dict | None) -> dict:
    """Validated plan rules; every error names its field in Chinese."""
    base = default_rules()
    raw = dict(raw or {})
    errors: dict[str, str] = {}
    frequency = dict(base["frequency"])
    given = raw.get("frequency") or {}
    if not isinstance(given, dict):
        errors["frequency"] = "检查频次：应为“风险等级 → 每年次数”的对应表"
        given = {}
    for grade in RiskGrade.values:
        if grade not in given:
            continue
        value = given[grade]
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_FREQUENCY:
            errors[f"frequency.{grade}"] = (f"检查频次（{grade}级）：应为 0–{MAX_FREQUENCY} 的整数")
        else:
            frequency[grade] = value
    unknown = set(given) - set(RiskGrade.values)
    if unknown:
        errors["frequency"] = f"检查频次：没有风险等级 {'、'.join(sorted(map(str, unknown)))}"
    key_sectors = raw.get("key_sectors", base["key_sectors"]) or []
    found = set(Sector.objects.filter(pk__in=list(key_sectors)).values_list("code", flat=True))
    missing = [c for c in key_sectors if c not in found]
    if missing:
        errors["key_sectors"] = f"重点行业领域：不存在的代码 {'、'.join(map(str, missing))}"
    key_flags = raw.get("key_flags", base["key_flags"]) or []
    bad_flags = [f for f in key_flags if f not in KEY_FLAGS]
    if bad_flags:
        errors["key_flags"] = f"重点企业特征：不可用 {'、'.join(map(str, bad_flags))}"
    ratio = _ratio(raw.get("random_ratio", base["random_ratio"]))
    if ratio is None:
        errors["random_ratio"] = "双随机抽查比例：应为 0.05–1 之间的小数（如 0.05 表示 5%）"
    elif ratio < Decimal(MIN_RANDOM_RATIO):
        errors["random_ratio"] = "双随机抽查比例：不得低于 5%"
    elif ratio > 1:
        errors["random_ratio"] = "双随机抽查比例：不得超过 100%"
    if errors:
        raise ValidationFailed(errors)
    return {"frequency": frequency, "key_sectors": sorted(found),
            "key_flags": [f for f in KEY_FLAGS if f in key_flags],
            "random_ratio": str(ratio)}


@transaction.atomic
def plan_create(*, actor: User, agency: Agency | int, year: int,
                rules: dict | None = None) -> EnforcementPlan:
    agency = _agency(agency, "agency", "执法机构")
    _require_agency_actor(actor, agency, "制定执法计划")
    errors = {}
    if not agency.has_enforcement_power:
        errors["agency"] = "执法机构：该机构不具有执法权，不能制定执法计划"
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "年度：应为 2000–2100 之间的年份"
    elif EnforcementPlan.objects.filter(agency=agency, year=year).exists():
        errors["year"] = f"年度：该机构已有 {year} 年度执法计划"
    cleaned = None
    try:
        cleaned = clean_rules(rules)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    plan = EnforcementPlan.objects.create(agency=agency, year=year, rules=cleaned,
                                          created_by=actor)
    _transition(plan, actor, "", PlanStatus.DRAFT)
    audit.record(actor=actor, action="plan.create", obj=plan,
                 changes={"agency": [None, str(agency)], "year": [None, year],
                          "rules": [None, cleaned]})
    _generate(plan)
    return plan


def _lock_plan(actor: User, plan: EnforcementPlan) -> EnforcementPlan:
    plan = EnforcementPlan.objects.select_for_update().select_related("agency").get(pk=plan.pk)
    _require_agency_actor(actor, plan.agency, "修改执法计划")
    return plan


@transaction.atomic
def plan_update_rules(*, actor: User, plan: EnforcementPlan, rules: dict,
                      reason: str = "") -> EnforcementPlan:
    plan = _lock_plan(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise TransitionRefused("计划已发布，不能再修改规则")
    cleaned = clean_rules(rules)
    before = plan.rules
    plan.rules = cleaned
    plan.save(update_fields=["rules"])
    audit.record(actor=actor, action="plan.rules", obj=plan,
                 changes=audit.diff({"rules": before}, {"rules": cleaned}), reason=reason)
    _generate(plan)
    return plan


@transaction.atomic
def plan_generate(*, actor: User, plan: EnforcementPlan) -> EnforcementPlan:
    """(Re)compute the plan's items from the registry by its rules (draft plans only)."""
    plan = _lock_plan(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise TransitionRefused("计划已发布，不能重新生成")
    before = {"key_count": plan.key_count, "grade_count": plan.grade_count,
              "random_pool_count": plan.random_pool_count, "planned_total": plan.planned_total}
    _generate(plan)
    audit.record(actor=actor, action="plan.generate", obj=plan,
                 changes=audit.diff(before, {
                     "key_count": plan.key_count, "grade_count": plan.grade_count,
                     "random_pool_count": plan.random_pool_count,
                     "planned_total": plan.planned_total}))
    return plan


def _generate(plan: EnforcementPlan) -> None:
    _generate_many([plan])


def _generate_many(plans: list[EnforcementPlan]) -> None:
    """Set-based: one INSERT … SELECT per distinct rule set over the enterprises the plans'
    agencies lead, then UPDATEs computing the plans' counts from their items.

    Each enterprise led by the agency gets one item: key (a key sector or key flag:
    max(1, frequency of its grade) visits), grade (frequency of its grade > 0), or random
    (frequency 0: in the 双随机 pool, sampled at the plan's ratio). First visit month is
    spread by id so the year's work is even.
    """
    if not plans:
        return
    by_rules: dict[str, list[EnforcementPlan]] = {}
    for plan in plans:
        by_rules.setdefault(drawalgo.canonical(plan.rules).decode(), []).append(plan)
    ids = [p.pk for p in plans]
    PlanItem.objects.filter(plan_id__in=ids).delete()  # derived rows: recomputed
    with connection.cursor() as cursor:
        for group in by_rules.values():
            sql, params = _generation_sql(group[0].rules, [p.pk for p in group])
            cursor.execute(sql, params)
        now = timezone.now()
        table, items = EnforcementPlan._meta.db_table, PlanItem._meta.db_table

        def count(kind: str) -> str:  # kind: one of our constants, safe to interpolate
            return (f"(SELECT COUNT(*) FROM {items} i WHERE i.plan_id = {table}.id "
                    f"AND i.kind = '{kind}')")

        for group in by_rules.values():
            num, den = Decimal(group[0].rules["random_ratio"]).as_integer_ratio()
            marks = ", ".join(["%s"] * len(group))
            group_ids = [p.pk for p in group]
            cursor.execute(f"""
                UPDATE {table} SET
                  key_count = {count(PlanItemKind.KEY)},
                  grade_count = {count(PlanItemKind.GRADE)},
                  random_pool_count = {count(PlanItemKind.RANDOM)},
                  planned_total = (SELECT COALESCE(SUM(i.planned_count), 0) FROM {items} i
                                   WHERE i.plan_id = {table}.id),
                  generated_at = %s
                WHERE id IN ({marks})""", [now, *group_ids])
            # ceil(pool × ratio) in integers: (pool × num + den − 1) / den
            cursor.execute(f"""
                UPDATE {table} SET random_quota = (random_pool_count * %s + %s) / %s
                WHERE id IN ({marks})""", [num, den - 1, den, *group_ids])
            cursor.execute(f"""
                UPDATE {table} SET planned_total = planned_total + random_quota
                WHERE id IN ({marks})""", group_ids)
    fresh = {p.pk: p for p in EnforcementPlan.objects.filter(pk__in=ids).only(
        "key_count", "grade_count", "random_pool_count", "random_quota", "planned_total",
        "generated_at")}
    for plan in plans:
        f = fresh[plan.pk]
        for field in ("key_count", "grade_count", "random_pool_count", "random_quota",
                      "planned_total", "generated_at"):
            setattr(plan, field, getattr(f, field))


def _generation_sql(rules: dict, plan_ids: list[int]) -> tuple[str, list[Any]]:
    frequency = rules["frequency"]
    items = PlanItem._meta.db_table
    ent = Enterprise._meta.db_table
    plans = EnforcementPlan._meta.db_table
    through = Enterprise.sectors.through._meta.db_table
    params: list[Any] = []
    key_parts = []
    if rules["key_sectors"]:
        marks = ", ".join(["%s"] * len(rules["key_sectors"]))
        key_parts.append(f"EXISTS (SELECT 1 FROM {through} t WHERE t.enterprise_id = e.id "
                         f"AND t.sector_id IN ({marks}))")
        params += rules["key_sectors"]
    for flag in rules["key_flags"]:
        if flag in KEY_FLAGS:  # validated names only: safe to interpolate
            key_parts.append(f"e.{flag}")
    key_sql = "(" + " OR ".join(key_parts) + ")" if key_parts else "(1 = 0)"
    freq_sql = "CASE e.risk_grade " + " ".join("WHEN %s THEN %s" for _ in RiskGrade.values) \
        + " ELSE 0 END"
    for grade in RiskGrade.values:
        params += [grade, int(frequency.get(grade, 0))]
    status_marks = ", ".join(["%s"] * len(ACTIVE_STATUSES))
    plan_marks = ", ".join(["%s"] * len(plan_ids))
    sql = f"""
        INSERT INTO {items} (plan_id, enterprise_id, kind, planned_count, first_month)
        SELECT s.plan_id, s.id,
               CASE WHEN s.k THEN %s WHEN s.f > 0 THEN %s ELSE %s END,
               CASE WHEN s.k THEN (CASE WHEN s.f > 1 THEN s.f ELSE 1 END) ELSE s.f END,
               (s.id %% 12) + 1
        FROM (SELECT p.id AS plan_id, e.id AS id, {key_sql} AS k, {freq_sql} AS f
              FROM {plans} p JOIN {ent} e ON e.lead_agency_id = p.agency_id
              WHERE p.id IN ({plan_marks}) AND e.status IN ({status_marks})) s
    """
    return sql, [PlanItemKind.KEY, PlanItemKind.GRADE, PlanItemKind.RANDOM, *params,
                 *plan_ids, *ACTIVE_STATUSES]


@transaction.atomic
def plan_generate_year(*, actor: User, year: int, rules: dict | None = None
                       ) -> list[EnforcementPlan]:
    """The year's plans of every enforcing agency in the actor's jurisdiction that leads
    supervised enterprises: missing plans are created with ``rules`` (default rules when
    omitted), draft plans are regenerated, published plans are left as they are."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationFailed({"year": "年度：应为 2000–2100 之间的年份"})
    cleaned = clean_rules(rules)
    leading = (Enterprise.objects.filter(status__in=ACTIVE_STATUSES, lead_agency__isnull=False)
               .order_by().values("lead_agency_id").distinct())
    agencies = restrict_agency(
        Agency.objects.filter(is_active=True, has_enforcement_power=True, pk__in=leading),
        actor, "change", path="")
    agencies = list(agencies.select_related("region"))
    if not agencies:
        raise NotAllowed("辖区内没有可制定计划的执法机构")
    existing = {p.agency_id: p for p in (
        EnforcementPlan.objects.select_for_update(of=("self",)).select_related("agency")
        .filter(year=year, agency__in=agencies))}
    new = EnforcementPlan.objects.bulk_create(
        [EnforcementPlan(agency=a, year=year, rules=cleaned, created_by=actor)
         for a in agencies if a.pk not in existing], batch_size=1000)
    if not all(p.pk for p in new):  # backends without RETURNING
        new = list(EnforcementPlan.objects.filter(year=year, agency__in=[p.agency for p in new]))
    Transition.objects.bulk_create(
        [Transition(object_type=EnforcementPlan._meta.label_lower, object_id=str(p.pk),
                    from_state="", to_state=PlanStatus.DRAFT, actor=actor) for p in new],
        batch_size=1000)
    drafts = [p for p in existing.values() if p.status == PlanStatus.DRAFT]
    plans = new + drafts
    _generate_many(plans)
    _audit_many(actor, "plan.generate", [(plan, {
        "year": [None, year], "planned_total": [None, plan.planned_total],
        "key_count": [None, plan.key_count],
        "random_pool_count": [None, plan.random_pool_count]}) for plan in plans])
    return plans


def _audit_many(actor: User, action: str, entries: list[tuple[Any, dict]]) -> None:
    """The rows ``audit.record`` writes, in one statement per batch (a year's plans for a
    province are thousands of rows). Same transaction, same shape."""
    audit.record_many([audit.event(actor=actor, action=action, obj=obj, changes=changes)
                       for obj, changes in entries])


@transaction.atomic
def plan_publish(*, actor: User, plan: EnforcementPlan, reason: str = "") -> EnforcementPlan:
    plan = _lock_plan(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise TransitionRefused("计划已发布")
    if plan.generated_at is None:
        raise TransitionRefused("计划尚未生成，不能发布")
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    _transition(plan, actor, PlanStatus.DRAFT, PlanStatus.PUBLISHED, reason)
    audit.record(actor=actor, action="plan.publish", obj=plan,
                 changes={"status": [PlanStatus.DRAFT, PlanStatus.PUBLISHED]}, reason=reason)
    return plan


# ---------------------------------------------------------------------------------------
# 双随机 draws

def certified_officers(agency: Agency, day: date):
    """Officers of ``agency`` holding a certificate valid on ``day`` (Certificate.is_valid_on,
    expressed as a query)."""
    valid = Certificate.objects.filter(
        holder=OuterRef("pk"), revoked=False, valid_until__gte=day,
    ).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
    return (User.objects.filter(agency=agency, is_active=True, role__in=OFFICER_ROLES)
            .filter(Exists(valid)).order_by("pk"))


def _certificate_numbers(officer_ids: list[int], day: date) -> dict[int, str]:
    out: dict[int, str] = {}
    for cert in Certificate.objects.filter(holder_id__in=officer_ids).order_by("holder_id",
                                                                              "-valid_until"):
        if cert.holder_id not in out and cert.is_valid_on(day):
            out[cert.holder_id] = cert.number
    return out


def _clean_filters(filters: dict | None, errors: dict) -> dict:
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    unknown = set(filters) - {"region", "sector", "risk_grade", "agency"}
    if unknown:
        errors["filters"] = f"抽取范围：不支持的条件 {'、'.join(sorted(unknown))}"
    if "region" in filters and not Region.objects.filter(pk=str(filters["region"])).exists():
        errors["filters.region"] = "抽取范围（区划）：不存在"
    if "sector" in filters and not Sector.objects.filter(pk=str(filters["sector"])).exists():
        errors["filters.sector"] = "抽取范围（行业领域）：不存在"
    if "risk_grade" in filters and filters["risk_grade"] not in RiskGrade.values:
        errors["filters.risk_grade"] = "抽取范围（风险等级）：应为 A、B、C 或 D"
    if "agency" in filters:
        if not str(filters["agency"]).isdecimal() or not Agency.objects.filter(
                pk=filters["agency"]).exists():
            errors["filters.agency"] = "抽取范围（监管机构）：不存在"
        else:
            filters["agency"] = int(filters["agency"])
    return filters


def _pool_queryset(actor: User, agency: Agency, filters: dict, plan: EnforcementPlan | None):
    from anzhi.registry.filters import EnterpriseFilters, apply_filters

    lo, hi = code_range(agency.region.prefix)
    in_region = Q(region_id__gte=lo, region_id__lt=hi)
    qs = Enterprise.objects.filter(in_region, status__in=ACTIVE_STATUSES)
    # The actor's jurisdiction is usually the agency's region: the same range twice would
    # cost the scan of a province's enterprises two more comparisons per row.
    scope = enterprise_q(actor)
    if scope is not None and scope != in_region:
        qs = qs.filter(scope)
    qs = apply_filters(qs, EnterpriseFilters(
        region=str(filters.get("region", "")), sector=str(filters.get("sector", "")),
        risk_grade=filters.get("risk_grade", ""), agency=filters.get("agency")))
    if plan is not None:
        qs = qs.filter(pk__in=PlanItem.objects.filter(plan=plan, kind=PlanItemKind.RANDOM)
                       .values("enterprise_id"))
    return qs.order_by("pk")


def _contains(sorted_ids: list[int], value: int) -> bool:
    i = bisect_left(sorted_ids, value)
    return i < len(sorted_ids) and sorted_ids[i] == value


@transaction.atomic
def draw_create(*, actor: User, agency: Agency | int, title: str, filters: dict | None = None,
                ratio: Any = None, count: int | None = None, officers_per_enterprise: int = 2,
                draw_date: date | None = None, plan: EnforcementPlan | int | None = None,
                campaign: Campaign | int | None = None) -> RandomDraw:
    """Snapshot the pool, commit to a secret seed and publish both hashes."""
    agency = _agency(agency, "agency", "抽取机构")
    _require_agency_actor(actor, agency, "组织双随机抽取")
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "名称：不能为空"
    if plan is not None and not isinstance(plan, EnforcementPlan):
        plan = EnforcementPlan.objects.filter(pk=plan).first()
        if plan is None:
            errors["plan"] = "年度计划：不存在"
    if plan is not None and plan.agency_id != agency.pk:
        errors["plan"] = "年度计划：不是本机构的计划"
    if campaign is not None and not isinstance(campaign, Campaign):
        campaign = Campaign.objects.filter(pk=campaign).first()
        if campaign is None:
            errors["campaign"] = "专项行动：不存在"
    filters = _clean_filters(filters, errors)
    if (ratio in (None, "")) == (count in (None, "")):
        errors["count"] = "抽取数量：请填写抽取数量或抽取比例，二者选一"
    parsed_ratio = None
    if ratio not in (None, ""):
        parsed_ratio = _ratio(ratio)
        if parsed_ratio is None or parsed_ratio <= 0 or parsed_ratio > 1:
            errors["ratio"] = "抽取比例：应为大于 0、不超过 1 的小数（如 0.05 表示 5%）"
        elif plan is not None and parsed_ratio < Decimal(plan.rules.get("random_ratio",
                                                                         MIN_RANDOM_RATIO)):
            errors["ratio"] = (f"抽取比例：年度计划的双随机部分不得低于 "
                               f"{Decimal(plan.rules['random_ratio']) * 100:.0f}%")
    if count not in (None, "") and (not isinstance(count, int) or isinstance(count, bool)
                                    or count < 1):
        errors["count"] = "抽取数量：应为正整数"
    if not isinstance(officers_per_enterprise, int) or officers_per_enterprise < 2:
        errors["officers_per_enterprise"] = "每户执法人员数：不得少于两名"
    elif officers_per_enterprise > 10:
        errors["officers_per_enterprise"] = "每户执法人员数：不得超过十名"
    if not agency.has_enforcement_power:
        errors["agency"] = "抽取机构：该机构不具有执法权"
    draw_date = draw_date or timezone.localdate()
    if errors:
        raise ValidationFailed(errors)

    rows = snapshot.fetch_rows(_pool_queryset(actor, agency, filters, plan))
    enterprise_ids = rows.ids
    if not enterprise_ids:
        raise ValidationFailed({"filters": "抽取范围：按所选条件没有可抽取的企业"})
    pool_size = len(enterprise_ids)
    if parsed_ratio is not None:
        count = max(1, math.ceil(pool_size * parsed_ratio))
    if count > pool_size:
        raise ValidationFailed({"count": f"抽取数量：{count} 家超过名录库企业数 {pool_size} 家"})
    officer_ids = list(certified_officers(agency, draw_date).values_list("pk", flat=True))
    if len(officer_ids) < officers_per_enterprise:
        raise ValidationFailed({"officers": (
            f"执法人员：本机构在抽取日期（{draw_date:%Y-%m-%d}）持有有效执法证的人员只有 "
            f"{len(officer_ids)} 名，每户至少需要 {officers_per_enterprise} 名")})
    certificates = _certificate_numbers(officer_ids, draw_date)
    conflicts = sorted([o, e] for o, e in Conflict.objects.filter(
        is_active=True, officer_id__in=officer_ids).values_list("officer_id", "enterprise_id")
        if _contains(enterprise_ids, e))
    barred: dict[int, int] = {}
    for _, e in conflicts:
        barred[e] = barred.get(e, 0) + 1
    short = [e for e, n in barred.items() if len(officer_ids) - n < officers_per_enterprise]
    if short:
        names = "、".join(Enterprise.objects.filter(pk__in=short[:5]).values_list("name",
                                                                                 flat=True))
        raise ValidationFailed({"officers": (
            f"执法人员：{names} 排除回避人员后可抽取的持证执法人员不足 "
            f"{officers_per_enterprise} 名")})
    head = {  # the pool but its enterprises, which stay JSON text (snapshot.fetch_rows)
        "params": {"agency": agency.pk, "count": count, "draw_date": draw_date.isoformat(),
                   "officers_per_enterprise": officers_per_enterprise},
        "officer_ids": officer_ids,
        "officer_certificates": [certificates[o] for o in officer_ids],
        "conflicts": conflicts,
    }
    try:  # of the codes check_pool reads only how many there are: one per enterprise
        drawalgo.check_pool({**head, "enterprise_ids": enterprise_ids,
                             "enterprise_usccs": range(pool_size)})
    except drawalgo.DrawError as exc:
        raise ValidationFailed({"pool": str(exc)}) from exc
    raw = snapshot.encode(head, rows)
    secret = secrets.token_bytes(32)
    # zlib lets go of the GIL: the snapshot (30 MB for a province) is compressed on another
    # core while the hash, the index and the draw's row are made.
    with ThreadPoolExecutor(max_workers=1) as worker:
        blob = worker.submit(snapshot.pack_blob, raw)
        pool_hash = hashlib.sha256(raw).hexdigest()
        draw = RandomDraw.objects.create(
            agency=agency, title=title, plan=plan, campaign=campaign, filters=filters,
            ratio=parsed_ratio, count=count, pool_size=pool_size,
            officer_pool_size=len(officer_ids), officers_per_enterprise=officers_per_enterprise,
            draw_date=draw_date, algorithm=drawalgo.ALGORITHM, pool_blob=b"",
            pool_index=snapshot.pack_index({**head, "enterprise_ids": enterprise_ids},
                                           pool_hash),
            pool_hash=pool_hash, commitment=drawalgo.commitment_of(secret),
            secret_seed=secret.hex(), created_by=actor)
        _save_blob(draw, blob.result())
    _transition(draw, actor, "", DrawStatus.COMMITTED)
    audit.record(actor=actor, action="draw.create", obj=draw, changes={
        "pool_size": [None, pool_size], "count": [None, count],
        "pool_hash": [None, draw.pool_hash], "commitment": [None, draw.commitment]})
    return draw


def _save_blob(draw: RandomDraw, blob: bytes) -> None:
    """The snapshot's bytes (7.5 MB compressed for 1.1 million enterprises). Django binds
    parameters into the statement's text, where bytes travel as hex and are parsed back by
    the server: on PostgreSQL they go as one binary parameter instead."""
    draw.pool_blob = blob
    if connection.vendor != "postgresql":
        RandomDraw.objects.filter(pk=draw.pk).update(pool_blob=blob)
        return
    import psycopg

    with connection.cursor() as cursor, psycopg.Cursor(cursor.connection) as pg:
        pg.execute(f"UPDATE {RandomDraw._meta.db_table} SET pool_blob = %b WHERE id = %s",
                   [blob, draw.pk])


def _clean_entropy(values: Any, field: str = "witness_entropy") -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        raise ValidationFailed({field: "见证人随机串：应为文本列表"})
    out = []
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ValidationFailed({field: "见证人随机串：每一项都应为非空文本"})
        if len(v) > 200:
            raise ValidationFailed({field: "见证人随机串：每项不超过 200 字"})
        out.append(v)
    if len(out) > 20:
        raise ValidationFailed({field: "见证人随机串：最多 20 项"})
    return out


def _lock_draw(draw: RandomDraw) -> RandomDraw:
    """The draw, locked, without its snapshot and result (megabytes at provincial scale)."""
    return (RandomDraw.objects.select_for_update().select_related("agency")
            .defer("pool_blob", "result").get(pk=draw.pk))


@transaction.atomic
def draw_add_witness(*, actor: User, draw: RandomDraw, entropy: str) -> RandomDraw:
    """A witness (e.g. 纪委) adds an entropy string before the draw is executed."""
    draw = _lock_draw(draw)
    if not may_witness(actor, draw.agency):
        raise NotAllowed("无权作为见证人参与该抽取")
    texts = _clean_entropy([entropy] if isinstance(entropy, str) else entropy, "entropy")
    if draw.status != DrawStatus.COMMITTED:
        raise TransitionRefused("抽取已执行或已作废，不能再添加见证人随机串")
    draw.witness_entropy = [*draw.witness_entropy,
                            *({"text": t, "by": actor.display_name} for t in texts)]
    draw.save(update_fields=["witness_entropy"])
    audit.record(actor=actor, action="draw.witness", obj=draw,
                 changes={"witness_entropy": [None, texts]})
    return draw


@transaction.atomic
def draw_execute(*, actor: User, draw: RandomDraw,
                 witness_entropy: list[str] | None = None) -> RandomDraw:
    """Reveal the seed and compute the selection. Executing again returns the same draw."""
    draw = _lock_draw(draw)
    _require_agency_actor(actor, draw.agency, "执行双随机抽取")
    if draw.status == DrawStatus.EXECUTED:
        return draw  # idempotent: nothing new
    if draw.status != DrawStatus.COMMITTED:
        raise TransitionRefused("抽取已作废，不能执行")
    texts = _clean_entropy(witness_entropy)
    entries = [*draw.witness_entropy,
               *({"text": t, "by": actor.display_name} for t in texts)]
    secret = bytes.fromhex(draw.secret_seed)
    seed = drawalgo.derive_seed(secret, [e["text"] for e in entries])
    try:  # the pool was checked (drawalgo.check_pool) when the draw was created
        selected, officers = drawalgo.compute(_executable_pool(draw), draw.pool_hash, seed)
    except drawalgo.DrawError as exc:
        raise ValidationFailed({"pool": str(exc)}) from exc
    draw.witness_entropy = entries
    draw.seed = seed.hex()
    with gc_paused():
        draw.result = [[e, o] for e, o in zip(selected, officers, strict=True)]
    draw.status = DrawStatus.EXECUTED
    draw.executed_by = actor
    draw.executed_at = timezone.now()
    draw.save(update_fields=["witness_entropy", "seed", "result", "status", "executed_by",
                             "executed_at"])
    _write_selections(draw, selected, officers)
    _transition(draw, actor, DrawStatus.COMMITTED, DrawStatus.EXECUTED)
    audit.record(actor=actor, action="draw.execute", obj=draw, changes={
        "status": [DrawStatus.COMMITTED, DrawStatus.EXECUTED], "seed": [None, draw.seed],
        "selected": [None, len(selected)]})
    return draw


def _executable_pool(draw: RandomDraw) -> dict:
    """What the algorithm reads from the snapshot: from the compact index, or from the full
    snapshot for a draw created before the index existed (or an index that does not match
    it: the snapshot is what pool_hash commits to)."""
    index = bytes(draw.pool_index)
    if index:
        try:
            return snapshot.unpack_index(index, draw.pool_hash)
        except snapshot.SnapshotError:
            pass
    pool = load_pool(draw)
    drawalgo.check_pool(pool)
    return pool


def _write_selections(draw: RandomDraw, selected: list[int], officers: list[list[int]]
                      ) -> None:
    """The selection rows; on PostgreSQL one COPY (50,000 rows for a 5% provincial draw)."""
    if connection.vendor == "postgresql":
        table = DrawSelection._meta.db_table
        # COPY text format: tab-separated columns; officer_ids as a JSON array of ints.
        # Rows go in by enterprise id (position keeps the draw order): the (enterprise,
        # draw) index then fills page by page instead of at random, a quarter faster.
        prefix = f"{draw.pk}\t"
        with gc_paused():
            rows = sorted(zip(selected, range(1, len(selected) + 1), officers, strict=True))
            data = "".join([f"{prefix}{i}\t{e}\t[{','.join(map(str, o))}]\n"
                            for e, i, o in rows])
        with connection.cursor() as cursor, cursor.connection.cursor() as pg, pg.copy(
                f"COPY {table} (draw_id, position, enterprise_id, officer_ids) "
                "FROM STDIN") as copy:
            copy.write(data)
        return
    DrawSelection.objects.bulk_create(
        (DrawSelection(draw=draw, position=i, enterprise_id=e, officer_ids=o)
         for i, (e, o) in enumerate(zip(selected, officers, strict=True), 1)),
        batch_size=5000)


@transaction.atomic
def draw_void(*, actor: User, draw: RandomDraw, reason: str) -> RandomDraw:
    draw = _lock_draw(draw)
    _require_agency_actor(actor, draw.agency, "作废双随机抽取")
    if not (reason or "").strip():
        raise ValidationFailed({"reason": "作废理由：不能为空"})
    if draw.status != DrawStatus.COMMITTED:
        raise TransitionRefused("只有尚未抽取的抽取可以作废；已抽取的结果已公开，不能作废")
    draw.status = DrawStatus.VOID
    draw.void_reason = reason.strip()[:200]
    draw.save(update_fields=["status", "void_reason"])
    _transition(draw, actor, DrawStatus.COMMITTED, DrawStatus.VOID, reason)
    audit.record(actor=actor, action="draw.void", obj=draw,
                 changes={"status": [DrawStatus.COMMITTED, DrawStatus.VOID]}, reason=reason)
    return draw


def load_pool(draw: RandomDraw) -> dict:
    """The full snapshot as published (``pool`` of the published document)."""
    return snapshot.unpack_blob(draw.pool_blob)


# ---------------------------------------------------------------------------------------
# 异地互查 rotation and the 异地执法检查问题移交表

def _enforcing_agency_of(township: Region) -> Agency | None:
    lo, hi = code_range(township.prefix)
    return (Agency.objects.filter(is_active=True, has_enforcement_power=True,
                                  region_id__gte=lo, region_id__lt=hi)
            .order_by("pk").first())


@transaction.atomic
def rotation_create(*, actor: User, organiser: Agency | int, title: str, starts_on: date,
                    ends_on: date, per_team: int = 3, region: Region | str | None = None,
                    campaign: Campaign | int | None = None) -> MutualInspection:
    """Each township's team inspects another township (never its own), ``per_team`` (2–5)
    enterprises each, chosen at random; the seed is kept so the rotation can be re-derived."""
    organiser = _agency(organiser, "organiser", "组织单位")
    _require_agency_actor(actor, organiser, "组织异地互查")
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = "名称：不能为空"
    if not isinstance(per_team, int) or not 2 <= per_team <= 5:
        errors["per_team"] = "每组检查企业数：应为 2–5 家"
    if starts_on is None:
        errors["starts_on"] = "开始日期：不能为空"
    if ends_on is None:
        errors["ends_on"] = "结束日期：不能为空"
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = "结束日期：不能早于开始日期"
    if region is None:
        region = organiser.region
    elif not isinstance(region, Region):
        region = Region.objects.filter(pk=str(region)).first()
        if region is None:
            errors["region"] = "互查范围：区划不存在"
    if campaign is not None and not isinstance(campaign, Campaign):
        campaign = Campaign.objects.filter(pk=campaign).first()
        if campaign is None:
            errors["campaign"] = "专项行动：不存在"
    if errors:
        raise ValidationFailed(errors)
    lo, hi = code_range(region.prefix)
    townships = list(Region.objects.filter(level=Region.Level.TOWNSHIP, pk__gte=lo, pk__lt=hi)
                     .order_by("pk"))
    teams = [(t, a) for t in townships if (a := _enforcing_agency_of(t)) is not None]
    if len(teams) < 2:
        raise ValidationFailed({"region": "互查范围：至少需要两个设有执法机构的乡镇"})
    candidates: dict[str, list[int]] = {}
    for township, _ in teams:
        t_lo, t_hi = code_range(township.prefix)
        ids = list(Enterprise.objects.filter(region_id__gte=t_lo, region_id__lt=t_hi,
                                             status=EnterpriseStatus.OPERATING)
                   .order_by("pk").values_list("pk", flat=True))
        if len(ids) < 2:
            errors["region"] = f"互查范围：{township.name} 在营企业不足 2 家，无法安排互查"
        candidates[township.pk] = ids
    if errors:
        raise ValidationFailed(errors)
    seed = secrets.token_bytes(32)
    stream = drawalgo.Stream(seed, hashlib.sha256(
        drawalgo.canonical([t.pk for t, _ in teams])).hexdigest())
    order = drawalgo.select_enterprises(list(range(len(teams))), len(teams), stream)
    rotation = MutualInspection.objects.create(
        title=title.strip(), organiser=organiser, region=region, campaign=campaign,
        starts_on=starts_on, ends_on=ends_on, per_team=per_team, seed=seed.hex(),
        created_by=actor)
    plan_out = []
    for i, team_index in enumerate(order):
        _, inspecting = teams[team_index]
        target_township, local = teams[order[(i + 1) % len(order)]]
        ids = candidates[target_township.pk]
        chosen = drawalgo.select_enterprises(ids, min(per_team, len(ids)), stream)
        assignment = RotationAssignment.objects.create(
            rotation=rotation, inspecting_agency=inspecting, target_region=target_township,
            local_agency=local)
        assignment.enterprises.set(chosen)
        plan_out.append(f"{inspecting} → {target_township.name}（{len(chosen)} 家）")
    _transition(rotation, actor, "", rotation.status)
    audit.record(actor=actor, action="rotation.create", obj=rotation,
                 changes={"assignments": [None, plan_out], "seed": [None, rotation.seed]})
    return rotation


def _is_member(user: User, agency_id: int) -> bool:
    return user.agency_id == agency_id and user.role in CHANGE_ROLES and user.is_active


def _has_valid_certificate(user: User, day: date) -> bool:
    return any(c.is_valid_on(day) for c in user.certificates.all())


@transaction.atomic
def handover_record(*, actor: User, assignment: RotationAssignment, enterprise: Enterprise | int,
                    problem: str, legal_basis: str = "", suggestion: str = "",
                    is_major: bool = False) -> HandoverItem:
    """The visiting team writes a problem on the 移交表."""
    if not (actor.is_superuser or _is_member(actor, assignment.inspecting_agency_id)):
        raise NotAllowed("只有检查组（派出单位）的执法人员可以登记移交问题")
    errors: dict[str, str] = {}
    if not isinstance(enterprise, Enterprise):
        enterprise = Enterprise.objects.filter(pk=enterprise).first() \
            if str(enterprise or "").isdecimal() else None
    if enterprise is None:
        errors["enterprise"] = "被检查单位：不存在"
    else:
        lo, hi = code_range(assignment.target_region.prefix)
        if not lo <= enterprise.region_id < hi:
            errors["enterprise"] = "被检查单位：不在本组被检查的乡镇"
    if not (problem or "").strip():
        errors["problem"] = "存在问题：不能为空"
    if len(legal_basis or "") > 300:
        errors["legal_basis"] = "依据：不超过 300 字"
    if len(suggestion or "") > 300:
        errors["suggestion"] = "处理建议：不超过 300 字"
    if errors:
        raise ValidationFailed(errors)
    item = HandoverItem.objects.create(
        assignment=assignment, enterprise=enterprise, problem=problem.strip(),
        legal_basis=(legal_basis or "").strip(), suggestion=(suggestion or "").strip(),
        is_major=bool(is_major), recorded_by=actor)
    _transition(item, actor, "", HandoverStatus.RECORDED)
    audit.record(actor=actor, action="handover.record", obj=item,
                 changes={"problem": [None, item.problem], "enterprise": [None, str(enterprise)]})
    return item


def _lock_item(item: HandoverItem) -> HandoverItem:
    return (HandoverItem.objects.select_for_update()
            .select_related("assignment", "assignment__rotation", "enterprise").get(pk=item.pk))


@transaction.atomic
def handover_sign(*, actor: User, item: HandoverItem, password: str) -> HandoverItem:
    """One side signs the row (re-entering the password): the visiting team's certified
    officer, or the local agency's counterpart. Both signatures hand the row over."""
    item = _lock_item(item)
    assignment = item.assignment
    if _is_member(actor, assignment.inspecting_agency_id):
        side = "inspector"
        if not _has_valid_certificate(actor, timezone.localdate()):
            raise NotAllowed("检查组签名须由持有有效执法证的执法人员签署")
    elif _is_member(actor, assignment.local_agency_id):
        side = "local"
    else:
        raise NotAllowed("只有检查组或当地执法机构的人员可以在移交表上签名")
    if not password or not check_password(password, actor.password):
        raise ValidationFailed({"password": "密码：不正确，签名未记录"})
    if item.status != HandoverStatus.RECORDED:
        raise TransitionRefused("该问题已移交，不能再签名")
    if getattr(item, f"{side}_signed_by_id"):
        raise TransitionRefused("检查组已签名" if side == "inspector" else "当地对接人员已签名")
    now = timezone.now()
    setattr(item, f"{side}_signed_by", actor)
    setattr(item, f"{side}_signed_at", now)
    fields = [f"{side}_signed_by", f"{side}_signed_at"]
    if item.inspector_signed_by_id and item.local_signed_by_id:
        item.status = HandoverStatus.HANDED_OVER
        fields.append("status")
        _transition(item, actor, HandoverStatus.RECORDED, HandoverStatus.HANDED_OVER)
    item.save(update_fields=fields)
    audit.record(actor=actor, action=f"handover.sign.{side}", obj=item,
                 changes={f"{side}_signed_by": [None, actor.display_name]})
    return item


@transaction.atomic
def handover_act(*, actor: User, item: HandoverItem, disposition: str, action_taken: str,
                 deadline: date | None = None) -> HandoverItem:
    """The local agency acts on a handed-over row; the disposition creates its follow-up
    record (a hazard, a case draft …) where an app handles it."""
    item = _lock_item(item)
    assignment = item.assignment
    if not (actor.is_superuser or _is_member(actor, assignment.local_agency_id)):
        raise NotAllowed("只有当地执法机构可以处理移交的问题")
    errors: dict[str, str] = {}
    if disposition not in followups.KIND_LABELS:
        errors["disposition"] = "处理方式：请从八类处置方式中选择"
    if not (action_taken or "").strip():
        errors["action_taken"] = "处理情况：不能为空"
    if disposition == followups.RECTIFY_BY_DEADLINE and deadline is None:
        errors["deadline"] = "整改期限：责令限期整改必须填写期限"
    if deadline is not None and deadline < timezone.localdate():
        errors["deadline"] = "整改期限：不能早于今天"
    if errors:
        raise ValidationFailed(errors)
    if item.status == HandoverStatus.RECORDED:
        raise TransitionRefused("该问题尚未经双方签字移交，当地执法机构不能处理")
    if item.status != HandoverStatus.HANDED_OVER:
        raise TransitionRefused("该问题已处理")
    result = followups.dispatch(followups.FollowupRequest(
        kind=disposition, actor=actor, enterprise=item.enterprise,
        agency=assignment.local_agency, description=item.problem,
        source_type=item._meta.label_lower, source_id=item.pk,
        source_label=f"异地执法检查问题移交表（{assignment.rotation.title}）",
        legal_basis=item.legal_basis, is_major=item.is_major, deadline=deadline))
    item.disposition = disposition
    item.action_taken = action_taken.strip()
    item.deadline = deadline
    if result is not None:
        item.followup_type = result.object_type
        item.followup_id = str(result.object_id)
        item.followup_label = result.label[:200]
    item.acted_by = actor
    item.acted_at = timezone.now()
    item.status = HandoverStatus.ACTED
    item.save()
    _transition(item, actor, HandoverStatus.HANDED_OVER, HandoverStatus.ACTED)
    audit.record(actor=actor, action="handover.act", obj=item, changes={
        "disposition": [None, followups.KIND_LABELS[disposition]],
        "action_taken": [None, item.action_taken], "followup": [None, item.followup_label]})
    return item


@transaction.atomic
def handover_close(*, actor: User, item: HandoverItem, note: str = "") -> HandoverItem:
    """The organiser (安委办) confirms the local action and closes the row (销号)."""
    item = _lock_item(item)
    rotation = item.assignment.rotation
    if not may_act_for(actor, rotation.organiser):
        raise NotAllowed("只有互查组织单位可以销号")
    if item.status != HandoverStatus.ACTED:
        raise TransitionRefused("当地执法机构尚未处理，不能销号" if item.status in (
            HandoverStatus.RECORDED, HandoverStatus.HANDED_OVER) else "该问题已销号")
    item.status = HandoverStatus.CLOSED
    item.closed_by = actor
    item.closed_at = timezone.now()
    item.close_note = (note or "").strip()[:300]
    item.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
    _transition(item, actor, HandoverStatus.ACTED, HandoverStatus.CLOSED, item.close_note)
    audit.record(actor=actor, action="handover.close", obj=item,
                 changes={"status": [HandoverStatus.ACTED, HandoverStatus.CLOSED]},
                 reason=item.close_note)
    return item


# ---------------------------------------------------------------------------------------
# Campaigns (专项行动)

def _parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


@transaction.atomic
def campaign_create(*, actor: User, data: dict[str, Any]) -> Campaign:
    agency = _agency(data.get("issuing_agency"), "issuing_agency", "发文机关")
    _require_agency_actor(actor, agency, "发布专项行动")
    errors: dict[str, str] = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = "行动名称：不能为空"
    starts_on, ends_on = _parse_date(data.get("starts_on")), _parse_date(data.get("ends_on"))
    if starts_on is None:
        errors["starts_on"] = "开始日期：应为日期（YYYY-MM-DD）"
    if ends_on is None:
        errors["ends_on"] = "结束日期：应为日期（YYYY-MM-DD）"
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = "结束日期：不能早于开始日期"
    day = data.get("reporting_day")
    if day not in (None, "") and (not str(day).isdecimal() or not 1 <= int(day) <= 28):
        errors["reporting_day"] = "每月报送日：应为 1–28 日"
    sectors = list(data.get("sectors") or [])
    found = set(Sector.objects.filter(pk__in=sectors).values_list("code", flat=True))
    if set(sectors) - found:
        errors["sectors"] = "行业领域：包含不存在的代码"
    regions = [str(r) for r in data.get("regions") or []]
    if len(set(Region.objects.filter(pk__in=regions).values_list("pk", flat=True))) \
            != len(set(regions)):
        errors["regions"] = "范围：包含不存在的区划"
    phases = []
    for i, p in enumerate(data.get("phases") or [], 1):
        name = (p.get("name") or "").strip()
        p_start, p_end = _parse_date(p.get("starts_on")), _parse_date(p.get("ends_on"))
        if not name:
            errors[f"phases.{i}.name"] = f"第{i}阶段名称：不能为空"
        if p_start is None or p_end is None or p_end < p_start:
            errors[f"phases.{i}.starts_on"] = f"第{i}阶段（{name}）：起止日期不正确"
        elif starts_on and ends_on and (p_start < starts_on or p_end > ends_on):
            errors[f"phases.{i}.starts_on"] = f"第{i}阶段（{name}）：超出行动起止日期"
        elif phases and p_start <= phases[-1][2]:
            errors[f"phases.{i}.starts_on"] = f"第{i}阶段（{name}）：与上一阶段重叠或次序颠倒"
        phases.append((name, p_start, p_end))
    targets = []
    for i, t in enumerate(data.get("targets") or [], 1):
        metric = t.get("metric")
        value = t.get("target")
        if metric not in CampaignMetric.values:
            errors[f"targets.{i}.metric"] = (
                f"第{i}项目标指标：应为{'、'.join(CampaignMetric.labels)}之一")
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors[f"targets.{i}.target"] = f"第{i}项目标值：应为正整数"
        label = (t.get("label") or "").strip() or (
            CampaignMetric(metric).label if metric in CampaignMetric.values else "")
        targets.append((metric, label, value))
    if errors:
        raise ValidationFailed(errors)
    campaign = Campaign.objects.create(
        title=title, document_number=(data.get("document_number") or "").strip(),
        issuing_agency=agency, starts_on=starts_on, ends_on=ends_on,
        reporting_day=int(day) if day not in (None, "") else None,
        description=(data.get("description") or "").strip(), created_by=actor)
    campaign.sectors.set(sorted(found))
    campaign.regions.set(regions)
    CampaignPhase.objects.bulk_create(CampaignPhase(campaign=campaign, name=n, starts_on=s,
                                                    ends_on=e) for n, s, e in phases)
    CampaignTarget.objects.bulk_create(CampaignTarget(campaign=campaign, metric=m, label=lab,
                                                      target=v) for m, lab, v in targets)
    audit.record(actor=actor, action="campaign.create", obj=campaign, changes={
        "title": [None, title], "document_number": [None, campaign.document_number],
        "phases": [None, [n for n, _, _ in phases]],
        "targets": [None, [f"{lab} {v}" for _, lab, v in targets]]})
    return campaign


@transaction.atomic
def campaign_void(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("issuing_agency").get(
        pk=campaign.pk)
    _require_agency_actor(actor, campaign.issuing_agency, "作废专项行动")
    if not (reason or "").strip():
        raise ValidationFailed({"reason": "作废理由：不能为空"})
    if campaign.is_void:
        raise TransitionRefused("专项行动已作废")
    campaign.is_void = True
    campaign.void_reason = reason.strip()[:200]
    campaign.save(update_fields=["is_void", "void_reason"])
    _transition(campaign, actor, "active", "void", reason)
    audit.record(actor=actor, action="campaign.void", obj=campaign,
                 changes={"is_void": [False, True]}, reason=reason)
    return campaign
