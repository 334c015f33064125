"""The enterprise list counts at most ``CappedPaginator.cap`` rows and never asks the
database to order what it only counts — on the pages and in the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anzhi.core.pagination import CappedPaginator
from anzhi.registry.filters import EnterpriseFilters, apply_filters
from anzhi.registry.models import Enterprise
from anzhi.registry.paging import EnterprisePaginator
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def count_sql(paginator) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        paginator.count  # noqa: B018 — the count query is the point
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("paginator_class", [CappedPaginator, EnterprisePaginator])
def test_count_query_has_no_order_by(cast, paginator_class):
    qs = apply_filters(Enterprise.objects.select_related("region", "lead_agency"),
                       EnterpriseFilters(sort="-name"))
    assert "ORDER BY" in str(qs.query)  # the list itself stays ordered
    paginator = paginator_class(qs, 10)
    sql = count_sql(paginator)
    assert len(sql) == 1 and "COUNT(" in sql[0].upper()
    assert "ORDER BY" not in sql[0].upper()
    assert (paginator.count, paginator.capped) == (2, False)


def test_count_stops_at_the_cap(cast, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 1)
    paginator = CappedPaginator(Enterprise.objects.order_by("name", "id"), 10)
    assert (paginator.count, paginator.capped) == (1, True)
    assert "LIMIT 2" in count_sql(CappedPaginator(Enterprise.objects.all(), 10))[0].upper()


def test_a_plain_list_is_counted_too(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    paginator = CappedPaginator(list(range(10)), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)


def test_api_total_is_capped_like_the_pages(cast, api_client, monkeypatch):
    api_client.login(cast.county_admin)
    body = api_client.get("/api/v1/enterprises").json()
    assert (body["total"], body["total_is_exact"], body["has_next"]) == (2, True, False)

    monkeypatch.setattr(CappedPaginator, "cap", 1)
    first = api_client.get("/api/v1/enterprises", {"page_size": 1}).json()
    assert (first["total"], first["total_is_exact"], first["has_next"]) == (1, False, True)
    # pages past the cap are still served; has_next says where the list ends
    second = api_client.get("/api/v1/enterprises", {"page_size": 1, "page": 2}).json()
    assert second["has_next"] is False
    assert [i["name"] for i in first["items"] + second["items"]] == \
        sorted([cast.enterprise_a.name, cast.enterprise_b.name])


def test_api_counts_without_ordering_and_up_to_the_cap(cast, api_client, monkeypatch):
    for i in range(4):
        EnterpriseFactory(name=f"湖上乡第{i}号茶厂", region=cast.village_a, lead=cast.agency_a)
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    api_client.login(cast.county_admin)
    with CaptureQueriesContext(connection) as ctx:
        # No name search: on PostgreSQL its id lookup already tells the count.
        body = api_client.get("/api/v1/enterprises", {"region": cast.town_a.code}).json()
    assert (body["total"], body["total_is_exact"]) == (3, False)
    counts = [q["sql"].upper() for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "ORDER BY" not in counts[0] and "LIMIT 4" in counts[0]
