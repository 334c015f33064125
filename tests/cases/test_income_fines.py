"""一案双罚 with fines counted on a person's income of the previous year (issue #6):
安全生产法 Art 95 (principal whose failure caused an accident: 一般 40%, 较大 60%, 重大 80%,
特别重大 100%, the grade from the case's linked accident), Art 96 (other heads and safety
managers on an accident: 20%–50%), Art 110 (principal who does not organise rescue, leaves or
flees; conceals or falsely reports: 60%–100%).

The party's income is recorded on the case (CaseParty.last_year_income); the decision checks the
amount against share × income, refuses without the income (naming the field, writing nothing),
and the 行政处罚决定书 shows the person's fine. Also the API endpoints that complete a case:
POST /cases/{id}/violations, POST /cases/{id}/parties, PATCH /cases/{id}/facts (and PATCH
/cases/{id}/parties/{pid} for the income)."""

import io
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.choices import Status
from anzhi.cases.models import CaseParty, CaseTransition, PenaltyCase, PenaltyLine, Violation
from anzhi.core.errors import ValidationFailed
from anzhi.core.models import AuditEvent, IssuedDocument
from tests.factories import make_id_number

GOOD_ID = make_id_number("350524", date(1975, 6, 1), 33)
D = Decimal


def accident(cast, deaths=1):
    """一般事故 below 3 deaths, 较大 from 3, 重大 from 10, 特别重大 from 30 (条例 Art 3)."""
    return services.accident_create(actor=cast.officer_a, enterprise=cast.enterprise_a,
                                    occurred_on="2026-08-20", deaths=deaths,
                                    description="粉碎车间机械伤害")


def new_case(cast, *, entry, kind="principal", income=None, acc=None, accident_flag=False):
    party = {"kind": kind, "name": "李四", "id_number": GOOD_ID, "position": "厂长"}
    if income is not None:
        party["last_year_income"] = income
    return services.case_create(
        actor=cast.officer_a, enterprise=cast.enterprise_a, title="事故责任追究",
        source_type="accident", facts="主要负责人未履行安全生产管理职责，导致发生生产安全事故",
        officers=[cast.officer_a.pk, cast.officer_a2.pk],
        violations=[{"entry_id": entry, "facts": "未组织隐患排查", "accident": accident_flag}],
        parties=[party], accident=acc)


def notified(flow, case, amount, kind="principal"):
    """Through filing, evidence and the notice of the proposed fine; the party waives."""
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {kind: amount})
    flow.act(case, "waive")
    case.refresh_from_db()
    return case


def nothing_decided(case, status=Status.NOTIFIED):
    case.refresh_from_db()
    assert case.status == status and case.decided_on is None and case.fine_total == 0
    assert not PenaltyLine.objects.filter(case=case).exists()
    assert not IssuedDocument.objects.filter(kind="penalty_decision").exists()
    assert not CaseTransition.objects.filter(case=case, action="decide").exists()


def docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


# --- the decision -------------------------------------------------------------------------

# 安全生产法 Art 95: the share follows the grade of the linked accident; income 20万.
@pytest.mark.parametrize(("deaths", "grade", "citation", "fine"), [
    pytest.param(1, "一般事故", "安全生产法第95条第1款第1项", "80000", id="Art95-1-一般-40%"),
    pytest.param(3, "较大事故", "安全生产法第95条第1款第2项", "120000", id="Art95-2-较大-60%"),
    pytest.param(10, "重大事故", "安全生产法第95条第1款第3项", "160000", id="Art95-3-重大-80%"),
    pytest.param(30, "特别重大事故", "安全生产法第95条第1款第4项", "200000",
                 id="Art95-4-特别重大-100%"),
])
def test_art95_fine_is_the_share_of_the_grade_and_shows_in_the_decision(
        cast, flow, client, deaths, grade, citation, fine):
    acc = accident(cast, deaths)
    assert acc.grade == grade
    case = new_case(cast, entry="AQSCF-95", income="200000", acc=acc)
    v = case.violations.get()
    assert v.entry_id.startswith("AQSCF-95-") and v.citation == citation  # made precise
    case = notified(flow, case, fine)
    with pytest.raises(ValidationFailed) as exc:  # one fen off the fixed share
        flow.decide(case, {"principal": D(fine) - D("0.01")})
    msg = exc.value.errors["lines.0.amount"]
    assert f"超出{citation}规定的主要负责人罚款幅度" in msg and "上一年年收入20万元" in msg
    nothing_decided(case)

    flow.decide(case, {"principal": fine})
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.fine_total == D(fine)
    line = PenaltyLine.objects.get(case=case)
    assert line.party.name == "李四" and line.party_kind == "principal"
    assert line.statutory_min == line.statutory_max == D(fine)
    assert f"事故等级为{grade}" in line.recommendation_reasons[0]
    assert "当事人上一年年收入200000.00元" in line.recommendation_reasons[0]

    client.force_login(cast.officer_a)
    res = client.get(reverse("cases:document", args=[case.pk, "penalty_decision", "docx"]))
    assert res.status_code == 200
    text = docx_text(res.content)
    assert "行政处罚决定书" in text and "李四" in text
    assert f"{D(fine):,.2f}元" in text and citation in text


# Art 96 (on an accident) and Art 110 ¶1, ¶2: ranges of shares; income 10万.
@pytest.mark.parametrize(("entry", "kind", "flag", "amount", "ok"), [
    pytest.param("AQSCF-96", "manager", True, "19999.99", False, id="Art96-below-20%"),
    pytest.param("AQSCF-96", "manager", True, "20000", True, id="Art96-20%"),
    pytest.param("AQSCF-96", "manager", True, "50000", True, id="Art96-50%"),
    pytest.param("AQSCF-96", "manager", True, "50000.01", False, id="Art96-above-50%"),
    pytest.param("AQSCF-110", "principal", False, "59999", False, id="Art110-1-below-60%"),
    pytest.param("AQSCF-110", "principal", False, "80000", True, id="Art110-1-80%"),
    pytest.param("AQSCF-110-P2", "principal", False, "100000", True, id="Art110-2-100%"),
    pytest.param("AQSCF-110-P2", "principal", False, "100001", False, id="Art110-2-above"),
])
def test_fine_must_lie_in_the_share_of_the_income(cast, flow, entry, kind, flag, amount, ok):
    case = new_case(cast, entry=entry, kind=kind, income="100000", accident_flag=flag)
    case = notified(flow, case, max(D(amount), D("100000")), kind=kind)
    if not ok:
        with pytest.raises(ValidationFailed) as exc:
            flow.decide(case, {kind: amount}, level="从重", reason="情节严重")
        msg = exc.value.errors["lines.0.amount"]
        assert "上一年年收入10万元的" in msg and "超出安全生产法" in msg
        nothing_decided(case)
        return
    flow.decide(case, {kind: amount}, level="从重", reason="情节严重")
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.fine_total == D(amount)


def test_art96_before_an_accident_keeps_its_fixed_range(cast, flow):
    # Art 96 first stage: 1万–3万 whatever the income (no share of it).
    case = new_case(cast, entry="AQSCF-96", kind="manager", income="1000000")
    case = notified(flow, case, "20000", kind="manager")
    with pytest.raises(ValidationFailed) as exc:
        flow.decide(case, {"manager": "35000"}, level="从重", reason="x")
    assert "（1万元至3万元）" in exc.value.errors["lines.0.amount"]
    flow.decide(case, {"manager": "20000"})
    assert PenaltyLine.objects.get(case=case).statutory_max == D("30000")


def test_unknown_income_refuses_the_decision_naming_the_field(cast, flow, api_client):
    case = new_case(cast, entry="AQSCF-110")  # no income recorded
    case = notified(flow, case, "90000")
    party = case.parties.get(kind="principal")
    v = case.violations.get()
    api = api_client.login(cast.head_a)
    res = api.post(f"/api/v1/cases/{case.pk}/decision", {"lines": [
        {"violation": v.pk, "party": party.pk, "amount": "90000"}]})
    assert res.status_code == 400, res.content
    msg = res.json()["errors"]["lines.0.last_year_income"]
    assert msg.startswith("当事人上一年年收入：李四（主要负责人）的上一年年收入未登记")
    assert "安全生产法第110条第1款" in msg
    nothing_decided(case)

    # The officer records it; the same decision then goes through.
    api.login(cast.officer_a)
    res = api.patch(f"/api/v1/cases/{case.pk}/parties/{party.pk}", {"last_year_income": "150000"})
    assert res.status_code == 200, res.content
    assert {p["id"]: p for p in res.json()["parties"]}[party.pk]["last_year_income"] == "150000.00"
    assert AuditEvent.objects.filter(action="case.party_income").count() == 1
    api.login(cast.head_a)
    res = api.post(f"/api/v1/cases/{case.pk}/decision", {"lines": [
        {"violation": v.pk, "party": party.pk, "amount": "80000"}]})
    assert res.status_code == 400 and "上一年年收入15万元的60%至100%，即9万元至15万元" in \
        res.json()["errors"]["lines.0.amount"]
    res = api.post(f"/api/v1/cases/{case.pk}/decision", {"lines": [
        {"violation": v.pk, "party": party.pk, "amount": "90000"}]})
    # The floor is in the statutory range but below the recommended level's band.
    assert res.status_code == 400 and "不在该档内，须书面说明理由" in \
        res.json()["errors"]["lines.0.deviation_reason"]
    res = api.post(f"/api/v1/cases/{case.pk}/decision", {"lines": [
        {"violation": v.pk, "party": party.pk, "amount": "90000",
         "deviation_reason": "主动消除违法行为危害后果，积极配合调查"}]})
    assert res.status_code == 200, res.content
    assert res.json()["decision"]["fine_total"] == "90000.00"


def test_art95_needs_the_accident_and_its_grade(cast, flow):
    with pytest.raises(ValidationFailed) as exc:  # no accident linked
        new_case(cast, entry="AQSCF-95", income="100000")
    assert "按事故等级处罚，本案须关联事故" in exc.value.errors["violations.0.entry_id"]
    assert not PenaltyCase.objects.exists()
    with pytest.raises(ValidationFailed) as exc:  # an item of another grade
        new_case(cast, entry="AQSCF-95-2", income="100000", acc=accident(cast, deaths=1))
    assert ("安全生产法第95条第1款第2项适用于较大事故，与事故等级（一般事故）不符"
            in exc.value.errors["violations.0.entry_id"])


def test_decision_page_shows_the_income_and_the_computed_range(cast, flow, client):
    case = new_case(cast, entry="AQSCF-95", income="123456.78", acc=accident(cast, deaths=3))
    services.case_add_party(actor=cast.officer_a, case=case, data={
        "kind": "manager", "name": "赵六", "position": "安全员"})  # not fined by Art 95
    case = notified(flow, case, "74074.07")
    client.force_login(cast.head_a)
    html = client.get(reverse("cases:decision", args=[case.pk])).content.decode()
    assert html.count('data-testid="line-') == 1  # only the principal: Art 95 fines no one else
    assert 'data-testid="income-amount">123456.78 元' in html
    assert 'data-testid="income-share">60%' in html and "（较大事故）" in html
    assert 'data-testid="range">74074.07 元</span>（按上一年年收入计算）' in html
    assert 'data-testid="rec-amount">74074.07<' in html
    res = client.post(reverse("cases:decision", args=[case.pk]), {
        "kind": "penalty", "amount-0": "74074.07", "level-0": "一般"})
    assert res.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.fine_total == D("74074.07")


def test_decision_page_asks_for_a_missing_income(cast, flow, client):
    case = notified(flow, new_case(cast, entry="AQSCF-110"), "60000")
    client.force_login(cast.head_a)
    res = client.get(reverse("cases:decision", args=[case.pk]))
    html = res.content.decode()
    assert "当事人上一年年收入：<span class=\"text-danger\">未登记</span>" in html
    assert 'data-testid="line-problem">当事人上一年年收入：李四（主要负责人）的上一年年收入未登记' \
        in html
    res = client.post(reverse("cases:decision", args=[case.pk]),
                      {"kind": "penalty", "amount-0": "60000", "level-0": "一般"})
    assert res.status_code == 400
    assert "上一年年收入未登记" in res.content.decode()
    nothing_decided(case)


def test_income_on_the_case_page(cast, flow, client):
    case = new_case(cast, entry="AQSCF-110")
    party = case.parties.get(kind="principal")
    client.force_login(cast.officer_a)
    url = reverse("cases:party_income", args=[case.pk, party.pk])
    res = client.post(url, {"last_year_income": "-1"}, follow=True)
    assert "当事人上一年年收入：不能为负数" in res.content.decode()
    party.refresh_from_db()
    assert party.last_year_income is None
    res = client.post(url, {"last_year_income": "88,000.5"}, follow=True)
    assert 'data-testid="party-income">上一年年收入 88000.50 元' in res.content.decode()
    client.force_login(cast.officer_b)
    assert client.post(url, {"last_year_income": "1"}).status_code == 404
    party.refresh_from_db()
    assert party.last_year_income == D("88000.50")


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "当事人上一年年收入：不能为负数"),
    ("十万", "当事人上一年年收入：应为金额（元）"),
    ("NaN", "当事人上一年年收入：应为金额（元）"),
    ("1e13", "当事人上一年年收入：超出允许范围"),
])
def test_person_party_form_refuses_a_bad_income(cast, flow, client, value, message):
    case = new_case(cast, entry="AQSCF-110")
    before = CaseParty.objects.count()
    client.force_login(cast.officer_a)
    res = client.post(reverse("cases:add_party", args=[case.pk]), {
        "party-kind": "manager", "party-name": "赵六", "party-last_year_income": value})
    assert res.status_code == 400
    html = res.content.decode()
    assert f'data-testid="error-party-last_year_income">{message}' in html
    assert CaseParty.objects.count() == before


# --- the API endpoints that complete a case -------------------------------------------------

@pytest.fixture
def investigating(cast, flow):
    case = flow.new()
    flow.investigating(case)
    case.refresh_from_db()
    return case


def written(case):
    case.refresh_from_db()
    return (Violation.objects.filter(case=case).count(),
            CaseParty.objects.filter(case=case).count(), AuditEvent.objects.count(),
            case.facts, case.is_serious, case.crime_facts)


def test_api_add_violation(cast, api_client, investigating):
    case = investigating
    api = api_client.login(cast.officer_a)
    url = f"/api/v1/cases/{case.pk}/violations"
    res = api.post(url, {"entry_id": "AQSCF-99-5", "facts": "未配发防尘口罩",
                         "circumstances": ["FIRST_VIOLATION"]})
    assert res.status_code == 201, res.content
    added = [v for v in res.json()["violations"] if v["entry_id"] == "AQSCF-99-5"]
    assert added and added[0]["citation"] == "安全生产法第99条第1款第5项"
    assert added[0]["circumstances"] == ["FIRST_VIOLATION"]
    before = written(case)
    for body, field, message in [
        ({"entry_id": ""}, "violation.entry_id", "违法行为：必须选择罚则目录中的条目"),
        ({"entry_id": "AQSCF-999"}, "violation.entry_id", "违法行为：罚则目录中没有条目"),
        ({"entry_id": "AQSCF-99-5", "circumstances": ["FIRST_VIOLATION", "REPEAT_WITHIN_YEAR"]},
         "violation.circumstances", "裁量情节：情节相互矛盾"),
        ({"entry_id": "AQSCF-99-5", "overdue": True, "accident": True}, "violation.overdue",
         "违法情形：逾期未改正与导致事故不能同时选择"),
        ({"entry_id": "AQSCF-95"}, "violation.entry_id",
         "违法行为：安全生产法第95条第1款按事故等级"),
        ({}, "entry_id", "罚则条目：必填"),
    ]:
        res = api.post(url, body)
        assert res.status_code == 400, (body, res.content)
        assert res.json()["errors"][field].startswith(message), res.json()
    assert written(case) == before


def test_api_add_party_with_income(cast, api_client, investigating):
    case = investigating
    api = api_client.login(cast.officer_a)
    url = f"/api/v1/cases/{case.pk}/parties"
    res = api.post(url, {"kind": "principal", "name": "李四", "id_number": GOOD_ID,
                         "position": "厂长", "last_year_income": "120000"})
    assert res.status_code == 201, res.content
    person = next(p for p in res.json()["parties"] if p["kind"] == "principal")
    assert person["name"] == "李四" and person["last_year_income"] == "120000.00"
    before = written(case)
    for body, field, message in [
        ({"kind": "manager", "name": "赵六", "last_year_income": "-1"},
         "party.last_year_income", "当事人上一年年收入：不能为负数"),
        ({"kind": "manager", "name": "赵六", "last_year_income": "1e13"},
         "party.last_year_income", "当事人上一年年收入：超出允许范围"),
        ({"kind": "manager", "name": "赵六", "last_year_income": "abc"},
         "last_year_income", "当事人上一年年收入："),
        ({"kind": "manager", "name": "赵六", "last_year_income": "NaN"},
         "last_year_income", "当事人上一年年收入："),
        ({"kind": "unit", "name": "某公司"}, "party.kind", "当事人身份："),
        ({"kind": "manager", "name": " "}, "party.name", "当事人姓名：必填"),
        ({"kind": "manager", "name": "赵六", "id_number": "123"}, "party.id_number",
         "当事人身份证号码：不正确"),
        ({"kind": "manager", "person": 2**31 - 1}, "party.person", "当事人：不是本企业登记的人员"),
    ]:
        res = api.post(url, body)
        assert res.status_code == 400, (body, res.content)
        assert res.json()["errors"][field].startswith(message), res.json()
    assert written(case) == before


def test_api_patch_facts(cast, api_client, investigating):
    case = investigating
    api = api_client.login(cast.officer_a)
    url = f"/api/v1/cases/{case.pk}/facts"
    res = api.patch(url, {"is_serious": True})
    assert res.status_code == 200, res.content
    assert res.json()["is_serious"] is True and res.json()["facts"] == "粉碎车间未设置警示标志"
    res = api.patch(url, {"facts": "粉碎车间、包装车间均未设置警示标志",
                          "crime_facts": {"refused_rectification_of_major_hazard": True}})
    assert res.status_code == 200, res.content
    assert res.json()["facts"] == "粉碎车间、包装车间均未设置警示标志"
    assert res.json()["crime_facts"] == {"refused_rectification_of_major_hazard": True}
    assert res.json()["is_serious"] is True  # untouched
    before = written(case)
    res = api.patch(url, {"crime_facts": {"NOT_A_FLAG": True}})
    assert res.status_code == 400
    assert res.json()["errors"]["crime_facts"].startswith("涉罪事实要素：不认识的要素")
    res = api.patch(url, {"is_serious": "perhaps"})
    assert res.status_code == 400 and "重大复杂案件" in res.json()["errors"]["is_serious"]
    assert written(case) == before


def test_api_completing_is_refused_after_the_decision(cast, api_client, flow):
    case = flow.new()
    flow.to_decided(case)
    api = api_client.login(cast.officer_a)
    before = written(case)
    for method, path, body in [
        ("post", "violations", {"entry_id": "AQSCF-99-5"}),
        ("post", "parties", {"kind": "manager", "name": "赵六"}),
        ("patch", "facts", {"facts": "改写"}),
    ]:
        res = getattr(api, method)(f"/api/v1/cases/{case.pk}/{path}", body)
        assert res.status_code == 409, (path, res.content)
        assert "案件当前状态为“已决定”" in res.json()["detail"]
    assert written(case) == before


@pytest.mark.parametrize("who", ["officer_b", "discipline", "leader", "auxiliary_a",
                                 "enterprise_user_a", "assistant_a", "county_admin"])
def test_api_users_not_on_the_case_get_403_or_404_and_write_nothing(cast, api_client,
                                                                    investigating, who):
    case = investigating
    person = case.parties.get(kind="unit")
    before = written(case)
    api = api_client.login(getattr(cast, who))
    for method, path, body in [
        ("post", "violations", {"entry_id": "AQSCF-99-5"}),
        ("post", "parties", {"kind": "manager", "name": "赵六", "last_year_income": "1"}),
        ("patch", "facts", {"facts": "改写", "is_serious": True}),
        ("patch", f"parties/{person.pk}", {"last_year_income": "1"}),
    ]:
        res = getattr(api, method)(f"/api/v1/cases/{case.pk}/{path}", body)
        assert res.status_code in (403, 404), (who, path, res.status_code, res.content)
        assert res.json()["detail"]
    assert written(case) == before


def test_api_missing_case_is_404(cast, api_client):
    api = api_client.login(cast.officer_a)
    assert api.post("/api/v1/cases/999999/violations",
                    {"entry_id": "AQSCF-99-5"}).status_code == 404
    assert api.patch("/api/v1/cases/999999/facts", {"facts": "x"}).status_code == 404
    assert api.post(f"/api/v1/cases/{2**40}/parties",
                    {"kind": "manager", "name": "x"}).status_code in (400, 404)


def test_recommendation_uses_the_sentence_of_the_entry(cast, flow):
    # 安全生产法 Art 103 ¶3 sentence 2 (施工资质 transferred): unit 10万–20万, not ¶3's 0–10万.
    case = flow.new(entry="AQSCF-103-P3-S2")
    rec = services.recommend_for(case.violations.get(), "unit")
    assert rec.entry_id == "AQSCF-103-P3-S2"
    assert (rec.statutory_min, rec.statutory_max) == (D("100000"), D("200000"))
    assert D("100000") <= rec.amount <= D("200000")
