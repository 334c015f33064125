"""The list page and the API list read their rows as dicts (``selectors.list_rows``); each
row must still say what the enterprise's own detail says."""

from anzhi.registry.choices import EnterpriseStatus
from anzhi.registry.schemas import EnterpriseListItem
from tests.factories import EnterpriseFactory


def _list_items(api_client, user, **params):
    res = api_client.login(user).get("/api/v1/enterprises", params)
    assert res.status_code == 200, res.content
    return {i["id"]: i for i in res.json()["items"]}


def test_api_list_items_match_the_detail(cast, api_client):
    cast.agency_a.short_name = "湖上应急"
    cast.agency_a.save()
    cast.enterprise_a.status = EnterpriseStatus.SUSPENDED
    cast.enterprise_a.save()
    items = _list_items(api_client, cast.county_admin)
    assert set(items) == {cast.enterprise_a.pk, cast.enterprise_b.pk}
    for pk, item in items.items():
        detail = api_client.get(f"/api/v1/enterprises/{pk}").json()
        assert item == {k: detail[k] for k in EnterpriseListItem.model_fields}
    a = items[cast.enterprise_a.pk]
    assert (a["region"], a["region_name"]) == ("350524113201", "湖上村")
    assert (a["status"], a["status_label"]) == ("suspended", "停产整顿")
    assert a["lead_agency"] == "湖上应急"  # the short name, as everywhere the agency is shown
    assert items[cast.enterprise_b.pk]["lead_agency"] == "剑斗镇应急办"


def test_api_list_item_without_a_lead_agency(cast, api_client):
    orphan = EnterpriseFactory(name="湖上乡无主责茶厂", region=cast.village_a)
    items = _list_items(api_client, cast.county_admin, q="无主责")
    assert items[orphan.pk]["lead_agency"] is None


def test_list_page_rows_show_region_status_and_agency(cast, client):
    cast.agency_a.short_name = "湖上应急"
    cast.agency_a.save()
    cast.enterprise_a.status = EnterpriseStatus.SUSPENDED
    cast.enterprise_a.save()
    client.force_login(cast.officer_a)
    html = client.get("/enterprises/").content.decode()
    row = html[html.index(f'href="/enterprises/{cast.enterprise_a.pk}/"'):]
    row = row[:row.index("</tr>")]
    assert "湖上乡铁观音茶厂" in row
    assert cast.enterprise_a.uscc in row
    assert "<td>湖上村</td>" in row
    assert "<td>停产整顿</td>" in row
    assert "湖上应急" in row


def test_list_page_joins_only_when_reading_the_rows(cast, client):
    """The page's ids are read from the enterprise table alone (its indexes), the joins only
    for those 20 rows: with them in the first step PostgreSQL read a page 8× slower."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.county_admin)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/enterprises/").status_code == 200
    enterprise_reads = [q["sql"] for q in ctx.captured_queries
                        if 'FROM "registry_enterprise"' in q["sql"]]
    assert len(enterprise_reads) == 3  # count, the page's ids, its rows
    count, ids, rows = enterprise_reads
    assert "JOIN" not in count and "JOIN" not in ids
    assert '"regions_region"."name"' in rows



def test_list_page_rows_keep_the_lists_order(cast, client):
    """The rows are read by their ids in one compiled statement; the page must still show
    them in the order the list sorted their ids."""
    import re

    for n in range(5):
        EnterpriseFactory(name=f"湖上乡{'甲乙丙丁戊'[n]}号茶厂", region=cast.village_a,
                          employee_count=10 * (5 - n))
    from anzhi.registry.filters import SORTS
    from anzhi.registry.models import Enterprise

    client.force_login(cast.county_admin)
    for sort in ("name", "-name", "-employee_count"):
        html = client.get("/enterprises/", {"sort": sort}).content.decode()
        shown = [int(pk) for pk in re.findall(r'href="/enterprises/(\d+)/"', html)]
        expected = list(Enterprise.objects.order_by(*SORTS[sort]).values_list("pk", flat=True))
        assert len(expected) >= 7
        assert shown == expected, sort


def test_api_list_pages_keep_the_lists_order(cast, api_client):
    from anzhi.registry.filters import SORTS
    from anzhi.registry.models import Enterprise

    for n in range(5):
        EnterpriseFactory(name=f"湖上乡{'甲乙丙丁戊'[n]}号石材厂", region=cast.village_a,
                          employee_count=7 * n)
    api_client.login(cast.county_admin)
    for sort in ("-name", "-employee_count"):
        expected = list(Enterprise.objects.order_by(*SORTS[sort]).values_list("pk", flat=True))
        shown, page, more = [], 1, True
        while more:
            body = api_client.get("/api/v1/enterprises",
                                  {"sort": sort, "page": page, "page_size": 3}).json()
            shown += [item["id"] for item in body["items"]]
            more, page = body["has_next"], page + 1
        assert len(expected) >= 7 and shown == expected, sort


def test_every_risk_grade_has_a_badge_colour():
    """_results.jinja reads RISK_GRADE_BADGES[grade] without a default."""
    from anzhi.registry.choices import RISK_GRADE_BADGES, RiskGrade

    assert set(RISK_GRADE_BADGES) == set(RiskGrade.values)
