"""A partial index per list flag, and no more single-column indexes on region and lead_agency.

``flags=dust_explosion`` (any flag of the list filter) had no index to use: PostgreSQL read
the whole table (575 ms at 1.2M enterprises) or walked the name index past every other row.
Each flag is true for a few in a hundred enterprises, so an index of only those rows, in the
list's order (name, id) and with the region the jurisdiction filter needs, is small and
serves both the count and the page from the index alone.

The foreign keys' own indexes on region and lead_agency duplicate the leading column of
registry_en_region_name_id and (lead_agency, name). They are dropped by name: an AlterField
would also drop and re-validate the foreign key constraints (a full scan of the table under
lock on PostgreSQL) and rebuild the whole table on SQLite.
"""

import django.db.models.deletion
from django.db import migrations, models

FK_COLUMNS = ("region_id", "lead_agency_id")

FLAG_INDEXES = {
    "labour_intensive": "registry_en_f_labour_intensive",
    "crowded_place": "registry_en_f_crowded_place",
    "has_major_hazard_source": "registry_en_f_major_hazard",
    "passenger_hazmat_transport": "registry_en_f_passenger_hazmat",
    "ammonia_refrigeration": "registry_en_f_ammonia",
    "dust_explosion": "registry_en_f_dust_explosion",
    "confined_space": "registry_en_f_confined_space",
    "hazchem_production": "registry_en_f_hazchem_prod",
    "hazchem_storage": "registry_en_f_hazchem_storage",
    "hazchem_trade": "registry_en_f_hazchem_trade",
    "hazchem_use": "registry_en_f_hazchem_use",
}


def _fk_index_name(schema_editor, column: str) -> str:
    # The name Django gave the foreign key's index in 0001 (it depends only on these two).
    return schema_editor._create_index_name("registry_enterprise", [column], suffix="")


def _like_index_name(schema_editor, column: str) -> str:
    # PostgreSQL also gave the varchar key region_id a varchar_pattern_ops index for LIKE;
    # scoping filters by code range, never by LIKE, so it goes as well.
    return schema_editor._create_index_name("registry_enterprise", [column], suffix="_like")


def drop_fk_indexes(apps, schema_editor):
    for column in FK_COLUMNS:
        for name in (_fk_index_name(schema_editor, column),
                     _like_index_name(schema_editor, column)):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def restore_fk_indexes(apps, schema_editor):
    table = schema_editor.quote_name("registry_enterprise")
    for column in FK_COLUMNS:
        name = schema_editor.quote_name(_fk_index_name(schema_editor, column))
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                              f"({schema_editor.quote_name(column)})")
    if schema_editor.connection.vendor == "postgresql":
        name = schema_editor.quote_name(_like_index_name(schema_editor, "region_id"))
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                              f"(region_id varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_conflict"),
        ("regions", "0002_urban_rural_code"),
        ("registry", "0006_list_indexes_cover_region"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="enterprise",
                    name="lead_agency",
                    field=models.ForeignKey(
                        blank=True, db_index=False, help_text="由监管关系维护，便于按机构筛选",
                        null=True, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="accounts.agency", verbose_name="主责监管机构"),
                ),
                migrations.AlterField(
                    model_name="enterprise",
                    name="region",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="regions.region", verbose_name="所在区划"),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_fk_indexes, restore_fk_indexes, elidable=False),
            ],
        ),
        *(migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(condition=models.Q((flag, True)), fields=["name", "id", "region"],
                               name=name),
        ) for flag, name in FLAG_INDEXES.items()),
    ]
