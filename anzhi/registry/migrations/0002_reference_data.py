"""Load the reference data kept in anzhi/registry/data (GB/T 4754-2017 sections and
divisions, key sectors), so every database — test databases included — has it.
Idempotent; ``anzhi load_reference`` re-syncs later edits of the files."""

from django.db import migrations


def load(apps, schema_editor):
    from anzhi.registry.data import sync_reference

    sync_reference(apps.get_model("registry", "Industry"), apps.get_model("registry", "Sector"))


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
