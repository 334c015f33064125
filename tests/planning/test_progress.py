"""Progress computed from recorded inspections: plan planned vs done, campaign targets."""

from datetime import datetime

import pytest
from django.utils import timezone

from anzhi.planning import services
from anzhi.planning.access import inspection_model
from anzhi.planning.selectors import campaign_progress, plan_stats

pytestmark = pytest.mark.django_db

Inspection = inspection_model()
needs_inspections = pytest.mark.skipif(Inspection is None, reason="inspections app absent")


def inspect(cast, enterprise, when, *, mode="planned", status="signed", campaign=None):
    return Inspection.objects.create(
        enterprise=enterprise, agency=cast.agency_a, mode=mode, status=status,
        started_at=timezone.make_aware(datetime(*when, 9, 0)), campaign=campaign,
        created_by=cast.officer_a)


@needs_inspections
def test_plan_done_by_month_key_coverage_and_random_ratio(cast, town_a, sectors):
    key = town_a["enterprises"][1]
    key.sectors.add(sectors["hazchem"])
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    random_unit = town_a["enterprises"][2]
    inspect(cast, key, (2026, 3, 5))
    inspect(cast, key, (2026, 3, 20))
    inspect(cast, random_unit, (2026, 5, 6), mode="random")
    inspect(cast, town_a["enterprises"][3], (2026, 5, 7), mode="planned")  # not 双随机
    inspect(cast, town_a["enterprises"][4], (2026, 6, 1), status="draft")  # not recorded
    inspect(cast, key, (2025, 12, 1))  # another year
    inspect(cast, cast.enterprise_b, (2026, 3, 1))  # not in the plan
    stats = plan_stats(plan)
    done = {m["month"]: m["done"] for m in stats["months"]}
    assert done[3] == 2 and done[5] == 2 and done[6] == 0 and stats["done_total"] == 4
    assert (stats["key_done"], stats["key_count"], stats["key_coverage"]) == (1, 1, 1.0)
    assert stats["random_done"] == 1 and stats["random_pool"] == 40
    assert stats["random_ratio_done"] == 0.025


@needs_inspections
def test_campaign_progress_against_targets(cast, town_a):
    campaign = services.campaign_create(actor=cast.county_admin, data={
        "title": "有限空间作业专项检查", "issuing_agency": cast.county_office.pk,
        "starts_on": "2026-04-01", "ends_on": "2026-06-30",
        "targets": [{"metric": "inspections", "target": 4},
                    {"metric": "enterprises", "label": "检查企业", "target": 2},
                    {"metric": "findings", "target": 10}]})
    a, b = town_a["enterprises"][:2]
    inspect(cast, a, (2026, 4, 2), campaign=campaign)
    inspect(cast, a, (2026, 5, 2), campaign=campaign)
    inspect(cast, b, (2026, 5, 3), campaign=campaign)
    inspect(cast, b, (2026, 5, 4), campaign=campaign, status="draft")
    inspect(cast, b, (2026, 5, 5))  # not tagged
    progress = {t["metric"]: (t["actual"], t["percent"])
                for t in campaign_progress(campaign)["targets"]}
    assert progress["inspections"] == (3, 75)
    assert progress["enterprises"] == (2, 100)
    assert progress["findings"] == (0, 0)


def test_campaign_bad_input_writes_nothing(cast):
    from anzhi.core.errors import ValidationFailed
    from anzhi.planning.models import Campaign

    with pytest.raises(ValidationFailed) as exc:
        services.campaign_create(actor=cast.county_admin, data={
            "title": "", "issuing_agency": cast.county_office.pk,
            "starts_on": "2026-04-01", "ends_on": "2026-03-01", "reporting_day": 31,
            "phases": [{"name": "集中推进", "starts_on": "2026-05-01", "ends_on": "2026-04-01"}],
            "targets": [{"metric": "speed", "target": 0}]})
    errors = exc.value.errors
    assert errors["title"] == "行动名称：不能为空"
    assert "不能早于开始日期" in errors["ends_on"]
    assert "1–28" in errors["reporting_day"]
    assert "起止日期不正确" in errors["phases.1.starts_on"]
    assert "目标指标" in errors["targets.1.metric"] and "正整数" in errors["targets.1.target"]
    assert not Campaign.objects.exists()
