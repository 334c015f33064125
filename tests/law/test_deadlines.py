"""Statutory periods (行政处罚法, 安全生产法 Art 78, 行政强制法, 条例; LEGAL.md §1, §4)."""

import datetime as dt
from decimal import Decimal

import pytest

from anzhi.law import deadlines, workdays
from anzhi.law.deadlines import PERIODS, UNITS
from anzhi.law.workdays import UnknownYearError

D = dt.date


@pytest.mark.parametrize(
    ("fn", "start", "expected"),
    [
        pytest.param(
            deadlines.payment_due,
            D(2026, 9, 16),
            D(2026, 10, 8),
            id="Art67-15days-ends-in-national-day-rolls-to-10-08",
        ),
        pytest.param(deadlines.payment_due, D(2026, 3, 2), D(2026, 3, 17), id="Art67-15days-plain"),
        pytest.param(
            deadlines.payment_due,
            D(2026, 3, 6),
            D(2026, 3, 23),
            id="Art67-15days-ends-saturday-rolls-to-monday",
        ),
        pytest.param(
            deadlines.payment_due,
            D(2026, 1, 30),
            D(2026, 2, 14),
            id="Art67-15days-ends-on-make-up-saturday-stays",
        ),
        pytest.param(
            deadlines.hearing_request_due,
            D(2025, 12, 30),
            D(2026, 1, 7),
            id="Art64+85-5workdays-year-end-crossing",
        ),
        pytest.param(
            deadlines.hearing_request_due,
            D(2026, 9, 28),
            D(2026, 10, 10),
            id="Art64+85-5workdays-make-up-saturday-counts",
        ),
        pytest.param(
            deadlines.hearing_notice_due,
            D(2026, 3, 16),
            D(2026, 3, 5),
            id="Art64(2)-7workdays-before-hearing",
        ),
        pytest.param(
            deadlines.service_due,
            D(2026, 2, 10),
            D(2026, 2, 26),
            id="Art61+85-7workdays-over-spring-festival",
        ),
        pytest.param(
            deadlines.publication_due, D(2026, 2, 10), D(2026, 2, 26), id="AQSCF-Art78-7workdays"
        ),
        pytest.param(
            deadlines.withdrawal_due,
            D(2026, 4, 30),
            D(2026, 5, 8),
            id="Art48-3workdays-over-labour-day",
        ),
        pytest.param(
            deadlines.enforcement_application_due,
            D(2025, 6, 10),
            D(2026, 3, 10),
            id="QZF-Art53-3months-after-6month-litigation",
        ),
    ],
)
def test_named_due_dates(fn, start, expected):
    assert fn(start) == expected


@pytest.mark.parametrize(
    ("name", "start", "expected"),
    [
        pytest.param("reconsideration", D(2026, 3, 1), D(2026, 4, 30), id="FYF-60days"),
        pytest.param(
            "litigation",
            D(2025, 8, 31),
            D(2026, 2, 28),
            id="XSSSF-Art46-6months-month-end-clamped-make-up-saturday",
        ),
        pytest.param("limitation", D(2024, 2, 29), D(2026, 2, 28), id="Art36-2years-no-roll"),
        pytest.param(
            "limitation_life_health",
            D(2021, 10, 1),
            D(2026, 10, 1),
            id="Art36-5years-no-roll-on-holiday",
        ),
        pytest.param(
            "enforcement_reminder", D(2026, 4, 28), D(2026, 5, 14), id="QZF-Art54+69-10workdays"
        ),
        pytest.param(
            "casualty_update", D(2026, 9, 1), D(2026, 10, 1), id="TL-Art13-30days-internal-no-roll"
        ),
        pytest.param("investigation_report", D(2026, 1, 10), D(2026, 3, 11), id="TL-Art29-60days"),
        pytest.param(
            "accident_report_unit",
            dt.datetime(2026, 5, 1, 23, 30),
            dt.datetime(2026, 5, 2, 0, 30),
            id="TL-Art9-1hour",
        ),
        pytest.param(
            "accident_report_upward",
            dt.datetime(2026, 5, 1, 8, 0),
            dt.datetime(2026, 5, 1, 10, 0),
            id="TL-Art11-2hours",
        ),
    ],
)
def test_generic_due(name, start, expected):
    assert deadlines.due(name, start) == expected


def test_hour_period_needs_datetime():
    with pytest.raises(TypeError):
        deadlines.due("accident_report_unit", D(2026, 5, 1))


def test_unknown_period():
    with pytest.raises(KeyError, match="no_such_period"):
        deadlines.due("no_such_period", D(2026, 5, 1))


def test_periods_table_is_complete_and_well_formed():
    expected = {
        "hearing_request",
        "hearing_notice",
        "service",
        "payment",
        "withdrawal",
        "publication",
        "limitation",
        "limitation_life_health",
        "reconsideration",
        "litigation",
        "court_enforcement",
        "accident_report_unit",
        "accident_report_upward",
        "casualty_update",
        "investigation_report",
        "investigation_reply",
    }
    assert expected <= set(PERIODS)
    for p in PERIODS.values():
        assert p.unit in UNITS and p.label and ("第" in p.article or "令" in p.article), p
    assert PERIODS["hearing_request"].text == "5个工作日"
    assert PERIODS["payment"].text == "15日"


def test_working_day_periods_of_art85():
    # 行政处罚法 Art 85: the 2/3/5/7-day periods are working days.
    for name in ("hearing_request", "hearing_notice", "service", "withdrawal", "publication"):
        assert PERIODS[name].unit == "workdays", name


def test_period_crossing_into_unknown_year_refuses():
    with pytest.raises(UnknownYearError, match="2027"):
        deadlines.service_due(D(2026, 12, 28))


def test_registered_2027_lets_period_cross_year():
    workdays.register_overrides(2027, holidays=[D(2027, 1, 1)], workdays=[])
    assert deadlines.service_due(D(2026, 12, 28)) == D(2027, 1, 7)


@pytest.mark.parametrize(
    ("filed", "extension", "regime", "expected"),
    [
        pytest.param(D(2026, 3, 1), None, "work_safety", D(2026, 3, 31), id="rule2026-30days"),
        pytest.param(
            D(2026, 3, 1),
            "head",
            "work_safety",
            D(2026, 6, 1),
            id="rule2026-head-90-ends-saturday-rolls",
        ),
        pytest.param(
            D(2026, 3, 1), "next_level", "work_safety", D(2026, 8, 28), id="rule2026-next-level-180"
        ),
        pytest.param(D(2015, 6, 1), None, "work_safety", D(2015, 7, 1), id="rule2015-30days"),
        pytest.param(D(2026, 3, 1), None, "general", D(2026, 6, 1), id="XZCFF-Art60-90days"),
    ],
)
def test_decision_due(filed, extension, regime, expected):
    assert deadlines.decision_due(filed, extension=extension, regime=regime) == expected


def test_decision_rule_chosen_by_filing_date():
    assert "77号" in deadlines.decision_rule(D(2026, 1, 31)).label
    assert "18号" in deadlines.decision_rule(D(2026, 2, 1)).label
    assert deadlines.decision_rule(D(2026, 2, 1)).verify


def test_decision_due_errors():
    with pytest.raises(LookupError):
        deadlines.decision_due(D(2010, 1, 4))
    with pytest.raises(ValueError):
        deadlines.decision_due(D(2026, 3, 1), extension="head", regime="general")
    with pytest.raises(ValueError):
        deadlines.decision_due(D(2026, 3, 1), regime="unknown")


@pytest.mark.parametrize(
    ("fine", "due_on", "paid_on", "excluded", "expected"),
    [
        pytest.param(10000, D(2026, 3, 17), D(2026, 3, 17), 0, "0.00", id="Art72-paid-on-due-date"),
        pytest.param(10000, D(2026, 3, 17), D(2026, 3, 16), 0, "0.00", id="Art72-paid-early"),
        pytest.param(10000, D(2026, 3, 17), D(2026, 3, 18), 0, "300.00", id="Art72-1-day-3pct"),
        pytest.param(10000, D(2026, 3, 17), D(2026, 4, 19), 0, "9900.00", id="Art72-33-days"),
        pytest.param(10000, D(2026, 3, 17), D(2026, 4, 20), 0, "10000.00", id="Art72-34-days-cap"),
        pytest.param(10000, D(2026, 3, 17), D(2027, 3, 17), 0, "10000.00", id="Art72-cap-a-year"),
        pytest.param("333.33", D(2026, 3, 17), D(2026, 3, 18), 0, "10.00", id="Art72-rounds-cents"),
        pytest.param(
            10000,
            D(2026, 3, 17),
            D(2026, 4, 19),
            30,
            "900.00",
            id="Art73-reconsideration-days-excluded",
        ),
    ],
)
def test_late_fee(fine, due_on, paid_on, excluded, expected):
    fee = deadlines.late_fee(fine, due_on, paid_on, excluded_days=excluded)
    assert fee == Decimal(expected)
    assert fee.as_tuple().exponent == -2


def test_late_fee_rejects_negative():
    with pytest.raises(ValueError):
        deadlines.late_fee(-1, D(2026, 3, 17), D(2026, 3, 18))
