"""普通程序 from an inspection finding to the archive, through the services."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from anzhi.cases import services
from anzhi.cases.choices import DeadlineState, Status
from anzhi.cases.models import CaseTransition, PenaltyCase
from anzhi.core import followups
from anzhi.core.errors import NotAllowed, TransitionRefused
from anzhi.core.models import AuditEvent, IssuedDocument


def dispatch(cast, kind, **extra):
    return followups.dispatch(followups.FollowupRequest(
        kind=kind, actor=cast.officer_a, enterprise=cast.enterprise_a, agency=cast.agency_a,
        description="粉碎车间未设置安全警示标志", source_type="inspections.finding", source_id=41,
        source_label="现场检查记录 湖上应急检〔2026〕3号", statute_entry="AQSCF-99-1",
        extra=extra))


def test_finding_opens_case_awaiting_filing_approval(cast, today):
    result = dispatch(cast, followups.FILE_CASE)
    case = PenaltyCase.objects.get(pk=result.object_id)
    assert result.object_type == "cases.penaltycase" and result.url.endswith(f"/{case.pk}/")
    assert case.status == Status.FILING and case.source_type == "inspection"
    assert case.source_id == 41 and "湖上应急检" in case.source_label
    assert case.is_pre_accident
    assert case.violations.get().entry_id == "AQSCF-99-1"
    assert case.parties.get().name == cast.enterprise_a.name


def test_whole_ordinary_procedure_to_archive(cast, flow, today):
    result = dispatch(cast, followups.FILE_CASE)
    case = PenaltyCase.objects.get(pk=result.object_id)
    today(date(2026, 9, 1))
    flow.act(case, "approve_filing", cast.head_a, officers=[cast.officer_a.pk, cast.officer_a2.pk])
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING and case.filed_on == date(2026, 9, 1)
    assert case.number == "湖上乡应急办立〔2026〕1号"
    decision_clock = case.deadlines.get(name="decision")
    # 30 days from 1 Sep is 1 Oct, National Day: the period ends on the next working day.
    assert decision_clock.due == date(2026, 10, 8)

    flow.review(case)
    case.refresh_from_db()
    assert case.status == Status.REVIEW
    today(date(2026, 9, 10))
    flow.notified(case, {"unit": 22500})
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED and not case.hearing_right
    flow.decide(case, {"unit": 22500})
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.fine_total == Decimal("22500")
    assert case.decision_number == "湖上乡应急办罚决〔2026〕1号"
    assert case.deadlines.get(name="decision").state == DeadlineState.MET
    # 7 working days from Thu 10 Sep; Sunday 20 Sep is a make-up working day (调休).
    assert case.deadlines.get(name="service").due == date(2026, 9, 20)
    today(date(2026, 9, 22))
    flow.act(case, "serve", on="2026-09-11")
    flow.act(case, "publish", on="2026-09-14")
    case.refresh_from_db()
    assert case.status == Status.EXECUTING
    # 15 days from receipt end on 26 Sep, in the Mid-Autumn holiday (25–27 Sep): next working day.
    assert case.payment_due == date(2026, 9, 28)
    services.case_record_payment(actor=cast.officer_a, case=case, amount="22500",
                                 paid_on="2026-09-20")
    flow.act(case, "close", cast.head_a, on="2026-09-21")
    flow.act(case, "archive", on="2026-09-22")
    case.refresh_from_db()
    assert case.status == Status.ARCHIVED
    assert case.deadlines.get(name="payment").state == DeadlineState.MET
    kinds = set(IssuedDocument.objects.filter(object_id=str(case.pk)).values_list("kind",
                                                                                   flat=True))
    assert {"case_filing", "penalty_notice", "penalty_decision", "case_closing"} <= kinds
    steps = list(case.transitions.values_list("action", flat=True))
    assert steps == ["create", "approve_filing", "submit_review", "notify", "decide", "serve",
                     "publish", "close", "archive"]
    assert AuditEvent.objects.filter(object_type="cases.penaltycase",
                                     object_id=str(case.pk), action="case.decide").exists()


def test_transition_rows_are_signed_in_a_chain(cast, flow):
    case = flow.new()
    flow.investigating(case)
    rows = list(CaseTransition.objects.filter(case=case).order_by("id"))
    assert rows[1].from_status == Status.FILING and rows[1].to_status == Status.INVESTIGATING
    assert rows[1].actor == cast.head_a and rows[1].signers[0]["certificate"]
    assert len(rows[1].signature) == 64 and rows[1].signature != rows[0].signature
    # The second signature depends on the first: altering history breaks the chain.
    assert rows[1].signature != hashlib.sha256(b"|").hexdigest()


@pytest.mark.parametrize("action,status,message", [
    ("submit_review", Status.FILING, "不能提交案件审理"),
    ("close", Status.FILING, "不能结案"),
    ("serve", Status.FILING, "不能登记送达"),
    ("archive", Status.FILING, "不能归档"),
])
def test_illegal_transitions_are_refused_with_the_reason(cast, flow, action, status, message):
    case = flow.new()
    with pytest.raises(TransitionRefused) as exc:
        flow.act(case, action, cast.head_a)
    assert message in exc.value.message and "立案审批" in exc.value.message
    case.refresh_from_db()
    assert case.status == status and case.transitions.count() == 1


def test_only_the_head_approves_filing(cast, flow):
    case = flow.new()
    with pytest.raises(NotAllowed) as exc:
        flow.act(case, "approve_filing", cast.officer_a)
    assert "负责人" in exc.value.message
    case.refresh_from_db()
    assert case.status == Status.FILING and not case.number


def test_filing_needs_two_certified_officers(cast, flow):
    case = flow.new()
    from anzhi.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        flow.act(case, "approve_filing", cast.head_a, officers=[cast.officer_a.pk])
    assert "不得少于两人" in exc.value.errors["officers"]
    assert not IssuedDocument.objects.exists()  # the number was not taken


def test_revoke_filing_and_transfer_branches(cast, flow):
    case = flow.new()
    flow.investigating(case)
    flow.act(case, "revoke_filing", cast.head_a, reason="违法事实不能成立")
    case.refresh_from_db()
    assert case.status == Status.REVOKED
    assert case.deadlines.get(name="decision").state == DeadlineState.MET

    other = flow.new()
    flow.investigating(other)
    flow.act(other, "transfer", cast.head_a, reason="属住建部门管辖", counterpart="安溪县住建局",
             kind="jurisdiction")
    other.refresh_from_db()
    assert other.status == Status.TRANSFERRED
    referral = other.referrals.get()
    assert referral.number.startswith("湖上乡应急办移〔") and referral.counterpart == "安溪县住建局"


def test_no_penalty_decision_is_served_and_closed(cast, flow):
    case = flow.new(circumstances=["MINOR_VIOLATION", "PROMPTLY_CORRECTED", "NO_HARM"])
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {"unit": 0})
    services.case_decide(actor=cast.head_a, case=case, kind="no_penalty",
                         lines=flow.lines(case, {"unit": 0}))
    case.refresh_from_db()
    assert case.decision_kind == "no_penalty" and case.fine_total == 0
    assert not case.deadlines.filter(name="publication").exists()
    flow.act(case, "serve")
    case.refresh_from_db()
    assert case.status == Status.SERVED
    flow.act(case, "close", cast.head_a)
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_simple_penalty_followup_respects_the_cap(cast, today):
    from anzhi.core.errors import ValidationFailed

    result = dispatch(cast, followups.SIMPLE_PENALTY, fine="2000")
    case = PenaltyCase.objects.get(pk=result.object_id)
    assert case.procedure == "simple" and case.status == Status.SIMPLE
    with pytest.raises(ValidationFailed) as exc:
        dispatch(cast, followups.SIMPLE_PENALTY, fine="5000")
    assert "第51条" in exc.value.errors["fine"]
    assert PenaltyCase.objects.count() == 1
