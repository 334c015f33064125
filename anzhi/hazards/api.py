"""REST API of the hazard ledger: thin handlers over selectors and services."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from anzhi.core.types import DbInt

from .models import Hazard, Listing
from .selectors import (
    LedgerFilters,
    clearance,
    get_hazard,
    hazard_detail,
    ledger,
    supervised,
)
from .services import (
    hazard_create,
    hazard_list_for_supervision,
    hazard_offer_case,
    hazard_reopen,
    hazard_review,
    hazard_set_plan,
    hazard_start,
    hazard_submit_rectification,
    listing_extend,
    today,
)

router = Router(tags=["隐患台账"])


class LedgerQuery(Schema):
    status: str = ""
    level: str = ""
    overdue: bool | None = None
    enterprise: DbInt | None = None
    region: str = ""
    agency: DbInt | None = None
    source: str = ""
    listed: bool | None = None
    page: DbInt = 1
    page_size: DbInt = 20


class HazardItem(Schema):
    id: int
    enterprise: int
    enterprise_name: str
    region: str
    region_name: str
    agency: int
    agency_name: str
    level: str
    level_label: str
    status: str
    status_label: str
    source: str
    source_label: str
    criterion: str
    description: str
    place: str
    found_on: date
    found_by_name: str
    rectify_due: date | None
    overdue: bool
    overdue_flagged: bool
    listed: bool
    failed_reviews: int
    escalated: bool
    escalation_reasons: list[str]
    closed_on: date | None


class HazardPage(Schema):
    total: int
    page: int
    page_size: int
    items: list[HazardItem]


class HazardFileOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    url: str
    api_url: str


class HazardOut(HazardItem):
    emergency_measures: str
    photos: list[HazardFileOut]
    plan: dict | None
    plan_missing: list[str]
    transitions: list[dict]
    rectifications: list[dict]
    reviews: list[dict]
    listings: list[dict]
    no_penalty: dict | None
    case: dict | None
    case_offer_available: bool


def item(h: Hazard, day: date) -> dict:
    return {
        "id": h.pk, "enterprise": h.enterprise_id, "enterprise_name": h.enterprise.name,
        "region": h.region_id, "region_name": h.region.name, "agency": h.agency_id,
        "agency_name": str(h.agency), "level": h.level, "level_label": h.get_level_display(),
        "status": h.status, "status_label": h.get_status_display(), "source": h.source,
        "source_label": h.source_label, "criterion": h.criterion,
        "description": h.description, "place": h.place, "found_on": h.found_on,
        "found_by_name": h.found_by_name, "rectify_due": h.rectify_due,
        "overdue": h.is_overdue(day), "overdue_flagged": h.overdue_flagged,
        "listed": h.listed, "failed_reviews": h.failed_reviews, "escalated": h.escalated,
        "escalation_reasons": h.escalation_reasons(), "closed_on": h.closed_on,
    }


def file_out(f) -> dict:
    """A hazard file as the API shows it: ``url`` is the page's (session login), ``api_url``
    the download with the bearer token (``GET /api/v1/hazards/{id}/files/{file_id}``)."""
    return {"id": f.pk, "kind": f.kind, "name": f.name, "content_type": f.content_type,
            "size": f.size, "url": reverse("hazards:file", args=[f.hazard_id, f.pk]),
            "api_url": reverse("api:hazard_file",
                               kwargs={"hazard_id": f.hazard_id, "file_id": f.pk})}


def detail(request, pk: DbInt) -> dict:
    d = hazard_detail(request.user, pk, full=False)
    h = d["hazard"]
    out = item(h, d["today"])
    plan = d["plan"]
    out.update({
        "emergency_measures": h.emergency_measures,
        "photos": [file_out(f) for f in d["finding_files"]],
        "plan": None if plan is None else {
            "responsible_person": plan.responsible_person,
            "responsible_phone": plan.responsible_phone, "measures": plan.measures,
            "funds": str(plan.funds), "deadline": plan.deadline.isoformat(),
            "emergency_plan": plan.emergency_plan},
        "plan_missing": d["plan_missing"],
        "transitions": [transition_out(t) for t in d["transitions"]],
        "rectifications": [rectification_out(r) for r in d["rectifications"]],
        "reviews": [{"id": r.pk, "passed": r.passed, "opinion": r.opinion,
                     "on_site": r.on_site, "reviewed_on": r.reviewed_on.isoformat(),
                     "officers": [str(o) for o in r.officers.all()],
                     "document_number": r.document_number} for r in d["reviews"]],
        "listings": [{"id": x.pk, "level": x.level, "level_label": x.get_level_display(),
                      "agency": str(x.agency), "document_number": x.document_number,
                      "listed_on": x.listed_on.isoformat(), "deadline": x.deadline.isoformat(),
                      "due": x.due.isoformat(), "is_active": x.is_active,
                      "extensions": [{"from_due": e.from_due.isoformat(),
                                      "to_due": e.to_due.isoformat(), "reason": e.reason,
                                      "approved_by": str(e.approved_by)}
                                     for e in x.extensions.all()]}
                     for x in d["listings"]],
        "no_penalty": None if d["no_penalty"] is None else {
            "eligible": d["no_penalty"].eligible, "basis": d["no_penalty"].basis,
            "reasons": d["no_penalty"].reasons,
            "circumstance": d["no_penalty"].circumstance},
        "case": {"label": h.case_label, "url": h.case_url} if h.case_object_id else None,
        "case_offer_available": d["case_offer_available"],
    })
    return out


@router.get("", response=HazardPage, summary="隐患台账（筛选、分页）")
def list_hazards(request, query: Query[LedgerQuery]):
    page_size = max(1, min(query.page_size, 100))
    page = max(1, query.page)
    day = today()
    filters = LedgerFilters(status=query.status, level=query.level, overdue=query.overdue,
                            enterprise=query.enterprise, region=query.region,
                            agency=query.agency, source=query.source, listed=query.listed)
    qs = ledger(request.user, filters, day)
    start = (page - 1) * page_size
    return {"total": qs.count(), "page": page, "page_size": page_size,
            "items": [item(h, day) for h in qs[start:start + page_size]]}


class HazardIn(Schema):
    enterprise: DbInt
    level: str = "general"
    source: str = ""
    criterion: str = ""
    description: str = ""
    place: str = ""
    found_on: date | None = None
    found_by_name: str = ""
    rectify_due: date | None = None
    agency: DbInt | None = None
    emergency_measures: str = ""
    source_label: str = ""
    on_site_rectified: str = ""


@router.post("", response={201: HazardOut}, summary="登记隐患（执法人员录入或企业自查自报）")
def create_hazard(request, payload: HazardIn):
    data = payload.dict()
    enterprise = data.pop("enterprise")
    on_site = data.pop("on_site_rectified")
    hazard = hazard_create(actor=request.user, enterprise=enterprise, data=data,
                           on_site_rectified=on_site)
    return Status(201, detail(request, hazard.pk))


@router.get("/clearance", summary="动态清零统计（按区划、机构）")
def get_clearance(request, region: str = "", agency: DbInt | None = None):
    fig = clearance(request.user, region=region, agency=agency, list_limit=50)
    fig = {**fig, "hazards": [item(h, fig["day"]) | {"age_days": h.age_days}
                              for h in fig["hazards"]]}
    return fig


@router.get("/supervised", response=list[HazardItem], summary="挂牌督办中的重大事故隐患")
def list_supervised(request):
    day = today()
    return [item(h, day) for h in supervised(request.user)[:500]]


@router.get("/{int:hazard_id}", response=HazardOut, summary="隐患详情及全部经过")
def get_one(request, hazard_id: DbInt):
    return detail(request, hazard_id)


class PlanIn(Schema):
    responsible_person: str = ""
    responsible_phone: str = ""
    measures: str = ""
    funds: Decimal | None = None
    deadline: date | None = None
    emergency_plan: str = ""


@router.post("/{int:hazard_id}/plan", response={201: HazardOut}, summary="整改方案（五落实）")
def set_plan(request, hazard_id: DbInt, payload: PlanIn):
    hazard_set_plan(actor=request.user, hazard=hazard_id, data=payload.dict())
    return Status(201, detail(request, hazard_id))


class ReasonIn(Schema):
    reason: str = ""


@router.post("/{int:hazard_id}/start", response=HazardOut, summary="开始整改")
def start(request, hazard_id: DbInt, payload: ReasonIn):
    hazard_start(actor=request.user, hazard=hazard_id, reason=payload.reason)
    return detail(request, hazard_id)


class RectificationOut(Schema):
    id: int
    description: str
    money_spent: str
    on_site: bool
    submitted_by: str
    submitted_at: str
    files: list[HazardFileOut]


class RectificationStepOut(Schema):
    """The hazard's state after the evidence was stored; GET /hazards/{id} has the history."""
    id: int
    level: str
    status: str
    status_label: str
    rectify_due: date | None
    overdue: bool
    rectification: RectificationOut
    transition: dict  # action, from, to, actor, at, reason: as in the detail's transitions


def rectification_out(r) -> dict:
    files = r.saved_files if hasattr(r, "saved_files") else list(r.files.all())
    return {"id": r.pk, "description": r.description, "money_spent": str(r.money_spent),
            "on_site": r.on_site, "submitted_by": str(r.submitted_by),
            "submitted_at": r.submitted_at.isoformat(), "files": [file_out(f) for f in files]}


def transition_out(t) -> dict:
    return {"action": t.action, "from": t.from_status, "to": t.to_status,
            "actor": str(t.actor) if t.actor_id else "系统", "at": t.at.isoformat(),
            "reason": t.reason}


@router.post("/{int:hazard_id}/rectifications", response={201: RectificationStepOut},
             summary="提交整改情况和证据（multipart：description, money_spent, before, after）；"
                     "返回隐患的新状态和本次材料，全部经过见隐患详情")
def submit_rectification(request, hazard_id: DbInt, description: Form[str] = "",
                         money_spent: Form[str] = "",
                         before: File[list[UploadedFile]] = None,
                         after: File[list[UploadedFile]] = None):
    rect = hazard_submit_rectification(
        actor=request.user, hazard=hazard_id, description=description,
        money_spent=money_spent or None, before=before or (), after=after or ())
    h = rect.hazard
    return Status(201, {"id": h.pk, "level": h.level, "status": h.status,
                        "status_label": h.get_status_display(), "rectify_due": h.rectify_due,
                        "overdue": h.is_overdue(today()),
                        "rectification": rectification_out(rect),
                        "transition": transition_out(rect.transition)})


class ReviewIn(Schema):
    passed: bool
    opinion: str = ""
    on_site: bool = False
    officers: list[DbInt] | None = None
    reviewed_on: date | None = None


@router.post("/{int:hazard_id}/reviews", response={201: HazardOut},
             summary="复查（合格则销号并出具整改复查意见书；不合格退回整改）")
def review(request, hazard_id: DbInt, payload: ReviewIn):
    hazard_review(actor=request.user, hazard=hazard_id, passed=payload.passed,
                  opinion=payload.opinion, on_site=payload.on_site,
                  officer_ids=payload.officers, reviewed_on=payload.reviewed_on)
    return Status(201, detail(request, hazard_id))


class ReopenIn(Schema):
    reason: str = ""
    rectify_due: date | None = None


@router.post("/{int:hazard_id}/reopen", response=HazardOut, summary="隐患复现，重新打开")
def reopen(request, hazard_id: DbInt, payload: ReopenIn):
    hazard_reopen(actor=request.user, hazard=hazard_id, reason=payload.reason,
                  rectify_due=payload.rectify_due)
    return detail(request, hazard_id)


class ListingIn(Schema):
    level: str
    document_number: str = ""
    deadline: date | None = None
    agency: DbInt | None = None


@router.post("/{int:hazard_id}/listing", response={201: HazardOut}, summary="挂牌督办")
def list_for_supervision(request, hazard_id: DbInt, payload: ListingIn):
    hazard_list_for_supervision(actor=request.user, hazard=hazard_id, level=payload.level,
                                document_number=payload.document_number,
                                deadline=payload.deadline, agency=payload.agency)
    return Status(201, detail(request, hazard_id))


class ExtensionIn(Schema):
    to_due: date | None = None
    reason: str = ""


@router.post("/listings/{int:listing_id}/extensions", response={201: HazardOut},
             summary="督办延期（须说明理由，由机构负责人或安委办批准）")
def extend(request, listing_id: DbInt, payload: ExtensionIn):
    hazard_id = Listing.objects.filter(pk=listing_id).values_list("hazard_id", flat=True).first()
    get_hazard(request.user, hazard_id or 0)
    listing_extend(actor=request.user, listing=listing_id, to_due=payload.to_due,
                   reason=payload.reason)
    return Status(201, detail(request, hazard_id))


@router.post("/{int:hazard_id}/case", response={201: HazardOut}, summary="从重处理：提请立案")
def offer_case(request, hazard_id: DbInt):
    hazard_offer_case(actor=request.user, hazard=hazard_id)
    return Status(201, detail(request, hazard_id))


from . import api_photos  # noqa: E402, F401  (registers the photo uploads and downloads)
