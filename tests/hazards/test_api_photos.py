"""Photos of a hazard through the API: registered first, photos uploaded after (multipart),
images or PDF within the size limit, enterprise users only on their own hazards. Bad input
gets a Chinese message naming the field and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from anzhi.accounts.models import Role
from anzhi.core.models import AuditEvent
from anzhi.hazards import uploads
from anzhi.hazards.choices import Status
from anzhi.hazards.models import Hazard, HazardFile
from tests.factories import UserFactory

from .conftest import JPEG, PDF, PNG, full_plan

BASE = "/api/v1/hazards"


def send(api, hazard_id, *files, **form):
    return api.post(f"{BASE}/{hazard_id}/photos", {"photos": list(files), **form},
                    multipart=True)


def png(name="site.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def written():
    return HazardFile.objects.count(), AuditEvent.objects.count()


def stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_registered_through_the_api_then_photos_added(cast, api_client, media):
    officer = api_client.login(cast.officer_a)
    res = officer.post(BASE, {"enterprise": cast.enterprise_a.pk, "criterion": "检查表第3项",
                              "description": "安全出口堆放杂物", "rectify_due": "2099-01-01"})
    assert res.status_code == 201, res.content
    hid = res.json()["id"]

    res = send(officer, hid, png(), pdf())
    assert res.status_code == 201, res.content
    out = res.json()
    assert out["hazard"] == hid
    assert [(f["kind"], f["name"], f["content_type"]) for f in out["files"]] == [
        ("finding", "site.png", "image/png"), ("finding", "report.pdf", "application/pdf")]
    assert out["files"][0]["size"] == len(PNG)
    assert out["files"][0]["url"] == f"/hazards/{hid}/files/{out['files'][0]['id']}/"
    assert out["files"][0]["api_url"] == f"{BASE}/{hid}/files/{out['files'][0]['id']}"
    assert HazardFile.objects.filter(hazard_id=hid, rectification=None).count() == 2
    assert len(stored(media)) == 2
    event = AuditEvent.objects.get(action="hazard.photos")
    assert event.object_id == str(hid) and event.changes == {
        "隐患照片": [None, ["site.png", "report.pdf"]]}

    other = send(officer, hid, pdf("map.pdf"), kind="other")
    assert other.status_code == 201 and other.json()["files"][0]["kind"] == "other"


def test_the_enterprise_adds_photos_to_its_own_hazard(cast, api_client, make_hazard):
    hazard = make_hazard()
    res = send(api_client.login(cast.enterprise_user_a), hazard.pk, png("self.png"))
    assert res.status_code == 201, res.content
    saved = HazardFile.objects.get()
    assert (saved.hazard_id, saved.uploaded_by_id) == (hazard.pk, cast.enterprise_user_a.pk)


def test_photos_at_every_open_step_but_not_after_closing(cast, api_client, make_hazard):
    hazard = make_hazard()
    ent = api_client.login(cast.enterprise_user_a)
    plan = full_plan()
    plan["deadline"] = str(plan["deadline"])
    assert ent.post(f"{BASE}/{hazard.pk}/plan", plan).status_code == 201
    assert ent.post(f"{BASE}/{hazard.pk}/start", {}).status_code == 200
    assert send(ent, hazard.pk, png()).status_code == 201          # 整改中
    res = ent.post(f"{BASE}/{hazard.pk}/rectifications",
                   {"description": "已清理", "after": [png("after.png")]}, multipart=True)
    assert res.status_code == 201, res.content
    assert send(ent, hazard.pk, png()).status_code == 201          # 待复查
    officer = api_client.login(cast.officer_a)
    assert officer.post(f"{BASE}/{hazard.pk}/reviews", {"passed": True}).status_code == 201
    before = written()
    res = send(officer, hazard.pk, png())                            # 已销号
    assert res.status_code == 409
    assert "已销号" in res.json()["detail"]
    assert written() == before


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("evil.png", b"MZ\x90\x00 this is an exe", "不是图片（JPG、PNG、GIF、WEBP）或 PDF 文件"),
    ("notes.docx", b"PK\x03\x04 word document", "不是图片（JPG、PNG、GIF、WEBP）或 PDF 文件"),
    ("huge.png", PNG + b"\x00" * 2048, "超过 1024 字节 的大小限制"),
])
def test_non_image_or_oversized_upload_is_refused(cast, api_client, make_hazard, monkeypatch,
                                                  media, name, content, fragment):
    monkeypatch.setattr(uploads, "MAX_BYTES", 1024)
    hazard = make_hazard()
    before = written()
    # One good file with the bad one: all are refused, none is kept.
    res = send(api_client.login(cast.enterprise_user_a), hazard.pk, png("ok.png"),
               png(name, content))
    assert res.status_code == 400
    message = res.json()["errors"]["photos"]
    assert message.startswith(f"隐患照片：文件“{name}”") and fragment in message
    assert written() == before
    assert stored(media) == []


def test_no_file_names_the_field(cast, api_client, make_hazard):
    hazard = make_hazard()
    before = written()
    res = api_client.login(cast.officer_a).post(f"{BASE}/{hazard.pk}/photos", {},
                                                multipart=True)
    assert res.status_code == 400
    assert res.json()["errors"]["photos"] == "隐患照片：请至少上传一个图片或 PDF 文件"
    assert written() == before


def test_too_many_files_at_once(cast, api_client, make_hazard, media):
    hazard = make_hazard()
    before = written()
    res = send(api_client.login(cast.officer_a), hazard.pk,
               *[png(f"{n}.png") for n in range(11)])
    assert res.status_code == 400
    assert res.json()["errors"]["photos"] == "隐患照片：一次最多上传 10 个文件"
    assert written() == before
    assert stored(media) == []


@pytest.mark.parametrize("kind", ["after", "before", "selfie"])
def test_kind_must_be_a_hazard_photo_or_other_material(cast, api_client, make_hazard, kind):
    hazard = make_hazard()
    before = written()
    res = send(api_client.login(cast.officer_a), hazard.pk, png(), kind=kind)
    assert res.status_code == 400
    assert res.json()["errors"]["kind"].startswith("类别：应为隐患照片")
    assert written() == before


# ---------------------------------------------------------------- who may upload


@pytest.mark.parametrize(("who", "status"), [
    ("officer_b", 404),          # another township: as if missing
    ("discipline", 403),         # sees, never acts
    ("leader", 403),
    ("enterprise_user_a", 404),  # another enterprise's hazard
])
def test_who_may_not_upload(cast, api_client, make_hazard, media, who, status):
    hazard = make_hazard(actor=cast.officer_b, enterprise=cast.enterprise_b) \
        if who == "enterprise_user_a" else make_hazard()
    before = written()
    res = send(api_client.login(getattr(cast, who)), hazard.pk, png())
    assert res.status_code == status, res.content
    assert written() == before
    assert stored(media) == []


def test_a_missing_or_out_of_range_hazard_is_not_a_server_error(cast, api_client):
    api = api_client.login(cast.officer_a)
    assert send(api, 999999, png()).status_code == 404
    assert send(api, 2**31, png()).status_code == 400


# ---------------------------------------------------------------- resent with a client_id


def test_a_resent_photo_with_the_same_client_id_is_stored_once(cast, api_client, make_hazard,
                                                                media):
    hazard = make_hazard()
    officer = api_client.login(cast.officer_a)
    first = send(officer, hazard.pk, png("a.png"), client_id="h-1")
    assert first.status_code == 201, first.content
    before = written()
    again = send(officer, hazard.pk, png("a.png"), client_id="h-1")  # the answer was lost
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert written() == before
    assert len(stored(media)) == 1
    assert HazardFile.objects.get().client_id == "h-1"

    # Another id is another photo; the same id on another hazard is that hazard's own.
    assert send(officer, hazard.pk, png("b.png"), client_id="h-2").status_code == 201
    other = make_hazard()
    res = send(officer, other.pk, png("a.png"), client_id="h-1")
    assert res.status_code == 201 and res.json()["files"][0]["id"] != first.json()["files"][0]["id"]
    # Without an id nothing is matched: each upload is stored.
    send(officer, hazard.pk, png())
    send(officer, hazard.pk, png())
    assert HazardFile.objects.filter(hazard=hazard).count() == 4
    assert len(stored(media)) == 5


def test_a_resend_after_closing_still_gets_its_photo(cast, api_client, make_hazard, today):
    hazard = make_hazard()
    officer = api_client.login(cast.officer_a)
    first = send(officer, hazard.pk, png(), client_id="h-1").json()
    Hazard.objects.filter(pk=hazard.pk).update(status=Status.CLOSED, closed_on=today)
    before = written()
    again = send(officer, hazard.pk, png(), client_id="h-1")
    assert again.status_code == 201 and again.json() == first
    assert send(officer, hazard.pk, png(), client_id="h-new").status_code == 409
    assert written() == before


@pytest.mark.parametrize(("files", "client_id", "message"), [
    (2, "h-1", "照片编号：带编号上传时一次只能上传一个文件"),
    (1, "x" * 41, "照片编号：不能超过 40 个字符"),
])
def test_bad_client_id_is_refused(cast, api_client, make_hazard, media, files, client_id,
                                  message):
    hazard = make_hazard()
    before = written()
    res = send(api_client.login(cast.officer_a), hazard.pk,
               *[png(f"{n}.png") for n in range(files)], client_id=client_id)
    assert res.status_code == 400
    assert res.json()["errors"] == {"client_id": message}
    assert written() == before
    assert stored(media) == []


def test_the_database_refuses_a_second_file_with_the_same_client_id(cast, make_hazard):
    hazard = make_hazard()

    def add(client_id):
        return HazardFile.objects.create(hazard=hazard, kind="finding", file="x.png",
                                         name="x.png", content_type="image/png", size=1,
                                         client_id=client_id, uploaded_by=cast.officer_a)

    add("h-1")
    add("")
    add("")  # no id: any number
    with pytest.raises(IntegrityError), transaction.atomic():
        add("h-1")


# ---------------------------------------------------------------- downloads with the token


def body(res) -> bytes:
    return b"".join(res.streaming_content)


def test_a_png_keeps_its_type_through_the_api(cast, api_client, make_hazard):
    hazard = make_hazard()
    officer = api_client.login(cast.officer_a)
    out = send(officer, hazard.pk, png("site.png"),
               SimpleUploadedFile("site.jpg", JPEG, content_type="image/jpeg")).json()
    for f, content_type, content in zip(out["files"], ["image/png", "image/jpeg"],
                                        [PNG, JPEG], strict=True):
        assert f["content_type"] == content_type
        res = officer.get(f["api_url"])
        assert res.status_code == 200
        assert res["Content-Type"] == content_type
        assert body(res) == content


@pytest.mark.parametrize(("who", "status"), [
    ("officer_a", 200),
    ("officer_a2", 200),
    ("enterprise_user_a", 200),  # its own enterprise's hazard
    ("leader", 200),             # sees everything in the county
    ("officer_b", 404),          # another township: as if missing
    ("ent_b", 404),              # another enterprise's user
])
def test_who_may_download_a_file(cast, api_client, make_hazard, who, status):
    hazard = make_hazard()
    url = send(api_client.login(cast.officer_a), hazard.pk, png()).json()["files"][0]["api_url"]
    user = UserFactory(username="ent_b", role=Role.ENTERPRISE, enterprise=cast.enterprise_b) \
        if who == "ent_b" else getattr(cast, who)
    res = api_client.login(user).get(url)
    assert res.status_code == status, res.content
    if status == 200:
        assert res["Content-Type"] == "image/png" and body(res) == PNG
    else:
        assert res.json() == {"detail": "未找到"}


def test_missing_file_or_file_of_another_hazard_is_404(cast, api_client, make_hazard):
    hazard, other = make_hazard(), make_hazard()
    api = api_client.login(cast.officer_a)
    file_id = send(api, hazard.pk, png()).json()["files"][0]["id"]
    assert api.get(f"{BASE}/{hazard.pk}/files/{file_id}").status_code == 200
    assert api.get(f"{BASE}/{other.pk}/files/{file_id}").status_code == 404
    assert api.get(f"{BASE}/{hazard.pk}/files/999999").status_code == 404
    assert api.get(f"{BASE}/999999/files/{file_id}").status_code == 404


def test_the_detail_lists_the_hazard_photos_and_the_rectification_files(cast, api_client,
                                                                        make_hazard):
    hazard = make_hazard(photos=[png("found.png")])
    ent = api_client.login(cast.enterprise_user_a)
    assert send(ent, hazard.pk, pdf("map.pdf"), kind="other").status_code == 201
    plan = full_plan()
    plan["deadline"] = str(plan["deadline"])
    assert ent.post(f"{BASE}/{hazard.pk}/plan", plan).status_code == 201
    assert ent.post(f"{BASE}/{hazard.pk}/start", {}).status_code == 200
    res = ent.post(f"{BASE}/{hazard.pk}/rectifications",
                   {"description": "已清理", "after": [png("after.png")]}, multipart=True)
    assert res.status_code == 201, res.content

    out = api_client.login(cast.officer_a).get(f"{BASE}/{hazard.pk}").json()
    assert [(p["kind"], p["name"]) for p in out["photos"]] == [
        ("finding", "found.png"), ("other", "map.pdf")]
    rect_files = out["rectifications"][0]["files"]
    assert [(f["kind"], f["name"]) for f in rect_files] == [("after", "after.png")]
    for f in out["photos"] + rect_files:
        assert f["api_url"] == f"{BASE}/{hazard.pk}/files/{f['id']}"
        assert api_client.get(f["api_url"]).status_code == 200
