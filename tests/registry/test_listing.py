"""registry.listing: the list's count and page ids from statements kept per shape must be
what the queryset gives, for every filter, scope and sort, with the values of each request."""

import itertools

import pytest

from anzhi.core import prepared
from anzhi.registry import listing
from anzhi.registry.filters import EnterpriseFilters
from anzhi.registry.selectors import enterprise_matches
from anzhi.registry.services import enterprise_create
from tests.factories import AgencyFactory, make_uscc, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def township(cast):
    for code, name in (("hazchem", "危险化学品"), ("gas", "燃气"), ("industry_trade", "工贸")):
        sector(code, name)
    fire = AgencyFactory(name="湖上乡消防站", region=cast.town_a)
    rows = [("甲加油站", "A", ["hazchem", "gas"], 40, True), ("乙茶厂", "B", ["industry_trade"], 12,
            False), ("丙液化气站", "A", ["gas"], 8, True), ("丁石材厂", "C", [], 60, False),
            ("戊木器厂", "B", ["industry_trade"], 25, True), ("己茶厂", "D", [], 3, False)]
    for n, (name, grade, codes, people, dusty) in enumerate(rows):
        enterprise_create(actor=cast.officer_a, data={
            "name": f"湖上乡{name}", "uscc": make_uscc("350524", 30_000_000 + n),
            "region": cast.village_a.code if n % 2 else cast.town_a.code,
            "lead_agency": cast.agency_a.pk, "risk_grade": grade, "sectors": codes,
            "employee_count": people, "dust_explosion": dusty,
            "assisting_agencies": [fire.pk] if dusty else []})
    return fire


def _truth(user, f: EnterpriseFilters, bottom: int, top: int) -> tuple[int, list[int]]:
    qs, _ = enterprise_matches(user, f)
    return qs.count(), list(qs.values_list("pk", flat=True)[bottom:top])


def test_count_and_ids_match_the_queryset(cast, township, monkeypatch):
    fire = township
    monkeypatch.setattr(listing._STATEMENTS, "compiled", {})
    filters = [
        {}, {"region": cast.village_a.code}, {"region": cast.town_a.code}, {"sector": "gas"},
        {"risk_grade": "A"}, {"status": "operating"}, {"flags": ["dust_explosion"]},
        {"agency": fire.pk}, {"sector": "industry_trade", "risk_grade": "B"},
        {"region": cast.town_a.code, "sector": "gas", "flags": ["dust_explosion"]},
        {"agency": fire.pk, "risk_grade": "B", "status": "operating"},
    ]
    users = [cast.officer_a, cast.county_admin, cast.officer_b, cast.enterprise_user_a,
             cast.superuser]
    for user, more, sort in itertools.product(users, filters, ("name", "-employee_count")):
        f = EnterpriseFilters(sort=sort, **more)
        kept = listing.compiled_listing(user, f)
        count, ids = _truth(user, f, 1, 4)
        assert (kept.count(1000), kept.ids(1, 4)) == (count, ids), (user.username, more, sort)
        assert kept.count(2) == min(count, 3)  # capped: no further than cap + 1
    # Every one was answered by a kept statement, none by the queryset fallback.
    plans = listing._STATEMENTS.compiled.values()
    assert len(plans) > 100 and all(plan is not None for plan in plans)


def test_one_statement_per_shape_whatever_the_values(cast, township, monkeypatch):
    monkeypatch.setattr(listing._STATEMENTS, "compiled", {})
    compiled = []
    real = prepared._compile_count
    monkeypatch.setattr(prepared, "_compile_count",
                        lambda qs, marks, cap: compiled.append(cap) or real(qs, marks, cap))
    counts = [listing.compiled_listing(cast.county_admin,
                                       EnterpriseFilters(risk_grade=g, sector=s)).count(1000)
              for g, s in (("A", "gas"), ("B", "industry_trade"), ("C", "hazchem"))]
    assert counts == [2, 2, 0] and len(compiled) == 1


def test_a_name_search_or_a_missing_region_is_not_kept(cast, township):
    assert listing.compiled_listing(cast.officer_a, EnterpriseFilters(q="茶厂")) is None
    assert listing.compiled_listing(cast.officer_a, EnterpriseFilters(region="999999")) is None


def test_the_pages_and_the_api_read_through_it(cast, township, client, api_client):
    client.force_login(cast.officer_a)
    html = client.get("/enterprises/", {"risk_grade": "A", "sort": "-employee_count"})
    text = html.content.decode()
    assert text.index("湖上乡甲加油站") < text.index("湖上乡丙液化气站")
    assert "共 2 户" in text
    body = api_client.login(cast.officer_a).get(
        "/api/v1/enterprises", {"sector": "industry_trade", "page_size": 1}).json()
    assert (body["total"], body["has_next"], len(body["items"])) == (2, True, 1)
