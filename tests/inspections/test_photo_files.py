"""Stored on-site photos: listed on the inspection's detail with a bearer-token download for
those who may see the record, typed by their bytes (an old PNG stored as .jpg is a PNG),
lost bytes a 404 an operator hears about, and a resend racing the first upload of the same
client_id given the stored photo instead of a server error."""

import io
import logging
import os

import pytest

from anzhi.accounts.models import Role
from anzhi.core.files import MISSING
from anzhi.core.models import AuditEvent
from anzhi.inspections import services
from anzhi.inspections.models import Photo
from tests.factories import UserFactory

BASE = "/api/v1/inspections"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 80


def named(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


def upload(api, inspection_id, content=JPEG, client_id="p-1", **extra):
    return api.post(f"{BASE}/{inspection_id}/photos",
                    {"file": named(content, "a.jpg"), "client_id": client_id, **extra},
                    multipart=True)


def on_disk(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def body(res) -> bytes:
    return b"".join(res.streaming_content)



@pytest.fixture
def draft(phone, record):
    res = phone.post(f"{BASE}/drafts", record())
    assert res.status_code == 201, res.content
    return res.json()


@pytest.fixture
def two_photos(phone, draft, items):
    """A photo of a checklist item (JPEG) and one of the draft's finding (PNG)."""
    pk = draft["id"]
    by_item = upload(phone, pk, JPEG, "p-item", item=items[3].pk)
    by_finding = upload(phone, pk, PNG, "p-finding", finding=draft["findings"][0]["id"])
    assert by_item.status_code == 201 and by_finding.status_code == 201
    return by_item.json(), by_finding.json()


# ---------------------------------------------------------------- the detail lists them


def test_the_detail_lists_the_photos_of_items_and_findings(phone, draft, items, two_photos):
    by_item, by_finding = two_photos
    out = phone.get(f"{BASE}/{draft['id']}").json()
    assert [{k: p[k] for k in ("id", "item", "finding", "content_type", "size", "api_url")}
            for p in out["photos"]] == [
        {"id": by_item["id"], "item": items[3].pk, "finding": None,
         "content_type": "image/jpeg", "size": len(JPEG), "api_url": by_item["api_url"]},
        {"id": by_finding["id"], "item": None, "finding": draft["findings"][0]["id"],
         "content_type": "image/png", "size": len(PNG), "api_url": by_finding["api_url"]}]
    assert [p["uploaded_at"] for p in out["photos"]] == [by_item["uploaded_at"],
                                                         by_finding["uploaded_at"]]
    res = phone.get(out["photos"][1]["api_url"])
    assert res.status_code == 200 and res["Content-Type"] == "image/png"
    assert body(res) == PNG


def test_a_record_without_photos_lists_none(phone, draft):
    assert draft["photos"] == []
    assert phone.get(f"{BASE}/{draft['id']}").json()["photos"] == []


@pytest.mark.parametrize(("who", "status"), [
    ("officer_a2", 200),         # on the team
    ("head_a", 200),             # the agency's head
    ("enterprise_user_a", 200),  # the inspected enterprise, once submitted
    ("officer_b", 404),          # another agency: as if missing
    ("ent_b", 404),              # a user of another enterprise
])
def test_who_sees_the_photos(cast, api_client, phone, draft, two_photos, who, status):
    assert phone.post(f"{BASE}/{draft['id']}/submit").status_code == 200
    user = UserFactory(username="ent_b", role=Role.ENTERPRISE, enterprise=cast.enterprise_b) \
        if who == "ent_b" else getattr(cast, who)
    api = api_client.login(user)
    res = api.get(f"{BASE}/{draft['id']}")
    assert res.status_code == status, res.content
    for photo in two_photos:
        got = api.get(photo["api_url"])
        assert got.status_code == status
        if status == 404:
            assert got.json() == {"detail": "未找到"}
    if status == 200:
        assert [p["id"] for p in res.json()["photos"]] == [p["id"] for p in two_photos]


def test_the_enterprise_sees_no_draft_nor_its_photos(cast, api_client, draft, two_photos):
    api = api_client.login(cast.enterprise_user_a)
    assert api.get(f"{BASE}/{draft['id']}").status_code == 404
    assert api.get(two_photos[0]["api_url"]).status_code == 404


# ---------------------------------------------------------------- lost bytes


def test_lost_bytes_answer_404_and_are_logged(cast, phone, client, draft, two_photos, caplog):
    photo = Photo.objects.get(pk=two_photos[1]["id"])
    photo.file.storage.delete(photo.file.name)
    caplog.set_level(logging.WARNING, logger="anzhi.files")

    res = phone.get(two_photos[1]["api_url"])
    assert res.status_code == 404 and res.json() == {"detail": MISSING}
    client.force_login(cast.officer_a)
    page = client.get(two_photos[1]["url"])
    assert page.status_code == 404 and page.content.decode() == MISSING
    # The detail still answers from the rows, without looking for the bytes.
    out = phone.get(f"{BASE}/{draft['id']}").json()
    assert [p["size"] for p in out["photos"]] == [len(JPEG), len(PNG)]

    warnings = [r.getMessage() for r in caplog.records
                if r.name == "anzhi.files" and r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert all(f"inspections.Photo id={photo.pk} {photo.file.name}" in w for w in warnings)


# ---------------------------------------------------------------- the type from the bytes


def test_an_old_png_stored_as_jpg_is_served_and_listed_as_png(cast, phone, client, draft,
                                                              two_photos, settings):
    photo = Photo.objects.get(pk=two_photos[1]["id"])
    old_name = photo.file.name[:-len(".png")] + ".jpg"  # as photos were stored before
    os.rename(settings.MEDIA_ROOT / photo.file.name, settings.MEDIA_ROOT / old_name)
    Photo.objects.filter(pk=photo.pk).update(file=old_name)

    res = phone.get(two_photos[1]["api_url"])
    assert res.status_code == 200 and res["Content-Type"] == "image/png"
    assert body(res) == PNG
    client.force_login(cast.officer_a)
    page = client.get(two_photos[1]["url"])
    assert page.status_code == 200 and page["Content-Type"] == "image/png"
    listed = phone.get(f"{BASE}/{draft['id']}").json()["photos"][1]
    assert listed["content_type"] == "image/png"


# ---------------------------------------------------------------- racing resends


def test_a_resend_racing_the_first_upload_gets_the_stored_photo(phone, draft, settings,
                                                                monkeypatch):
    first = upload(phone, draft["id"], PNG, "p-9")
    assert first.status_code == 201, first.content
    before = Photo.objects.count(), AuditEvent.objects.count(), on_disk(settings)

    # The second request checked before the first had committed: its check saw nothing.
    monkeypatch.setattr(services, "_stored_photo", lambda inspection, client_id: None)
    again = upload(phone, draft["id"], PNG, "p-9")
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert (Photo.objects.count(), AuditEvent.objects.count(), on_disk(settings)) == before

    # The request's transaction is still usable: another id is stored.
    assert upload(phone, draft["id"], PNG, "p-10").status_code == 201
    assert Photo.objects.count() == before[0] + 1
