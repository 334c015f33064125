"""hazards 0006: no single-column index on the foreign keys the composite indexes lead
with; the partial single-column indexes stay (each serves a WHERE no composite does)."""

import importlib

import pytest
from django.db import connection

from tests.registry.test_list_indexes import db_indexes

pytestmark = pytest.mark.django_db
TABLE = "hazards_hazard"
COVERED = {"enterprise_id", "region_id", "agency_id"}
PARTIAL = {"hazard_listed", "hazard_open_major_region", "hazard_open_major_agency"}


def singles_on_covered() -> set[str]:
    return {name for name, info in db_indexes(TABLE).items()
            if len(info["columns"]) == 1 and info["columns"][0] in COVERED}


def test_the_covered_keys_have_only_their_partial_indexes():
    leading = {info["columns"][0] for info in db_indexes(TABLE).values()
               if len(info["columns"]) > 1}
    assert leading >= COVERED
    assert singles_on_covered() == PARTIAL


def test_reversing_0006_brings_back_the_indexes_it_dropped():
    migration = importlib.import_module("anzhi.hazards.migrations.0006_covered_fk_indexes")
    editor = connection.schema_editor()
    migration.restore_fk_indexes(None, editor)
    expected = {editor._create_index_name(TABLE, [column], suffix=suffix)
                for column, suffix in migration.FK_INDEXES
                if not suffix or connection.vendor == "postgresql"}
    assert singles_on_covered() == PARTIAL | expected
    migration.drop_fk_indexes(None, editor)
    assert singles_on_covered() == PARTIAL
