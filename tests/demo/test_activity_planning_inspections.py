"""The demo's planning and inspection steps: a published plan, an executed 双随机 draw and a
township's two months of inspections, written through the services, shown on the pages,
written once."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anzhi.accounts.models import Certificate
from anzhi.core.models import AuditEvent
from anzhi.demo.activity import inspections, planning
from anzhi.demo.activity.cast import DemoCast
from anzhi.demo.loading import load_demo
from anzhi.hazards.models import Hazard
from anzhi.inspections.checklists import load_builtin, version_items
from anzhi.inspections.models import (
    Disposition,
    Finding,
    Inspection,
    Member,
    ReInspection,
    Signature,
)
from anzhi.planning.models import DrawSelection, EnforcementPlan, PlanItem, RandomDraw

# A Wednesday with no holiday near. The clock is frozen there in the afternoon: the services
# date records, deadlines and signatures by the clock, the steps by ``today``.
TODAY = date(2026, 11, 18)


@pytest.fixture
def township(db, monkeypatch):
    load_demo(enterprises=200, all_regions=False)
    load_builtin()  # a transactional test elsewhere may have flushed the migration's rows
    version_items.cache_clear()
    frozen = timezone.make_aware(datetime.combine(TODAY, time(15, 30)))
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    cast = DemoCast.load()
    written = (planning.load(cast, TODAY), inspections.load(cast, TODAY))
    yield cast, written
    version_items.cache_clear()


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (
        EnforcementPlan, PlanItem, RandomDraw, DrawSelection, Inspection, Member, Finding,
        Disposition, ReInspection, Signature, Hazard, Certificate, AuditEvent)}


def test_the_plan_is_published_and_the_draw_executed(township):
    cast, (plans, _) = township
    assert plans == 2
    plan = EnforcementPlan.objects.get(agency=cast.agencies["town_emergency"], year=2026)
    assert plan.status == "published"
    assert plan.items.filter(kind="random").count() == plan.random_pool_count > 0
    assert plan.items.exclude(kind="random").exists() and plan.planned_total > 0
    draw = RandomDraw.objects.get(plan=plan)
    assert draw.status == "executed" and draw.executed_by == cast.users["head1"]
    assert TODAY - timedelta(days=60) <= draw.draw_date < TODAY
    assert [w["by"] for w in draw.witness_entropy] == ["刘振华"]  # the township 纪委
    selections = list(DrawSelection.objects.filter(draw=draw))
    assert len(selections) == draw.count >= 1
    pool = set(plan.items.filter(kind="random").values_list("enterprise_id", flat=True))
    officers = {u.pk: u for u in cast.users.values()}
    for s in selections:
        assert s.enterprise_id in pool
        assert len(set(s.officer_ids)) == len(s.officer_ids) >= 2
        for officer in s.officer_ids:
            assert officers[officer].agency == cast.agencies["town_emergency"]
            assert any(c.is_valid_on(draw.draw_date) for c in officers[officer].certificates.all())


def test_inspections_in_every_status_with_findings_and_hazards(township):
    cast, (_, written) = township
    records = list(Inspection.objects.select_related("enterprise"))
    assert written == len(records) and 10 <= written <= 15
    statuses = {i.status for i in records}
    assert statuses == {"draft", "submitted", "signed"}
    start = timezone.make_aware(datetime.combine(TODAY - timedelta(days=62), time()))
    assert all(start <= i.started_at <= timezone.now() for i in records)
    visits = [i for i in records if i.mode != "review"]
    assert len({i.enterprise_id for i in visits}) == len(visits)  # each visited once
    town = {e.pk for e in cast.enterprises}
    assert all(i.enterprise_id in town for i in records)
    # Officers certified on the day, two at least, from the demo officers.
    for i in records:
        team = list(Member.objects.filter(inspection=i, kind="officer")
                    .select_related("certificate", "user"))
        assert len(team) >= 2
        day = timezone.localdate(i.started_at)
        assert all(m.certificate.is_valid_on(day) and m.user.is_demo for m in team)
    assert {i.created_by.username for i in records} >= {"officer1", "officer2", "zhifa1"}
    # Findings: realistic, some major, each submitted one followed up in the hazard ledger.
    texts = " ".join(Finding.objects.values_list("description", flat=True))
    for words in ("静电接地", "泄爆", "有限空间作业审批", "安全出口", "检验有效期"):
        assert words in texts
    assert Finding.objects.filter(is_major=True).exists()
    followed = Disposition.objects.filter(finding__inspection__status__in=["submitted",
                                                                           "signed"])
    assert followed.count() >= 10
    assert Hazard.objects.filter(source_type="inspections.finding").count() == followed.count()
    assert set(Hazard.objects.values_list("status", flat=True)) >= {"pending", "closed"}
    scheduled = ReInspection.objects.filter(status="scheduled")
    assert scheduled.exists() and all(r.due_on >= TODAY for r in scheduled)
    assert not Disposition.objects.filter(finding__inspection__status="draft").exists()
    # Signed records have numbers and both sides' signatures.
    for i in (r for r in records if r.status == "signed"):
        assert i.number.startswith("湖上乡应急办检记〔2026〕")
        assert Signature.objects.filter(inspection=i, kind="enterprise").exists()


def test_the_drawn_enterprises_are_inspected_as_drawn(township):
    draw = RandomDraw.objects.get()
    linked = list(Inspection.objects.filter(draw_id=draw.pk))
    assert linked and all(i.mode == "random" and i.plan_id == draw.plan_id for i in linked)
    drawn = dict(DrawSelection.objects.filter(draw=draw).values_list("enterprise_id",
                                                                     "officer_ids"))
    for i in linked:
        assert i.enterprise_id in drawn
        assert timezone.localdate(i.started_at) >= draw.draw_date
    planned = Inspection.objects.filter(mode="planned")
    assert all(PlanItem.objects.filter(plan_id=i.plan_id, enterprise=i.enterprise)
               .exclude(kind="random").exists() for i in planned)


def test_the_pages_show_them(township, client):
    cast, _ = township
    client.force_login(cast.users["officer1"])
    page = client.get(reverse("planning:index")).content.decode()
    draw = RandomDraw.objects.get()
    assert draw.title in page and "2026" in page
    page = client.get(reverse("planning:draw", args=[draw.pk])).content.decode()
    first = DrawSelection.objects.filter(draw=draw).select_related("enterprise").first()
    assert first.enterprise.name in page
    page = client.get(reverse("inspections:list")).content.decode()
    for i in Inspection.objects.select_related("enterprise")[:10]:
        assert i.enterprise.name in page
    signed = Inspection.objects.filter(status="signed").first()
    page = client.get(reverse("inspections:detail", args=[signed.pk])).content.decode()
    assert signed.number in page


def test_a_second_run_writes_nothing(township):
    cast, _ = township
    before = counts()
    assert planning.load(cast, TODAY) == 0
    assert inspections.load(cast, TODAY) == 0
    assert counts() == before


def test_a_review_closed_the_hazard_its_deadline_registered(township, client):
    from anzhi.hazards.models import Review

    cast, _ = township
    [review] = Inspection.objects.filter(mode="review")
    assert review.status == "signed" and review.review_of.status == "done"
    scheduled = review.review_of
    assert scheduled.result == "复查合格，隐患已销号"
    hazard = Hazard.objects.get(pk=scheduled.disposition.followup_id)
    assert hazard.status == "closed"
    verdict = Review.objects.get(hazard=hazard)
    assert verdict.passed and verdict.on_site
    assert verdict.document_number.startswith("湖上乡应急办复查〔2026〕")
    source_day = timezone.localdate(scheduled.source.started_at)
    assert source_day < verdict.reviewed_on < TODAY
    assert hazard.rectifications.count() == 1
    # The source record's other deadlines are still to be re-checked.
    assert scheduled.source.reinspections.filter(status="scheduled").exists()
    client.force_login(cast.users["officer1"])
    page = client.get(reverse("inspections:detail", args=[review.pk])).content.decode()
    assert "复查合格，隐患已销号" in page
