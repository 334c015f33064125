"""Legal clocks of a case: statutory deadlines computed by anzhi.law, stored as due-date rows.

Each clock is one ``CaseDeadline`` row (unique per case and name). A clock runs from its
start day; a suspension (听证, 鉴定 …) stops it and, on resumption, the suspended days move
its start, and the due date is computed again by the law package — so a calendar-day period
still ends on a working day and a working-day period still counts working days.

The sweep flags what has run out with one compare-and-swap UPDATE (``state = running``), so
a transition that meets a clock at the same moment either wins or sees it missed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils import timezone

from anzhi.core import bulk
from anzhi.core.errors import ValidationFailed
from anzhi.core.prepared import Prepared
from anzhi.law import deadlines as law
from anzhi.law import workdays
from anzhi.law.workdays import UnknownYearError

from .choices import DeadlineState, Obligor
from .models import CaseDeadline, PenaltyCase

RUNNING, MET, MISSED, SUSPENDED = (DeadlineState.RUNNING, DeadlineState.MET,
                                   DeadlineState.MISSED, DeadlineState.SUSPENDED)

# Clocks that a suspension stops (the decision limit); the others are not case-handling time.
SUSPENDABLE = {"decision"}
PARTY_CLOCKS = {"hearing_request", "payment"}
WARN_AT = (70, 90)


def calendar_error(exc: UnknownYearError) -> ValidationFailed:
    return ValidationFailed({"date": (
        f"日期：{exc.year} 年的法定节假日安排尚未录入，无法计算法定期限（不作推算）；"
        f"请管理员先录入 {exc.year} 年的节假日和调休安排后再办理")})


def _compute(case: PenaltyCase, name: str, start: dt.date) -> tuple[dt.date, str, str]:
    """(due, label, legal basis) of clock ``name`` starting on ``start``."""
    if name == "decision":
        rule = law.decision_rule(case.filed_on)
        ext = case.decision_extension or None
        due = law.decision_due(start, extension=ext)
        basis = f"行政处罚法第60条；{rule.article}"
        if ext:
            basis += f"（{law.EXTENSIONS[ext]}）"
        return due, "作出处罚决定期限", basis
    if name == "court_enforcement":
        p, lit = law.PERIODS["court_enforcement"], law.PERIODS["litigation"]
        return (law.enforcement_application_due(start), p.label,
                f"{p.article}（{lit.article}起诉期限届满后）")
    p = law.PERIODS[name]
    return law.due(name, start), p.label, p.article


def _warn_days(start: dt.date, due: dt.date) -> tuple[dt.date, dt.date]:
    span = max((due - start).days, 0)
    return (start + dt.timedelta(days=math.ceil(span * 0.7)),
            start + dt.timedelta(days=math.ceil(span * 0.9)))


def unknown_year_message(exc: UnknownYearError) -> str:
    return (f"{exc.year} 年的法定节假日安排尚未录入，届满日无法计算（不作推算），"
            f"请管理员录入后由每日巡查自动补算")


def _fill(case: PenaltyCase, row: CaseDeadline) -> None:
    """Due date and warning days from start + suspended days; a year the calendar does not
    know leaves the due date empty with the reason, never a guess."""
    shifted = row.starts_on + dt.timedelta(days=row.suspended_days)
    try:
        row.due, row.label, row.legal_basis = _compute(case, row.name, shifted)
    except UnknownYearError as exc:
        row.due, row.problem = None, unknown_year_message(exc)
        row.warn70_on = row.warn90_on = None
        return
    row.problem = ""
    row.warn70_on, row.warn90_on = _warn_days(shifted, row.due)


def _label_basis(name: str) -> tuple[str, str]:
    if name == "decision":
        return "作出处罚决定期限", "行政处罚法第60条"
    p = law.PERIODS[name]
    return p.label, p.article


def start(case: PenaltyCase, name: str, on: dt.date) -> CaseDeadline:
    """Start (or restart) clock ``name`` on ``on``."""
    row = CaseDeadline.objects.filter(case=case, name=name).first() or CaseDeadline(
        case=case, name=name)
    row.label, row.legal_basis = _label_basis(name)
    row.starts_on, row.suspended_days, row.state = on, 0, RUNNING
    row.suspended_on = row.met_on = None
    row.warned = 0
    row.obligor = Obligor.PARTY if name in PARTY_CLOCKS else Obligor.AGENCY
    _fill(case, row)
    row.save()
    return row


def set_due(case: PenaltyCase, name: str, *, on: dt.date, due: dt.date, label: str,
            basis: str) -> CaseDeadline:
    """A clock whose end an approval fixed (暂缓、分期缴纳: 行政处罚法 Art 66)."""
    w70, w90 = _warn_days(on, due)
    row, _ = CaseDeadline.objects.update_or_create(
        case=case, name=name,
        defaults={"label": label, "legal_basis": basis, "starts_on": on, "due": due,
                  "obligor": Obligor.PARTY if name in PARTY_CLOCKS else Obligor.AGENCY,
                  "suspended_days": 0, "state": RUNNING, "suspended_on": None, "met_on": None,
                  "warn70_on": w70, "warn90_on": w90, "warned": 0, "problem": ""})
    return row


def recompute(case: PenaltyCase, name: str) -> None:
    """Compute the due date again (after an extension), keeping start and suspended days."""
    row = CaseDeadline.objects.filter(case=case, name=name).exclude(state=MET).first()
    if row is None:
        return
    _fill(case, row)
    row.save(update_fields=["due", "label", "legal_basis", "warn70_on", "warn90_on",
                            "problem"])


def fill_unknown() -> int:
    """Retry clocks whose due date waited for a year's holiday schedule (run by the sweep)."""
    done = 0
    for row in (CaseDeadline.objects.filter(state__in=[RUNNING, SUSPENDED], due=None)
                .select_related("case")):
        _fill(row.case, row)
        if row.due is not None:
            row.save(update_fields=["due", "label", "legal_basis", "warn70_on", "warn90_on",
                                    "problem"])
            done += 1
    return done


def meet(case: PenaltyCase, name: str, on: dt.date) -> None:
    """Mark the clock met. A clock the sweep already flagged stays missed (met_on records when)."""
    CaseDeadline.objects.filter(case=case, name=name, state__in=[RUNNING, SUSPENDED]).update(
        state=MET, met_on=on)
    CaseDeadline.objects.filter(case=case, name=name, state=MISSED, met_on=None).update(met_on=on)


def stop_all(case: PenaltyCase, on: dt.date) -> None:
    """The case ended (撤销立案, 移送, 结案): no clock runs on."""
    CaseDeadline.objects.filter(case=case, state__in=[RUNNING, SUSPENDED]).update(
        state=MET, met_on=on)


def suspend(case: PenaltyCase, on: dt.date) -> list[CaseDeadline]:
    """Stop the suspendable running clocks; every clock of the case, as ``resume``."""
    rows = _OF_CASE.all(None, case.pk)
    stopped = [row for row in rows if row.name in SUSPENDABLE and row.state == RUNNING]
    for row in stopped:
        row.state, row.suspended_on = SUSPENDED, on
    bulk.update_rows(stopped, ["state", "suspended_on"])
    return _in_due_order(rows)


def resume(case: PenaltyCase, on: dt.date) -> list[CaseDeadline]:
    """Restart the suspended clocks; every clock of the case, as the step's answer shows
    them (due first, undated last), so that answer reads none back."""
    rows = _OF_CASE.all(None, case.pk)
    restarted = [row for row in rows if row.state == SUSPENDED]
    for row in restarted:
        row.suspended_days += max((on - row.suspended_on).days, 0)
        row.suspended_on = None
        row.state = RUNNING
        _fill(case, row)
    bulk.update_rows(restarted, ["suspended_days", "suspended_on", "state", "due", "label",
                                 "legal_basis", "warn70_on", "warn90_on", "problem"])
    return _in_due_order(rows)


def _in_due_order(rows: list[CaseDeadline]) -> list[CaseDeadline]:
    return sorted(rows, key=lambda r: (r.due is None, r.due or dt.date.min, r.pk))


# Locked: the nightly sweep changes running clocks without the case's lock, and a step must
# not write back a state the sweep has changed since it was read.
_OF_CASE = Prepared(CaseDeadline, lambda _key, case_id: CaseDeadline.objects.filter(
    case_id=case_id).select_for_update())


def sweep(today: dt.date | None = None) -> dict[str, int]:
    """Flag clocks that ran out (due before today) and raise 70 % / 90 % warnings.

    Each is one UPDATE guarded by the state it expects (compare-and-swap).
    """
    today = today or timezone.localdate()
    filled = fill_unknown()
    running = CaseDeadline.objects.filter(state=RUNNING)
    missed = running.filter(due__lt=today).update(state=MISSED)
    warned90 = running.filter(warned__lt=90, warn90_on__lte=today).update(warned=90)
    warned70 = running.filter(warned__lt=70, warn70_on__lte=today).update(warned=70)
    return {"missed": missed, "warned90": warned90, "warned70": warned70, "filled": filled}


@dataclass
class ClockView:
    row: CaseDeadline
    days_left: int | None
    workdays_left: int | None
    percent: int
    level: str  # "" | "warning" (≥70 %) | "danger" (≥90 % or missed)
    message: str


def view(row: CaseDeadline, today: dt.date | None = None) -> ClockView:
    """What the case page shows: time remaining and the 70 % / 90 % warning."""
    today = today or timezone.localdate()
    if row.state == MET:
        if row.due is None:
            return ClockView(row, None, None, 100, "", f"已于 {row.met_on} 履行")
        return ClockView(row, None, None, 100, "", f"已于 {row.met_on} 履行")
    if row.state == MISSED:
        return ClockView(row, (row.due - today).days, None, 100, "danger",
                         f"已于 {row.due} 届满，超期 {(today - row.due).days} 日")
    if row.due is None:
        return ClockView(row, None, None, 0, "danger", row.problem)
    shifted = row.starts_on + dt.timedelta(days=row.suspended_days)
    stop = row.suspended_on or today
    span = max((row.due - shifted).days, 1)
    percent = max(0, min(100, round((stop - shifted).days * 100 / span)))
    days_left = (row.due - stop).days
    wd = None
    message = f"剩余 {days_left} 日"
    try:
        if row.due >= stop:
            wd = workdays.workdays_between(stop, row.due)
            message += f"（{wd} 个工作日）"
    except UnknownYearError as exc:
        message += f"（{exc.year} 年节假日安排未录入，无法计算剩余工作日）"
    if row.state == SUSPENDED:
        message = f"自 {row.suspended_on} 起中止计时；" + message
    level = "danger" if percent >= 90 else "warning" if percent >= 70 else ""
    if level:
        message += f"，已用时 {percent}%"
    return ClockView(row, days_left, wd, percent, level, message)
