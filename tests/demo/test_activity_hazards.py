"""The demo's hazards step: every stage of the loop, believable dates, the showcase
enterprise's portal, the officers' pages — and nothing written twice."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anzhi.demo.activity import hazards
from anzhi.demo.activity.cast import DemoCast
from anzhi.demo.loading import load_demo
from anzhi.hazards.choices import Level, Source, Status
from anzhi.hazards.models import (
    DutyRecord,
    Hazard,
    HazardFile,
    HazardTransition,
    Listing,
    ListingExtension,
    Rectification,
    RectificationPlan,
    Reminder,
    Review,
)
from anzhi.hazards.selectors import duty_status
from anzhi.hazards.services import hazard_create, plan_missing


@pytest.fixture
def cast(db):
    load_demo(enterprises=200, all_regions=False)
    return DemoCast.load()


@pytest.fixture
def today():
    # Not the clock's day: the step must date everything by the day it is given.
    return timezone.localdate() - timedelta(days=10)


@pytest.fixture
def loaded(cast, today):
    # A hazard the inspections step might have registered: neither counted nor a reason to
    # skip the step.
    hazard_create(actor=cast.officer(), enterprise=cast.enterprises[-1], data={
        "criterion": "检查表第3项", "description": "检查发现：灭火器压力不足",
        "rectify_due": timezone.localdate() + timedelta(days=5)})
    started = time.monotonic()
    written = hazards.load(cast, today)
    return written, time.monotonic() - started


def mine():
    return Hazard.objects.filter(source_type=hazards.MARKER)


def counts():
    return {m.__name__: m.objects.count() for m in (
        Hazard, HazardTransition, RectificationPlan, Rectification, HazardFile, Review,
        Listing, ListingExtension, Reminder, DutyRecord)}


def test_every_stage_and_level_once_and_quickly(loaded, today):
    written, seconds = loaded
    assert written == mine().count()
    assert 25 <= written <= 40
    assert Hazard.objects.count() == written + 1
    assert seconds < 5
    assert set(mine().values_list("status", flat=True)) == set(Status.values)
    assert set(mine().values_list("level", flat=True)) == set(Level.values)
    sources = set(mine().values_list("source", flat=True))
    assert {Source.INSPECTION, Source.COMPLAINT, Source.SELF_REPORT} <= sources
    assert not mine().filter(found_on__gt=today).exists()
    # Closed ones were closed on the day of their passed review, before today.
    for h in mine().filter(status=Status.CLOSED):
        assert h.closed_on == h.reviews.get(passed=True).reviewed_on <= today

    # Overdue ones flagged by the sweep (从重) with their reminder; due-soon ones reminded.
    overdue = mine().filter(rectify_due__lt=today).exclude(status=Status.CLOSED)
    assert overdue.exists()
    for h in overdue:
        assert h.overdue_flagged and h.flag_overdue and h.overdue_flagged_on <= today
        assert Reminder.objects.filter(hazard=h, kind="overdue").exists()
    soon = mine().filter(rectify_due__gte=today, rectify_due__lte=today + timedelta(days=3))
    assert soon.exclude(status=Status.CLOSED).exists()
    assert Reminder.objects.filter(kind="due_soon", created_on=today).exists()
    assert overdue.filter(level=Level.MAJOR).exists()

    # A failed review back to 整改中 with its reason; two failed: 从重; one reopened.
    failed = mine().filter(reviews__passed=False, status=Status.RECTIFYING).distinct()
    assert failed.exists()
    for h in failed:
        assert all(t.reason for t in h.transitions.filter(action="review_failed"))
    assert mine().filter(flag_failed_reviews=True, failed_reviews=2).exists()
    reopened = mine().get(reopened_count=1)
    assert reopened.status == Status.PENDING and reopened.closed_on is None
    assert reopened.transitions.filter(action="close").exists()
    assert reopened.transitions.get(action="reopen").reason
    assert mine().filter(flag_concealed=True).exists()


def test_major_hazards_have_complete_plans_and_listings(loaded, cast, today):
    majors = list(mine().filter(level=Level.MAJOR))
    assert len(majors) >= 4
    for h in majors:
        assert plan_missing(h, h.current_plan()) == [], h.description
    township = Listing.objects.get(hazard__in=majors, level="township", is_active=True)
    ext = ListingExtension.objects.get(listing=township)
    assert ext.reason and ext.approved_by.username == "head1"
    assert township.due == ext.to_due > ext.from_due == township.deadline
    assert township.hazard.rectify_due == ext.to_due > today
    assert township.hazard.current_plan().deadline == ext.to_due
    if cast.in_sector("non_coal_mine"):  # the county's listing is of a quarry
        county = Listing.objects.get(hazard__in=majors, level="county")
        assert county.agency.name == "安溪县应急管理局" and county.hazard.listed
        assert county.listed_by.username == "county1"  # the bureau's own officer
    # A major hazard closed only on site, by two officers.
    closed = [h for h in majors if h.status == Status.CLOSED]
    assert closed
    for h in closed:
        review = h.reviews.get(passed=True)
        assert review.on_site and review.officers.count() == 2 and review.document_number


def test_showcase_enterprise_and_its_portal(loaded, cast, client, today):
    own = mine().filter(enterprise=cast.showcase)
    open_ = own.exclude(status=Status.CLOSED)
    assert open_.filter(rectify_due__isnull=False).exists()
    assert own.filter(source=Source.SELF_REPORT, created_by__username="enterprise1").exists()
    rect = Rectification.objects.get(hazard__in=own.filter(status=Status.AWAITING_REVIEW),
                                     submitted_by__username="enterprise1")
    after = rect.files.get(kind="after")
    assert after.content_type == "image/png"
    with after.file.open("rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    statuses = duty_status(cast.showcase, today)
    assert statuses and not any(s.behind for s in statuses)
    client.force_login(cast.users["enterprise1"])
    page = client.get(reverse("hazards:portal")).content.decode()
    assert page.count('data-testid="open-hazard"') == open_.count()
    for h in open_:
        assert h.description[:20] in page
    assert "滞后" not in page

    # The officer's ledger, 动态清零, 挂牌督办 and 企业自查履职 pages.
    client.force_login(cast.officer())
    ledger = client.get(reverse("hazards:list")).content.decode()
    total = int(re.search(r"共 (\d+) 项", ledger).group(1))
    assert total >= mine().count()
    clearance = client.get(reverse("hazards:clearance")).content.decode()
    assert int(re.search(r'data-testid="open-major">(\d+)<', clearance).group(1)) > 0
    supervised = client.get(reverse("hazards:supervised")).content.decode()
    for listing in Listing.objects.filter(is_active=True):
        assert listing.hazard.enterprise.name in supervised
    duties = client.get(reverse("hazards:duties")).content.decode()
    assert 'data-testid="behind-row"' in duties
    assert cast.showcase.name not in duties


def test_a_second_run_writes_nothing(loaded, cast, today):
    before = counts()
    assert hazards.load(cast, today) == 0
    assert hazards.load(DemoCast.load(), today + timedelta(days=1)) == 0
    assert counts() == before
