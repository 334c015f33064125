"""Checks on uploaded evidence: only images or PDF, within the size limit.

The type is judged from the file's first bytes, not from its name or the browser's claim.
"""

from django.conf import settings

from anzhi.core.errors import ValidationFailed

from .labels import LABELS

MAX_BYTES = getattr(settings, "HAZARD_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
)


def sniff(head: bytes) -> str | None:
    for magic, offset, content_type in SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            if content_type == "image/webp" and not head.startswith(b"RIFF"):
                continue
            return content_type
    return None


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
        head = f.read(16)
        f.seek(0)
        content_type = sniff(head)
        if content_type is None:
            raise ValidationFailed({field: f"{label}：文件“{f.name}”不是图片（JPG、PNG、GIF、"
                                           f"WEBP）或 PDF 文件"})
        out.append((f, content_type))
    return out
