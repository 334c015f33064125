"""The risk-grade and status indexes end with (id, region) like the name index (0005): every
list is limited to the user's region range, so "grade A in my jurisdiction" is counted and
paged from the index alone instead of reading thousands of table rows. The region index
gains the id, so a township's list is a range scan of that index alone (without it the
planner preferred walking the whole name index for the few rows of one township)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_name_search_indexes")]
    operations = [
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["risk_grade", "name", "id", "region"], name="registry_en_grade_name_region"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["status", "name", "id", "region"], name="registry_en_status_name_region"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["region", "name", "id"], name="registry_en_region_name_id"),
        ),
        migrations.RemoveIndex(model_name="enterprise", name="registry_en_region__913afa_idx"),
        migrations.RemoveIndex(model_name="enterprise", name="registry_en_risk_gr_b26d00_idx"),
        migrations.RemoveIndex(model_name="enterprise", name="registry_en_status_973bcf_idx"),
    ]
