"""The documents as real files: .docx opened back with python-docx, PDF checked with
pdftotext when it is installed."""

import io
import shutil
import subprocess

import pytest
from docx import Document as Docx

from anzhi.core.documents import to_docx, to_pdf
from anzhi.core.errors import TransitionRefused
from anzhi.inspections import documents
from anzhi.inspections.services import inspection_create
from anzhi.inspections.signing import inspection_sign

PW = "pw-anzhi-test"


def docx_text(data: bytes) -> str:
    doc = Docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def pdf_text(data: bytes, tmp_path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


@pytest.fixture
def signed(cast, record):
    inspection = inspection_create(actor=cast.officer_a, data=record())
    inspection_sign(actor=cast.officer_a, inspection=inspection, kind="officer", password=PW)
    inspection.refresh_from_db()
    return inspection


def test_record_docx_has_the_enterprise_and_the_number(cast, signed):
    text = docx_text(to_docx(documents.build("record", signed)))
    assert "现场检查记录" in text
    assert cast.enterprise_a.name in text
    assert signed.number and signed.number in text
    assert "动火作业未办理作业票" in text
    assert "陈工" in text  # the expert


def test_record_pdf_is_a_pdf_with_the_chinese_title(cast, signed, tmp_path):
    data = to_pdf(documents.build("record", signed))
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    if text is not None:
        assert "现场检查记录" in text.replace(" ", "")
        assert cast.enterprise_a.name in text.replace(" ", "")


def test_rectification_order_lists_the_deadlines(cast, signed, tmp_path):
    spec = documents.build("rectification-order", signed)
    assert spec.number.startswith("湖上乡应急办责改〔")
    text = docx_text(to_docx(spec))
    assert "责令限期整改指令书" in text and spec.number in text
    assert "前整改完毕" in text
    data = to_pdf(spec)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    if text is not None:
        assert "责令限期整改指令书" in text.replace(" ", "")


def test_transfer_form_only_for_cross_region_inspections(cast, record, signed):
    with pytest.raises(TransitionRefused, match="异地互查"):
        documents.build("transfer-form", signed)
    cross = inspection_create(actor=cast.officer_a, data=record(mode="cross_region"))
    text = docx_text(to_docx(documents.build("transfer-form", cross)))
    for column in ("序号", "所属检查项目", "问题描述", "法律依据", "标准依据", "问题提出人员",
                   "执法责任单位", "执法处置意见"):
        assert column in text
    assert "湖上乡" in text  # 所在镇街 of the village enterprise
    assert "责令限期整改" in text


def test_review_opinion_for_a_review_inspection(cast, record, signed):
    with pytest.raises(TransitionRefused, match="不是复查"):
        documents.build("review-opinion", signed)
    scheduled = signed.reinspections.get()
    review = inspection_create(actor=cast.officer_a, data=record(
        mode="review", review_of=scheduled.pk, findings=[]))
    inspection_sign(actor=cast.officer_a, inspection=review, kind="officer", password=PW)
    review.refresh_from_db()
    scheduled.refresh_from_db()
    assert scheduled.status == "done"
    spec = documents.build("review-opinion", review)
    assert spec.number.startswith("湖上乡应急办复查〔")
    text = docx_text(to_docx(spec))
    assert "已整改完毕" in text and "动火作业未办理作业票" in text
