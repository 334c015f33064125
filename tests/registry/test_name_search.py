"""Name search finds exactly the names containing the text, however it is served: trigrams
(three or more characters), the character-pair index with the matches' ids (a rare short
text on PostgreSQL), or LIKE walking the list order (a common one); and the list page counts
and pages those matches right."""

import pytest
from django.db import connection

from anzhi.core.pagination import CappedPaginator
from anzhi.registry import search
from anzhi.registry.filters import EnterpriseFilters, apply_filters, filtered
from anzhi.registry.models import Enterprise
from anzhi.registry.paging import EnterprisePaginator
from tests.factories import EnterpriseFactory

NAMES = ["湖上乡恒泰茶厂", "湖上乡恒泰石材厂", "湖上乡泰和茶叶专业合作社", "湖上乡恒源加油站",
         "湖上乡恒泰茶厂二分厂", "湖上乡100%纯茶店", "湖上乡A_1茶庄"]
QUERIES = ["恒泰", "泰", "茶", "恒泰茶", "恒泰茶厂二", "%", "_", "A_", "%纯", "不存在", "厂二分"]
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def named(cast):
    for name in NAMES:
        EnterpriseFactory(name=name, region=cast.village_a)
    return [*NAMES, cast.enterprise_a.name, cast.enterprise_b.name]


@pytest.mark.parametrize("probe", [1000, 1])
@pytest.mark.parametrize("q", QUERIES)
def test_search_finds_exactly_the_names_containing_the_text(named, monkeypatch, probe, q):
    monkeypatch.setattr(search, "PROBE", probe)
    qs, known = filtered(Enterprise.objects.all(), EnterpriseFilters(q=q))
    found = list(qs.values_list("name", flat=True))
    assert found == sorted(n for n in named if q in n)
    if POSTGRESQL and len(q) <= search.SHORT:
        assert known == search.Counted(min(len(found), probe + 1),
                                       exact=len(found) <= probe)
    elif len(q) > search.SHORT:
        assert known is None


def test_short_search_keeps_the_other_filters(named, cast):
    Enterprise.objects.filter(name="湖上乡恒泰石材厂").update(risk_grade="A")
    qs = apply_filters(Enterprise.objects.all(), EnterpriseFilters(q="恒泰", risk_grade="A"))
    assert list(qs.values_list("name", flat=True)) == ["湖上乡恒泰石材厂"]
    qs = apply_filters(Enterprise.objects.all(),
                       EnterpriseFilters(q="恒泰", region=cast.town_b.code))
    assert not qs.exists()


def login(client, cast):
    client.force_login(cast.county_admin)
    return client


def test_list_page_counts_a_short_search(named, cast, client, monkeypatch):
    page = login(client, cast).get("/enterprises/", {"q": "恒泰"}).content.decode()
    assert "共 3 户" in page
    assert page.index("湖上乡恒泰石材厂") < page.index("湖上乡恒泰茶厂<") \
        < page.index("湖上乡恒泰茶厂二分厂")  # 石 (U+77F3) sorts before 茶 (U+8336)
    # A common text (more matches than the probe takes) is counted up to the cap …
    monkeypatch.setattr(search, "PROBE", 1)
    page = client.get("/enterprises/", {"q": "恒泰"}).content.decode()
    assert "共 3 户" in page
    # … or, when the probe already found more than the cap, not counted at all.
    monkeypatch.setattr(CappedPaginator, "cap", 1)
    page = client.get("/enterprises/", {"q": "恒泰"}).content.decode()
    assert "超过 1 户，请缩小筛选范围" in page


def test_paginator_pages_in_list_order_without_the_order_in_the_count(cast, db):
    for i in range(23):
        EnterpriseFactory(name=f"湖上乡第{i:02d}号茶厂", region=cast.village_a)
    qs = apply_filters(Enterprise.objects.select_related("region"),
                       EnterpriseFilters(q="号茶厂", sort="-name"))
    paginator = EnterprisePaginator(qs, 10)
    assert (paginator.count, paginator.num_pages, paginator.capped) == (23, 3, False)
    everything = list(qs)
    for number in (1, 2, 3):
        page = paginator.page(number)
        assert list(page) == everything[(number - 1) * 10:number * 10]
    assert page.object_list[0].region.name == "湖上村"  # joins kept


def test_paginator_trusts_an_exact_known_count(cast, db, django_assert_num_queries):
    qs = Enterprise.objects.order_by("name", "id")
    paginator = EnterprisePaginator(qs, 10, known=search.Counted(2, exact=True))
    with django_assert_num_queries(0):
        assert paginator.count == 2
