"""整改复查意见书 became one series (``core.numbering.REVIEW_OPINION``): a hazard's review
used to count under its own kind with the same abbreviation as a 复查 inspection's, so the
second of the two to issue "复查〔year〕1号" failed on the number's uniqueness. Each agency's
counter for the year continues from the higher of the two, and the hazards' issued
documents are filed under the series' kind."""

from django.db import migrations
from django.db.models import Max

OLD, NEW = "hazard_review", "review-opinion"


def merge(apps, schema_editor):
    DocumentCounter = apps.get_model("core", "DocumentCounter")
    IssuedDocument = apps.get_model("core", "IssuedDocument")
    for old in DocumentCounter.objects.filter(kind=OLD):
        issued = IssuedDocument.objects.filter(
            agency_id=old.agency_id, year=old.year, kind__in=[OLD, NEW]).aggregate(
            top=Max("seq"))["top"] or 0
        new, _ = DocumentCounter.objects.get_or_create(
            agency_id=old.agency_id, kind=NEW, year=old.year, defaults={"last": 0})
        new.last = max(new.last, old.last, issued)
        new.save(update_fields=["last"])
        old.delete()
    IssuedDocument.objects.filter(kind=OLD).update(kind=NEW)


class Migration(migrations.Migration):
    dependencies = [
        ("hazards", "0006_covered_fk_indexes"),
        ("core", "0003_job_heartbeat"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
