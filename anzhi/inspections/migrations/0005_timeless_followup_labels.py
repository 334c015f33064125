"""Follow-up labels kept on a disposition (and on a planning handover item) no longer carry
the record's state at the time: "隐患台账 隐患16（待整改）" was still shown after the hazard
was closed, and "立案审批中：…" after the case was decided. The handlers now write
"隐患台账 隐患16" and "处罚案件：…"; this rewrites the labels already stored."""

import re

from django.db import migrations

_HAZARD = re.compile(r"^(隐患台账 隐患\d+)（[^（）]*）$")
_CASE_PENDING = "立案审批中："


def _timeless(object_type: str, label: str) -> str:
    if object_type == "hazards.hazard":
        return _HAZARD.sub(r"\1", label)
    if object_type == "cases.penaltycase" and label.startswith(_CASE_PENDING):
        return "处罚案件：" + label[len(_CASE_PENDING):]
    return label


def relabel(apps, schema_editor):
    for app, model in (("inspections", "Disposition"), ("planning", "HandoverItem")):
        Model = apps.get_model(app, model)
        changed = []
        for row in Model.objects.filter(
                followup_type__in=["hazards.hazard", "cases.penaltycase"]).only(
                "pk", "followup_type", "followup_label").iterator(chunk_size=2000):
            label = _timeless(row.followup_type, row.followup_label)
            if label != row.followup_label:
                row.followup_label = label
                changed.append(row)
        Model.objects.bulk_update(changed, ["followup_label"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_reinspection_result"),
        ("planning", "0004_pool_blob_stored_as_is"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
