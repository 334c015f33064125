"""A 复查 inspection of a 责令限期整改 deadline reviews the ledger entry the deadline
registered, once its record is complete (every signature in): no finding passes the
review and closes the hazard under the inspection's 整改复查意见书; a finding fails it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anzhi.core import followups, numbering
from anzhi.core.models import IssuedDocument
from anzhi.hazards.models import Hazard, Review
from anzhi.hazards.services import hazard_submit_rectification
from anzhi.inspections.checklists import load_builtin, version_items
from anzhi.inspections.models import Checklist, ReInspection, SignatureChain
from anzhi.inspections.services import inspection_create
from anzhi.inspections.signing import inspection_sign

from .conftest import png

PW = "pw-anzhi-test"


@pytest.fixture(autouse=True)
def _checklists(db):
    version_items.cache_clear()
    load_builtin()
    SignatureChain.objects.get_or_create(pk=1)
    yield
    version_items.cache_clear()


@pytest.fixture
def record(cast):
    version = Checklist.objects.get(code="main-responsibility").current_version
    items = list(version_items(version.pk).values())

    def make(*, findings: bool = True, **over):
        data = {
            "enterprise": cast.enterprise_a.pk, "agencies": [cast.agency_a.pk],
            "mode": "planned", "officers": [cast.officer_a.pk, cast.officer_a2.pk],
            "started_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "checklist_version": version.pk,
            "answers": [{"item": i.pk, "note": "",
                         "result": "noncompliant" if findings and i.seq == 18 else "compliant"}
                        for i in items],
            "findings": [{
                "description": "动火作业未办理作业票，现场无监护人员", "item": items[17].pk,
                "is_major": False, "raised_by": cast.officer_a.pk,
                "dispositions": [{"kind": followups.RECTIFY_BY_DEADLINE,
                                  "deadline": (timezone.localdate() + timedelta(days=15))
                                  .isoformat()}]}] if findings else [],
        }
        data.update(over)
        return data

    return make


def _complete(cast, inspection):
    """Both officers sign and the enterprise signs for receipt."""
    inspection_sign(actor=cast.officer_a, inspection=inspection, kind="officer", password=PW)
    inspection_sign(actor=cast.officer_a2, inspection=inspection, kind="officer", password=PW)
    inspection_sign(actor=cast.officer_a, inspection=inspection, kind="enterprise",
                    name="王厂长", statement="已收到")
    inspection.refresh_from_db()
    assert inspection.status == "signed"


@pytest.fixture
def ordered(cast, record):
    """An inspection that ordered a rectification: its hazard and its scheduled 复查."""
    source = inspection_create(actor=cast.officer_a, data=record())
    _complete(cast, source)
    scheduled = ReInspection.objects.get(source=source)
    hazard = Hazard.objects.get(pk=scheduled.disposition.followup_id)
    return hazard, scheduled


def _reported(cast, hazard):
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已办理动火作业票，落实现场监护", after=[png()])
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_review"


def test_a_clean_review_closes_the_hazard_under_the_inspections_opinion(cast, record,
                                                                         ordered):
    hazard, scheduled = ordered
    _reported(cast, hazard)
    review = inspection_create(actor=cast.officer_a, data=record(
        findings=False, mode="review", review_of=scheduled.pk))
    inspection_sign(actor=cast.officer_a, inspection=review, kind="officer", password=PW)
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_review"  # not before the record is complete
    _complete_rest(cast, review)
    hazard.refresh_from_db()
    scheduled.refresh_from_db()
    assert hazard.status == "closed"
    verdict = Review.objects.get(hazard=hazard)
    assert verdict.passed and verdict.on_site
    # the 整改复查意见书 the 复查 inspection issued, not a second one
    issued = numbering.find(numbering.REVIEW_OPINION[0], review)
    assert verdict.document_number == issued.number
    assert IssuedDocument.objects.filter(kind=numbering.REVIEW_OPINION[0]).count() == 1
    assert sorted(verdict.officers.values_list("pk", flat=True)) == sorted(
        [cast.officer_a.pk, cast.officer_a2.pk])
    assert scheduled.status == "done" and scheduled.result == "复查合格，隐患已销号"


def _complete_rest(cast, inspection):
    inspection_sign(actor=cast.officer_a2, inspection=inspection, kind="officer", password=PW)
    inspection_sign(actor=cast.officer_a, inspection=inspection, kind="enterprise",
                    name="王厂长", statement="已收到")


def test_a_review_that_finds_it_still_wrong_sends_the_hazard_back(cast, record, ordered):
    hazard, scheduled = ordered
    _reported(cast, hazard)
    review = inspection_create(actor=cast.officer_a, data=record(
        mode="review", review_of=scheduled.pk))
    _complete(cast, review)
    hazard.refresh_from_db()
    scheduled.refresh_from_db()
    assert (hazard.status, hazard.failed_reviews) == ("rectifying", 1)
    verdict = Review.objects.get(hazard=hazard)
    assert not verdict.passed and "仍未整改到位" in verdict.opinion
    assert "动火作业未办理作业票" in verdict.opinion
    assert scheduled.result == "复查不合格，隐患退回整改"


def test_before_the_enterprise_reports_the_ledger_is_left_and_says_why(cast, record, ordered,
                                                                        client):
    hazard, scheduled = ordered
    before = hazard.status
    review = inspection_create(actor=cast.officer_a, data=record(
        findings=False, mode="review", review_of=scheduled.pk))
    _complete(cast, review)
    hazard.refresh_from_db()
    scheduled.refresh_from_db()
    assert hazard.status == before and not Review.objects.filter(hazard=hazard).exists()
    assert scheduled.result.startswith("隐患台账未更新")
    assert "须企业报告整改情况" in scheduled.result
    client.force_login(cast.officer_a)
    page = client.get(f"/inspections/{review.pk}/").content.decode()
    assert "隐患台账未更新" in page


def test_a_closed_hazard_is_left_closed(cast, record, ordered):
    from anzhi.hazards.services import hazard_review

    hazard, scheduled = ordered
    _reported(cast, hazard)
    hazard_review(actor=cast.officer_a, hazard=hazard, passed=True,
                  officer_ids=[cast.officer_a.pk, cast.officer_a2.pk])
    review = inspection_create(actor=cast.officer_a, data=record(
        mode="review", review_of=scheduled.pk))
    _complete(cast, review)
    scheduled.refresh_from_db()
    assert Hazard.objects.get(pk=hazard.pk).status == "closed"
    assert Review.objects.filter(hazard=hazard).count() == 1
    assert scheduled.result == "隐患此前已销号，台账未变"


def test_each_record_links_the_other(cast, record, ordered, client):
    hazard, scheduled = ordered
    _reported(cast, hazard)
    review = inspection_create(actor=cast.officer_a, data=record(
        findings=False, mode="review", review_of=scheduled.pk))
    _complete(cast, review)
    client.force_login(cast.officer_a)
    source_page = client.get(f"/inspections/{scheduled.source_id}/").content.decode()
    assert f'href="/inspections/{review.pk}/"' in source_page
    assert "复查合格，隐患已销号" in source_page
    # The disposition's link names the hazard without a state that would now be stale.
    assert f"隐患台账 隐患{hazard.pk}</a>" in source_page and "待整改）" not in source_page
    review_page = client.get(f"/inspections/{review.pk}/").content.decode()
    assert f'href="/inspections/{scheduled.source_id}/"' in review_page
