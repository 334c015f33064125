"""The snapshot (pool_blob) is already zlib: PostgreSQL need not try to compress it again.
With the default storage it runs pglz over all 7.5 MB of a provincial snapshot before giving
up (150 ms of the draw's creation); EXTERNAL stores the bytes out of line as they are. Only
rows written afterwards are affected. SQLite has no such setting."""

from django.db import migrations

TABLE = "planning_randomdraw"


def storage(kind: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {TABLE} ALTER COLUMN pool_blob SET STORAGE {kind}")
    return run


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_draw_index_and_lean_selections")]
    operations = [migrations.RunPython(storage("EXTERNAL"), storage("EXTENDED"),
                                       elidable=False)]
