"""Reminders: due soon and overdue, never twice for the same event; one digest a day."""

from datetime import timedelta

from anzhi.hazards.models import Digest, Reminder
from anzhi.hazards.selectors import reminders_for
from anzhi.hazards.services import daily_run, remind_due_soon, sweep_overdue
from anzhi.hazards.tasks import hazards_daily


def test_due_soon_reminder_is_written_once_per_deadline(cast, make_hazard, today):
    soon = make_hazard(days=2)
    make_hazard(days=20)
    assert remind_due_soon(day=today) == 1
    assert remind_due_soon(day=today) == 0
    assert remind_due_soon(day=today + timedelta(days=1)) == 0  # same hazard, same deadline
    assert Reminder.objects.get().hazard == soon
    # A new deadline is a new event.
    soon.rectify_due = today + timedelta(days=3)
    soon.save()
    assert remind_due_soon(day=today + timedelta(days=1)) == 1


def test_daily_run_writes_reminders_and_one_digest_per_agency_and_enterprise(
        cast, make_hazard, today):
    make_hazard(days=1)
    make_hazard(days=2)
    make_hazard(actor=cast.officer_b, enterprise=cast.enterprise_b, days=1)
    day = today + timedelta(days=1)
    first = daily_run(day=day)
    assert first == {"overdue": 0, "due_soon": 3, "digests": 4}
    again = daily_run(day=day)
    assert again == {"overdue": 0, "due_soon": 0, "digests": 0}
    digest = Digest.objects.get(agency=cast.agency_a, day=day)
    assert len(digest.lines) == 2 and "即将到期" in digest.lines[0]
    assert Digest.objects.filter(enterprise=cast.enterprise_b, day=day).count() == 1
    # The next day the first hazard is overdue: a new event, a new digest.
    later = daily_run(day=today + timedelta(days=2))
    assert later == {"overdue": 2, "due_soon": 0, "digests": 4}


def test_reminders_are_scoped(cast, make_hazard, today):
    make_hazard(days=1)
    make_hazard(actor=cast.officer_b, enterprise=cast.enterprise_b, days=1)
    remind_due_soon(day=today)
    assert {r.enterprise for r in reminders_for(cast.enterprise_user_a)} == {cast.enterprise_a}
    assert {r.enterprise for r in reminders_for(cast.officer_b)} == {cast.enterprise_b}
    assert len(reminders_for(cast.county_admin)) == 2
    # Overdue reminders too carry the hazard's region, which the scoping reads.
    sweep_overdue(day=today + timedelta(days=2))
    assert {(r.kind, r.enterprise) for r in reminders_for(cast.officer_b)} == {
        ("due_soon", cast.enterprise_b), ("overdue", cast.enterprise_b)}
    assert all(r.region_id == r.hazard.region_id for r in Reminder.objects.all())


def test_the_daily_task_is_scheduled_with_huey(cast):
    from datetime import datetime

    from huey.api import PeriodicTask
    from huey.contrib.djhuey import HUEY

    assert issubclass(hazards_daily.task_class, PeriodicTask)
    assert hazards_daily.task_class in HUEY._registry._periodic_tasks
    assert hazards_daily.task_class().validate_datetime(datetime(2026, 3, 2, 1, 10))
    assert not hazards_daily.task_class().validate_datetime(datetime(2026, 3, 2, 13, 10))
