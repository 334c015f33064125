"""The closed loop through the services, for both levels, and the follow-up handlers."""

from datetime import timedelta

import pytest

from anzhi.core import followups
from anzhi.core.errors import TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent, IssuedDocument
from anzhi.hazards.models import Hazard, HazardFile, HazardTransition, Review
from anzhi.hazards.services import (
    hazard_reopen,
    hazard_review,
    hazard_set_plan,
    hazard_start,
    hazard_submit_rectification,
)

from .conftest import full_plan, pdf, png


def moves(hazard):
    return list(HazardTransition.objects.filter(hazard=hazard)
                .values_list("from_status", "to_status"))


def test_general_hazard_goes_round_the_loop_to_closing(cast, make_hazard):
    hazard = make_hazard(photos=[png("found.png")])
    assert hazard.agency == cast.agency_a  # the enterprise's lead agency by default
    assert hazard.region_id == cast.village_a.code
    assert HazardFile.objects.filter(hazard=hazard, kind="finding").count() == 1

    rect = hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                       description="杂物已清理，出口畅通", money_spent="300",
                                       before=[png("before.png")], after=[pdf()])
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_review"
    assert rect.files.count() == 2
    # Started by the submission: both steps are recorded, in order.
    assert list(AuditEvent.objects.filter(object_type="hazards.hazard", object_id=str(hazard.pk))
                .order_by("id").values_list("action", flat=True)) == [
        "hazard.create", "hazard.start", "hazard.submit"]

    review = hazard_review(actor=cast.officer_a, hazard=hazard, passed=True, opinion="")
    hazard.refresh_from_db()
    assert hazard.status == "closed" and hazard.closed_on is not None
    assert review.document_number.startswith(f"{cast.agency_a.short_name or cast.agency_a.name}"
                                              "复查〔")
    assert IssuedDocument.objects.filter(number=review.document_number).exists()
    # 待整改 → 整改中 (started by the submission) → 待复查 → 已销号, each with who and why.
    assert moves(hazard) == [("", "pending"), ("pending", "rectifying"),
                             ("rectifying", "awaiting_review"), ("awaiting_review", "closed")]
    assert HazardTransition.objects.filter(hazard=hazard, actor=cast.enterprise_user_a,
                                           to_status="awaiting_review").exists()
    assert AuditEvent.objects.filter(object_id=str(hazard.pk), action="hazard.close").exists()


def test_major_hazard_loop_with_plan_failed_review_and_on_site_closing(cast, make_hazard):
    hazard = make_hazard("major")
    with pytest.raises(TransitionRefused, match="五落实"):
        hazard_start(actor=cast.enterprise_user_a, hazard=hazard)
    hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard, data=full_plan())
    hazard_start(actor=cast.enterprise_user_a, hazard=hazard)
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已迁至单层厂房", money_spent="118000",
                                after=[png()])

    # 复查不通过 returns it to 整改中 with the reason.
    hazard_review(actor=cast.officer_a, hazard=hazard, passed=False,
                  opinion="抑爆装置未安装", officer_ids=[cast.officer_a.pk, cast.officer_a2.pk])
    hazard.refresh_from_db()
    assert hazard.status == "rectifying" and hazard.failed_reviews == 1
    back = HazardTransition.objects.filter(hazard=hazard, action="review_failed").get()
    assert back.reason == "抑爆装置未安装" and back.actor == cast.officer_a

    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="抑爆装置已安装", after=[png()])
    # A major hazard: two certified officers, and on site.
    with pytest.raises(ValidationFailed) as exc:
        hazard_review(actor=cast.officer_a, hazard=hazard, passed=True, on_site=True,
                      officer_ids=[cast.officer_a.pk])
    assert "两名以上" in exc.value.errors["officers"]
    with pytest.raises(ValidationFailed) as exc:
        hazard_review(actor=cast.officer_a, hazard=hazard, passed=True, on_site=False,
                      officer_ids=[cast.officer_a.pk, cast.officer_a2.pk])
    assert "现场复查" in exc.value.errors["on_site"]
    assert Review.objects.filter(hazard=hazard).count() == 1  # the refused ones wrote nothing

    hazard_review(actor=cast.officer_a, hazard=hazard, passed=True, on_site=True,
                  officer_ids=[cast.officer_a.pk, cast.officer_a2.pk])
    hazard.refresh_from_db()
    assert hazard.status == "closed"
    assert [t for _, t in moves(hazard)] == ["pending", "rectifying", "awaiting_review",
                                             "rectifying", "awaiting_review", "closed"]


def test_uncertified_or_conflicted_officer_cannot_review(cast, make_hazard):
    from anzhi.accounts.models import Conflict

    hazard = make_hazard()
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已清理", after=[png()])
    with pytest.raises(ValidationFailed) as exc:
        hazard_review(actor=cast.head_a, hazard=hazard, passed=True,
                      officer_ids=[cast.auxiliary_a.pk])
    assert "执法证" in exc.value.errors["officers"]
    Conflict.objects.create(officer=cast.officer_a, enterprise=cast.enterprise_a, reason="亲属")
    with pytest.raises(ValidationFailed) as exc:
        hazard_review(actor=cast.officer_a, hazard=hazard, passed=True)
    assert "回避" in exc.value.errors["officers"]


def test_reopen_keeps_history(cast, make_hazard, today):
    hazard = make_hazard()
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已清理", after=[png()])
    hazard_review(actor=cast.officer_a, hazard=hazard, passed=True)
    hazard_reopen(actor=cast.officer_a, hazard=hazard, reason="回访发现出口再次堆放杂物",
                  rectify_due=today + timedelta(days=3))
    hazard.refresh_from_db()
    assert hazard.status == "pending" and hazard.closed_on is None
    assert hazard.reopened_count == 1
    assert hazard.reviews.count() == 1 and hazard.rectifications.count() == 1
    assert moves(hazard)[-1] == ("closed", "pending")
    with pytest.raises(TransitionRefused, match="已销号"):
        hazard_reopen(actor=cast.officer_a, hazard=hazard, reason="再次", rectify_due=today)


def _request(cast, kind, **over):
    values = {"kind": kind, "actor": cast.officer_a, "enterprise": cast.enterprise_a,
              "agency": cast.agency_a, "description": "配电箱前堆放茶叶包",
              "source_type": "inspections.finding", "source_id": 41,
              "source_label": "现场检查记录 湖上应急检〔2026〕3号",
              "legal_basis": "检查表第7项", "deadline": None}
    values.update(over)
    return followups.FollowupRequest(**values)


def test_finding_rectify_by_deadline_becomes_a_pending_hazard(cast, today):
    result = followups.dispatch(_request(cast, followups.RECTIFY_BY_DEADLINE,
                                         deadline=today + timedelta(days=7)))
    hazard = Hazard.objects.get(pk=result.object_id)
    assert result.object_type == "hazards.hazard" and result.url.endswith(f"/{hazard.pk}/")
    assert (hazard.status, hazard.source, hazard.source_type, hazard.source_id) == (
        "pending", "inspection", "inspections.finding", 41)
    assert hazard.source_label == "现场检查记录 湖上应急检〔2026〕3号"
    assert hazard.rectify_due == today + timedelta(days=7)


def test_a_finding_keeps_the_day_it_was_found(cast, today):
    found = today - timedelta(days=3)
    result = followups.dispatch(_request(cast, followups.RECTIFY_BY_DEADLINE,
                                         deadline=today + timedelta(days=7),
                                         extra={"found_on": found}))
    assert Hazard.objects.get(pk=result.object_id).found_on == found


def test_finding_rectified_on_site_is_created_and_closed_at_once(cast):
    result = followups.dispatch(_request(cast, followups.ON_SITE_RECTIFIED,
                                         extra={"rectification": "当场移走茶叶包"}))
    hazard = Hazard.objects.get(pk=result.object_id)
    assert hazard.status == "closed"
    assert hazard.rectifications.get().on_site is True
    assert hazard.rectifications.get().description == "当场移走茶叶包"
    assert moves(hazard) == [("", "pending"), ("pending", "closed")]


def test_major_finding_cannot_be_closed_on_site(cast):
    with pytest.raises(ValidationFailed) as exc:
        followups.dispatch(_request(cast, followups.ON_SITE_RECTIFIED, is_major=True))
    assert "重大事故隐患不能现场立即整改" in exc.value.errors["level"]
    assert not Hazard.objects.exists()


def test_emergency_measures_finding_records_the_measures_and_waits_for_a_plan(cast):
    result = followups.dispatch(_request(cast, followups.EMERGENCY_MEASURES, is_major=True,
                                         extra={"measures": "当场切断二楼打磨工位电源"}))
    hazard = Hazard.objects.get(pk=result.object_id)
    assert hazard.level == "major" and hazard.emergency_measures == "当场切断二楼打磨工位电源"
    assert hazard.rectify_due is None
    hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard, data=full_plan(days=20))
    hazard.refresh_from_db()
    assert hazard.rectify_due == full_plan(days=20)["deadline"]


def test_an_inspections_findings_are_registered_together_in_order(cast, today):
    """``dispatch_many`` gives the hazards' batch handler every request at once: results
    come back in request order, on-site ones closed with their review and history."""
    due = today + timedelta(days=7)
    requests = [
        _request(cast, followups.RECTIFY_BY_DEADLINE, deadline=due, source_id=1),
        _request(cast, followups.ON_SITE_RECTIFIED, source_id=2,
                 extra={"rectification": "当场清理"}),
        _request(cast, followups.OTHER, source_id=3),
        _request(cast, followups.EMERGENCY_MEASURES, is_major=True, source_id=4),
        _request(cast, followups.ON_SITE_RECTIFIED, source_id=5),
    ]
    results = followups.dispatch_many(requests)
    assert results[2] is None  # 其他: no app handles it
    hazards = [Hazard.objects.get(pk=r.object_id) for r in results if r is not None]
    assert [h.source_id for h in hazards] == [1, 2, 4, 5]
    assert [h.status for h in hazards] == ["pending", "closed", "pending", "closed"]
    assert [moves(h) for h in hazards] == [
        [("", "pending")], [("", "pending"), ("pending", "closed")],
        [("", "pending")], [("", "pending"), ("pending", "closed")]]
    closed = hazards[1]
    assert closed.closed_on == today
    review = closed.reviews.get()
    assert review.passed and review.on_site and list(review.officers.all()) == [cast.officer_a]
    assert closed.rectifications.get().description == "当场清理"
    assert sorted(AuditEvent.objects.filter(object_id=str(closed.pk),
                                            object_type="hazards.hazard")
                  .values_list("action", flat=True)) == [
        "hazard.close", "hazard.create", "hazard.on_site_rectified"]
    assert results[1].label == f"隐患台账 隐患{closed.pk}"  # no state to go stale


def test_one_bad_finding_in_a_batch_writes_no_hazard(cast, today):
    requests = [
        _request(cast, followups.RECTIFY_BY_DEADLINE, deadline=today + timedelta(days=7)),
        _request(cast, followups.ON_SITE_RECTIFIED, is_major=True),
    ]
    with pytest.raises(ValidationFailed) as exc:
        followups.dispatch_many(requests)
    assert "重大事故隐患不能现场立即整改" in exc.value.errors["level"]
    assert not Hazard.objects.exists() and not HazardTransition.objects.exists()
    assert not AuditEvent.objects.filter(object_type="hazards.hazard").exists()
