"""API of penalty cases (/api/v1/cases) and referrals (/api/v1/referrals).

Registered in anzhi/api.py with one line: ``api.add_router("", "anzhi.cases.api.router")``.
GET /api/v1/law/discretion is served by anzhi.legalref (the legal quick reference).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from anzhi.accounts import scoping
from anzhi.core.errors import fail
from anzhi.core.files import serve_stored
from anzhi.core.types import DbInt
from anzhi.registry.models import Enterprise

from . import clocks, privacy, selectors, services, voids
from .choices import Direction, Procedure, Source
from .models import Accident, Evidence, PenaltyCase, Referral

router = Router()
cases_router = Router(tags=["行政处罚案件"])
referrals_router = Router(tags=["移送（两法衔接）"])


class ViolationIn(Schema):
    entry_id: str
    facts: str = ""
    overdue: bool = False
    accident: bool = False
    circumstances: list[str] = []


class PartyIn(Schema):
    kind: str
    name: str = ""
    id_number: str = ""
    person: DbInt | None = None
    position: str = ""
    last_year_income: Decimal | None = None  # 元; the base of Art 95, 96, 110 fines


class PartyIncomeIn(Schema):
    last_year_income: Decimal


class VoidIn(Schema):
    reason: str = ""  # required by the service, which names the field in Chinese


class FactsIn(Schema):
    facts: str | None = None
    crime_facts: dict[str, bool] | None = None
    is_serious: bool | None = None


class CaseIn(Schema):
    enterprise: DbInt
    title: str
    procedure: str = Procedure.ORDINARY
    source_type: str = Source.OTHER
    source_id: DbInt | None = None
    source_label: str = ""
    facts: str = ""
    agency: DbInt | None = None
    officers: list[DbInt] = []
    violations: list[ViolationIn] = []
    parties: list[PartyIn] = []
    accident: DbInt | None = None
    crime_facts: dict[str, bool] = {}
    is_serious: bool = False


class ProposalIn(Schema):
    violation: DbInt
    party: DbInt
    amount: Decimal


class TransitionIn(Schema):
    action: str
    on: dt.date | None = None
    reason: str = ""
    officers: list[DbInt] = []
    proposal: list[ProposalIn] = []
    measures: list[str] = []
    minutes: str = ""
    counterpart: str = ""
    kind: str = ""
    response_due: dt.date | None = None
    court: str = ""
    extension: str = ""
    refer: bool | None = None


class LineIn(Schema):
    violation: DbInt
    party: DbInt
    amount: Decimal
    level: str = ""
    deviation_reason: str = ""


class DecisionIn(Schema):
    kind: str = "penalty"
    on: dt.date | None = None
    lines: list[LineIn] = []
    measures: str | None = None


class PaymentIn(Schema):
    amount: Decimal
    paid_on: dt.date | None = None
    receipt_number: str = ""


class CaseQuery(Schema):
    q: str = ""
    status: str = ""
    procedure: str = ""
    source_type: str = ""
    agency: DbInt | None = None
    enterprise: DbInt | None = None
    pre_accident: bool | None = None
    clock: str = ""
    page: DbInt = 1
    page_size: DbInt = 20
    count: bool = False


class ReferralIn(Schema):
    enterprise: DbInt
    kind: str
    direction: str = Direction.OUTGOING
    counterpart: str
    facts: str
    response_due: dt.date | None = None
    sent_on: dt.date | None = None
    case: DbInt | None = None


class ReferralEventIn(Schema):
    status: str
    on: dt.date | None = None
    document: str = ""
    note: str = ""


def _deadline(view: clocks.ClockView) -> dict:
    d = view.row
    return {"name": d.name, "label": d.label, "due": d.due, "legal_basis": d.legal_basis,
            "state": d.state, "obligor": d.obligor, "starts_on": d.starts_on,
            "suspended_days": d.suspended_days, "met_on": d.met_on, "percent": view.percent,
            "warning": view.level, "remaining": view.message, "problem": d.problem}


def transition_result(c: PenaltyCase) -> dict:
    """The case's state after a step: GET /cases/{id} has the whole file."""
    last = (c.__dict__.get("last_transition")  # set by the step just taken
            or c.transitions.select_related("actor").order_by("-id").first())
    return {"id": c.pk, "number": c.number, "status": c.status,
            "status_label": c.get_status_display(),
            "transition": {"action": last.action, "from": last.from_status, "to": last.to_status,
                           "actor": last.actor.display_name, "at": last.at,
                           "signature": last.signature},
            "deadlines": [_deadline(clocks.view(d)) for d in (
                c.__dict__.get("clocks_now") or c.deadlines.order_by("due", "id"))]}


def list_item(c: PenaltyCase) -> dict:
    return {"id": c.pk, "number": c.number, "title": c.title, "status": c.status,
            "status_label": c.get_status_display(), "procedure": c.procedure,
            "enterprise": c.enterprise_id, "enterprise_name": c.enterprise.name,
            "agency": c.agency_id, "agency_name": str(c.agency), "source_type": c.source_type,
            "pre_accident": c.is_pre_accident, "filed_on": c.filed_on,
            "decided_on": c.decided_on, "fine_total": c.fine_total}


def evidence_file_out(e: Evidence) -> dict | None:
    """An evidence item's file: ``url`` is the page's (session login), ``api_url`` the
    download with the bearer token; None when the item has no file."""
    if not e.file:
        return None
    return {"name": e.file_name or os.path.basename(e.file.name),
            "content_type": e.content_type, "size": e.size,
            "url": reverse("cases:evidence_file", args=[e.case_id, e.pk]),
            "api_url": reverse("api:case_evidence_file",
                               kwargs={"case_id": e.case_id, "evidence_id": e.pk})}


def evidence_out(e: Evidence, files: bool) -> dict:
    """An evidence item as the case detail lists it; ``file`` only to those who may open
    it (privacy.evidence_access)."""
    return {"id": e.pk, "kind": e.kind, "title": e.title, "collected_on": e.collected_on,
            "file": evidence_file_out(e) if files else None}


def _voided(row) -> dict | None:
    if not row.is_void:
        return None
    return {"at": row.voided_at, "by": row.voided_by.display_name, "reason": row.void_reason}


def detail(user, pk: DbInt) -> dict:
    page = selectors.case_page(user, pk)
    c = page["case"]
    access = page["income_access"]  # the income figure only for the case team (privacy.py)
    files = page["evidence_access"] == privacy.FILES
    out = list_item(c)
    out.update({
        "source_id": c.source_id, "source_label": c.source_label, "facts": c.facts,
        "accident": c.accident_id, "crime_facts": c.crime_facts, "is_serious": c.is_serious,
        "officers": [{"id": u.pk, "name": u.display_name} for u in page["officers"]],
        "parties": [{"id": p.pk, "kind": p.kind, "name": p.name, "position": p.position,
                     **privacy.party_income(access, p), "voided": _voided(p)}
                    for p in page["parties"]],
        "violations": [{"id": v.pk, "entry_id": v.entry_id, "citation": v.citation,
                        "title": v.title, "facts": v.facts, "overdue": v.overdue,
                        "accident": v.accident, "circumstances": v.circumstances,
                        "voided": _voided(v)}
                       for v in page["violations"]],
        # Listed as privacy.evidence_access allows; "file" only to those who may open it.
        "evidence": [evidence_out(e, files) for e in page["evidence"]],
        "deadlines": [_deadline(v) for v in page["deadlines"]],
        "transitions": [{"action": t.action, "from": t.from_status, "to": t.to_status,
                         "actor": t.actor.display_name, "at": t.at, "reason": t.reason,
                         "signers": t.signers, "signature": t.signature}
                        for t in page["transitions"]],
        "notified_on": c.notified_on, "hearing_right": c.hearing_right,
        "hearing_reasons": c.hearing_reasons,
        "notice_stale": None if c.notice_stale_on is None else {
            "on": c.notice_stale_on, "reason": c.notice_stale_reason},
        "decision": None if not c.decided_on else {
            "kind": c.decision_kind, "number": c.decision_number, "decided_on": c.decided_on,
            "fine_total": c.fine_total, "measures": c.measures, "revoked": c.decision_revoked,
            "lines": [{"violation": ln.violation_id, "party": ln.party_id, "amount": ln.amount,
                       "level": ln.level, "recommended_level": ln.recommended_level,
                       "deviation_reason": ln.deviation_reason} for ln in page["lines"]]},
        "served_on": c.served_on, "payment_due": c.payment_due,
        "paid_principal": c.paid_principal, "paid_late_fee": c.paid_late_fee,
        "owed": page["owed"],
        "payments": [{"amount": p.amount, "principal": p.principal, "late_fee": p.late_fee,
                      "paid_on": p.paid_on, "receipt_number": p.receipt_number}
                     for p in page["payments"]],
        "published_on": c.published_on, "publication_withdrawn_on": c.publication_withdrawn_on,
        "possible_crimes": [{"crime": m.crime, "article": m.article, "elements": m.elements,
                             "explanation": m.explanation} for m in page["crimes"]],
        "referral_decision": c.referral_decision,
        "referrals": [{"id": r.pk, "number": r.number, "kind": r.kind, "status": r.status,
                       "counterpart": r.counterpart} for r in page["referrals"]],
        "proceedings": [{"id": p.pk, "kind": p.kind, "body": p.body, "outcome": p.outcome,
                         "decided_on": p.decided_on} for p in page["proceedings"]],
        "closed_on": c.closed_on, "archived_on": c.archived_on,
    })
    return out


@cases_router.get("", summary="案件列表（筛选、分页；count=true 时返回总数）")
def list_cases(request, query: Query[CaseQuery]):
    page_size = max(1, min(query.page_size, 100))
    page = max(1, query.page)
    qs = selectors.case_list(request.user, selectors.CaseFilters(
        q=query.q, status=query.status, procedure=query.procedure,
        source_type=query.source_type, agency=query.agency, enterprise=query.enterprise,
        pre_accident=query.pre_accident, clock=query.clock))
    rows = list(qs[(page - 1) * page_size: page * page_size + 1])
    out = {"page": page, "page_size": page_size, "has_next": len(rows) > page_size,
           "items": [list_item(c) for c in rows[:page_size]]}
    if query.count:
        out["total"] = qs.count()
    return out


@cases_router.post("", response={201: dict}, summary="登记案件（普通程序待立案审批，或简易程序）")
def create_case(request, payload: CaseIn):
    enterprise = scoping.restrict(Enterprise.objects.all(), request.user).filter(
        pk=payload.enterprise).first()
    if enterprise is None:
        fail("enterprise", "企业：不存在或不在您的辖区")
    accident = None
    if payload.accident:
        accident = Accident.objects.filter(pk=payload.accident, enterprise=enterprise).first()
        if accident is None:
            fail("accident", "关联事故：不存在")
    agency = None
    if payload.agency:
        from anzhi.accounts.models import Agency

        agency = Agency.objects.filter(pk=payload.agency).first()
    case = services.case_create(
        actor=request.user, enterprise=enterprise, title=payload.title,
        procedure_kind=payload.procedure, source_type=payload.source_type,
        source_id=payload.source_id, source_label=payload.source_label, facts=payload.facts,
        agency=agency, officers=payload.officers,
        violations=[v.dict() for v in payload.violations],
        parties=[p.dict() for p in payload.parties], accident=accident,
        crime_facts=payload.crime_facts, is_serious=payload.is_serious)
    return Status(201, detail(request.user, case.pk))


@cases_router.get("/{int:case_id}", summary="案件详情（含法定期限 deadlines）")
def get_one(request, case_id: DbInt):
    return detail(request.user, case_id)


@cases_router.get("/{int:case_id}/evidence/{int:evidence_id}/file",
                  url_name="case_evidence_file", summary="下载证据附件（图片或 PDF）",
                  description="凭令牌下载。承办人员、纪委监督，以及结案后的案卷评查人员可以下载；"
                  "企业用户通过告知、听证程序知悉证据，不能下载。看不到的案件、证据或附件与不存在的"
                  "一样返回 404。文件类型按文件内容判断；文件内容在存储中丢失时也返回 404，并说明"
                  "文件已丢失。",
                  openapi_extra={"responses": {200: {"description": "文件（图片或 PDF）",
                                                     "content": {"application/octet-stream": {
                                                         "schema": {"type": "string",
                                                                    "format": "binary"}}}}}})
def evidence_file(request, case_id: DbInt, evidence_id: DbInt):
    item = selectors.get_evidence_file(request.user, case_id, evidence_id)
    return serve_stored(item.file, api=True)


@cases_router.post("/{int:case_id}/violations", response={201: dict},
                   summary="补充违法行为（罚则目录条目，立案后、决定前）")
def add_violation(request, case_id: DbInt, payload: ViolationIn):
    case = selectors.get_case(request.user, case_id)
    services.case_add_violation(actor=request.user, case=case, data=payload.dict())
    return Status(201, detail(request.user, case_id))


@cases_router.post("/{int:case_id}/parties", response={201: dict},
                   summary="追加当事人（一案双罚：主要负责人、直接责任人员等，决定前）")
def add_party(request, case_id: DbInt, payload: PartyIn):
    case = selectors.get_case(request.user, case_id)
    services.case_add_party(actor=request.user, case=case, data=payload.dict())
    return Status(201, detail(request.user, case_id))


@cases_router.post("/{int:case_id}/violations/{int:violation_id}/void",
                   summary="作废违法行为（录入错误；须说明理由，决定前；告知后须重新告知）")
def void_violation(request, case_id: DbInt, violation_id: DbInt, payload: VoidIn):
    voids.violation_void(actor=request.user, case=case_id, violation=violation_id,
                         reason=payload.reason)
    return detail(request.user, case_id)


@cases_router.post("/{int:case_id}/parties/{int:party_id}/void",
                   summary="作废当事人（录入错误；须说明理由，决定前；告知后须重新告知）")
def void_party(request, case_id: DbInt, party_id: DbInt, payload: VoidIn):
    voids.party_void(actor=request.user, case=case_id, party=party_id, reason=payload.reason)
    return detail(request.user, case_id)


@cases_router.patch("/{int:case_id}/parties/{int:party_id}",
                    summary="登记个人当事人上一年年收入（第95、96、110条按年收入比例罚款）")
def set_party_income(request, case_id: DbInt, party_id: DbInt, payload: PartyIncomeIn):
    selectors.get_case(request.user, case_id)
    services.case_set_party_income(actor=request.user, case=case_id, party=party_id,
                                   last_year_income=payload.last_year_income)
    return detail(request.user, case_id)


@cases_router.patch("/{int:case_id}/facts", summary="修改案件事实（只改所给字段，决定前）")
def update_facts(request, case_id: DbInt, payload: FactsIn):
    case = selectors.get_case(request.user, case_id)
    services.case_update_facts(actor=request.user, case=case,
                               **payload.dict(exclude_unset=True))
    return detail(request.user, case_id)


@cases_router.post("/{int:case_id}/transitions",
                   summary="办案步骤（action）；不允许时返回 409 及原因")
def transition(request, case_id: DbInt, payload: TransitionIn):
    data = payload.dict(exclude_unset=True)
    data.pop("action")
    if "proposal" in data:
        data["proposal"] = [{**p, "amount": str(p["amount"])} for p in data["proposal"]]
    case = services.case_transition(actor=request.user, case=case_id, action=payload.action,
                                    data=data)
    return transition_result(case)


@cases_router.post("/{int:case_id}/decision", summary="作出处罚决定（含裁量）")
def decide(request, case_id: DbInt, payload: DecisionIn):
    selectors.get_case(request.user, case_id)
    services.case_decide(actor=request.user, case=case_id, kind=payload.kind,
                         decided_on=payload.on, measures=payload.measures,
                         lines=[{**ln.dict(), "amount": str(ln.amount)} for ln in payload.lines])
    return detail(request.user, case_id)


@cases_router.post("/{int:case_id}/payments", response={201: dict}, summary="登记缴款")
def pay(request, case_id: DbInt, payload: PaymentIn):
    selectors.get_case(request.user, case_id)
    services.case_record_payment(actor=request.user, case=case_id, amount=payload.amount,
                                 paid_on=payload.paid_on, receipt_number=payload.receipt_number)
    return Status(201, detail(request.user, case_id))


def referral_detail(r: Referral) -> dict:
    return {"id": r.pk, "number": r.number, "direction": r.direction, "kind": r.kind,
            "status": r.status, "status_label": r.get_status_display(), "case": r.case_id,
            "opened_case": r.opened_case_id, "enterprise": r.enterprise_id,
            "agency": r.agency_id, "counterpart": r.counterpart, "facts": r.facts,
            "crimes": r.crimes, "sent_on": r.sent_on, "received_on": r.received_on,
            "response_due": r.response_due, "responded_on": r.responded_on,
            "overdue": bool(r.response_due and not r.responded_on
                            and r.response_due < timezone.localdate()),
            "events": [{"status": e.status, "on": e.on, "document": e.document, "note": e.note}
                       for e in r.events.all()]}


@referrals_router.post("", response={201: dict}, summary="移送（司法机关、其他部门）或登记移入案件")
def create_referral(request, payload: ReferralIn):
    enterprise = scoping.restrict(Enterprise.objects.all(), request.user).filter(
        pk=payload.enterprise).first()
    if enterprise is None:
        fail("enterprise", "企业：不存在或不在您的辖区")
    case = selectors.get_case(request.user, payload.case) if payload.case else None
    referral = services.referral_create(
        actor=request.user, enterprise=enterprise, kind=payload.kind,
        direction=payload.direction, counterpart=payload.counterpart, facts=payload.facts,
        response_due=payload.response_due, sent_on=payload.sent_on, case=case)
    return Status(201, referral_detail(selectors.get_referral(request.user, referral.pk)))


@referrals_router.get("/{int:referral_id}", summary="移送详情（各阶段日期与文书）")
def get_referral(request, referral_id: DbInt):
    return referral_detail(selectors.get_referral(request.user, referral_id))


@referrals_router.post("/{int:referral_id}/events",
                       summary="登记移送进展（受理、立案、起诉、判决等）")
def referral_event(request, referral_id: DbInt, payload: ReferralEventIn):
    selectors.get_referral(request.user, referral_id)
    services.referral_advance(actor=request.user, referral=referral_id, status=payload.status,
                              on=payload.on, document=payload.document, note=payload.note)
    return referral_detail(selectors.get_referral(request.user, referral_id))


from . import api_evidence  # noqa: E402, F401  (registers the evidence upload)

router.add_router("/cases", cases_router)
router.add_router("/referrals", referrals_router)
