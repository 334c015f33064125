"""On-site photos: the size limit and the accepted types, judged from the file's first bytes
(``core.files.sniff``, never from the name or the phone's claim). The stored file keeps the
detected type's extension, so ``content_type_for`` can tell the type from the name cheaply;
downloads read the bytes again (``core.files.serve_stored``), because photos stored before
the extension followed the type may be PNGs named .jpg. Used by ``services.photo_add``, the
page upload and the API (which checks the size before reading the upload)."""

import os

from anzhi.core.files import EXTENSIONS
from anzhi.core.files import sniff as sniff_type

MAX_PHOTO_BYTES = 8 * 1024 * 1024
TOO_LARGE = f"照片：不能超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB"

ACCEPTED = ("image/jpeg", "image/png")
CONTENT_TYPES = {EXTENSIONS[content_type]: content_type for content_type in ACCEPTED}


def sniff(content: bytes) -> str | None:
    """The extension for ``content`` (``jpg`` or ``png``), or None if it is neither."""
    content_type = sniff_type(content)
    return EXTENSIONS[content_type] if content_type in ACCEPTED else None


def content_type_for(name: str) -> str:
    """The content type of a stored photo, from its file name's extension (JPEG for the
    photos stored before the extension followed the type)."""
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    return CONTENT_TYPES.get(ext, "image/jpeg")
