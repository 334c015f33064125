"""Uploaded import files kept under MEDIA_ROOT/imports/ between preview and commit, and for
the background worker. A file goes once its import is committed (or cannot be), and
``jobs.sweep_abandoned`` removes the ones nobody confirmed within ``KEEP_DAYS``."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from .reader import kind_of

SUBDIR = "imports"
KEEP_DAYS = 7


def imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / SUBDIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(upload) -> tuple[str, str]:
    """Save an uploaded file; returns (path relative to MEDIA_ROOT, original file name).

    Raises ImportFileError when the name is not .xlsx/.csv."""
    filename = Path(upload.name or "upload.xlsx").name
    kind_of(filename)
    relative = f"{SUBDIR}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    target = imports_dir() / Path(relative).name
    with open(target, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return relative, filename


def absolute(relative: str) -> Path:
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if not path.is_relative_to(imports_dir().resolve()):
        raise ValueError("import file outside MEDIA_ROOT/imports")
    return path


def discard(relative: str) -> None:
    """Delete a stored upload; one already gone is fine."""
    absolute(relative).unlink(missing_ok=True)
