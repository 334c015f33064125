"""The decision: authority, the 告知 step, hearing rights, the statutory range, discretion and
一案双罚 — each bad input refused with a Chinese message and nothing written."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from anzhi.cases import fines, services
from anzhi.cases.choices import Procedure, Status
from anzhi.cases.models import CaseTransition, PenaltyLine
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.models import IssuedDocument


def notified(flow, case, amounts, **kw):
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, amounts, **kw)
    case.refresh_from_db()
    return case


def assert_nothing_written(case, status):
    case.refresh_from_db()
    assert case.status == status and case.decided_on is None and case.fine_total == 0
    assert not PenaltyLine.objects.filter(case=case).exists()
    assert not IssuedDocument.objects.filter(kind="penalty_decision").exists()
    assert not CaseTransition.objects.filter(case=case, action="decide").exists()


# AQSCF-99-1 first stage: the unit 0–50,000 元 (安全生产法 Art 99 ¶1 (1)).
@pytest.mark.parametrize("amount,ok", [
    ("0", True), ("50000", True), ("50000.01", False), ("120000", False),
])
def test_fine_must_lie_in_the_statutory_range(cast, flow, amount, ok):
    case = notified(flow, flow.new(), {"unit": 200000})
    flow.act(case, "waive")  # the 20万 proposal gave a hearing right; the party waived it
    if ok:
        flow.decide(case, {"unit": amount}, level="从轻" if amount == "0" else "从重",
                    reason="情节考量")
        case.refresh_from_db()
        assert case.fine_total == Decimal(amount)
        return
    with pytest.raises(ValidationFailed) as exc:
        flow.decide(case, {"unit": amount}, level="从重", reason="情节严重")
    msg = exc.value.errors["lines.0.amount"]
    assert "超出安全生产法第99条第1款第1项" in msg and "0元至5万元" in msg
    assert_nothing_written(case, Status.NOTIFIED)


def test_level_other_than_recommended_needs_a_written_reason(cast, flow):
    case = notified(flow, flow.new(), {"unit": 50000})
    flow.act(case, "waive")
    rec = services.recommend_for(case.violations.get(), "unit")
    assert rec.level == "一般" and rec.reasons  # no circumstances: 一般, with its reasons
    with pytest.raises(ValidationFailed) as exc:
        flow.decide(case, {"unit": 40000}, level="从重")
    assert "裁量基准建议“一般”" in exc.value.errors["lines.0.deviation_reason"]
    assert_nothing_written(case, Status.NOTIFIED)
    flow.decide(case, {"unit": 40000}, level="从重", reason="拒不配合调查，多次催告未整改")
    line = PenaltyLine.objects.get(case=case)
    assert line.level == "从重" and line.recommended_level == "一般"
    assert line.deviation_reason.startswith("拒不配合") and line.recommendation_reasons


def test_dual_penalty_checks_each_person_against_its_own_range(cast, flow):
    # Art 99 overdue: unit 5万–20万, persons 1万–2万; a hearing right (≥ 5万 for a unit).
    case = notified(flow, flow.new(overdue=True, dual=True), {"unit": 100000, "person": 20000})
    assert case.hearing_right
    flow.act(case, "waive")
    with pytest.raises(ValidationFailed) as exc:
        flow.decide(case, {"unit": 100000, "person": 30000})
    assert "直接负责的主管人员和其他直接责任人员罚款幅度（1万元至2万元）" in \
        exc.value.errors["lines.1.amount"]
    assert_nothing_written(case, Status.NOTIFIED)
    flow.decide(case, {"unit": 100000, "person": 15000})
    case.refresh_from_db()
    assert case.fine_total == Decimal("115000")
    assert set(case.lines.values_list("party_kind", flat=True)) == {"unit", "person"}


def test_decision_without_the_notice_step_is_refused(cast, flow):
    case = flow.new()
    flow.investigating(case)
    flow.review(case)
    with pytest.raises(TransitionRefused) as exc:
        flow.decide(case, {"unit": 20000})
    assert "未履行告知程序" in exc.value.message and "第44条" in exc.value.message
    assert_nothing_written(case, Status.REVIEW)


def test_decision_by_someone_without_the_authority(cast, flow):
    case = notified(flow, flow.new(), {"unit": 22500})
    for user in (cast.officer_a, cast.county_admin):
        with pytest.raises(NotAllowed) as exc:
            flow.decide(case, {"unit": 22500}, user=user)
        assert "负责人" in exc.value.message or "无权" in exc.value.message
    with pytest.raises(Http404):  # another township's officer cannot even see it
        flow.decide(case, {"unit": 22500}, user=cast.officer_b)
    assert_nothing_written(case, Status.NOTIFIED)


def test_hearing_cannot_be_refused_where_the_law_grants_it(cast, flow):
    # 12.5万 for a unit reaches the 较大数额 threshold of 5万 (行政处罚法 Art 63).
    case = notified(flow, flow.new(overdue=True), {"unit": 125000})
    assert case.hearing_right and "5万" not in "".join(case.hearing_reasons)
    with pytest.raises(TransitionRefused) as exc:
        flow.act(case, "decline_hearing", cast.head_a)
    assert "依法享有听证权利" in exc.value.message and "不得拒绝" in exc.value.message
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED


def test_no_decision_while_the_hearing_request_period_runs(cast, flow, today):
    today(date(2026, 9, 1))
    case = notified(flow, flow.new(overdue=True), {"unit": 125000})
    clock = case.deadlines.get(name="hearing_request")
    assert clock.due == date(2026, 9, 8)  # 5 working days after 1 Sep
    with pytest.raises(TransitionRefused) as exc:
        flow.decide(case, {"unit": 125000})
    assert "2026-09-08" in exc.value.message
    today(date(2026, 9, 9))
    flow.decide(case, {"unit": 125000})  # the period ran out without a request
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_hearing_stops_the_decision_clock_and_restarts_it(cast, flow, today):
    today(date(2026, 9, 1))
    case = notified(flow, flow.new(overdue=True), {"unit": 125000})
    before = case.deadlines.get(name="decision").due
    assert before == date(2026, 10, 8)
    today(date(2026, 9, 3))
    flow.act(case, "request_hearing", on="2026-09-03")
    case.refresh_from_db()
    assert case.status == Status.HEARING
    assert case.deadlines.get(name="decision").state == "suspended"
    with pytest.raises(TransitionRefused):
        flow.decide(case, {"unit": 125000})
    today(date(2026, 9, 13))
    flow.act(case, "finish_hearing", on="2026-09-13")
    clock = case.deadlines.get(name="decision")
    # 10 days suspended: the 30 days now run from 11 Sep → 11 Oct, a make-up working day? No:
    # 11 Oct 2026 is a Sunday off, so the period ends on Monday 12 Oct.
    assert clock.state == "running" and clock.suspended_days == 10
    assert clock.due == date(2026, 10, 12)
    flow.decide(case, {"unit": 125000})


def test_serious_cases_need_collective_discussion(cast, flow):
    case = notified(flow, flow.new(is_serious=True), {"unit": 30000})
    with pytest.raises(TransitionRefused) as exc:
        flow.decide(case, {"unit": 22500})
    assert "集体讨论" in exc.value.message
    with pytest.raises(ValidationFailed):
        flow.act(case, "discuss", cast.head_a)  # the minutes are required
    flow.act(case, "discuss", cast.head_a, minutes="局务会：张、李参加，同意按一般档处罚。")
    case.refresh_from_db()
    flow.decide(case, {"unit": 22500})
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_fine_above_the_notified_amount_is_refused(cast, flow):
    case = notified(flow, flow.new(), {"unit": 20000})
    with pytest.raises(ValidationFailed) as exc:
        flow.decide(case, {"unit": 25000})
    assert "高于告知" in exc.value.errors["lines"] and "第45条" in exc.value.errors["lines"]
    assert_nothing_written(case, Status.NOTIFIED)


# 简易程序 (行政处罚法 Art 51): at most 3,000 元 for an organisation, 200 元 for a citizen.
@pytest.mark.parametrize("amount,ok", [("3000", True), ("3000.01", False), ("20000", False)])
def test_simple_procedure_only_within_the_legal_cap(cast, flow, amount, ok):
    case = flow.new(procedure=Procedure.SIMPLE)
    assert case.status == Status.SIMPLE
    if ok:
        services.case_decide(actor=cast.officer_a, case=case,
                             lines=flow.lines(case, {"unit": amount}, "从轻", "当场改正"))
        case.refresh_from_db()
        assert case.status == Status.EXECUTING and case.served_on == case.decided_on
        assert case.decision_number.startswith("湖上乡应急办罚决〔")
        return
    with pytest.raises(ValidationFailed) as exc:
        services.case_decide(actor=cast.officer_a, case=case,
                             lines=flow.lines(case, {"unit": amount}, "从轻", "当场改正"))
    assert "简易程序" in exc.value.errors["amount"] and "第51条" in exc.value.errors["amount"]
    assert_nothing_written(case, Status.SIMPLE)


def test_simple_procedure_case_to_archive(cast, flow):
    case = flow.new(procedure=Procedure.SIMPLE)
    services.case_decide(actor=cast.officer_a, case=case,
                         lines=flow.lines(case, {"unit": "2000"}, "从轻", "当场改正"))
    services.case_record_payment(actor=cast.officer_a, case=case, amount="2000")
    flow.act(case, "close")
    flow.act(case, "archive")
    case.refresh_from_db()
    assert case.status == Status.ARCHIVED
    assert [t.action for t in case.transitions.all()] == ["create", "decide", "close", "archive"]


def test_an_amount_outside_the_recommended_levels_band_needs_written_reasons(cast, flow,
                                                                            today):
    """The recommended level with the statutory maximum is no longer 从轻 or 一般: the decision
    must say why (应急管理部令第12号). Nothing is written without the reason."""
    today(date(2026, 9, 1))
    case = flow.new()
    flow.investigating(case)
    flow.review(case)
    v = case.violations.first()
    pf = fines.party_fine(case, v, case.parties.get(kind="unit"))
    flow.notified(case, {"unit": pf.high})
    case.refresh_from_db()
    today(date(2026, 9, 9))  # past the hearing-request period
    with pytest.raises(ValidationFailed) as exc:
        flow.decide(case, {"unit": pf.high})
    message = exc.value.errors["lines.0.deviation_reason"]
    assert f"“{pf.rec.level}”档" in message and "不在该档内，须书面说明理由" in message
    assert_nothing_written(case, Status.NOTIFIED)
    flow.decide(case, {"unit": pf.high}, reason="拒不改正且造成较大社会影响")
    line = PenaltyLine.objects.get(case=case)
    assert (line.amount, line.level, line.deviation_reason) == (
        pf.high, pf.rec.level, "拒不改正且造成较大社会影响")
