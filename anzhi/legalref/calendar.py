"""Feeding the administrator-entered holiday schedule (``CalendarYear``) to anzhi.law.workdays.

anzhi.law is pure and keeps run-time overrides in process memory, so every process must
register the table's years before it counts working days:

- web requests: ``on_request_started`` (connected in ``apps.py``) loads them on the first
  request, then checks at most every ``LEGALREF_CALENDAR_RECHECK_SECONDS`` (default 60) whether
  another process changed the table;
- huey tasks: the same check before each task (``install_huey_hook``);
- management commands that compute deadlines call ``sync()`` first;
- the saving process re-registers the year as soon as the transaction commits
  (``services.calendar_year_save``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Max, Sum

from anzhi.core.errors import ValidationFailed
from anzhi.law import workdays

from .choices import DayKind

log = logging.getLogger(__name__)

_lock = threading.Lock()
_registered: set[int] = set()  # years this module registered in anzhi.law.workdays
_version: tuple | None = None  # table fingerprint at the last sync
_checked_at: float | None = None  # monotonic time of the last fingerprint check


def _fingerprint() -> tuple:
    from .models import CalendarYear

    agg = CalendarYear.objects.aggregate(n=Count("id"), rev=Sum("revision"),
                                         at=Max("updated_at"))
    return (agg["n"], agg["rev"], agg["at"])


def year_days(year_row) -> tuple[list[dt.date], list[dt.date]]:
    """The active holidays and make-up working days of a ``CalendarYear``."""
    days = year_row.days.filter(voided_at__isnull=True).values_list("date", "kind")
    holidays = sorted(d for d, k in days if k == DayKind.HOLIDAY)
    work = sorted(d for d, k in days if k == DayKind.WORKDAY)
    return holidays, work


def register_year(year_row) -> None:
    """Register one year's active days in anzhi.law.workdays (after its transaction commits)."""
    holidays, work = year_days(year_row)
    with _lock:
        workdays.register_overrides(year_row.year, holidays, work)
        _registered.add(year_row.year)


def sync() -> list[int]:
    """(Re-)register every year of the table in this process; returns the years registered.

    Call at the start of a management command or script that computes deadlines.
    """
    global _version, _checked_at
    from .models import CalendarYear

    version = _fingerprint()
    loaded: dict[int, tuple[list[dt.date], list[dt.date]]] = {}
    for row in CalendarYear.objects.all():
        loaded[row.year] = year_days(row)
    with _lock:
        for year in _registered - set(loaded):
            workdays.unregister_overrides(year)
        _registered.clear()
        for year, (holidays, work) in loaded.items():
            try:
                workdays.register_overrides(year, holidays, work)
            except ValueError:  # the service refuses such rows; never stop a request over it
                log.exception("节假日安排 %s 年数据有误，未载入", year)
                continue
            _registered.add(year)
        _version = version
        _checked_at = time.monotonic()
    return sorted(_registered)


def ensure_synced() -> None:
    """Sync on first use in this process, then when another process changed the table
    (checked at most every LEGALREF_CALENDAR_RECHECK_SECONDS)."""
    global _checked_at
    interval = getattr(settings, "LEGALREF_CALENDAR_RECHECK_SECONDS", 60)
    now = time.monotonic()
    if _version is not None and _checked_at is not None and now - _checked_at < interval:
        return
    if _version is not None and _fingerprint() == _version:
        _checked_at = now
        return
    sync()


def on_request_started(sender=None, **kwargs) -> None:
    try:
        ensure_synced()
    except (DatabaseError, RuntimeError):
        # Table not migrated yet, or database access blocked (tests without a database):
        # the calendar then knows only the package and the data file, and says so per year.
        log.debug("节假日安排未能载入", exc_info=True)


def install_huey_hook() -> None:
    try:
        from huey.contrib.djhuey import HUEY
    except Exception:  # pragma: no cover - huey is installed with Anzhi
        return

    def _before_task(task) -> None:
        on_request_started()

    HUEY.pre_execute(name="legalref.calendar.sync")(_before_task)


def reset() -> None:
    """Forget everything registered here (tests)."""
    global _version, _checked_at
    with _lock:
        for year in _registered:
            workdays.unregister_overrides(year)
        _registered.clear()
        _version = None
        _checked_at = None


def unknown_year_message(exc: workdays.UnknownYearError) -> str:
    """The message shown when a period runs into a year whose schedule is not entered."""
    return (f"{exc.year}年的法定节假日安排尚未录入，无法按工作日计算期限；"
            f"请安委办管理员在“节假日安排”中录入{exc.year}年国务院办公厅通知后再算。")


# --- parsing the administrator's text -------------------------------------------------

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_TOKEN = re.compile(_DATE + r"(?:\s*(?:~|～|至|到|—|–|--)\s*" + _DATE + ")?")
_SEPARATORS = re.compile(r"^[\s,，、;；]+|[\s,，、;；]+$")


@dataclass(frozen=True)
class DayLine:
    date: dt.date
    note: str = ""


def _make_date(y: str, m: str, d: str, line_no: int, label: str) -> dt.date:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        raise ValidationFailed(
            {"": f"{label}：第{line_no}行的日期 {y}-{m}-{d} 不存在"}) from None


def parse_days(text: str, *, field: str, label: str) -> list[DayLine]:
    """Dates from a textarea: one entry per line, a date (2027-01-01, 2027/1/1, 2027年1月1日)
    or a range (2027-02-06~2027-02-12, 至), several separated by commas; the words after the
    dates are the note (e.g. "春节"). Raises ValidationFailed({field: ...}) naming the line.
    """
    out: list[DayLine] = []
    for line_no, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        matches = list(_TOKEN.finditer(line))
        if not matches:
            raise ValidationFailed(
                {field: f"{label}：第{line_no}行没有可识别的日期（应如 2027-01-01）"})
        note = _TOKEN.sub(" ", line)
        note = _SEPARATORS.sub("", re.sub(r"\s+", " ", note)).strip()
        try:
            for m in matches:
                g = m.groups()
                first = _make_date(*g[:3], line_no, label)
                last = _make_date(*g[3:], line_no, label) if g[3] else first
                if last < first:
                    raise ValidationFailed(
                        {"": f"{label}：第{line_no}行的日期范围 {first}至{last} 结束早于开始"})
                if (last - first).days > 31:
                    raise ValidationFailed(
                        {"": f"{label}：第{line_no}行的日期范围超过31天，请检查"})
                day = first
                while day <= last:
                    out.append(DayLine(day, note[:50]))
                    day += dt.timedelta(days=1)
        except ValidationFailed as exc:
            raise ValidationFailed({field: exc.errors[""]}) from None
    return out


def format_days(lines: list[tuple[dt.date, str]]) -> str:
    """The inverse of ``parse_days`` (one date per line), to prefill the form."""
    return "\n".join(f"{d:%Y-%m-%d} {note}".rstrip() for d, note in lines)
