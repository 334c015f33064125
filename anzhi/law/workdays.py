"""The official working-day calendar (工作日).

行政处罚法 Art 85 counts its 2/3/5/7-day periods in working days, excluding statutory holidays;
the State Council fixes holidays and make-up working days (调休) year by year. Source: the
``chinese_calendar`` package (2004–2026), corrected or extended by ``data/calendar.toml`` and by
``register_overrides`` (the Django layer feeds the administrator-entered table through it).

A year that none of these sources knows raises ``UnknownYearError``: a wrong deadline in a
penalty case is worse than no deadline, so the calendar never guesses.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import chinese_calendar

from anzhi.law import datafiles


class UnknownYearError(LookupError):
    """The holiday schedule of ``year`` has not been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"{year} 年的法定节假日安排尚未录入 (calendar for {year} unknown)")


@dataclass(frozen=True)
class YearOverride:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


# Entries made at run time (admin table); they win over the data file for the same year.
_runtime: dict[int, YearOverride] = {}


class _Memo:
    """Each day's answer once worked out: a penalty case's clocks ask about the same few
    weeks on every step. Emptied whenever the schedule changes (a new generation)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.files: object = None  # the data file's entries the days were read with
        self.days: dict[dt.date, bool] = {}

    def forget(self) -> None:
        with self.lock:
            self.generation += 1
            self.days.clear()


_memo = _Memo()

_PACKAGE_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def _make_override(
    year: int, holidays: Iterable[dt.date], workdays: Iterable[dt.date]
) -> YearOverride:
    hol, work = frozenset(map(_as_date, holidays)), frozenset(map(_as_date, workdays))
    stray = sorted(d for d in hol | work if d.year != year)
    if stray:
        raise ValueError(f"{year} 年的节假日表含有其他年份的日期 (dates outside {year}): {stray}")
    both = sorted(hol & work)
    if both:
        raise ValueError(f"同一日期不能既是节假日又是工作日 (both holiday and workday): {both}")
    return YearOverride(hol, work)


@datafiles.cached
def _file_overrides() -> dict[int, YearOverride]:
    years = datafiles.load("calendar.toml").get("years", {})
    return {
        int(y): _make_override(int(y), v.get("holidays", ()), v.get("workdays", ()))
        for y, v in years.items()
    }


def register_overrides(year: int, holidays: Iterable[dt.date], workdays: Iterable[dt.date]) -> None:
    """Enter (or replace) the schedule of ``year``: its days off and its make-up working days.

    After this the year is known. Dates not listed follow the package for years it covers,
    otherwise Monday–Friday work. Raises ValueError for a date outside ``year`` or listed twice.
    """
    _runtime[year] = _make_override(year, holidays, workdays)
    _memo.forget()


def unregister_overrides(year: int) -> None:
    """Drop the run-time entry for ``year`` (the data file and package still apply)."""
    _runtime.pop(year, None)
    _memo.forget()


def clear_overrides() -> None:
    """Drop every run-time entry."""
    _runtime.clear()
    _memo.forget()


def _override(year: int) -> YearOverride | None:
    return _runtime.get(year) or _file_overrides().get(year)


def known_years() -> list[int]:
    """Years whose working days can be computed."""
    return sorted(set(_PACKAGE_YEARS) | set(_file_overrides()) | set(_runtime))


def _as_date(day: dt.date) -> dt.date:
    # datetime is a subclass of date but never equal to one: normalise before lookups.
    return day.date() if isinstance(day, dt.datetime) else day


def is_workday(day: dt.date) -> bool:
    """True if ``day`` is an official working day. Raises UnknownYearError for an unknown year."""
    day = _as_date(day)
    files = _file_overrides()
    generation = _memo.generation
    if _memo.files is files:
        found = _memo.days.get(day)
        if found is not None:
            return found
    found = _workday(day)
    with _memo.lock:  # not kept if the schedule changed while it was worked out
        if _memo.generation == generation:
            if _memo.files is not files:
                _memo.days.clear()
                _memo.files = files
            _memo.days[day] = found
    return found


def _workday(day: dt.date) -> bool:
    override = _override(day.year)
    if override is not None:
        if day in override.holidays:
            return False
        if day in override.workdays:
            return True
    if day.year in _PACKAGE_YEARS:
        return bool(chinese_calendar.is_workday(day))
    if override is None:
        raise UnknownYearError(day.year)
    return day.weekday() < 5


def is_holiday(day: dt.date) -> bool:
    """True if ``day`` is a day off (法定休假日: statutory holiday, 调休 rest day or weekend).

    This is the sense of 民事诉讼法 Art 85 when a period's last day falls on a holiday.
    """
    return not is_workday(day)


def is_statutory_holiday(day: dt.date) -> bool:
    """True if ``day`` is a listed holiday (节日 or 调休 rest day), not a plain weekend."""
    day = _as_date(day)
    override = _override(day.year)
    if override is not None and day in override.holidays:
        return True
    if override is not None and day in override.workdays:
        return False
    if day.year in _PACKAGE_YEARS:
        return day in chinese_calendar.holidays
    if override is None:
        raise UnknownYearError(day.year)
    return False


def next_workday(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    day = _as_date(day) + dt.timedelta(days=1)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def roll_forward(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the next working day (民事诉讼法 Art 85)."""
    day = _as_date(day)
    return day if is_workday(day) else next_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start``; ``start`` itself is not counted (行政处罚法 Art 85).

    ``n == 0`` returns ``start`` unchanged. Raises ValueError for negative n and
    UnknownYearError when the count runs into a year whose schedule is unknown.
    """
    if n < 0:
        raise ValueError(f"工作日数不能为负 (n must be >= 0): {n}")
    day = _as_date(start)
    for _ in range(n):
        day = next_workday(day)
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Number of working days in (start, end] — how much of a working-day period has run."""
    start, end = _as_date(start), _as_date(end)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count


def subtract_workdays(end: dt.date, n: int) -> dt.date:
    """The n-th working day before ``end`` (``end`` not counted) — for "X 日前" periods such as
    the hearing notice (行政处罚法 Art 64(2)). ``n == 0`` returns ``end`` unchanged.
    """
    if n < 0:
        raise ValueError(f"工作日数不能为负 (n must be >= 0): {n}")
    day = _as_date(end)
    for _ in range(n):
        day -= dt.timedelta(days=1)
        while not is_workday(day):
            day -= dt.timedelta(days=1)
    return day
