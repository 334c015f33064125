"""The cases and referrals API: a case from creation to archive, errors 400/403/404/409."""

from datetime import date

import pytest

from anzhi.cases import services
from anzhi.cases.models import PenaltyCase


def create(api, cast, **extra):
    body = {"enterprise": cast.enterprise_a.pk, "title": "未设置安全警示标志",
            "source_type": "inspection", "source_id": 9, "source_label": "检查记录",
            "facts": "粉碎车间无警示标志", "officers": [cast.officer_a.pk, cast.officer_a2.pk],
            "violations": [{"entry_id": "AQSCF-99-1", "facts": "粉碎车间"}], **extra}
    return api.post("/api/v1/cases", body)


def test_case_through_the_api_from_creation_to_archive(cast, api_client, today):
    api = api_client.login(cast.officer_a)
    res = create(api, cast)
    assert res.status_code == 201, res.content
    case = res.json()
    cid = case["id"]
    assert case["status"] == "filing" and case["pre_accident"] is True
    unit = case["parties"][0]["id"]
    violation = case["violations"][0]["id"]

    res = api.post(f"/api/v1/cases/{cid}/transitions", {"action": "approve_filing"})
    assert res.status_code == 403 and "负责人" in res.json()["detail"]

    api.login(cast.head_a)
    res = api.post(f"/api/v1/cases/{cid}/transitions", {"action": "approve_filing"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == "investigating" and body["number"].startswith("湖上乡应急办立")
    dl = {d["name"]: d for d in body["deadlines"]}["decision"]
    assert dl["due"] == "2026-10-08" and dl["state"] == "running"
    assert "行政处罚法第60条" in dl["legal_basis"] and dl["label"] == "作出处罚决定期限"

    api.login(cast.officer_a)
    res = api.post(f"/api/v1/cases/{cid}/transitions", {"action": "submit_review"})
    assert res.status_code == 400 and "证据" in res.json()["errors"]["evidence"]
    services.case_add_evidence(actor=cast.officer_a, case=PenaltyCase.objects.get(pk=cid),
                               kind="inquiry", title="询问笔录", content="问答")
    assert api.post(f"/api/v1/cases/{cid}/transitions",
                    {"action": "submit_review"}).status_code == 200
    res = api.post(f"/api/v1/cases/{cid}/decision", {"lines": [
        {"violation": violation, "party": unit, "amount": "20000"}]})
    assert res.status_code == 409 and "未履行告知程序" in res.json()["detail"]
    res = api.post(f"/api/v1/cases/{cid}/transitions", {
        "action": "notify", "proposal": [{"violation": violation, "party": unit,
                                          "amount": "22500"}]})
    assert res.status_code == 200 and res.json()["status"] == "notified"

    api.login(cast.head_a)
    res = api.post(f"/api/v1/cases/{cid}/decision", {"lines": [
        {"violation": violation, "party": unit, "amount": "60000", "level": "从重",
         "deviation_reason": "x"}]})
    assert res.status_code == 400
    assert "超出" in res.json()["errors"]["lines.0.amount"]
    res = api.post(f"/api/v1/cases/{cid}/decision", {"lines": [
        {"violation": violation, "party": unit, "amount": "22500"}]})
    assert res.status_code == 200, res.content
    assert res.json()["decision"]["number"].startswith("湖上乡应急办罚决")

    api.login(cast.officer_a)
    assert api.post(f"/api/v1/cases/{cid}/transitions",
                    {"action": "serve"}).status_code == 200
    res = api.post(f"/api/v1/cases/{cid}/payments", {"amount": "30000"})
    assert res.status_code == 400 and "超过应缴金额22500.00元" in res.json()["errors"]["amount"]
    res = api.post(f"/api/v1/cases/{cid}/payments", {"amount": "22500", "receipt_number": "R1"})
    assert res.status_code == 201 and res.json()["paid_principal"] == "22500.00"
    api.login(cast.head_a)
    assert api.post(f"/api/v1/cases/{cid}/transitions",
                    {"action": "close"}).status_code == 200
    res = api.post(f"/api/v1/cases/{cid}/transitions", {"action": "close"})
    assert res.status_code == 409 and "结案" in res.json()["detail"]
    res = api.post(f"/api/v1/cases/{cid}/transitions", {"action": "archive"})
    assert res.status_code == 200 and res.json()["status"] == "archived"


def test_unknown_action_and_bad_schema(cast, api_client):
    api = api_client.login(cast.officer_a)
    cid = create(api, cast).json()["id"]
    res = api.post(f"/api/v1/cases/{cid}/transitions", {"action": "fly"})
    assert res.status_code == 409 and "fly" in res.json()["detail"]
    res = api.post("/api/v1/cases", {"title": "x"})
    assert res.status_code == 400 and "必填" in res.json()["errors"]["enterprise"]
    res = create(api, cast, violations=[{"entry_id": "AQSCF-999"}])
    assert res.status_code == 400 and "AQSCF-999" in res.json()["errors"]["violations.0.entry_id"]
    assert PenaltyCase.objects.count() == 1


def test_list_with_filters_and_scoping(cast, api_client):
    api = api_client.login(cast.officer_a)
    create(api, cast)
    create(api, cast, procedure="simple", title="简易")
    res = api.get("/api/v1/cases", {"procedure": "simple", "count": "true"})
    assert res.status_code == 200
    body = res.json()
    assert body["total"] == 1 and body["items"][0]["title"] == "简易"
    assert api.get("/api/v1/cases", {"status": "filing"}).json()["items"][0]["status"] == "filing"
    # Another township's officer sees none of them and gets 404 on each.
    other = api_client.login(cast.officer_b)
    assert other.get("/api/v1/cases").json()["items"] == []
    cid = PenaltyCase.objects.first().pk
    assert other.get(f"/api/v1/cases/{cid}").status_code == 404
    assert other.post(f"/api/v1/cases/{cid}/transitions",
                      {"action": "approve_filing"}).status_code == 404
    # The enterprise sees its own cases, read-only; the discipline office reads, never acts.
    ent = api_client.login(cast.enterprise_user_a)
    assert len(ent.get("/api/v1/cases").json()["items"]) == 2
    assert ent.post(f"/api/v1/cases/{cid}/transitions",
                    {"action": "approve_filing"}).status_code == 403
    jiwei = api_client.login(cast.discipline)
    assert jiwei.get(f"/api/v1/cases/{cid}").status_code == 200
    assert jiwei.post(f"/api/v1/cases/{cid}/transitions",
                      {"action": "approve_filing"}).status_code == 403


def test_referral_api_lifecycle(cast, api_client, today):
    api = api_client.login(cast.officer_a)
    res = api.post("/api/v1/referrals", {
        "enterprise": cast.enterprise_a.pk, "kind": "agency", "counterpart": "安溪县市场监管局",
        "facts": "无证经营燃气"})
    assert res.status_code == 400 and "回复期限" in res.json()["errors"]["response_due"]
    res = api.post("/api/v1/referrals", {
        "enterprise": cast.enterprise_a.pk, "kind": "agency", "counterpart": "安溪县市场监管局",
        "facts": "无证经营燃气", "response_due": "2026-09-30"})
    assert res.status_code == 201, res.content
    rid = res.json()["id"]
    assert res.json()["number"].startswith("湖上乡应急办移〔2026〕")
    res = api.post(f"/api/v1/referrals/{rid}/events", {"status": "responded"})
    assert res.status_code == 409 and "下一步应为“已签收”" in res.json()["detail"]
    res = api.post(f"/api/v1/referrals/{rid}/events",
                   {"status": "received", "on": str(date(2026, 9, 1)), "document": "签收回执"})
    assert res.status_code == 200 and res.json()["received_on"] == "2026-09-01"
    body = api.get(f"/api/v1/referrals/{rid}").json()
    assert [e["status"] for e in body["events"]] == ["sent", "received"]
    assert api_client.login(cast.officer_b).get(f"/api/v1/referrals/{rid}").status_code == 404


@pytest.mark.parametrize("user", ["officer_b", "enterprise_user_a"])
def test_others_cannot_create_cases(cast, api_client, user):
    api = api_client.login(getattr(cast, user))
    res = create(api, cast)
    assert res.status_code in (400, 403)
    assert PenaltyCase.objects.count() == 0
