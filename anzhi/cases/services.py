"""Every write to a penalty case: one transaction, the state and authority checks, the
legal rules from anzhi.law, a signed transition row and an audit event.

The procedure (行政处罚法):
  简易程序  SIMPLE ──decide──> EXECUTING / SERVED ──close──> CLOSED ──archive──> ARCHIVED
  普通程序  FILING ─approve_filing─> INVESTIGATING ─submit_review─> REVIEW ─notify─> NOTIFIED
            NOTIFIED ─request_hearing─> HEARING ─finish_hearing─> HEARED
            NOTIFIED/HEARD ─discuss─> DISCUSSION          (重大复杂案件, Art 57)
            NOTIFIED/HEARD/DISCUSSION ─decide─> DECIDED ─serve─> EXECUTING (fine) / SERVED
            EXECUTING ─apply_enforcement─> ENFORCING;  SERVED/EXECUTING/ENFORCING ─close─> CLOSED
            branches: reject_filing → NOT_FILED; revoke_filing → REVOKED; transfer → TRANSFERRED
            NOTIFIED/HEARD/DISCUSSION ─(charges changed: notice_stale)─> REVIEW ─notify─> …
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from anzhi.accounts import scoping
from anzhi.accounts.models import Agency, Conflict, Role, User
from anzhi.core import acting_day, audit, bulk, numbering
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.files import insert_once, stored_as
from anzhi.core.prepared import Prepared
from anzhi.law import accidents as law_accidents
from anzhi.law import crimes as law_crimes
from anzhi.law import deadlines as law_deadlines
from anzhi.law import discretion, idcard, procedure, statutes, uscc
from anzhi.law.workdays import UnknownYearError
from anzhi.registry.models import Enterprise, EnterprisePerson

from . import clocks, documents, fines, scope
from . import evidence as evidence_files
from .choices import (
    ADVERSE_OUTCOMES,
    ArrangementKind,
    DecisionKind,
    Direction,
    EvidenceKind,
    Outcome,
    PartyKind,
    Procedure,
    ProceedingKind,
    ReferralKind,
    ReferralStatus,
    Source,
    Status,
    SuspensionKind,
)
from .models import (
    Accident,
    CaseFileReview,
    CaseParty,
    CaseTransition,
    Evidence,
    PaymentArrangement,
    PenaltyCase,
    PenaltyLine,
    Referral,
    ReferralEvent,
    ReviewProceeding,
    Suspension,
    Violation,
)
from .review_sheet import SHEET

ZERO = Decimal("0")
CENT = Decimal("0.01")

# Document kinds (anzhi.core.numbering) and their abbreviations in the number.
DOC_FILING = ("case_filing", "立")
DOC_NOTICE = ("penalty_notice", "罚告")
DOC_HEARING = ("hearing_notice", "听告")
DOC_DECISION = ("penalty_decision", "罚决")
DOC_CLOSING = ("case_closing", "结")
DOC_TRANSFER = ("case_transfer", "移")

PRE_DECISION = {Status.FILING, Status.INVESTIGATING, Status.REVIEW, Status.NOTIFIED,
                Status.HEARING, Status.HEARD, Status.DISCUSSION, Status.SIMPLE}
# Where 延长办案期限 applies: the decision limit runs (the page offers it from the same set).
EXTENDABLE = PRE_DECISION - {Status.FILING, Status.SIMPLE}
# The party has been told the charges; a change now needs a fresh notice (_charges_changed).
AFTER_NOTICE = {Status.NOTIFIED, Status.HEARD, Status.DISCUSSION}


# --- helpers -----------------------------------------------------------------------------

def today() -> dt.date:
    return acting_day.today()


def _label(status: str) -> str:
    return Status(status).label if status in Status.values else status


def _may_change(actor: User, enterprise: Enterprise) -> bool:
    return scoping.restrict(Enterprise.objects.filter(pk=enterprise.pk), actor,
                            "change").exists()


def _locking(scope_q, pk: int):
    # The chain's last signature and the open suspension come with the locked row: every step
    # needs the one and the clock steps the other, and each was a round trip of its own.
    open_suspension = Suspension.objects.filter(case=OuterRef("pk"), ended_on=None)
    qs = PenaltyCase.objects.select_for_update(of=("self",)).filter(pk=pk)
    return (qs if scope_q is None else qs.filter(scope_q)).annotate(
        last_signature=Subquery(CaseTransition.objects.filter(case=OuterRef("pk"))
                                .order_by("-id").values("signature")[:1]),
        open_suspension_id=Subquery(open_suspension.values("id")[:1]),
        open_suspension_on=Subquery(open_suspension.values("started_on")[:1]))


_LOCKING = Prepared(PenaltyCase, _locking)


def _lock(actor: User, case: PenaltyCase | int) -> PenaltyCase:
    pk = case.pk if isinstance(case, PenaltyCase) else case
    locked = _LOCKING.first(scope.scope_q(actor, "change"), pk)
    if locked is not None:
        return locked
    # Only on refusal: a case the actor cannot even see is "not found", like on its pages.
    if not scope.restrict(PenaltyCase.objects, actor, "view").filter(pk=pk).exists():
        raise Http404("未找到该案件")
    raise NotAllowed("无权办理该案件")


def _member(actor: User, case: PenaltyCase) -> None:
    """Officers and the head of the case's agency handle it."""
    if actor.is_superuser:
        return
    if actor.agency_id != case.agency_id or actor.role not in (Role.OFFICER, Role.AGENCY_HEAD):
        raise NotAllowed(f"只有承办机关（{case.agency}）的执法人员可以办理本案")


def _head(actor: User, case: PenaltyCase, what: str) -> None:
    """Decisions of the agency are its head's (行政处罚法 Art 57, 58)."""
    if actor.role != Role.AGENCY_HEAD or actor.agency_id != case.agency_id:
        raise NotAllowed(f"只有承办机关（{case.agency}）的负责人可以{what}")


def _expect(case: PenaltyCase, allowed: set[str], what: str) -> None:
    if case.status not in allowed:
        raise TransitionRefused(f"案件当前状态为“{_label(case.status)}”，不能{what}")


def _day(value: Any, field: str, label: str, default: dt.date | None = None) -> dt.date:
    if value in (None, ""):
        if default is None:
            raise ValidationFailed({field: f"{label}：必填"})
        return default
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationFailed({field: f"{label}：应为日期（YYYY-MM-DD）"}) from None
    if day > today():
        raise ValidationFailed({field: f"{label}：不能晚于今天"})
    return day


def _money(value: Any, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise ValidationFailed({field: f"{label}：应为金额（元）"}) from None
    if not amount.is_finite():  # "NaN" passes quantize
        raise ValidationFailed({field: f"{label}：应为金额（元）"})
    if amount < 0:
        raise ValidationFailed({field: f"{label}：不能为负数"})
    return amount


def _yuan(amount: Decimal) -> str:
    amount = Decimal(amount)
    if amount >= 10000 and amount % 100 == 0:
        return f"{(amount / 10000).normalize():f}万元"
    return f"{amount.normalize():f}元"


def _signature(case: PenaltyCase, payload: dict) -> str:
    """Chain the step to the case's previous one (``last_signature`` is read with the lock)."""
    if "last_signature" in case.__dict__:
        last = case.last_signature or ""
    else:
        last = case.transitions.order_by("-id").values_list("signature", flat=True).first() or ""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    case.last_signature = hashlib.sha256(f"{last}|{body}".encode()).hexdigest()
    return case.last_signature


def _signers(users) -> list[dict]:
    out = []
    day = today()
    for u in users:
        cert = next((c for c in u.certificates.all() if c.is_valid_on(day)), None)
        out.append({"id": u.pk, "name": u.display_name, "certificate": cert.number if cert else ""})
    return out


def _move(case: PenaltyCase, *, actor: User, action: str, to: str, reason: str = "",
          fields: list[str] | None = None, signers=None, changes: dict | None = None
          ) -> CaseTransition:
    """Write the new state, the signed transition row and the audit event."""
    before = case.status
    case.status = to
    if to != before or fields:  # 中止/恢复计时 keep the status: nothing to write on the case
        case.save(update_fields=["status", *(fields or [])])
    signed = _signers(signers if signers is not None else [actor])
    payload = {"case": case.pk, "action": action, "from": before, "to": to, "actor": actor.pk,
               "at": timezone.now().isoformat(), "reason": reason, "signers": signed}
    [row] = bulk.insert([CaseTransition(
        case=case, action=action, from_status=before, to_status=to, actor=actor,
        reason=reason, signers=signed, signature=_signature(case, payload))])
    audit.record(actor=actor, action=f"case.{action}", obj=case,
                 changes={"status": [before, to], **(changes or {})}, reason=reason)
    case.last_transition = row  # what the API answers with, without reading it back
    return row


def _issue(case: PenaltyCase, doc: tuple[str, str], obj, actor: User, on: dt.date) -> str:
    issued = numbering.issue(agency=case.agency, kind=doc[0], abbreviation=doc[1], year=on.year,
                             obj=obj, actor=actor)
    return issued.number


def _certified(users, enterprise, *, field="officers") -> list[User]:
    """At least two officers with a certificate valid today and no recusal (Art 42, 43)."""
    day = today()
    valid = []
    for u in users:
        if not any(c.is_valid_on(day) for c in u.certificates.all()):
            raise ValidationFailed({field: f"承办人员：{u.display_name} 没有有效的执法证"})
        if Conflict.objects.filter(officer=u, enterprise=enterprise, is_active=True).exists():
            raise ValidationFailed({field: f"承办人员：{u.display_name} 已申报回避，不能办理本案"})
        valid.append(u)
    if len(valid) < 2:
        raise ValidationFailed({field: "承办人员：执法人员不得少于两人（行政处罚法第42条）"})
    return valid


def _officers(case: PenaltyCase, ids: list[int] | None) -> list[User]:
    if not ids:
        return list(case.officers.prefetch_related("certificates"))
    users = list(User.objects.filter(pk__in=ids, agency_id=case.agency_id, is_active=True)
                 .prefetch_related("certificates"))
    if len(users) != len(set(ids)):
        raise ValidationFailed({"officers": "承办人员：须为本机关在职人员"})
    return users


def crime_facts_of(case: PenaltyCase) -> law_crimes.Facts:
    data = {k: v for k, v in (case.crime_facts or {}).items() if k in law_crimes.FLAGS}
    if case.accident_id:
        acc = case.accident
        data.update(deaths=acc.deaths, serious_injuries=acc.serious_injuries,
                    direct_loss_yuan=acc.direct_loss)
    return law_crimes.Facts(**data)


def possible_crimes(case: PenaltyCase) -> list[law_crimes.CrimeMatch]:
    return law_crimes.possible_crimes(crime_facts_of(case))


def _clean_crime_facts(raw: dict | None) -> dict:
    raw = raw or {}
    unknown = sorted(set(raw) - set(law_crimes.FLAGS))
    if unknown:
        raise ValidationFailed({"crime_facts": f"涉罪事实要素：不认识的要素 {', '.join(unknown)}"})
    return {k: bool(v) for k, v in raw.items()}


def _entry(entry_id: str, field: str) -> statutes.Entry:
    if not entry_id:
        raise ValidationFailed({field: "违法行为：必须选择罚则目录中的条目"})
    try:
        entry = statutes.get(entry_id)
    except LookupError:
        raise ValidationFailed({field: f"违法行为：罚则目录中没有条目 {entry_id}"}) from None
    if entry.superseded_by:
        # Charged on it, the case would cite an article whose amounts no longer apply.
        now = statutes.current(entry)
        raise ValidationFailed({field: f"违法行为：{entry.citation}规定的罚款已由{now.citation}"
                                       f"取代，请选择{now.citation}（{now.title}）"})
    return entry


def _clean_circumstances(names, field: str) -> list[str]:
    names = list(names or [])
    try:
        discretion._validate(names)  # the law package's own check (unknown, contradictory)
    except ValueError as exc:
        raise ValidationFailed({field: f"裁量情节：{str(exc).split(' (')[0]}"}) from None
    return sorted(set(names))


# --- accidents ---------------------------------------------------------------------------

@transaction.atomic
def accident_create(*, actor: User, enterprise: Enterprise, occurred_on, deaths: int = 0,
                    serious_injuries: int = 0, direct_loss=0, description: str = "") -> Accident:
    if not _may_change(actor, enterprise):
        raise NotAllowed("无权登记该企业的事故")
    day = _day(occurred_on, "occurred_on", "发生日期")
    loss = _money(direct_loss, "direct_loss", "直接经济损失")
    if int(deaths) < 0 or int(serious_injuries) < 0:
        raise ValidationFailed({"deaths": "死亡、重伤人数：不能为负数"})
    acc = Accident.objects.create(
        enterprise=enterprise, region_id=enterprise.region_id, occurred_on=day,
        description=description, deaths=deaths, serious_injuries=serious_injuries,
        direct_loss=loss, grade=law_accidents.grade(deaths, serious_injuries, loss),
        created_by=actor)
    audit.record(actor=actor, action="accident.create", obj=acc,
                 changes={"grade": acc.grade, "deaths": deaths})
    return acc


# --- creating and completing a case ------------------------------------------------------

def _violation(case: PenaltyCase, data: dict, field: str) -> Violation:
    entry = _entry(str(data.get("entry_id", "")).strip(), f"{field}.entry_id")
    overdue, accident = bool(data.get("overdue")), bool(data.get("accident"))
    if overdue and accident:
        raise ValidationFailed({f"{field}.overdue": "违法情形：逾期未改正与导致事故不能同时选择"})
    if statutes.is_graded(entry):
        entry = _graded(case, entry, f"{field}.entry_id")
    return Violation.objects.create(
        case=case, entry_id=entry.id, citation=entry.citation, title=entry.title[:200],
        facts=str(data.get("facts", "")), overdue=overdue, accident=accident,
        circumstances=_clean_circumstances(data.get("circumstances"), f"{field}.circumstances"))


def _graded(case: PenaltyCase, entry: statutes.Entry, field: str) -> statutes.Entry:
    """An article graded by accident (Art 95, 114) applies the item of the grade of the case's
    linked accident (条例 Art 3): an item of another grade is refused, the article is made
    precise."""
    if case.accident_id is None:
        raise ValidationFailed({field: (
            f"违法行为：{entry.citation}按事故等级处罚，本案须关联事故（立案时选择关联事故）")})
    try:
        return statutes.graded_item(entry, case.accident.grade)
    except ValueError as exc:
        raise ValidationFailed({field: f"违法行为：{str(exc).split(' (')[0]}"}) from None


MAX_INCOME = Decimal("999999999999.99")  # CaseParty.last_year_income: 14 digits


def _income(value: Any, field: str) -> Decimal | None:
    """The person's income of the previous year: the base of the fines of Art 95, 96, 110."""
    if value is None or str(value).strip() == "":
        return None
    amount = _money(str(value).strip().replace(",", ""), field, "当事人上一年年收入")
    if amount > MAX_INCOME:
        raise ValidationFailed({field: "当事人上一年年收入：超出允许范围（应小于1万亿元）"})
    return amount


def _party(case: PenaltyCase, data: dict, field: str) -> CaseParty:
    kind = data.get("kind")
    if kind not in PartyKind.values or kind == PartyKind.UNIT:
        raise ValidationFailed({f"{field}.kind": "当事人身份：应为主要负责人、直接责任人员等个人"})
    if data.get("person"):
        person = EnterprisePerson.objects.filter(pk=data["person"],
                                                 enterprise=case.enterprise).first()
        if person is None:
            raise ValidationFailed({f"{field}.person": "当事人：不是本企业登记的人员"})
        name, id_number = person.name, person.id_number
    else:
        name = str(data.get("name", "")).strip()
        id_number = uscc.normalize(str(data.get("id_number", "")))  # full-width, spaces, x
        if id_number and not idcard.is_valid(id_number, today()):
            raise ValidationFailed({f"{field}.id_number": (
                "当事人身份证号码：不正确（GB 11643 校验未通过）")})
    if not name:
        raise ValidationFailed({f"{field}.name": "当事人姓名：必填"})
    if len(name) > 200:
        raise ValidationFailed({f"{field}.name": "当事人姓名：过长（限200字）"})
    income = _income(data.get("last_year_income"), f"{field}.last_year_income")
    return CaseParty.objects.create(case=case, kind=kind, name=name, id_number=id_number[:18],
                                    position=str(data.get("position", ""))[:50],
                                    last_year_income=income)


@transaction.atomic
def case_create(*, actor: User, enterprise: Enterprise, title: str,
                procedure_kind: str = Procedure.ORDINARY, source_type: str = Source.OTHER,
                source_id: int | None = None, source_label: str = "", facts: str = "",
                agency: Agency | None = None, officers: list[int] | None = None,
                violations: list[dict] | None = None, parties: list[dict] | None = None,
                accident: Accident | None = None, crime_facts: dict | None = None,
                is_serious: bool = False) -> PenaltyCase:
    """Open a case: 普通程序 awaiting 立案审批, or a 简易程序 case to decide on the spot."""
    if not _may_change(actor, enterprise):
        raise NotAllowed("无权对该企业立案")
    agency = agency or actor.agency
    errors = {}
    if agency is None or not agency.has_enforcement_power:
        errors["agency"] = "承办机关：须为具有执法权的机关"
    elif not actor.is_superuser and actor.agency_id != agency.pk:
        raise NotAllowed("只能以本机关名义立案")
    if not str(title).strip():
        errors["title"] = "案由：必填"
    if procedure_kind not in Procedure.values:
        errors["procedure"] = "程序：应为简易程序或普通程序"
    if source_type not in Source.values:
        errors["source_type"] = "案件来源：不正确"
    if accident is not None and accident.enterprise_id != enterprise.pk:
        errors["accident"] = "关联事故：不是该企业的事故"
    if errors:
        raise ValidationFailed(errors)
    status = Status.SIMPLE if procedure_kind == Procedure.SIMPLE else Status.FILING
    case = PenaltyCase.objects.create(
        title=str(title).strip()[:200], agency=agency, enterprise=enterprise,
        region_id=enterprise.region_id, procedure=procedure_kind, status=status,
        source_type=source_type, source_id=source_id, source_label=source_label[:200],
        accident=accident, facts=facts, crime_facts=_clean_crime_facts(crime_facts),
        is_serious=bool(is_serious), created_by=actor)
    CaseParty.objects.create(case=case, kind=PartyKind.UNIT, name=enterprise.name,
                             id_number=enterprise.uscc)
    for i, v in enumerate(violations or []):
        _violation(case, v, f"violations.{i}")
    for i, p in enumerate(parties or []):
        _party(case, p, f"parties.{i}")
    if officers:
        case.officers.set(_officers(case, officers))
    signed = _signers([actor])
    payload = {"case": case.pk, "action": "create", "to": status, "actor": actor.pk}
    CaseTransition.objects.create(case=case, action="create", from_status="", to_status=status,
                                  actor=actor, signers=signed,
                                  signature=_signature(case, payload))
    audit.record(actor=actor, action="case.create", obj=case,
                 changes={"procedure": procedure_kind, "status": status,
                          "source": f"{source_type}:{source_id or ''}"})
    return case


@transaction.atomic
def case_add_violation(*, actor: User, case: PenaltyCase, data: dict) -> Violation:
    case = _lock(actor, case)
    _member(actor, case)
    _expect(case, PRE_DECISION - {Status.FILING}, "补充违法行为")
    _not_in_hearing(case, "补充违法行为")
    v = _violation(case, data, "violation")
    audit.record(actor=actor, action="case.add_violation", obj=case, changes={"entry": v.entry_id})
    _charges_changed(actor, case, f"补充违法行为（{v.citation}）")
    return v


@transaction.atomic
def case_add_party(*, actor: User, case: PenaltyCase, data: dict) -> CaseParty:
    case = _lock(actor, case)
    _member(actor, case)
    _expect(case, PRE_DECISION, "追加当事人")
    _not_in_hearing(case, "追加当事人")
    p = _party(case, data, "party")
    changes: dict[str, Any] = {"party": str(p)}
    if p.last_year_income is not None:
        changes["last_year_income"] = p.last_year_income
    audit.record(actor=actor, action="case.add_party", obj=case, changes=changes)
    _charges_changed(actor, case, f"追加当事人（{p}）")
    return p


@transaction.atomic
def case_set_party_income(*, actor: User, case: PenaltyCase | int, party: int,
                          last_year_income) -> CaseParty:
    """Record or correct a person's income of the previous year, the base of the fines of
    安全生产法 Art 95, 96 and 110, before the decision."""
    case = _lock(actor, case)
    _member(actor, case)
    _expect(case, PRE_DECISION, "登记当事人上一年年收入")
    p = case.parties.active().filter(pk=party).exclude(kind=PartyKind.UNIT).first()
    if p is None:
        raise ValidationFailed({"party": "当事人：不是本案的个人当事人（或已作废）"})
    income = _income(last_year_income, "last_year_income")
    if income is None:
        raise ValidationFailed({"last_year_income": "当事人上一年年收入：必填"})
    before = p.last_year_income
    p.last_year_income = income
    p.save(update_fields=["last_year_income"])
    audit.record(actor=actor, action="case.party_income", obj=case,
                 changes={"party": str(p), "last_year_income": [before, income]})
    return p


EVIDENCE_CLIENT_ID_MAX = 40


def _stored_evidence(case: PenaltyCase, client_id: str) -> Evidence | None:
    return Evidence.objects.filter(case=case, client_id=client_id).first()


@transaction.atomic
def case_add_evidence(*, actor: User, case: PenaltyCase, kind: str, title: str,
                      content: str = "", collected_on=None, violation: int | None = None,
                      file=None, client_id: str = "") -> Evidence:
    """Record an evidence item. With ``client_id`` (the phone's id for this item), a resend
    returns the item stored the first time and writes nothing.

    The first one wins: a resend is not compared with what was stored, and one with other
    fields or another file still gets the stored item — as hazard and inspection photos do,
    so a phone's retry code is the same on every upload. A retry may honestly differ (the
    photo re-encoded, the date filled in while it waited), and the answer names the stored
    item (title, kind, date, file name and size), which a client that reused an id can check.
    The row lock on the case serialises resends on PostgreSQL; on SQLite the unique
    constraint and ``insert_once`` answer the second insert with the first row."""
    case = _lock(actor, case)
    _member(actor, case)
    client_id = str(client_id or "").strip()
    if len(client_id) > EVIDENCE_CLIENT_ID_MAX:
        raise ValidationFailed(
            {"client_id": f"客户端编号：不能超过 {EVIDENCE_CLIENT_ID_MAX} 个字符"})
    if client_id:
        # Before the state check: a resend after the case moved on still gets its item.
        stored = _stored_evidence(case, client_id)
        if stored is not None:
            return stored
    _expect(case, {Status.INVESTIGATING, Status.REVIEW, Status.SIMPLE}, "登记证据")
    errors = {}
    if kind not in EvidenceKind.values:
        errors["kind"] = "证据种类：不正确"
    if not str(title).strip():
        errors["title"] = "证据名称：必填"
    v = None
    if violation:
        v = case.violations.active().filter(pk=violation).first()
        if v is None:
            errors["violation"] = "对应违法行为：不属于本案或已作废"
    try:
        day = _day(collected_on, "collected_on", "取证日期", today())
    except ValidationFailed as exc:
        errors.update(exc.errors)
    content_type = None
    if file:
        try:
            content_type = evidence_files.check(file)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    ev = Evidence(
        case=case, violation=v, kind=kind, title=str(title).strip()[:200], content=content,
        collected_on=day, collected_by=actor,
        file=stored_as(file, content_type) if content_type else "",
        file_name=evidence_files.original_name(file) if content_type else "",
        content_type=content_type or "", size=file.size if content_type else None,
        client_id=client_id)
    if client_id:
        ev, created = insert_once(ev, Evidence.objects.filter(case=case, client_id=client_id))
        if not created:
            return ev
    else:
        ev.save()
    changes = {"evidence": f"{ev.get_kind_display()} {ev.title}"}
    if ev.file:
        changes["file"] = ev.file.name
    if client_id:
        changes["client_id"] = client_id
    audit.record(actor=actor, action="case.add_evidence", obj=case, changes=changes)
    return ev


@transaction.atomic
def case_update_facts(*, actor: User, case: PenaltyCase, facts: str | None = None,
                      crime_facts: dict | None = None, is_serious: bool | None = None
                      ) -> PenaltyCase:
    case = _lock(actor, case)
    _member(actor, case)
    _expect(case, PRE_DECISION, "修改案件事实")
    # The facts are part of what the notice told the party (Art 44); the other fields are not.
    facts_changed = facts is not None and facts != case.facts
    if facts_changed:
        _not_in_hearing(case, "修改案件事实")
    before = audit.snapshot(case, ["facts", "crime_facts", "is_serious"])
    if facts is not None:
        case.facts = facts
    if crime_facts is not None:
        case.crime_facts = _clean_crime_facts(crime_facts)
    if is_serious is not None:
        case.is_serious = bool(is_serious)
    case.save(update_fields=["facts", "crime_facts", "is_serious"])
    audit.record(actor=actor, action="case.update_facts", obj=case,
                 changes=audit.diff(before, audit.snapshot(case, ["facts", "crime_facts",
                                                                   "is_serious"])))
    if facts_changed:
        _charges_changed(actor, case, "修改案件事实")
    return case


def _not_in_hearing(case: PenaltyCase, what: str) -> None:
    """The hearing is held on the notified charges: they change after it, then are notified
    again, so the hearing record matches what was heard."""
    if case.status == Status.HEARING:
        raise TransitionRefused(f"听证程序进行中，不能{what}；请在听证结束后办理，并重新告知")


def _charges_changed(actor: User, case: PenaltyCase, what: str) -> None:
    """行政处罚法 Art 44, 45, 62: the party is told of every violation, every party charged and
    the facts before the decision. A change after the notice makes it stale: the case goes
    back to 案件审理, where only a fresh notice (notify) leads on to the decision."""
    if case.notice_stale_on is not None:  # already waiting for the fresh notice
        case.notice_stale_reason = f"{case.notice_stale_reason}；{what}"
        case.save(update_fields=["notice_stale_reason"])
        return
    if case.notified_on is None or case.status not in AFTER_NOTICE:
        return
    case.notice_stale_on, case.notice_stale_reason = today(), what
    _move(case, actor=actor, action="notice_stale", to=Status.REVIEW,
          reason=f"告知后{what}，原告知失效，须重新告知（行政处罚法第44条、第62条）",
          fields=["notice_stale_on", "notice_stale_reason"])
    # The old notice's hearing-request period ends with it; the fresh notice starts its own.
    clocks.meet(case, "hearing_request", case.notice_stale_on)


# --- transitions -------------------------------------------------------------------------

def approve_filing(actor, case, data):
    _expect(case, {Status.FILING}, "审批立案")
    _head(actor, case, "批准立案")
    officers = _certified(_officers(case, data.get("officers")), case.enterprise)
    case.filed_on = _day(data.get("on"), "on", "立案日期", today())
    case.number = _issue(case, DOC_FILING, case, actor, case.filed_on)
    case.officers.set(officers)
    _move(case, actor=actor, action="approve_filing", to=Status.INVESTIGATING,
          fields=["filed_on", "number"], signers=[actor], reason=data.get("reason", ""))
    clocks.start(case, "decision", case.filed_on)


def reject_filing(actor, case, data):
    _expect(case, {Status.FILING}, "审批立案")
    _head(actor, case, "决定不予立案")
    reason = _reason(data, "不予立案的理由")
    case.end_reason = reason
    _move(case, actor=actor, action="reject_filing", to=Status.NOT_FILED, reason=reason,
          fields=["end_reason"])


def _reason(data: dict, label: str) -> str:
    reason = str(data.get("reason", "")).strip()
    if not reason:
        raise ValidationFailed({"reason": f"{label}：必填"})
    return reason


def submit_review(actor, case, data):
    _expect(case, {Status.INVESTIGATING}, "提交案件审理")
    _member(actor, case)
    errors = {}
    if not case.violations.active().exists():
        errors["violations"] = "违法行为：至少认定一项违法行为"
    if not case.evidence.exists():
        errors["evidence"] = "证据：调查取证尚无证据"
    if errors:
        raise ValidationFailed(errors)
    officers = _certified(_officers(case, None), case.enterprise)
    _move(case, actor=actor, action="submit_review", to=Status.REVIEW, signers=officers,
          reason=data.get("reason", ""))


def return_investigation(actor, case, data):
    _expect(case, {Status.REVIEW}, "退回补充调查")
    _head(actor, case, "退回补充调查")
    _move(case, actor=actor, action="return_investigation", to=Status.INVESTIGATING,
          reason=_reason(data, "退回理由"))


def _proposal(case: PenaltyCase, data: dict) -> tuple[list[dict], list[str]]:
    lines = data.get("proposal") or []
    measures = [m for m in (data.get("measures") or []) if m]
    parties = {p.pk: p for p in case.parties.active()}
    violations = {v.pk: v for v in case.violations.active()}
    out = []
    for i, line in enumerate(lines):
        party = parties.get(int(line.get("party") or 0))
        violation = violations.get(int(line.get("violation") or 0))
        if party is None or violation is None:
            raise ValidationFailed({f"proposal.{i}": "拟处罚：当事人或违法行为不属于本案或已作废"})
        out.append({"party": party.pk, "violation": violation.pk,
                    "amount": str(_money(line.get("amount", 0), f"proposal.{i}.amount",
                                         "拟罚款金额"))})
    if not out:
        raise ValidationFailed({"proposal": "拟处罚内容：告知前须列明拟作出的处罚"})
    return out, measures


def notify(actor, case, data):
    """告知 (Art 44): the proposed penalty, its facts and basis, the rights to state, defend and,
    where Art 63 gives it, to request a hearing within 5 working days (Art 64).

    A fresh notice after the charges changed replaces the stale one: its own numbered 告知书,
    a waiver or hearing request of the old notice no longer counts, the period starts again."""
    _expect(case, {Status.REVIEW}, "告知拟处罚")
    _member(actor, case)
    proposal, measures = _proposal(case, data)
    on = _day(data.get("on"), "on", "告知日期", today())
    if case.notice_stale_on and on < case.notice_stale_on:
        raise ValidationFailed(
            {"on": f"告知日期：不能早于原告知失效之日（{case.notice_stale_on}）"})
    fresh = case.notified_on is not None
    superseded = {}
    if fresh:  # the whole-process record keeps what the old notice said (Art 47)
        superseded = {"superseded_notice": documents.current_notice(case),
                      "superseded_proposal": case.proposal,
                      "superseded_notified_on": case.notified_on,
                      "stale_reason": case.notice_stale_reason}
    reasons: list[str] = []
    for party in case.parties.active():
        total = sum((Decimal(p["amount"]) for p in proposal if p["party"] == party.pk), ZERO)
        right = procedure.hearing_right(party.law_party, total, measures)
        reasons += [f"{party.name}：{r}" for r in right.reasons]
    case.notified_on = on
    case.hearing_right = bool(reasons)
    case.hearing_reasons = reasons
    case.measures = "；".join(measures)
    case.proposal = proposal
    case.hearing_waived, case.hearing_requested_on = False, None
    case.notice_stale_on, case.notice_stale_reason = None, ""
    if not fresh:
        _issue(case, DOC_NOTICE, case, actor, on)
        if case.hearing_right:
            _issue(case, DOC_HEARING, case, actor, on)
    row = _move(case, actor=actor, action="notify", to=Status.NOTIFIED,
                fields=["notified_on", "hearing_right", "hearing_reasons", "measures",
                        "proposal", "hearing_waived", "hearing_requested_on",
                        "notice_stale_on", "notice_stale_reason"],
                changes={"hearing_right": case.hearing_right, **superseded})
    if fresh:
        # Numbers are issued once per object: a fresh notice is numbered on its own step.
        _issue(case, DOC_NOTICE, row, actor, on)
        if case.hearing_right:
            _issue(case, DOC_HEARING, row, actor, on)
    if case.hearing_right:
        clocks.start(case, "hearing_request", on)


def waive(actor, case, data):
    _expect(case, {Status.NOTIFIED}, "登记放弃陈述申辩和听证")
    _member(actor, case)
    case.hearing_waived = True
    _move(case, actor=actor, action="waive", to=Status.NOTIFIED, fields=["hearing_waived"],
          reason=data.get("reason", "当事人书面放弃陈述、申辩和听证"))
    clocks.meet(case, "hearing_request", _day(data.get("on"), "on", "日期", today()))


def request_hearing(actor, case, data):
    _expect(case, {Status.NOTIFIED}, "登记听证申请")
    _member(actor, case)
    if not case.hearing_right:
        raise TransitionRefused("本案拟作出的处罚不属于行政处罚法第63条规定的听证范围")
    on = _day(data.get("on"), "on", "申请日期", today())
    row = case.deadlines.filter(name="hearing_request").first()
    if row is not None and row.due is not None and on > row.due:
        raise TransitionRefused(f"当事人于 {on} 申请听证，已超过申请听证期限（{row.due} 届满，"
                                f"{row.legal_basis}）")
    case.hearing_requested_on = on
    _move(case, actor=actor, action="request_hearing", to=Status.HEARING,
          fields=["hearing_requested_on"], reason=data.get("reason", ""))
    clocks.meet(case, "hearing_request", on)
    _suspend(actor, case, SuspensionKind.HEARING, on, "当事人申请听证")


def decline_hearing(actor, case, data):
    """Refusing a requested hearing is refused where the law grants the right (Art 63, 64)."""
    _expect(case, {Status.NOTIFIED, Status.HEARING}, "处理听证申请")
    if case.hearing_right:
        raise TransitionRefused(
            "当事人依法享有听证权利（" + "；".join(case.hearing_reasons) +
            "），当事人要求听证的，行政机关应当组织听证，不得拒绝（行政处罚法第63条、第64条）")
    raise TransitionRefused("本案当事人不享有听证权利，无需作出不予听证决定")


def finish_hearing(actor, case, data):
    _expect(case, {Status.HEARING}, "结束听证")
    _member(actor, case)
    on = _day(data.get("on"), "on", "听证日期", today())
    case.heard_on = on
    _move(case, actor=actor, action="finish_hearing", to=Status.HEARD, fields=["heard_on"],
          reason=data.get("reason", ""))
    _resume(actor, case, on)


def _hearing_settled(case: PenaltyCase, on: dt.date) -> None:
    """Before deciding: the party was heard, waived, or let the request period run out."""
    if case.status != Status.NOTIFIED or not case.hearing_right or case.hearing_waived:
        return
    row = case.deadlines.filter(name="hearing_request").first()
    if row is not None and row.due is None:
        raise TransitionRefused(f"申请听证期限无法计算：{row.problem}")
    if row is not None and on <= row.due:
        raise TransitionRefused(
            f"当事人申请听证的期限至 {row.due} 届满（{row.legal_basis}），期限届满前且当事人未放弃"
            "听证的，不得作出处罚决定")


def discuss(actor, case, data):
    _expect(case, {Status.NOTIFIED, Status.HEARD}, "集体讨论")
    _head(actor, case, "组织集体讨论")
    on = _day(data.get("on"), "on", "讨论日期", today())
    _hearing_settled(case, on)
    minutes = str(data.get("minutes", "")).strip()
    if not minutes:
        raise ValidationFailed({"minutes": "集体讨论记录：必填（参加人员、讨论意见、结论）"})
    case.discussed_on, case.discussion_minutes = on, minutes
    _move(case, actor=actor, action="discuss", to=Status.DISCUSSION,
          fields=["discussed_on", "discussion_minutes"])


def serve(actor, case, data):
    _expect(case, {Status.DECIDED}, "登记送达")
    _member(actor, case)
    on = _day(data.get("on"), "on", "送达日期", today())
    if on < case.decided_on:
        raise ValidationFailed({"on": "送达日期：不能早于决定日期"})
    case.served_on = on
    to = Status.EXECUTING if case.fine_total > 0 else Status.SERVED
    fields = ["served_on"]
    if case.fine_total > 0:
        case.payment_due = _payment_due(on)
        fields.append("payment_due")
    _move(case, actor=actor, action="serve", to=to, fields=fields,
          reason=data.get("reason", ""))
    clocks.meet(case, "service", on)
    if case.fine_total > 0:
        clocks.start(case, "payment", on)
        clocks.start(case, "court_enforcement", on)


def _payment_due(received_on: dt.date) -> dt.date | None:
    """15 days after receipt (Art 67); None while the calendar of its year is not entered
    (the payment clock then shows why, and the sweep fills it in later)."""
    try:
        return law_deadlines.payment_due(received_on)
    except UnknownYearError:
        return None


def publish(actor, case, data):
    _expect(case, {Status.DECIDED, Status.SERVED, Status.EXECUTING, Status.ENFORCING,
                   Status.CLOSED, Status.ARCHIVED}, "公开处罚决定")
    _member(actor, case)
    if case.decision_kind != DecisionKind.PENALTY or case.decision_revoked:
        raise TransitionRefused("只有有效的行政处罚决定可以公开")
    if case.published_on and not case.publication_withdrawn_on:
        raise TransitionRefused("处罚决定已经公开")
    on = _day(data.get("on"), "on", "公开日期", today())
    case.published_on, case.publication_withdrawn_on = on, None
    _move(case, actor=actor, action="publish", to=case.status,
          fields=["published_on", "publication_withdrawn_on"])
    clocks.meet(case, "publication", on)


def apply_enforcement(actor, case, data):
    """申请人民法院强制执行 (行政强制法 Art 53): only after the 复议/诉讼 periods ran out."""
    _expect(case, {Status.EXECUTING}, "申请强制执行")
    _head(actor, case, "申请法院强制执行")
    on = _day(data.get("on"), "on", "申请日期", today())
    if _owed(case, on)["total"] <= 0:
        raise TransitionRefused("罚款已缴清，无需申请强制执行")
    try:
        opens = law_deadlines.due("litigation", case.served_on)
    except UnknownYearError as exc:
        raise clocks.calendar_error(exc) from None
    if on <= opens:
        raise TransitionRefused(
            f"当事人申请复议、提起诉讼的期限至 {opens} 届满，届满前不能申请法院强制执行"
            "（行政强制法第53条）")
    court = str(data.get("court", "")).strip()
    if not court:
        raise ValidationFailed({"court": "执行法院：必填"})
    case.enforcement_applied_on, case.enforcement_court = on, court
    _move(case, actor=actor, action="apply_enforcement", to=Status.ENFORCING,
          fields=["enforcement_applied_on", "enforcement_court"])
    clocks.meet(case, "court_enforcement", on)


def close(actor, case, data):
    _expect(case, {Status.SERVED, Status.EXECUTING, Status.ENFORCING}, "结案")
    _head(actor, case, "批准结案")
    on = _day(data.get("on"), "on", "结案日期", today())
    matches = possible_crimes(case)
    if matches and not case.referral_decision:
        names = "、".join(m.crime for m in matches)
        raise TransitionRefused(
            f"案件事实符合涉嫌{names}的构成要件，尚未作出是否移送司法机关的决定，不得以行政处罚"
            "代替刑事处罚（行政处罚法第27条），不能结案")
    if case.status == Status.EXECUTING and _owed(case, on)["total"] > 0:
        raise TransitionRefused("罚款尚未缴清，也未申请法院强制执行，不能结案")
    case.closed_on = on
    _issue(case, DOC_CLOSING, case, actor, on)
    _move(case, actor=actor, action="close", to=Status.CLOSED, fields=["closed_on"],
          reason=data.get("reason", ""))
    clocks.meet(case, "court_enforcement", on)


def close_simple(actor, case, data):
    _expect(case, {Status.SERVED, Status.EXECUTING}, "结案")
    _member(actor, case)
    on = _day(data.get("on"), "on", "结案日期", today())
    if _owed(case, on)["total"] > 0:
        raise TransitionRefused("罚款尚未缴清，不能结案")
    case.closed_on = on
    _move(case, actor=actor, action="close", to=Status.CLOSED, fields=["closed_on"])
    clocks.stop_all(case, on)


def archive(actor, case, data):
    _expect(case, {Status.CLOSED}, "归档")
    _member(actor, case)
    case.archived_on = _day(data.get("on"), "on", "归档日期", today())
    _move(case, actor=actor, action="archive", to=Status.ARCHIVED, fields=["archived_on"])


def revoke_filing(actor, case, data):
    _expect(case, {Status.INVESTIGATING, Status.REVIEW, Status.NOTIFIED, Status.HEARD,
                   Status.DISCUSSION}, "撤销立案")
    _head(actor, case, "撤销立案")
    case.end_reason = _reason(data, "撤销立案的理由")
    _move(case, actor=actor, action="revoke_filing", to=Status.REVOKED, reason=case.end_reason,
          fields=["end_reason"])
    clocks.stop_all(case, today())


def transfer(actor, case, data):
    """移送: the whole case goes to the competent agency or the judiciary."""
    _expect(case, {Status.FILING, Status.INVESTIGATING, Status.REVIEW}, "移送")
    _head(actor, case, "决定移送")
    reason = _reason(data, "移送理由")
    kind = data.get("kind") or ReferralKind.JURISDICTION
    if kind not in ReferralKind.values:
        raise ValidationFailed({"kind": "移送类型：不正确"})
    referral = _referral_for_case(actor, case, kind=kind, counterpart=data.get("counterpart"),
                                  facts=reason, response_due=data.get("response_due"))
    case.end_reason = reason
    if kind == ReferralKind.JUDICIAL:
        case.referral_decision, case.referral_decision_reason = "refer", reason
        case.referral_decided_on = referral.sent_on
    _move(case, actor=actor, action="transfer", to=Status.TRANSFERRED, reason=reason,
          fields=["end_reason", "referral_decision", "referral_decision_reason",
                  "referral_decided_on"], changes={"referral": referral.number})
    clocks.stop_all(case, referral.sent_on)


def extend(actor, case, data):
    """延长办案期限 with the head's or the next level's approval (办法 Art 31 [verify])."""
    _expect(case, EXTENDABLE, "延长办案期限")
    _head(actor, case, "批准延长办案期限")
    ext = data.get("extension")
    if ext not in law_deadlines.EXTENSIONS:
        raise ValidationFailed({"extension": "延长方式：应为本机关负责人批准或上一级机关批准"})
    rule = law_deadlines.decision_rule(case.filed_on)
    if ext not in rule.extensions:
        raise ValidationFailed({"extension": f"延长方式：{rule.label}没有规定这种延长"})
    case.decision_extension = ext
    case.save(update_fields=["decision_extension"])
    clocks.recompute(case, "decision")
    _move(case, actor=actor, action="extend", to=case.status, reason=_reason(data, "延长理由"),
          changes={"extension": ext})


# After filing and before the decision the decision clock may be suspended (鉴定、事故调查 …);
# a hearing suspends it itself (request_hearing) and resumes it when it ends (finish_hearing).
SUSPENDABLE = PRE_DECISION - {Status.FILING, Status.SIMPLE, Status.HEARING}


def clock_refusal(action: str, status: str, *, suspended: bool) -> str | None:
    """Why ``suspend`` or ``resume`` is refused for a case in ``status`` with (``suspended``)
    or without an open suspension; None when the step is allowed. The steps refuse with this
    and the case page offers them by it, so the two cannot disagree."""
    if action == "suspend":
        if status not in SUSPENDABLE:
            return f"案件当前状态为“{_label(status)}”，不能中止计时"
        if suspended:
            return "本案已有中止中的期限，请先恢复计时"
    elif action == "resume":
        if not suspended:
            return "本案没有中止中的期限"
        if status == Status.HEARING:
            return "听证中止的期限在听证结束时恢复计算"
    return None


def clock_steps(status: str, *, suspended: bool) -> list[str]:
    """The clock steps (suspend, resume) a case in ``status`` accepts."""
    return [a for a in ("suspend", "resume")
            if clock_refusal(a, status, suspended=suspended) is None]


def _suspended(case: PenaltyCase) -> bool:
    if "open_suspension_id" in case.__dict__:  # brought with the lock
        return case.open_suspension_id is not None
    return case.suspensions.filter(ended_on=None).exists()


def suspend(actor, case, data):
    refusal = clock_refusal("suspend", case.status, suspended=_suspended(case))
    if refusal:
        raise TransitionRefused(refusal)
    _member(actor, case)
    kind = data.get("kind") or SuspensionKind.APPRAISAL
    if kind not in SuspensionKind.values:
        raise ValidationFailed({"kind": "中止事由：不正确"})
    on = _day(data.get("on"), "on", "中止日期", today())
    _suspend(actor, case, kind, on, _reason(data, "中止说明"))
    _move(case, actor=actor, action="suspend", to=case.status, reason=data.get("reason", ""),
          changes={"suspension": kind})


def resume(actor, case, data):
    _member(actor, case)
    refusal = clock_refusal("resume", case.status, suspended=_suspended(case))
    if refusal:
        raise TransitionRefused(refusal)
    on = _day(data.get("on"), "on", "恢复日期", today())
    _resume(actor, case, on)
    _move(case, actor=actor, action="resume", to=case.status, reason=data.get("reason", ""))


def _open_suspension(case) -> Suspension | None:
    """The running suspension; its id comes with the lock (``open_suspension_id``)."""
    if "open_suspension_id" not in case.__dict__:
        case.open_suspension_id = (case.suspensions.filter(ended_on=None)
                                   .values_list("id", flat=True).first())
    if case.open_suspension_id is None:
        return None
    cached = case.__dict__.get("_open_suspension")
    if cached is None or cached.pk != case.open_suspension_id:
        cached = case._open_suspension = Suspension.objects.get(pk=case.open_suspension_id)
    return cached


def _suspend(actor, case, kind, on, reason):
    if _suspended(case):
        raise TransitionRefused("本案已有中止中的期限，请先恢复计时")
    [s] = bulk.insert([Suspension(case=case, kind=kind, started_on=on, reason=reason,
                                  actor=actor)])
    case.open_suspension_id, case._open_suspension, case.open_suspension_on = s.pk, s, on
    case.clocks_now = clocks.suspend(case, on)


def _resume(actor, case, on):
    started = case.__dict__.get("open_suspension_on")  # brought with the lock
    if started is None:
        s = _open_suspension(case)
        if s is None:
            return
        started = s.started_on
    if on < started:
        raise ValidationFailed({"on": "恢复日期：不能早于中止日期"})
    bulk.update_rows([Suspension(pk=case.open_suspension_id, ended_on=on)], ["ended_on"])
    case.open_suspension_id = case._open_suspension = case.open_suspension_on = None
    case.clocks_now = clocks.resume(case, on)


def referral_decision(actor, case, data):
    """The recorded decision on referring suspected crimes to the judiciary (Art 27)."""
    _expect(case, {s for s in Status.values} - {Status.ARCHIVED, Status.NOT_FILED,
                                                Status.REVOKED, Status.TRANSFERRED},
            "作出移送决定")
    _head(actor, case, "决定是否移送司法机关")
    if case.referral_decision:
        raise TransitionRefused("已经作出移送决定")
    refer = data.get("refer")
    if refer not in (True, False, "true", "false", "1", "0", 1, 0):
        raise ValidationFailed({"refer": "是否移送：必选"})
    refer = refer in (True, "true", "1", 1)
    reason = _reason(data, "移送决定理由")
    on = today()
    changes = {}
    if refer:
        referral = _referral_for_case(actor, case, kind=ReferralKind.JUDICIAL,
                                      counterpart=data.get("counterpart"), facts=reason,
                                      response_due=data.get("response_due"))
        changes["referral"] = referral.number
    case.referral_decision = "refer" if refer else "no_refer"
    case.referral_decision_reason, case.referral_decided_on = reason, on
    _move(case, actor=actor, action="referral_decision", to=case.status, reason=reason,
          fields=["referral_decision", "referral_decision_reason", "referral_decided_on"],
          changes={"referral_decision": case.referral_decision, **changes})


ACTIONS: dict[str, tuple[str, Callable]] = {
    "approve_filing": ("批准立案", approve_filing),
    "reject_filing": ("不予立案", reject_filing),
    "submit_review": ("提交案件审理", submit_review),
    "return_investigation": ("退回补充调查", return_investigation),
    "notify": ("告知拟处罚", notify),
    "waive": ("放弃陈述申辩和听证", waive),
    "request_hearing": ("申请听证", request_hearing),
    "decline_hearing": ("不予听证", decline_hearing),
    "finish_hearing": ("听证结束", finish_hearing),
    "discuss": ("集体讨论", discuss),
    "serve": ("送达", serve),
    "publish": ("公开", publish),
    "apply_enforcement": ("申请法院强制执行", apply_enforcement),
    "close": ("结案", close),
    "archive": ("归档", archive),
    "revoke_filing": ("撤销立案", revoke_filing),
    "transfer": ("移送", transfer),
    "extend": ("延长办案期限", extend),
    "suspend": ("中止计时", suspend),
    "resume": ("恢复计时", resume),
    "referral_decision": ("移送司法决定", referral_decision),
}


@transaction.atomic
def case_transition(*, actor: User, case: PenaltyCase | int, action: str,
                    data: dict | None = None) -> PenaltyCase:
    """Run one procedural step on the locked case; refused with the reason when not allowed."""
    if action == "decide":
        data = data or {}
        return case_decide(actor=actor, case=case, kind=data.get("kind", DecisionKind.PENALTY),
                           lines=data.get("lines", []), decided_on=data.get("on"),
                           measures=data.get("measures"))
    if action not in ACTIONS:
        raise TransitionRefused(f"没有名为“{action}”的办案步骤")
    case = _lock(actor, case)
    fn = ACTIONS[action][1]
    if action == "close" and case.procedure == Procedure.SIMPLE:
        fn = close_simple
    fn(actor, case, data or {})
    return case


# --- the decision ------------------------------------------------------------------------

def recommend_for(violation: Violation, party_kind: str, *, income: Decimal | None = None,
                  accident_grade: str | None = None) -> discretion.Recommendation:
    """The discretion recommendation; ``income`` and ``accident_grade`` for the fines set as a
    share of a person's income (Art 95, 96, 110; see fines.party_fine)."""
    return fines.recommend(violation, party_kind, income=income, accident_grade=accident_grade)


def _range_text(pf: fines.PartyFine, low: Decimal, high: Decimal) -> str:
    amounts = _yuan(low) if low == high else f"{_yuan(low)}至{_yuan(high)}"
    if pf.income is None:
        return amounts
    return f"上一年年收入{_yuan(pf.income.income)}的{pf.income.share_text}，即{amounts}"


def _lines(case: PenaltyCase, kind: str, lines: list[dict]) -> list[dict]:
    parties = {p.pk: p for p in case.parties.active()}
    violations = {v.pk: v for v in case.violations.active()}
    errors: dict[str, str] = {}
    out = []
    if kind == DecisionKind.PENALTY and not lines:
        raise ValidationFailed({"lines": "处罚内容：至少一项"})
    for i, line in enumerate(lines):
        f = f"lines.{i}"
        try:
            party = parties.get(int(line.get("party") or 0))
            violation = violations.get(int(line.get("violation") or 0))
        except (TypeError, ValueError):
            party = violation = None
        if party is None or violation is None:
            errors[f] = "处罚内容：当事人或违法行为不属于本案或已作废"
            continue
        amount = _money(line.get("amount", 0), f"{f}.amount", "罚款金额")
        try:
            pf = fines.party_fine(case, violation, party)
        except LookupError as exc:
            errors[f"{f}.party"] = f"处罚对象：{str(exc).split(' (')[0]}"
            continue
        if pf.problems:  # income or accident grade missing: no range to check against
            errors.update({f"{f}.{k}": m for k, m in pf.problems.items()})
            continue
        assert pf.low is not None and pf.high is not None and pf.rec is not None
        low, high, rec = pf.low, pf.high, pf.rec
        level = line.get("level") or rec.level
        if kind == DecisionKind.NO_PENALTY:
            level, amount = discretion.NO_PENALTY, ZERO
        elif level not in discretion.LEVELS or level == discretion.NO_PENALTY:
            errors[f"{f}.level"] = "裁量档次：应为减轻、从轻、一般或从重"
            continue
        elif level == discretion.REDUCED:
            if not (ZERO <= amount <= high):
                errors[f"{f}.amount"] = (f"罚款金额：{_yuan(amount)}超出{violation.citation}"
                                         f"规定的幅度（{_yuan(low)}至{_yuan(high)}）")
        elif not (low <= amount <= high):
            errors[f"{f}.amount"] = (f"罚款金额：{_yuan(amount)}超出{violation.citation}规定的"
                                     f"{PartyKind(party.kind).label}罚款幅度（"
                                     f"{_range_text(pf, low, high)}）")
        reason = str(line.get("deviation_reason", "")).strip()
        departs = discretion.departure(rec, level, amount)
        if departs == discretion.DEPARTS_LEVEL and not reason:
            errors[f"{f}.deviation_reason"] = (f"裁量理由：裁量基准建议“{rec.level}”，选择"
                                               f"“{level}”须书面说明理由")
        elif departs == discretion.DEPARTS_BAND and not reason \
                and f"{f}.amount" not in errors:
            errors[f"{f}.deviation_reason"] = (
                f"裁量理由：裁量基准“{level}”档为{_yuan(rec.min)}至{_yuan(rec.max)}，"
                f"罚款{_yuan(amount)}不在该档内，须书面说明理由")
        if level == discretion.REDUCED and amount < low and rec.level != discretion.REDUCED \
                and not reason:
            errors[f"{f}.deviation_reason"] = "裁量理由：减轻处罚须说明法定减轻情节"
        out.append({"party": party, "violation": violation, "amount": amount, "level": level,
                    "rec": rec, "low": low, "high": high, "reason": reason})
    if errors:
        raise ValidationFailed(errors)
    return out


@transaction.atomic
def case_decide(*, actor: User, case: PenaltyCase | int, kind: str = DecisionKind.PENALTY,
                lines: list[dict] | None = None, decided_on=None,
                measures: str | None = None) -> PenaltyCase:
    """决定: 处罚 or 不予处罚, with the discretion of every fine checked against the law."""
    case = _lock(actor, case)
    if kind not in DecisionKind.values:
        raise ValidationFailed({"kind": "决定类型：应为给予或不予行政处罚"})
    on = _day(decided_on, "on", "决定日期", today())
    simple = case.procedure == Procedure.SIMPLE
    if simple:
        _expect(case, {Status.SIMPLE}, "当场作出处罚决定")
        _member(actor, case)
    else:
        if case.notice_stale_on is not None:
            raise TransitionRefused(
                f"告知后案件已变更（{case.notice_stale_reason}），原告知自{case.notice_stale_on}"
                "失效；须重新告知拟作出的处罚内容及事实、理由、依据和陈述、申辩、要求听证的权利，"
                "才能作出处罚决定（行政处罚法第44条、第45条、第62条）")
        if case.status in {Status.FILING, Status.INVESTIGATING, Status.REVIEW}:
            raise TransitionRefused(
                "未履行告知程序：作出行政处罚决定前，应当告知当事人拟作出的处罚内容及事实、理由、"
                "依据，并告知其陈述、申辩、要求听证等权利（行政处罚法第44条、第62条）")
        if case.status == Status.HEARING:
            raise TransitionRefused("听证尚未结束，不能作出处罚决定")
        _expect(case, {Status.NOTIFIED, Status.HEARD, Status.DISCUSSION}, "作出处罚决定")
        _head(actor, case, "作出行政处罚决定")
        _hearing_settled(case, on)
        if case.is_serious and case.status != Status.DISCUSSION:
            raise TransitionRefused(
                "重大复杂案件应当由行政机关负责人集体讨论决定（行政处罚法第57条）")
    checked = _lines(case, kind, lines or [])
    total = sum((c["amount"] for c in checked), ZERO)
    per_party: dict[int, Decimal] = {}
    for c in checked:
        per_party[c["party"].pk] = per_party.get(c["party"].pk, ZERO) + c["amount"]
    if simple:
        officers = _certified(_officers(case, None), case.enterprise)
        for c in checked:
            party_total = per_party[c["party"].pk]
            if not procedure.simple_procedure_allowed(c["party"].law_party, party_total):
                raise ValidationFailed({"amount": (
                    f"罚款金额：简易程序当场处罚仅限对公民处200元以下、对法人或者其他组织处3000元"
                    f"以下罚款（行政处罚法第51条），对{c['party'].name}拟罚{_yuan(party_total)}，"
                    "应当适用普通程序立案查处")})
    else:
        officers = [actor]
        proposed: dict[int, Decimal] = {}
        for p in case.proposal or []:
            proposed[p["party"]] = proposed.get(p["party"], ZERO) + Decimal(p["amount"])
        for pid, amount in per_party.items():
            if amount > proposed.get(pid, ZERO):
                raise ValidationFailed({"lines": (
                    f"罚款金额：对{case.parties.get(pk=pid).name}的罚款{_yuan(amount)}高于告知的"
                    f"{_yuan(proposed.get(pid, ZERO))}；加重处罚须重新告知，且不得因当事人陈述申辩"
                    "而加重（行政处罚法第44条、第45条）")})
    for c in checked:
        PenaltyLine.objects.create(
            case=case, violation=c["violation"], party=c["party"], entry_id=c["violation"].entry_id,
            party_kind=c["party"].kind, amount=c["amount"], statutory_min=c["low"],
            statutory_max=c["high"], level=c["level"], recommended_level=c["rec"].level,
            recommended_amount=c["rec"].amount, recommendation_reasons=list(c["rec"].reasons),
            deviation_reason=c["reason"], decided_on=on, region_id=case.region_id)
    case.decision_kind, case.decided_on, case.decided_by = kind, on, actor
    case.fine_total = total
    if measures is not None:
        case.measures = measures
    fields = ["decision_kind", "decided_on", "decided_by", "fine_total", "measures",
              "decision_number"]
    case.decision_number = _issue(case, DOC_DECISION, case, actor, on)
    if simple:
        # Handed over on the spot (Art 52): served the day it is made.
        case.served_on = on
        fields += ["served_on", "payment_due"]
        if total > 0:
            case.payment_due = _payment_due(on)
        to = Status.EXECUTING if total > 0 else Status.SERVED
    else:
        to = Status.DECIDED
    _move(case, actor=actor, action="decide", to=to, fields=fields, signers=officers,
          changes={"decision_kind": kind, "fine_total": total})
    if simple:
        if total > 0:
            clocks.start(case, "payment", on)
    else:
        clocks.meet(case, "decision", on)
        clocks.start(case, "service", on)
        if kind == DecisionKind.PENALTY:
            clocks.start(case, "publication", on)
    return case


# --- payment and enforcement -------------------------------------------------------------

def _excluded_days(case: PenaltyCase, due: dt.date, on: dt.date) -> int:
    """Days under 复议 or 诉讼 after the due date do not count (行政处罚法 Art 73 ¶3)."""
    days = 0
    for p in case.proceedings.all():
        start, end = max(p.filed_on, due), min(p.decided_on or on, on)
        days += max((end - start).days, 0)
    return days


def _owed(case: PenaltyCase, on: dt.date) -> dict[str, Decimal]:
    principal = case.owed_principal
    fee = ZERO
    if principal > 0 and case.payment_due:
        fee = law_deadlines.late_fee(principal, case.payment_due, on,
                                     excluded_days=_excluded_days(case, case.payment_due, on))
    open_fee = case.late_fee_assessed - case.paid_late_fee
    return {"principal": principal, "late_fee": fee + open_fee, "total": principal + fee + open_fee}


def owed(case: PenaltyCase, on: dt.date | None = None) -> dict[str, Decimal]:
    return _owed(case, on or today())


@transaction.atomic
def case_record_payment(*, actor: User, case: PenaltyCase | int, amount, paid_on=None,
                        receipt_number: str = "") -> PenaltyCase:
    from .models import Payment

    case = _lock(actor, case)
    _member(actor, case)
    _expect(case, {Status.EXECUTING, Status.ENFORCING}, "登记缴款")
    value = _money(amount, "amount", "缴款金额")
    if value <= 0:
        raise ValidationFailed({"amount": "缴款金额：应大于0"})
    on = _day(paid_on, "paid_on", "缴款日期", today())
    if on < case.served_on:
        raise ValidationFailed({"paid_on": "缴款日期：不能早于送达日期"})
    due = _owed(case, on)
    if value > due["total"]:
        raise ValidationFailed({"amount": (
            f"缴款金额：{value}元超过应缴金额{due['total']}元（罚款{due['principal']}元，"
            f"加处罚款{due['late_fee']}元）")})
    principal = min(value, case.owed_principal)
    if principal > 0 and case.payment_due:
        # The part of the fine paid now stops accruing: its surcharge is fixed (Art 72).
        case.late_fee_assessed += law_deadlines.late_fee(
            principal, case.payment_due, on,
            excluded_days=_excluded_days(case, case.payment_due, on))
    fee = value - principal
    case.paid_principal += principal
    case.paid_late_fee += fee
    case.save(update_fields=["paid_principal", "paid_late_fee", "late_fee_assessed"])
    Payment.objects.create(case=case, amount=value, principal=principal, late_fee=fee,
                           paid_on=on, receipt_number=receipt_number[:60], recorded_by=actor)
    audit.record(actor=actor, action="case.payment", obj=case,
                 changes={"amount": value, "principal": principal, "late_fee": fee})
    if case.owed_principal == 0:
        clocks.meet(case, "payment", on)
        if case.late_fee_assessed <= case.paid_late_fee:
            clocks.meet(case, "court_enforcement", on)
    return case


@transaction.atomic
def case_approve_arrangement(*, actor: User, case: PenaltyCase | int, kind: str,
                             final_due, reason: str, schedule: list[dict] | None = None
                             ) -> PaymentArrangement:
    """暂缓或者分期缴纳 on the party's application, approved by the agency (Art 66 ¶2)."""
    case = _lock(actor, case)
    _expect(case, {Status.EXECUTING}, "批准暂缓或分期缴纳")
    _head(actor, case, "批准暂缓或分期缴纳罚款")
    if kind not in ArrangementKind.values:
        raise ValidationFailed({"kind": "方式：应为暂缓或分期缴纳"})
    if not str(reason).strip():
        raise ValidationFailed({"reason": "申请理由：必填"})
    try:
        final = dt.date.fromisoformat(str(final_due))
    except ValueError:
        raise ValidationFailed({"final_due": "最后缴款日：应为日期"}) from None
    if case.payment_due and final <= case.payment_due:
        raise ValidationFailed({"final_due": f"最后缴款日：应晚于原缴款期限{case.payment_due}"})
    rows = []
    for i, row in enumerate(schedule or []):
        rows.append({"due": str(dt.date.fromisoformat(str(row["due"]))),
                     "amount": str(_money(row["amount"], f"schedule.{i}", "分期金额"))})
    owed_now = case.owed_principal
    if kind == ArrangementKind.INSTALMENT and sum(Decimal(r["amount"]) for r in rows) != owed_now:
        raise ValidationFailed({"schedule": f"分期金额：合计应等于未缴罚款{owed_now}元"})
    arr = PaymentArrangement.objects.create(
        case=case, kind=kind, schedule=rows, final_due=final, approved_by=actor,
        approved_on=today(), reason=reason)
    old = case.payment_due
    case.payment_due = final
    case.save(update_fields=["payment_due"])
    clocks.set_due(case, "payment", on=case.served_on, due=final,
                   label=f"缴纳罚款期限（经批准{ArrangementKind(kind).label}）",
                   basis="行政处罚法第66条第2款")
    audit.record(actor=actor, action="case.arrangement", obj=case,
                 changes={"payment_due": [old, final], "kind": kind}, reason=reason)
    return arr


# --- review and litigation ---------------------------------------------------------------

@transaction.atomic
def case_record_proceeding(*, actor: User, case: PenaltyCase | int, kind: str, body: str,
                           filed_on) -> ReviewProceeding:
    case = _lock(actor, case)
    _member(actor, case)
    if not case.decided_on:
        raise TransitionRefused("尚未作出处罚决定，无复议、诉讼可登记")
    if kind not in ProceedingKind.values:
        raise ValidationFailed({"kind": "类型：应为行政复议或行政诉讼"})
    if not str(body).strip():
        raise ValidationFailed({"body": "复议机关或法院：必填"})
    p = ReviewProceeding.objects.create(
        case=case, kind=kind, body=body, filed_on=_day(filed_on, "filed_on", "申请或起诉日期"),
        region_id=case.region_id, agency_id=case.agency_id)
    audit.record(actor=actor, action="case.proceeding", obj=case,
                 changes={"proceeding": f"{p.get_kind_display()} {body}"})
    return p


@transaction.atomic
def proceeding_outcome(*, actor: User, proceeding: ReviewProceeding, outcome: str, decided_on,
                       note: str = "") -> ReviewProceeding:
    """维持 / 撤销 / 变更 / 确认违法 / 驳回. An adverse outcome withdraws the published decision
    (行政处罚法 Art 48 ¶2: within 3 working days — done here at once)."""
    case = _lock(actor, proceeding.case_id)
    _member(actor, case)
    proceeding = ReviewProceeding.objects.select_for_update().get(pk=proceeding.pk, case=case)
    if proceeding.outcome:
        raise TransitionRefused("该复议或诉讼已经登记结果")
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise ValidationFailed({"outcome": "结果：应为维持、撤销、变更、确认违法或驳回"})
    on = _day(decided_on, "decided_on", "结果日期")
    proceeding.outcome, proceeding.decided_on, proceeding.note = outcome, on, note
    proceeding.save(update_fields=["outcome", "decided_on", "note"])
    changes: dict[str, Any] = {"outcome": outcome}
    if outcome in ADVERSE_OUTCOMES:
        if outcome == Outcome.REVOKED:
            case.decision_revoked = True
        if case.published_on and not case.publication_withdrawn_on:
            clocks.start(case, "withdrawal", on)
            case.publication_withdrawn_on = today()
            clocks.meet(case, "withdrawal", case.publication_withdrawn_on)
            changes["publication_withdrawn_on"] = case.publication_withdrawn_on
        case.save(update_fields=["decision_revoked", "publication_withdrawn_on"])
    audit.record(actor=actor, action="case.proceeding_outcome", obj=case, changes=changes)
    return proceeding


# --- case-file review --------------------------------------------------------------------

# 案卷评查: who reviews, and the case files they review (privacy.evidence_access lets them
# open the evidence of those files, which the 证据收集 and 事实认定 items score).
REVIEWER_ROLES = {Role.COMMITTEE_ADMIN, Role.AGENCY_HEAD}
REVIEWABLE = {Status.CLOSED, Status.ARCHIVED}


@transaction.atomic
def case_file_review(*, actor: User, case: PenaltyCase | int, scores: dict[str, Any],
                     comment: str = "", reviewed_on=None) -> CaseFileReview:
    """案卷评查 by the committee office or an agency head, on a closed case file."""
    pk = case.pk if isinstance(case, PenaltyCase) else case
    case = scope.restrict(PenaltyCase.objects, actor, "view").filter(pk=pk).first()
    if case is None:
        raise NotAllowed("无权评查该案卷")
    if not (actor.is_superuser or actor.role in REVIEWER_ROLES):
        raise NotAllowed("只有安委办或机构负责人可以评查案卷")
    if case.status not in REVIEWABLE:
        raise TransitionRefused("只能评查已结案的案卷")
    errors, clean, defects = {}, {}, []
    for item in SHEET:
        raw = scores.get(item.key, item.points)
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors[f"scores.{item.key}"] = f"{item.label}：应为数字"
            continue
        if not ZERO <= value <= item.points:
            errors[f"scores.{item.key}"] = f"{item.label}：应在0至{item.points}分之间"
            continue
        clean[item.key] = str(value)
        if value < item.points:
            defects.append(item.key)
    unknown = set(scores) - {i.key for i in SHEET}
    if unknown:
        errors["scores"] = f"评查项目：不认识 {', '.join(sorted(unknown))}"
    if errors:
        raise ValidationFailed(errors)
    review = CaseFileReview.objects.create(
        case=case, agency_id=case.agency_id, region_id=case.region_id, reviewer=actor,
        reviewed_on=_day(reviewed_on, "reviewed_on", "评查日期", today()), scores=clean,
        defects=defects, total=sum((Decimal(v) for v in clean.values()), ZERO), comment=comment)
    audit.record(actor=actor, action="case.file_review", obj=case,
                 changes={"total": review.total, "defects": defects})
    return review


# --- referrals ---------------------------------------------------------------------------

def _referral_for_case(actor: User, case: PenaltyCase, *, kind: str, counterpart: str | None,
                       facts: str, response_due=None) -> Referral:
    counterpart = str(counterpart or "").strip()
    if not counterpart:
        raise ValidationFailed({"counterpart": "接收机关：必填"})
    due = None
    if response_due:
        try:
            due = dt.date.fromisoformat(str(response_due))
        except ValueError:
            raise ValidationFailed({"response_due": "回复期限：应为日期"}) from None
    elif kind == ReferralKind.AGENCY:
        raise ValidationFailed({"response_due": "回复期限：移交其他部门须约定回复期限"})
    on = today()
    referral = Referral.objects.create(
        direction=Direction.OUTGOING, kind=kind, status=ReferralStatus.SENT, case=case,
        enterprise_id=case.enterprise_id, region_id=case.region_id, agency_id=case.agency_id,
        counterpart=counterpart[:100], facts=facts,
        crimes=[m.crime for m in possible_crimes(case)] if kind == ReferralKind.JUDICIAL else [],
        sent_on=on, response_due=due, created_by=actor)
    referral.number = _issue(case, DOC_TRANSFER, referral, actor, on)
    referral.save(update_fields=["number"])
    ReferralEvent.objects.create(referral=referral, status=ReferralStatus.SENT, on=on,
                                 document=f"案件移送书 {referral.number}", actor=actor)
    audit.record(actor=actor, action="referral.create", obj=referral,
                 changes={"kind": kind, "counterpart": counterpart})
    return referral


FLOWS = {
    ReferralKind.JUDICIAL: [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.FILED,
                            ReferralStatus.PROSECUTED, ReferralStatus.JUDGED],
    ReferralKind.AGENCY: [ReferralStatus.SENT, ReferralStatus.RECEIVED, ReferralStatus.RESPONDED],
    ReferralKind.JURISDICTION: [ReferralStatus.SENT, ReferralStatus.RECEIVED,
                                ReferralStatus.RESPONDED],
}


@transaction.atomic
def referral_create(*, actor: User, enterprise: Enterprise, kind: str, direction: str,
                    counterpart: str, facts: str, response_due=None,
                    case: PenaltyCase | None = None, sent_on=None, source_type: str = "",
                    source_id: int | None = None) -> Referral:
    """A referral sent without a case (移交其他部门 from an inspection), or one received."""
    if not _may_change(actor, enterprise):
        raise NotAllowed("无权办理该企业的移送")
    if actor.agency is None or not (actor.is_superuser or actor.role in (Role.OFFICER,
                                                                          Role.AGENCY_HEAD)):
        raise NotAllowed("只有执法机关人员可以办理移送")
    errors = {}
    if kind not in ReferralKind.values:
        errors["kind"] = "移送类型：不正确"
    if direction not in Direction.values:
        errors["direction"] = "方向：应为移出或移入"
    if not str(counterpart).strip():
        errors["counterpart"] = "对方机关：必填"
    if not str(facts).strip():
        errors["facts"] = "移送事由：必填"
    if errors:
        raise ValidationFailed(errors)
    if case is not None:
        case = _lock(actor, case)
        if direction == Direction.OUTGOING:
            return _referral_for_case(actor, case, kind=kind, counterpart=counterpart,
                                      facts=facts, response_due=response_due)
    due = None
    if response_due:
        try:
            due = dt.date.fromisoformat(str(response_due))
        except ValueError:
            raise ValidationFailed({"response_due": "回复期限：应为日期"}) from None
    elif kind == ReferralKind.AGENCY and direction == Direction.OUTGOING:
        raise ValidationFailed({"response_due": "回复期限：移交其他部门须约定回复期限"})
    on = _day(sent_on, "sent_on", "移送日期", today())
    referral = Referral.objects.create(
        direction=direction, kind=kind,
        status=ReferralStatus.SENT if direction == Direction.OUTGOING else ReferralStatus.RECEIVED,
        case=case, enterprise=enterprise, region_id=enterprise.region_id, agency=actor.agency,
        counterpart=str(counterpart).strip()[:100], facts=facts, sent_on=on, response_due=due,
        received_on=today() if direction == Direction.INCOMING else None,
        source_type=source_type[:40], source_id=source_id, created_by=actor)
    if direction == Direction.OUTGOING:
        referral.number = numbering.issue(agency=actor.agency, kind=DOC_TRANSFER[0],
                                          abbreviation=DOC_TRANSFER[1], year=on.year,
                                          obj=referral, actor=actor).number
        referral.save(update_fields=["number"])
    doc = f"案件移送书 {referral.number}" if referral.number else ""
    ReferralEvent.objects.create(referral=referral, status=referral.status, on=on, actor=actor,
                                 document=doc)
    audit.record(actor=actor, action="referral.create", obj=referral,
                 changes={"kind": kind, "direction": direction, "counterpart": counterpart})
    return referral


def _lock_referral(actor: User, referral: Referral | int) -> Referral:
    pk = referral.pk if isinstance(referral, Referral) else referral
    locked = (scope.restrict(Referral.objects, actor, "change").select_for_update()
              .filter(pk=pk).first())
    if locked is None:
        raise NotAllowed("无权办理该移送")
    if not actor.is_superuser and actor.agency_id != locked.agency_id:
        raise NotAllowed("只有本机关可以办理该移送")
    return locked


@transaction.atomic
def referral_advance(*, actor: User, referral: Referral | int, status: str, on=None,
                     document: str = "", note: str = "") -> Referral:
    """Record the next stage (受理, 立案, 起诉, 判决; 签收, 回复) or the judiciary's refusal."""
    referral = _lock_referral(actor, referral)
    if referral.direction != Direction.OUTGOING:
        raise TransitionRefused("移入的案件请用“立案查处”或“转检查核实”处理")
    flow = FLOWS[referral.kind]
    if referral.status in (ReferralStatus.JUDGED, ReferralStatus.REJECTED,
                           ReferralStatus.RESPONDED):
        raise TransitionRefused(f"移送已处于“{referral.get_status_display()}”，流程已结束")
    if status == ReferralStatus.REJECTED and referral.kind == ReferralKind.JUDICIAL:
        pass
    elif status not in flow or flow.index(status) != flow.index(referral.status) + 1:
        nxt = flow[flow.index(referral.status) + 1]
        raise TransitionRefused(f"移送当前为“{referral.get_status_display()}”，下一步应为"
                                f"“{ReferralStatus(nxt).label}”")
    day = _day(on, "on", "日期", today())
    if day < referral.sent_on:
        raise ValidationFailed({"on": "日期：不能早于移送日期"})
    before = referral.status
    referral.status = status
    if status == ReferralStatus.RECEIVED:
        referral.received_on = day
    if status in (ReferralStatus.RESPONDED, ReferralStatus.JUDGED, ReferralStatus.REJECTED):
        referral.responded_on, referral.response = day, note
    referral.save(update_fields=["status", "received_on", "responded_on", "response"])
    ReferralEvent.objects.create(referral=referral, status=status, on=day, document=document,
                                 note=note, actor=actor)
    audit.record(actor=actor, action="referral.advance", obj=referral,
                 changes={"status": [before, status]})
    return referral


@transaction.atomic
def referral_open_case(*, actor: User, referral: Referral | int, title: str = "",
                       inspection: bool = False) -> Referral:
    """An incoming referral opens a case (立案审批) or is passed to an inspection (核查)."""
    referral = _lock_referral(actor, referral)
    if referral.direction != Direction.INCOMING or referral.status != ReferralStatus.RECEIVED:
        raise TransitionRefused("只有已签收的移入案件可以立案或转检查")
    if inspection:
        referral.status = ReferralStatus.INSPECTION
    else:
        case = case_create(actor=actor, enterprise=referral.enterprise,
                           title=title or f"{referral.counterpart}移送案件",
                           source_type=Source.REFERRAL, source_id=referral.pk,
                           source_label=f"{referral.counterpart}移送", facts=referral.facts)
        referral.opened_case, referral.status = case, ReferralStatus.OPENED
    referral.save(update_fields=["status", "opened_case"])
    ReferralEvent.objects.create(referral=referral, status=referral.status, on=today(),
                                 actor=actor)
    audit.record(actor=actor, action="referral.handle", obj=referral,
                 changes={"status": referral.status})
    return referral


__all__ = ["ACTIONS", "EvidenceKind", "case_create", "case_decide", "case_transition"]
