"""年度执法计划: generated from the registry by the agency's rules."""

import pytest

from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.planning import services
from anzhi.planning.choices import PlanItemKind, PlanStatus
from anzhi.planning.models import EnforcementPlan, PlanItem
from anzhi.planning.selectors import plan_stats, planned_by_month
from anzhi.registry.choices import EnterpriseStatus
from tests.factories import EnterpriseFactory

from .conftest import make_enterprises

pytestmark = pytest.mark.django_db


def item(plan, enterprise):
    return PlanItem.objects.get(plan=plan, enterprise=enterprise)


@pytest.fixture
def registry(cast, sectors):
    a = cast.agency_a
    r = cast.village_a
    units = {
        "A": EnterpriseFactory(region=r, lead=a, risk_grade="A"),
        "B": EnterpriseFactory(region=r, lead=a, risk_grade="B"),
        "C": EnterpriseFactory(region=r, lead=a, risk_grade="C"),
        "D": EnterpriseFactory(region=r, lead=a, risk_grade="D"),
        "mine_D": EnterpriseFactory(region=r, lead=a, risk_grade="D"),
        "hazchem_C": EnterpriseFactory(region=r, lead=a, risk_grade="C"),
        "fireworks_A": EnterpriseFactory(region=r, lead=a, risk_grade="A"),
        "site_C": EnterpriseFactory(region=r, lead=a, risk_grade="C"),
        "mhs_D": EnterpriseFactory(region=r, lead=a, risk_grade="D",
                                   has_major_hazard_source=True),
        "bus_C": EnterpriseFactory(region=r, lead=a, risk_grade="C",
                                   passenger_hazmat_transport=True),
        "closed_A": EnterpriseFactory(region=r, lead=a, risk_grade="A",
                                      status=EnterpriseStatus.CLOSED),
        "other_agency": EnterpriseFactory(region=r, lead=cast.agency_b, risk_grade="A"),
    }
    units["mine_D"].sectors.add(sectors["mine"])
    units["hazchem_C"].sectors.add(sectors["hazchem"])
    units["fireworks_A"].sectors.add(sectors["fireworks"])
    units["site_C"].sectors.add(sectors["construction"])
    make_enterprises(30, region=r, lead=a, grade="D")
    return units


# (unit, kind, visits per year, rule)
RULES = [
    ("A", PlanItemKind.GRADE, 4, "A级按频次每年 4 次"),
    ("B", PlanItemKind.GRADE, 2, "B级按频次每年 2 次"),
    ("C", PlanItemKind.RANDOM, 0, "C级频次 0：纳入双随机名录库"),
    ("D", PlanItemKind.RANDOM, 0, "D级频次 0：纳入双随机名录库"),
    ("mine_D", PlanItemKind.KEY, 1, "非煤矿山全覆盖，至少 1 次"),
    ("hazchem_C", PlanItemKind.KEY, 1, "危险化学品全覆盖"),
    ("fireworks_A", PlanItemKind.KEY, 4, "烟花爆竹全覆盖，A级 4 次"),
    ("site_C", PlanItemKind.KEY, 1, "建筑施工全覆盖"),
    ("mhs_D", PlanItemKind.KEY, 1, "重大危险源全覆盖"),
    ("bus_C", PlanItemKind.KEY, 1, "两客一危全覆盖"),
]


@pytest.mark.parametrize("unit, kind, visits, rule", RULES)
def test_generation_rules(cast, registry, unit, kind, visits, rule):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    row = item(plan, registry[unit])
    assert (row.kind, row.planned_count) == (kind, visits), rule


def test_closed_units_and_other_agencies_units_are_not_planned(cast, registry):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    planned = set(PlanItem.objects.filter(plan=plan).values_list("enterprise_id", flat=True))
    assert registry["closed_A"].pk not in planned
    assert registry["other_agency"].pk not in planned
    assert cast.enterprise_a.pk in planned  # every unit the agency leads


def test_random_quota_is_at_least_five_percent(cast, registry):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    # random pool: C, D, the 30 D units and enterprise_a (C) = 33
    assert plan.random_pool_count == 33
    assert plan.random_quota == 2  # ceil(33 × 5%)
    assert plan.key_count == 6 and plan.grade_count == 2
    assert plan.planned_total == (4 + 1 + 1 + 1 + 1 + 1) + (4 + 2) + 2
    assert sum(planned_by_month(plan).values()) == plan.planned_total


def test_editing_rules_regenerates(cast, registry):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    services.plan_update_rules(actor=cast.head_a, plan=plan, rules={
        "frequency": {"A": 6, "B": 3, "C": 1, "D": 0}, "random_ratio": "0.2",
        "key_sectors": ["non_coal_mine"], "key_flags": []}, reason="提高频次")
    assert item(plan, registry["A"]).planned_count == 6
    assert item(plan, registry["C"]).kind == PlanItemKind.GRADE
    assert item(plan, registry["hazchem_C"]).kind == PlanItemKind.GRADE  # no longer key
    assert item(plan, registry["mhs_D"]).kind == PlanItemKind.RANDOM
    plan.refresh_from_db()
    assert plan.random_quota == 7  # ceil(32 × 20%)
    assert AuditEvent.objects.filter(action="plan.rules", object_id=str(plan.pk)).exists()


@pytest.mark.parametrize("rules, field, text", [
    ({"random_ratio": "0.04"}, "random_ratio", "不得低于 5%"),
    ({"random_ratio": "abc"}, "random_ratio", "小数"),
    ({"random_ratio": "1.2"}, "random_ratio", "不得超过 100%"),
    ({"frequency": {"A": -1}}, "frequency.A", "0–52"),
    ({"frequency": {"A": 53}}, "frequency.A", "0–52"),
    ({"frequency": {"E": 1}}, "frequency", "没有风险等级 E"),
    ({"key_sectors": ["moon_mining"]}, "key_sectors", "moon_mining"),
    ({"key_flags": ["is_big"]}, "key_flags", "is_big"),
])
def test_bad_rules_are_refused_and_nothing_written(cast, registry, rules, field, text):
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026, rules=rules)
    assert text in exc.value.errors[field]
    assert not EnforcementPlan.objects.exists() and not PlanItem.objects.exists()


def test_one_plan_per_agency_and_year(cast, registry):
    services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    assert "已有 2026 年度" in exc.value.errors["year"]


def test_committee_office_without_enforcement_power_cannot_plan(cast):
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create(actor=cast.county_admin, agency=cast.county_office, year=2026)
    assert "不具有执法权" in exc.value.errors["agency"]


def test_other_township_and_read_only_roles_cannot_plan(cast, registry):
    for actor in (cast.officer_b, cast.discipline, cast.auxiliary_a, cast.enterprise_user_a):
        with pytest.raises(NotAllowed):
            services.plan_create(actor=actor, agency=cast.agency_a, year=2026)
    assert not EnforcementPlan.objects.exists()


def test_publish_freezes_the_plan(cast, registry):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    services.plan_publish(actor=cast.head_a, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    with pytest.raises(TransitionRefused, match="已发布"):
        services.plan_generate(actor=cast.head_a, plan=plan)
    with pytest.raises(TransitionRefused, match="已发布"):
        services.plan_update_rules(actor=cast.head_a, plan=plan, rules={})
    with pytest.raises(TransitionRefused, match="已发布"):
        services.plan_publish(actor=cast.head_a, plan=plan)


def test_plan_draw_requires_the_plans_ratio(cast, registry, town_a):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    with pytest.raises(ValidationFailed) as exc:
        services.draw_create(actor=cast.officer_a, agency=cast.agency_a, title="计划抽查",
                             ratio="0.04", plan=plan)
    assert "不得低于 5%" in exc.value.errors["ratio"]
    draw = services.draw_create(actor=cast.officer_a, agency=cast.agency_a, title="计划抽查",
                                ratio="0.05", plan=plan)
    random_ids = set(PlanItem.objects.filter(plan=plan, kind=PlanItemKind.RANDOM)
                     .values_list("enterprise_id", flat=True))
    assert draw.pool_size == len(random_ids)


def test_stats_without_inspections(cast, registry):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    stats = plan_stats(plan)
    assert stats["key_count"] == 6
    assert stats["months"][-1]["cum_planned"] == plan.planned_total
    assert stats["random_ratio_required"] == 0.05


def test_generate_the_year_for_the_whole_jurisdiction(cast, registry):
    published = services.plan_create(actor=cast.officer_b, agency=cast.agency_b, year=2026)
    services.plan_publish(actor=cast.officer_b, plan=published)
    plans = services.plan_generate_year(actor=cast.county_admin, year=2026)
    assert [p.agency for p in plans] == [cast.agency_a]  # agency_b's is published: kept
    one = plans[0]
    assert item(one, registry["fireworks_A"]).planned_count == 4
    assert one.random_pool_count == 33
    # again: the draft is regenerated, not duplicated
    again = services.plan_generate_year(actor=cast.county_admin, year=2026)
    assert [p.pk for p in again] == [one.pk]
    assert EnforcementPlan.objects.filter(year=2026).count() == 2
    assert PlanItem.objects.filter(plan=one).count() == 41  # 10 units + 30 + enterprise_a
    with pytest.raises(NotAllowed):
        services.plan_generate_year(actor=cast.discipline, year=2026)
    with pytest.raises(ValidationFailed) as exc:
        services.plan_generate_year(actor=cast.county_admin, year=2026,
                                    rules={"random_ratio": "0.01"})
    assert "不得低于 5%" in exc.value.errors["random_ratio"]
