"""Checks on uploaded evidence: only images or PDF, within the size limit.

The type is judged from the file's first bytes (``core.files.sniff``), not from its name or
the browser's claim; the services store each file under that type's extension
(``core.files.stored_as``).
"""

from django.conf import settings

from anzhi.core.errors import ValidationFailed
from anzhi.core.files import HEAD_BYTES, sniff

from .labels import LABELS

MAX_BYTES = getattr(settings, "HAZARD_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def _size(n: int) -> str:
    return f" {n // (1024 * 1024)} MB " if n >= 1024 * 1024 else f" {n} 字节 "


def check_files(field: str, files, max_bytes: int | None = None) -> list[tuple[object, str]]:
    """The files with their detected content type; ValidationFailed naming ``field`` if any
    is not an image or PDF or is too large."""
    limit = max_bytes or MAX_BYTES
    label = LABELS.get(field, field)
    out = []
    for f in files or ():
        if f.size > limit:
            raise ValidationFailed({field: f"{label}：文件“{f.name}”超过{_size(limit)}的大小限制"})
        f.seek(0)
        head = f.read(HEAD_BYTES)
        f.seek(0)
        content_type = sniff(head)
        if content_type is None:
            raise ValidationFailed({field: f"{label}：文件“{f.name}”不是图片（JPG、PNG、GIF、"
                                           f"WEBP）或 PDF 文件"})
        out.append((f, content_type))
    return out
