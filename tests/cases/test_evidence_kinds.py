"""Evidence kinds follow 行政处罚法 Art 46 (行政诉讼法 Art 33); the kinds stored before stay
valid; the page offers every kind and takes the day the evidence was collected."""

from datetime import date

import pytest
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.choices import EvidenceKind
from anzhi.cases.models import Evidence
from anzhi.core.errors import ValidationFailed
from anzhi.core.models import AuditEvent

ART_46 = ["书证", "物证", "视听资料", "电子数据", "证人证言", "当事人的陈述", "鉴定意见",
          "勘验笔录", "现场笔录"]



def test_every_kind_of_art_46_is_offered_in_its_order():
    labels = [label for _value, label in EvidenceKind.choices]
    assert labels[:len(ART_46)] == ART_46


@pytest.mark.parametrize("value", ["inquiry", "scene", "photo", "document", "expert", "other"])
def test_values_stored_before_stay_valid(cast, investigating, value):
    ev = services.case_add_evidence(actor=cast.officer_a, case=investigating, kind=value,
                                    title="旧种类")
    ev.full_clean()
    assert Evidence.objects.get(pk=ev.pk).kind == value


@pytest.mark.parametrize(("value", "label"), [
    ("physical", "物证"), ("audiovisual", "视听资料"), ("electronic", "电子数据"),
    ("witness", "证人证言"), ("statement", "当事人的陈述"), ("onsite", "现场笔录")])
def test_new_kinds_are_taken(cast, investigating, value, label):
    ev = services.case_add_evidence(actor=cast.officer_a, case=investigating, kind=value,
                                    title="执法记录仪视频", content="存于执法记录仪管理系统")
    ev.full_clean()
    assert ev.get_kind_display() == label


def test_unknown_kind_and_bad_day_are_reported_together_and_nothing_written(
        cast, investigating):
    before = Evidence.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.case_add_evidence(actor=cast.officer_a, case=investigating, kind="video",
                                   title="", collected_on="2026-13-01")
    assert exc.value.errors == {"kind": "证据种类：不正确", "title": "证据名称：必填",
                                "collected_on": "取证日期：应为日期（YYYY-MM-DD）"}
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == before


def test_page_offers_the_kinds_and_takes_the_day(cast, investigating, client):
    client.force_login(cast.officer_a)
    html = client.get(reverse("cases:detail", args=[investigating.pk])).content.decode()
    for label in ART_46:
        assert f">{label}</option>" in html
    assert 'name="collected_on"' in html
    client.post(reverse("cases:evidence", args=[investigating.pk]),
                {"kind": "electronic", "title": "微信聊天记录", "collected_on": "2026-08-20"})
    ev = Evidence.objects.get(title="微信聊天记录")
    assert (ev.kind, ev.collected_on) == ("electronic", date(2026, 8, 20))
