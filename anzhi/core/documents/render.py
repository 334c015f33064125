import io

from django.template.loader import render_to_string
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .spec import Document, Paragraph, Table

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, size=16, bold=False, align=None, font=BODY_FONT):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


def to_docx(spec: Document) -> bytes:
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    if spec.issuer:
        _para(doc, spec.issuer, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, spec.title, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    if spec.number:
        _para(doc, spec.number, size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for f in spec.fields:
        _para(doc, f"{f.label}：{f.value}")
    for block in spec.body:
        if isinstance(block, Table):
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12, True)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = ""
                    _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 12)
        elif isinstance(block, Paragraph):
            _para(doc, block.text, bold=block.heading)
    for sig in spec.signatures:
        _para(doc, f"{sig.role}（签名）：{sig.name}　　　日期：{sig.date}",
              align=WD_ALIGN_PARAGRAPH.LEFT)
    if spec.footer:
        _para(doc, spec.footer, size=12)
    out = io.BytesIO()
    doc.core_properties.title = spec.title
    doc.save(out)
    return out.getvalue()


def to_html(spec: Document) -> str:
    blocks = [{"table": b} if isinstance(b, Table) else {"paragraph": b} for b in spec.body]
    return render_to_string("core/documents/document.html", {"doc": spec, "blocks": blocks})


def to_pdf(spec: Document) -> bytes:
    from weasyprint import HTML  # imported lazily: loading Pango takes a moment

    return HTML(string=to_html(spec)).write_pdf()
