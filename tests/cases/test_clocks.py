"""Legal clocks: computed by anzhi.law on the official calendar, suspended and resumed,
warned at 70 % / 90 %, flagged by the sweep, never guessed for an unknown year."""

from datetime import date

import pytest
from django.core.management import call_command

from anzhi.cases import clocks
from anzhi.cases.choices import DeadlineState
from anzhi.cases.models import CaseDeadline


# Due dates of the case's periods, with the rule they follow (行政处罚法 Art 85: 5/7 days are
# working days; calendar periods ending on a day off end on the next working day).
@pytest.mark.parametrize("name,start,due,rule", [
    ("decision", date(2026, 9, 1), date(2026, 10, 8), "30 days → 1 Oct (National Day) → 8 Oct"),
    ("decision", date(2026, 8, 1), date(2026, 8, 31), "30 days, a Monday: stands"),
    ("hearing_request", date(2026, 9, 30), date(2026, 10, 13),
     "5 working days: 8, 9, 10 (Sat make-up), 12, 13 Oct"),
    ("service", date(2026, 9, 10), date(2026, 9, 20), "7 working days incl. Sun 20 Sep make-up"),
    ("payment", date(2026, 9, 11), date(2026, 9, 28), "15 days → 26 Sep (Mid-Autumn) → 28 Sep"),
    ("publication", date(2026, 4, 30), date(2026, 5, 13), "7 working days over 1–5 May, 9 May"),
])
def test_due_dates_follow_the_official_calendar(flow, name, start, due, rule):
    case = flow.new()
    case.filed_on = start
    row = clocks.start(case, name, start)
    assert row.due == due, rule
    assert row.legal_basis and row.state == DeadlineState.RUNNING


def test_suspension_extends_the_clock_by_the_suspended_days(cast, flow, today):
    today(date(2026, 8, 1))
    case = flow.new()
    flow.investigating(case)
    assert case.deadlines.get(name="decision").due == date(2026, 8, 31)
    today(date(2026, 8, 10))
    flow.act(case, "suspend", kind="appraisal", reason="委托检测机构检验压力容器")
    row = case.deadlines.get(name="decision")
    assert row.state == DeadlineState.SUSPENDED and row.suspended_on == date(2026, 8, 10)
    view = clocks.view(row, date(2026, 8, 20))
    assert "中止计时" in view.message
    today(date(2026, 8, 22))
    flow.act(case, "resume")
    row.refresh_from_db()
    # 12 days suspended: 30 days now counted from 13 Aug → 12 Sep (Sat) → Mon 14 Sep.
    assert row.state == DeadlineState.RUNNING and row.suspended_days == 12
    assert row.due == date(2026, 9, 14)


def test_warnings_at_70_and_90_percent_and_the_sweep_flags_missed(cast, flow, today):
    today(date(2026, 8, 1))
    case = flow.new()
    flow.investigating(case)  # decision due 31 Aug: 30 days
    row = case.deadlines.get(name="decision")
    assert (row.warn70_on, row.warn90_on) == (date(2026, 8, 22), date(2026, 8, 28))
    assert clocks.view(row, date(2026, 8, 21)).level == ""
    assert clocks.view(row, date(2026, 8, 22)).level == "warning"
    assert clocks.view(row, date(2026, 8, 28)).level == "danger"
    assert clocks.sweep(date(2026, 8, 21))["warned70"] == 0
    assert clocks.sweep(date(2026, 8, 22))["warned70"] == 1
    row.refresh_from_db()
    assert row.warned == 70
    assert clocks.sweep(date(2026, 8, 28))["warned90"] == 1
    assert clocks.sweep(date(2026, 8, 31))["missed"] == 0  # the last day itself is in time
    call_command("sweep_case_deadlines", date="2026-09-01")
    row.refresh_from_db()
    assert row.state == DeadlineState.MISSED and row.warned == 90
    assert "超期" in clocks.view(row, date(2026, 9, 3)).message


def test_a_met_clock_is_not_flagged_and_a_late_one_stays_missed(cast, flow, today):
    today(date(2026, 8, 1))
    case = flow.new()
    flow.investigating(case)
    clocks.meet(case, "decision", date(2026, 8, 20))
    assert clocks.sweep(date(2026, 9, 30))["missed"] == 0
    other = flow.new()
    flow.investigating(other)
    clocks.sweep(date(2026, 9, 30))
    clocks.meet(other, "decision", date(2026, 10, 9))  # decided late
    row = other.deadlines.get(name="decision")
    assert row.state == DeadlineState.MISSED and row.met_on == date(2026, 10, 9)


def test_unknown_year_is_shown_never_guessed_and_filled_in_later(cast, flow, today):
    from anzhi.law import workdays

    today(date(2026, 11, 20))
    case = flow.new()
    flow.investigating(case)
    flow.act(case, "extend", cast.head_a, extension="head", reason="案情复杂，需补充鉴定")
    row = case.deadlines.get(name="decision")
    # 90 days from 20 Nov 2026 end in February 2027, a year whose holidays are not entered.
    assert row.due is None and "2027 年的法定节假日安排尚未录入" in row.problem
    view = clocks.view(row, date(2026, 11, 21))
    assert "不作推算" in view.message and view.level == "danger"
    workdays.register_overrides(2027, [date(2027, 2, 17), date(2027, 2, 18)], [])
    try:
        assert clocks.sweep(date(2026, 11, 21))["filled"] == 1
        row.refresh_from_db()
        assert row.due == date(2027, 2, 19) and row.problem == ""  # 18 Feb off → 19 Feb
    finally:
        workdays.unregister_overrides(2027)


def test_deadline_rows_are_indexed_for_the_sweep():
    names = {tuple(i.fields) for i in CaseDeadline._meta.indexes}
    assert ("state", "due") in names
