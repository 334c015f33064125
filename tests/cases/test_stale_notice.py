"""A fresh 告知 after the charges change (行政处罚法 Art 44, 45, 62): a violation or a party added
or voided, or the facts rewritten, after the notice makes it stale — the case goes back to
案件审理, the decision is refused (409 through the API) until a fresh notice, which has its own
number, drops the old waiver and starts the hearing-request period again."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from anzhi.cases import services, voids
from anzhi.cases.choices import Status
from anzhi.cases.models import CaseDeadline, CaseTransition, PenaltyLine
from anzhi.core.errors import TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent, IssuedDocument
from tests.cases.test_pages_documents import docx_text

NOTICE_1 = "湖上乡应急办罚告〔2026〕1号"
NOTICE_2 = "湖上乡应急办罚告〔2026〕2号"


def notified(flow, case, amount=22500, **kw):
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {"unit": amount}, **kw)
    case.refresh_from_db()
    return case


def add_violation(cast, case):
    return services.case_add_violation(actor=cast.officer_a, case=case, data={
        "entry_id": "AQSCF-99-5", "facts": "粉碎工未配发防尘口罩"})


def add_party(cast, case):
    return services.case_add_party(actor=cast.officer_a, case=case, data={
        "kind": "principal", "name": "李四", "position": "厂长"})


def void_violation(cast, case):
    extra = case.violations.create(entry_id="AQSCF-99-5", citation="安全生产法第99条第1款第5项",
                                   title="劳动防护用品")  # entered with the case, by mistake
    return voids.violation_void(actor=cast.officer_a, case=case, violation=extra.pk,
                                reason="重复录入")


def void_party(cast, case):
    person = case.parties.create(kind="person", name="王五")
    return voids.party_void(actor=cast.officer_a, case=case, party=person.pk,
                            reason="非本案责任人员")


def rewrite_facts(cast, case):
    return services.case_update_facts(actor=cast.officer_a, case=case,
                                      facts="粉碎车间、包装车间均未设置警示标志")


CHANGES = [
    pytest.param(add_violation, "补充违法行为（安全生产法第99条第1款第5项）", id="add-violation"),
    pytest.param(add_party, "追加当事人（主要负责人 李四）", id="add-party"),
    pytest.param(void_violation, "作废违法行为（安全生产法第99条第1款第5项）",
                 id="void-violation"),
    pytest.param(void_party, "作废当事人（直接负责的主管人员和其他直接责任人员 王五）",
                 id="void-party"),
    pytest.param(rewrite_facts, "修改案件事实", id="facts"),
]


def refused_decision(flow, case):
    with pytest.raises(TransitionRefused) as exc:
        flow.decide(case, {"unit": 22500})
    case.refresh_from_db()
    assert case.decided_on is None and not PenaltyLine.objects.filter(case=case).exists()
    assert not IssuedDocument.objects.filter(kind="penalty_decision").exists()
    return exc.value.message


@pytest.mark.parametrize(("change", "reason"), CHANGES)
@pytest.mark.parametrize("stage", [Status.NOTIFIED, Status.HEARD, Status.DISCUSSION])
def test_a_change_after_the_notice_makes_it_stale(cast, flow, change, reason, stage):
    case = notified(flow, flow.new(), amount=60000 if stage == Status.HEARD else 22500)
    if stage == Status.HEARD:  # 6万 gives the unit a hearing right (Art 63)
        flow.act(case, "request_hearing")
        flow.act(case, "finish_hearing")
    if stage == Status.DISCUSSION:
        flow.act(case, "discuss", cast.head_a, minutes="讨论同意")
    case.refresh_from_db()
    assert case.status == stage
    change(cast, case)
    case.refresh_from_db()
    assert case.status == Status.REVIEW
    assert case.notice_stale_on == date(2026, 9, 1) and case.notice_stale_reason == reason
    row = CaseTransition.objects.filter(case=case).last()
    assert (row.action, row.from_status, row.to_status) == ("notice_stale", stage, Status.REVIEW)
    assert "原告知失效" in row.reason
    assert AuditEvent.objects.filter(action="case.notice_stale").count() == 1
    message = refused_decision(flow, case)
    assert f"告知后案件已变更（{reason}）" in message and "第44条、第45条、第62条" in message


@pytest.mark.parametrize(("change", "reason"), CHANGES)
def test_changes_before_the_notice_need_no_fresh_one(cast, flow, change, reason):
    case = flow.new()
    flow.investigating(case)
    case.refresh_from_db()
    change(cast, case)
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING
    assert case.notice_stale_on is None and case.notice_stale_reason == ""
    assert not CaseTransition.objects.filter(case=case, action="notice_stale").exists()


def test_facts_unchanged_or_other_fields_keep_the_notice(cast, flow):
    case = notified(flow, flow.new())
    services.case_update_facts(actor=cast.officer_a, case=case, facts=case.facts,
                               is_serious=False, crime_facts={})
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED and case.notice_stale_on is None


def test_further_changes_add_to_the_reason(cast, flow):
    case = notified(flow, flow.new())
    add_violation(cast, case)
    add_party(cast, case)
    case.refresh_from_db()
    assert case.notice_stale_reason == (
        "补充违法行为（安全生产法第99条第1款第5项）；追加当事人（主要负责人 李四）")
    assert CaseTransition.objects.filter(case=case, action="notice_stale").count() == 1


def test_charges_cannot_change_during_the_hearing(cast, flow):
    case = notified(flow, flow.new(), amount=60000)
    flow.act(case, "request_hearing")
    case.refresh_from_db()
    v = case.violations.get()
    before = (case.violations.count(), case.parties.count(), AuditEvent.objects.count())
    voiding = lambda cast, case: voids.violation_void(  # noqa: E731
        actor=cast.officer_a, case=case, violation=v.pk, reason="录入错误")
    for change in (add_violation, add_party, voiding, rewrite_facts):
        with pytest.raises(TransitionRefused) as exc:
            change(cast, case)
        assert exc.value.message.startswith("听证程序进行中，不能")
    v.refresh_from_db()
    assert not v.is_void
    case.refresh_from_db()
    assert case.status == Status.HEARING and case.notice_stale_on is None
    assert (case.violations.count(), case.parties.count(), AuditEvent.objects.count()) == before


def test_fresh_notice_replaces_the_old_one(cast, flow, client):
    case = notified(flow, flow.new(), amount=60000)
    flow.act(case, "waive")  # the waiver is of the old notice
    case.refresh_from_db()
    assert case.hearing_waived
    v2 = add_violation(cast, case)
    case.refresh_from_db()
    clock = CaseDeadline.objects.get(case=case, name="hearing_request")
    assert clock.state == "met" and clock.met_on == date(2026, 9, 1)

    flow.today(date(2026, 9, 3))
    with pytest.raises(ValidationFailed) as exc:  # not before the change
        flow.act(case, "notify", on="2026-08-31", proposal=flow.proposal(case, {"unit": 1}))
    assert exc.value.errors["on"].startswith("告知日期：不能早于原告知失效之日（2026-09-01）")
    unit = case.parties.get(kind="unit").pk
    flow.act(case, "notify", proposal=[
        {"violation": case.violations.first().pk, "party": unit, "amount": "45000"},
        {"violation": v2.pk, "party": unit, "amount": "10000"}])
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED and case.notified_on == date(2026, 9, 3)
    assert case.notice_stale_on is None and case.notice_stale_reason == ""
    assert case.hearing_right and not case.hearing_waived
    clock = CaseDeadline.objects.get(case=case, name="hearing_request")
    assert clock.state == "running" and clock.starts_on == date(2026, 9, 3)
    assert clock.due == date(2026, 9, 10)  # 5 working days (Art 64, 85)
    event = AuditEvent.objects.filter(action="case.notify").order_by("-id").first()
    assert event.changes["superseded_notice"]["penalty_notice"] == NOTICE_1
    assert event.changes["superseded_notified_on"] == "2026-09-01"
    assert event.changes["superseded_proposal"][0]["amount"] == "60000.00"

    # The old waiver does not count: the new hearing-request period runs.
    with pytest.raises(TransitionRefused) as exc:
        flow.decide(case, {"unit": 45000})
    assert "申请听证的期限至 2026-09-10 届满" in exc.value.message

    client.force_login(cast.officer_a)
    res = client.get(reverse("cases:document", args=[case.pk, "penalty_notice", "docx"]))
    text = docx_text(res.content)
    assert NOTICE_2 in text and NOTICE_1 not in text
    assert "45,000.00元" in text and "10,000.00元" in text and "60,000.00元" not in text
    assert "安全生产法第99条第1款第5项" in text
    hearing = docx_text(client.get(reverse(
        "cases:document", args=[case.pk, "hearing_notice", "docx"])).content)
    assert "湖上乡应急办听告〔2026〕2号" in hearing


def test_a_fresh_notice_without_hearing_right_drops_the_old_hearing_notice(cast, flow,
                                                                           client):
    case = notified(flow, flow.new(), amount=60000)
    assert IssuedDocument.objects.filter(kind="hearing_notice").count() == 1
    add_violation(cast, case)
    flow.notified(case, {"unit": 20000})
    case.refresh_from_db()
    assert not case.hearing_right
    client.force_login(cast.officer_a)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    docs = html.split('data-testid="documents"')[1].split("</ul>")[0]
    assert "行政处罚告知书" in docs and "听证告知书" not in docs
    res = client.get(reverse("cases:document", args=[case.pk, "hearing_notice", "docx"]))
    assert res.status_code == 404
    flow.decide(case, {"unit": 20000})  # told, no hearing right: decided
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.fine_total == Decimal("20000")


def test_serious_case_is_discussed_again_after_a_fresh_notice(cast, flow):
    case = notified(flow, flow.new(is_serious=True))
    flow.act(case, "discuss", cast.head_a, minutes="讨论同意")
    add_party(cast, case)
    flow.notified(case, {"unit": 22500})
    with pytest.raises(TransitionRefused) as exc:
        flow.decide(case, {"unit": 22500})
    assert "集体讨论" in exc.value.message


def test_api_stale_notice_refuses_the_decision_with_409(cast, flow, api_client):
    case = notified(flow, flow.new())
    v = case.violations.get()
    unit = case.parties.get(kind="unit").pk
    api = api_client.login(cast.officer_a)
    res = api.post(f"/api/v1/cases/{case.pk}/parties", {"kind": "principal", "name": "李四"})
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["status"] == "review"
    assert body["notice_stale"] == {"on": "2026-09-01",
                                    "reason": "追加当事人（主要负责人 李四）"}

    api.login(cast.head_a)
    line = {"violation": v.pk, "party": unit, "amount": "22500"}
    for path, payload in [("decision", {"lines": [line]}),
                          ("transitions", {"action": "decide", "lines": [line]})]:
        res = api.post(f"/api/v1/cases/{case.pk}/{path}", payload)
        assert res.status_code == 409, (path, res.content)
        assert "原告知自2026-09-01失效；须重新告知" in res.json()["detail"]
    case.refresh_from_db()
    assert case.decided_on is None

    api.login(cast.officer_a)
    res = api.post(f"/api/v1/cases/{case.pk}/transitions", {
        "action": "notify", "proposal": [{**line, "amount": "22500"}]})
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "notified"
    api.login(cast.head_a)
    res = api.post(f"/api/v1/cases/{case.pk}/decision", {"lines": [line]})
    assert res.status_code == 200, res.content
    assert res.json()["notice_stale"] is None and res.json()["status"] == "decided"


def test_case_page_shows_the_stale_notice_and_offers_the_fresh_one(cast, flow, client):
    case = notified(flow, flow.new())
    client.force_login(cast.officer_a)
    res = client.post(reverse("cases:add_violation", args=[case.pk]),
                      {"violation-entry_id": "AQSCF-99-5"})
    assert res.status_code == 302
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    alert = html.split('data-testid="notice-stale"')[1].split("</div>")[0]
    assert "原告知已失效" in alert and "补充违法行为（安全生产法第99条第1款第5项）" in alert
    assert 'data-testid="case-status">案件审理<' in html
    assert 'data-testid="action-notify"' in html
    form = html.split('data-testid="action-notify"')[0].rsplit("<form", 1)[1]
    assert form.count('aria-label="拟罚款"') == 2  # both violations × the unit

    client.force_login(cast.head_a)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="to-decision"' not in html
    res = client.post(reverse("cases:decision", args=[case.pk]),
                      {"kind": "penalty", "amount-0": "22500", "level-0": "一般"})
    assert res.status_code == 400 and "原告知自2026-09-01失效" in res.content.decode()

    client.force_login(cast.officer_a)
    v1, v2 = case.violations.order_by("id")
    unit = case.parties.get(kind="unit").pk
    res = client.post(reverse("cases:action", args=[case.pk]), {
        "action": "notify", f"proposal-{v1.pk}-{unit}": "22500",
        f"proposal-{v2.pk}-{unit}": "5000"}, follow=True)
    html = res.content.decode()
    assert "已办理：告知拟处罚" in html and 'data-testid="notice-stale"' not in html
    assert 'data-testid="case-status">告知<' in html
