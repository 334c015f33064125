"""Enforcement documents: one structured description rendered to .docx and PDF.

A domain app builds a ``Document`` (title, number, fields, paragraphs, tables, signature
lines) from its records; ``to_docx`` and ``to_pdf`` lay it out in the official style
(GB/T 9704: A4, title in 小标宋 22pt, body in 仿宋 16pt).
"""

from .render import to_docx, to_pdf
from .spec import Document, Field, Paragraph, Signature, Table

__all__ = ["Document", "Field", "Paragraph", "Signature", "Table", "to_docx", "to_pdf"]
