"""Dispositions create their follow-ups through anzhi.core.followups.dispatch; every deadline
schedules a 复查; 责令暂时停产停业 changes the enterprise's status with the order's number."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anzhi.core import followups
from anzhi.core.errors import ValidationFailed
from anzhi.core.models import IssuedDocument
from anzhi.inspections.models import Disposition, ReInspection
from anzhi.inspections.services import answer_save, inspection_create, inspection_submit
from anzhi.registry.models import StatusChange


def in_days(n):
    return (timezone.localdate() + timedelta(days=n)).isoformat()


ALL_KINDS = [
    {"kind": followups.ON_SITE_RECTIFIED},
    {"kind": followups.RECTIFY_BY_DEADLINE, "deadline": in_days(10)},
    {"kind": followups.EMERGENCY_MEASURES, "deadline": in_days(3)},
    {"kind": followups.TRANSFER, "note": "湖上市场监管所", "deadline": in_days(15)},
    {"kind": followups.SIMPLE_PENALTY},
    {"kind": followups.FILE_CASE},
    {"kind": followups.OTHER, "note": "约谈主要负责人"},
]


def test_each_disposition_dispatches_its_follow_up(cast, record, items, received):
    inspection = inspection_create(actor=cast.officer_a, data=record(findings=[{
        "description": "有限空间作业未审批，未先通风检测", "item": items[19].pk, "is_major": True,
        "raised_by": cast.officer_a2.pk, "dispositions": ALL_KINDS}]))
    assert [r.kind for r in received] == [d["kind"] for d in ALL_KINDS]
    first = received[1]
    finding = inspection.findings.get()
    assert (first.enterprise, first.agency, first.actor) == (
        cast.enterprise_a, cast.agency_a, cast.officer_a)
    assert first.source_type == "inspections.finding" and first.source_id == finding.pk
    assert first.is_major is True and first.statute_entry == "AQSCF-101-3"
    assert first.deadline.isoformat() == in_days(10)
    stored = Disposition.objects.filter(finding=finding).order_by("id")
    assert [d.followup_label for d in stored] == [f"后续记录{n}" for n in range(1, 8)]
    assert stored[0].followup_type == "fake.record" and stored[0].followup_url == "/fake/1"


def test_follow_ups_are_dated_the_day_of_the_inspection_not_of_its_submission(
        cast, record, received):
    two_days_ago = timezone.now() - timedelta(days=2)
    inspection_create(actor=cast.officer_a, data=record(started_at=two_days_ago.isoformat()))
    assert received[0].extra["found_on"] == timezone.localtime(two_days_ago).date()


def test_a_transfer_names_its_receiving_department(cast, record, received):
    finding = {"description": "无证经营液化气", "dispositions": [{"kind": followups.TRANSFER}]}
    with pytest.raises(ValidationFailed) as exc:
        inspection_create(actor=cast.officer_a, data=record(findings=[finding]))
    assert exc.value.errors["findings.0.dispositions.0.note"].startswith(
        "处置说明：移交其他部门须写明接收部门")
    assert exc.value.errors["findings.0.dispositions.0.deadline"].startswith(
        "期限：移交其他部门须约定回复期限")
    assert not received and not Disposition.objects.exists()
    finding["dispositions"][0].update(note="安溪县市场监督管理局", deadline=in_days(15))
    inspection = inspection_create(actor=cast.officer_a, data=record(findings=[finding]))
    assert received[0].extra["counterpart"] == "安溪县市场监督管理局"
    assert received[0].deadline.isoformat() == in_days(15)
    assert not ReInspection.objects.filter(source=inspection).exists()  # a reply, no 复查


def test_a_transfer_opens_the_referral_in_the_cases_app(cast, record):
    from anzhi.cases import handlers
    from anzhi.cases.models import Referral

    followups.register(followups.TRANSFER, handlers.transfer)
    inspection_create(actor=cast.officer_a, data=record(findings=[{
        "description": "无证经营液化气", "dispositions": [
            {"kind": followups.TRANSFER, "note": "安溪县市场监督管理局",
             "deadline": in_days(15)}]}]))
    referral = Referral.objects.get()
    assert (referral.counterpart, referral.enterprise) == ("安溪县市场监督管理局",
                                                          cast.enterprise_a)
    d = Disposition.objects.get()
    assert d.followup_type == "cases.referral" and d.followup_id == referral.pk


def test_a_reinspection_is_scheduled_for_every_deadline(cast, record, received):
    inspection = inspection_create(actor=cast.officer_a, data=record(findings=[
        {"description": "问题一", "dispositions": ALL_KINDS},
        {"description": "问题二", "dispositions": [
            {"kind": followups.RECTIFY_BY_DEADLINE, "deadline": in_days(30)}]},
    ]))
    due = sorted(r.due_on.isoformat() for r in ReInspection.objects.filter(source=inspection))
    assert due == sorted([in_days(10), in_days(3), in_days(30)])
    assert all(r.status == "scheduled" and r.agency == cast.agency_a
               for r in ReInspection.objects.all())


def test_suspension_changes_the_enterprise_status_with_the_order_number(cast, record, received):
    inspection = inspection_create(actor=cast.officer_a, data=record(findings=[{
        "description": "粉尘涉爆场所除尘系统未采取任何防爆措施", "is_major": True,
        "dispositions": [{"kind": followups.SUSPEND, "deadline": in_days(30)}]}]))
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.status == "suspended"
    change = StatusChange.objects.get(enterprise=cast.enterprise_a)
    d = Disposition.objects.get(finding__inspection=inspection)
    assert change.order_number == d.order_number
    assert d.order_number == f"湖上乡应急办现决〔{timezone.localdate().year}〕1号"
    assert IssuedDocument.objects.get(kind="onsite-measure").number == d.order_number
    assert received[0].kind == followups.SUSPEND
    assert received[0].extra["order_number"] == d.order_number


def test_without_a_handler_the_disposition_is_kept_without_follow_up(cast, record):
    inspection = inspection_create(actor=cast.officer_a, data=record())
    d = Disposition.objects.get(finding__inspection=inspection)
    assert d.followup_type == "" and d.followup_id is None
    assert ReInspection.objects.filter(disposition=d).exists()


def test_a_draft_dispatches_only_when_submitted(cast, record, items, received):
    data = record()
    draft = inspection_create(actor=cast.officer_a, data=record(answers=[]), submit=False)
    assert received == []
    for a in data["answers"]:
        answer_save(actor=cast.officer_a, inspection=draft, item_id=a["item"],
                    result=a["result"])
    inspection_submit(actor=cast.officer_a, inspection=draft)
    assert [r.kind for r in received] == [followups.RECTIFY_BY_DEADLINE]


def test_submitting_a_draft_whose_deadline_has_passed_is_refused(cast, record, received):
    draft = inspection_create(actor=cast.officer_a, data=record(), submit=False)
    Disposition.objects.filter(finding__inspection=draft).update(
        deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        inspection_submit(actor=cast.officer_a, inspection=draft)
    assert "整改期限：不能早于今天" in exc.value.errors["findings.0.dispositions.0.deadline"]
    draft.refresh_from_db()
    assert draft.status == "draft" and received == []
