"""Writes of the legal quick reference: the holiday schedule administrators enter.

Everything else in this app only reads anzhi.law.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from anzhi.accounts.models import Role, User
from anzhi.accounts.scoping import REGION_ROLES
from anzhi.core import audit
from anzhi.core.errors import NotAllowed, ValidationFailed

from . import calendar
from .calendar import DayLine
from .choices import DayKind
from .models import CalendarYear, HolidayOverride

YEAR_MIN, YEAR_MAX = 2000, 2100
WEEKDAYS = "一二三四五六日"


def may_read_reference(user: User | None) -> bool:
    """Any signed-in staff role (not enterprise users) may use the quick reference."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in REGION_ROLES


def may_edit_calendar(user: User | None) -> bool:
    """Superusers and 安委办管理员 enter the holiday schedule; ``None`` is the console."""
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.COMMITTEE_ADMIN


def _lines(days: Iterable[DayLine | dt.date | tuple[dt.date, str]]) -> list[DayLine]:
    out = []
    for d in days:
        if isinstance(d, DayLine):
            out.append(d)
        elif isinstance(d, tuple):
            out.append(DayLine(d[0], (d[1] or "").strip()[:50]))
        else:
            out.append(DayLine(d, ""))
    return out


def _dedupe(lines: list[DayLine]) -> dict[dt.date, str]:
    seen: dict[dt.date, str] = {}
    for line in lines:
        if line.date not in seen or (line.note and not seen[line.date]):
            seen[line.date] = line.note
    return seen


def _validate(year, source: str, holidays: dict[dt.date, str],
              work: dict[dt.date, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = f"年份：应为{YEAR_MIN}至{YEAR_MAX}之间的年份"
        return errors
    if not source:
        errors["source"] = "依据文号：不能为空（国务院办公厅节假日安排通知的文号）"
    elif len(source) > 100:
        errors["source"] = "依据文号：过长（限100字）"
    if not holidays:
        errors["holidays"] = "休息日：不能为空，请按通知录入全年的放假日期"
    stray = sorted(d for d in holidays if d.year != year)
    if stray:
        errors["holidays"] = f"休息日：{'、'.join(map(str, stray))} 不在{year}年内"
    stray = sorted(d for d in work if d.year != year)
    both = sorted(set(holidays) & set(work))
    weekdays = sorted(d for d in work if d.weekday() < 5)
    if stray:
        errors["workdays"] = f"调休上班日：{'、'.join(map(str, stray))} 不在{year}年内"
    elif both:
        errors["workdays"] = f"调休上班日：{'、'.join(map(str, both))} 同时列为休息日"
    elif weekdays:
        shown = "、".join(f"{d}（周{WEEKDAYS[d.weekday()]}）" for d in weekdays)
        errors["workdays"] = f"调休上班日：{shown} 本就是工作日，调休上班日应为周六或周日"
    return errors


@transaction.atomic
def calendar_year_save(
    *,
    actor: User | None,
    year: int,
    holidays: Iterable[DayLine | dt.date | tuple[dt.date, str]],
    workdays: Iterable[DayLine | dt.date | tuple[dt.date, str]] = (),
    source: str,
    note: str = "",
    reason: str = "",
) -> CalendarYear:
    """Enter or correct the holiday schedule of ``year``: its days off (holidays and the
    调休 rest days, weekends included as the notice lists them) and its make-up working days.

    Days that are no longer listed or changed are voided, new ones added; the year is
    re-registered in anzhi.law.workdays when the transaction commits.
    """
    if not may_edit_calendar(actor):
        raise NotAllowed("只有系统管理员和安委办管理员可以录入节假日安排")
    source = (source or "").strip()
    note = (note or "").strip()
    hol = _dedupe(_lines(holidays))
    work = _dedupe(_lines(workdays))
    errors = _validate(year, source, hol, work)
    if errors:
        raise ValidationFailed(errors)

    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    created = row is None
    if created:
        row = CalendarYear.objects.create(year=year, source=source, note=note,
                                          created_by=actor, updated_by=actor)
        active: dict[dt.date, HolidayOverride] = {}
    else:
        active = {d.date: d for d in row.days.filter(voided_at__isnull=True)}
    wanted = {d: (DayKind.HOLIDAY, n) for d, n in hol.items()}
    wanted.update({d: (DayKind.WORKDAY, n) for d, n in work.items()})

    old_days = _listing(active.values())
    stale = [o for d, o in active.items() if wanted.get(d) != (o.kind, o.note)]
    fresh = [d for d, kn in wanted.items()
             if d not in active or (active[d].kind, active[d].note) != kn]
    if not created and not stale and not fresh and (row.source, row.note) == (source, note):
        return row  # nothing changed

    revision = row.revision if created else row.revision + 1
    now = timezone.now()
    void_reason = (reason or f"第{revision}次修订时删除或更改").strip()[:200]
    for o in stale:
        o.voided_at, o.voided_by, o.void_reason = now, actor, void_reason
        o.save(update_fields=["voided_at", "voided_by", "void_reason"])
    HolidayOverride.objects.bulk_create(
        HolidayOverride(calendar=row, date=d, kind=wanted[d][0], note=wanted[d][1],
                        revision=revision)
        for d in sorted(fresh))
    before = {"source": row.source, "note": row.note, **old_days}
    row.source, row.note, row.revision, row.updated_by = source, note, revision, actor
    row.save()
    after = {"source": source, "note": note,
             **_listing(row.days.filter(voided_at__isnull=True))}
    audit.record(actor=actor, action="calendar_year.create" if created else "calendar_year.update",
                 obj=row, changes=after if created else audit.diff(before, after), reason=reason)
    transaction.on_commit(lambda: calendar.register_year(row))
    return row


def _listing(days) -> dict[str, list[str]]:
    days = sorted(days, key=lambda d: d.date)
    return {
        "holidays": [f"{d.date} {d.note}".strip() for d in days if d.kind == DayKind.HOLIDAY],
        "workdays": [f"{d.date} {d.note}".strip() for d in days if d.kind == DayKind.WORKDAY],
    }
