from anzhi.registry.models import Enterprise
from tests.factories import make_uscc


def new_payload(cast, **over):
    payload = {"name": "湖上乡鑫源石材加工厂", "uscc": make_uscc("350524", 30_000_001),
               "region": cast.town_a.code, "lead_agency": cast.agency_a.pk,
               "employee_count": 12, "risk_grade": "B"}
    payload.update(over)
    return payload


def test_token_endpoint_rejects_a_wrong_password(cast, client):
    res = client.post("/api/v1/auth/token", {"username": "officer_a", "password": "nope"},
                      content_type="application/json")
    assert res.status_code == 401
    assert res.json()["detail"] == "用户名或密码错误"


def test_requests_without_a_token_get_401(cast, client):
    assert client.get("/api/v1/enterprises").status_code == 401


def test_invalid_token_gets_401(cast, client):
    res = client.get("/api/v1/enterprises", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert res.status_code == 401


def test_list_is_scoped_paginated_and_counted(cast, api_client):
    res = api_client.login(cast.officer_a).get("/api/v1/enterprises")
    body = res.json()
    assert res.status_code == 200
    assert body["total"] == 1
    assert [i["name"] for i in body["items"]] == ["湖上乡铁观音茶厂"]


def test_list_filters_by_name_substring(cast, api_client):
    api_client.login(cast.county_admin)
    assert api_client.get("/api/v1/enterprises", {"q": "石材"}).json()["total"] == 1
    assert api_client.get("/api/v1/enterprises", {"q": "观音"}).json()["items"][0]["name"] \
        == "湖上乡铁观音茶厂"
    assert api_client.get("/api/v1/enterprises", {"q": "不存在"}).json()["total"] == 0


def test_list_filters_by_region_prefix(cast, api_client):
    api_client.login(cast.county_admin)
    res = api_client.get("/api/v1/enterprises", {"region": cast.town_a.code}).json()
    assert [i["name"] for i in res["items"]] == ["湖上乡铁观音茶厂"]


def test_create_returns_201_with_the_dossier(cast, api_client):
    res = api_client.login(cast.officer_a).post("/api/v1/enterprises", new_payload(cast))
    assert res.status_code == 201, res.content
    assert res.json()["supervisions"] == [
        {"agency_id": cast.agency_a.pk, "agency": "湖上乡应急办", "is_lead": True}]


def test_bad_uscc_gets_400_naming_the_field_and_nothing_written(cast, api_client):
    res = api_client.login(cast.officer_a).post(
        "/api/v1/enterprises", new_payload(cast, uscc="914403001922038217"))
    assert res.status_code == 400
    assert res.json()["errors"]["uscc"] == "统一社会信用代码：校验位不正确，请核对（GB 32100）"
    assert not Enterprise.objects.filter(name="湖上乡鑫源石材加工厂").exists()


def test_wrong_type_gets_400_with_chinese_label(cast, api_client):
    res = api_client.login(cast.officer_a).post(
        "/api/v1/enterprises", new_payload(cast, employee_count="很多"))
    assert res.status_code == 400
    assert res.json()["errors"]["employee_count"] == "从业人数：应为整数"


def test_enterprise_user_sees_only_its_own(cast, api_client):
    api_client.login(cast.enterprise_user_a)
    assert api_client.get("/api/v1/enterprises").json()["total"] == 1
    assert api_client.get(f"/api/v1/enterprises/{cast.enterprise_a.pk}").status_code == 200
    assert api_client.get(f"/api/v1/enterprises/{cast.enterprise_b.pk}").status_code == 404


def test_missing_and_forbidden_are_both_404(cast, api_client):
    api_client.login(cast.officer_a)
    assert api_client.get(f"/api/v1/enterprises/{cast.enterprise_b.pk}").status_code == 404
    assert api_client.get("/api/v1/enterprises/999999").status_code == 404


def test_patch_changes_only_sent_fields(cast, api_client):
    res = api_client.login(cast.officer_a).patch(
        f"/api/v1/enterprises/{cast.enterprise_a.pk}", {"employee_count": 99})
    assert res.status_code == 200
    assert res.json()["employee_count"] == 99
    assert res.json()["name"] == "湖上乡铁观音茶厂"


def test_read_only_roles_get_403_on_patch(cast, api_client):
    for user in (cast.discipline, cast.enterprise_user_a):
        res = api_client.login(user).patch(
            f"/api/v1/enterprises/{cast.enterprise_a.pk}", {"employee_count": 99})
        assert res.status_code == 403
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.employee_count == 0


def test_regions_without_parent_are_provinces(cast, api_client):
    api_client.login(cast.officer_a)
    assert [r["code"] for r in api_client.get("/api/v1/regions").json()] == ["350000"]
    towns = api_client.get("/api/v1/regions", {"parent": "350524"}).json()
    assert [r["name"] for r in towns] == ["湖上乡", "剑斗镇"]


def test_agencies_are_scoped_to_jurisdiction_and_above(cast, api_client):
    names = {a["name"] for a in api_client.login(cast.officer_a).get("/api/v1/agencies").json()}
    assert names == {"湖上乡应急办", "安溪县安委办"}


def test_officers_carry_certificate_number_and_validity(cast, api_client):
    officers = api_client.login(cast.head_a).get("/api/v1/officers").json()
    usernames = {o["username"] for o in officers}
    assert usernames == {"head_a", "officer_a", "officer_a2"}
    first = officers[0]
    assert first["certificate_number"].startswith("闽执")
    assert first["certificate_valid_today"] is True
    assert first["agency"] == "湖上乡应急办"


def test_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/enterprises" in doc["paths"]
    assert "/api/v1/auth/token" in doc["paths"]
