"""Every write to the hazard ledger: one transaction, permission, validation, audit.

The closed loop (隐患闭环):

    待整改 ──start──> 整改中 ──submit evidence──> 待复查 ──review passed──> 已销号
                        ^                            │                        │
                        └──── review failed ─────────┘                        │
    待整改 <──────────────────── reopen (the hazard came back) ──────────────────┘

A major hazard cannot start without its complete 五落实 plan; closing (销号) needs a passed
review by certified officers (two and on site for a major hazard) with the numbered
整改复查意见书. Overdue is computed from ``rectify_due``; the daily sweep sets
``overdue_flagged`` by compare-and-swap and raises the 从重 flag.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from anzhi.accounts.models import Agency, Conflict, Role, User
from anzhi.accounts.scoping import jurisdiction_prefix, may_change_enterprise, restrict
from anzhi.accounts.selectors import visible_agencies
from anzhi.core import acting_day, audit, bulk, followups, numbering
from anzhi.core.deferred import insert_later, save_fields_later
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.files import stored_as
from anzhi.core.models import AuditEvent
from anzhi.core.prepared import Prepared
from anzhi.registry.models import Enterprise

from .choices import (
    OPEN_STATUSES,
    DutyKind,
    FileKind,
    Level,
    ListingLevel,
    ReminderKind,
    Source,
    Status,
)
from .models import (
    OPEN_Q,
    Digest,
    DutyRecord,
    Hazard,
    HazardFile,
    HazardTransition,
    Listing,
    ListingExtension,
    Rectification,
    RectificationPlan,
    Reminder,
    Review,
)
from .scoping import hazard_q, is_enterprise_user, portal_q
from .uploads import check_files

# Policy numbers of this app (not legal rules): when to warn and when to escalate.
REMIND_DAYS_BEFORE = 3          # "due soon" reminder this many days before the deadline
FAILED_REVIEWS_ESCALATE = 2     # 复查不通过 this many times → 从重
MAJOR_REVIEW_MIN_OFFICERS = 2   # 行政处罚法 Art 42: at least two certified officers
REVIEW_DOCUMENT_KIND, REVIEW_DOCUMENT_ABBREVIATION = numbering.REVIEW_OPINION

AUDITED = ["level", "status", "criterion", "description", "place", "found_on", "rectify_due",
           "agency", "source", "source_label", "flag_concealed"]


def today() -> date:
    return acting_day.today()


# --- helpers ----------------------------------------------------------------------------


def _text(data: dict, field: str) -> str:
    value = data.get(field)
    return str(value).strip() if value is not None else ""


def _date(data: dict, field: str, label: str, errors: dict) -> date | None:
    value = data.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors[field] = f"{label}：应为日期（YYYY-MM-DD）"
        return None


def _money(data: dict, field: str, label: str, errors: dict) -> Decimal | None:
    value = data.get(field)
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = f"{label}：应为金额（元）"
        return None
    if amount < 0 or not amount.is_finite():
        errors[field] = f"{label}：不能为负数"
        return None
    return amount.quantize(Decimal("0.01"))


def _locking(acting: Q | None, pk: int):
    # Only the hazard's row: a scope that joins the enterprise must not lock it too.
    qs = Hazard.objects.select_for_update(of=("self",)).filter(pk=pk)
    return qs if acting is None else qs.filter(acting)


_LOCKING = Prepared(Hazard, _locking)


def _lock(actor: User, hazard_id: int, scope: Q | None) -> Hazard:
    """The hazard locked for update. 404 alike for missing and invisible; NotAllowed when
    visible but outside ``scope`` (the actor's acting rights)."""
    # One query when the actor may act (the common case); the second only tells 403 from 404.
    acting = scope if scope is not None else hazard_q(actor, "view")
    hazard = _LOCKING.first(acting, hazard_id)
    if hazard is not None:
        return hazard
    visible = hazard_q(actor, "view")
    if not Hazard.objects.filter(pk=hazard_id).filter(visible or Q()).exists():
        raise Http404("未找到该隐患")
    raise NotAllowed("无权办理该隐患")


def _officer_scope(actor: User) -> Q | None:
    q = hazard_q(actor, "change")
    if is_enterprise_user(actor):
        return Q(pk__in=[])
    return q


def _set_status(hazard: Hazard, to: str, *, actor: User | None, action: str,
                reason: str = "", save: bool = True) -> HazardTransition:
    """The transition row (unsaved when not ``save``: the caller writes it with others)
    and its audit event."""
    move = HazardTransition(hazard=hazard, action=action, from_status=hazard.status,
                            to_status=to, actor=actor, reason=reason)
    if save:
        move.save()
    audit.record(actor=actor, action=f"hazard.{action}", obj=hazard,
                 changes={"status": [hazard.get_status_display(), Status(to).label]},
                 reason=reason)
    hazard.status = to
    return move


def _file_rows(hazard: Hazard, actor: User, checked: Iterable[tuple[Any, str]], kind: str,
               rectification: Rectification | None = None) -> list[HazardFile]:
    """Unsaved rows for checked uploads; the caller inserts all of a step's files at once
    (``bulk.insert`` stores each file as the row is written)."""
    return [HazardFile(hazard=hazard, rectification=rectification, kind=kind,
                       file=stored_as(f, content_type), name=str(getattr(f, "name", ""))[:200],
                       content_type=content_type, size=f.size, uploaded_by=actor)
            for f, content_type in checked]


# --- registering a hazard ---------------------------------------------------------------


def _enterprise_for(actor: User, enterprise: Enterprise | int) -> Enterprise:
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    found = Enterprise.objects.select_related("lead_agency")
    if isinstance(enterprise, Enterprise) and may_change_enterprise(actor, enterprise):
        return enterprise  # a caller's row (an inspection's enterprise): the rule needs no query
    if is_enterprise_user(actor):
        if actor.enterprise_id != pk:
            raise Http404("未找到该企业")
        return found.get(pk=pk)
    # One query when the actor may act (the common case); the second only tells 403 from 404.
    changeable = restrict(found, actor, "change").filter(pk=pk).first()
    if changeable is not None:
        return changeable
    if not restrict(Enterprise.objects.all(), actor, "view").filter(pk=pk).exists():
        raise Http404("未找到该企业")
    raise NotAllowed("无权为该企业登记隐患")


def _concealed(enterprise: Enterprise, level: str, source: str, criterion: str,
               found_on: date) -> bool:
    """A major hazard found by others that the enterprise had not self-reported before."""
    if level != Level.MAJOR or source == Source.SELF_REPORT:
        return False
    return not Hazard.objects.filter(enterprise=enterprise, source=Source.SELF_REPORT,
                                     level=Level.MAJOR, criterion=criterion,
                                     found_on__lte=found_on).exists()


def _clean_new(actor: User, enterprise: Enterprise, data: dict, *,
               need_due: bool) -> dict[str, Any]:
    errors: dict[str, str] = {}
    now = today()
    level = _text(data, "level") or Level.GENERAL
    if level not in Level.values:
        errors["level"] = "隐患级别：应为“一般事故隐患”或“重大事故隐患”"
    if is_enterprise_user(actor):
        source = Source.SELF_REPORT
    else:
        source = _text(data, "source") or Source.INSPECTION
        if source not in Source.values:
            errors["source"] = "来源：应为执法检查、企业自查自报、举报投诉核查、事故调查或其他"
    criterion = _text(data, "criterion")
    if not criterion:
        errors["criterion"] = "判定依据：不能为空（检查表条目或重大事故隐患判定标准条款）"
    description = _text(data, "description")
    if not description:
        errors["description"] = "描述：不能为空"
    found_on = _date(data, "found_on", "发现日期", errors) or now
    if found_on > now:
        errors["found_on"] = "发现日期：不能晚于今天"
    rectify_due = _date(data, "rectify_due", "整改期限", errors)
    if rectify_due is None and need_due and "rectify_due" not in errors:
        errors["rectify_due"] = "整改期限：不能为空"
    elif rectify_due is not None and rectify_due < now:
        errors["rectify_due"] = f"整改期限：不能早于今天（{now:%Y-%m-%d}）"
    agency = enterprise.lead_agency
    if data.get("agency") and not is_enterprise_user(actor):
        agency = visible_agencies(actor).filter(pk=data["agency"]).first()
        if agency is None:
            errors["agency"] = "监管机构：不存在或不在您的辖区"
    if agency is None and "agency" not in errors:
        errors["agency"] = "监管机构：该企业没有主责监管机构，请指定"
    if errors:
        raise ValidationFailed(errors)
    return {
        "level": level, "source": source, "criterion": criterion[:500],
        "description": description, "place": _text(data, "place")[:200],
        "found_on": found_on, "rectify_due": rectify_due, "agency": agency,
        "found_by_name": (_text(data, "found_by_name") or actor.display_name)[:100],
        "emergency_measures": _text(data, "emergency_measures"),
        "source_type": _text(data, "source_type")[:64],
        "source_id": data.get("source_id") or None,
        "source_label": (_text(data, "source_label") or Source(source).label)[:200],
    }


@dataclass
class NewHazard:
    """One hazard to register: the ``data`` of ``hazard_create`` and its options."""

    data: dict[str, Any]
    photos: Iterable = ()
    on_site_rectified: str = ""
    deadline_optional: bool = False


def hazard_create(*, actor: User, enterprise: Enterprise | int, data: dict[str, Any],
                  photos: Iterable = (), on_site_rectified: str = "",
                  deadline_optional: bool = False) -> Hazard:
    """Register a hazard: an officer's entry or the enterprise's self-report (自查自报).

    ``on_site_rectified`` (an officer's record of what was done on the spot) registers a
    general hazard already rectified: created and closed at once. ``deadline_optional``
    (emergency measures taken on the spot) lets the deadline come later with the plan.
    """
    return hazard_create_many(actor=actor, enterprise=enterprise, entries=[NewHazard(
        data, photos, on_site_rectified, deadline_optional)])[0]


def _check_new(actor: User, entry: NewHazard, cleaned: dict[str, Any]) -> None:
    if entry.on_site_rectified and is_enterprise_user(actor):
        raise NotAllowed("现场立即整改由执法人员记录")
    if entry.on_site_rectified and cleaned["level"] == Level.MAJOR:
        raise ValidationFailed({"level": "隐患级别：重大事故隐患不能现场立即整改销号，"
                                         "应责令限期整改并制定五落实方案"})


@transaction.atomic
def hazard_create_many(*, actor: User, enterprise: Enterprise | int,
                       entries: list[NewHazard]) -> list[Hazard]:
    """``hazard_create`` for several hazards of one enterprise (an inspection's findings),
    in a fixed number of statements. All are valid or nothing is written."""
    return register_in_callers_transaction(actor=actor, enterprise=enterprise, entries=entries)


def register_in_callers_transaction(*, actor: User, enterprise: Enterprise | int,
                                    entries: list[NewHazard]) -> list[Hazard]:
    """``hazard_create_many`` for a follow-up handler, which runs inside the inspecting
    service's transaction: no savepoint of its own, since any error here leaves that
    transaction, which rolls back the whole inspection record. Everything is validated
    before the first write."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register_in_callers_transaction needs the caller's transaction")
    enterprise = _enterprise_for(actor, enterprise)
    cleaned = []
    for entry in entries:
        row = _clean_new(actor, enterprise, entry.data,
                         need_due=not (entry.on_site_rectified or entry.deadline_optional))
        _check_new(actor, entry, row)
        cleaned.append((entry, row, check_files("photos", entry.photos)))
    hazards = [Hazard(
        enterprise=enterprise, region_id=enterprise.region_id, created_by=actor,
        found_by=actor, status=Status.PENDING,
        flag_concealed=_concealed(enterprise, row["level"], row["source"], row["criterion"],
                                  row["found_on"]),
        **row) for _entry, row, _files in cleaned]
    registered = [audit.snapshot(h, AUDITED) for h in hazards]
    on_site = [(h, entry.on_site_rectified) for h, (entry, _r, _f) in zip(hazards, cleaned,
                                                                          strict=True)
               if entry.on_site_rectified]
    closed_on = today()
    for hazard, _text in on_site:  # written closed: its register and close rows follow
        hazard.status, hazard.closed_on = Status.CLOSED, closed_on
    bulk.insert(hazards)
    bulk.insert([row for hazard, (_entry, _row, checked) in zip(hazards, cleaned, strict=True)
                 for row in _file_rows(hazard, actor, checked, FileKind.FINDING)])
    moves = [HazardTransition(hazard=h, action="register", from_status="",
                              to_status=Status.PENDING, actor=actor, reason=h.source_label)
             for h in hazards]
    events = [audit.event(actor=actor, action="hazard.create", obj=h,
                          changes=audit.diff({}, snap)) for h, snap in zip(hazards, registered,
                                                                           strict=True)]
    if on_site:
        _close_on_site(actor, on_site, moves, events)
    bulk.insert(moves)
    audit.record_many(events)
    return hazards


def _close_on_site(actor: User, on_site: list[tuple[Hazard, str]],
                   moves: list[HazardTransition], events: list[AuditEvent]) -> None:
    """现场立即整改: the rectification, the passed on-site review by the recording officer and
    the 销号 of each hazard, appending their transition and audit rows. The hazards were
    inserted closed (no UPDATE after): a refused 销号 here rolls the caller's transaction back."""
    bulk.insert([
        Rectification(hazard=h, description=text, on_site=True, submitted_by=actor)
        for h, text in on_site])
    reviews = bulk.insert([
        Review(hazard=h, passed=True, on_site=True, reviewed_on=h.found_on, created_by=actor,
               opinion=f"现场立即整改：{text}") for h, text in on_site])
    bulk.insert([
        Review.officers.through(review_id=r.pk, user_id=actor.pk) for r in reviews])
    for (hazard, text), review in zip(on_site, reviews, strict=True):
        events.append(audit.event(actor=actor, action="hazard.on_site_rectified", obj=hazard,
                                  changes={"rectification": [None, text]}))
        _check_closable(hazard, review)
        moves.append(HazardTransition(hazard=hazard, action="close", from_status=Status.PENDING,
                                      to_status=Status.CLOSED, actor=actor,
                                      reason="现场立即整改完毕"))
        events.append(audit.event(actor=actor, action="hazard.close", obj=hazard, changes={
            "status": [Status.PENDING.label, Status.CLOSED.label]},
            reason="现场立即整改完毕"))


# --- 五落实 plan and starting rectification ---------------------------------------------


def plan_missing(hazard: Hazard, plan: RectificationPlan | None) -> list[str]:
    """The parts of the 五落实 plan still missing (empty list: complete)."""
    if plan is None:
        return ["整改责任人", "整改措施", "整改资金", "整改时限", "应急预案"]
    missing = []
    if not plan.responsible_person.strip():
        missing.append("整改责任人")
    if not plan.measures.strip():
        missing.append("整改措施")
    if plan.funds is None or plan.funds <= 0:
        missing.append("整改资金")
    if plan.deadline is None:
        missing.append("整改时限")
    if not plan.emergency_plan.strip():
        missing.append("应急预案")
    return missing


@transaction.atomic
def hazard_set_plan(*, actor: User, hazard: Hazard | int, data: dict[str, Any]
                    ) -> RectificationPlan:
    """Record (or revise) the 五落实 plan. For a major hazard all five parts are required."""
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, portal_q(actor))
    if hazard.status not in (Status.PENDING, Status.RECTIFYING):
        raise TransitionRefused(f"隐患状态为“{hazard.get_status_display()}”，不能修改整改方案")
    errors: dict[str, str] = {}
    major = hazard.level == Level.MAJOR
    person = _text(data, "responsible_person")
    measures = _text(data, "measures")
    emergency_plan = _text(data, "emergency_plan")
    funds = _money(data, "funds", "整改资金", errors)
    deadline = _date(data, "deadline", "整改时限", errors)
    if not person:
        errors["responsible_person"] = "整改责任人：不能为空"
    if not measures:
        errors["measures"] = "整改措施：不能为空"
    if major and (funds is None or funds <= 0) and "funds" not in errors:
        errors["funds"] = "整改资金：重大事故隐患须落实整改资金（大于0元）"
    if major and not emergency_plan:
        errors["emergency_plan"] = "整改期间应急预案：重大事故隐患须制定整改期间的应急预案"
    if deadline is None and "deadline" not in errors:
        errors["deadline"] = "整改时限：不能为空"
    elif deadline is not None:
        if deadline < today():
            errors["deadline"] = f"整改时限：不能早于今天（{today():%Y-%m-%d}）"
        elif hazard.rectify_due and deadline > hazard.rectify_due:
            errors["deadline"] = (f"整改时限：不得晚于责令整改期限"
                                  f"（{hazard.rectify_due:%Y-%m-%d}）")
    if errors:
        raise ValidationFailed(errors)
    hazard.plans.filter(is_current=True).update(is_current=False)
    plan = RectificationPlan.objects.create(
        hazard=hazard, responsible_person=person[:50],
        responsible_phone=_text(data, "responsible_phone")[:20], measures=measures,
        funds=funds or Decimal(0), deadline=deadline, emergency_plan=emergency_plan,
        created_by=actor)
    changes = {"plan": [None, f"{plan.responsible_person}；{plan.funds}元；{plan.deadline}"]}
    if hazard.rectify_due is None:
        hazard.rectify_due = deadline
        hazard.save(update_fields=["rectify_due", "updated_at"])
        changes["rectify_due"] = [None, deadline]
    audit.record(actor=actor, action="hazard.plan", obj=hazard, changes=changes)
    return plan


def _start(hazard: Hazard, actor: User, reason: str = "", save: bool = True
           ) -> HazardTransition:
    if hazard.status != Status.PENDING:
        raise TransitionRefused(
            f"只有“待整改”的隐患才能开始整改（当前：{hazard.get_status_display()}）")
    if hazard.level == Level.MAJOR:
        missing = plan_missing(hazard, hazard.current_plan())
        if missing:
            raise TransitionRefused("重大事故隐患须先制定完整的五落实整改方案才能开始整改，"
                                    f"尚缺：{'、'.join(missing)}")
    if hazard.rectify_due is None:
        raise TransitionRefused("尚未确定整改期限，请先制定整改方案")
    return _set_status(hazard, Status.RECTIFYING, actor=actor, action="start",
                       reason=reason or "开始整改", save=save)


@transaction.atomic
def hazard_start(*, actor: User, hazard: Hazard | int, reason: str = "") -> Hazard:
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, portal_q(actor))
    _start(hazard, actor, reason)
    bulk.save_fields(hazard, ["status", "updated_at"])
    return hazard


# --- evidence, review, closing ----------------------------------------------------------


@transaction.atomic
@audit.batched()
def hazard_submit_rectification(*, actor: User, hazard: Hazard | int, description: str,
                                money_spent: Any = None, before: Iterable = (),
                                after: Iterable = ()) -> Rectification:
    """The enterprise reports the rectification done, with evidence: → 待复查.

    A hazard still 待整改 is started first (a major one only with its complete plan)."""
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, portal_q(actor))
    if hazard.status not in (Status.PENDING, Status.RECTIFYING):
        raise TransitionRefused(
            f"隐患状态为“{hazard.get_status_display()}”，不能提交整改情况")
    errors: dict[str, str] = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "整改情况：不能为空"
    money = _money({"money_spent": money_spent}, "money_spent", "投入资金", errors)
    before, after = list(before or ()), list(after or ())
    if not after and "after" not in errors:
        errors["after"] = "整改后照片：至少上传一份整改后的照片或 PDF 材料"
    if errors:
        raise ValidationFailed(errors)
    checked_before = check_files("before", before)
    checked_after = check_files("after", after)
    # The transitions (开始整改 first when still 待整改) are written together at the end.
    moves = ([_start(hazard, actor, "提交整改情况时开始整改", save=False)]
             if hazard.status == Status.PENDING else [])
    [rect] = bulk.insert([Rectification(hazard=hazard, description=description,
                                        money_spent=money or Decimal(0), submitted_by=actor)])
    # The files, transitions, status and audit events go in one statement as the step ends
    # (``core.deferred``). The files are kept on the row for the API's answer, which then
    # reads nothing back.
    rect.saved_files = insert_later(
        _file_rows(hazard, actor, checked_before, FileKind.BEFORE, rect)
        + _file_rows(hazard, actor, checked_after, FileKind.AFTER, rect))
    rect.transition = _set_status(hazard, Status.AWAITING_REVIEW, actor=actor,
                                  action="submit", reason=description, save=False)
    insert_later([*moves, rect.transition])
    save_fields_later(hazard, ["status", "updated_at"])
    return rect


def _review_officers(actor: User, hazard: Hazard, officer_ids: Iterable[int] | None,
                     on: date) -> tuple[list[User], dict[str, str]]:
    ids = [int(i) for i in (officer_ids or [actor.pk]) if str(i).strip()]
    users = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True)
             .select_related("agency").prefetch_related("certificates")}
    conflicted = set(Conflict.objects.filter(enterprise_id=hazard.enterprise_id, is_active=True,
                                             officer_id__in=ids)
                     .values_list("officer_id", flat=True))
    agencies = set(visible_agencies(actor).values_list("pk", flat=True)) \
        if not actor.is_superuser else None
    problems = []
    officers = []
    for pk in dict.fromkeys(ids):
        user = users.get(pk)
        if user is None or (agencies is not None and user.agency_id not in agencies):
            problems.append(f"人员 {pk} 不存在或不在本辖区")
        elif not any(c.is_valid_on(on) for c in user.certificates.all()):
            problems.append(f"{user.display_name}没有{on:%Y-%m-%d}有效的执法证")
        elif pk in conflicted:
            problems.append(f"{user.display_name}已声明对该企业回避")
        else:
            officers.append(user)
    errors = {}
    if problems:
        errors["officers"] = "复查人员：" + "；".join(problems)
    elif hazard.level == Level.MAJOR and len(officers) < MAJOR_REVIEW_MIN_OFFICERS:
        errors["officers"] = "复查人员：重大事故隐患须由两名以上持有效执法证的执法人员复查"
    return officers, errors


@transaction.atomic
def hazard_review(*, actor: User, hazard: Hazard | int, passed: bool, opinion: str = "",
                  on_site: bool = False, officer_ids: Iterable[int] | None = None,
                  reviewed_on: date | None = None, document_number: str = "") -> Review:
    """复查. Passed → 已销号 (with the 整改复查意见书); failed → back to 整改中 with the reason.

    ``document_number``: the 整改复查意见书 a 复查 inspection already issued for this review
    (``handlers.review_from_inspection``); otherwise the review issues its own."""
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, _officer_scope(actor))
    if hazard.status != Status.AWAITING_REVIEW:
        raise TransitionRefused(
            f"只有“待复查”的隐患才能复查（当前：{hazard.get_status_display()}）")
    errors: dict[str, str] = {}
    reviewed_on = reviewed_on or today()
    if reviewed_on > today():
        errors["reviewed_on"] = "复查日期：不能晚于今天"
    opinion = (opinion or "").strip()
    if not passed and not opinion:
        errors["opinion"] = "复查意见：复查不通过须写明未整改到位的情况和要求"
    if passed and hazard.level == Level.MAJOR and not on_site:
        errors["on_site"] = "现场复查：重大事故隐患须经现场复查合格方可销号"
    officers, officer_errors = _review_officers(actor, hazard, officer_ids, reviewed_on)
    errors.update(officer_errors)
    if errors:
        raise ValidationFailed(errors)
    review = Review.objects.create(
        hazard=hazard, passed=passed, on_site=on_site, reviewed_on=reviewed_on,
        opinion=opinion or "经复查，该隐患已整改完毕，同意销号。", created_by=actor)
    review.officers.set(officers)
    if not document_number:
        document_number = numbering.issue(
            agency=hazard.agency, kind=REVIEW_DOCUMENT_KIND,
            abbreviation=REVIEW_DOCUMENT_ABBREVIATION, year=reviewed_on.year, obj=review,
            actor=actor).number
    review.document_number = document_number
    review.save(update_fields=["document_number"])
    audit.record(actor=actor, action="hazard.review", obj=hazard,
                 changes={"review": [None,
                                     f"{'合格' if passed else '不合格'} {document_number}"]},
                 reason=review.opinion)
    if passed:
        _close(hazard, actor=actor, review=review, reason=review.opinion)
    else:
        hazard.failed_reviews += 1
        fields = ["status", "failed_reviews", "updated_at"]
        _set_status(hazard, Status.RECTIFYING, actor=actor, action="review_failed",
                    reason=review.opinion)
        if hazard.failed_reviews >= FAILED_REVIEWS_ESCALATE and not hazard.flag_failed_reviews:
            hazard.flag_failed_reviews = True
            fields.append("flag_failed_reviews")
            audit.record(actor=actor, action="hazard.escalate", obj=hazard,
                         changes={"flag_failed_reviews": [False, True]},
                         reason=f"复查不通过{hazard.failed_reviews}次，从重处理")
        hazard.save(update_fields=fields)
    return review


def _check_closable(hazard: Hazard, review: Review | None) -> None:
    if review is None or not review.passed or review.hazard_id != hazard.pk:
        raise TransitionRefused("销号须经执法人员复查合格并出具整改复查意见书")
    if hazard.level == Level.MAJOR and not review.on_site:
        raise TransitionRefused("重大事故隐患须经现场复查合格方可销号")


def _close(hazard: Hazard, *, actor: User, review: Review | None, reason: str) -> None:
    _check_closable(hazard, review)
    _set_status(hazard, Status.CLOSED, actor=actor, action="close", reason=reason)
    hazard.closed_on = today()
    hazard.overdue_flagged = False
    fields = ["status", "closed_on", "overdue_flagged", "updated_at"]
    if hazard.listed:
        Listing.objects.filter(hazard=hazard, is_active=True).update(is_active=False,
                                                                     lifted_on=today())
        hazard.listed = False
        fields.append("listed")
    hazard.save(update_fields=fields)


@transaction.atomic
def hazard_close(*, actor: User, hazard: Hazard | int, reason: str = "") -> Hazard:
    """销号 on the strength of a passed review of the current round; refused otherwise."""
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, _officer_scope(actor))
    if hazard.status == Status.CLOSED:
        raise TransitionRefused("该隐患已销号")
    last_submit = hazard.transitions.filter(action="submit").order_by("-at", "-id").first()
    review = hazard.reviews.filter(passed=True).order_by("-created_at", "-id").first()
    if (hazard.status != Status.AWAITING_REVIEW or review is None
            or (last_submit and review.created_at < last_submit.at)):
        review = None
    _close(hazard, actor=actor, review=review, reason=reason or "复查合格，销号")
    return hazard


@transaction.atomic
def hazard_reopen(*, actor: User, hazard: Hazard | int, reason: str,
                  rectify_due: date | str | None) -> Hazard:
    """A closed hazard came back: reopen it (待整改), keeping all its history."""
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, _officer_scope(actor))
    if hazard.status != Status.CLOSED:
        raise TransitionRefused("只有已销号的隐患才能重新打开")
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "理由：重新打开须说明隐患复现的情况"
    due = _date({"rectify_due": rectify_due}, "rectify_due", "整改期限", errors)
    if due is None and "rectify_due" not in errors:
        errors["rectify_due"] = "整改期限：不能为空"
    elif due is not None and due < today():
        errors["rectify_due"] = f"整改期限：不能早于今天（{today():%Y-%m-%d}）"
    if errors:
        raise ValidationFailed(errors)
    _set_status(hazard, Status.PENDING, actor=actor, action="reopen", reason=reason)
    hazard.plans.filter(is_current=True).update(is_current=False)
    hazard.closed_on = None
    hazard.rectify_due = due
    hazard.overdue_flagged = False
    hazard.overdue_flagged_on = None
    hazard.reopened_count += 1
    hazard.save(update_fields=["status", "closed_on", "rectify_due", "overdue_flagged",
                               "overdue_flagged_on", "reopened_count", "updated_at"])
    return hazard


# --- 挂牌督办 ----------------------------------------------------------------------------


@transaction.atomic
def hazard_list_for_supervision(*, actor: User, hazard: Hazard | int, level: str,
                                document_number: str, deadline: date | str | None,
                                agency: Agency | int | None = None,
                                listed_on: date | None = None) -> Listing:
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, _officer_scope(actor))
    if hazard.level != Level.MAJOR:
        raise TransitionRefused("只有重大事故隐患才能挂牌督办")
    if not hazard.is_open:
        raise TransitionRefused("已销号的隐患不能挂牌督办")
    if hazard.listed:
        raise TransitionRefused("该隐患已在挂牌督办中")
    errors: dict[str, str] = {}
    if level not in ListingLevel.values:
        errors["level"] = "挂牌层级：应为乡镇挂牌督办或县级挂牌督办"
    elif not actor.is_superuser:
        prefix = jurisdiction_prefix(actor) or ""
        if level == ListingLevel.COUNTY and len(prefix) > 6:
            errors["level"] = "挂牌层级：县级挂牌督办须由县级机构办理"
    document_number = (document_number or "").strip()
    if not document_number:
        errors["document_number"] = "挂牌督办文书号：不能为空"
    due = _date({"deadline": deadline}, "deadline", "督办期限", errors)
    if due is None and "deadline" not in errors:
        errors["deadline"] = "督办期限：不能为空"
    elif due is not None and due < today():
        errors["deadline"] = f"督办期限：不能早于今天（{today():%Y-%m-%d}）"
    agency_pk = agency.pk if isinstance(agency, Agency) else agency
    found_agency = (visible_agencies(actor).filter(pk=agency_pk).first() if agency_pk
                    else actor.agency)
    if found_agency is None:
        errors["agency"] = "督办机构：不存在或不在您的辖区"
    if errors:
        raise ValidationFailed(errors)
    listing = Listing.objects.create(
        hazard=hazard, level=level, agency=found_agency, document_number=document_number[:80],
        listed_on=listed_on or today(), deadline=due, due=due, listed_by=actor)
    before_due = hazard.rectify_due
    hazard.listed = True
    hazard.rectify_due = due
    hazard.overdue_flagged = hazard.rectify_due < today()
    hazard.save(update_fields=["listed", "rectify_due", "overdue_flagged", "updated_at"])
    audit.record(actor=actor, action="hazard.list", obj=hazard,
                 changes={"listed": [False, True], "rectify_due": [before_due, due],
                          "listing": [None, f"{listing.get_level_display()} {document_number}"]})
    return listing


@transaction.atomic
def listing_extend(*, actor: User, listing: Listing | int, to_due: date | str | None,
                   reason: str) -> ListingExtension:
    """Extend a listing's deadline (and the hazard's). Approved by an agency head or the
    安委办; the reason is required."""
    pk = listing.pk if isinstance(listing, Listing) else listing
    found = Listing.objects.filter(pk=pk).values_list("hazard_id", flat=True).first()
    if found is None:
        raise Http404("未找到该挂牌督办记录")
    hazard = _lock(actor, found, _officer_scope(actor))
    listing = Listing.objects.select_for_update().get(pk=pk)
    if not (actor.is_superuser or actor.role in (Role.AGENCY_HEAD, Role.COMMITTEE_ADMIN)):
        raise NotAllowed("督办延期须由机构负责人或安委办批准")
    if not listing.is_active:
        raise TransitionRefused("该挂牌督办已摘牌，不能延期")
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "理由：延期须说明理由"
    due = _date({"to_due": to_due}, "to_due", "延期至", errors)
    if due is None and "to_due" not in errors:
        errors["to_due"] = "延期至：不能为空"
    elif due is not None and due <= listing.due:
        errors["to_due"] = f"延期至：应晚于现督办期限（{listing.due:%Y-%m-%d}）"
    if errors:
        raise ValidationFailed(errors)
    ext = ListingExtension.objects.create(listing=listing, from_due=listing.due, to_due=due,
                                          reason=reason, approved_by=actor)
    listing.due = due
    listing.save(update_fields=["due"])
    before_due = hazard.rectify_due
    hazard.rectify_due = due
    hazard.overdue_flagged = False
    hazard.save(update_fields=["rectify_due", "overdue_flagged", "updated_at"])
    audit.record(actor=actor, action="hazard.listing_extend", obj=hazard,
                 changes={"rectify_due": [before_due, due]}, reason=reason)
    return ext


# --- escalation -------------------------------------------------------------------------


def case_offer_available() -> bool:
    return followups.FILE_CASE in followups.HANDLERS


@transaction.atomic
def hazard_offer_case(*, actor: User, hazard: Hazard | int) -> followups.FollowupResult:
    """Open a penalty case for an escalated hazard through the follow-up registry."""
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    hazard = _lock(actor, pk, _officer_scope(actor))
    if not hazard.escalated:
        raise TransitionRefused("该隐患没有从重情节（逾期、多次复查不通过或隐瞒重大隐患），"
                                "不提示立案")
    if hazard.case_object_id:
        raise TransitionRefused(f"已立案：{hazard.case_label}")
    from anzhi.law import discretion

    circumstances = []
    if hazard.flag_overdue or hazard.flag_failed_reviews:
        circumstances.append(discretion.OVERDUE_RECTIFICATION)
    result = followups.dispatch(followups.FollowupRequest(
        kind=followups.FILE_CASE, actor=actor, enterprise=hazard.enterprise,
        agency=actor.agency or hazard.agency, description=hazard.description,
        source_type="hazards.hazard", source_id=hazard.pk,
        source_label=f"隐患台账 隐患{hazard.pk}", legal_basis="安全生产法第一百零二条",
        statute_entry="AQSCF-102", is_major=hazard.is_major, deadline=hazard.rectify_due,
        extra={"circumstances": circumstances, "escalation": hazard.escalation_reasons(),
               "heavier": True}))
    if result is None:
        raise TransitionRefused("处罚案件模块尚未启用，暂不能从隐患立案")
    hazard.case_object_type = result.object_type
    hazard.case_object_id = result.object_id
    hazard.case_label = result.label[:200]
    hazard.case_url = result.url[:200]
    hazard.save(update_fields=["case_object_type", "case_object_id", "case_label", "case_url",
                               "updated_at"])
    audit.record(actor=actor, action="hazard.case", obj=hazard,
                 changes={"case": [None, result.label]})
    return result


# --- the daily run: overdue sweep, reminders, digests ------------------------------------

SWEEP_CHUNK = 5000


def _system_events(ids: list[int], action: str, changes: dict, reason: str) -> None:
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=None, action=action, object_type="hazards.hazard", object_id=str(pk),
                   object_repr=f"隐患{pk}", changes=changes, reason=reason) for pk in ids])


def sweep_overdue(*, day: date | None = None) -> int:
    """Flag open hazards past their deadline (compare-and-swap on ``overdue_flagged``),
    raise the 从重 flag and write the overdue reminder. Returns how many were flagged."""
    day = day or today()
    flagged = 0
    candidates = Hazard.objects.filter(OPEN_Q, overdue_flagged=False, rectify_due__lt=day)
    while True:
        rows = list(candidates.order_by().values_list("id", "rectify_due", "agency_id",
                                                      "enterprise_id", "region_id")[:SWEEP_CHUNK])
        if not rows:
            return flagged
        ids = [r[0] for r in rows]
        with transaction.atomic():
            won = list(Hazard.objects.select_for_update(skip_locked=True)
                       .filter(OPEN_Q, pk__in=ids, overdue_flagged=False, rectify_due__lt=day)
                       .values_list("id", flat=True))
            if won:
                Hazard.objects.filter(pk__in=won, overdue_flagged=False).update(
                    overdue_flagged=True, overdue_flagged_on=day, flag_overdue=True)
                mine = set(won)
                Reminder.objects.bulk_create(
                    [Reminder(hazard_id=r[0], kind=ReminderKind.OVERDUE, due_date=r[1],
                              agency_id=r[2], enterprise_id=r[3], region_id=r[4],
                              created_on=day)
                     for r in rows if r[0] in mine], ignore_conflicts=True)
                _system_events(won, "hazard.overdue", {"overdue_flagged": [False, True]},
                               "整改期限已过仍未销号，系统标记逾期并从重处理")
                flagged += len(won)
        if not won:
            return flagged  # the rest is locked by someone else; next run picks it up


def remind_due_soon(*, day: date | None = None, days_before: int = REMIND_DAYS_BEFORE) -> int:
    day = day or today()
    qs = (Hazard.objects.filter(OPEN_Q, overdue_flagged=False, rectify_due__gte=day,
                                rectify_due__lte=day + timedelta(days=days_before))
          .order_by().values_list("id", "rectify_due", "agency_id", "enterprise_id",
                                  "region_id"))
    mine = Reminder.objects.filter(kind=ReminderKind.DUE_SOON, created_on=day)
    before = mine.count()
    batch: list[Reminder] = []
    for row in qs.iterator(chunk_size=SWEEP_CHUNK):
        batch.append(Reminder(hazard_id=row[0], kind=ReminderKind.DUE_SOON, due_date=row[1],
                              agency_id=row[2], enterprise_id=row[3], region_id=row[4],
                              created_on=day))
        if len(batch) >= SWEEP_CHUNK:
            Reminder.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Reminder.objects.bulk_create(batch, ignore_conflicts=True)
    return mine.count() - before  # the unique constraint skipped events already reminded


def _digest_line(r: Reminder) -> str:
    when = "已逾期" if r.kind == ReminderKind.OVERDUE else "即将到期"
    return (f"隐患{r.hazard_id}（{r.enterprise.name}）整改期限{r.due_date:%Y-%m-%d}，{when}")


@transaction.atomic
def build_digests(*, day: date | None = None) -> int:
    """One digest per agency and per enterprise with reminders today; never two a day."""
    day = day or today()
    reminders = list(Reminder.objects.filter(created_on=day).select_related("enterprise")
                     .order_by("kind", "due_date", "id"))
    by_agency: dict[int, list[str]] = {}
    by_enterprise: dict[int, list[str]] = {}
    for r in reminders:
        line = _digest_line(r)
        by_agency.setdefault(r.agency_id, []).append(line)
        by_enterprise.setdefault(r.enterprise_id, []).append(line)
    rows = [Digest(day=day, agency_id=a, title=f"{day:%Y-%m-%d} 隐患整改提醒（{len(lines)}条）",
                   lines=lines) for a, lines in by_agency.items()]
    rows += [Digest(day=day, enterprise_id=e, lines=lines,
                    title=f"{day:%Y-%m-%d} 贵单位隐患整改提醒（{len(lines)}条）")
             for e, lines in by_enterprise.items()]
    existing_a = set(Digest.objects.filter(day=day, agency__isnull=False)
                     .values_list("agency_id", flat=True))
    existing_e = set(Digest.objects.filter(day=day, enterprise__isnull=False)
                     .values_list("enterprise_id", flat=True))
    rows = [d for d in rows if d.agency_id not in existing_a
            and d.enterprise_id not in existing_e]
    Digest.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def daily_run(*, day: date | None = None) -> dict[str, int]:
    day = day or today()
    return {"overdue": sweep_overdue(day=day), "due_soon": remind_due_soon(day=day),
            "digests": build_digests(day=day)}


# --- enterprise duties (自查、演练、培训) ---------------------------------------------------


@transaction.atomic
def duty_record_create(*, actor: User, enterprise: Enterprise | int, data: dict[str, Any]
                       ) -> DutyRecord:
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    if is_enterprise_user(actor):
        if actor.enterprise_id != pk:
            raise Http404("未找到该企业")
        enterprise = Enterprise.objects.get(pk=pk)
    else:
        enterprise = _enterprise_for(actor, pk)
    errors: dict[str, str] = {}
    duty = _text(data, "duty")
    if duty not in DutyKind.values:
        errors["duty"] = "类别：应为主要负责人带队自查、应急演练或从业人员安全培训"
    held_on = _date(data, "held_on", "日期", errors)
    if held_on is None and "held_on" not in errors:
        errors["held_on"] = "日期：不能为空"
    elif held_on is not None and held_on > today():
        errors["held_on"] = "日期：不能晚于今天"
    title = _text(data, "title")
    if not title:
        errors["title"] = "内容：不能为空"
    leader = _text(data, "leader_name")
    if not leader:
        errors["leader_name"] = "带队/组织人：不能为空"
    try:
        participants = int(data.get("participants") or 0)
        if participants < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["participants"] = "参加人数：应为不小于0的整数"
        participants = 0
    if errors:
        raise ValidationFailed(errors)
    record = DutyRecord.objects.create(
        enterprise=enterprise, duty=duty, held_on=held_on, title=title[:200],
        leader_name=leader[:50], participants=participants,
        summary=_text(data, "summary"), recorded_by=actor)
    audit.record(actor=actor, action="hazards.duty_record", obj=enterprise,
                 changes={DutyKind(duty).label: [None, f"{held_on} {title}"]})
    return record


__all__ = [
    "OPEN_STATUSES", "build_digests", "case_offer_available", "daily_run",
    "duty_record_create", "hazard_close", "hazard_create", "hazard_list_for_supervision",
    "hazard_offer_case", "hazard_reopen", "hazard_review", "hazard_set_plan", "hazard_start",
    "hazard_submit_rectification", "listing_extend", "plan_missing", "remind_due_soon",
    "sweep_overdue",
]
