"""On-site photos: the size limit, the accepted types and the optional time taken.

The type is judged from the file's first bytes (``core.files.sniff``, never from the name or
the phone's claim) and kept on the row with the size, so the detail and the upload answer
read columns instead of opening every stored file. The stored name carries the detected
type's extension; photos stored before it did may be PNGs named .jpg, which is why migration
0003 filled the columns from the bytes. Used by ``services.photo_add``, the page upload and
the API (which checks the size before reading the upload)."""

import re
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from anzhi.core.files import sniff as sniff_type

MAX_PHOTO_BYTES = 8 * 1024 * 1024
TOO_LARGE = f"照片：不能超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB"

ACCEPTED = ("image/jpeg", "image/png")

# A camera's clock may run somewhat fast; a time further ahead is not a time taken.
TAKEN_AT_SLACK = timedelta(days=1)
# EXIF DateTimeOriginal as phones copy it: "2024:05:01 10:20:30".
EXIF_DATETIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})([ T].*)$")
# A date alone is no time taken (fromisoformat would read it as midnight).
WITH_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
BAD_TAKEN_AT = "拍摄时间：格式不正确，应为 2024-05-01T10:20:30 这样的日期时间"


def content_type_of(content: bytes) -> str | None:
    """``image/jpeg`` or ``image/png`` for ``content``, or None if it is neither."""
    content_type = sniff_type(content)
    return content_type if content_type in ACCEPTED else None


def parse_taken_at(value: datetime | str | None, *, now: datetime | None = None
                   ) -> datetime | None:
    """The time a photo was taken as the phone sent it (ISO 8601 or EXIF's
    ``YYYY:MM:DD HH:MM:SS``; without a zone it is local time, as EXIF is), or None when
    absent. Raises ValueError with the Chinese message for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        exif = EXIF_DATETIME.match(text)
        if exif:
            text = f"{exif[1]}-{exif[2]}-{exif[3]}{exif[4]}"
        try:
            value = parse_datetime(text) if WITH_TIME.match(text) else None
        except ValueError:
            value = None
        if value is None:
            raise ValueError(BAD_TAKEN_AT)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > (now or timezone.now()) + TAKEN_AT_SLACK:
        raise ValueError("拍摄时间：不能晚于当前时间")
    return value
