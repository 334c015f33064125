"""No single-column index on foreign keys that a composite index already leads with:

- ``Supervision.enterprise``: the unique (enterprise, agency) of supervision_unique_agency;
- ``Supervision.agency``: the (agency, enterprise) index;
- ``EnterprisePerson.enterprise``: the (enterprise, role) index.

Each duplicate cost a write on every insert and the space of another index. They are
dropped by the name Django gave them in 0001, as 0007 does: an AlterField would also drop and
re-validate the foreign key constraints (and rebuild the tables on SQLite). The keys are
bigint ids, so PostgreSQL made no ``_like`` (varchar_pattern_ops) twin of them.
"""

import django.db.models.deletion
from django.db import migrations, models

FK_INDEXES = (
    ("registry_supervision", "enterprise_id"),
    ("registry_supervision", "agency_id"),
    ("registry_enterpriseperson", "enterprise_id"),
)


def _index_name(schema_editor, table: str, column: str) -> str:
    # The name Django gave the foreign key's index in 0001 (it depends only on these two).
    return schema_editor._create_index_name(table, [column], suffix="")


def drop_fk_indexes(apps, schema_editor):
    for table, column in FK_INDEXES:
        name = schema_editor.quote_name(_index_name(schema_editor, table, column))
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_fk_indexes(apps, schema_editor):
    for table, column in FK_INDEXES:
        name = schema_editor.quote_name(_index_name(schema_editor, table, column))
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON "
                              f"{schema_editor.quote_name(table)} "
                              f"({schema_editor.quote_name(column)})")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_conflict"),
        ("registry", "0007_flag_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="enterpriseperson",
                    name="enterprise",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="people", to="registry.enterprise"),
                ),
                migrations.AlterField(
                    model_name="supervision",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="supervisions", to="accounts.agency",
                        verbose_name="监管机构"),
                ),
                migrations.AlterField(
                    model_name="supervision",
                    name="enterprise",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.PROTECT,
                        related_name="supervisions", to="registry.enterprise"),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_fk_indexes, restore_fk_indexes, elidable=False),
            ],
        ),
    ]
