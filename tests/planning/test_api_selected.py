"""API: the draw's selection is paged (GET /api/v1/draws/{id}/selected); the published
document keeps the complete list that verify-draw checks."""

import json

import pytest

from anzhi.planning import api_draws

pytestmark = pytest.mark.django_db


@pytest.fixture
def executed(api_client, cast, town_a, monkeypatch):
    """An executed draw of 25 enterprises, with a first page of 10 in the draw detail."""
    monkeypatch.setattr(api_draws, "SELECTED_FIRST_PAGE", 10)
    api_client.login(cast.officer_a)
    draw = api_client.post("/api/v1/draws", {"agency": cast.agency_a.pk, "title": "全乡抽查",
                                             "count": 25}).json()
    res = api_client.post(f"/api/v1/draws/{draw['id']}/execute")
    assert res.status_code == 200, res.content
    return res.json()


def test_execute_and_detail_return_the_first_page_and_the_total(api_client, executed):
    url = f"/api/v1/draws/{executed['id']}/selected"
    assert [s["position"] for s in executed["selected"]] == list(range(1, 11))
    assert executed["selected_total"] == 25
    assert executed["selected_next"] == f"{url}?offset=10&limit=10"
    detail = api_client.get(f"/api/v1/draws/{executed['id']}").json()
    assert detail["selected"] == executed["selected"]
    assert (detail["selected_total"], detail["selected_next"]) == (25, f"{url}?offset=10&limit=10")


def test_following_next_gives_the_whole_published_selection(api_client, client, executed):
    rows, url = list(executed["selected"]), executed["selected_next"]
    while url:
        page = api_client.get(url).json()
        assert page["total"] == 25 and len(page["items"]) <= 10
        rows += page["items"]
        url = page["next"]
    assert [r["position"] for r in rows] == list(range(1, 26))
    published = json.loads(client.get(f"/public/draws/{executed['id']}.json").content)
    assert [{"enterprise": r["enterprise"], "officers": r["officers"]} for r in rows] \
        == published["selected"]
    verify = api_client.get(f"/api/v1/draws/{executed['id']}/verify").json()
    assert verify["valid"] is True and verify["checks"]["selection"] is True


def test_selected_page_by_offset_and_limit(api_client, executed):
    page = api_client.get(f"/api/v1/draws/{executed['id']}/selected",
                          {"offset": 20, "limit": 10}).json()
    assert [r["position"] for r in page["items"]] == [21, 22, 23, 24, 25]
    assert page["next"] is None
    assert all(r["enterprise_name"] and len(r["officer_names"]) == 2 for r in page["items"])
    beyond = api_client.get(f"/api/v1/draws/{executed['id']}/selected", {"offset": 25}).json()
    assert beyond["items"] == [] and beyond["next"] is None


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"offset": -1}, "offset", "起始位置：应为不小于 0 的整数"),
    ({"limit": 0}, "limit", "每页条数：应为 1 到 1000 之间的整数"),
    ({"limit": 1001}, "limit", "每页条数：应为 1 到 1000 之间的整数"),
    ({"limit": "很多"}, "limit", "每页条数：应为整数"),
])
def test_bad_offset_or_limit_gets_400_naming_the_field(api_client, executed, params, field,
                                                       message):
    res = api_client.get(f"/api/v1/draws/{executed['id']}/selected", params)
    assert res.status_code == 400
    assert res.json()["errors"] == {field: message}


def test_selected_before_execution_is_409_and_scoped(api_client, cast, town_a):
    api_client.login(cast.officer_a)
    draw = api_client.post("/api/v1/draws", {"agency": cast.agency_a.pk, "title": "未执行",
                                             "count": 5}).json()
    assert draw["selected_total"] is None and draw["selected_next"] is None
    res = api_client.get(f"/api/v1/draws/{draw['id']}/selected")
    assert res.status_code == 409 and "尚未执行" in res.json()["detail"]
    api_client.login(cast.officer_b)
    assert api_client.get(f"/api/v1/draws/{draw['id']}/selected").status_code == 404


def test_draw_list_links_the_selection_without_rows(api_client, executed):
    listed = api_client.get("/api/v1/draws").json()
    assert listed[0]["selected"] is None and listed[0]["selected_total"] == 25
    assert listed[0]["selected_url"] == \
        f"/api/v1/draws/{executed['id']}/selected?offset=0&limit=10"
