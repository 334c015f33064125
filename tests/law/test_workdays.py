"""Official working-day calendar (行政处罚法 Art 85; State Council schedules; LEGAL.md §2)."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from anzhi.law import datafiles, workdays
from anzhi.law.workdays import UnknownYearError

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 1, 1), False, id="2026-new-year-holiday"),
        pytest.param(D(2026, 1, 4), True, id="2026-01-04-sunday-make-up-workday"),
        pytest.param(D(2026, 2, 14), True, id="2026-02-14-saturday-make-up"),
        pytest.param(D(2026, 2, 28), True, id="2026-02-28-saturday-make-up"),
        pytest.param(D(2026, 5, 9), True, id="2026-05-09-saturday-make-up"),
        pytest.param(D(2026, 9, 20), True, id="2026-09-20-sunday-make-up"),
        pytest.param(D(2026, 10, 10), True, id="2026-10-10-saturday-make-up"),
        pytest.param(D(2026, 2, 23), False, id="2026-spring-festival-last-day"),
        pytest.param(D(2026, 10, 7), False, id="2026-national-day-last-day"),
        pytest.param(D(2026, 10, 8), True, id="2026-10-08-first-workday-after-national-day"),
        pytest.param(D(2026, 3, 7), False, id="plain-saturday"),
        pytest.param(D(2026, 3, 9), True, id="plain-monday"),
        pytest.param(dt.datetime(2026, 1, 4, 9, 30), True, id="datetime-accepted"),
    ],
)
def test_is_workday_2026(day, expected):
    assert workdays.is_workday(day) is expected
    assert workdays.is_holiday(day) is (not expected)


def test_make_up_days_2026_match_legal_md():
    make_up = sorted(d for d in chinese_calendar.workdays if d.year == 2026)
    assert make_up == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]


def test_statutory_holiday_distinguishes_weekend():
    assert workdays.is_statutory_holiday(D(2026, 10, 1))
    assert not workdays.is_statutory_holiday(D(2026, 3, 7))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2025, 12, 30), 5, D(2026, 1, 7), id="Art85-year-end-crossing"),
        pytest.param(
            D(2026, 9, 28), 5, D(2026, 10, 10), id="Art85-national-day-ends-on-make-up-sat"
        ),
        pytest.param(D(2026, 2, 10), 7, D(2026, 2, 26), id="Art85-spring-festival"),
        pytest.param(D(2026, 3, 6), 1, D(2026, 3, 9), id="friday-plus-1-is-monday"),
        pytest.param(D(2026, 3, 7), 0, D(2026, 3, 7), id="n0-returns-start"),
    ],
)
def test_add_workdays(start, n, expected):
    assert workdays.add_workdays(start, n) == expected


def test_subtract_workdays():
    assert workdays.subtract_workdays(D(2026, 3, 16), 7) == D(2026, 3, 5)
    assert workdays.subtract_workdays(D(2026, 10, 9), 2) == D(2026, 9, 30)


def test_next_workday_and_roll_forward():
    assert workdays.next_workday(D(2026, 9, 30)) == D(2026, 10, 8)
    assert workdays.roll_forward(D(2026, 10, 1)) == D(2026, 10, 8)
    assert workdays.roll_forward(D(2026, 10, 8)) == D(2026, 10, 8)
    assert workdays.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3


def test_negative_n_rejected():
    with pytest.raises(ValueError):
        workdays.add_workdays(D(2026, 1, 5), -1)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: workdays.is_workday(D(2027, 1, 4)), id="is_workday-2027"),
        pytest.param(lambda: workdays.add_workdays(D(2026, 12, 28), 5), id="add-crosses-into-2027"),
        pytest.param(lambda: workdays.is_workday(D(2003, 6, 2)), id="is_workday-2003"),
    ],
)
def test_unknown_year_raises(call):
    with pytest.raises(UnknownYearError) as err:
        call()
    assert isinstance(err.value, LookupError)
    assert "年的法定节假日安排尚未录入" in str(err.value)


def test_unknown_year_message_names_2027():
    with pytest.raises(UnknownYearError, match="2027 年的法定节假日安排尚未录入") as err:
        workdays.is_workday(D(2027, 3, 1))
    assert "calendar for 2027 unknown" in str(err.value)
    assert err.value.year == 2027


def test_register_overrides_makes_2027_known():
    workdays.register_overrides(
        2027, holidays=[D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)], workdays=[D(2027, 1, 9)]
    )
    assert 2027 in workdays.known_years()
    assert not workdays.is_workday(D(2027, 1, 1))
    assert workdays.is_workday(D(2027, 1, 9))  # a Saturday made a working day
    assert workdays.is_workday(D(2027, 1, 4))  # an ordinary Monday
    assert not workdays.is_workday(D(2027, 1, 10))  # an ordinary Sunday
    assert workdays.add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 4)
    workdays.unregister_overrides(2027)
    with pytest.raises(UnknownYearError):
        workdays.is_workday(D(2027, 1, 4))


def test_register_overrides_corrects_a_known_year():
    workdays.register_overrides(2026, holidays=[D(2026, 3, 9)], workdays=[])
    assert not workdays.is_workday(D(2026, 3, 9))
    assert workdays.is_workday(D(2026, 3, 10))  # the package still answers other dates


def test_a_day_already_answered_follows_a_correction_and_its_withdrawal():
    monday = D(2026, 3, 16)
    assert workdays.is_workday(monday)  # answered (and kept) before the correction
    workdays.register_overrides(2026, holidays=[monday], workdays=[])
    assert not workdays.is_workday(monday)
    workdays.unregister_overrides(2026)
    assert workdays.is_workday(monday)
    workdays.register_overrides(2026, holidays=[monday], workdays=[])
    workdays.clear_overrides()
    assert workdays.is_workday(monday)


def test_a_day_already_answered_follows_a_changed_calendar_file(law_data_dir):
    monday = D(2026, 3, 23)
    assert workdays.is_workday(monday)
    (law_data_dir / "calendar.toml").write_text(
        "[years.2026]\nholidays = [2026-03-23]\nworkdays = []\n", encoding="utf-8")
    datafiles.reload()
    assert not workdays.is_workday(monday)


@pytest.mark.parametrize(
    ("holidays", "work"),
    [
        pytest.param([D(2026, 1, 1)], [], id="date-outside-year"),
        pytest.param([D(2027, 1, 1)], [D(2027, 1, 1)], id="both-holiday-and-workday"),
    ],
)
def test_register_overrides_rejects_bad_tables(holidays, work):
    with pytest.raises(ValueError):
        workdays.register_overrides(2027, holidays, work)


def test_calendar_file_in_data_dir_makes_2027_known(law_data_dir):
    (law_data_dir / "calendar.toml").write_text(
        "[years.2027]\nholidays = [2027-01-01]\nworkdays = []\n", encoding="utf-8"
    )
    assert not workdays.is_workday(D(2027, 1, 1))
    assert workdays.is_workday(D(2027, 1, 4))


def test_agrees_with_chinese_calendar_2004_2026_every_day():
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert workdays.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


known_days = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 11, 30))


@given(known_days)
def test_property_agrees_with_chinese_calendar(day):
    assert workdays.is_workday(day) == chinese_calendar.is_workday(day)


@given(known_days, st.integers(min_value=1, max_value=15))
def test_property_add_workdays_lands_on_workday_and_increases(day, n):
    result = workdays.add_workdays(day, n)
    assert workdays.is_workday(result)
    assert result > day
    assert workdays.add_workdays(day, n + 1) > result
    assert workdays.workdays_between(day, result) == n
