"""Escalation (从重), the penalty-case offer and the self-report no-penalty eligibility."""

from datetime import timedelta

import pytest

from anzhi.core import followups
from anzhi.core.errors import TransitionRefused
from anzhi.hazards.models import Hazard, Reminder
from anzhi.hazards.selectors import no_penalty_assessment
from anzhi.hazards.services import (
    hazard_offer_case,
    hazard_review,
    hazard_set_plan,
    hazard_submit_rectification,
    sweep_overdue,
)
from anzhi.law import discretion

from .conftest import full_plan, png


def test_overdue_sweep_flags_once_by_compare_and_swap(cast, make_hazard, today):
    late = make_hazard(days=1)
    on_time = make_hazard(days=5)
    closed = make_hazard(days=1)
    Hazard.objects.filter(pk=closed.pk).update(status="closed", closed_on=today)
    day = today + timedelta(days=2)  # the deadline of `late` has passed
    assert late.is_overdue(day) and not on_time.is_overdue(day)

    assert sweep_overdue(day=day) == 1
    late.refresh_from_db()
    assert late.overdue_flagged and late.flag_overdue and late.overdue_flagged_on == day
    assert "逾期未整改" in late.escalation_reasons()
    assert Reminder.objects.filter(hazard=late, kind="overdue").count() == 1
    # Running again changes nothing and writes no second reminder.
    assert sweep_overdue(day=day) == 0
    assert sweep_overdue(day=day + timedelta(days=1)) == 0
    assert Reminder.objects.filter(kind="overdue").count() == 1
    assert not Hazard.objects.get(pk=on_time.pk).overdue_flagged
    assert not Hazard.objects.get(pk=closed.pk).overdue_flagged


def test_two_failed_reviews_flag_heavier_handling(cast, make_hazard):
    hazard = make_hazard()
    for n in (1, 2):
        hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                    description=f"第{n}次整改", after=[png()])
        hazard_review(actor=cast.officer_a, hazard=hazard, passed=False, opinion="仍有堆放")
        hazard.refresh_from_db()
        assert hazard.flag_failed_reviews is (n >= 2)
    assert hazard.escalation_reasons() == ["复查不通过2次"]


@pytest.mark.parametrize(("self_reported_first", "level", "source", "concealed"), [
    # LEGAL.md §3: a major hazard hidden until an inspection finds it is handled heavier.
    (False, "major", "inspection", True),
    (True, "major", "inspection", False),
    (False, "general", "inspection", False),
    (False, "major", "self_report", False),
    (False, "major", "complaint", True),
])
def test_major_hazard_found_by_others_but_not_self_reported_is_flagged(
        cast, make_hazard, self_reported_first, level, source, concealed):
    if self_reported_first:
        make_hazard("major", actor=cast.enterprise_user_a)
    hazard = make_hazard(level, source=source)
    assert hazard.flag_concealed is concealed


def test_self_reported_major_hazard_with_complete_plan_on_schedule_is_eligible(
        cast, make_hazard, today):
    hazard = make_hazard("major", actor=cast.enterprise_user_a)
    assert hazard.source == "self_report"
    result = no_penalty_assessment(hazard, today)
    assert not result.eligible and "五落实整改方案不完整" in result.reasons[0]

    hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard, data=full_plan())
    result = no_penalty_assessment(hazard, today)
    assert result.eligible
    assert "LEGAL.md §3「Self-reported major hazards」" in result.basis
    assert result.circumstance == discretion.SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION

    late = today + timedelta(days=11)
    result = no_penalty_assessment(hazard, late)
    assert not result.eligible and "未按期整改" in result.reasons


def test_officer_found_hazard_has_no_self_report_assessment(cast, make_hazard):
    assert no_penalty_assessment(make_hazard("major")) is None


def test_case_offer_is_refused_without_the_cases_app(cast, make_hazard, monkeypatch):
    monkeypatch.delitem(followups.HANDLERS, followups.FILE_CASE, raising=False)
    hazard = make_hazard("major")  # found by inspection, not self-reported → 从重
    with pytest.raises(TransitionRefused, match="处罚案件模块尚未启用"):
        hazard_offer_case(actor=cast.officer_a, hazard=hazard)


def test_case_offer_dispatches_file_case_once(cast, make_hazard, monkeypatch):
    seen = []

    def handler(req):
        seen.append(req)
        return followups.FollowupResult("cases.case", 7, "湖上应急立〔2026〕7号", "/cases/7/")

    monkeypatch.setitem(followups.HANDLERS, followups.FILE_CASE, handler)
    plain = make_hazard()
    with pytest.raises(TransitionRefused, match="没有从重情节"):
        hazard_offer_case(actor=cast.officer_a, hazard=plain)
    hazard = make_hazard("major")
    hazard_offer_case(actor=cast.officer_a, hazard=hazard)
    hazard.refresh_from_db()
    assert (hazard.case_object_type, hazard.case_object_id) == ("cases.case", 7)
    req = seen[0]
    assert req.kind == followups.FILE_CASE and req.source_type == "hazards.hazard"
    assert req.source_id == hazard.pk and req.is_major and req.extra["heavier"]
    with pytest.raises(TransitionRefused, match="已立案"):
        hazard_offer_case(actor=cast.officer_a, hazard=hazard)
