"""POST /api/v1/cases/{id}/evidence: multipart, the page's service and upload rules; 201 with
the item as the case detail lists it, 400 with Chinese messages naming the field and nothing
written, 403 to those outside the case team, 404 to those who cannot see the case."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anzhi.cases.models import Evidence
from anzhi.core.models import AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64



def url(case_id):
    return f"/api/v1/cases/{case_id}/evidence"


def post(api, case_id, data):
    return api.post(url(case_id), data, multipart=True)


def written(media):
    on_disk = sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []
    return Evidence.objects.count(), AuditEvent.objects.count(), on_disk


def test_created_item_is_the_one_the_detail_lists(cast, api_client, investigating):
    api = api_client.login(cast.officer_a)
    res = post(api, investigating.pk, {
        "kind": "physical", "title": "断裂的安全带", "collected_on": "2026-08-30",
        "content": "封存于执法队物证室", "file": SimpleUploadedFile("IMG_2.jpg", PNG)})
    assert res.status_code == 201, res.content
    item = res.json()
    assert item["kind"] == "physical" and item["collected_on"] == "2026-08-30"
    assert item["file"]["name"] == "IMG_2.jpg"
    assert (item["file"]["content_type"], item["file"]["size"]) == ("image/png", len(PNG))
    listed = api.get(f"/api/v1/cases/{investigating.pk}").json()["evidence"]
    assert listed == [item]
    ev = Evidence.objects.get(pk=item["id"])
    assert (ev.content, ev.collected_by) == ("封存于执法队物证室", cast.officer_a)
    assert AuditEvent.objects.filter(action="case.add_evidence").count() == 1
    assert api.get(item["file"]["api_url"]).status_code == 200


def test_without_a_file(cast, api_client, investigating):
    res = post(api_client.login(cast.officer_a), investigating.pk,
               {"kind": "audiovisual", "title": "执法记录仪视频"})
    assert res.status_code == 201 and res.json()["file"] is None


@pytest.mark.parametrize(("data", "errors"), [
    pytest.param({"kind": "video", "title": "", "collected_on": "2026-02-30"},
                 {"kind": "证据种类：不正确", "title": "证据名称：必填",
                  "collected_on": "取证日期：应为日期（YYYY-MM-DD）"}, id="fields"),
    pytest.param({"kind": "photo", "title": "照片", "collected_on": "2099-01-01"},
                 {"collected_on": "取证日期：不能晚于今天"}, id="future"),
    pytest.param({"kind": "photo", "title": "照片", "violation": "999999"},
                 {"violation": "对应违法行为：不属于本案或已作废"}, id="violation"),
])
def test_bad_fields_are_named_in_chinese_and_nothing_written(
        cast, api_client, investigating, media, data, errors):
    before = written(media)
    res = post(api_client.login(cast.officer_a), investigating.pk,
               {**data, "file": SimpleUploadedFile("a.png", PNG)})
    assert res.status_code == 400
    assert res.json()["errors"] == errors
    assert written(media) == before


def test_a_non_integer_violation_is_named(cast, api_client, investigating, media):
    before = written(media)
    res = post(api_client.login(cast.officer_a), investigating.pk,
               {"kind": "photo", "title": "照片", "violation": "abc"})
    assert res.status_code == 400
    assert "违法行为" in res.json()["errors"]["violation"]
    assert written(media) == before


def test_upload_rules_are_the_pages(cast, api_client, investigating, media, monkeypatch):
    api = api_client.login(cast.officer_a)
    before = written(media)
    res = post(api, investigating.pk, {"kind": "inquiry", "title": "询问笔录",
                                       "file": SimpleUploadedFile("询问笔录.docx", DOCX)})
    assert res.status_code == 400
    assert res.json()["errors"]["file"].startswith("附件：文件“询问笔录.docx”不是图片")
    monkeypatch.setattr("anzhi.cases.evidence.MAX_BYTES", 10)
    res = post(api, investigating.pk, {"kind": "photo", "title": "照片",
                                       "file": SimpleUploadedFile("big.png", PNG)})
    assert res.status_code == 400 and "“big.png”超过 10 字节" in res.json()["errors"]["file"]
    assert written(media) == before


@pytest.mark.parametrize(("who", "status"), [
    ("leader", 403), ("assistant_a", 403), ("discipline", 403), ("officer_b", 404)])
def test_others_are_refused_as_on_the_other_case_endpoints(
        cast, api_client, investigating, media, who, status):
    before = written(media)
    res = post(api_client.login(getattr(cast, who)), investigating.pk,
               {"kind": "photo", "title": "照片", "file": SimpleUploadedFile("a.png", PNG)})
    assert res.status_code == status, res.content
    assert written(media) == before


def test_missing_case_is_404(cast, api_client):
    res = post(api_client.login(cast.officer_a), 999_999, {"kind": "photo", "title": "照片"})
    assert res.status_code == 404


def test_a_closed_step_is_refused(cast, api_client, flow, media):
    case = flow.new()  # awaiting the filing approval
    before = written(media)
    res = post(api_client.login(cast.officer_a), case.pk, {"kind": "photo", "title": "照片"})
    assert res.status_code == 409 and "登记证据" in res.json()["detail"]
    assert written(media) == before
