"""Evidence.client_id (a phone's resend is stored once) and Evidence.created_at (when the row
was stored: the enterprise lists only what existed at its latest 告知).

created_at is added without a default first, so the rows already stored keep NULL rather
than the time of this migration: a migration-time stamp would read as "added after the
notice" and hide, on every notified case, evidence the enterprise has been listed all along.
The default (timezone.now) is set afterwards, for new rows only."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_evidence_kinds_and_file_metadata"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="client_id",
            field=models.CharField(blank=True, default="", max_length=40,
                                   verbose_name="客户端编号"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, null=True,
                                       verbose_name="登记时间"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="created_at",
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now,
                                       editable=False, null=True, verbose_name="登记时间"),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.UniqueConstraint(condition=models.Q(("client_id", ""),
                                                                  _negated=True),
                                               fields=("case", "client_id"),
                                               name="evidence_unique_client_id"),
        ),
    ]
