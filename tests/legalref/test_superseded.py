"""Superseded catalogue entries (条例 Art 35, 37, 38 → 安全生产法 Art 110, 114, 95) in 法规速查:
marked “已被……取代” with a link to the current entry, no fine range or recommendation of
their own, and listed after the current entries in search results."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(cast, client):
    client.force_login(cast.officer_a)
    return client


def text(res) -> str:
    assert res.status_code == 200
    return res.content.decode()


def test_superseded_entry_page_points_at_the_current_entry_without_amounts(officer):
    body = text(officer.get("/law/v/SGTL-37-1/"))
    assert 'data-testid="superseded"' in body
    assert '本条已被<a href="/law/v/AQSCF-114-1/">安全生产法第114条第1款第1项</a>取代' in body
    assert "条例原定10万元以上20万元以下" in body  # the note keeps the old amounts, as history
    assert 'data-testid="ranges"' not in body and 'data-testid="income-shares"' not in body
    assert 'data-testid="no-range-superseded"' in body
    assert "本条本身不设罚款" not in body
    assert 'data-testid="discretion-form"' not in body
    assert "本条已被取代，没有裁量建议" in body


def test_superseded_income_share_item_shows_no_share(officer):
    body = text(officer.get("/law/v/SGTL-35-1/"))
    assert '本条已被<a href="/law/v/AQSCF-110/">安全生产法第110条第1款</a>取代' in body
    assert 'data-testid="income-shares"' not in body


def test_item_still_in_force_is_not_marked(officer):
    body = text(officer.get("/law/v/SGTL-35-2/"))  # 漏报 stays under 条例 Art 35
    assert 'data-testid="superseded"' not in body and "已被" not in body
    assert 'data-testid="income-shares"' in body and "40%至80%" in body


def test_parent_lists_its_superseded_items_marked(officer):
    body = text(officer.get("/law/v/SGTL-35/"))
    assert 'data-superseded="SGTL-35-1"' in body and 'data-superseded="SGTL-35-3"' in body
    assert 'data-superseded="SGTL-35-2"' not in body
    assert "已被安全生产法第110条第1款取代" in body


def test_current_entry_names_what_it_superseded(officer):
    body = text(officer.get("/law/v/AQSCF-114-1/"))
    assert 'data-testid="superseded"' not in body
    assert 'data-testid="supersedes"' in body and 'href="/law/v/SGTL-37-1/"' in body
    assert 'data-testid="ranges"' in body


def test_search_lists_current_entries_first_and_marks_the_superseded(officer):
    body = text(officer.get("/law/", {"q": "SGTL-35"}))
    assert "找到 4 条" in body
    order = [body.index(f'href="/law/v/{i}/"')
             for i in ("SGTL-35", "SGTL-35-2", "SGTL-35-1", "SGTL-35-3")]
    assert order == sorted(order)  # catalogue order is 35, 35-1, 35-2, 35-3
    assert 'data-superseded="SGTL-35-1"' in body and 'data-superseded="SGTL-35-2"' not in body
    assert '已被<a href="/law/v/AQSCF-110/">安全生产法第110条第1款</a>取代' in body


def test_catalogue_marks_superseded_entries(officer):
    body = text(officer.get("/law/"))
    assert 'data-superseded="SGTL-37-1"' in body and "已被安全生产法第114条第1款第1项取代" in body
    assert 'data-superseded="AQSCF-114-1"' not in body


def test_api_names_the_current_entry(officer):
    data = officer.get("/api/v1/law/violations/SGTL-38-2").json()
    assert data["superseded_by"] == "AQSCF-95-2"
    assert data["current_entry"]["citation"] == "安全生产法第95条第1款第2项"
    assert data["ranges"] == [] and data["income_shares"] == []
    found = officer.get("/api/v1/law/violations", {"q": "SGTL-35"}).json()
    assert [e["id"] for e in found] == ["SGTL-35", "SGTL-35-2", "SGTL-35-1", "SGTL-35-3"]
