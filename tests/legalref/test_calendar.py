"""The holiday schedule administrators enter (issue 3: "an override table that an
administrator fills when a new year is published") and how it reaches anzhi.law.workdays."""

import datetime as dt

import pytest
from django.test import override_settings

from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.law import deadlines, workdays
from anzhi.legalref import calendar, reference
from anzhi.legalref.choices import DayKind
from anzhi.legalref.models import CalendarYear, HolidayOverride
from anzhi.legalref.services import calendar_year_save

D = dt.date
SOURCE = "国办发明电〔2026〕测试号"


def enter_2027(actor, days, capture, **kw):
    holidays, work = days
    with capture(execute=True):
        return calendar_year_save(actor=actor, year=2027, holidays=holidays, workdays=work,
                                  source=kw.pop("source", SOURCE), **kw)


def test_unknown_year_names_2027_then_known_after_entry(
        cast, days_2027, django_capture_on_commit_callbacks):
    # Before: the law refuses to guess, naming the year (行政处罚法 Art 85 counts working days).
    with pytest.raises(workdays.UnknownYearError) as exc:
        workdays.add_workdays(D(2026, 12, 28), 5)
    assert "2027" in str(exc.value)
    with pytest.raises(ValidationFailed) as bad:
        reference.deadline("hearing_request", D(2026, 12, 28))
    assert "2027年的法定节假日安排尚未录入" in bad.value.errors["start"]

    enter_2027(cast.county_admin, days_2027, django_capture_on_commit_callbacks)

    # After, in the same process: 2026-12-29/30/31, then 1–3 Jan off, 4 and 5 Jan work.
    assert workdays.add_workdays(D(2026, 12, 28), 5) == D(2027, 1, 5)
    assert deadlines.hearing_request_due(D(2026, 12, 28)) == D(2027, 1, 5)
    # A make-up Sunday counts: Fri 5 Feb → (6–12 Feb off, Sat 13 off) → Sun 14 Feb works.
    assert workdays.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 14)
    assert workdays.is_workday(D(2027, 2, 20)) and not workdays.is_workday(D(2027, 2, 8))
    assert 2027 in workdays.known_years()


def test_rows_and_audit(cast, days_2027, django_capture_on_commit_callbacks):
    row = enter_2027(cast.county_admin, days_2027, django_capture_on_commit_callbacks)
    assert row.revision == 1 and row.created_by == cast.county_admin
    active = HolidayOverride.objects.filter(calendar=row, voided_at__isnull=True)
    assert active.filter(kind=DayKind.HOLIDAY).count() == 3 + 7
    assert list(active.filter(kind=DayKind.WORKDAY).values_list("date", flat=True)) == [
        D(2027, 2, 14), D(2027, 2, 20)]
    assert active.get(date=D(2027, 2, 6)).note == "春节"
    event = AuditEvent.objects.get(object_type="legalref.calendaryear")
    assert event.action == "calendar_year.create" and event.actor == cast.county_admin
    assert "2027-02-14 春节调休上班" in event.changes["workdays"]


def test_correction_voids_changed_days_and_reregisters(
        cast, days_2027, django_capture_on_commit_callbacks):
    holidays, work = days_2027
    enter_2027(cast.county_admin, days_2027, django_capture_on_commit_callbacks)
    assert not workdays.is_workday(D(2027, 2, 12))
    # The notice is corrected: 12 Feb (Fri) is a working day after all; 20 Feb is not.
    fewer = [h for h in holidays if h.date != D(2027, 2, 12)]
    with django_capture_on_commit_callbacks(execute=True):
        row = calendar_year_save(actor=cast.superuser, year=2027, holidays=fewer,
                                 workdays=work[:1], source=SOURCE, reason="通知更正")
    assert row.revision == 2
    voided = HolidayOverride.objects.filter(voided_at__isnull=False)
    assert sorted(voided.values_list("date", flat=True)) == [D(2027, 2, 12), D(2027, 2, 20)]
    assert set(voided.values_list("void_reason", flat=True)) == {"通知更正"}
    assert HolidayOverride.objects.count() == 12  # nothing deleted
    assert workdays.is_workday(D(2027, 2, 12))  # re-registered in this process
    assert not workdays.is_workday(D(2027, 2, 20))  # a plain Saturday again
    event = AuditEvent.objects.filter(action="calendar_year.update").get()
    assert event.reason == "通知更正"
    assert set(event.changes) == {"holidays", "workdays"}


def test_unchanged_reentry_is_a_no_op(cast, days_2027, django_capture_on_commit_callbacks):
    enter_2027(cast.county_admin, days_2027, django_capture_on_commit_callbacks)
    row = enter_2027(cast.county_admin, days_2027, django_capture_on_commit_callbacks)
    assert row.revision == 1
    assert AuditEvent.objects.filter(object_type="legalref.calendaryear").count() == 1


def test_sync_in_a_fresh_process_and_after_another_process_saved(
        cast, days_2027, django_capture_on_commit_callbacks):
    holidays, work = days_2027
    # Saved by "another process": the on-commit registration does not run here.
    calendar_year_save(actor=cast.county_admin, year=2027, holidays=holidays, workdays=work,
                       source=SOURCE)
    with pytest.raises(workdays.UnknownYearError):
        workdays.is_workday(D(2027, 3, 1))
    assert calendar.sync() == [2027]
    assert workdays.is_workday(D(2027, 3, 1))
    calendar.reset()
    with pytest.raises(workdays.UnknownYearError):
        workdays.is_workday(D(2027, 3, 1))
    # The request hook loads it lazily on first use…
    calendar.on_request_started()
    assert workdays.is_workday(D(2027, 3, 1))
    # …and notices a change made elsewhere once the recheck interval has passed.
    calendar_year_save(actor=cast.county_admin, year=2027,
                       holidays=[*holidays, calendar.DayLine(D(2027, 3, 1), "测试")],
                       workdays=work, source=SOURCE)
    with override_settings(LEGALREF_CALENDAR_RECHECK_SECONDS=3600):
        calendar.on_request_started()
    assert workdays.is_workday(D(2027, 3, 1))  # not yet: checked within the interval
    with override_settings(LEGALREF_CALENDAR_RECHECK_SECONDS=0):
        calendar.on_request_started()
    assert not workdays.is_workday(D(2027, 3, 1))


def test_first_request_loads_the_table(cast, client, days_2027):
    holidays, work = days_2027
    calendar_year_save(actor=None, year=2027, holidays=holidays, workdays=work, source=SOURCE)
    client.force_login(cast.officer_a)
    res = client.get("/law/deadlines/", {"period": "hearing_request", "start": "2026-12-28"})
    assert res.status_code == 200
    assert "2027-01-05" in res.content.decode()


def test_huey_tasks_sync_first():
    from huey.contrib.djhuey import HUEY

    assert "legalref.calendar.sync" in HUEY._pre_execute


def test_missing_table_does_not_break_requests(monkeypatch):
    from django.db import OperationalError

    def broken():
        raise OperationalError("no such table: legalref_calendaryear")

    monkeypatch.setattr(calendar, "_fingerprint", broken)
    calendar.on_request_started()  # no exception
    with pytest.raises(workdays.UnknownYearError):
        workdays.is_workday(D(2027, 1, 4))


# --- bad input writes nothing ------------------------------------------------------------

H = [calendar.DayLine(D(2027, 1, 1), "元旦")]


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"year": 1999}, "year", "年份：应为2000至2100之间的年份"),
    ({"source": "  "}, "source", "依据文号：不能为空"),
    ({"holidays": []}, "holidays", "休息日：不能为空"),
    ({"holidays": [D(2026, 12, 31)]}, "holidays", "休息日：2026-12-31 不在2027年内"),
    ({"workdays": [D(2028, 1, 8)]}, "workdays", "调休上班日：2028-01-08 不在2027年内"),
    ({"workdays": [D(2027, 1, 1)]}, "workdays", "调休上班日：2027-01-01 同时列为休息日"),
    ({"workdays": [D(2027, 3, 1)]}, "workdays",
     "调休上班日：2027-03-01（周一） 本就是工作日，调休上班日应为周六或周日"),
])
def test_bad_input_refused_and_nothing_written(cast, kwargs, field, message):
    args = {"actor": cast.county_admin, "year": 2027, "holidays": H, "workdays": [],
            "source": SOURCE, **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        calendar_year_save(**args)
    assert exc.value.errors[field].startswith(message)
    assert CalendarYear.objects.count() == 0 and HolidayOverride.objects.count() == 0
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["officer_a", "head_a", "auxiliary_a", "discipline", "leader",
                                 "assistant_a", "enterprise_user_a"])
def test_only_admins_enter_the_calendar(cast, who):
    with pytest.raises(NotAllowed):
        calendar_year_save(actor=getattr(cast, who), year=2027, holidays=H, source=SOURCE)
    assert CalendarYear.objects.count() == 0


# --- parsing the administrator's text ----------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2027-01-01 元旦", [(D(2027, 1, 1), "元旦")]),
    ("2027/1/1", [(D(2027, 1, 1), "")]),
    ("2027年1月1日 元旦", [(D(2027, 1, 1), "元旦")]),
    ("2027-02-06~2027-02-08 春节", [(D(2027, 2, 6), "春节"), (D(2027, 2, 7), "春节"),
                                   (D(2027, 2, 8), "春节")]),
    ("2027-10-01 至 2027-10-02 国庆节", [(D(2027, 10, 1), "国庆节"), (D(2027, 10, 2), "国庆节")]),
    ("2027-05-01，2027-05-03、2027-05-05 劳动节",
     [(D(2027, 5, 1), "劳动节"), (D(2027, 5, 3), "劳动节"), (D(2027, 5, 5), "劳动节")]),
    ("\n  \n2027-01-01\n", [(D(2027, 1, 1), "")]),
])
def test_parse_days(text, expected):
    got = calendar.parse_days(text, field="holidays", label="休息日")
    assert [(d.date, d.note) for d in got] == expected


@pytest.mark.parametrize(("text", "message"), [
    ("元旦放假", "休息日：第1行没有可识别的日期"),
    ("2027-01-01\n2027-02-30 春节", "休息日：第2行的日期 2027-02-30 不存在"),
    ("2027-02-08~2027-02-06", "休息日：第1行的日期范围 2027-02-08至2027-02-06 结束早于开始"),
    ("2027-01-01~2027-03-01", "休息日：第1行的日期范围超过31天"),
])
def test_parse_days_errors_name_the_line(text, message):
    with pytest.raises(ValidationFailed) as exc:
        calendar.parse_days(text, field="holidays", label="休息日")
    assert exc.value.errors["holidays"].startswith(message)


def test_calendar_years_command_syncs_and_lists(cast, days_2027):
    from io import StringIO

    from django.core.management import call_command

    holidays, work = days_2027
    calendar_year_save(actor=None, year=2027, holidays=holidays, workdays=work, source=SOURCE)
    out = StringIO()
    call_command("calendar_years", stdout=out)
    lines = out.getvalue().splitlines()
    assert "2026\t内置（chinesecalendar）" in lines
    assert f"2027\t管理员录入：{SOURCE}（第1次）" in lines
    assert lines[-1].startswith("2028年起尚未录入")
    assert workdays.is_workday(D(2027, 2, 14))  # the command registered the table
