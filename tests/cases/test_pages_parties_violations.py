"""The case page completes a case after filing (issue #6): add a violation from the statute
catalogue, add a person party for 一案双罚, edit the case facts. The pages call
case_add_violation / case_add_party / case_update_facts; these tests check what an officer
sees and that bad input, outsiders and refused states write nothing."""

import re
from datetime import date

import pytest
from django.urls import reverse

from anzhi.cases.choices import Procedure
from anzhi.cases.models import CaseParty, PenaltyCase, Violation
from anzhi.core.models import AuditEvent
from tests.factories import add_person, make_id_number

GOOD_ID = make_id_number("350524", date(1978, 3, 9), 21)
BAD_ID = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")  # wrong check character


def page(client, case):
    res = client.get(reverse("cases:detail", args=[case.pk]))
    assert res.status_code == 200
    return res.content.decode()


def written(case) -> tuple[int, int, int, str, bool]:
    case.refresh_from_db()
    return (Violation.objects.filter(case=case).count(),
            CaseParty.objects.filter(case=case).count(),
            AuditEvent.objects.count(), case.facts, case.is_serious)


@pytest.fixture
def investigating(flow):
    case = flow.new()
    flow.investigating(case)
    case.refresh_from_db()
    return case


def decision_section(html: str, citation: str) -> str:
    sections = re.split(r'<section class="card mb-3" data-testid="line-\d+">', html)[1:]
    found = [s.split("</section>")[0] for s in sections if citation in s]
    assert len(found) == 1, f"no single decision row for {citation}"
    return found[0]


def test_violation_form_offers_the_catalogue_grouped_by_article(client, cast, investigating):
    client.force_login(cast.officer_a)
    html = page(client, investigating)
    form = html.split('data-testid="form-add-violation"')[1].split("</form>")[0]
    assert '<optgroup label="安全生产法第99条第1款 警示标志、安全设备' in form
    group_103 = form.split('<optgroup label="安全生产法第103条">')[1].split("</optgroup>")[0]
    assert 'value="AQSCF-103-P2"' in group_103 and "第2款 未与承包、承租单位" in group_103
    assert 'value="AQSCF-99-5"' in form and "未为从业人员提供符合标准的劳动防护用品" in form
    # An article with items is offered as its items, so the basis is precise.
    assert 'value="AQSCF-99"' not in form
    assert "初次违法" in form and "及时改正" in form  # discretion circumstances


def test_adding_a_violation_shows_on_the_page_and_feeds_the_decision(client, cast, flow,
                                                                      investigating):
    case = investigating
    client.force_login(cast.officer_a)
    res = client.post(reverse("cases:add_violation", args=[case.pk]), {
        "violation-entry_id": "AQSCF-99-5", "violation-facts": "粉碎工未配发防尘口罩",
        "violation-circumstances": ["PROMPTLY_CORRECTED", "FIRST_VIOLATION"]})
    assert res.status_code == 302 and res["Location"] == reverse("cases:detail",
                                                                 args=[case.pk])
    v = case.violations.get(entry_id="AQSCF-99-5")
    assert v.citation == "安全生产法第99条第1款第5项" and v.facts == "粉碎工未配发防尘口罩"
    assert v.circumstances == ["FIRST_VIOLATION", "PROMPTLY_CORRECTED"]
    assert AuditEvent.objects.filter(action="case.add_violation").count() == 1

    html = client.get(reverse("cases:detail", args=[case.pk]), follow=True).content.decode()
    listed = html.split('data-testid="violations"')[1].split("</ul>")[0]
    assert "安全生产法第99条第1款第5项" in listed and "粉碎工未配发防尘口罩" in listed
    assert "裁量情节：初次违法、及时改正" in listed

    # Through notice to the decision page: its discretion uses the new violation's facts.
    flow.review(case)
    unit = case.parties.get(kind="unit").pk
    v1 = case.violations.get(entry_id="AQSCF-99-1")
    flow.act(case, "notify", proposal=[{"violation": v1.pk, "party": unit, "amount": "22500"},
                                       {"violation": v.pk, "party": unit, "amount": "7500"}])
    client.force_login(cast.head_a)
    html = client.get(reverse("cases:decision", args=[case.pk])).content.decode()
    row = decision_section(html, "安全生产法第99条第1款第5项")
    assert "情节：初次违法、及时改正" in row
    assert re.search(r'data-testid="rec-level">从轻<', row)
    assert "有初次违法、及时改正情节，从轻处罚" in row
    plain = decision_section(html, "安全生产法第99条第1款第1项")
    assert re.search(r'data-testid="rec-level">一般<', plain)


@pytest.mark.parametrize(("post", "field", "message"), [
    ({"violation-entry_id": "AQSCF-999"}, "violation-entry_id",
     "违法行为：罚则目录中没有条目 AQSCF-999"),
    ({"violation-entry_id": ""}, "violation-entry_id", "违法行为：必须选择罚则目录中的条目"),
    ({"violation-entry_id": "AQSCF-99-5",
      "violation-circumstances": ["FIRST_VIOLATION", "REPEAT_WITHIN_YEAR"]},
     "violation-circumstances", "裁量情节："),
    ({"violation-entry_id": "AQSCF-99-5", "violation-circumstances": ["NOT_A_THING"]},
     "violation-circumstances", "裁量情节："),
    ({"violation-entry_id": "AQSCF-99-5", "violation-overdue": "on", "violation-accident": "on"},
     "violation-overdue", "违法情形：逾期未改正与导致事故不能同时选择"),
])
def test_bad_violation_shows_the_service_message_on_the_field_and_writes_nothing(
        client, cast, investigating, post, field, message):
    case = investigating
    before = written(case)
    client.force_login(cast.officer_a)
    res = client.post(reverse("cases:add_violation", args=[case.pk]),
                      {"violation-facts": "东墙未设警示标志", **post})
    html = res.content.decode()
    assert res.status_code == 400
    error = html.split(f'data-testid="error-{field}">')[1].split("</div>")[0]
    assert error.startswith(message)
    assert "东墙未设警示标志" in html  # what was typed is kept
    assert written(case) == before


def test_person_party_with_a_bad_id_number_names_the_field_and_writes_nothing(
        client, cast, investigating):
    case = investigating
    before = written(case)
    client.force_login(cast.officer_a)
    res = client.post(reverse("cases:add_party", args=[case.pk]), {
        "party-kind": "principal", "party-name": "李四", "party-id_number": BAD_ID,
        "party-position": "厂长"})
    html = res.content.decode()
    assert res.status_code == 400
    assert ('data-testid="error-party-id_number">当事人身份证号码：不正确（GB 11643 校验未通过）'
            in html)
    assert 'value="李四"' in html
    assert written(case) == before


def test_person_party_is_added_with_a_normalised_id_number(client, cast, investigating):
    case = investigating
    client.force_login(cast.officer_a)
    typed = " ".join([GOOD_ID[:6], GOOD_ID[6:14], GOOD_ID[14:].lower()])
    res = client.post(reverse("cases:add_party", args=[case.pk]), {
        "party-kind": "principal", "party-name": "李四", "party-id_number": typed,
        "party-position": "厂长"}, follow=True)
    assert "已追加当事人" in res.content.decode()
    p = case.parties.get(kind="principal")
    assert (p.name, p.id_number, p.position) == ("李四", GOOD_ID, "厂长")
    listed = page(client, case).split('data-testid="parties"')[1].split("</ul>")[0]
    assert "主要负责人：李四 厂长" in listed


def test_person_party_from_the_enterprise_dossier(client, cast, investigating):
    case = investigating
    person = add_person(cast.enterprise_a, name="赵六", serial=5)
    client.force_login(cast.officer_a)
    assert f'<option value="{person.pk}">主要负责人 赵六</option>' in page(client, case)
    res = client.post(reverse("cases:add_party", args=[case.pk]), {
        "party-kind": "person", "party-person": str(person.pk), "party-position": "车间主任"})
    assert res.status_code == 302
    p = case.parties.get(kind="person")
    assert (p.name, p.id_number) == ("赵六", person.id_number)
    # A person of another enterprise is refused by the service, nothing written.
    other = add_person(cast.enterprise_b, name="钱七", serial=6)
    res = client.post(reverse("cases:add_party", args=[case.pk]), {
        "party-kind": "person", "party-person": str(other.pk)})
    assert res.status_code == 400
    assert "当事人：不是本企业登记的人员" in res.content.decode()
    assert not case.parties.filter(name="钱七").exists()


def test_party_kind_unit_or_missing_name_is_refused(client, cast, investigating):
    case = investigating
    before = written(case)
    client.force_login(cast.officer_a)
    res = client.post(reverse("cases:add_party", args=[case.pk]), {
        "party-kind": "unit", "party-name": "另一家公司"})
    assert res.status_code == 400
    assert "当事人身份：应为主要负责人、直接责任人员等个人" in res.content.decode()
    res = client.post(reverse("cases:add_party", args=[case.pk]), {"party-kind": "person"})
    assert res.status_code == 400
    assert 'data-testid="error-party-name">当事人姓名：必填' in res.content.decode()
    assert written(case) == before


def test_case_facts_are_edited_on_the_page(client, cast, investigating):
    case = investigating
    client.force_login(cast.officer_a)
    html = page(client, case)
    assert "粉碎车间未设置警示标志</textarea>" in html  # the form starts from the facts
    res = client.post(reverse("cases:facts", args=[case.pk]), {
        "facts-facts": "经查，粉碎车间入口未设置安全警示标志。\n现场有粉尘。",
        "facts-is_serious": "on"}, follow=True)
    html = res.content.decode()
    assert "已修改案件事实" in html
    case.refresh_from_db()
    assert case.facts.startswith("经查") and case.is_serious
    shown = html.split('data-testid="case-facts">')[1].split("</div>")[0]
    assert "入口未设置安全警示标志。<br>现场有粉尘。" in shown
    assert AuditEvent.objects.filter(action="case.update_facts").exists()


@pytest.mark.parametrize("who", ["officer_b", "discipline", "leader", "auxiliary_a",
                                 "enterprise_user_a", "assistant_a", "county_admin"])
def test_users_not_on_the_case_get_403_or_404_and_write_nothing(client, cast, investigating,
                                                                who):
    case = investigating
    before = written(case)
    client.force_login(getattr(cast, who))
    detail = client.get(reverse("cases:detail", args=[case.pk]))
    if detail.status_code == 200:
        html = detail.content.decode()
        for testid in ("form-add-violation", "form-add-party", "form-facts"):
            assert f'data-testid="{testid}"' not in html
    else:
        assert detail.status_code == 404
    posts = {
        "cases:add_violation": {"violation-entry_id": "AQSCF-99-5"},
        "cases:add_party": {"party-kind": "principal", "party-name": "李四",
                            "party-id_number": GOOD_ID},
        "cases:facts": {"facts-facts": "改写的事实", "facts-is_serious": "on"},
    }
    for name, data in posts.items():
        res = client.post(reverse(name, args=[case.pk]), data)
        assert res.status_code in (403, 404), (name, res.status_code)
    assert written(case) == before


def test_forms_follow_the_states_the_services_accept(client, cast, flow, today):
    client.force_login(cast.officer_a)
    case = flow.new()  # 立案审批: parties and facts may be completed, violations not yet
    html = page(client, case)
    assert 'data-testid="form-add-party"' in html and 'data-testid="form-facts"' in html
    assert 'data-testid="form-add-violation"' not in html
    before = written(case)
    res = client.post(reverse("cases:add_violation", args=[case.pk]),
                      {"violation-entry_id": "AQSCF-99-5"}, follow=True)
    assert "案件当前状态为“立案审批”，不能补充违法行为" in res.content.decode()
    assert written(case) == before

    flow.investigating(case)
    html = page(client, case)
    for testid in ("form-add-violation", "form-add-party", "form-facts"):
        assert f'data-testid="{testid}"' in html
    assert "补充后应当重新告知" not in html

    flow.review(case)
    flow.notified(case, {"unit": 22500})
    html = page(client, case)
    assert 'data-testid="form-add-violation"' in html and "补充后应当重新告知" in html

    case.refresh_from_db()
    flow.decide(case, {"unit": 22500})
    case.refresh_from_db()
    assert case.status == "decided"
    html = page(client, case)
    for testid in ("form-add-violation", "form-add-party", "form-facts"):
        assert f'data-testid="{testid}"' not in html
    before = written(case)
    for name, data, refusal in [
        ("cases:add_violation", {"violation-entry_id": "AQSCF-99-5"}, "不能补充违法行为"),
        ("cases:add_party", {"party-kind": "principal", "party-name": "李四"}, "不能追加当事人"),
        ("cases:facts", {"facts-facts": "改写"}, "不能修改案件事实"),
    ]:
        res = client.post(reverse(name, args=[case.pk]), data, follow=True)
        assert "案件当前状态为“已决定”，" + refusal in res.content.decode()
    assert written(case) == before


def test_simple_procedure_case_can_be_completed_on_the_spot(client, cast, flow):
    case = flow.new(procedure="simple")
    client.force_login(cast.officer_a)
    html = page(client, case)
    for testid in ("form-add-violation", "form-add-party", "form-facts"):
        assert f'data-testid="{testid}"' in html
    res = client.post(reverse("cases:add_violation", args=[case.pk]),
                      {"violation-entry_id": "AQSCF-99-3"})
    assert res.status_code == 302
    assert PenaltyCase.objects.get(pk=case.pk).violations.count() == 2


def test_a_case_without_a_number_says_why(client, cast, flow):
    """简易程序 is decided on the spot and never filed; an ordinary case waits for 立案."""
    simple = flow.new(procedure=Procedure.SIMPLE)
    waiting = flow.new()
    client.force_login(cast.officer_a)
    rows = client.get(reverse("cases:list")).content.decode()
    assert f'href="{reverse("cases:detail", args=[simple.pk])}">（简易程序）<' in rows
    assert f'href="{reverse("cases:detail", args=[waiting.pk])}">（待立案）<' in rows
    assert "（简易程序） · " in page(client, simple)
