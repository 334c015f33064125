"""Photos keep their type, size and time taken on the row: written at upload, read by the
detail and the upload answer without opening the stored files, and filled for the photos
stored before by migration 0003 from their bytes (lost bytes: empty type, NULL size, logged)."""

import importlib
import io
import logging
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from anzhi.core.errors import ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.inspections import services
from anzhi.inspections.models import Inspection, Photo

BASE = "/api/v1/inspections"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 80
SHANGHAI = ZoneInfo("Asia/Shanghai")
backfill = importlib.import_module("anzhi.inspections.migrations.0003_photo_metadata")


def upload(api, inspection_id, content=JPEG, client_id="p-1", name="a.jpg"):
    f = io.BytesIO(content)
    f.name = name
    return api.post(f"{BASE}/{inspection_id}/photos", {"file": f, "client_id": client_id},
                    multipart=True)


def on_disk(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []



@pytest.fixture
def draft(phone, record):
    res = phone.post(f"{BASE}/drafts", record())
    assert res.status_code == 201, res.content
    return Inspection.objects.get(pk=res.json()["id"])


def add(cast, draft, content=JPEG, client_id="p-1", **extra) -> Photo:
    return services.photo_add(actor=cast.officer_a, inspection=draft, content=content,
                              client_id=client_id, **extra)


# ---------------------------------------------------------------- written at upload


def test_the_upload_writes_type_and_size(phone, draft):
    res = upload(phone, draft.pk, PNG, name="camera.jpg")
    assert res.status_code == 201, res.content
    photo = Photo.objects.get(pk=res.json()["id"])
    assert (photo.content_type, photo.size, photo.taken_at) == ("image/png", len(PNG), None)


def test_the_upload_answer_reads_the_type_from_the_row_not_the_name(phone, draft, settings):
    first = upload(phone, draft.pk, PNG, "p-old")
    photo = Photo.objects.get(pk=first.json()["id"])
    old_name = photo.file.name[:-len(".png")] + ".jpg"  # as photos were stored before
    os.rename(settings.MEDIA_ROOT / photo.file.name, settings.MEDIA_ROOT / old_name)
    Photo.objects.filter(pk=photo.pk).update(file=old_name)

    again = upload(phone, draft.pk, PNG, "p-old")  # a resend answers with the stored photo
    assert again.status_code == 201
    assert again.json()["content_type"] == "image/png"


@pytest.mark.parametrize(("sent", "expected"), [
    ("2024-05-01T10:20:30+08:00", datetime(2024, 5, 1, 10, 20, 30, tzinfo=SHANGHAI)),
    ("2024-05-01T02:20:30Z", datetime(2024, 5, 1, 10, 20, 30, tzinfo=SHANGHAI)),
    ("2024-05-01 10:20:30", datetime(2024, 5, 1, 10, 20, 30, tzinfo=SHANGHAI)),  # local
    ("2024:05:01 10:20:30", datetime(2024, 5, 1, 10, 20, 30, tzinfo=SHANGHAI)),  # EXIF
    (datetime(2024, 5, 1, 10, 20, 30, tzinfo=SHANGHAI),
     datetime(2024, 5, 1, 10, 20, 30, tzinfo=SHANGHAI)),
    ("", None),
    (None, None),
])
def test_the_time_taken_is_kept_when_the_phone_sends_it(cast, draft, sent, expected):
    photo = add(cast, draft, taken_at=sent)
    photo.refresh_from_db()
    assert photo.taken_at == expected


@pytest.mark.parametrize(("sent", "message"), [
    ("昨天下午", "拍摄时间：格式不正确，应为 2024-05-01T10:20:30 这样的日期时间"),
    ("2024-05-01", "拍摄时间：格式不正确，应为 2024-05-01T10:20:30 这样的日期时间"),
    ("2024-13-01T10:00:00", "拍摄时间：格式不正确，应为 2024-05-01T10:20:30 这样的日期时间"),
    ("future", "拍摄时间：不能晚于当前时间"),
])
def test_a_bad_time_taken_is_refused_and_nothing_is_written(cast, draft, settings, sent,
                                                            message):
    if sent == "future":
        sent = (timezone.now() + timedelta(days=2)).isoformat()
    before = Photo.objects.count(), AuditEvent.objects.count(), on_disk(settings)
    with pytest.raises(ValidationFailed) as refused:
        add(cast, draft, taken_at=sent)
    assert refused.value.errors == {"taken_at": message}
    assert (Photo.objects.count(), AuditEvent.objects.count(), on_disk(settings)) == before


# ---------------------------------------------------------------- read without the storage


def test_the_detail_opens_no_stored_file(cast, phone, draft, monkeypatch):
    taken = datetime(2024, 5, 1, 10, 20, 30, tzinfo=SHANGHAI)
    add(cast, draft, JPEG, "p-1", taken_at=taken)
    add(cast, draft, PNG, "p-2")
    opened = []
    real_open = FileSystemStorage.open
    monkeypatch.setattr(FileSystemStorage, "open",
                        lambda self, name, mode="rb": opened.append(name) or real_open(
                            self, name, mode))

    out = phone.get(f"{BASE}/{draft.pk}").json()
    assert opened == []
    assert [(p["content_type"], p["size"]) for p in out["photos"]] == [
        ("image/jpeg", len(JPEG)), ("image/png", len(PNG))]
    assert [p["taken_at"] and parse_datetime(p["taken_at"]) for p in out["photos"]] == [
        taken, None]


# ---------------------------------------------------------------- migration 0003


def test_the_migration_fills_older_photos_from_their_bytes(cast, draft, settings, caplog):
    jpeg, png, lost = (add(cast, draft, JPEG, "p-1"), add(cast, draft, PNG, "p-2"),
                       add(cast, draft, JPEG, "p-3"))
    # As stored before: a PNG named .jpg, no type, no size; one file gone since.
    old_name = png.file.name[:-len(".png")] + ".jpg"
    os.rename(settings.MEDIA_ROOT / png.file.name, settings.MEDIA_ROOT / old_name)
    Photo.objects.filter(pk=png.pk).update(file=old_name)
    lost.file.storage.delete(lost.file.name)
    Photo.objects.update(content_type="", size=None)
    caplog.set_level(logging.WARNING, logger="anzhi.files")

    backfill.fill_from_bytes(apps, connection.schema_editor())

    assert {p.pk: (p.content_type, p.size) for p in Photo.objects.all()} == {
        jpeg.pk: ("image/jpeg", len(JPEG)), png.pk: ("image/png", len(PNG)),
        lost.pk: ("", None)}
    warnings = [r.getMessage() for r in caplog.records if r.name == "anzhi.files"]
    assert warnings == [f"stored file missing: inspections.Photo id={lost.pk} {lost.file.name}"]


def test_the_migration_fills_every_batch(cast, draft, monkeypatch):
    monkeypatch.setattr(backfill, "BATCH", 2)
    photos = [add(cast, draft, JPEG, f"p-{n}") for n in range(5)]
    Photo.objects.update(content_type="", size=None)

    backfill.fill_from_bytes(apps, connection.schema_editor())

    assert list(Photo.objects.order_by("pk").values_list("pk", "content_type", "size")) == [
        (p.pk, "image/jpeg", len(JPEG)) for p in photos]
