"""API: /api/v1/plans, /draws, /draws/{id}/execute, /draws/{id}/verify, /campaigns."""

import pytest

from anzhi.planning.models import RandomDraw

pytestmark = pytest.mark.django_db


def new_draw(api_client, cast, **kw):
    body = {"agency": cast.agency_a.pk, "title": "第二季度双随机抽查", "count": 5}
    body.update(kw)
    return api_client.post("/api/v1/draws", body)


def test_draw_create_execute_verify(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    res = new_draw(api_client, cast)
    assert res.status_code == 201, res.content
    draw = res.json()
    assert len(draw["commitment"]) == 64 and draw["seed"] is None and draw["selected"] is None
    assert draw["pool_size"] == 41

    res = api_client.post(f"/api/v1/draws/{draw['id']}/execute",
                          {"witness_entropy": ["纪委 271828"]})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["seed"] and body["witness_entropy"] == ["纪委 271828"]
    assert len(body["selected"]) == 5
    assert body["selected_total"] == 5 and body["selected_next"] is None
    assert all(len(s["officers"]) == 2 and s["enterprise"] for s in body["selected"])

    again = api_client.post(f"/api/v1/draws/{draw['id']}/execute", {"witness_entropy": ["x"]})
    assert again.status_code == 200
    assert again.json()["selected"] == body["selected"] and again.json()["seed"] == body["seed"]

    verify = api_client.get(f"/api/v1/draws/{draw['id']}/verify").json()
    assert verify["valid"] is True and verify["executed"] is True

    doc = api_client.get(f"/api/v1/draws/{draw['id']}/published").json()
    assert doc["selected"][0]["enterprise"] == body["selected"][0]["enterprise"]


def test_verify_before_execution(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    draw = new_draw(api_client, cast).json()
    verify = api_client.get(f"/api/v1/draws/{draw['id']}/verify").json()
    assert verify["executed"] is False and verify["checks"] == {"pool_hash": True}


def test_bad_draw_input_gives_chinese_field_errors(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    res = new_draw(api_client, cast, count=500)
    assert res.status_code == 400
    assert "超过名录库企业数" in res.json()["errors"]["count"]
    res = new_draw(api_client, cast, count=None, filters={"risk_grade": "A"}, ratio="0.1")
    assert res.status_code == 400 and "没有可抽取的企业" in res.json()["errors"]["filters"]
    res = new_draw(api_client, cast, count="很多")
    assert res.status_code == 400 and res.json()["errors"]["count"].startswith("抽取数量")
    assert not RandomDraw.objects.exists()


def test_other_township_gets_404(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    draw = new_draw(api_client, cast).json()
    api_client.login(cast.officer_b)
    assert api_client.get(f"/api/v1/draws/{draw['id']}").status_code == 404
    assert api_client.post(f"/api/v1/draws/{draw['id']}/execute").status_code == 404
    assert api_client.get(f"/api/v1/draws/{draw['id']}/verify").status_code == 404
    assert api_client.get("/api/v1/draws").json() == []
    assert new_draw(api_client, cast).status_code == 403
    assert RandomDraw.objects.get(pk=draw["id"]).status == "committed"


def test_discipline_sees_and_witnesses_but_cannot_execute(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    draw = new_draw(api_client, cast).json()
    api_client.login(cast.discipline)
    assert api_client.get(f"/api/v1/draws/{draw['id']}").status_code == 200
    res = api_client.post(f"/api/v1/draws/{draw['id']}/witness", {"entropy": "纪委 1123"})
    assert res.status_code == 200 and res.json()["witness_entropy"] == ["纪委 1123"]
    assert api_client.post(f"/api/v1/draws/{draw['id']}/execute").status_code == 403


def test_void_then_execute_is_409(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    draw = new_draw(api_client, cast).json()
    assert api_client.post(f"/api/v1/draws/{draw['id']}/void", {"reason": ""}).status_code == 400
    assert api_client.post(f"/api/v1/draws/{draw['id']}/void",
                           {"reason": "范围有误"}).status_code == 200
    res = api_client.post(f"/api/v1/draws/{draw['id']}/execute")
    assert res.status_code == 409 and "作废" in res.json()["detail"]


def test_plans_endpoint(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    res = api_client.post("/api/v1/plans", {"agency": cast.agency_a.pk, "year": 2026})
    assert res.status_code == 201, res.content
    plan = res.json()
    assert plan["random_pool_count"] == 41 and plan["random_quota"] == 3
    listed = api_client.get("/api/v1/plans", {"year": 2026}).json()
    assert [p["id"] for p in listed] == [plan["id"]]
    assert len(listed[0]["stats"]["months"]) == 12
    bad = api_client.post(f"/api/v1/plans/{plan['id']}/rules",
                          {"rules": {"random_ratio": "0.01"}})
    assert bad.status_code == 400 and "不得低于 5%" in bad.json()["errors"]["random_ratio"]
    assert api_client.post(f"/api/v1/plans/{plan['id']}/publish").status_code == 200
    assert api_client.post(f"/api/v1/plans/{plan['id']}/publish").status_code == 409
    api_client.login(cast.officer_b)
    assert api_client.get("/api/v1/plans").json() == []
    assert api_client.get(f"/api/v1/plans/{plan['id']}").status_code == 404


def test_campaigns_endpoint(api_client, cast):
    api_client.login(cast.county_admin)
    body = {"title": "危险化学品安全专项整治", "document_number": "安委办〔2026〕5号",
            "issuing_agency": cast.county_office.pk, "starts_on": "2026-04-01",
            "ends_on": "2026-10-31", "reporting_day": 25,
            "phases": [{"name": "动员部署", "starts_on": "2026-04-01", "ends_on": "2026-04-15"},
                       {"name": "集中推进", "starts_on": "2026-04-16", "ends_on": "2026-09-30"},
                       {"name": "总结提高", "starts_on": "2026-10-01", "ends_on": "2026-10-31"}],
            "targets": [{"metric": "enterprises", "label": "检查企业", "target": 50}]}
    res = api_client.post("/api/v1/campaigns", body)
    assert res.status_code == 201, res.content
    # a township officer sees the county's campaign
    api_client.login(cast.officer_a)
    listed = api_client.get("/api/v1/campaigns").json()
    assert [c["title"] for c in listed] == ["危险化学品安全专项整治"]
    assert listed[0]["targets"][0] == {"metric": "enterprises", "label": "检查企业",
                                       "target": 50, "actual": 0, "percent": 0}
    assert [p["name"] for p in listed[0]["phases"]] == ["动员部署", "集中推进", "总结提高"]
    bad = dict(body, phases=[{"name": "动员部署", "starts_on": "2026-03-01",
                              "ends_on": "2026-04-15"}])
    api_client.login(cast.county_admin)
    res = api_client.post("/api/v1/campaigns", bad)
    assert res.status_code == 400
    assert "超出行动起止日期" in res.json()["errors"]["phases.1.starts_on"]


def test_enterprise_user_sees_nothing(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    draw = new_draw(api_client, cast).json()
    api_client.login(cast.enterprise_user_a)
    assert api_client.get(f"/api/v1/draws/{draw['id']}").status_code == 404
    assert api_client.get("/api/v1/plans").json() == []
