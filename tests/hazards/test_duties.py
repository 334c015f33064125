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
    found = duties_behind(cast.officer_a, day=today)
    assert (found.rows, found.checked) == ([], 1)  # enterprise_b is not in town A
    rows = duties_behind(cast.county_admin, day=today).rows
    assert [r["enterprise"]["pk"] for r in rows] == [cast.enterprise_b.pk]
    assert rows[0]["enterprise"]["region_name"] == "剑斗镇"
    assert {s.duty for s in rows[0]["behind"]} == {"self_inspection", "drill", "training"}


def test_the_list_agrees_with_each_enterprises_own_status(cast, today):
    """The set-based list gives, enterprise by enterprise, what the portal's duty_status
    gives: flags, high-risk sectors, windows, counts and last dates alike."""
    b = cast.enterprise_b
    b.sectors.add(high_risk_sector())
    b.sector_codes = ",".join(b.sectors.values_list("code", flat=True))
    b.crowded_place = True
    b.save()
    record(cast, "self_inspection", today - timedelta(days=20), enterprise=b)
    record(cast, "drill", today - timedelta(days=200), enterprise=b)
    record(cast, "training", today - timedelta(days=30))
    rows = {r["enterprise"]["pk"]: r["behind"]
            for r in duties_behind(cast.county_admin, day=today).rows}
    for enterprise in (cast.enterprise_a, b):
        expected = [(s.duty, s.rule.pk, s.since, s.done, s.last)
                    for s in duty_status(enterprise, today) if s.behind]
        assert [(s.duty, s.rule.pk, s.since, s.done, s.last)
                for s in rows.get(enterprise.pk, [])] == expected
    assert rows[b.pk]  # b is behind on something under the stricter rules


def test_the_list_costs_the_same_queries_for_any_number_of_enterprises(
        cast, today, django_assert_max_num_queries):
    from tests.factories import EnterpriseFactory

    for n in range(30):
        EnterpriseFactory(name=f"剑斗镇测试企业{n}", region=cast.town_b)
    with django_assert_max_num_queries(6):
        found = duties_behind(cast.county_admin, day=today)
    assert found.checked == 32 and len(found.rows) == 32


def test_a_jurisdiction_too_wide_asks_for_a_region(cast, client, today):
    found = duties_behind(cast.county_admin, day=today, limit=1)
    assert found.too_many and found.rows == []
    assert duties_behind(cast.county_admin, day=today, limit=1,
                         region=cast.town_b.code).checked == 1


def test_the_page_summarises_and_pages(cast, client, today, monkeypatch):
    from anzhi.hazards import views

    monkeypatch.setattr(views, "DUTIES_PAGE", 1)
    client.force_login(cast.county_admin)
    page = client.get("/hazards/duties/").content.decode()
    assert "在营企业 2 家，滞后 2 家" in page and "演练滞后 2 家" in page
    assert page.count('data-testid="behind-row"') == 1 and "1 / 2" in page
    page = client.get("/hazards/duties/", {"region": cast.county.code}).content.decode()
    assert f'href="?region={cast.county.code}&page=2">下一页' in page


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
