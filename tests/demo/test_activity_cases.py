"""The demo's penalty cases: every stage an officer meets, written through the services with
their legal clocks, readable on the pages by the officers and by 纪委, and written once."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from anzhi.cases import clocks
from anzhi.cases.choices import DeadlineState, Direction, Procedure, ReferralKind, Status
from anzhi.cases.models import (
    CaseDeadline,
    CaseParty,
    CaseTransition,
    Evidence,
    Payment,
    PenaltyCase,
    PenaltyLine,
    Referral,
)
from anzhi.core.models import AuditEvent
from anzhi.demo.activity import cases
from anzhi.demo.activity import cases_data as D
from anzhi.demo.activity.cast import DemoCast
from anzhi.demo.loading import load_demo
from anzhi.law import deadlines as law_deadlines

# A weekday well inside a year the working-day calendar knows, so every clock has a due date.
TODAY = date(2026, 6, 10)


@pytest.fixture
def demo(db):
    load_demo(enterprises=200, all_regions=False)
    cast = DemoCast.load()
    written = cases.load(cast, TODAY)
    return cast, written


def by_title(title):
    return PenaltyCase.objects.get(title=title)


def story(stage):
    return next(s for s in D.STORIES if s.stage == stage)


def test_every_stage_is_there(demo):
    _, written = demo
    assert written == len(D.STORIES) == PenaltyCase.objects.count()
    statuses = {c.title: c.status for c in PenaltyCase.objects.all()}
    assert statuses == {
        story(D.SIMPLE_CLOSED).title: Status.CLOSED,
        story(D.ARCHIVED).title: Status.ARCHIVED,
        story(D.EXECUTING).title: Status.EXECUTING,
        story(D.DECIDED).title: Status.DECIDED,
        story(D.NOTIFIED).title: Status.NOTIFIED,
        story(D.INVESTIGATING).title: Status.INVESTIGATING,
        story(D.FILING).title: Status.FILING,
        story(D.TRANSFERRED).title: Status.TRANSFERRED,
    }
    # Each case's steps are signed transitions by the demo officers, never bare rows.
    for case in PenaltyCase.objects.all():
        actors = set(case.transitions.values_list("actor__username", flat=True))
        assert actors <= {"officer1", "officer2", "head1"}, (case.title, actors)
        assert AuditEvent.objects.filter(object_type="cases.penaltycase",
                                         object_id=str(case.pk), action="case.create").exists()


def test_the_simple_case_was_decided_on_the_spot_and_closed(demo):
    case = by_title(story(D.SIMPLE_CLOSED).title)
    assert case.procedure == Procedure.SIMPLE
    decided = TODAY - timedelta(days=story(D.SIMPLE_CLOSED).days["decided"])
    assert case.decided_on == case.served_on == decided
    assert case.fine_total == Decimal("2000") and case.decision_number
    assert case.paid_principal == case.fine_total and case.closed_on
    line = case.lines.get()
    assert line.entry_id == "AQSCF-105-2" and line.statutory_min <= line.amount \
        <= line.statutory_max
    assert case.payments.get().amount == Decimal("2000")
    assert set(case.deadlines.values_list("state", flat=True)) == {DeadlineState.MET}
    signers = case.transitions.get(action="decide").signers
    assert len(signers) == 2 and all(s["certificate"] for s in signers)


def test_the_archived_case_has_its_decision_fine_and_documents(demo):
    s = story(D.ARCHIVED)
    case = by_title(s.title)
    assert case.decision_number.startswith("湖上乡应急办罚决〔2026〕")
    assert case.number.startswith("湖上乡应急办立〔2026〕")
    assert case.fine_total > 0 and case.paid_principal == case.fine_total
    line = case.lines.get()
    # The discretion benchmark's amount: the law functions' own recommendation.
    assert line.amount == line.recommended_amount and line.level == line.recommended_level
    assert case.evidence.count() == len(s.evidence)
    steps = list(case.transitions.order_by("id").values_list("action", flat=True))
    assert steps == ["create", "approve_filing", "submit_review", "notify", "waive", "decide",
                     "serve", "publish", "close", "archive"]
    assert case.officers.count() == 2


def test_deadlines_are_computed_by_the_law(demo):
    s = story(D.INVESTIGATING)
    case = by_title(s.title)
    filed = TODAY - timedelta(days=s.days["filed"])
    decision = case.deadlines.get(name="decision")
    assert decision.due == law_deadlines.decision_due(filed)
    assert decision.due >= TODAY and decision.warned >= 70  # the warning shows today
    assert clocks.view(decision, TODAY).level in ("warning", "danger")
    assert case.evidence.count() == 3 and case.evidence.filter(file="").count() == 2

    notified = by_title(story(D.NOTIFIED).title)
    assert notified.hearing_right and notified.notified_on
    hearing = notified.deadlines.get(name="hearing_request")
    assert hearing.state == DeadlineState.RUNNING
    assert hearing.due == law_deadlines.hearing_request_due(notified.notified_on) > TODAY

    executing = by_title(story(D.EXECUTING).title)
    assert executing.payment_due == law_deadlines.payment_due(executing.served_on) > TODAY
    assert executing.owed_principal == executing.fine_total > 0

    decided = by_title(story(D.DECIDED).title)
    assert decided.deadlines.get(name="service").due == law_deadlines.service_due(
        decided.decided_on)
    # 一案双罚 where the enterprise has a responsible person on file.
    if decided.parties.count() == 2:
        assert decided.lines.count() == 2


def test_referrals_to_the_police_and_from_the_enforcement_team(demo):
    transferred = by_title(story(D.TRANSFERRED).title)
    judicial = Referral.objects.get(case=transferred)
    assert judicial.kind == ReferralKind.JUDICIAL and judicial.counterpart == D.POLICE
    assert judicial.crimes == ["危险作业罪"] and judicial.number
    assert transferred.referral_decision == "refer"
    filing = by_title(story(D.FILING).title)
    incoming = Referral.objects.get(opened_case=filing)
    assert incoming.direction == Direction.INCOMING
    outgoing = Referral.objects.get(direction=Direction.OUTGOING, kind=ReferralKind.AGENCY)
    assert outgoing.created_by.username == "zhifa1" and outgoing.status == "responded"


def test_the_pages_show_them(demo):
    cast, _ = demo
    client = Client()
    client.force_login(cast.users["officer1"])
    page = client.get(reverse("cases:list")).content.decode()
    for s in D.STORIES:
        assert s.title in page
    warned = client.get(reverse("cases:list"), {"clock": "warning"}).content.decode()
    assert story(D.INVESTIGATING).title in warned
    case = by_title(story(D.ARCHIVED).title)
    detail = client.get(reverse("cases:detail", args=[case.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert case.decision_number in text and case.title in text
    for other in PenaltyCase.objects.exclude(pk=case.pk):
        assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 200
    referrals = client.get(reverse("cases:referrals")).content.decode()
    assert D.POLICE in referrals
    assert client.get(reverse("cases:figures")).status_code == 200


def test_discipline_reads_them(demo):
    cast, _ = demo
    client = Client()
    client.force_login(cast.users["jiwei"])
    page = client.get(reverse("cases:list")).content.decode()
    assert all(s.title in page for s in D.STORIES)
    case = by_title(story(D.DECIDED).title)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_a_second_run_writes_nothing(demo):
    cast, _ = demo
    models = (PenaltyCase, CaseParty, CaseTransition, CaseDeadline, Evidence, PenaltyLine,
              Payment, Referral, AuditEvent)
    before = {m.__name__: m.objects.count() for m in models}
    assert cases.load(cast, TODAY) == 0
    assert cases.load(DemoCast.load(), TODAY + timedelta(days=1)) == 0
    assert {m.__name__: m.objects.count() for m in models} == before
