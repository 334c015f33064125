"""Stored hazard files: lost bytes are a 404 an operator hears about, the stored name and the
type served follow the bytes (a PNG uploaded as camera.jpg), and a resend racing the first
upload of the same client_id gets the stored photo instead of a server error."""

import logging

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from anzhi.core.files import MISSING
from anzhi.core.models import AuditEvent
from anzhi.hazards import services_photos
from anzhi.hazards.models import HazardFile

from .conftest import JPEG, PNG

BASE = "/api/v1/hazards"


def camera(content=PNG, name="camera.jpg"):
    """What phones send: a PNG screenshot under a .jpg name."""
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def send(api, hazard_id, *files, **form):
    return api.post(f"{BASE}/{hazard_id}/photos", {"photos": list(files), **form},
                    multipart=True)


def on_disk(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def body(res) -> bytes:
    return b"".join(res.streaming_content)


# ---------------------------------------------------------------- lost bytes


def test_lost_bytes_answer_404_on_the_api_and_the_page_and_are_logged(
        cast, api_client, client, make_hazard, caplog):
    hazard = make_hazard(photos=[camera(name="found.png")])
    row = hazard.files.get()
    row.file.storage.delete(row.file.name)
    api = api_client.login(cast.officer_a)
    caplog.set_level(logging.WARNING, logger="anzhi.files")

    res = api.get(f"{BASE}/{hazard.pk}/files/{row.pk}")
    assert res.status_code == 404
    assert res.json() == {"detail": MISSING}
    client.force_login(cast.officer_a)
    page = client.get(f"/hazards/{hazard.pk}/files/{row.pk}/")
    assert page.status_code == 404
    assert page.content.decode() == MISSING

    warnings = [r.getMessage() for r in caplog.records
                if r.name == "anzhi.files" and r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert all(f"hazards.HazardFile id={row.pk} {row.file.name}" in w for w in warnings)


def test_lost_bytes_stay_404_alike_for_those_who_may_not_see_the_hazard(
        cast, api_client, make_hazard):
    hazard = make_hazard(photos=[camera()])
    row = hazard.files.get()
    row.file.storage.delete(row.file.name)
    res = api_client.login(cast.officer_b).get(f"{BASE}/{hazard.pk}/files/{row.pk}")
    assert res.status_code == 404 and res.json() == {"detail": "未找到"}


# ---------------------------------------------------------------- the type from the bytes


def test_uploads_are_stored_under_the_sniffed_extension(cast, api_client, make_hazard, media):
    hazard = make_hazard(photos=[camera(name="found.jpg")])            # hazard_create
    api = api_client.login(cast.officer_a)
    res = send(api, hazard.pk, camera(), camera(JPEG, "real.jpeg"),
               SimpleUploadedFile("scan", b"%PDF-1.4\n" + b"0" * 32))  # hazard_add_photos
    assert res.status_code == 201, res.content
    rows = list(HazardFile.objects.filter(hazard=hazard).order_by("id"))
    assert [r.file.name.rsplit("/", 1)[1] for r in rows] == [
        "found.png", "camera.png", "real.jpeg", "scan.pdf"]
    # What the user uploaded is still the name shown.
    assert [r.name for r in rows] == ["found.jpg", "camera.jpg", "real.jpeg", "scan"]
    assert [f["content_type"] for f in res.json()["files"]] == [
        "image/png", "image/jpeg", "application/pdf"]
    assert len(on_disk(media)) == 4


def test_an_old_png_stored_as_jpg_is_served_as_png(cast, api_client, client, make_hazard):
    hazard = make_hazard()
    # A row as the old code wrote it: the phone's name kept, the type taken from it.
    row = HazardFile(hazard=hazard, kind="finding", name="camera.jpg",
                     content_type="image/jpeg", size=len(PNG), uploaded_by=cast.officer_a)
    row.file.save("camera.jpg", ContentFile(PNG), save=True)
    assert row.file.name.endswith(".jpg")

    res = api_client.login(cast.officer_a).get(f"{BASE}/{hazard.pk}/files/{row.pk}")
    assert res.status_code == 200
    assert res["Content-Type"] == "image/png"
    assert 'filename="camera.png"' in res["Content-Disposition"]
    assert body(res) == PNG
    client.force_login(cast.enterprise_user_a)
    page = client.get(f"/hazards/{hazard.pk}/files/{row.pk}/")
    assert page.status_code == 200 and page["Content-Type"] == "image/png"
    assert body(page) == PNG


# ---------------------------------------------------------------- racing resends


def test_a_resend_racing_the_first_upload_gets_the_stored_photo(
        cast, api_client, make_hazard, media, monkeypatch):
    hazard = make_hazard()
    api = api_client.login(cast.officer_a)
    first = send(api, hazard.pk, camera(), client_id="h-1")
    assert first.status_code == 201, first.content
    before = HazardFile.objects.count(), AuditEvent.objects.count(), on_disk(media)

    # The second request checked before the first had committed: its check saw nothing.
    monkeypatch.setattr(services_photos, "_stored", lambda hazard, client_id: None)
    again = send(api, hazard.pk, camera(), client_id="h-1")
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert (HazardFile.objects.count(), AuditEvent.objects.count(), on_disk(media)) == before

    # The request goes on in a usable transaction: a new id is still stored.
    assert send(api, hazard.pk, camera(), client_id="h-2").status_code == 201
    assert HazardFile.objects.filter(hazard=hazard).count() == 2
