"""Reading township spreadsheets (.xlsx, .csv) into header columns and data rows.

Real files start with a title, a date line or a unit stamp; the header is found by matching
column names against ``columns.ALIASES`` in the first ``HEAD_ROWS`` rows. A header may span
two rows with a parent cell merged over its children ("主要负责人" over "姓名/身份证号/电话");
the parent is carried across its merge and joined to each child. Cells merged down a block
of data rows (a village written once for all its enterprises) are filled down.

.xlsx is streamed by ``xlsx.XlsxBook`` (openpyxl for the workbook structure, lxml for the
cells); merged ranges are read from the end of the sheet's XML before the rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from xml.etree.ElementTree import ParseError

from lxml import etree
from openpyxl.utils.exceptions import InvalidFileException

from . import columns as cols
from .xlsx import Merge, XlsxBook

HEAD_ROWS = 15
EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".txt": "csv"}
NOTE_PREFIXES = ("注", "说明", "备注", "填表", "制表", "审核", "合计", "小计", "总计", "联系人",
                 "填报")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (format, corrupt, no header). Chinese message."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class HeaderColumn:
    index: int
    key: str | None
    display: str


@dataclass
class Table:
    kind: str
    sheet: str
    header_row: int  # the last header row (1-based)
    columns: list[HeaderColumn]
    estimated_rows: int | None
    _rows: Iterator[tuple[int, tuple]] = field(repr=False)
    _close: object = field(default=None, repr=False)

    @property
    def by_key(self) -> dict[str, list[HeaderColumn]]:
        out: dict[str, list[HeaderColumn]] = {}
        for col in self.columns:
            if col.key and col.key != cols.IGNORE:
                out.setdefault(col.key, []).append(col)
        return out

    @property
    def unknown(self) -> list[str]:
        return [c.display for c in self.columns if c.key is None and c.display]

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number as in the spreadsheet, cell values) for each data row."""
        try:
            for number, values in self._rows:
                if _is_note(values):
                    continue
                yield number, values
        except (zipfile.BadZipFile, zlib.error, ParseError, etree.LxmlError, KeyError, EOFError,
                IndexError, ValueError) as exc:
            raise ImportFileError("文件：内容已损坏，读取中断") from exc

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _is_note(values: tuple) -> bool:
    filled = [v for v in values if v is not None and str(v).strip()]
    if not filled:
        return False
    first = str(filled[0]).strip()
    if first.startswith(("合计", "小计", "总计")):
        return True
    return len(filled) == 1 and isinstance(filled[0], str) and first.startswith(NOTE_PREFIXES)


def kind_of(filename: str) -> str:
    ext = Path(filename or "").suffix.lower()
    if ext == ".xls":
        raise ImportFileError("文件：不支持旧版 .xls 格式，"
                              "请在 Excel 或 WPS 中“另存为” .xlsx 后上传")
    if ext not in EXTENSIONS:
        raise ImportFileError("文件：应为 .xlsx 格式的 Excel 文件（也接受 .csv）")
    return EXTENSIONS[ext]


def open_table(path: str | Path, filename: str | None = None) -> Table:
    """Open the first sheet of ``path`` that has a recognisable header.

    ``filename`` (the name the user uploaded) decides the format; defaults to ``path``.
    Raises ImportFileError with a Chinese message."""
    kind = kind_of(filename or str(path))
    if kind == "xlsx":
        return _open_xlsx(Path(path))
    return _open_csv(Path(path))


# --- .xlsx -------------------------------------------------------------------------------

def _fill_head(rows: list[tuple], merges: list[Merge]) -> list[list]:
    """Header rows with every merged cell carrying its range's value (both directions)."""
    filled = [list(r) for r in rows]
    for m in merges:
        if m.min_row > len(filled):
            break
        top = filled[m.min_row - 1]
        value = top[m.min_col] if m.min_col < len(top) else None
        if value is None:
            continue
        for r in range(m.min_row, min(m.max_row, len(filled)) + 1):
            row = filled[r - 1]
            if len(row) <= m.max_col:
                row.extend([None] * (m.max_col + 1 - len(row)))
            for c in range(m.min_col, m.max_col + 1):
                if row[c] is None:
                    row[c] = value
    return filled


def _fill_down(rows: Iterable[tuple[int, tuple]], merges: list[Merge],
               first_row: int) -> Iterator[tuple[int, tuple]]:
    """Data rows with cells merged downwards filled from the range's first row.

    Horizontal spread inside a data row is not filled: a note merged across the table is
    one text, not a value for every column."""
    pending = [m for m in merges if m.min_row >= first_row and m.max_row > m.min_row]
    i = 0
    active: list[tuple[Merge, object]] = []
    for number, values in rows:
        while i < len(pending) and pending[i].min_row <= number:
            m = pending[i]
            i += 1
            if m.min_row == number:
                active.append((m, values[m.min_col] if m.min_col < len(values) else None))
        if active:
            row = None
            for m, value in active:
                if value is None or number == m.min_row:
                    continue
                if row is None:
                    row = list(values)
                if len(row) <= m.max_col:
                    row.extend([None] * (m.max_col + 1 - len(row)))
                for c in range(m.min_col, m.max_col + 1):
                    if row[c] is None:
                        row[c] = value
            if row is not None:
                values = tuple(row)
            active = [(m, v) for m, v in active if m.max_row > number]
        yield number, values


def _open_xlsx(path: Path) -> Table:
    with open(path, "rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            raise ImportFileError("文件：不是有效的 .xlsx 文件（文件已损坏或格式不符）")
    try:
        book = XlsxBook(path)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError,
            AttributeError, ParseError, etree.LxmlError, zlib.error) as exc:
        raise ImportFileError("文件：无法读取，文件已损坏或不是有效的 .xlsx 文件") from exc
    try:
        for sheet in book.sheets:
            if not sheet.visible:
                continue
            merges, row_count = book.scan(sheet)
            raw = book.rows(sheet)
            head = list(islice(raw, HEAD_ROWS + 1))
            found = _detect([v for _, v in head], merges)
            if found is None:
                continue
            header_row, columns = found
            rest = chain((r for r in head if r[0] > header_row), raw)
            return Table(kind="xlsx", sheet=sheet.title, header_row=header_row, columns=columns,
                         estimated_rows=max(0, row_count - header_row),
                         _rows=_fill_down(rest, merges, header_row + 1), _close=book.close)
    except (zipfile.BadZipFile, zlib.error, ParseError, etree.LxmlError, KeyError, EOFError,
            ValueError, IndexError) as exc:
        book.close()
        raise ImportFileError("文件：无法读取，文件已损坏或不是有效的 .xlsx 文件") from exc
    book.close()
    raise _no_header()


def _no_header() -> ImportFileError:
    return ImportFileError(f"文件：前{HEAD_ROWS}行中没有找到表头（应包含“单位名称”"
                           "“统一社会信用代码”等列名），请使用导入模板或核对列名")


# --- .csv --------------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.decode(data, encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("文件：无法识别 .csv 文件的编码（应为 UTF-8 或 GBK）")


def _open_csv(path: Path) -> Table:
    content = _decode(path.read_bytes())
    sample = content[:20000]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    raw = ((n, tuple(c if c.strip() else None for c in row)) for n, row in enumerate(reader, 1))
    head = list(islice(raw, HEAD_ROWS + 1))
    found = _detect([v for _, v in head], [])
    if found is None:
        raise _no_header()
    header_row, columns = found
    rest = chain((r for r in head if r[0] > header_row), raw)
    return Table(kind="csv", sheet="", header_row=header_row, columns=columns,
                 estimated_rows=max(0, content.count("\n") - header_row), _rows=rest)


# --- header detection --------------------------------------------------------------------

def _score(columns: list[HeaderColumn]) -> int:
    keys = {c.key for c in columns if c.key and c.key != cols.IGNORE}
    if not keys & {"name", "uscc"}:
        return 0
    return len(keys)


def _single(row: list) -> list[HeaderColumn]:
    return [HeaderColumn(i, cols.key_for(v), cols.display(v))
            for i, v in enumerate(row) if v is not None and str(v).strip()]


def _double(parent: list, child: list, raw_parent: tuple, raw_child: tuple
            ) -> list[HeaderColumn]:
    width = max(len(parent), len(child))
    parent = list(parent) + [None] * (width - len(parent))
    child = list(child) + [None] * (width - len(child))
    raw_parent = tuple(raw_parent) + (None,) * (width - len(raw_parent))
    raw_child = tuple(raw_child) + (None,) * (width - len(raw_child))
    # Without merge information (CSV, or a header that was not merged), carry a parent
    # right over the run of children that have no parent of their own.
    carried = None
    for c in range(width):
        if raw_parent[c] is not None:
            carried = raw_parent[c] if raw_child[c] is not None else None
        elif raw_child[c] is not None and carried is not None:
            if parent[c] is None:
                parent[c] = carried
        else:
            carried = None
    out = []
    for c in range(width):
        p = parent[c] if parent[c] is not None and str(parent[c]).strip() else None
        ch = child[c] if child[c] is not None and str(child[c]).strip() else None
        if p is None and ch is None:
            continue
        if p is not None and ch is not None and cols.display(p) != cols.display(ch):
            dp, dc = cols.display(p), cols.display(ch)
            candidates = [dp + dc, dc + dp, dc]
        else:
            candidates = [cols.display(p if p is not None else ch)]
        chosen = next(((t, k) for t in candidates if (k := cols.key_for(t))), (candidates[0], None))
        out.append(HeaderColumn(c, chosen[1], chosen[0]))
    return out


def _detect(rows: list[tuple], merges: list[Merge]) -> tuple[int, list[HeaderColumn]] | None:
    """The last header row and its columns, or None when no row looks like a header."""
    if not rows:
        return None
    filled = _fill_head(rows, merges)
    best = None
    for h in range(min(HEAD_ROWS, len(rows))):
        options = [(_single(filled[h]), h + 1, 1)]
        if h + 1 < len(rows):
            options.append((_double(filled[h], filled[h + 1], rows[h], rows[h + 1]),
                            h + 2, 0))
        for columns, last, single in options:
            score = _score(columns)
            if score < 2:
                continue
            rank = (score, single, -h)
            if best is None or rank > best[0]:
                best = (rank, last, columns)
    if best is None:
        return None
    return best[1], best[2]
