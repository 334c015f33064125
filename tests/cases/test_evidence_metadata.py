"""An evidence file keeps the upload's own name, its sniffed type and its size; rows stored
before are filled by migration 0004 from their bytes, a row with lost bytes keeps an empty
type and no size, and the loss is logged."""

import importlib
import logging

from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from anzhi.cases import services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64

migration = importlib.import_module("anzhi.cases.migrations.0004_evidence_kinds_and_file_metadata")



def add(cast, case, file=None):
    return services.case_add_evidence(actor=cast.officer_a, case=case, kind="photo",
                                      title="现场照片", file=file)


def test_upload_keeps_its_name_type_and_size(cast, investigating):
    ev = add(cast, investigating, SimpleUploadedFile("IMG_1.jpg", PNG, "image/jpeg"))
    ev.refresh_from_db()
    assert (ev.file_name, ev.content_type, ev.size) == ("IMG_1.jpg", "image/png", len(PNG))
    assert ev.file.name.endswith(".png")  # stored under the sniffed type, name kept as given


def test_without_a_file_nothing_is_recorded(cast, investigating):
    ev = add(cast, investigating)
    ev.refresh_from_db()
    assert (ev.file_name, ev.content_type, ev.size) == ("", "", None)


def test_a_long_name_keeps_its_extension(cast, investigating):
    ev = add(cast, investigating, SimpleUploadedFile("询" * 250 + ".pdf", PDF))
    assert len(ev.file_name) == 200 and ev.file_name.endswith("询.pdf")


class Editor:
    connection = connection


def test_migration_fills_stored_rows_from_their_bytes(cast, investigating, caplog):
    kept = add(cast, investigating)
    kept.file.save("scan.pdf", ContentFile(PDF))
    lost = add(cast, investigating)
    lost.file.save("photo.jpg", ContentFile(PNG))
    lost.file.storage.delete(lost.file.name)
    bare = add(cast, investigating)
    caplog.set_level(logging.INFO)

    migration.fill_from_bytes(django_apps, Editor())

    kept.refresh_from_db(), lost.refresh_from_db(), bare.refresh_from_db()
    assert (kept.file_name, kept.content_type, kept.size) == ("scan.pdf", "application/pdf",
                                                              len(PDF))
    assert (lost.file_name, lost.content_type, lost.size) == ("photo.jpg", "", None)
    assert (bare.file_name, bare.content_type, bare.size) == ("", "", None)
    assert f"id={lost.pk}" in caplog.text and lost.file.name in caplog.text
    assert "1 filled from the stored bytes, 1 with lost bytes" in caplog.text
