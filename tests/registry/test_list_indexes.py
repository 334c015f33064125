"""The enterprise list's flag filter has a partial index per flag (migration 0007), the
list returns exactly the flagged enterprises, and the foreign keys carry no single-column
index that a composite index already starts with."""

import pytest
from django.db import connection

from anzhi.registry.choices import FLAGS
from anzhi.registry.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TABLE = Enterprise._meta.db_table


def db_indexes() -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return {name: info for name, info in found.items()
            if info["index"] and not info["primary_key"] and not info["unique"]}


def index_sql(name: str) -> str:
    """The CREATE INDEX statement as the database keeps it (with its WHERE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s",
                           [name])
        return cursor.fetchone()[0]


def test_every_list_flag_has_a_partial_index_in_list_order():
    by_condition = {str(i.condition): i for i in Enterprise._meta.indexes if i.condition}
    indexes = db_indexes()
    for flag in FLAGS:
        index = by_condition.get(f"(AND: ('{flag}', True))")
        assert index is not None, flag
        assert index.fields == ["name", "id", "region"]
        assert indexes[index.name]["columns"] == ["name", "id", "region_id"]
        assert f"WHERE {flag}" in index_sql(index.name).translate(str.maketrans("", "", "\"()"))


def test_no_single_column_index_duplicates_a_composite_one():
    # Ordered (btree) indexes only: a trigram GIN index on name serves what no btree can.
    ordered = [i for i in db_indexes().values() if i.get("type") not in ("gin", "gist")]
    single = {tuple(i["columns"]) for i in ordered if len(i["columns"]) == 1}
    leading = {i["columns"][0] for i in ordered if len(i["columns"]) > 1}
    assert ("region_id",) not in single and ("lead_agency_id",) not in single
    assert {"region_id", "lead_agency_id"} <= leading
    assert not {c for (c,) in single} & leading


def test_flag_filter_lists_exactly_the_flagged_enterprises(cast, api_client):
    dusty = EnterpriseFactory(name="湖上乡竹木制品厂", region=cast.village_a, lead=cast.agency_a,
                              dust_explosion=True)
    EnterpriseFactory(name="湖上乡冷冻食品厂", region=cast.village_a, lead=cast.agency_a,
                      ammonia_refrigeration=True)
    api_client.login(cast.county_admin)
    body = api_client.get("/api/v1/enterprises", {"flags": "dust_explosion"}).json()
    assert [i["id"] for i in body["items"]] == [dusty.pk]
    assert (body["total"], body["total_is_exact"]) == (1, True)
    both = api_client.get("/api/v1/enterprises?flags=dust_explosion&flags=ammonia_refrigeration")
    assert both.json()["items"] == []
