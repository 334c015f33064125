"""挂牌督办: listing, extension with reason and approver, the leaders' view until closed."""

from datetime import timedelta

import pytest

from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.hazards.models import ListingExtension
from anzhi.hazards.selectors import supervised
from anzhi.hazards.services import (
    hazard_list_for_supervision,
    hazard_review,
    hazard_set_plan,
    hazard_submit_rectification,
    listing_extend,
)

from .conftest import full_plan, png


def list_it(cast, hazard, today, level="township", actor=None):
    return hazard_list_for_supervision(actor=actor or cast.head_a, hazard=hazard, level=level,
                                       document_number="湖上安委督〔2026〕1号",
                                       deadline=today + timedelta(days=30),
                                       agency=cast.agency_a)


def test_listing_extension_and_lifting_on_close(cast, make_hazard, today):
    hazard = make_hazard("major")
    listing = list_it(cast, hazard, today)
    hazard.refresh_from_db()
    assert hazard.listed and hazard.rectify_due == today + timedelta(days=30)
    assert list(supervised(cast.leader)) == [hazard]

    with pytest.raises(TransitionRefused, match="已在挂牌督办中"):
        list_it(cast, hazard, today)
    with pytest.raises(NotAllowed, match="机构负责人或安委办"):
        listing_extend(actor=cast.officer_a, listing=listing, to_due=today + timedelta(days=60),
                       reason="设备到货延迟")
    with pytest.raises(ValidationFailed) as exc:
        listing_extend(actor=cast.head_a, listing=listing, to_due=today + timedelta(days=10),
                       reason="设备到货延迟")
    assert "应晚于现督办期限" in exc.value.errors["to_due"]

    ext = listing_extend(actor=cast.head_a, listing=listing, to_due=today + timedelta(days=60),
                         reason="抑爆设备到货延迟")
    assert (ext.from_due, ext.to_due, ext.approved_by) == (
        today + timedelta(days=30), today + timedelta(days=60), cast.head_a)
    hazard.refresh_from_db()
    listing.refresh_from_db()
    assert hazard.rectify_due == listing.due == today + timedelta(days=60)
    assert listing.deadline == today + timedelta(days=30)  # the original stays on record

    hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard, data=full_plan(days=50))
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已整改", after=[png()])
    hazard_review(actor=cast.officer_a, hazard=hazard, passed=True, on_site=True,
                  officer_ids=[cast.officer_a.pk, cast.officer_a2.pk])
    listing.refresh_from_db()
    assert not listing.is_active and listing.lifted_on == today
    assert list(supervised(cast.leader)) == []
    assert ListingExtension.objects.filter(listing=listing).count() == 1


def test_only_major_hazards_are_listed(cast, make_hazard, today):
    with pytest.raises(TransitionRefused, match="只有重大事故隐患"):
        list_it(cast, make_hazard(), today)


def test_township_cannot_list_at_county_level_but_the_county_can(cast, make_hazard, today):
    hazard = make_hazard("major")
    with pytest.raises(ValidationFailed) as exc:
        list_it(cast, hazard, today, level="county")
    assert "县级机构" in exc.value.errors["level"]
    listing = list_it(cast, hazard, today, level="county", actor=cast.county_admin)
    assert listing.get_level_display() == "县级挂牌督办"
