"""Evidence attachments (cases.evidence): images and PDF only, judged from the bytes, within
the size limit, stored under the sniffed extension; anything else is refused with a Chinese
message naming 附件 and the file, and nothing is written — no row, no audit event, no bytes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anzhi.cases import evidence, services
from anzhi.cases.models import Evidence
from anzhi.core.errors import TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64  # a ZIP, as every .docx is
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64  # OLE2, as .doc is
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
MP3 = b"ID3\x04\x00\x00" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add(cast, case, file, **kw):
    return services.case_add_evidence(actor=cast.officer_a, case=case, kind=kw.pop("kind", "photo"),
                                      title=kw.pop("title", "现场照片"), file=file, **kw)


def on_disk(media) -> list:
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


def written(media):
    return Evidence.objects.count(), AuditEvent.objects.count(), on_disk(media)



@pytest.mark.parametrize(("name", "content", "says"), [
    pytest.param("询问笔录.docx", DOCX, "不是图片（JPG、PNG、GIF、WEBP）或 PDF 文件", id="docx"),
    pytest.param("询问笔录.doc", DOC, "笔录请签名后扫描或拍照上传", id="doc"),
    pytest.param("执法记录仪.mp4", MP4, "录音录像请保存在执法记录仪管理系统中", id="video"),
    pytest.param("询问录音.mp3", MP3, "在“内容”中注明存放位置", id="audio"),
    pytest.param("photo.jpg", HTML, "不是图片", id="html-named-jpg"),
    pytest.param("empty.pdf", b"", "是空文件", id="empty"),
])
def test_refused_types_write_nothing(cast, investigating, media, name, content, says):
    before = written(media)
    with pytest.raises(ValidationFailed) as exc:
        add(cast, investigating, upload(name, content, "image/jpeg"))
    assert set(exc.value.errors) == {"file"}
    message = exc.value.errors["file"]
    assert message.startswith(f"附件：文件“{name}”") and says in message
    assert written(media) == before


def test_too_large_is_refused_before_reading_it(cast, investigating, media, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_BYTES", 2 * 1024 * 1024)
    big = upload("卷宗扫描.pdf", PDF + b"0" * (2 * 1024 * 1024))
    before = written(media)
    with pytest.raises(ValidationFailed) as exc:
        add(cast, investigating, big)
    assert exc.value.errors == {"file": "附件：文件“卷宗扫描.pdf”超过 2 MB 的大小限制"}
    assert written(media) == before
    exactly = upload("卷宗扫描.pdf", PDF + b"0" * (2 * 1024 * 1024 - len(PDF)))
    assert add(cast, investigating, exactly).file.name.endswith(".pdf")  # the limit included


def test_a_bad_file_is_reported_with_the_other_fields(cast, investigating, media):
    before = written(media)
    with pytest.raises(ValidationFailed) as exc:
        add(cast, investigating, upload("a.docx", DOCX), kind="video", title=" ")
    assert set(exc.value.errors) == {"kind", "title", "file"}
    assert written(media) == before


@pytest.mark.parametrize(("name", "content", "stored"), [
    pytest.param("camera.jpg", PNG, "camera.png", id="png-named-jpg"),
    pytest.param("IMG_2.JPEG", JPEG, "IMG_2.JPEG", id="jpeg-kept-as-named"),
    pytest.param("scan", PDF, "scan.pdf", id="pdf-without-extension"),
    pytest.param("笔录.pdf", JPEG, "笔录.jpg", id="photo-named-pdf"),
])
def test_stored_under_the_sniffed_extension(cast, investigating, media, name, content, stored):
    ev = add(cast, investigating, upload(name, content))
    assert ev.file.name.rsplit("/", 1)[1] == stored
    assert on_disk(media) == [stored]
    event = AuditEvent.objects.filter(action="case.add_evidence").latest("id")
    assert event.changes["file"] == ev.file.name


def test_evidence_without_a_file_is_still_taken(cast, investigating, media):
    ev = add(cast, investigating, None, kind="inquiry", title="询问张三", content="问：……")
    assert not ev.file and on_disk(media) == []


def test_a_refused_state_writes_no_bytes(cast, flow, media):
    case = flow.new()  # 立案审批: no evidence before filing
    with pytest.raises(TransitionRefused):
        add(cast, case, upload("a.png", PNG))
    assert on_disk(media) == [] and not Evidence.objects.exists()


def test_page_upload_shows_the_message_and_writes_nothing(cast, investigating, client, media):
    client.force_login(cast.officer_a)
    url = reverse("cases:evidence", args=[investigating.pk])
    before = written(media)
    res = client.post(url, {"kind": "inquiry", "title": "询问笔录",
                            "file": upload("询问笔录.docx", DOCX)}, follow=True)
    html = res.content.decode()
    assert "附件：文件“询问笔录.docx”不是图片" in html
    assert written(media) == before

    res = client.post(url, {"kind": "inquiry", "title": "询问笔录（签名扫描件）",
                            "file": upload("笔录扫描.pdf", PDF)}, follow=True)
    assert "已登记证据" in res.content.decode()
    ev = Evidence.objects.get(title="询问笔录（签名扫描件）")
    assert ev.file.name.endswith("笔录扫描.pdf")
    assert reverse("cases:evidence_file", args=[investigating.pk, ev.pk]) in res.content.decode()
