"""A trigram index for Chinese substring search on PostgreSQL (pg_trgm is a trusted
extension since PostgreSQL 13, so the database owner may create it). SQLite scans."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_enterprise_name_trgm "
    "ON registry_enterprise USING gin (name gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS registry_enterprise_name_trgm"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_reference_data")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
