"""A fast streaming reader of .xlsx worksheets.

openpyxl reads the workbook's structure: its sheets, shared strings, which cell styles are
dates, and the 1900/1904 epoch. The cells themselves are streamed with lxml's ``iterparse``
instead of openpyxl's read-only worksheet: that builds a Python object per cell (and, for
the inline strings that openpyxl itself writes, a rich-text object per string) and, when the
sheet has no ``<dimension>``, parses the whole sheet once more just to size it. For a
100,000-row sheet this reader is several times faster and yields the same values.

Merged ranges sit after the cell data in the sheet XML, so ``scan`` finds them (and counts
the rows) with a byte search over the decompressed stream before the rows are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel

_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_ROW_MARKS = (b"<row ", b"<row>", b":row ", b":row>")
_ROW_NUMBER = re.compile(rb'row r="(\d+)"')


@dataclass(frozen=True)
class Merge:
    min_col: int  # 0-based
    min_row: int  # 1-based
    max_col: int
    max_row: int


@dataclass(frozen=True)
class Sheet:
    title: str
    path: str
    visible: bool


def _serial_date(value: float, epoch):
    try:
        return from_excel(value, epoch)
    except (ValueError, OverflowError):
        return value


def _iso_date(value: str):
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return value


class XlsxBook:
    def __init__(self, path: str | Path):
        reader = ExcelReader(str(path), read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
        except Exception:
            reader.archive.close()
            raise
        try:
            apply_stylesheet(reader.archive, reader.wb)
            date_styles = frozenset(reader.wb._date_formats)
        except Exception:  # odd styles from some editors: dates arrive as serial numbers
            date_styles = frozenset()
        self.archive = reader.archive
        self.shared_strings = [str(s) if s is not None else None
                               for s in reader.shared_strings]
        self.date_styles = date_styles
        self.epoch = reader.wb.epoch
        names = set(reader.valid_files)
        self.sheets = [Sheet(sheet.name, rel.target, sheet.state in (None, "visible"))
                       for sheet, rel in reader.parser.find_sheets()
                       if rel.target in names and "chartsheet" not in rel.Type]

    def close(self) -> None:
        self.archive.close()

    def scan(self, sheet: Sheet) -> tuple[list[Merge], int]:
        """Merged ranges and the number of the last row of ``sheet`` (or, for sheets that
        do not number their rows, how many there are), by a byte scan of its XML."""
        rows = last = 0
        tail = b""
        found = False
        collected = []
        with self.archive.open(sheet.path) as src:
            while chunk := src.read(1 << 20):
                data = tail + chunk
                rows += sum(data.count(mark) for mark in _ROW_MARKS) - sum(
                    tail.count(mark) for mark in _ROW_MARKS)
                if (at := data.rfind(b'row r="')) >= 0 and (
                        m := _ROW_NUMBER.match(data, at)) is not None:
                    last = int(m[1])
                tail = data[-32:]
                if found:
                    collected.append(chunk)
                    continue
                at = data.find(b"mergeCell")
                if at >= 0:
                    found = True
                    collected.append(data[max(0, at - 16):])
        merges = [Merge(column_index_from_string(m[1].decode()) - 1, int(m[2]),
                        column_index_from_string(m[3].decode()) - 1, int(m[4]))
                  for m in _MERGE_RE.finditer(b"".join(collected))]
        merges.sort(key=lambda m: (m.min_row, m.min_col))
        return merges, max(rows, last)

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, tuple]]:
        """(row number, cell values) for every row from 1, gaps included as ``()``."""
        shared = self.shared_strings
        date_styles = self.date_styles
        epoch = self.epoch
        columns: dict[str, int] = {}
        expected = 1
        v_tag = is_tag = t_tag = None
        with self.archive.open(sheet.path) as src:
            for _, row in etree.iterparse(src, events=("end",), tag="{*}row",
                                          huge_tree=True):
                if v_tag is None:
                    ns = row.tag[:-3]  # "{namespace}row" → "{namespace}"
                    v_tag, is_tag, t_tag = ns + "v", ns + "is", ns + "t"
                ref = row.get("r")
                number = int(ref) if ref else expected
                while expected < number:
                    yield expected, ()
                    expected += 1
                expected = number + 1
                values: list = []
                for c in row:
                    cref = c.get("r")
                    if cref:
                        letters = cref.rstrip("0123456789")
                        index = columns.get(letters)
                        if index is None:
                            index = columns[letters] = column_index_from_string(letters) - 1
                    else:
                        index = len(values)
                    kind = c.get("t", "n")
                    value = None
                    for child in c:
                        tag = child.tag
                        if tag == v_tag:
                            value = child.text
                        elif tag == is_tag:
                            value = "".join(child.itertext(t_tag, with_tail=False))
                    if value is not None:
                        if kind == "s":
                            value = shared[int(value)]
                        elif kind == "n":
                            value = float(value) if ("." in value or "E" in value
                                                     or "e" in value) else int(value)
                            style = c.get("s")
                            if style and int(style) in date_styles:
                                value = _serial_date(value, epoch)
                        elif kind == "b":
                            value = value == "1"
                        elif kind == "d":
                            value = _iso_date(value)
                        elif kind == "e":
                            value = None
                    if index >= len(values):
                        values.extend([None] * (index + 1 - len(values)))
                    values[index] = value
                yield number, tuple(values)
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
