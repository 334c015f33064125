"""Enterprise duties: the principal's self-inspections, drills and training, and who is behind.

Frequencies come from the DutyRule data seeded by migration 0002 (with their basis)."""

from datetime import timedelta

import pytest

from anzhi.core.errors import ValidationFailed
from anzhi.hazards.models import DutyRecord, DutyRule
from anzhi.hazards.selectors import duties_behind, duty_status
from anzhi.hazards.services import duty_record_create
from anzhi.registry.models import Sector
from tests.factories import sector


def high_risk_sector():
    found = Sector.objects.filter(high_risk=True).first()
    return found or sector("hz-test-high-risk", "测试高危行业", high_risk=True)


def record(cast, duty, day, enterprise=None):
    return DutyRecord.objects.create(enterprise=enterprise or cast.enterprise_a, duty=duty,
                                     held_on=day, title="检查", leader_name="林志明",
                                     recorded_by=cast.enterprise_user_a)


def status_of(enterprise, day):
    return {s.duty: s for s in duty_status(enterprise, day)}


def test_rules_are_seeded_as_data_with_their_basis(db):
    rule = DutyRule.objects.get(duty="drill", scope="crowded_place")
    assert (rule.min_count, rule.per_months) == (1, 6)
    assert "生产安全事故应急条例" in rule.basis


@pytest.mark.parametrize(("high_risk", "inspections_days_ago", "behind"), [
    # at least monthly …
    (False, [10], False),
    (False, [40], True),
    # … at least twice a month in high-risk sectors
    (True, [10], True),
    (True, [5, 20], False),
])
def test_self_inspection_frequency(cast, today, high_risk, inspections_days_ago, behind):
    if high_risk:
        cast.enterprise_a.sectors.add(high_risk_sector())
    for n in inspections_days_ago:
        record(cast, "self_inspection", today - timedelta(days=n))
    assert status_of(cast.enterprise_a, today)["self_inspection"].behind is behind


@pytest.mark.parametrize(("flag", "drill_days_ago", "behind"), [
    # at least yearly …
    (None, 300, False),
    (None, 400, True),
    # … every half year for crowded places and labour-intensive enterprises
    ("crowded_place", 200, True),
    ("labour_intensive", 200, True),
    ("labour_intensive", 100, False),
])
def test_drill_frequency(cast, today, flag, drill_days_ago, behind):
    if flag:
        setattr(cast.enterprise_a, flag, True)
        cast.enterprise_a.save()
    record(cast, "drill", today - timedelta(days=drill_days_ago))
    assert status_of(cast.enterprise_a, today)["drill"].behind is behind


def test_township_sees_which_enterprises_are_behind(cast, today):
    for duty in ("self_inspection", "drill", "training"):
        record(cast, duty, today)
    rows = duties_behind(cast.officer_a, day=today)
    assert rows == []  # enterprise_a is up to date; enterprise_b is not in town A
    rows = duties_behind(cast.county_admin, day=today)
    assert [r["enterprise"] for r in rows] == [cast.enterprise_b]
    assert {s.duty for s in rows[0]["behind"]} == {"self_inspection", "drill", "training"}


def test_enterprise_records_its_duty(cast, today):
    duty_record_create(actor=cast.enterprise_user_a, enterprise=cast.enterprise_a, data={
        "duty": "self_inspection", "held_on": today, "title": "月度安全检查",
        "leader_name": "林志明", "participants": 5})
    assert not status_of(cast.enterprise_a, today)["self_inspection"].behind
    with pytest.raises(ValidationFailed) as exc:
        duty_record_create(actor=cast.enterprise_user_a, enterprise=cast.enterprise_a, data={
            "duty": "drill", "held_on": today + timedelta(days=1), "title": "",
            "leader_name": "林志明"})
    assert exc.value.errors == {"held_on": "日期：不能晚于今天", "title": "内容：不能为空"}
