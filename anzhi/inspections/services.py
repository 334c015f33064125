"""Every write to inspections: one transaction, permission, validation, audit.

An inspection is a draft while the team fills it in on site (answers autosaved one by one);
``inspection_submit`` validates the whole record, freezes it, creates the follow-up of every
disposition through ``anzhi.core.followups.dispatch`` and schedules a 复查 for every
deadline. ``POST /api/v1/inspections`` does create + submit in one transaction. Signatures
are appended by ``anzhi.inspections.signing``.
"""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from anzhi.accounts.models import Agency, Certificate, Conflict, Role, User
from anzhi.accounts.scoping import enterprise_q, restrict
from anzhi.core import audit, bulk, followups, numbering
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.core.prepared import Prepared
from anzhi.law import deadlines, statutes
from anzhi.registry.choices import EnterpriseStatus
from anzhi.registry.models import Enterprise

from .checklists import version_items
from .choices import MemberKind, Mode, ReInspectionStatus, Result, Status
from .models import (
    Answer,
    ChecklistVersion,
    Disposition,
    Finding,
    IdempotencyKey,
    Inspection,
    InspectionAgency,
    Member,
    Photo,
    ReInspection,
    Transition,
)
from .selectors import Bundle, load_bundle

try:  # the law package is the home of this rule; fall back until it exposes it
    from anzhi.law.procedure import MIN_OFFICERS  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the law package's progress
    MIN_OFFICERS = 2  # 行政处罚法 Art 42: at least two certified officers

# Document kinds numbered through anzhi.core.numbering: (kind, title, abbreviation).
DOC_RECORD = ("inspection-record", "现场检查记录", "检记")
DOC_RECTIFICATION = ("rectification-order", "责令限期整改指令书", "责改")
DOC_REVIEW = (numbering.REVIEW_OPINION[0], "整改复查意见书", numbering.REVIEW_OPINION[1])
DOC_ONSITE_MEASURE = ("onsite-measure", "现场处理措施决定书", "现决")

FROZEN_MESSAGE = {
    Status.SUBMITTED: "检查记录已提交，内容不能再修改；如需更正请新建更正记录",
    Status.SIGNED: "检查记录已签名，内容不能再修改；如需更正请新建更正记录",
}
MAX_FINDINGS = 200
MAX_TEXT = 4000


# ---------------------------------------------------------------- small helpers


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _aware(value: Any, field: str, label: str, errors: dict) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            errors[field] = f"{label}：格式应为 YYYY-MM-DDTHH:MM"
            return None
    if not isinstance(value, datetime):
        errors[field] = f"{label}：应为日期时间"
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _day(value: Any, field: str, label: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors[field] = f"{label}：格式应为 YYYY-MM-DD"
        return None


def _coord(value: Any, field: str, label: str, limit: int, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        errors[field] = f"{label}：应为数字"
        return None
    if not -limit <= number <= limit:
        errors[field] = f"{label}：应在 -{limit} 到 {limit} 之间"
        return None
    return number


def _check_frozen(inspection: Inspection) -> None:
    if inspection.status != Status.DRAFT:
        raise TransitionRefused(FROZEN_MESSAGE[inspection.status])


def _transition(inspection: Inspection, actor: User, to_status: str, reason: str = "") -> None:
    bulk.insert([Transition(inspection=inspection, from_status=inspection.status or "",
                            to_status=to_status, actor=actor, reason=reason)])
    inspection.status = to_status


def may_inspect(user: User) -> bool:
    return user.is_superuser or user.role in (Role.COMMITTEE_ADMIN, Role.AGENCY_HEAD,
                                              Role.OFFICER)


def _lock_draft(actor: User, inspection_id: int) -> Inspection:
    inspection = (restrict(Inspection.objects, actor, "change", enterprise_path="enterprise")
                  .select_for_update().filter(pk=inspection_id).first())
    if inspection is None or not _on_team_or_admin(actor, inspection):
        raise NotAllowed("无权修改该检查记录")
    _check_frozen(inspection)
    return inspection


def _on_team_or_admin(actor: User, inspection: Inspection) -> bool:
    if actor.is_superuser or actor.role == Role.COMMITTEE_ADMIN:
        return True
    if inspection.created_by_id == actor.pk:
        return True
    return Member.objects.filter(inspection=inspection, user=actor).exists()


# ---------------------------------------------------------------- validation of the header


def _clean_header(actor: User, data: dict, errors: dict) -> dict:
    """Enterprise, agencies, mode, times, place, campaign, checklist version, links."""
    from anzhi.planning.models import Campaign  # owned by planning; referenced only

    out: dict[str, Any] = {}
    enterprise_id = _id(data.get("enterprise"))
    enterprise = None
    if enterprise_id is None:
        errors["enterprise"] = "被检查单位：必须选择"
    else:
        # With its lead agency: the follow-ups (hazards) default to it.
        enterprise = _ENTERPRISE.first(enterprise_q(actor, "change"), enterprise_id)
        if enterprise is None:
            errors["enterprise"] = "被检查单位：不存在或不在您的辖区内"
    out["enterprise"] = enterprise

    agency_ids = [a for a in (_id(x) for x in (data.get("agencies") or [])) if a is not None]
    if not agency_ids and actor.agency_id:
        agency_ids = [actor.agency_id]
    agency_ids = list(dict.fromkeys(agency_ids))
    agencies = {a.pk: a for a in _AGENCIES.many(None, agency_ids)}
    if not agency_ids:
        errors["agencies"] = "执法机构：至少选择一个"
    elif len(agencies) != len(agency_ids):
        errors["agencies"] = "执法机构：包含不存在或已停用的机构"
    else:
        powerless = [str(agencies[a]) for a in agency_ids if not agencies[a].has_enforcement_power]
        if powerless:
            errors["agencies"] = f"执法机构：{'、'.join(powerless)}没有执法权"
        elif not (actor.is_superuser or actor.role == Role.COMMITTEE_ADMIN
                  or actor.agency_id in agencies):
            errors["agencies"] = "执法机构：必须包含您所在的机构"
    out["agencies"] = [agencies[a] for a in agency_ids if a in agencies]

    mode = _text(data.get("mode"))
    if mode not in Mode.values:
        errors["mode"] = "检查方式：应为" + "、".join(Mode.labels) + "之一"
    out["mode"] = mode

    started = _aware(data.get("started_at"), "started_at", "检查开始时间", errors)
    ended = _aware(data.get("ended_at"), "ended_at", "检查结束时间", errors)
    now = timezone.now()
    if started is None and "started_at" not in errors:
        started = now
    if started and started > now + timezone.timedelta(minutes=10):
        errors["started_at"] = "检查开始时间：不能晚于当前时间"
    if started and ended and ended < started:
        errors["ended_at"] = "检查结束时间：不能早于开始时间"
    out["started_at"], out["ended_at"] = started, ended
    out["latitude"] = _coord(data.get("latitude"), "latitude", "纬度", 90, errors)
    out["longitude"] = _coord(data.get("longitude"), "longitude", "经度", 180, errors)
    out["place"] = _text(data.get("place"))[:200]
    out["summary"] = _text(data.get("summary"))[:MAX_TEXT]

    out["campaign"] = None
    campaign_id = _id(data.get("campaign"))
    if campaign_id is not None:
        out["campaign"] = Campaign.objects.filter(pk=campaign_id).first()
        if out["campaign"] is None:
            errors["campaign"] = "专项行动：不存在"
    for key, label in (("draw_id", "双随机抽取编号"), ("plan_id", "执法计划编号")):
        value = _id(data.get(key))
        if value is not None and value < 1:
            errors[key] = f"{label}：应为正整数"
        out[key] = value

    out["checklist_version"] = _clean_version(data, errors)

    out["corrects"] = None
    corrects_id = _id(data.get("corrects"))
    if corrects_id is not None:
        original = (restrict(Inspection.objects, actor, "change", enterprise_path="enterprise")
                    .filter(pk=corrects_id).first())
        if original is None:
            errors["corrects"] = "更正的记录：不存在或无权更正"
        elif original.status == Status.DRAFT:
            errors["corrects"] = "更正的记录：草稿可直接修改，无需更正"
        elif enterprise is not None and original.enterprise_id != enterprise.pk:
            errors["corrects"] = "更正的记录：被检查单位不一致"
        elif not _text(data.get("correction_reason")):
            errors["correction_reason"] = "更正理由：更正记录必须说明理由"
        out["corrects"] = original
    out["correction_reason"] = _text(data.get("correction_reason"))[:MAX_TEXT]

    out["review_of"] = None
    review_id = _id(data.get("review_of"))
    if review_id is not None:
        scheduled = ReInspection.objects.filter(pk=review_id).first()
        if scheduled is None or (enterprise is not None
                                 and scheduled.enterprise_id != enterprise.pk):
            errors["review_of"] = "复查事项：不存在或不属于该单位"
        elif mode and mode != Mode.REVIEW:
            errors["mode"] = "检查方式：复查事项应以“复查”方式检查"
        out["review_of"] = scheduled
    return out


def _enterprise_in(scope: Q | None, pk: int):
    qs = Enterprise.objects.select_related("lead_agency").filter(pk=pk)
    return qs if scope is None else qs.filter(scope)


# The first lookups of every record, compiled once (per jurisdiction for the enterprise).
_ENTERPRISE = Prepared(Enterprise, _enterprise_in)
_VERSION = Prepared(ChecklistVersion, lambda _key, pk: ChecklistVersion.objects.filter(
    pk=pk).select_related("checklist"))


def _clean_version(data: dict, errors: dict) -> ChecklistVersion | None:
    version_id = _id(data.get("checklist_version"))
    code = _text(data.get("checklist"))
    if version_id is not None:
        version = _VERSION.first(None, version_id)
        if version is None:
            errors["checklist_version"] = "检查表版本：不存在"
        return version
    if code:
        version = (ChecklistVersion.objects.filter(checklist__code=code)
                   .select_related("checklist").order_by("-number").first())
        if version is None:
            errors["checklist"] = f"检查表：不存在代码为 {code} 的检查表"
        return version
    return None


# The team's lookups, compiled once per number of officers (or agencies).
_AGENCIES = Prepared(Agency, lambda _key, pks: Agency.objects.filter(pk__in=pks,
                                                                     is_active=True))
_OFFICERS = Prepared(User, lambda _key, pks: User.objects.filter(
    pk__in=pks, is_active=True).select_related("agency"))
_CERTIFICATES = Prepared(Certificate, lambda _key, pks: Certificate.objects.filter(
    holder_id__in=pks))
_CONFLICTS = Prepared(Conflict, lambda _key, values: Conflict.objects.filter(
    enterprise_id=values[0], officer_id__in=values[1:], is_active=True).only("officer_id"))


def _clean_team(actor: User, data: dict, header: dict, errors: dict) -> list[Member]:
    """Officers (certificate valid on the day, no declared conflict), experts, auxiliaries."""
    officer_ids = list(dict.fromkeys(
        i for i in (_id(x) for x in (data.get("officers") or [])) if i is not None))
    enterprise: Enterprise | None = header["enterprise"]
    started: datetime | None = header["started_at"]
    day = timezone.localdate(started) if started else timezone.localdate()
    users = {u.pk: u for u in _OFFICERS.many(None, officer_ids)}
    certificates: dict[int, list[Certificate]] = {}
    for c in _CERTIFICATES.many(None, list(users)):  # latest valid_until first
        certificates.setdefault(c.holder_id, []).append(c)
    conflicted = set()
    if enterprise is not None and officer_ids:
        conflicted = {c.officer_id for c in _CONFLICTS.many(None, [enterprise.pk, *officer_ids])}
    agency_ids = {a.pk for a in header["agencies"]}
    members: list[Member] = []
    problems: list[str] = []
    for officer_id in officer_ids:
        user = users.get(officer_id)
        if user is None:
            problems.append(f"编号 {officer_id} 的人员不存在")
            continue
        name = user.display_name
        held = certificates.get(officer_id, [])
        certificate = next((c for c in held if c.is_valid_on(day)), None)
        if certificate is None:
            if not held:
                problems.append(f"{name}未持有执法证")
            else:
                latest = max(held, key=lambda c: c.valid_until)
                why = "已注销" if latest.revoked else f"有效期至 {latest.valid_until:%Y-%m-%d}"
                problems.append(f"{name}的执法证在检查当日（{day:%Y-%m-%d}）无效（{why}）")
            continue
        if officer_id in conflicted:
            problems.append(f"{name}已声明与该单位存在利害关系，应当回避（行政处罚法第43条）")
            continue
        if agency_ids and user.agency_id not in agency_ids:
            problems.append(f"{name}不属于参与检查的执法机构")
            continue
        members.append(Member(kind=MemberKind.OFFICER, user=user, name=name,
                              organisation=str(user.agency or ""), certificate=certificate,
                              certificate_number=certificate.number))
    if problems:
        errors["officers"] = "执法人员：" + "；".join(problems)
    elif len(members) < MIN_OFFICERS:
        errors["officers"] = (f"执法人员：至少需要{MIN_OFFICERS}名持有当日有效执法证的执法人员"
                              "（行政处罚法第42条）")
    for key, kind, label in (("experts", MemberKind.EXPERT, "专家"),
                             ("auxiliaries", MemberKind.AUXILIARY, "辅助人员")):
        for n, row in enumerate(data.get(key) or []):
            row = row if isinstance(row, dict) else {"name": row}
            name = _text(row.get("name"))
            if not name:
                errors[f"{key}.{n}.name"] = f"{label}：第{n + 1}人姓名不能为空"
                continue
            user_id = _id(row.get("user"))
            members.append(Member(
                kind=kind, user_id=user_id if user_id and user_id > 0 else None,
                name=name[:50], organisation=_text(row.get("organisation"))[:100]))
    return members


# ---------------------------------------------------------------- answers and findings


def _clean_answers(rows: list, items: dict, errors: dict) -> list[Answer]:
    answers: dict[int, Answer] = {}
    for n, row in enumerate(rows or []):
        item_id = _id(row.get("item"))
        if item_id not in items:
            errors[f"answers.{n}.item"] = f"检查项：第{n + 1}条不属于所选检查表"
            continue
        result = _text(row.get("result"))
        if result not in Result.values:
            errors[f"answers.{n}.result"] = (f"检查结果：第{items[item_id].seq}项应为"
                                             "符合、不符合或不适用")
            continue
        answers[item_id] = Answer(item_id=item_id, result=result,
                                  note=_text(row.get("note"))[:MAX_TEXT])
    return list(answers.values())


def _raised_by(row: dict, members: list[Member], field: str, errors: dict) -> tuple:
    user_id = _id(row.get("raised_by"))
    name = _text(row.get("raised_by_name"))
    if user_id is None:
        return None, name[:50]
    member = next((m for m in members if m.user_id == user_id), None)
    if member is None:
        errors[field] = "问题提出人员：应为本次检查组成员"
        return None, name
    return member.user_id, member.name


def clean_finding(row: dict, n: int, *, items: dict, members: list[Member],
                  errors: dict, today: date) -> tuple[Finding, list[Disposition]]:
    prefix = f"findings.{n}"
    where = f"（第{n + 1}个问题）"
    description = _text(row.get("description"))
    if not description:
        errors[f"{prefix}.description"] = f"问题描述：不能为空{where}"
    item_id = _id(row.get("item"))
    item = None
    if item_id is not None:
        item = items.get(item_id)
        if item is None:
            errors[f"{prefix}.item"] = f"对应检查项：不属于所选检查表{where}"
    entry = _text(row.get("statute_entry")) or (item.statute_entry if item else "")
    if entry:
        try:
            statutes.get(entry)
        except (KeyError, LookupError):
            errors[f"{prefix}.statute_entry"] = f"对应违法行为：罚则目录中没有 {entry}{where}"
    raised_by_id, raised_by_name = _raised_by(row, members, f"{prefix}.raised_by", errors)
    finding = Finding(
        item=item, section=_text(row.get("section")) or (item.section if item else ""),
        description=description[:MAX_TEXT],
        legal_basis=_text(row.get("legal_basis")) or (item.legal_basis if item else ""),
        standard_basis=_text(row.get("standard_basis")) or (item.standard_basis if item else ""),
        statute_entry=entry, is_major=bool(row.get("is_major")),
        raised_by_id=raised_by_id, raised_by_name=raised_by_name,
        client_id=_text(row.get("client_id"))[:40],
    )
    dispositions = []
    for m, d in enumerate(row.get("dispositions") or []):
        field = f"{prefix}.dispositions.{m}"
        kind = _text(d.get("kind"))
        if kind not in followups.KIND_LABELS:
            errors[f"{field}.kind"] = ("执法处置：应为" + "、".join(followups.KIND_LABELS.values())
                                       + f"之一{where}")
            continue
        deadline = _day(d.get("deadline"), f"{field}.deadline", "整改期限", errors)
        if kind == followups.RECTIFY_BY_DEADLINE and deadline is None \
                and f"{field}.deadline" not in errors:
            errors[f"{field}.deadline"] = f"整改期限：责令限期整改必须规定期限{where}"
        if deadline is not None and deadline < today:
            errors[f"{field}.deadline"] = f"整改期限：不能早于今天（{today:%Y-%m-%d}）{where}"
        note = _text(d.get("note"))[:MAX_TEXT]
        if kind == followups.TRANSFER:
            # The referral the cases app opens needs its receiving department and the day
            # its answer is due (cases.services.referral_create).
            if not note:
                errors[f"{field}.note"] = f"处置说明：移交其他部门须写明接收部门{where}"
            if deadline is None and f"{field}.deadline" not in errors:
                errors[f"{field}.deadline"] = f"期限：移交其他部门须约定回复期限{where}"
        dispositions.append(Disposition(kind=kind, deadline=deadline, note=note))
    return finding, dispositions


# ---------------------------------------------------------------- create and submit


@transaction.atomic
def inspection_create(*, actor: User, data: dict, submit: bool = True) -> Inspection:
    """A new inspection record (a draft, or a complete record when ``submit``)."""
    return _create(actor=actor, data=data, submit=submit)


@audit.batched()  # the record's events and its follow-ups' in one write
def _create(*, actor: User, data: dict, submit: bool) -> Inspection:
    """``inspection_create`` inside the caller's transaction (no savepoint of its own: any
    error leaves the caller's atomic block, which rolls everything back)."""
    if not may_inspect(actor):
        raise NotAllowed("只有执法人员可以填写检查记录")
    errors: dict[str, str] = {}
    header = _clean_header(actor, data, errors)
    members = _clean_team(actor, data, header, errors)
    version = header["checklist_version"]
    items = version_items(version.pk) if version else {}
    answers = _clean_answers(data.get("answers") or [], items, errors)
    today = timezone.localdate()
    rows = data.get("findings") or []
    if len(rows) > MAX_FINDINGS:
        errors["findings"] = f"检查发现的问题：一次最多{MAX_FINDINGS}条"
        rows = []
    parsed = [clean_finding(row, n, items=items, members=members, errors=errors, today=today)
              for n, row in enumerate(rows)]
    if submit and not errors:
        _check_complete(items, answers, errors)
    if errors:
        raise ValidationFailed(errors)

    agencies = header.pop("agencies")
    if submit:
        # Written as submitted at once: _finalize then has no row update to make.
        header["submitted_at"] = timezone.now()
        header["ended_at"] = header["ended_at"] or header["submitted_at"]
    [inspection] = bulk.insert([Inspection(
        agency=agencies[0], created_by=actor,
        status=Status.SUBMITTED if submit else Status.DRAFT, **header)])
    bulk.insert([InspectionAgency(inspection=inspection, agency=a) for a in agencies])
    for m in members:
        m.inspection = inspection
    bulk.insert(members)
    for a in answers:
        a.inspection = inspection
    bulk.insert(answers)
    findings = [f for f, _ in parsed]
    for seq, f in enumerate(findings, start=1):
        f.inspection, f.seq = inspection, seq
    bulk.insert(findings)
    dispositions = []
    for finding, ds in parsed:
        for d in ds:
            d.finding = finding
            dispositions.append(d)
        finding.disposition_list = ds
    bulk.insert(dispositions)
    if not submit:  # a submitted record's one transition ("" → submitted) is in _finalize
        Transition.objects.create(inspection=inspection, from_status="", to_status=Status.DRAFT,
                                  actor=actor, reason="新建")
    inspection._bundle = Bundle(inspection=inspection, agencies=agencies, members=members,
                                answers=answers, findings=findings)
    created = audit.event(actor=actor, action="inspection.create", obj=inspection, changes={
        "enterprise": [None, str(header["enterprise"])], "mode": [None, inspection.mode],
        "officers": [None, [m.name for m in members if m.kind == MemberKind.OFFICER]],
        "findings": [None, len(findings)],
    }, reason=header["correction_reason"] if header["corrects"] else "")
    if not submit:
        audit.record_many([created])
        return inspection
    inspection.status = ""  # created and submitted in one step: its one transition is "" →
    _finalize(actor, inspection, inspection._bundle, created=created)
    return inspection


def _check_complete(items: dict, answers: list[Answer], errors: dict) -> None:
    answered = {a.item_id for a in answers if a.result}
    missing = [i.seq for i in items.values() if i.pk not in answered]
    if missing:
        shown = "、".join(str(s) for s in missing[:10]) + ("等" if len(missing) > 10 else "")
        errors["answers"] = f"检查项结果：第{shown}项尚未作答"


@transaction.atomic
def inspection_submit(*, actor: User, inspection: Inspection) -> Inspection:
    """Validate a draft as a whole, freeze it and create its follow-ups."""
    inspection = _lock_draft(actor, inspection.pk)
    bundle = load_bundle(inspection)
    errors: dict[str, str] = {}
    # Re-check the team on the record's day: a certificate may have lapsed since the draft.
    data = {"officers": [m.user_id for m in bundle.officers], "enterprise":
            inspection.enterprise_id}
    header = {"enterprise": inspection.enterprise, "started_at": inspection.started_at,
              "agencies": bundle.agencies}
    _clean_team(actor, data, header, errors)
    items = version_items(inspection.checklist_version_id) if inspection.checklist_version_id \
        else {}
    _check_complete(items, bundle.answers, errors)
    today = timezone.localdate()
    for n, f in enumerate(bundle.findings):
        if not f.description.strip():
            errors[f"findings.{n}.description"] = f"问题描述：不能为空（第{n + 1}个问题）"
        for m, d in enumerate(f.disposition_list):
            if d.deadline and d.deadline < today:
                errors[f"findings.{n}.dispositions.{m}.deadline"] = (
                    f"整改期限：不能早于今天（{today:%Y-%m-%d}）（第{n + 1}个问题）")
    if errors:
        raise ValidationFailed(errors)
    _finalize(actor, inspection, bundle)
    return inspection


def _source_label(inspection: Inspection) -> str:
    day = timezone.localdate(inspection.started_at)
    return f"现场检查记录（{inspection.enterprise.name}，{day}）"


def _finalize(actor: User, inspection: Inspection, bundle: Bundle,
              created: AuditEvent | None = None) -> None:
    """Freeze, dispatch follow-ups, schedule re-inspections. Inside the caller's transaction.

    ``created``: the audit event of a record created and submitted in one step, whose row
    was inserted already submitted; both events are written together at the end."""
    enterprise = inspection.enterprise
    label = _source_label(inspection)
    reinspections: list[ReInspection] = []
    pending: list[Disposition] = []
    requests: list[followups.FollowupRequest] = []
    # Found on the day of the inspection, not of its (possibly later, synced from a phone)
    # submission: the ledger's age, and whether the enterprise had reported it, count from it.
    found_on = timezone.localtime(inspection.started_at).date()
    for finding in bundle.findings:
        for d in finding.disposition_list:
            if d.kind == followups.SUSPEND:
                _suspend(actor, inspection, finding, d)
            pending.append(d)
            requests.append(followups.FollowupRequest(
                kind=d.kind, actor=actor, enterprise=enterprise, agency=inspection.agency,
                description=finding.description, source_type="inspections.finding",
                source_id=finding.pk, source_label=label, legal_basis=finding.legal_basis,
                statute_entry=finding.statute_entry, is_major=finding.is_major,
                deadline=d.deadline,
                extra={"disposition_id": d.pk, "inspection_id": inspection.pk,
                       "standard_basis": finding.standard_basis, "note": d.note,
                       "order_number": d.order_number, "found_on": found_on,
                       **({"counterpart": d.note} if d.kind == followups.TRANSFER else {})},
            ))
            if d.deadline is not None and d.kind != followups.TRANSFER:  # a reply, not a 复查
                reinspections.append(ReInspection(
                    source=inspection, disposition=d, enterprise=enterprise,
                    agency=inspection.agency, due_on=review_due(d.deadline)))
    changed: list[Disposition] = []
    for d, result in zip(pending, followups.dispatch_many(requests), strict=True):
        if result is not None:
            d.followup_type, d.followup_id = result.object_type, result.object_id
            d.followup_label, d.followup_url = result.label[:200], result.url[:200]
            changed.append(d)
    if changed:
        bulk.update_rows(changed, ["followup_type", "followup_id", "followup_label",
                                   "followup_url"])
    bulk.insert(reinspections)
    bundle.reinspections = reinspections
    if inspection.review_of_id:
        ReInspection.objects.filter(pk=inspection.review_of_id).update(
            status=ReInspectionStatus.DONE)
    _transition(inspection, actor, Status.SUBMITTED, "提交")
    if created is None:  # a draft submitted later
        inspection.submitted_at = timezone.now()
        if inspection.ended_at is None:
            inspection.ended_at = inspection.submitted_at
        inspection.save(update_fields=["status", "submitted_at", "ended_at"])
    submitted = audit.event(actor=actor, action="inspection.submit", obj=inspection,
                            changes={"status": [Status.DRAFT, Status.SUBMITTED],
                                     "reinspections": [None, [str(r.due_on)
                                                              for r in reinspections]]})
    audit.record_many([e for e in (created, submitted) if e is not None])


def review_due(deadline: date) -> date:
    """When the 复查 of a deadline falls due. The law package has no review period yet
    (``deadlines.PERIODS['rectification_review']`` is used once it exists); until then the
    review is due on the day the rectification period ends."""
    if "rectification_review" in deadlines.PERIODS:
        return deadlines.due("rectification_review", deadline)  # type: ignore[return-value]
    return deadline


def _suspend(actor: User, inspection: Inspection, finding: Finding, d: Disposition) -> None:
    """责令暂时停产停业: issue the order's number and change the enterprise's status."""
    from anzhi.registry.services import enterprise_change_status

    kind, _title, abbreviation = DOC_ONSITE_MEASURE
    doc = numbering.issue(agency=inspection.agency, kind=kind, abbreviation=abbreviation,
                          year=timezone.localdate().year, obj=d, actor=actor)
    d.order_number = doc.number
    Disposition.objects.filter(pk=d.pk).update(order_number=doc.number)
    enterprise = inspection.enterprise
    if enterprise.status == EnterpriseStatus.OPERATING:
        enterprise_change_status(actor=actor, enterprise=enterprise,
                                 to_status=EnterpriseStatus.SUSPENDED, order_number=doc.number,
                                 order_date=timezone.localdate(),
                                 reason=f"现场检查：{finding.description}"[:500])
        enterprise.status = EnterpriseStatus.SUSPENDED


# ---------------------------------------------------------------- draft editing (on site)


@transaction.atomic
def answer_save(*, actor: User, inspection: Inspection, item_id: int, result: str,
                note: str = "") -> Answer:
    inspection = _lock_draft(actor, inspection.pk)
    items = version_items(inspection.checklist_version_id) if inspection.checklist_version_id \
        else {}
    if item_id not in items:
        raise ValidationFailed({"item": "检查项：不属于本次检查所用的检查表"})
    result = _text(result)
    if result and result not in Result.values:
        raise ValidationFailed({"result": "检查结果：应为符合、不符合或不适用"})
    answer, created = Answer.objects.get_or_create(
        inspection=inspection, item_id=item_id,
        defaults={"result": result, "note": _text(note)[:MAX_TEXT]})
    if not created:
        before = (answer.result, answer.note)
        answer.result, answer.note = result, _text(note)[:MAX_TEXT]
        if before == (answer.result, answer.note):
            return answer
        answer.save(update_fields=["result", "note", "updated_at"])
    audit.record(actor=actor, action="inspection.answer", obj=inspection,
                 changes={f"item {items[item_id].seq}": [None, result]})
    return answer


@transaction.atomic
def finding_add(*, actor: User, inspection: Inspection, data: dict) -> Finding:
    """Add a finding (with its dispositions) to a draft. A resent request with the same
    ``client_id`` returns the finding already stored."""
    inspection = _lock_draft(actor, inspection.pk)
    client_id = _text(data.get("client_id"))[:40]
    if client_id:
        existing = Finding.objects.filter(inspection=inspection, client_id=client_id).first()
        if existing is not None:
            return existing
    bundle_members = list(Member.objects.filter(inspection=inspection))
    items = version_items(inspection.checklist_version_id) if inspection.checklist_version_id \
        else {}
    errors: dict[str, str] = {}
    seq = (Finding.objects.filter(inspection=inspection).count()) + 1
    finding, dispositions = clean_finding(data, seq - 1, items=items, members=bundle_members,
                                          errors=errors, today=timezone.localdate())
    if errors:
        # The page shows one finding form: name the fields without the list position.
        raise ValidationFailed({k.split(".", 2)[-1] if k.startswith("findings.") else k: v
                                for k, v in errors.items()})
    finding.inspection, finding.seq = inspection, seq
    finding.save()
    for d in dispositions:
        d.finding = finding
    Disposition.objects.bulk_create(dispositions)
    audit.record(actor=actor, action="inspection.finding", obj=inspection,
                 changes={f"finding {seq}": [None, finding.description[:100]]})
    return finding


def _stored_photo(inspection: Inspection, client_id: str) -> Photo | None:
    return Photo.objects.filter(inspection=inspection, client_id=client_id).first()


@transaction.atomic
def photo_add(*, actor: User, inspection: Inspection, content: bytes, client_id: str,
              item_id: int | None = None, finding_id: int | None = None,
              taken_at: datetime | str | None = None) -> Photo:
    """Store a photo of a draft once per ``client_id``; ``taken_at`` is the phone's time
    taken (ISO 8601 or EXIF text), optional."""
    from django.core.files.base import ContentFile

    from anzhi.core.files import EXTENSIONS, insert_once

    from .photos import MAX_PHOTO_BYTES, TOO_LARGE, content_type_of, parse_taken_at

    inspection = _lock_draft(actor, inspection.pk)
    client_id = _text(client_id)[:40]
    if not client_id:
        raise ValidationFailed({"client_id": "照片编号：不能为空"})
    existing = _stored_photo(inspection, client_id)
    if existing is not None:
        return existing
    if not content:
        raise ValidationFailed({"file": "照片：文件为空"})
    if len(content) > MAX_PHOTO_BYTES:
        raise ValidationFailed({"file": TOO_LARGE})
    content_type = content_type_of(content)
    if content_type is None:
        raise ValidationFailed({"file": "照片：只接受 JPEG 或 PNG 图片"})
    try:
        taken_at = parse_taken_at(taken_at)
    except ValueError as exc:
        raise ValidationFailed({"taken_at": str(exc)}) from None
    items = version_items(inspection.checklist_version_id) if inspection.checklist_version_id \
        else {}
    if item_id is not None and item_id not in items:
        raise ValidationFailed({"item": "检查项：不属于本次检查所用的检查表"})
    if finding_id is not None and not Finding.objects.filter(
            pk=finding_id, inspection=inspection).exists():
        raise ValidationFailed({"finding": "问题：不属于本次检查"})
    photo = Photo(inspection=inspection, item_id=item_id, finding_id=finding_id,
                  sha256=hashlib.sha256(content).hexdigest(), client_id=client_id,
                  uploaded_by=actor, content_type=content_type, size=len(content),
                  taken_at=taken_at)
    photo.file.save(f"photo.{EXTENSIONS[content_type]}", ContentFile(content), save=False)
    # SQLite has no row lock: a racing resend may pass the check above; the unique
    # (inspection, client_id) constraint stops it and it gets the first one's photo.
    photo, created = insert_once(photo, Photo.objects.filter(inspection=inspection,
                                                             client_id=client_id))
    if not created:
        return photo
    audit.record(actor=actor, action="inspection.photo", obj=inspection,
                 changes={"photo": [None, photo.sha256]})
    return photo


# ---------------------------------------------------------------- idempotent API creation


def request_fingerprint(data: dict) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def inspection_create_once(*, actor: User, key: str, data: dict, present,
                           submit: bool = True) -> tuple[int, dict, bool]:
    """``inspection_create`` guarded by the client's Idempotency-Key.

    Returns (status, body, replayed). The key row is inserted with the response in the same
    transaction, so of two concurrent duplicates one commits and the other replays it; a
    request that fails validation stores nothing and may be resent corrected.
    """
    from django.db import IntegrityError

    key = _text(key)
    if not key or len(key) > 100:
        raise ValidationFailed({"idempotency_key": "幂等键：长度应为 1–100 个字符"})
    # A draft and a submitted record of the same body are different requests.
    fingerprint = request_fingerprint(data if submit else {**data, "_draft": True})

    def replay(row: IdempotencyKey) -> tuple[int, dict, bool]:
        if row.request_hash != fingerprint:
            raise TransitionRefused("该幂等键（Idempotency-Key）已用于另一份不同内容的提交")
        return row.status_code, row.response, True

    existing = IdempotencyKey.objects.filter(user=actor, key=key).first()
    if existing is not None:
        return replay(existing)
    try:
        with transaction.atomic():
            inspection = _create(actor=actor, data=data, submit=submit)
            body = json.loads(json.dumps(present(inspection), cls=DjangoJSONEncoder))
            # Inserted last: a concurrent duplicate blocks on the unique index until this
            # commits, then fails, rolls its own work back and replays this response.
            bulk.insert([IdempotencyKey(user=actor, key=key, request_hash=fingerprint,
                                        inspection=inspection, response=body)])
    except IntegrityError:
        existing = IdempotencyKey.objects.filter(user=actor, key=key).first()
        if existing is None:
            raise
        return replay(existing)
    return 201, body, False


# ---------------------------------------------------------------- checklist templates


def may_edit_checklists(user: User) -> bool:
    return user.is_superuser or user.role == Role.COMMITTEE_ADMIN


def _clean_items(rows: list[dict], errors: dict) -> list[dict]:
    from .checklists import ITEM_FIELDS

    cleaned = []
    for n, row in enumerate(rows or []):
        content = _text(row.get("content"))
        if not content:
            errors[f"items.{n}.content"] = f"检查内容：第{n + 1}项不能为空"
            continue
        entry = _text(row.get("statute_entry"))
        if entry:
            try:
                statutes.get(entry)
            except (KeyError, LookupError):
                errors[f"items.{n}.statute_entry"] = (
                    f"对应违法行为：第{n + 1}项的罚则目录编号 {entry} 不存在")
        cleaned.append({f: (bool(row.get(f)) if f == "is_major" else _text(row.get(f)))
                        for f in ITEM_FIELDS} | {"content": content, "statute_entry": entry})
    if not cleaned and not errors:
        errors["items"] = "检查项：至少需要一项"
    return cleaned


@transaction.atomic
def checklist_publish(*, actor: User, checklist, items: list[dict], note: str = ""):
    """Publish a new version of a checklist. Earlier versions stay as they were, so every
    inspection keeps the exact items it was checked against."""
    from .models import Checklist, ChecklistItem

    if not may_edit_checklists(actor):
        raise NotAllowed("只有安委办管理员可以修订检查表")
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    errors: dict[str, str] = {}
    cleaned = _clean_items(items, errors)
    if not _text(note):
        errors["note"] = "修订说明：不能为空"
    if errors:
        raise ValidationFailed(errors)
    last = checklist.versions.order_by("-number").first()
    version = ChecklistVersion.objects.create(
        checklist=checklist, number=(last.number if last else 0) + 1,
        note=_text(note)[:200], created_by=actor)
    ChecklistItem.objects.bulk_create(ChecklistItem(version=version, seq=i, **row)
                                      for i, row in enumerate(cleaned, start=1))
    audit.record(actor=actor, action="checklist.publish", obj=checklist,
                 changes={"version": [last.number if last else None, version.number],
                          "items": [None, len(cleaned)]}, reason=_text(note))
    return version


@transaction.atomic
def checklist_create(*, actor: User, code: str, title: str, sector_code: str = "",
                     description: str = "", items: list[dict]):
    from .models import Checklist

    if not may_edit_checklists(actor):
        raise NotAllowed("只有安委办管理员可以新建检查表")
    errors: dict[str, str] = {}
    code, title = _text(code), _text(title)
    if not code:
        errors["code"] = "代码：不能为空"
    elif Checklist.objects.filter(code=code).exists():
        errors["code"] = "代码：已被其他检查表使用"
    if not title:
        errors["title"] = "名称：不能为空"
    _clean_items(items, errors)
    if errors:
        raise ValidationFailed(errors)
    checklist = Checklist.objects.create(code=code, title=title, sector_code=_text(sector_code),
                                         description=_text(description))
    audit.record(actor=actor, action="checklist.create", obj=checklist,
                 changes={"title": [None, title]})
    checklist_publish(actor=actor, checklist=checklist, items=items, note="新建")
    return checklist
