"""作废: a violation or a person party entered by mistake is voided with a reason, by the case
team, before the decision; it stays on the record (struck through, with who, when and why) and
counts for nothing: not the notice, the fines, the discretion, the documents or the decision."""

from decimal import Decimal

import pytest
from django.urls import reverse

from anzhi.cases import selectors, services, voids
from anzhi.cases.choices import Status
from anzhi.cases.models import CaseParty, PenaltyLine, Violation
from anzhi.core.errors import TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent
from tests.cases.test_pages_documents import docx_text


@pytest.fixture
def case(flow, cast):
    """Investigating, with a second violation and a person entered by mistake."""
    c = flow.new()
    flow.investigating(c)
    services.case_add_violation(actor=cast.officer_a, case=c, data={
        "entry_id": "AQSCF-99-5", "facts": "误录：应为另案"})
    services.case_add_party(actor=cast.officer_a, case=c, data={
        "kind": "person", "name": "王五", "position": "车间主任"})
    c.refresh_from_db()
    return c


def wrong_violation(case):
    return case.violations.get(entry_id="AQSCF-99-5")


def wrong_person(case):
    return case.parties.get(name="王五")


def written(case):
    return (list(Violation.objects.filter(case=case).values_list("pk", "voided_at", "void_reason")),
            list(CaseParty.objects.filter(case=case).values_list("pk", "voided_at", "void_reason")),
            AuditEvent.objects.count(), case.transitions.count())


def test_void_keeps_the_row_with_who_when_why_and_audits_it(cast, case):
    v = voids.violation_void(actor=cast.officer_a, case=case, violation=wrong_violation(case).pk,
                             reason="  录入错误：该行为属另案  ")
    p = voids.party_void(actor=cast.officer_a2, case=case, party=wrong_person(case).pk,
                         reason="非本案责任人员")
    v.refresh_from_db()
    p.refresh_from_db()
    assert v.is_void and v.voided_by == cast.officer_a and v.void_reason == "录入错误：该行为属另案"
    assert p.is_void and p.voided_by == cast.officer_a2 and p.voided_at is not None
    assert Violation.objects.filter(case=case).count() == 2  # nothing deleted
    assert [r.pk for r in case.violations.active()] != [r.pk for r in case.violations.all()]
    events = AuditEvent.objects.filter(action__in=["case.void_violation", "case.void_party"])
    assert [(e.action, e.reason) for e in events.order_by("id")] == [
        ("case.void_violation", "录入错误：该行为属另案"), ("case.void_party", "非本案责任人员")]


def test_voided_rows_count_for_nothing(cast, flow, case, client):
    v_void = voids.violation_void(actor=cast.officer_a, case=case,
                                  violation=wrong_violation(case).pk, reason="属另案")
    p_void = voids.party_void(actor=cast.officer_a, case=case, party=wrong_person(case).pk,
                              reason="非本案人员")
    flow.review(case)
    unit = case.parties.get(kind="unit")
    v = case.violations.get(entry_id="AQSCF-99-1")
    # The notice: a proposal on a voided row is refused.
    for bad in ({"violation": v_void.pk, "party": unit.pk}, {"violation": v.pk,
                                                              "party": p_void.pk}):
        with pytest.raises(ValidationFailed) as exc:
            flow.act(case, "notify", proposal=[{**bad, "amount": "1000"}])
        assert exc.value.errors["proposal.0"] == "拟处罚：当事人或违法行为不属于本案或已作废"
    flow.act(case, "notify", proposal=[{"violation": v.pk, "party": unit.pk, "amount": "22500"}])
    case.refresh_from_db()
    # Discretion: only the live violation × party rows.
    rows = selectors.decision_context(cast.head_a, case)
    assert [(r["violation"].pk, r["party"].pk) for r in rows] == [(v.pk, unit.pk)]
    # The decision: a line on a voided row is refused, nothing written.
    with pytest.raises(ValidationFailed) as exc:
        services.case_decide(actor=cast.head_a, case=case, lines=[
            {"violation": v.pk, "party": unit.pk, "amount": "22500"},
            {"violation": v_void.pk, "party": unit.pk, "amount": "0"}])
    assert exc.value.errors["lines.1"] == "处罚内容：当事人或违法行为不属于本案或已作废"
    assert not PenaltyLine.objects.exists()
    flow.decide(case, {"unit": 22500})
    case.refresh_from_db()
    assert case.fine_total == Decimal("22500")
    # The documents list only the live rows.
    client.force_login(cast.officer_a)
    for kind in ("case_filing", "penalty_notice", "penalty_decision"):
        text = docx_text(client.get(reverse("cases:document",
                                            args=[case.pk, kind, "docx"])).content)
        assert "安全生产法第99条第1款第1项" in text, kind
        assert "安全生产法第99条第1款第5项" not in text and "误录" not in text, kind
        assert "王五" not in text, kind


def test_voiding_the_only_violation_blocks_the_review(cast, flow):
    c = flow.new()
    flow.investigating(c)
    voids.violation_void(actor=cast.officer_a, case=c, violation=c.violations.get().pk,
                         reason="条目选错")
    with pytest.raises(ValidationFailed) as exc:
        flow.review(c)
    assert exc.value.errors["violations"] == "违法行为：至少认定一项违法行为"


@pytest.mark.parametrize(("who", "target", "reason", "error", "status"), [
    pytest.param("officer_a", "violation", "", ("reason", "作废理由：必填"), 400, id="no-reason"),
    pytest.param("officer_a", "party", " \n", ("reason", "作废理由：必填"), 400,
                 id="blank-reason"),
    pytest.param("officer_a", "unit", "录错", ("party", "当事人：被立案的生产经营单位不能作废"),
                 400, id="the-unit"),
    pytest.param("officer_b", "violation", "录错", None, 404, id="other-agency"),
    pytest.param("discipline", "party", "录错", None, 403, id="read-only-role"),
    pytest.param("auxiliary_a", "violation", "录错", None, 403, id="auxiliary"),
    pytest.param("enterprise_user_a", "party", "录错", None, 403, id="enterprise"),
])
def test_bad_void_is_refused_and_writes_nothing(cast, case, api_client, who, target, reason,
                                                error, status):
    row = {"violation": wrong_violation(case), "party": wrong_person(case),
           "unit": case.parties.get(kind="unit")}[target]
    path = "violations" if target == "violation" else "parties"
    before = written(case)
    res = api_client.login(getattr(cast, who)).post(
        f"/api/v1/cases/{case.pk}/{path}/{row.pk}/void", {"reason": reason})
    if status == 403:  # sees the case, may not act on it; or does not see it
        assert res.status_code in (403, 404), res.content
    else:
        assert res.status_code == status, res.content
    if error:
        field, message = error
        assert res.json()["errors"][field].startswith(message)
    assert res.json()["detail"]
    assert written(case) == before


def test_void_is_refused_after_the_decision_and_twice(cast, flow, api_client):
    c = flow.new()
    v = c.violations.get()
    voids.party_void(actor=cast.officer_a, case=c, party=c.parties.create(
        kind="person", name="赵六").pk, reason="录错")
    with pytest.raises(TransitionRefused) as exc:
        voids.party_void(actor=cast.officer_a, case=c, party=c.parties.get(name="赵六").pk,
                         reason="再次")
    assert "不能重复作废" in exc.value.message
    flow.to_decided(c)
    before = written(c)
    api = api_client.login(cast.officer_a)
    res = api.post(f"/api/v1/cases/{c.pk}/violations/{v.pk}/void", {"reason": "录错"})
    assert res.status_code == 409
    assert res.json()["detail"] == "案件当前状态为“已决定”，不能作废违法行为"
    res = api.post(f"/api/v1/cases/{c.pk}/violations/{2**31 - 1}/void", {"reason": "录错"})
    assert res.status_code == 409  # the state is checked before the row
    assert written(c) == before


def test_api_void_shows_who_when_why(cast, case, api_client):
    api = api_client.login(cast.officer_a)
    res = api.post(f"/api/v1/cases/{case.pk}/violations/{wrong_violation(case).pk}/void",
                   {"reason": "属另案"})
    assert res.status_code == 200, res.content
    voided = {v["entry_id"]: v["voided"] for v in res.json()["violations"]}
    assert voided["AQSCF-99-1"] is None
    assert voided["AQSCF-99-5"]["reason"] == "属另案"
    assert voided["AQSCF-99-5"]["by"] == cast.officer_a.display_name
    assert voided["AQSCF-99-5"]["at"]
    res = api.post(f"/api/v1/cases/{case.pk}/parties/{wrong_person(case).pk}/void",
                   {"reason": "非本案人员"})
    assert res.status_code == 200, res.content
    person = next(p for p in res.json()["parties"] if p["name"] == "王五")
    assert person["voided"]["reason"] == "非本案人员"
    res = api.post(f"/api/v1/cases/{case.pk}/parties/{wrong_person(case).pk}/void", {})
    assert res.status_code == 409 and "不能重复作废" in res.json()["detail"]
    res = api.post(f"/api/v1/cases/{case.pk}/parties/{2**31 - 1}/void", {"reason": "x"})
    assert res.status_code == 404


def test_case_page_void_button_and_struck_row(cast, case, client):
    client.force_login(cast.officer_a)
    v = wrong_violation(case)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'data-testid="void-violation-{v.pk}"' in html
    assert f'data-testid="void-party-{wrong_person(case).pk}"' in html
    unit = case.parties.get(kind="unit")
    assert f'data-testid="void-party-{unit.pk}"' not in html  # the unit is not offered
    url = reverse("cases:void_violation", args=[case.pk, v.pk])
    before = written(case)
    html = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "作废理由：必填" in html
    assert written(case) == before

    res = client.post(url, {"reason": "属另案"}, follow=True)
    html = res.content.decode()
    assert "已作废违法行为" in html
    row = html.split(f'id="violation-{v.pk}">')[1].split("</li>")[0]
    assert "<del><strong>安全生产法第99条第1款第5项</strong>" in row
    assert f"{cast.officer_a} " in row and "作废，理由：属另案" in row
    assert 'data-testid="void-violation' not in row  # no second void

    client.force_login(cast.discipline)  # sees the case, may not void
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="void-' not in html and "作废，理由：属另案" in html
    assert client.post(reverse("cases:void_party", args=[case.pk, wrong_person(case).pk]),
                       {"reason": "x"}).status_code == 403
    assert not wrong_person(case).is_void


def test_void_buttons_follow_the_states(cast, flow, client):
    c = flow.new()
    flow.to_decided(c)
    c.refresh_from_db()
    assert c.status == Status.DECIDED
    client.force_login(cast.officer_a)
    html = client.get(reverse("cases:detail", args=[c.pk])).content.decode()
    assert 'data-testid="void-' not in html


def test_voided_rows_take_no_income_and_no_evidence(cast, case):
    p = wrong_person(case)
    v = wrong_violation(case)
    voids.party_void(actor=cast.officer_a, case=case, party=p.pk, reason="录错")
    voids.violation_void(actor=cast.officer_a, case=case, violation=v.pk, reason="录错")
    before = written(case)
    with pytest.raises(ValidationFailed) as exc:
        services.case_set_party_income(actor=cast.officer_a, case=case, party=p.pk,
                                       last_year_income="100000")
    assert exc.value.errors["party"] == "当事人：不是本案的个人当事人（或已作废）"
    with pytest.raises(ValidationFailed) as exc:
        services.case_add_evidence(actor=cast.officer_a, case=case, kind="photo",
                                   title="现场照片", violation=v.pk)
    assert exc.value.errors["violation"] == "对应违法行为：不属于本案或已作废"
    assert written(case) == before and not case.evidence.exists()


def test_simple_procedure_void_needs_no_notice(cast, flow):
    c = flow.new(procedure="simple")
    person = c.parties.create(kind="person", name="赵六")
    voids.party_void(actor=cast.officer_a, case=c, party=person.pk, reason="录错")
    c.refresh_from_db()
    assert c.status == Status.SIMPLE and c.notice_stale_on is None
