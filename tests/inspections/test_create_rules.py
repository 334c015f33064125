"""Creating a record: the team rules of 行政处罚法 Art 42–43, deadlines, findings; bad input
names the field in Chinese and writes nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from anzhi.accounts.models import Conflict
from anzhi.core import followups
from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.inspections.models import (
    Answer,
    Disposition,
    Finding,
    Inspection,
    Member,
    ReInspection,
)
from anzhi.inspections.services import inspection_create
from tests.factories import CertificateFactory, UserFactory


def counts():
    return tuple(m.objects.count() for m in (Inspection, Member, Answer, Finding, Disposition,
                                              ReInspection, AuditEvent))


def test_officer_records_a_complete_inspection(cast, record, items):
    inspection = inspection_create(actor=cast.officer_a, data=record())
    inspection.refresh_from_db()
    assert inspection.status == "submitted"
    assert inspection.agency == cast.agency_a
    assert inspection.answers.count() == 30
    officers = inspection.members.filter(kind="officer")
    assert {m.user for m in officers} == {cast.officer_a, cast.officer_a2}
    assert all(m.certificate_number for m in officers)
    assert inspection.members.get(kind="expert").name == "陈工"
    finding = inspection.findings.get()
    # Basis copied from the checklist item when the officer does not type it.
    assert finding.legal_basis == items[17].legal_basis
    assert finding.statute_entry == "AQSCF-101-3"
    assert AuditEvent.objects.filter(object_id=str(inspection.pk),
                                     action="inspection.submit").exists()


def expire(user):
    cert = user.certificates.get()
    # Two days back: the record starts an hour ago, which is yesterday just after midnight.
    cert.valid_until = timezone.localdate() - timedelta(days=2)
    cert.save()


def conflict(user, enterprise):
    Conflict.objects.create(officer=user, enterprise=enterprise, reason="亲属在该企业任职")


# Each row: what is wrong, how to make it wrong, the field, a fragment of the message.
BAD = [
    ("one officer only (行政处罚法 Art 42)",
     lambda c, r: r(officers=[c.officer_a.pk]), "officers", "至少需要2名"),
    ("no officers", lambda c, r: r(officers=[]), "officers", "至少需要2名"),
    ("an officer without any certificate",
     lambda c, r: r(officers=[c.officer_a.pk, c.auxiliary_a.pk]), "officers", "未持有执法证"),
    ("an expired certificate on the day",
     lambda c, r: (expire(c.officer_a2), r())[1], "officers", "执法证在检查当日"),
    ("an officer with a declared conflict (Art 43)",
     lambda c, r: (conflict(c.officer_a2, c.enterprise_a), r())[1], "officers", "应当回避"),
    ("an officer of an agency not on the inspection",
     lambda c, r: r(officers=[c.officer_a.pk, c.officer_b.pk]), "officers",
     "不属于参与检查的执法机构"),
    ("a deadline in the past",
     lambda c, r: r(findings=[{"description": "消防通道堵塞", "dispositions": [
         {"kind": followups.RECTIFY_BY_DEADLINE,
          "deadline": (date.today() - timedelta(days=1)).isoformat()}]}]),
     "findings.0.dispositions.0.deadline", "不能早于今天"),
    ("a rectification without a deadline",
     lambda c, r: r(findings=[{"description": "消防通道堵塞", "dispositions": [
         {"kind": followups.RECTIFY_BY_DEADLINE}]}]),
     "findings.0.dispositions.0.deadline", "必须规定期限"),
    ("a finding without description",
     lambda c, r: r(findings=[{"description": "  ", "dispositions": []}]),
     "findings.0.description", "问题描述：不能为空"),
    ("an unknown disposition kind",
     lambda c, r: r(findings=[{"description": "x", "dispositions": [{"kind": "warn"}]}]),
     "findings.0.dispositions.0.kind", "执法处置：应为"),
    ("an unknown statute entry",
     lambda c, r: r(findings=[{"description": "x", "statute_entry": "AQSCF-999"}]),
     "findings.0.statute_entry", "罚则目录中没有"),
    ("a finding raised by someone outside the team",
     lambda c, r: r(findings=[{"description": "x", "raised_by": c.officer_b.pk}]),
     "findings.0.raised_by", "应为本次检查组成员"),
    ("an unknown mode", lambda c, r: r(mode="surprise"), "mode", "检查方式：应为"),
    ("an enterprise of another township",
     lambda c, r: r(enterprise=c.enterprise_b.pk), "enterprise", "不在您的辖区内"),
    ("an unanswered item", lambda c, r: r(answers=r()["answers"][:-1]), "answers",
     "第30项尚未作答"),
    ("a bad answer value",
     lambda c, r: r(answers=[{**a, "result": "ok"} if n == 0 else a
                             for n, a in enumerate(r()["answers"])]),
     "answers.0.result", "应为符合、不符合或不适用"),
    ("end before start", lambda c, r: r(ended_at=(timezone.now() - timedelta(hours=2))
                                        .isoformat()), "ended_at", "不能早于开始时间"),
    ("latitude out of range", lambda c, r: r(latitude=123), "latitude", "纬度：应在"),
]


@pytest.mark.parametrize(("case", "make", "field", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_named_in_chinese_and_nothing_is_written(cast, record, case, make, field,
                                                             fragment):
    data = make(cast, record)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        inspection_create(actor=cast.officer_a, data=data)
    assert field in exc.value.errors, exc.value.errors
    assert fragment in exc.value.errors[field]
    assert counts() == before


def test_certificate_valid_on_the_inspection_day_counts_not_today(cast, record):
    # A certificate that lapsed yesterday is still good for an inspection held last week.
    expire(cast.officer_a2)
    last_week = (timezone.now() - timedelta(days=7)).isoformat()
    inspection = inspection_create(actor=cast.officer_a, data=record(started_at=last_week))
    assert inspection.members.filter(kind="officer").count() == 2


def test_revoked_certificate_is_refused(cast, record):
    cert = cast.officer_a2.certificates.get()
    cert.revoked = True
    cert.save()
    with pytest.raises(ValidationFailed) as exc:
        inspection_create(actor=cast.officer_a, data=record())
    assert "已注销" in exc.value.errors["officers"]


def test_joint_inspection_with_two_agencies(cast, record):
    other = UserFactory(username="officer_b2", agency=cast.agency_b)
    CertificateFactory(holder=other)
    inspection = inspection_create(actor=cast.officer_a, data=record(
        mode="joint", agencies=[cast.agency_a.pk, cast.agency_b.pk],
        officers=[cast.officer_a.pk, cast.officer_b.pk]))
    assert inspection.agency == cast.agency_a  # numbering agency: the first one
    assert set(inspection.agency_links.values_list("agency_id", flat=True)) == {
        cast.agency_a.pk, cast.agency_b.pk}


@pytest.mark.parametrize("who", ["enterprise_user_a", "discipline", "leader", "assistant_a",
                                 "auxiliary_a"])
def test_only_officers_record_inspections(cast, record, who):
    before = counts()
    with pytest.raises(NotAllowed):
        inspection_create(actor=getattr(cast, who), data=record())
    assert counts() == before


def test_a_draft_skips_completeness_but_not_the_team_rules(cast, record):
    draft = inspection_create(actor=cast.officer_a, data=record(answers=[], findings=[]),
                              submit=False)
    assert draft.status == "draft"
    with pytest.raises(ValidationFailed):
        inspection_create(actor=cast.officer_a, data=record(officers=[cast.officer_a.pk]),
                          submit=False)


def test_created_and_submitted_at_once_reads_as_a_draft_submitted_later(cast, record):
    """The one-step record is inserted submitted (no second write of the row); its trail is
    the same as a draft's that is submitted afterwards: one transition per step taken, the
    create event before the submit event, and an end time when none was given."""
    from anzhi.inspections.services import inspection_submit

    def trail(inspection):
        inspection.refresh_from_db()
        moves = [(t.from_status, t.to_status) for t in inspection.transitions.order_by("id")]
        events = list(AuditEvent.objects.filter(object_type="inspections.inspection",
                                                object_id=str(inspection.pk))
                      .order_by("at", "id").values_list("action", flat=True))
        return inspection, moves, events

    once, moves, events = trail(inspection_create(actor=cast.officer_a,
                                                  data=record(ended_at=None)))
    assert moves == [("", "submitted")]
    assert events == ["inspection.create", "inspection.submit"]
    assert once.status == "submitted" and once.submitted_at is not None
    assert once.ended_at == once.submitted_at

    draft = inspection_create(actor=cast.officer_a, data=record(ended_at=None), submit=False)
    later, moves, events = trail(inspection_submit(actor=cast.officer_a, inspection=draft))
    assert moves == [("", "draft"), ("draft", "submitted")]
    assert events == ["inspection.create", "inspection.submit"]
    assert later.status == "submitted" and later.ended_at == later.submitted_at
