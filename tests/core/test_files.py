"""core.files: the type from the bytes, the extension that follows it, and the once-only
insert that tells a racing duplicate from another constraint's refusal."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from anzhi.core.files import insert_once, sniff, with_extension

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


@pytest.mark.parametrize(("head", "content_type"), [
    (PNG, "image/png"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 12, "image/jpeg"),
    (b"GIF89a" + b"\x00" * 10, "image/gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"JUNK\x00\x00\x00\x00WEBPVP8 ", None),   # WEBP only inside a RIFF container
    (b"%PDF-1.7\n", "application/pdf"),
    (b"PK\x03\x04 word", None),
    (b"", None),
])
def test_sniff_reads_the_first_bytes(head, content_type):
    assert sniff(head) == content_type


@pytest.mark.parametrize(("name", "content_type", "expected"), [
    ("camera.jpg", "image/png", "camera.png"),
    ("hazards/2024/05/camera.jpg", "image/png", "hazards/2024/05/camera.png"),
    ("scan", "application/pdf", "scan.pdf"),
    ("IMG_1.JPEG", "image/jpeg", "IMG_1.JPEG"),   # already right: kept as given
    ("IMG_1.png", "image/jpeg", "IMG_1.jpg"),
    ("现场.webp", "image/webp", "现场.webp"),
    (".jpg", "image/png", ".jpg.png"),            # a bare dot-name is a stem, not a suffix
    ("data.bin", "application/x-unknown", "data.bin"),
])
def test_the_name_takes_the_extension_of_the_type(name, content_type, expected):
    assert with_extension(name, content_type) == expected


def test_insert_once_returns_the_row_a_racing_request_stored(db):
    first = Group.objects.create(name="整改组")
    row, created = insert_once(Group(name="整改组"), Group.objects.filter(name="整改组"))
    assert (row.pk, created) == (first.pk, False)
    # The savepoint kept the transaction usable.
    assert Group.objects.count() == 1
    row, created = insert_once(Group(name="复查组"), Group.objects.filter(name="复查组"))
    assert created and row.pk and Group.objects.count() == 2


def test_insert_once_raises_another_constraints_refusal(db):
    Group.objects.create(name="整改组")
    with pytest.raises(IntegrityError):
        # The key it is told about matches nothing: the conflict is not a resend.
        insert_once(Group(name="整改组"), Group.objects.filter(name="另一组"))
    assert Group.objects.count() == 1
