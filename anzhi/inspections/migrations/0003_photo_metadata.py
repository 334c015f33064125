"""Photos keep their type, size and the time taken, so the detail no longer opens every
stored file to learn them, and the upload answer no longer guesses the type from the name
(wrong for old PNGs stored as .jpg).

The rows already stored are filled from their bytes (``core.files.probe``), in batches by
id. A row whose bytes are lost keeps an empty type and a NULL size; ``probe`` logs each one
with its stored name so an operator can restore the file. ``taken_at`` stays NULL: only the
phone knew it.
"""

import logging

from django.db import migrations, models

from anzhi.core.files import probe

log = logging.getLogger("anzhi.inspections")
BATCH = 500


def fill_from_bytes(apps, schema_editor):
    Photo = apps.get_model("inspections", "Photo")
    photos = Photo.objects.using(schema_editor.connection.alias)
    rows = photos.only("id", "file")
    last, filled, lost = 0, 0, 0
    while batch := list(rows.filter(pk__gt=last).order_by("pk")[:BATCH]):
        for photo in batch:
            content_type, size = probe(photo.file)
            if size is None:
                lost += 1
            elif content_type is None:
                log.warning("photo id=%s %s: bytes of no known type", photo.pk, photo.file.name)
            photo.content_type, photo.size = content_type or "", size
            filled += size is not None
        photos.bulk_update(batch, ["content_type", "size"])
        last = batch[-1].pk
    if filled or lost:
        log.info("photo metadata: %d filled from the stored bytes, %d with lost bytes",
                 filled, lost)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_builtin_checklists")]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="content_type",
            field=models.CharField(blank=True, default="", max_length=40, verbose_name="类型"),
        ),
        migrations.AddField(
            model_name="photo",
            name="size",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="字节数"),
        ),
        migrations.AddField(
            model_name="photo",
            name="taken_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="拍摄时间"),
        ),
        migrations.RunPython(fill_from_bytes, migrations.RunPython.noop),
    ]
