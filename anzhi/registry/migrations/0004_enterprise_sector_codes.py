"""``Enterprise.sector_codes``: the enterprise's sector codes on its own row ("gas,hazchem"),
so the list's sector filter is an index scan rather than a semi-join against the
many-to-many table (see registry/search.py).

Backfilled from the many-to-many rows. On PostgreSQL a GIN index covers the codes together
with the risk grade (btree_gin, a trusted extension since PostgreSQL 13), the list's
"sector + grade" filter; the expression must stay the one ``search._HasCode`` writes.
On a large table the backfill rewrites every row (about four minutes for a million rows);
run ``VACUUM ANALYZE registry_enterprise`` afterwards to reclaim the old row versions."""

from django.db import migrations, models

BACKFILL_POSTGRESQL = """
    UPDATE registry_enterprise e SET sector_codes = s.codes
    FROM (SELECT enterprise_id, string_agg(sector_id, ',' ORDER BY sector_id) AS codes
          FROM registry_enterprise_sectors GROUP BY enterprise_id) s
    WHERE s.enterprise_id = e.id"""
INDEX = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX IF NOT EXISTS registry_enterprise_sectors_grade_gin ON registry_enterprise "
    "USING gin (string_to_array(sector_codes, ','), risk_grade)",
]
DROP_INDEX = ["DROP INDEX IF EXISTS registry_enterprise_sectors_grade_gin"]


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL_POSTGRESQL)
        return
    Enterprise = apps.get_model("registry", "Enterprise")
    through = Enterprise.sectors.through
    codes: dict[int, list[str]] = {}
    for eid, code in through.objects.order_by("enterprise_id", "sector_id").values_list(
            "enterprise_id", "sector_id").iterator():
        codes.setdefault(eid, []).append(code)
    by_value: dict[str, list[int]] = {}
    for eid, found in codes.items():
        by_value.setdefault(",".join(found), []).append(eid)
    for value, ids in by_value.items():
        for start in range(0, len(ids), 500):
            Enterprise.objects.filter(pk__in=ids[start:start + 500]).update(sector_codes=value)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in INDEX:
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP_INDEX:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_name_trigram_index")]
    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="sector_codes",
            field=models.TextField(blank=True, default="", editable=False, help_text="sectors 的代码（排序，逗号分隔），供列表按行业领域筛选走索引", verbose_name="重点行业领域代码"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, drop_index, elidable=False),
    ]
