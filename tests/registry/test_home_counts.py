"""The home page's registry figures: areas one level below the jurisdiction, and wide
jurisdictions counted at most every few minutes (saying when), narrow ones on each visit."""

import pytest
from django.urls import reverse

from anzhi.accounts.models import Role
from anzhi.registry import summary
from anzhi.registry.summary import home_counts
from tests.factories import EnterpriseFactory, UserFactory


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch):
    monkeypatch.setattr(summary, "_wide", summary.Memo(summary.WIDE_SECONDS))


def areas(user) -> list[tuple[str, str, int]]:
    return [(a["code"], a["name"], a["n"]) for a in home_counts(user)["by_area"]]


def test_a_county_sees_its_townships_and_its_own_level(cast):
    EnterpriseFactory(name="安溪县城厢建材厂", region=cast.county)
    assert areas(cast.leader) == [
        ("350524", "安溪县（本级）", 1), ("350524113", "湖上乡", 1), ("350524114", "剑斗镇", 1)]


def test_a_township_sees_its_villages(cast):
    EnterpriseFactory(name="湖上乡集镇加油站", region=cast.town_a)
    assert areas(cast.officer_a) == [("350524113", "湖上乡（本级）", 1),
                                     ("350524113201", "湖上村", 1)]


def test_the_country_descends_past_single_areas(cast):
    # Everything is in one province, prefecture and county: the superuser sees townships.
    assert areas(cast.superuser) == [("350524113", "湖上乡", 1), ("350524114", "剑斗镇", 1)]


def test_grades_and_statuses_carry_their_labels(cast):
    counts = home_counts(cast.leader)
    assert counts["total"] == 2
    assert {r["label"] for r in counts["by_status"]} == {"在营"}
    assert counts["by_grade"][0]["label"].endswith("风险）")


def test_a_narrow_jurisdiction_is_counted_on_every_visit(cast, client):
    assert home_counts(cast.leader)["total"] == 2
    EnterpriseFactory(name="湖上乡新茶厂", region=cast.village_a)
    assert home_counts(cast.leader)["total"] == 3
    client.force_login(cast.leader)
    assert 'data-testid="as-of"' not in client.get(reverse("home")).content.decode()


def test_a_wide_jurisdiction_is_counted_at_most_every_few_minutes(cast, client, monkeypatch):
    province_leader = UserFactory(username="sheng", role=Role.LEADER, region=cast.province)
    assert home_counts(province_leader)["total"] == 2
    EnterpriseFactory(name="湖上乡新茶厂", region=cast.village_a)
    assert home_counts(province_leader)["total"] == 2  # until the memo's time is up
    assert home_counts(cast.leader)["total"] == 3
    client.force_login(province_leader)
    page = client.get(reverse("home")).content.decode()
    assert f"每 {summary.WIDE_SECONDS // 60} 分钟更新" in page
    monkeypatch.setattr(summary, "_wide", summary.Memo(summary.WIDE_SECONDS))
    assert home_counts(province_leader)["total"] == 3


def test_the_home_page_shows_when_it_counted_in_beijing_time(cast, client, monkeypatch):
    """home.jinja's date filter shows the time as Django templates would: local time."""
    from datetime import UTC, datetime

    from django.utils import timezone

    counted = datetime(2026, 12, 6, 1, 5, tzinfo=UTC)  # 09:05 in Asia/Shanghai
    real = timezone.localtime
    monkeypatch.setattr(timezone, "localtime",
                        lambda value=None, tz=None: counted if value is None else real(value, tz))
    province_leader = UserFactory(username="sheng2", role=Role.LEADER, region=cast.province)
    client.force_login(province_leader)
    page = client.get(reverse("home")).content.decode()
    assert "企业数统计于 09:05，每" in page


def test_home_figures_link_to_the_lists_they_count(cast, client):
    client.force_login(cast.leader)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="total">2<' in page
    assert '<a href="/enterprises/?status=operating">2</a>' in page
    assert '<a href="/enterprises/?region=350524113">湖上乡</a>' in page


def test_the_grouped_statement_is_kept_per_scope_and_the_rows_read_live(cast, monkeypatch):
    monkeypatch.setattr(summary, "_grouped_statements", summary.Memo(300))
    built = []
    real = summary._grouped_sql
    monkeypatch.setattr(summary, "_grouped_sql",
                        lambda scope, length: built.append(length) or real(scope, length))
    assert home_counts(cast.officer_a)["total"] == 1
    assert home_counts(cast.officer_a2)["total"] == 1  # same scope: no new statement
    assert home_counts(cast.officer_b)["total"] == 1  # another town: its own
    EnterpriseFactory(name="湖上乡新茶厂", region=cast.village_a)
    assert home_counts(cast.officer_a)["total"] == 2
    assert home_counts(cast.officer_b)["total"] == 1
    assert len(built) == 2


def test_a_scope_that_admits_nothing_counts_nothing(cast):
    nobody = UserFactory(username="wu", role=Role.OFFICER, agency=None, region=None)
    assert home_counts(nobody)["total"] == 0
