"""The enterprise list's flag filter has a partial index per flag (migration 0007), the
list returns exactly the flagged enterprises, and the foreign keys of enterprises,
supervisions and enterprise people carry no single-column index that a composite index
already starts with (0007, 0008)."""

import importlib

import pytest
from django.db import connection

from anzhi.registry.choices import FLAGS
from anzhi.registry.models import Enterprise, EnterprisePerson, Supervision
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TABLE = Enterprise._meta.db_table

# The foreign keys whose own index went, each served by a composite index leading with it.
COVERED_KEYS = {
    Enterprise: {"region_id", "lead_agency_id"},
    Supervision: {"enterprise_id", "agency_id"},
    EnterprisePerson: {"enterprise_id"},
}


def constraints(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def db_indexes(table: str = TABLE) -> dict[str, dict]:
    return {name: info for name, info in constraints(table).items()
            if info["index"] and not info["primary_key"] and not info["unique"]}


def ordered_indexes(table: str) -> list[dict]:
    """Btree indexes, unique constraints included (an index on PostgreSQL too); a trigram
    GIN index on name serves what no btree can, so GIN and GiST are left out."""
    return [info for info in constraints(table).values()
            if (info["index"] or info["unique"]) and not info["primary_key"]
            and not info.get("check") and info.get("type") not in ("gin", "gist")]


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


@pytest.mark.parametrize("model", COVERED_KEYS, ids=lambda m: m.__name__)
def test_no_single_column_index_duplicates_a_composite_one(model):
    ordered = ordered_indexes(model._meta.db_table)
    # A unique single column (supervision_one_lead) is a rule, not a duplicate.
    single = {i["columns"][0] for i in ordered if len(i["columns"]) == 1 and not i["unique"]}
    leading = {i["columns"][0] for i in ordered if len(i["columns"]) > 1}
    assert COVERED_KEYS[model] <= leading
    assert not single & leading


def test_reversing_0008_brings_back_the_indexes_it_dropped():
    migration = importlib.import_module("anzhi.registry.migrations.0008_covered_fk_indexes")
    editor = connection.schema_editor()
    tables = ("registry_supervision", "registry_enterpriseperson")

    def singles() -> set[tuple[str, str, str]]:
        return {(table, name, info["columns"][0]) for table in tables
                for name, info in db_indexes(table).items() if len(info["columns"]) == 1}

    migration.restore_fk_indexes(None, editor)
    assert singles() == {
        (table, editor._create_index_name(table, [column], suffix=""), column)
        for table, column in migration.FK_INDEXES}
    migration.drop_fk_indexes(None, editor)
    assert singles() == set()


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
