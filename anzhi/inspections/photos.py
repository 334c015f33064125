"""On-site photos: the size limit and the accepted types, judged from the file's first bytes
(never from its name or the phone's claim). The stored file keeps the detected type's
extension, and the type served is read back from it (``content_type_for``), so a PNG stays
a PNG. Used by ``services.photo_add``, the page upload and the API (which checks the size
before reading the upload)."""

import os

MAX_PHOTO_BYTES = 8 * 1024 * 1024
TOO_LARGE = f"照片：不能超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB"

# (magic bytes, extension, content type)
TYPES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
CONTENT_TYPES = {ext: content_type for _magic, ext, content_type in TYPES}


def sniff(content: bytes) -> str | None:
    """The extension for ``content`` (``jpg`` or ``png``), or None if it is neither."""
    for magic, ext, _content_type in TYPES:
        if content.startswith(magic):
            return ext
    return None


def content_type_for(name: str) -> str:
    """The content type of a stored photo, from its file name's extension (JPEG for the
    photos stored before the extension followed the type)."""
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    return CONTENT_TYPES.get(ext, "image/jpeg")
