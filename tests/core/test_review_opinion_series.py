"""整改复查意见书 is one numbered series per agency and year, whoever issues it (a hazard's
review or a 复查 inspection), and migration hazards.0007 joined the two old counters."""

import importlib

import pytest
from django.apps import apps
from django.db import transaction

from anzhi.core import numbering
from anzhi.core.models import DocumentCounter, IssuedDocument

pytestmark = pytest.mark.django_db

merge = importlib.import_module("anzhi.hazards.migrations.0007_review_opinion_series").merge


def test_both_issuers_count_in_one_series(cast):
    kind, abbreviation = numbering.REVIEW_OPINION
    with transaction.atomic():
        first = numbering.issue(agency=cast.agency_a, kind=kind, abbreviation=abbreviation,
                                year=2026, obj=cast.enterprise_a, actor=cast.officer_a)
        second = numbering.issue(agency=cast.agency_a, kind=kind, abbreviation=abbreviation,
                                 year=2026, obj=cast.enterprise_b, actor=cast.officer_a)
    assert (first.seq, second.seq) == (1, 2) and first.number != second.number


def test_the_migration_continues_from_the_higher_counter(cast):
    DocumentCounter.objects.create(agency=cast.agency_a, kind="hazard_review", year=2026,
                                   last=3)
    DocumentCounter.objects.create(agency=cast.agency_a, kind="review-opinion", year=2026,
                                   last=1)
    DocumentCounter.objects.create(agency=cast.agency_b, kind="hazard_review", year=2026,
                                   last=2)
    for seq in (1, 2, 3):
        IssuedDocument.objects.create(agency=cast.agency_a, kind="hazard_review", year=2026,
                                      seq=seq, number=f"湖上复查〔2026〕{seq}号",
                                      object_type="hazards.review", object_id=str(seq),
                                      issued_by=cast.officer_a)
    merge(apps, None)
    counters = dict(DocumentCounter.objects.filter(year=2026).values_list(
        "agency_id", "last").filter(kind="review-opinion"))
    assert counters == {cast.agency_a.pk: 3, cast.agency_b.pk: 2}
    assert not DocumentCounter.objects.filter(kind="hazard_review").exists()
    assert set(IssuedDocument.objects.values_list("kind", flat=True)) == {"review-opinion"}
    with transaction.atomic():
        following = numbering.issue(
            agency=cast.agency_a, kind="review-opinion", abbreviation="复查", year=2026,
            obj=cast.enterprise_a, actor=cast.officer_a)
    assert following.seq == 4
