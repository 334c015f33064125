"""Accident grade and reporting periods — 生产安全事故报告和调查处理条例 (国务院令第493号).

Grade thresholds are data (``data/accidents.toml``, Art 3); the reporting and investigation
periods (Art 9, 11, 13, 29, 32) are in ``data/deadlines.toml``, group "事故", so one deadline
calculator lists them with the case periods.

The unit's fine for an accident follows 安全生产法 Art 114, which replaced the lower amounts of
条例 Art 37 (later, higher-ranking law): see ``statutes.accident_fine_range``.
"""

from __future__ import annotations

from decimal import Decimal

from anzhi.law import datafiles
from anzhi.law.deadlines import PERIODS, Period

ORDINARY = "一般事故"
LARGER = "较大事故"
MAJOR = "重大事故"
EXTRAORDINARY = "特别重大事故"
GRADES = (ORDINARY, LARGER, MAJOR, EXTRAORDINARY)  # lowest to highest


def _check(name: str, value: int | Decimal) -> Decimal:
    amount = Decimal(str(value))
    if amount < 0:
        raise ValueError(f"{name} 不能为负数 ({name} must not be negative): {value}")
    return amount


def grade(deaths: int, serious_injuries: int, direct_loss_yuan: int | Decimal) -> str:
    """The grade of an accident (条例 Art 3): the highest grade reached by any of the three
    measures, "以上" including the threshold. Raises ValueError naming a negative argument.
    """
    measures = {
        "deaths": _check("deaths", deaths),
        "serious_injuries": _check("serious_injuries", serious_injuries),
        "direct_loss_yuan": _check("direct_loss_yuan", direct_loss_yuan),
    }
    rows = datafiles.load("accidents.toml")["grade"]
    for row in rows:
        if any(key in row and measures[key] >= row[key] for key in measures):
            return str(row["name"])
    return str(rows[-1]["name"])


def investigated_by(grade_name: str) -> str:
    """Which government investigates an accident of this grade (条例 Art 19)."""
    for row in datafiles.load("accidents.toml")["grade"]:
        if row["name"] == grade_name:
            return str(row["investigated_by"])
    raise ValueError(f"未知的事故等级 (unknown accident grade): {grade_name!r}")


def reporting_periods() -> list[Period]:
    """Reporting and investigation periods of the 条例 (Art 9, 11, 13, 29, 32)."""
    return [p for p in PERIODS.values() if p.group == "事故"]
