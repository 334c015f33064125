"""Files attached to case evidence (Evidence.file): which uploads are taken, and the download.

Taken: images (JPG, PNG, GIF, WEBP) and PDF, judged from the first bytes (``core.files.sniff``)
and stored under that type's extension (``core.files.stored_as``). That is what officers file
as evidence: the signed 询问笔录 and 勘验笔录 scanned or photographed, scene photos, 书证
(licences, contracts, records) as scans or PDF, 鉴定意见 as the issuer's PDF.

Not taken:
- Word (.docx/.doc): an editable file is not the record the party and the officers signed
  (the system writes the record's text itself, documents.record), cannot be typed from its
  bytes by core.files, and may carry macros to whoever opens it.
- Audio and video (执法记录仪, 视听资料): real evidence, but hundreds of megabytes a clip, which a
  page upload and this storage are not made for. They stay in the recorder's storage system;
  the evidence row names where (``content``), so the file can be produced when needed.

The limit is 20 MB (``CASE_EVIDENCE_MAX_BYTES``): a scanned multi-page 笔录 or 书证 PDF runs
to several megabytes, more than one photo (hazard uploads: 10 MB).
"""

from __future__ import annotations

import os

from django.conf import settings

from anzhi.core.errors import ValidationFailed
from anzhi.core.files import HEAD_BYTES, sniff

ACCEPTED = ("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf")
MAX_BYTES = getattr(settings, "CASE_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
FIELD, LABEL = "file", "附件"
NOT_TAKEN = ("不是图片（JPG、PNG、GIF、WEBP）或 PDF 文件；笔录请签名后扫描或拍照上传，"
             "录音录像请保存在执法记录仪管理系统中，并在“内容”中注明存放位置")


def _megabytes(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} 字节"


def check(upload) -> str:
    """The sniffed content type of ``upload``; ValidationFailed on ``file`` naming the file
    when it is empty, too large, or not an image or PDF."""
    name = getattr(upload, "name", "") or "附件"
    if not upload.size:
        raise ValidationFailed({FIELD: f"{LABEL}：文件“{name}”是空文件"})
    if upload.size > MAX_BYTES:
        raise ValidationFailed(
            {FIELD: f"{LABEL}：文件“{name}”超过 {_megabytes(MAX_BYTES)} 的大小限制"})
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    content_type = sniff(head)
    if content_type not in ACCEPTED:
        raise ValidationFailed({FIELD: f"{LABEL}：文件“{name}”{NOT_TAKEN}"})
    return content_type


def original_name(upload, limit: int = 200) -> str:
    """The name the upload came with, without any client-side path, cut to ``limit``
    characters from the stem so that its extension survives."""
    name = os.path.basename(str(getattr(upload, "name", "") or "").replace("\\", "/"))
    if len(name) <= limit:
        return name
    stem, ext = os.path.splitext(name)
    ext = ext[:limit // 2]
    return stem[:limit - len(ext)] + ext
