"""On-site photos for the phone: stored with their real type (a PNG stays a PNG), an
oversized upload refused before it is read, and downloaded with the bearer token by those
who may see the inspection — 404 alike for missing and invisible."""

import io

import pytest
from django.core.files.uploadedfile import UploadedFile

from anzhi.accounts.models import Role
from anzhi.core.models import AuditEvent
from anzhi.inspections.models import Photo
from anzhi.inspections.photos import MAX_PHOTO_BYTES
from tests.factories import UserFactory

BASE = "/api/v1/inspections"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def named(content: bytes, name: str) -> io.BytesIO:
    """A file for the test client that is not a Django UploadedFile (so a spy on the server's
    UploadedFile.read sees only the server's reads)."""
    f = io.BytesIO(content)
    f.name = name
    return f


def upload(api, inspection_id, content=JPEG, name="a.jpg", client_id="p-1", **extra):
    return api.post(f"{BASE}/{inspection_id}/photos",
                    {"file": named(content, name), "client_id": client_id, **extra},
                    multipart=True)


def written():
    return Photo.objects.count(), AuditEvent.objects.count()


def stored(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []



@pytest.fixture
def draft(phone, record):
    res = phone.post(f"{BASE}/drafts", record())
    assert res.status_code == 201, res.content
    return res.json()["id"]


def body(res) -> bytes:
    return b"".join(res.streaming_content)


# ---------------------------------------------------------------- the real type


@pytest.mark.parametrize(("content", "name", "ext", "content_type"), [
    (PNG, "site.png", ".png", "image/png"),
    (PNG, "camera.jpg", ".png", "image/png"),     # judged from the bytes, not the name
    (JPEG, "site.jpg", ".jpg", "image/jpeg"),
    (JPEG, "photo", ".jpg", "image/jpeg"),
])
def test_a_photo_keeps_its_real_type(cast, phone, draft, client, settings, content, name, ext,
                                     content_type):
    res = upload(phone, draft, content, name)
    assert res.status_code == 201, res.content
    out = res.json()
    photo = Photo.objects.get(pk=out["id"])
    assert photo.file.name.endswith(ext)
    assert (photo.content_type, photo.size) == (content_type, len(content))
    assert out["content_type"] == content_type
    assert out["api_url"] == f"{BASE}/{draft}/photos/{photo.pk}"
    assert out["url"] == f"/inspections/{draft}/photos/{photo.pk}/"

    res = phone.get(out["api_url"])
    assert res.status_code == 200
    assert res["Content-Type"] == content_type
    assert body(res) == content

    client.force_login(cast.officer_a2)  # the page download (session) serves the same type
    page = client.get(out["url"])
    assert page.status_code == 200 and page["Content-Type"] == content_type
    assert body(page) == content


# ---------------------------------------------------------------- the size limit


def test_an_oversized_photo_is_refused_before_it_is_read(phone, draft, settings,
                                                         monkeypatch):
    reads = []
    monkeypatch.setattr(UploadedFile, "read", property(
        lambda self: reads.append(self.name) or self.file.read))
    before = written()
    res = upload(phone, draft, JPEG + b"\x00" * (MAX_PHOTO_BYTES - len(JPEG) + 1), "huge.jpg")
    assert res.status_code == 400
    assert res.json()["errors"] == {"file": "照片：不能超过 8 MB"}
    assert reads == []
    assert written() == before
    assert stored(settings) == []

    # At the limit exactly: read and stored (the spy does see the server's reads).
    res = upload(phone, draft, JPEG + b"\x00" * (MAX_PHOTO_BYTES - len(JPEG)), "max.jpg",
                 client_id="p-max")
    assert res.status_code == 201, res.content
    assert reads == ["max.jpg"]
    assert len(stored(settings)) == 1


def test_the_service_uses_the_same_limit(cast, draft):
    from anzhi.core.errors import ValidationFailed
    from anzhi.inspections.models import Inspection
    from anzhi.inspections.services import photo_add

    inspection = Inspection.objects.get(pk=draft)
    with pytest.raises(ValidationFailed) as exc:
        photo_add(actor=cast.officer_a, inspection=inspection, client_id="p-big",
                  content=JPEG + b"\x00" * MAX_PHOTO_BYTES)
    assert exc.value.errors == {"file": "照片：不能超过 8 MB"}
    assert Photo.objects.count() == 0


# ---------------------------------------------------------------- who may download


@pytest.fixture
def submitted_photo(phone, draft):
    """A photo of a submitted record (the enterprise sees its records once submitted)."""
    res = upload(phone, draft, PNG, "site.png")
    assert res.status_code == 201, res.content
    assert phone.post(f"{BASE}/{draft}/submit").status_code == 200
    return res.json()


def other_enterprise_user(cast):
    return UserFactory(username="ent_b", role=Role.ENTERPRISE, enterprise=cast.enterprise_b)


@pytest.mark.parametrize(("who", "status"), [
    ("officer_a", 200),          # on the team
    ("officer_a2", 200),
    ("head_a", 200),             # the agency's head sees its records
    ("enterprise_user_a", 200),  # the inspected enterprise, once submitted
    ("officer_b", 404),          # another township: as if missing
    ("ent_b", 404),              # another enterprise's user
])
def test_who_may_download_a_photo(cast, api_client, submitted_photo, who, status):
    user = other_enterprise_user(cast) if who == "ent_b" else getattr(cast, who)
    res = api_client.login(user).get(submitted_photo["api_url"])
    assert res.status_code == status, res.content
    if status == 200:
        assert res["Content-Type"] == "image/png" and body(res) == PNG
    else:
        assert res.json() == {"detail": "未找到"}


def test_the_enterprise_cannot_download_a_draft_photo(cast, api_client, phone, draft):
    url = upload(phone, draft, PNG, "site.png").json()["api_url"]
    res = api_client.login(cast.enterprise_user_a).get(url)
    assert res.status_code == 404


def test_missing_photo_or_photo_of_another_inspection_is_404(cast, phone, draft, record):
    photo_id = upload(phone, draft).json()["id"]
    other = phone.post(f"{BASE}/drafts", record()).json()["id"]
    assert phone.get(f"{BASE}/{draft}/photos/999999").status_code == 404
    assert phone.get(f"{BASE}/{other}/photos/{photo_id}").status_code == 404
    assert phone.get(f"{BASE}/999999/photos/{photo_id}").status_code == 404
    assert phone.get(f"{BASE}/{draft}/photos/{2**31}").status_code in (400, 404)


def test_download_needs_a_login(client, phone, draft):
    url = upload(phone, draft).json()["api_url"]
    assert client.get(url).status_code == 401


# ---------------------------------------------------------------- time taken


def test_the_phone_sends_the_time_taken(phone, draft):
    res = upload(phone, draft, taken_at="2026:05:01 10:20:30")  # EXIF text, Beijing time
    assert res.status_code == 201, res.content
    out = res.json()
    assert out["taken_at"].startswith("2026-05-01T10:20:30") and out["size"] == len(JPEG)
    assert Photo.objects.get(pk=out["id"]).taken_at.isoformat() == "2026-05-01T02:20:30+00:00"


def test_a_bad_time_taken_names_the_field_and_writes_nothing(phone, draft):
    before = written()
    res = upload(phone, draft, taken_at="昨天下午")
    assert res.status_code == 400
    assert res.json()["errors"]["taken_at"].startswith("拍摄时间：")
    assert written() == before
