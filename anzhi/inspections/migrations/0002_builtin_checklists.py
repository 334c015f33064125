"""Load the built-in checklists (data/checklists/*.json) as version 1, and the signature
chain head."""

from django.db import migrations


def forwards(apps, schema_editor):
    from anzhi.inspections.checklists import load_builtin

    load_builtin(apps)
    SignatureChain = apps.get_model("inspections", "SignatureChain")
    if not SignatureChain.objects.exists():
        SignatureChain.objects.create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
