"""Statutory periods (法定期限) and their due dates.

The periods are data (``data/deadlines.toml``); this module only does the counting:

- the first day is not counted (民事诉讼法 Art 85, applied by analogy);
- 二日、三日、五日、七日 in 行政处罚法 are working days (Art 85);
- a calendar-day or month period whose last day is a day off ends on the next working day
  where the period's ``roll`` flag says so.

Any date in a year whose holiday schedule is unknown raises ``workdays.UnknownYearError``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from anzhi.law import datafiles, workdays

UNITS = {
    "workdays": "工作日",
    "days": "日",
    "months": "个月",
    "years": "年",
    "hours": "小时",
}


@dataclass(frozen=True)
class Period:
    name: str
    label: str
    length: int
    unit: str  # one of UNITS
    direction: str  # "after" | "before"
    roll: bool
    start: str
    article: str
    group: str
    verify: bool = False

    @property
    def text(self) -> str:
        """E.g. "15日" or "5个工作日"."""
        unit = "个工作日" if self.unit == "workdays" else UNITS[self.unit]
        return f"{self.length}{unit}"


@datafiles.cached
def _periods() -> dict[str, Period]:
    rows = datafiles.load("deadlines.toml")["period"]
    periods = {}
    for row in rows:
        period = Period(**{"verify": False, **row})
        if period.unit not in UNITS or period.direction not in ("after", "before"):
            raise ValueError(f"期限数据错误 (bad unit/direction in period {period.name!r})")
        periods[period.name] = period
    return periods


class _PeriodTable(Mapping[str, Period]):
    """Read-only view of the periods in the data file, read on first use (and after reload)."""

    def __getitem__(self, name: str) -> Period:
        try:
            return _periods()[name]
        except KeyError:
            raise KeyError(f"没有名为 {name!r} 的法定期限 (unknown period)") from None

    def __iter__(self) -> Iterator[str]:
        return iter(_periods())

    def __len__(self) -> int:
        return len(_periods())


PERIODS: Mapping[str, Period] = _PeriodTable()


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later; a missing day (31 Feb) becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def due(period_name: str, start: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """Due date of the named period counted from ``start``.

    For ``direction == "before"`` the result is the latest date to act before ``start``.
    Hour periods take and return a datetime.
    """
    p = PERIODS[period_name]
    sign = 1 if p.direction == "after" else -1
    if p.unit == "hours":
        if not isinstance(start, dt.datetime):
            raise TypeError(f"{p.label} 以小时计算，需要具体时刻 (datetime required)")
        return start + sign * dt.timedelta(hours=p.length)
    day = start.date() if isinstance(start, dt.datetime) else start
    if p.unit == "workdays":
        if sign > 0:
            return workdays.add_workdays(day, p.length)
        return workdays.subtract_workdays(day, p.length)
    if p.unit == "days":
        end = day + sign * dt.timedelta(days=p.length)
    else:
        end = add_months(day, sign * p.length * (12 if p.unit == "years" else 1))
    return workdays.roll_forward(end) if p.roll else end


def hearing_request_due(notified_on: dt.date) -> dt.date:
    """Last day to request a hearing: 5 working days after notice (行政处罚法 Art 64(1), 85)."""
    return due("hearing_request", notified_on)  # type: ignore[return-value]


def hearing_notice_due(hearing_on: dt.date) -> dt.date:
    """Latest day to notify the hearing: 7 working days before it (行政处罚法 Art 64(2), 85)."""
    return due("hearing_notice", hearing_on)  # type: ignore[return-value]


def service_due(decided_on: dt.date) -> dt.date:
    """Last day to serve a decision on an absent party: 7 working days (行政处罚法 Art 61, 85)."""
    return due("service", decided_on)  # type: ignore[return-value]


def payment_due(received_on: dt.date) -> dt.date:
    """Last day to pay a fine: 15 days after receipt, off-day end rolls (行政处罚法 Art 67)."""
    return due("payment", received_on)  # type: ignore[return-value]


def publication_due(decided_on: dt.date) -> dt.date:
    """Last day to publish a work-safety decision: 7 working days (安全生产法 Art 78)."""
    return due("publication", decided_on)  # type: ignore[return-value]


def withdrawal_due(changed_on: dt.date) -> dt.date:
    """Last day to withdraw a published decision that was changed or revoked (Art 48: 3 days)."""
    return due("withdrawal", changed_on)  # type: ignore[return-value]


def enforcement_application_due(received_on: dt.date) -> dt.date:
    """Last day to ask the court to enforce: 3 months after the 6-month litigation period
    (which outlasts the 60-day reconsideration period) has run out (行政强制法 Art 53).
    """
    return due("court_enforcement", due("litigation", received_on))  # type: ignore[return-value]


# --- decision limit -------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRule:
    label: str
    article: str
    days: int
    extensions: Mapping[str, int]
    effective_from: dt.date | None = None
    verify: bool = False


EXTENSIONS = {"head": "经本机关负责人批准延长", "next_level": "经上一级机关批准延长"}


def decision_rule(filed_on: dt.date, *, regime: str = "work_safety") -> DecisionRule:
    """The rule that sets the decision limit of a case filed on ``filed_on``.

    ``regime="work_safety"``: the work-safety ministry rule in force on the filing date (a case
    keeps the clock it was filed under, even if a new rule starts while it runs).
    ``regime="general"``: 行政处罚法 Art 60 (90 days), for agencies outside that rule.
    """
    data = datafiles.load("deadlines.toml")["decision"]
    if regime == "general":
        g = data["general"]
        return DecisionRule(g["label"], g["article"], g["days"], {})
    if regime != "work_safety":
        raise ValueError(f"未知的程序规则 (unknown regime): {regime!r}")
    rows = sorted(data["work_safety"], key=lambda r: r["effective_from"])
    applicable = [r for r in rows if r["effective_from"] <= filed_on]
    if not applicable:
        raise LookupError(
            f"{filed_on} 立案的案件没有录入适用的办案期限 (no decision limit recorded)"
        )
    r = applicable[-1]
    return DecisionRule(
        r["label"],
        r["article"],
        r["days"],
        dict(r.get("extensions", {})),
        r["effective_from"],
        bool(r.get("verify", False)),
    )


def decision_due(
    filed_on: dt.date, *, extension: str | None = None, regime: str = "work_safety"
) -> dt.date:
    """Last day to decide a case filed on ``filed_on`` (行政处罚法 Art 60 and the ministry rule).

    ``extension``: None, "head" (本机关负责人批准) or "next_level" (上一级机关批准).
    Calendar days; a last day that is a day off moves to the next working day.
    """
    rule = decision_rule(filed_on, regime=regime)
    if extension is None:
        days = rule.days
    elif extension in rule.extensions:
        days = rule.extensions[extension]
    else:
        raise ValueError(f"{rule.label} 没有规定这种延长 (no extension {extension!r})")
    return workdays.roll_forward(filed_on + dt.timedelta(days=days))


# --- late surcharge -------------------------------------------------------------------

CENT = Decimal("0.01")


def late_fee(
    fine: Decimal | int | str, due_on: dt.date, paid_on: dt.date, *, excluded_days: int = 0
) -> Decimal:
    """Surcharge for paying after ``due_on``: 3% of the fine per day late, never more than the
    fine (行政处罚法 Art 72(1)); days under 复议 or 诉讼 (``excluded_days``) do not count
    (Art 73 ¶3). Paying on ``due_on`` itself costs nothing. Rounded half-up to 0.01 元.
    """
    amount = Decimal(str(fine))
    if amount < 0:
        raise ValueError(f"罚款金额不能为负 (fine must be >= 0): {fine}")
    if excluded_days < 0:
        raise ValueError(f"不计入天数不能为负 (excluded_days must be >= 0): {excluded_days}")
    cfg = datafiles.load("deadlines.toml")["late_fee"]
    days = max(0, (paid_on - due_on).days - excluded_days)
    fee = amount * Decimal(cfg["daily_rate"]) * days
    return min(fee, amount * Decimal(cfg["cap_multiple"])).quantize(CENT, ROUND_HALF_UP)
