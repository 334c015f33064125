"""Evidence kinds follow 行政处罚法 Art 46 (物证, 视听资料, 电子数据, 证人证言, 当事人的陈述 and
现场笔录 added; every stored value stays valid), and an evidence file keeps the upload's name,
sniffed type and size, so the detail tells them without opening every stored file.

Rows already stored are filled in batches by id: the name from the stored name (the upload's
own name was not kept; the stored one is it with the sniffed extension), the type and size from
the bytes (``core.files.probe``). A row whose bytes are lost keeps an empty type and a NULL
size; ``probe`` logs each one with its stored name so an operator can restore the file.
"""

import logging
import os

from django.db import migrations, models

from anzhi.core.files import probe

log = logging.getLogger("anzhi.cases")
BATCH = 500


def fill_from_bytes(apps, schema_editor):
    Evidence = apps.get_model("cases", "Evidence")
    rows = Evidence.objects.using(schema_editor.connection.alias).exclude(file="")
    last, filled, lost = 0, 0, 0
    while batch := list(rows.only("id", "file").filter(pk__gt=last).order_by("pk")[:BATCH]):
        for ev in batch:
            content_type, size = probe(ev.file)
            if size is None:
                lost += 1
            elif content_type is None:
                log.warning("evidence id=%s %s: bytes of no known type", ev.pk, ev.file.name)
            ev.file_name = os.path.basename(ev.file.name)[:200]
            ev.content_type, ev.size = content_type or "", size
            filled += size is not None
        rows.model.objects.using(schema_editor.connection.alias).bulk_update(
            batch, ["file_name", "content_type", "size"])
        last = batch[-1].pk
    if filled or lost:
        log.info("evidence file metadata: %d filled from the stored bytes, %d with lost bytes",
                 filled, lost)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_void_and_stale_notice")]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="kind",
            field=models.CharField(
                choices=[("document", "书证"), ("physical", "物证"), ("audiovisual", "视听资料"),
                         ("electronic", "电子数据"), ("witness", "证人证言"),
                         ("statement", "当事人的陈述"), ("expert", "鉴定意见"),
                         ("scene", "勘验笔录"), ("onsite", "现场笔录"), ("inquiry", "询问笔录"),
                         ("photo", "照片"), ("other", "其他")],
                max_length=20, verbose_name="证据种类"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="file_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="附件原文件名"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="content_type",
            field=models.CharField(blank=True, max_length=40, verbose_name="附件类型"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="size",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="附件字节数"),
        ),
        migrations.RunPython(fill_from_bytes, migrations.RunPython.noop),
    ]
