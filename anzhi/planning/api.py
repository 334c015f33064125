"""REST API of the planning app: plans, 双随机 draws (in api_draws.py), campaigns, 异地互查.
Thin handlers."""

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from anzhi.core.labels import add_labels
from anzhi.core.types import DbInt
from anzhi.regions.models import Region

from . import selectors, services
from .models import Campaign, EnforcementPlan, HandoverItem, MutualInspection

add_labels({
    "agency": "机构", "year": "年度", "rules": "计划规则", "frequency": "检查频次",
    "key_sectors": "重点行业领域", "key_flags": "重点企业特征", "random_ratio": "双随机抽查比例",
    "title": "名称", "filters": "抽取范围", "ratio": "抽取比例", "count": "抽取数量",
    "officers_per_enterprise": "每户执法人员数", "draw_date": "抽取日期", "plan": "年度计划",
    "campaign": "专项行动", "witness_entropy": "见证人随机串", "entropy": "见证人随机串",
    "reason": "理由", "document_number": "文号", "issuing_agency": "发文机关",
    "starts_on": "开始日期", "ends_on": "结束日期", "reporting_day": "每月报送日",
    "phases": "行动阶段", "targets": "行动目标", "metric": "指标", "target": "目标值",
    "organiser": "组织单位", "per_team": "每组检查企业数", "region": "区划",
    "enterprise": "被检查单位", "problem": "存在问题", "legal_basis": "依据",
    "suggestion": "处理建议", "is_major": "重大事故隐患", "disposition": "处理方式",
    "action_taken": "处理情况", "deadline": "整改期限", "note": "销号意见",
    "offset": "起始位置", "limit": "每页条数",
}, prefixes=[f"/api/v1/{p}" for p in ("plans", "draws", "campaigns", "rotations", "handovers")])

router = Router(tags=["执法计划与双随机"])


# ---------------------------------------------------------------------------------------
# Plans

class PlanQuery(Schema):
    year: DbInt | None = None
    agency: DbInt | None = None


class PlanIn(Schema):
    agency: DbInt
    year: DbInt
    rules: dict[str, Any] | None = None


class RulesIn(Schema):
    rules: dict[str, Any]
    reason: str = ""


def plan_out(plan: EnforcementPlan, *, with_stats: bool = True) -> dict:
    out = {
        "id": plan.pk, "agency": plan.agency_id, "agency_name": str(plan.agency),
        "year": plan.year, "status": plan.status, "status_label": plan.get_status_display(),
        "rules": plan.rules, "key_count": plan.key_count, "grade_count": plan.grade_count,
        "random_pool_count": plan.random_pool_count, "random_quota": plan.random_quota,
        "planned_total": plan.planned_total,
        "generated_at": plan.generated_at.isoformat() if plan.generated_at else None,
    }
    if with_stats:
        stats = selectors.plan_stats(plan)
        out["stats"] = {k: v for k, v in stats.items() if k != "inspections_available"}
    return out


@router.get("/plans", summary="年度执法计划列表（本辖区；含计划与完成情况）")
def list_plans(request, query: Query[PlanQuery]):
    return [plan_out(p) for p in selectors.plan_list(request.user, year=query.year,
                                                     agency=query.agency)]


@router.post("/plans", response={201: dict}, summary="制定年度执法计划（按规则生成）")
def create_plan(request, payload: PlanIn):
    plan = services.plan_create(actor=request.user, agency=payload.agency, year=payload.year,
                                rules=payload.rules)
    return Status(201, plan_out(plan))


class YearIn(Schema):
    year: DbInt
    rules: dict[str, Any] | None = None


@router.post("/plans/generate", summary="生成本辖区各执法机构的年度计划（已发布的不变）")
def generate_year(request, payload: YearIn):
    plans = services.plan_generate_year(actor=request.user, year=payload.year,
                                        rules=payload.rules)
    return [plan_out(p, with_stats=False) for p in plans]


@router.get("/plans/{int:plan_id}", summary="年度执法计划详情（按月计划与完成）")
def get_plan(request, plan_id: DbInt):
    return plan_out(selectors.get_plan(request.user, plan_id))


@router.post("/plans/{int:plan_id}/rules", summary="修改计划规则并重新生成")
def update_rules(request, plan_id: DbInt, payload: RulesIn):
    plan = selectors.get_plan(request.user, plan_id)
    plan = services.plan_update_rules(actor=request.user, plan=plan, rules=payload.rules,
                                      reason=payload.reason)
    return plan_out(plan)


@router.post("/plans/{int:plan_id}/publish", summary="发布年度执法计划")
def publish_plan(request, plan_id: DbInt):
    plan = selectors.get_plan(request.user, plan_id)
    return plan_out(services.plan_publish(actor=request.user, plan=plan))


# ---------------------------------------------------------------------------------------
# Draws: the endpoints are in api_draws.py, registered here so the OpenAPI order is kept.

from . import api_draws  # noqa: E402, F401  (registers the 双随机 draw endpoints)

# ---------------------------------------------------------------------------------------
# Campaigns

class PhaseIn(Schema):
    name: str
    starts_on: date
    ends_on: date


class TargetIn(Schema):
    metric: str = Field(description="inspections / enterprises / findings")
    label: str = ""
    target: DbInt


class CampaignIn(Schema):
    title: str
    document_number: str = ""
    issuing_agency: DbInt
    starts_on: date
    ends_on: date
    sectors: list[str] = []
    regions: list[str] = []
    reporting_day: DbInt | None = None
    description: str = ""
    phases: list[PhaseIn] = []
    targets: list[TargetIn] = []


def campaign_out(c: Campaign, *, progress: bool = True) -> dict:
    out = {
        "id": c.pk, "title": c.title, "document_number": c.document_number,
        "issuing_agency": c.issuing_agency_id, "issuing_agency_name": str(c.issuing_agency),
        "starts_on": c.starts_on.isoformat(), "ends_on": c.ends_on.isoformat(),
        "reporting_day": c.reporting_day, "description": c.description, "is_void": c.is_void,
        "sectors": [s.pk for s in c.sectors.all()], "regions": [r.pk for r in c.regions.all()],
        "phases": [{"name": p.name, "starts_on": p.starts_on.isoformat(),
                    "ends_on": p.ends_on.isoformat()} for p in c.phases.all()],
    }
    if progress:
        p = selectors.campaign_progress(c)
        out["targets"] = p["targets"]
        out["current_phase"] = p["current_phase"].name if p["current_phase"] else None
        out["next_report"] = p["next_report"].isoformat() if p["next_report"] else None
    return out


@router.get("/campaigns", summary="专项行动列表（含目标完成进度）")
def list_campaigns(request):
    return [campaign_out(c) for c in selectors.campaign_list(request.user)]


@router.post("/campaigns", response={201: dict}, summary="发布专项行动")
def create_campaign(request, payload: CampaignIn):
    campaign = services.campaign_create(actor=request.user, data=payload.dict())
    return Status(201, campaign_out(campaign))


@router.get("/campaigns/{int:campaign_id}", summary="专项行动详情与进度")
def get_campaign(request, campaign_id: DbInt):
    return campaign_out(selectors.get_campaign(request.user, campaign_id))


# ---------------------------------------------------------------------------------------
# 异地互查

class RotationIn(Schema):
    organiser: DbInt
    title: str
    starts_on: date
    ends_on: date
    per_team: DbInt = 3
    region: str | None = None
    campaign: DbInt | None = None


class HandoverIn(Schema):
    enterprise: DbInt
    problem: str
    legal_basis: str = ""
    suggestion: str = ""
    is_major: bool = False


class SignIn(Schema):
    password: str


class ActIn(Schema):
    disposition: str
    action_taken: str
    deadline: date | None = None


class CloseIn(Schema):
    note: str = ""


def handover_out(i: HandoverItem) -> dict:
    return {
        "id": i.pk, "assignment": i.assignment_id, "enterprise": i.enterprise_id,
        "problem": i.problem, "legal_basis": i.legal_basis, "suggestion": i.suggestion,
        "is_major": i.is_major, "status": i.status, "status_label": i.get_status_display(),
        "inspector_signed_by": i.inspector_signed_by_id, "local_signed_by": i.local_signed_by_id,
        "disposition": i.disposition, "action_taken": i.action_taken,
        "deadline": i.deadline.isoformat() if i.deadline else None,
        "followup": {"type": i.followup_type, "id": i.followup_id, "label": i.followup_label}
        if i.followup_type else None,
    }


def rotation_out(r: MutualInspection) -> dict:
    detail = selectors.rotation_detail(r)
    return {
        "id": r.pk, "title": r.title, "organiser": r.organiser_id, "region": r.region_id,
        "starts_on": r.starts_on.isoformat(), "ends_on": r.ends_on.isoformat(),
        "per_team": r.per_team, "status": r.status, "open_count": detail["open_count"],
        "assignments": [{
            "id": a["assignment"].pk,
            "inspecting_agency": a["assignment"].inspecting_agency_id,
            "inspecting_agency_name": str(a["assignment"].inspecting_agency),
            "target_region": a["assignment"].target_region_id,
            "local_agency": a["assignment"].local_agency_id,
            "enterprises": [e.pk for e in a["enterprises"]],
            "handovers": [handover_out(i) for i in a["items"]],
        } for a in detail["assignments"]],
    }


@router.get("/rotations", summary="异地互查列表")
def list_rotations(request):
    return [rotation_out(r) for r in selectors.rotation_list(request.user)[:50]]


@router.post("/rotations", response={201: dict}, summary="生成异地互查轮换（不查本乡镇）")
def create_rotation(request, payload: RotationIn):
    region = None
    if payload.region:
        region = Region.objects.filter(pk=payload.region).first() or payload.region
    rotation = services.rotation_create(
        actor=request.user, organiser=payload.organiser, title=payload.title,
        starts_on=payload.starts_on, ends_on=payload.ends_on, per_team=payload.per_team,
        region=region, campaign=payload.campaign)
    return Status(201, rotation_out(rotation))


@router.get("/rotations/{int:rotation_id}", summary="异地互查详情")
def get_rotation(request, rotation_id: DbInt):
    return rotation_out(selectors.get_rotation(request.user, rotation_id))


@router.post("/rotations/assignments/{int:assignment_id}/handovers", response={201: dict},
             summary="登记异地执法检查问题（移交表一行）")
def record_handover(request, assignment_id: DbInt, payload: HandoverIn):
    assignment = selectors.get_assignment(request.user, assignment_id)
    item = services.handover_record(actor=request.user, assignment=assignment,
                                    enterprise=payload.enterprise, problem=payload.problem,
                                    legal_basis=payload.legal_basis,
                                    suggestion=payload.suggestion, is_major=payload.is_major)
    return Status(201, handover_out(item))


@router.post("/handovers/{int:item_id}/sign", summary="移交表签名（检查组或当地对接人员）")
def sign_handover(request, item_id: DbInt, payload: SignIn):
    item = selectors.get_handover(request.user, item_id)
    return handover_out(services.handover_sign(actor=request.user, item=item,
                                               password=payload.password))


@router.post("/handovers/{int:item_id}/act", summary="当地执法机构处理移交的问题")
def act_handover(request, item_id: DbInt, payload: ActIn):
    item = selectors.get_handover(request.user, item_id)
    return handover_out(services.handover_act(actor=request.user, item=item,
                                              disposition=payload.disposition,
                                              action_taken=payload.action_taken,
                                              deadline=payload.deadline))


@router.post("/handovers/{int:item_id}/close", summary="组织单位销号")
def close_handover(request, item_id: DbInt, payload: CloseIn):
    item = selectors.get_handover(request.user, item_id)
    return handover_out(services.handover_close(actor=request.user, item=item,
                                                note=payload.note))
