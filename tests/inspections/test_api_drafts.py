"""The phone's on-site flow through the API only: a draft, answers saved one by one, a
finding, photos (resent with the same client_id: stored once), then submit with its
follow-ups. Bad input gets a Chinese message naming the field and writes nothing."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anzhi.core import followups
from anzhi.core.models import AuditEvent
from anzhi.inspections.models import Answer, Disposition, Finding, Inspection, Photo

BASE = "/api/v1/inspections"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64



def in_days(n):
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def upload(content=JPEG, name="a.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo(api, inspection_id, client_id="p-1", content=JPEG, **extra):
    data = {"file": upload(content), "client_id": client_id, **extra}
    return api.post(f"{BASE}/{inspection_id}/photos", data, multipart=True)


def finding_body(items, officer, **over):
    data = {"description": "动火作业未办理作业票，现场无监护人员", "item": items[17].pk,
            "raised_by": officer.pk, "client_id": "f-1",
            "dispositions": [{"kind": followups.RECTIFY_BY_DEADLINE, "deadline": in_days(15)}]}
    data.update(over)
    return data


@pytest.fixture
def draft(phone, record):
    res = phone.post(f"{BASE}/drafts", record(answers=[], findings=[]))
    assert res.status_code == 201, res.content
    return res.json()


def written():
    """Everything a drafting step may write."""
    return (Inspection.objects.count(), Answer.objects.count(), Finding.objects.count(),
            Disposition.objects.count(), Photo.objects.count(), AuditEvent.objects.count())


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---------------------------------------------------------------- the phone flow


def test_phone_flow_draft_answers_finding_photo_submit(cast, phone, draft, items, received,
                                                       settings):
    assert draft["status"] == "draft" and draft["answers"] == [] and draft["findings"] == []
    pk = draft["id"]

    for item in items:
        result = "noncompliant" if item.seq == 18 else "compliant"
        res = phone.put(f"{BASE}/{pk}/answers/{item.pk}", {"result": result, "note": ""})
        assert res.status_code == 200, res.content
    assert res.json() == {"item": items[-1].pk, "seq": 30, "result": "compliant",
                          "result_label": "符合", "note": ""}
    changed = phone.put(f"{BASE}/{pk}/answers/{items[0].pk}",
                        {"result": "na", "note": "无此设施"})
    assert changed.json()["result_label"] == "不适用"
    assert Answer.objects.filter(inspection_id=pk).count() == 30

    res = phone.post(f"{BASE}/{pk}/findings", finding_body(items, cast.officer_a))
    assert res.status_code == 201, res.content
    finding = res.json()
    assert finding["seq"] == 1 and finding["item"] == items[17].pk
    assert finding["dispositions"][0]["kind_label"] == "责令限期整改"
    assert finding["legal_basis"]  # taken from the checklist item
    resent = phone.post(f"{BASE}/{pk}/findings", finding_body(items, cast.officer_a))
    assert resent.status_code == 201 and resent.json()["id"] == finding["id"]
    assert Finding.objects.filter(inspection_id=pk).count() == 1

    first = photo(phone, pk, "p-1", finding=finding["id"])
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["finding"] == finding["id"] and body["item"] is None
    assert len(body["sha256"]) == 64 and body["url"].endswith(f"/photos/{body['id']}/")
    again = photo(phone, pk, "p-1", finding=finding["id"])  # the connection dropped: resent
    assert again.status_code == 201 and again.json()["id"] == body["id"]
    png = photo(phone, pk, "p-2", content=PNG, item=items[0].pk)
    assert png.status_code == 201 and png.json()["item"] == items[0].pk
    assert Photo.objects.filter(inspection_id=pk).count() == 2
    assert len(stored_files(settings)) == 2

    res = phone.post(f"{BASE}/{pk}/submit")
    assert res.status_code == 200, res.content
    out = res.json()
    assert out["status"] == "submitted"
    followup = out["findings"][0]["dispositions"][0]["followup"]
    assert followup == {"type": "fake.record", "id": 1, "label": "后续记录1",
                        "url": "/fake/1"}
    assert [r.kind for r in received] == [followups.RECTIFY_BY_DEADLINE]
    assert len(out["reinspections"]) == 1
    assert "rectification-order" in out["documents"]
    assert {e.action for e in AuditEvent.objects.filter(object_id=str(pk))} >= {
        "inspection.create", "inspection.answer", "inspection.finding", "inspection.photo",
        "inspection.submit"}


def test_a_draft_may_start_with_answers_and_findings(cast, phone, record):
    res = phone.post(f"{BASE}/drafts", record())
    assert res.status_code == 201, res.content
    assert res.json()["status"] == "draft"
    assert len(res.json()["answers"]) == 30 and len(res.json()["findings"]) == 1


def test_submitting_an_incomplete_draft_names_the_missing_items(phone, draft):
    before = written()
    res = phone.post(f"{BASE}/{draft['id']}/submit")
    assert res.status_code == 400
    assert res.json()["errors"]["answers"].startswith("检查项结果：第1、2、3")
    assert written() == before
    assert Inspection.objects.get(pk=draft["id"]).status == "draft"


# ---------------------------------------------------------------- creating a draft: bad input


def test_a_draft_still_needs_its_team(cast, phone, record):
    res = phone.post(f"{BASE}/drafts", record(officers=[cast.officer_a.pk], answers=[]))
    assert res.status_code == 400
    assert res.json()["errors"]["officers"].startswith("执法人员：至少需要2名")
    assert written() == (0, 0, 0, 0, 0, 0)


def test_a_resent_draft_with_the_same_idempotency_key_is_created_once(phone, record):
    key = str(uuid.uuid4())
    body = record(answers=[], findings=[])
    first = phone.post(f"{BASE}/drafts", body, HTTP_IDEMPOTENCY_KEY=key)
    again = phone.post(f"{BASE}/drafts", body, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["status"] == "draft" and again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Inspection.objects.count() == 1
    # The same key for a full submission is a different request: refused, nothing written.
    res = phone.post(BASE, body, HTTP_IDEMPOTENCY_KEY=key)
    assert res.status_code == 409 and "幂等键" in res.json()["detail"]
    assert Inspection.objects.count() == 1


@pytest.mark.parametrize("who", ["enterprise_user_a", "discipline", "leader"])
def test_read_only_roles_cannot_create_drafts(cast, api_client, record, who):
    res = api_client.login(getattr(cast, who)).post(f"{BASE}/drafts", record(answers=[]))
    assert res.status_code == 403
    assert written() == (0, 0, 0, 0, 0, 0)


# ---------------------------------------------------------------- drafting steps: bad input


@pytest.mark.parametrize(("result", "message"), [
    ("yes", "检查结果：应为符合、不符合或不适用"),
    ("COMPLIANT", "检查结果：应为符合、不符合或不适用"),
    ("not_applicable", "检查结果：应为符合、不符合或不适用"),  # the code is "na"
])
def test_wrong_result_value_is_refused(phone, draft, items, result, message):
    before = written()
    res = phone.put(f"{BASE}/{draft['id']}/answers/{items[0].pk}", {"result": result})
    assert res.status_code == 400
    assert res.json()["errors"]["result"] == message
    assert written() == before


def test_answer_without_result_names_the_field(phone, draft, items):
    before = written()
    res = phone.put(f"{BASE}/{draft['id']}/answers/{items[0].pk}", {"note": "x"})
    assert res.status_code == 400
    assert res.json()["errors"]["result"] == "检查结果：必填"
    assert written() == before


def test_answer_to_an_item_of_another_checklist_is_refused(phone, draft, items):
    from anzhi.inspections.models import Checklist

    other = Checklist.objects.get(code="hazchem-major-hazard").current_version
    item = other.items.first()
    before = written()
    res = phone.put(f"{BASE}/{draft['id']}/answers/{item.pk}", {"result": "compliant"})
    assert res.status_code == 400
    assert res.json()["errors"]["item"].startswith("检查项：")
    assert written() == before


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"description": ""}, "description", "问题描述：不能为空"),
    ({"description": "   "}, "description", "问题描述：不能为空"),
    ({"dispositions": [{"kind": "fine"}]}, "dispositions.0.kind", "执法处置：应为"),
    ({"dispositions": [{"kind": "rectify_by_deadline"}]}, "dispositions.0.deadline",
     "整改期限：责令限期整改必须规定期限"),
    ({"raised_by": 999999}, "raised_by", "问题提出人员：应为本次检查组成员"),
])
def test_bad_finding_is_refused(cast, phone, draft, items, over, field, message):
    before = written()
    res = phone.post(f"{BASE}/{draft['id']}/findings", finding_body(items, cast.officer_a,
                                                                     **over))
    assert res.status_code == 400
    assert res.json()["errors"][field].startswith(message)
    assert written() == before


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"MZ\x90\x00 not an image", "evil.jpg", "照片：只接受 JPEG 或 PNG 图片"),
    (b"%PDF-1.4\n" + b"0" * 64, "report.pdf", "照片：只接受 JPEG 或 PNG 图片"),
    (b"", "empty.jpg", "照片：文件为空"),
    (JPEG + b"\x00" * (8 * 1024 * 1024), "huge.jpg", "照片：不能超过 8 MB"),
])
def test_non_image_or_oversized_photo_is_refused(phone, draft, settings, content, name,
                                                 message):
    before = written()
    res = phone.post(f"{BASE}/{draft['id']}/photos",
                     {"file": upload(content, name), "client_id": "p-bad"}, multipart=True)
    assert res.status_code == 400
    assert res.json()["errors"]["file"] == message
    assert written() == before
    assert stored_files(settings) == []


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"client_id": ""}, "client_id", "照片编号：不能为空"),
    ({"client_id": "p-1", "item": 999999}, "item", "检查项：不属于本次检查所用的检查表"),
    ({"client_id": "p-1", "finding": 999999}, "finding", "问题：不属于本次检查"),
    ({"client_id": "p-1", "item": "abc"}, "item", "检查项：应为整数"),
])
def test_photo_form_fields_are_checked(phone, draft, settings, data, field, message):
    before = written()
    res = phone.post(f"{BASE}/{draft['id']}/photos", {"file": upload(), **data},
                     multipart=True)
    assert res.status_code == 400
    assert res.json()["errors"][field] == message
    assert written() == before
    assert stored_files(settings) == []


def test_photo_without_a_file_names_the_field(phone, draft):
    before = written()
    res = phone.post(f"{BASE}/{draft['id']}/photos", {"client_id": "p-1"}, multipart=True)
    assert res.status_code == 400
    assert res.json()["errors"]["file"] == "照片：文件为空"
    assert written() == before


def _steps(items, officer):
    """Each drafting step as (method, path suffix, body, multipart)."""
    return [
        ("put", f"/answers/{items[0].pk}", {"result": "compliant"}),
        ("post", "/findings", finding_body(items, officer, client_id="f-x")),
        ("photo", "/photos", None),
        ("post", "/submit", {}),
    ]


def _call(api, method, path, body):
    if method == "photo":
        return api.post(path, {"file": upload(), "client_id": "p-x"}, multipart=True)
    return getattr(api, method)(path, body)


@pytest.mark.parametrize(("who", "status"), [
    ("head_a", 403),        # same agency, not on the team
    ("officer_b", 404),     # another township: as if missing
    ("enterprise_user_a", 404),  # the enterprise never sees the officers' drafts
    ("discipline", 403),    # reads, never writes
])
def test_someone_not_on_the_inspection_cannot_edit_it(cast, api_client, draft, items, who,
                                                      status):
    api = api_client.login(getattr(cast, who))
    before = written()
    for method, suffix, body in _steps(items, cast.officer_a):
        res = _call(api, method, f"{BASE}/{draft['id']}{suffix}", body)
        assert res.status_code == status, (method, suffix, res.content)
        if status == 403:
            assert "无权" in res.json()["detail"]
    assert written() == before
    assert Inspection.objects.get(pk=draft["id"]).status == "draft"


def test_editing_a_submitted_record_is_refused_with_409(cast, phone, record, items, settings):
    res = phone.post(BASE, record())
    assert res.status_code == 201, res.content
    pk = res.json()["id"]
    before = written()
    for method, suffix, body in _steps(items, cast.officer_a):
        res = _call(phone, method, f"{BASE}/{pk}{suffix}", body)
        assert res.status_code == 409, (method, suffix, res.content)
        assert res.json()["detail"].startswith("检查记录已提交，内容不能再修改")
    assert written() == before
    assert stored_files(settings) == []


@pytest.mark.parametrize("path", ["/answers/2147483648", "/answers/1"])
def test_ids_out_of_range_or_missing_are_not_server_errors(phone, path):
    res = phone.put(f"{BASE}/999999{path}", {"result": "compliant"})
    assert res.status_code in (400, 404)
