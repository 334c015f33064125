"""No single-column index on the hazard's foreign keys that a composite index leads with:

- ``enterprise``: hazard_ent_status (enterprise, status);
- ``region`` and its ``_like`` (varchar_pattern_ops) twin: hazard_region_lvl_st, _found and
  _closed; jurisdiction filters are range scans (``selectors.in_region``), never LIKE;
- ``agency``: hazard_agency_lvl_st (agency, level, status).

A status change cannot be a HOT update (status is indexed), so every step wrote a new entry
into each of the table's 17 indexes; at 10M hazards these four held 300 MB. They are dropped
by the names Django gave them in 0001, as registry 0008 does: an AlterField would also drop
and re-validate the foreign key constraints (and rebuild the table on SQLite).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "hazards_hazard"
FK_INDEXES = (("enterprise_id", ""), ("region_id", ""), ("region_id", "_like"),
              ("agency_id", ""))


def _index_name(schema_editor, column: str, suffix: str) -> str:
    # The name Django gave the foreign key's index in 0001 (it depends only on these).
    return schema_editor._create_index_name(TABLE, [column], suffix=suffix)


def drop_fk_indexes(apps, schema_editor):
    for column, suffix in FK_INDEXES:
        name = schema_editor.quote_name(_index_name(schema_editor, column, suffix))
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_fk_indexes(apps, schema_editor):
    for column, suffix in FK_INDEXES:
        if suffix and schema_editor.connection.vendor != "postgresql":
            continue  # only PostgreSQL has the varchar_pattern_ops twin
        ops = " varchar_pattern_ops" if suffix else ""
        name = schema_editor.quote_name(_index_name(schema_editor, column, suffix))
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON "
                              f"{schema_editor.quote_name(TABLE)} "
                              f"({schema_editor.quote_name(column)}{ops})")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_conflict"),
        ("hazards", "0005_open_major_indexes"),
        ("regions", "0002_urban_rural_code"),
        ("registry", "0006_list_indexes_cover_region"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="hazard", name="enterprise",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="hazards", to="registry.enterprise",
                        verbose_name="生产经营单位"),
                ),
                migrations.AlterField(
                    model_name="hazard", name="region",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="regions.region", verbose_name="所在区划"),
                ),
                migrations.AlterField(
                    model_name="hazard", name="agency",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="accounts.agency", verbose_name="监管机构"),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_fk_indexes, restore_fk_indexes, elidable=False),
            ],
        ),
    ]
