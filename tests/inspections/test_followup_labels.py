"""Migration inspections.0005: follow-up labels stored with a state lose it."""

import importlib

import pytest
from django.apps import apps

migration = importlib.import_module("anzhi.inspections.migrations.0005_timeless_followup_labels")


@pytest.mark.parametrize(("object_type", "stored", "shown"), [
    ("hazards.hazard", "隐患台账 隐患16（待整改）", "隐患台账 隐患16"),
    ("hazards.hazard", "隐患台账 隐患7（已销号）", "隐患台账 隐患7"),
    ("hazards.hazard", "隐患台账 隐患7", "隐患台账 隐患7"),
    ("cases.penaltycase", "立案审批中：未按规定演练", "处罚案件：未按规定演练"),
    ("cases.penaltycase", "简易程序案件：未戴安全帽", "简易程序案件：未戴安全帽"),
    ("cases.referral", "已移交县市场监管局", "已移交县市场监管局"),
])
def test_labels_lose_their_state(object_type, stored, shown):
    assert migration._timeless(object_type, stored) == shown


def test_the_stored_labels_are_rewritten(cast, record, received):
    from anzhi.inspections.models import Disposition
    from anzhi.inspections.services import inspection_create

    inspection_create(actor=cast.officer_a, data=record())
    stored = Disposition.objects.get()
    Disposition.objects.filter(pk=stored.pk).update(
        followup_type="hazards.hazard", followup_label="隐患台账 隐患16（待整改）")
    migration.relabel(apps, None)
    assert Disposition.objects.get(pk=stored.pk).followup_label == "隐患台账 隐患16"
