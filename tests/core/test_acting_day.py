"""core.acting_day: today in Asia/Shanghai, or the replayed day inside ``replaying``."""

from datetime import date

from django.utils import timezone

from anzhi.cases import services as case_services
from anzhi.core.acting_day import replaying, today
from anzhi.hazards import services as hazard_services


def test_today_is_the_local_date_outside_a_replay():
    assert today() == timezone.localdate()


def test_a_replay_holds_inside_its_block_and_nests():
    with replaying(date(2026, 3, 2)):
        assert today() == date(2026, 3, 2)
        with replaying(date(2026, 3, 9)):
            assert today() == date(2026, 3, 9)
        assert today() == date(2026, 3, 2)
    assert today() == timezone.localdate()


def test_a_replay_is_undone_when_its_block_fails():
    try:
        with replaying(date(2026, 3, 2)):
            raise RuntimeError
    except RuntimeError:
        pass
    assert today() == timezone.localdate()


def test_the_services_act_on_the_replayed_day():
    with replaying(date(2026, 3, 2)):
        assert hazard_services.today() == case_services.today() == date(2026, 3, 2)
