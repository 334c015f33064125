"""Payment (late surcharge and its cap), enforcement, review outcomes, referrals (两法衔接),
case-file review and the dossier tab."""

from datetime import date
from decimal import Decimal

import pytest

from anzhi.cases import selectors, services
from anzhi.cases.choices import DeadlineState, ReferralStatus, Status
from anzhi.cases.models import Payment, Referral
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed


def executing(flow, today, amount=Decimal("20000")):
    today(date(2026, 8, 3))
    case = flow.new()
    flow.to_decided(case, amount)
    flow.act(case, "serve", on="2026-08-03")
    case.refresh_from_db()
    assert case.status == Status.EXECUTING and case.payment_due == date(2026, 8, 18)
    return case


# 行政处罚法 Art 72(1): 3% of the fine per day late, never more than the fine.
@pytest.mark.parametrize("paid_on,fee", [
    (date(2026, 8, 18), Decimal("0")),        # on the due day: nothing
    (date(2026, 8, 19), Decimal("600")),      # 1 day: 3% of 20,000
    (date(2026, 8, 28), Decimal("6000")),     # 10 days
    (date(2026, 10, 17), Decimal("20000")),   # 60 days = 180%: capped at the fine
])
def test_late_surcharge_and_its_cap(cast, flow, today, paid_on, fee):
    case = executing(flow, today)
    today(paid_on)
    owed = services.owed(case, paid_on)
    assert owed["late_fee"] == fee and owed["total"] == Decimal("20000") + fee
    with pytest.raises(ValidationFailed) as exc:
        services.case_record_payment(actor=cast.officer_a, case=case,
                                     amount=owed["total"] + Decimal("0.01"), paid_on=paid_on)
    assert "超过应缴金额" in exc.value.errors["amount"]
    assert not Payment.objects.exists()
    services.case_record_payment(actor=cast.officer_a, case=case, amount=owed["total"],
                                 paid_on=paid_on)
    case.refresh_from_db()
    assert case.paid_principal == Decimal("20000") and case.paid_late_fee == fee
    assert services.owed(case, paid_on)["total"] == 0


def test_partial_payment_fixes_the_surcharge_of_the_part_paid(cast, flow, today):
    case = executing(flow, today)
    today(date(2026, 8, 28))
    services.case_record_payment(actor=cast.officer_a, case=case, amount="10000")  # 10 days late
    case.refresh_from_db()
    assert case.late_fee_assessed == Decimal("3000")
    owed = services.owed(case, date(2026, 8, 28))
    assert owed == {"principal": Decimal("10000"), "late_fee": Decimal("6000"),
                    "total": Decimal("16000")}


def test_deferral_moves_the_payment_clock(cast, flow, today):
    case = executing(flow, today)
    with pytest.raises(NotAllowed):
        services.case_approve_arrangement(actor=cast.officer_a, case=case, kind="deferral",
                                          final_due="2026-09-30", reason="经营困难")
    services.case_approve_arrangement(actor=cast.head_a, case=case, kind="deferral",
                                      final_due="2026-09-30", reason="经营困难，申请暂缓")
    case.refresh_from_db()
    row = case.deadlines.get(name="payment")
    assert case.payment_due == row.due == date(2026, 9, 30) and "第66条" in row.legal_basis
    assert services.owed(case, date(2026, 9, 30))["late_fee"] == 0


def test_court_enforcement_only_after_the_review_periods(cast, flow, today):
    today(date(2026, 2, 2))
    case = flow.new()
    flow.to_decided(case)
    flow.act(case, "serve", on="2026-02-02")
    # 6 months for litigation end on Sun 2 Aug 2026 → Mon 3 Aug; then 3 months to apply.
    assert case.deadlines.get(name="court_enforcement").due == date(2026, 11, 3)
    today(date(2026, 8, 3))
    with pytest.raises(TransitionRefused) as exc:
        flow.act(case, "apply_enforcement", cast.head_a, court="安溪县人民法院")
    assert "2026-08-03" in exc.value.message and "第53条" in exc.value.message
    today(date(2026, 8, 4))
    with pytest.raises(NotAllowed):
        flow.act(case, "apply_enforcement", cast.officer_a, court="安溪县人民法院")
    flow.act(case, "apply_enforcement", cast.head_a, court="安溪县人民法院")
    case.refresh_from_db()
    assert case.status == Status.ENFORCING
    assert case.deadlines.get(name="court_enforcement").state == DeadlineState.MET
    flow.act(case, "close", cast.head_a)


def test_enforcement_window_in_an_unknown_year_is_not_guessed(cast, flow, today):
    case = executing(flow, today)
    row = case.deadlines.get(name="court_enforcement")
    assert row.due is None and "2027 年的法定节假日安排尚未录入" in row.problem
    today(date(2026, 11, 20))
    with pytest.raises(ValidationFailed) as exc:
        flow.act(case, "apply_enforcement", cast.head_a, court="安溪县人民法院")
    assert "2027 年的法定节假日安排尚未录入" in exc.value.errors["date"]


def test_overpayment_and_payment_in_wrong_state_write_nothing(cast, flow, today):
    case = flow.new()
    with pytest.raises(TransitionRefused):
        services.case_record_payment(actor=cast.officer_a, case=case, amount="100")
    assert not Payment.objects.exists()


def test_review_outcome_revokes_publication_and_feeds_the_figure(cast, flow, today):
    case = executing(flow, today)
    today(date(2026, 8, 5))
    flow.act(case, "publish", on="2026-08-05")
    case.refresh_from_db()
    assert case.deadlines.get(name="publication").state == DeadlineState.MET
    today(date(2026, 9, 1))
    p = services.case_record_proceeding(actor=cast.officer_a, case=case,
                                        kind="reconsideration", body="安溪县人民政府",
                                        filed_on="2026-08-20")
    assert selectors.review_figures(cast.county_admin)["decided"] == 0
    with pytest.raises(ValidationFailed):
        services.proceeding_outcome(actor=cast.officer_a, proceeding=p, outcome="maybe",
                                    decided_on="2026-09-01")
    services.proceeding_outcome(actor=cast.officer_a, proceeding=p, outcome="revoked",
                                decided_on="2026-09-01", note="认定事实不清")
    case.refresh_from_db()
    assert case.decision_revoked and case.publication_withdrawn_on == date(2026, 9, 1)
    assert case.deadlines.get(name="withdrawal").state == DeadlineState.MET
    figures = selectors.review_figures(cast.county_admin)
    assert figures == {"decided": 1, "adverse": 1, "zero": False, "by_outcome": {"撤销": 1}}
    with pytest.raises(TransitionRefused):
        flow.act(case, "publish")  # a revoked decision cannot be published again


def test_upheld_outcome_keeps_zero_revocation(cast, flow, today):
    case = executing(flow, today)
    p = services.case_record_proceeding(actor=cast.officer_a, case=case, kind="litigation",
                                        body="安溪县人民法院", filed_on="2026-08-03")
    services.proceeding_outcome(actor=cast.officer_a, proceeding=p, outcome="upheld",
                                decided_on="2026-08-03")
    assert selectors.review_figures(cast.head_a)["zero"] is True


CRIME = {"disabled_monitoring_or_alarm": True, "real_danger": True}


def test_case_meeting_crime_elements_cannot_be_closed_without_referral_decision(
        cast, flow, today):
    today(date(2026, 8, 3))
    case = flow.new(crime_facts=CRIME)
    assert [m.crime for m in services.possible_crimes(case)] == ["危险作业罪"]
    flow.to_decided(case)
    flow.act(case, "serve", on="2026-08-03")
    services.case_record_payment(actor=cast.officer_a, case=case, amount="22500")
    with pytest.raises(TransitionRefused) as exc:
        flow.act(case, "close", cast.head_a)
    assert "危险作业罪" in exc.value.message and "第27条" in exc.value.message
    case.refresh_from_db()
    assert case.status == Status.EXECUTING and case.closed_on is None
    page = selectors.case_page(cast.officer_a, case.pk)
    assert page["needs_referral_decision"]
    with pytest.raises(NotAllowed):
        flow.act(case, "referral_decision", cast.officer_a, refer=True, reason="x",
                 counterpart="安溪县公安局")
    flow.act(case, "referral_decision", cast.head_a, refer=True,
             reason="关闭可燃气体报警装置，有发生重大事故的现实危险", counterpart="安溪县公安局")
    referral = Referral.objects.get(case=case)
    assert referral.kind == "judicial" and referral.crimes == ["危险作业罪"]
    flow.act(case, "close", cast.head_a)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.referral_decision == "refer"

    # The judicial referral tracks 移送 → 受理 → 立案 → 起诉 → 判决 with dates and documents.
    today(date(2026, 9, 1))
    with pytest.raises(TransitionRefused) as exc:
        services.referral_advance(actor=cast.officer_a, referral=referral, status="filed")
    assert "已受理" in exc.value.message
    for status, day in [("accepted", "2026-08-05"), ("filed", "2026-08-10"),
                        ("prosecuted", "2026-08-25"), ("judged", "2026-08-31")]:
        services.referral_advance(actor=cast.officer_a, referral=referral, status=status,
                                  on=day, document=f"{status} 文书")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.JUDGED
    assert [e.status for e in referral.events.all()] == [
        "sent", "accepted", "filed", "prosecuted", "judged"]
    with pytest.raises(TransitionRefused):
        services.referral_advance(actor=cast.officer_a, referral=referral, status="accepted")


def test_recorded_decision_not_to_refer_also_allows_closing(cast, flow, today):
    today(date(2026, 8, 3))
    case = flow.new(crime_facts=CRIME)
    flow.to_decided(case)
    flow.act(case, "serve", on="2026-08-03")
    services.case_record_payment(actor=cast.officer_a, case=case, amount="22500")
    flow.act(case, "referral_decision", cast.head_a, refer=False,
             reason="经查报警装置系检修期间临时关闭，无现实危险")
    flow.act(case, "close", cast.head_a)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and not case.referrals.exists()


def test_incoming_referral_opens_a_case(cast, today):
    r = services.referral_create(actor=cast.officer_a, enterprise=cast.enterprise_a,
                                 kind="agency", direction="in", counterpart="安溪县市场监管局",
                                 facts="检查中发现该厂燃气管道私拉乱接")
    assert r.status == ReferralStatus.RECEIVED and not r.number
    services.referral_open_case(actor=cast.officer_a, referral=r)
    r.refresh_from_db()
    case = r.opened_case
    assert r.status == ReferralStatus.OPENED and case.status == Status.FILING
    assert case.source_type == "referral" and case.source_id == r.pk
    with pytest.raises(TransitionRefused):
        services.referral_open_case(actor=cast.officer_a, referral=r)


def test_transfer_followup_creates_a_referral_with_a_response_deadline(cast, today):
    from anzhi.core import followups

    req = followups.FollowupRequest(
        kind=followups.TRANSFER, actor=cast.officer_a, enterprise=cast.enterprise_a,
        agency=cast.agency_a, description="特种设备未检验", source_type="inspections.finding",
        source_id=5, deadline=date(2026, 9, 15), extra={"to_agency": "安溪县市场监管局"})
    result = followups.dispatch(req)
    r = Referral.objects.get(pk=result.object_id)
    assert r.response_due == date(2026, 9, 15) and r.counterpart == "安溪县市场监管局"
    assert r.number.startswith("湖上乡应急办移〔2026〕1号")


def test_case_file_review_scores_and_defects_per_agency(cast, flow, today):
    today(date(2026, 8, 3))
    case = flow.new()
    with pytest.raises(TransitionRefused):
        services.case_file_review(actor=cast.county_admin, case=case, scores={})
    flow.to_decided(case)
    flow.act(case, "serve", on="2026-08-03")
    services.case_record_payment(actor=cast.officer_a, case=case, amount="22500")
    flow.act(case, "close", cast.head_a)
    with pytest.raises(NotAllowed):
        services.case_file_review(actor=cast.officer_a, case=case, scores={})
    with pytest.raises(ValidationFailed) as exc:
        services.case_file_review(actor=cast.county_admin, case=case, scores={"facts": 25})
    assert "0至20分" in exc.value.errors["scores.facts"]
    review = services.case_file_review(actor=cast.county_admin, case=case,
                                       scores={"facts": 15, "documents": 3})
    assert review.total == Decimal("93") and review.defects == ["facts", "documents"]
    summary = selectors.file_review_summary(cast.county_admin)
    assert summary[0]["agency"] == cast.agency_a and summary[0]["average"] == Decimal("93.0")
    assert summary[0]["defects"][0][0] == "违法事实不清、证据不足"


def test_dossier_tab_lists_cases_decisions_payments_referrals(cast, flow, today):
    case = executing(flow, today)
    services.case_record_payment(actor=cast.officer_a, case=case, amount="5000")
    ctx = selectors.dossier_tab_context(cast.officer_a, cast.enterprise_a)
    assert ctx["case_rows"] == [case] and ctx["decisions"] == [case]
    assert len(ctx["case_payments"]) == 1
    assert selectors.dossier_tab_context(cast.officer_b, cast.enterprise_a)["case_rows"] == []


def test_accident_links_make_a_case_accident_related(cast, flow, today):
    acc = services.accident_create(actor=cast.officer_a, enterprise=cast.enterprise_a,
                                   occurred_on="2026-08-01", deaths=1, serious_injuries=2,
                                   direct_loss="1500000")
    assert acc.grade == "一般事故"
    case = flow.new(accident=acc)
    assert not case.is_pre_accident
    # One death meets the serious consequence of 重大责任事故罪 with unsafe conditions.
    case.crime_facts = {"unsafe_facilities_or_conditions": True}
    assert "重大责任事故罪" in [m.crime for m in services.possible_crimes(case)]
    figures = selectors.case_figures(cast.county_admin)
    assert figures["total"] == 1 and figures["pre_accident"] == 0
