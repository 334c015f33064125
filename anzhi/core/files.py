"""Stored files (photos, evidence, PDFs) of every app: their type judged from the first bytes,
their download, and the once-only insert of a file resent with the phone's ``client_id``.

The type is never taken from a name: older uploads were stored under the name the phone or
browser gave (a PNG as ``IMG_1.jpg``), so a download reads the bytes again. Bytes missing from
storage (deleted, lost in a move or a restore) are a 404 with a warning naming the file, so an
operator can restore it, instead of a server error.
"""

import logging
import os

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile, FileField
from django.http import FileResponse, HttpResponse, HttpResponseNotFound, JsonResponse

log = logging.getLogger("anzhi.files")

# (magic bytes, offset, content type, extension)
SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"GIF87a", 0, "image/gif", "gif"),
    (b"GIF89a", 0, "image/gif", "gif"),
    (b"WEBP", 8, "image/webp", "webp"),
    (b"%PDF-", 0, "application/pdf", "pdf"),
)
HEAD_BYTES = 16
EXTENSIONS = {content_type: ext for _magic, _offset, content_type, ext in SIGNATURES}
# Extensions a name may already carry for a type; anything else is replaced.
SPELLINGS = {"jpg": {"jpg", "jpeg", "jpe"}}

MISSING = "文件已丢失：存储中找不到该文件，请联系系统管理员恢复"


def sniff(head: bytes) -> str | None:
    """The content type of a file starting with ``head``, or None if it is not one we take."""
    for magic, offset, content_type, _ext in SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            if content_type == "image/webp" and not head.startswith(b"RIFF"):
                continue
            return content_type
    return None


def with_extension(name: str, content_type: str) -> str:
    """``name`` with the extension of ``content_type``: ``IMG_1.jpg`` holding a PNG is
    ``IMG_1.png``; a name already right (``.JPEG`` for a JPEG) is kept as given."""
    ext = EXTENSIONS.get(content_type)
    if ext is None:
        return name
    stem, current = os.path.splitext(name)
    if current.lstrip(".").lower() in SPELLINGS.get(ext, {ext}):
        return name
    return f"{stem or 'file'}.{ext}"


def stored_as(upload, content_type: str) -> File:
    """``upload`` to assign to a FileField so that the stored name carries the extension of
    the sniffed type; the row's display name stays whatever the user uploaded."""
    name = os.path.basename(str(getattr(upload, "name", "") or "file"))
    return File(upload, name=with_extension(name, content_type))


def _open(field_file: FieldFile):
    """The stored bytes opened for reading, or None if they are gone."""
    if not field_file.name:
        return None
    try:
        return field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        return None


def _warn_missing(field_file: FieldFile) -> None:
    row = field_file.instance
    log.warning("stored file missing: %s id=%s %s", row._meta.label, row.pk,
                field_file.name or "(no file name)")


def serve_stored(field_file: FieldFile, *, filename: str = "", fallback_type: str = "",
          api: bool = False) -> HttpResponse:
    """The stored file as a download whose Content-Type (and the extension of the name sent)
    follow its first bytes; ``fallback_type`` when they match no known type.

    Missing bytes answer 404 with a Chinese message — JSON for the API (``api=True``), plain
    text for pages — and log a warning naming the row and the stored name."""
    handle = _open(field_file)
    if handle is None:
        _warn_missing(field_file)
        if api:
            return JsonResponse({"detail": MISSING}, status=404)
        return HttpResponseNotFound(MISSING, content_type="text/plain; charset=utf-8")
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    content_type = sniff(head) or fallback_type or "application/octet-stream"
    name = with_extension(filename or os.path.basename(field_file.name), content_type)
    return FileResponse(handle, content_type=content_type, filename=name)


def probe(field_file: FieldFile) -> tuple[str | None, int | None]:
    """(sniffed content type, size in bytes) of a stored file; (None, None) when its bytes
    are missing, which is logged like a failed download."""
    handle = _open(field_file)
    if handle is None:
        _warn_missing(field_file)
        return None, None
    with handle:
        head = handle.read(HEAD_BYTES)
        size = handle.size
    return sniff(head), size


def insert_once(row: Model, same_key: QuerySet) -> tuple[Model, bool]:
    """Save ``row`` unless a concurrent request stored the row of the same idempotency key
    (``same_key``) between the caller's "already stored?" check and this insert.

    The insert runs in a savepoint so that the unique constraint's IntegrityError leaves the
    caller's transaction usable (PostgreSQL aborts it otherwise); the row already stored is
    then returned with False, and the bytes this row had written are removed. An
    IntegrityError with no such row is another constraint and is raised."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        stored = same_key.first()
        if stored is None:
            raise
        _discard_files(row)
        return stored, False
    return row, True


def _discard_files(row: Model) -> None:
    for field in row._meta.concrete_fields:
        if isinstance(field, FileField):
            field_file = getattr(row, field.attname)
            if field_file.name and field_file._committed:
                field_file.storage.delete(field_file.name)
