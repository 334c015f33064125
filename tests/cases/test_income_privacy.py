"""A person's income of the previous year (the base of 安全生产法 Art 95, 96, 110 and 条例 Art 36
fines) is personal information: the figure is for the case team (officers and head of the
handling agency); 纪委 and 安委办 see only whether it was recorded; the enterprise's users and the
other roles see nothing of it. The decision document states the article and the share, never
the income itself (anzhi.cases.privacy, documents._printed_reasons)."""

from datetime import date

import pytest
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.models import PenaltyLine
from tests.cases.test_pages_documents import docx_text
from tests.factories import make_id_number

INCOME = "123456.78"
SHOWN = ("123456.78", "123,456.78", "12.345678万")

# who → (API last_year_income, API income_recorded, page shows)
MATRIX = [
    pytest.param("officer_a", INCOME, True, "figure", id="officer-of-the-agency"),
    pytest.param("head_a", INCOME, True, "figure", id="agency-head"),
    pytest.param("superuser", INCOME, True, "figure", id="superuser"),
    pytest.param("discipline", None, True, "recorded", id="discipline-whether-only"),
    pytest.param("county_admin", None, True, "recorded", id="committee-office-whether-only"),
    pytest.param("leader", None, None, "none", id="leader"),
    pytest.param("assistant_a", None, None, "none", id="village-assistant"),
    pytest.param("auxiliary_a", None, None, "none", id="auxiliary"),
    pytest.param("enterprise_user_a", None, None, "none", id="enterprise-user"),
]


def income_case(cast, flow, entry="AQSCF-110", circumstances=()):
    return services.case_create(
        actor=cast.officer_a, enterprise=cast.enterprise_a, title="主要负责人事故后擅离职守",
        source_type="accident", facts="事故发生后主要负责人未组织抢救",
        officers=[cast.officer_a.pk, cast.officer_a2.pk],
        violations=[{"entry_id": entry, "facts": "未组织抢救",
                     "circumstances": list(circumstances)}],
        parties=[{"kind": "principal", "name": "李四", "position": "厂长",
                  "id_number": make_id_number("350524", date(1975, 6, 1), 33),
                  "last_year_income": INCOME}])


def decided(cast, flow, case, amount, **kw):
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {"principal": amount})
    flow.act(case, "waive")
    case.refresh_from_db()
    flow.decide(case, {"principal": amount}, **kw)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(("who", "figure", "recorded", "page"), MATRIX)
def test_who_sees_the_income_in_the_api(cast, flow, api_client, who, figure, recorded, page):
    case = income_case(cast, flow)
    res = api_client.login(getattr(cast, who)).get(f"/api/v1/cases/{case.pk}")
    assert res.status_code == 200, res.content
    person = next(p for p in res.json()["parties"] if p["kind"] == "principal")
    assert person["last_year_income"] == (f"{figure}" if figure else None)
    assert person["income_recorded"] is recorded
    if figure is None:
        assert INCOME not in res.content.decode()


def test_recorded_means_recorded(cast, flow, api_client):
    case = income_case(cast, flow)
    services.case_add_party(actor=cast.officer_a, case=case, data={
        "kind": "manager", "name": "赵六"})  # no income yet
    res = api_client.login(cast.discipline).get(f"/api/v1/cases/{case.pk}")
    by_name = {p["name"]: p for p in res.json()["parties"]}
    assert by_name["李四"]["income_recorded"] is True
    assert by_name["赵六"]["income_recorded"] is False
    assert by_name[cast.enterprise_a.name]["income_recorded"] is False


@pytest.mark.parametrize(("who", "figure", "recorded", "page"), MATRIX)
def test_who_sees_the_income_on_the_case_page(cast, flow, client, who, figure, recorded, page):
    case = income_case(cast, flow)
    client.force_login(getattr(cast, who))
    res = client.get(reverse("cases:detail", args=[case.pk]))
    assert res.status_code == 200
    html = res.content.decode()
    party = html.split('data-testid="parties"')[1].split("</ul>")[0]
    assert (f'data-testid="party-income">上一年年收入 {INCOME} 元' in party) == (page == "figure")
    assert ('data-testid="party-income-recorded">已登记上一年年收入' in party) == (
        page == "recorded")
    if page != "figure":
        assert not any(s in html for s in SHOWN)
        assert 'data-testid="form-party-income' not in html


@pytest.mark.parametrize("who", ["discipline", "leader", "county_admin", "auxiliary_a",
                                 "enterprise_user_a", "assistant_a"])
def test_decision_page_is_for_the_case_team(cast, flow, client, who):
    case = income_case(cast, flow)
    client.force_login(getattr(cast, who))
    res = client.get(reverse("cases:decision", args=[case.pk]))
    assert res.status_code == 403
    assert not any(s in res.content.decode() for s in SHOWN)
    client.force_login(cast.officer_a)
    assert client.get(reverse("cases:decision", args=[case.pk])).status_code == 200


@pytest.mark.parametrize(("entry", "circumstances", "amount", "level", "basis"), [
    pytest.param("AQSCF-110", (), "98765.42", "从轻",
                 "依据安全生产法第110条第1款，对主要负责人处上一年年收入60%至100%的罚款。",
                 id="Art110-range"),
    pytest.param("AQSCF-110", ("SHAM_SELF_INSPECTION",), "123456.78", "从重",
                 "依据安全生产法第110条第1款，对主要负责人处上一年年收入60%至100%的罚款。",
                 id="Art110-maximum-quotes-the-bound"),
    pytest.param("SGTL-36-1", (), "80000", "从轻",
                 "依据生产安全事故报告和调查处理条例第36条第1款第1项，对主要负责人处上一年年收入"
                 "60%至100%的罚款。", id="条例Art36"),
])
def test_decision_document_states_the_share_not_the_income(cast, flow, client, entry,
                                                           circumstances, amount, level, basis):
    case = income_case(cast, flow, entry=entry, circumstances=circumstances)
    case = decided(cast, flow, case, amount, level=level, reason="情节")
    line = PenaltyLine.objects.get(case=case)
    assert any(INCOME in r for r in line.recommendation_reasons)  # the record keeps it
    # The decision is served on the unit and published; the 案卷 holds the evidence, which
    # 纪委 may open (privacy.evidence_access) but whose income figure it may not see.
    for who, kind in ((cast.enterprise_user_a, "penalty_decision"),
                      (cast.discipline, "case_file")):
        client.force_login(who)
        res = client.get(reverse("cases:document", args=[case.pk, kind, "docx"]))
        assert res.status_code == 200
        text = docx_text(res.content)
        assert f"裁量理由：{basis}" in text, kind
        assert "李四" in text and f"{float(amount):,.2f}元" in text
        # At 100% the fine is the income: that figure is the penalty, which must be stated.
        hidden = [s for s in SHOWN if s not in (amount, f"{float(amount):,.2f}")]
        assert not any(s in text for s in hidden), kind
        assert "上一年年收入123456" not in text and "74074.07" not in text
        if circumstances:  # the 顶格 reason quotes the maximum as the share, not the yuan
            assert "规定的最高额上一年年收入的100%顶格处罚" in text


def test_art95_fixed_share_is_stated_with_the_grade(cast, flow, client):
    acc = services.accident_create(actor=cast.officer_a, enterprise=cast.enterprise_a,
                                   occurred_on="2026-08-20", deaths=3)
    case = services.case_create(
        actor=cast.officer_a, enterprise=cast.enterprise_a, title="事故责任", accident=acc,
        source_type="accident", officers=[cast.officer_a.pk, cast.officer_a2.pk],
        violations=[{"entry_id": "AQSCF-95", "facts": "未履行职责"}],
        parties=[{"kind": "principal", "name": "李四", "last_year_income": "200000"}])
    case = decided(cast, flow, case, "120000")
    client.force_login(cast.officer_a)
    text = docx_text(client.get(reverse("cases:document",
                                        args=[case.pk, "penalty_decision", "docx"])).content)
    assert ("裁量理由：依据安全生产法第95条第1款第2项，事故等级为较大事故，"
            "对主要负责人处上一年年收入60%的罚款。") in text
    assert "200000" not in text and "200,000" not in text
