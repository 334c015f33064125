"""Name search of one or two characters, which the trigram index (0003) cannot serve.

PostgreSQL: ``registry_name_grams(name)`` is every character and every pair of adjacent
characters of the name; a GIN index over it finds "恒泰" or "茶" without reading the table
(registry/search.py ``by_name``). Its high COST keeps the planner from evaluating it row by
row (in a scan, or while walking another index) and PARALLEL UNSAFE keeps that small LIMITed
bitmap scan in one process: starting parallel workers cost more than they saved. The plain
index on ``name`` becomes (name, id, region): the list's order, which a common short term
walks index-only until a page is full."""

from django.db import migrations, models

FORWARD = [
    """CREATE OR REPLACE FUNCTION registry_name_grams(name text) RETURNS text[]
       LANGUAGE sql IMMUTABLE STRICT PARALLEL UNSAFE COST 1000 AS $$
         SELECT string_to_array(name, NULL)
                || ARRAY(SELECT substr(name, i, 2)
                         FROM generate_series(1, char_length(name) - 1) AS i) $$""",
    "CREATE INDEX IF NOT EXISTS registry_enterprise_name_grams ON registry_enterprise "
    "USING gin (registry_name_grams(name))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS registry_enterprise_name_grams",
    "DROP FUNCTION IF EXISTS registry_name_grams(text)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_enterprise_sector_codes")]
    operations = [
        migrations.AlterField(
            model_name="enterprise",
            name="name",
            field=models.CharField(max_length=200, verbose_name="单位名称"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["name", "id", "region"], name="registry_en_name_id_region"),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
