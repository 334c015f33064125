"""Reading and checking the statistical division table (统计用区划代码和城乡划分代码).

Townships (乡级, 9 digits) and villages (村级, 12 digits) are not in any maintained
package; administrators import the table the statistics bureau publishes for their county,
as .xlsx or .csv. The table is messy in the usual ways, so reading is lenient:

- the header need not be on row 1 (a title row above is fine); the columns are found by
  name: 统计用区划代码 (or 区划代码/代码), 名称, and optionally 城乡分类代码;
- codes may be numbers or text, full-width, with spaces or a leading apostrophe, and either
  short (9-digit township) or padded to 12 digits (350524113000 is the township 350524113);
- rows for the county itself or its ancestors are skipped; blank rows are ignored;
- CSV files may be UTF-8 (with or without BOM) or GB18030/GBK, comma- or tab-separated.

``check_rows`` validates against the parent region and the database without writing; the
service ``regions.services.divisions_import`` writes the valid rows.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from anzhi.core.errors import ValidationFailed

from .models import Region

Level = Region.Level

CODE_COLUMN = "统计用区划代码"
NAME_COLUMN = "名称"
URBAN_RURAL_COLUMN = "城乡分类代码"

HEADER_ALIASES = {
    "code": {"统计用区划代码", "区划代码", "代码", "行政区划代码", "统计代码", "编码"},
    "name": {"名称", "区划名称", "单位名称", "行政区划名称", "村(居)委会名称", "乡镇(街道)名称",
             "村(居)名称", "地名"},
    "urban_rural": {"城乡分类代码", "城乡分类", "城乡划分代码", "城乡属性代码", "城乡代码"},
}
URBAN_RURAL_CODES = {
    "111": "主城区", "112": "城乡结合区", "121": "镇中心区", "122": "镇乡结合区",
    "123": "特殊区域", "210": "乡中心区", "220": "村庄",
}
# Official names of 村/居 committees, shortened to the names people use.
NAME_SUFFIXES = [("社区居民委员会", "社区"), ("社区居委会", "社区"), ("村民委员会", "村"),
                 ("村委会", "村")]
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 50_000


@dataclass
class RawRow:
    """One data row as read: spreadsheet row number and the three cells as text."""

    row: int
    code: str
    name: str
    urban_rural: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "code": self.code, "name": self.name,
                "urban_rural": self.urban_rural}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class DivisionRow:
    row: int
    code: str
    name: str
    level: int
    urban_rural_code: str = ""
    action: str = "create"  # create / update / unchanged

    @property
    def parent_code(self) -> str:
        return self.code[:9] if self.level == Level.VILLAGE else ""


@dataclass
class DivisionReport:
    parent: str
    rows_read: int = 0
    skipped: int = 0
    rows: list[DivisionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def rows_valid(self) -> int:
        return len(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def townships(self) -> int:
        return sum(1 for r in self.rows if r.level == Level.TOWNSHIP)

    @property
    def villages(self) -> int:
        return sum(1 for r in self.rows if r.level == Level.VILLAGE)

    def as_dict(self) -> dict:
        return {
            "parent": self.parent, "rows_read": self.rows_read, "rows_valid": self.rows_valid,
            "skipped": self.skipped, "to_create": self.count("create"),
            "to_update": self.count("update"), "unchanged": self.count("unchanged"),
            "created": self.created, "updated": self.updated,
            "errors": [e.as_dict() for e in self.errors],
        }

    def summary(self) -> str:
        return (f"读取{self.rows_read}行：有效{self.rows_valid}行（乡级{self.townships}、"
                f"村级{self.villages}；新增{self.count('create')}、更名{self.count('update')}、"
                f"未变{self.count('unchanged')}），有误{len(self.errors)}行，跳过{self.skipped}行")


# ---------------------------------------------------------------- reading files

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_key(cell: str) -> str | None:
    text = "".join(_text(cell).split()).strip("*:：")
    for key, aliases in HEADER_ALIASES.items():
        if text in aliases:
            return key
    if text.startswith("统计用区划代码") or text.startswith("区划代码"):
        return "code"
    if text.startswith("城乡分类"):
        return "urban_rural"
    return None


def _rows_from_matrix(matrix) -> tuple[list[RawRow], dict[str, str]]:
    """Find the header among the first rows, then read the data rows below it."""
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    rows: list[RawRow] = []
    header_row = None
    for number, values in enumerate(matrix, start=1):
        values = list(values)
        if header_row is None:
            found = {}
            for i, cell in enumerate(values):
                key = _header_key(cell)
                if key and key not in found:
                    found[key] = i
                    headers[key] = "".join(_text(cell).split())
            if "code" in found and "name" in found:
                header_row, columns = number, found
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue

        def cell(key, values=values, columns=columns):
            i = columns.get(key)
            return _text(values[i]) if i is not None and i < len(values) else ""

        raw = RawRow(number, cell("code"), cell("name"), cell("urban_rural"))
        if raw.code or raw.name:
            rows.append(raw)
            if len(rows) > MAX_ROWS:
                raise ValidationFailed({"file": f"文件：行数超过{MAX_ROWS}行，请按县拆分后导入"})
    if header_row is None:
        raise ValidationFailed(
            {"file": f"文件：未找到表头（应有“{CODE_COLUMN}”和“{NAME_COLUMN}”两列）"})
    return rows, headers


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed({"file": "文件：无法识别的文本编码（请保存为 UTF-8 或 GBK 编码的 CSV）"})


def read_division_file(file, filename: str) -> tuple[list[RawRow], dict[str, str]]:
    """Rows of an uploaded .xlsx or .csv, and the header texts found (key → header)."""
    name = (filename or "").lower()
    data = file.read() if hasattr(file, "read") else file
    if not data:
        raise ValidationFailed({"file": "文件：文件为空"})
    if name.endswith(".csv") or name.endswith(".txt"):
        text = _decode(data)
        sample = text[:4096]
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        return _rows_from_matrix(csv.reader(io.StringIO(text), delimiter=delimiter))
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationFailed(
                {"file": "文件：无法读取该 Excel 文件，请确认是 .xlsx 格式"}) from exc
        try:
            sheet = workbook.worksheets[0]
            return _rows_from_matrix(sheet.iter_rows(values_only=True))
        finally:
            workbook.close()
    raise ValidationFailed({"file": "文件：请上传 .xlsx 或 .csv 文件"})


# ---------------------------------------------------------------- checking rows

def clean_code(raw: str) -> str:
    text = "".join(unicodedata.normalize("NFKC", raw or "").split()).strip("'‘’`\"")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def clean_name(raw: str) -> str:
    name = "".join(unicodedata.normalize("NFKC", raw or "").split())
    for long, short in NAME_SUFFIXES:
        if name.endswith(long) and len(name) > len(long):
            return name[: -len(long)] + short
    return name


def significant(code12: str) -> str:
    """The code without the zero padding of its level: 350524113000 → 350524113."""
    for n in (2, 4, 6, 9):
        if set(code12[n:]) <= {"0"}:
            return code12[:n]
    return code12


def allowed_child_level(parent: Region) -> int | None:
    """The level of division an administrator may add under ``parent`` (None: none)."""
    if parent.level == Level.COUNTY:
        return Level.TOWNSHIP
    if parent.level == Level.TOWNSHIP:
        return Level.VILLAGE
    if parent.level == Level.PREFECTURE and len(parent.code) == 6 and not (
            Region.objects.filter(parent=parent, level=Level.COUNTY).exists()):
        # 不设区的地级市 (东莞, 中山, 儋州, 嘉峪关): townships sit directly under the city.
        return Level.TOWNSHIP
    return None


def check_rows(parent: Region, raw_rows: list[RawRow],
               headers: dict[str, str] | None = None) -> DivisionReport:
    """Validate rows for import under ``parent`` (a county, township or 不设区的地级市)."""
    headers = headers or {}
    code_col = headers.get("code", CODE_COLUMN)
    name_col = headers.get("name", NAME_COLUMN)
    ur_col = headers.get("urban_rural", URBAN_RURAL_COLUMN)
    report = DivisionReport(parent=parent.code, rows_read=len(raw_rows))
    base = parent.code
    parent12 = base.ljust(12, "0")
    child_level = allowed_child_level(parent)
    if child_level is None:
        raise ValidationFailed(
            {"parent": "上级区划：只能向县级区划导入乡镇和村，或向乡级区划导入村"})

    candidates: list[tuple[RawRow, str, str, int, str]] = []
    seen: dict[str, int] = {}
    for raw in raw_rows:
        code = clean_code(raw.code)
        name = clean_name(raw.name)
        ur = clean_code(raw.urban_rural)
        bad = []
        if not code:
            bad.append((code_col, "代码不能为空"))
        elif not code.isdecimal():
            bad.append((code_col, f"代码“{raw.code}”应为数字"))
        elif len(code) not in (6, 9, 12):
            bad.append((code_col, f"代码应为9位（乡级）或12位，实际{len(code)}位"))
        if bad:
            report.errors.extend(RowError(raw.row, c, m) for c, m in bad)
            continue
        sig = significant(code.ljust(12, "0"))
        if parent12.startswith(sig) and len(sig) <= len(base):
            report.skipped += 1  # the parent itself or one of its ancestors
            continue
        if not sig.startswith(base):
            report.errors.append(RowError(
                raw.row, code_col, f"代码{code}不属于上级区划{parent.name}（{base}）"))
            continue
        level = Level.TOWNSHIP if len(sig) == 9 else Level.VILLAGE if len(sig) == 12 else None
        if level is None or (child_level == Level.VILLAGE and level != Level.VILLAGE):
            report.errors.append(RowError(
                raw.row, code_col, f"代码{code}不是{parent.name}下的乡级或村级区划"))
            continue
        if not name:
            bad.append((name_col, "名称不能为空"))
        elif len(name) > 64:
            bad.append((name_col, "名称不能超过64个字"))
        if ur and ur not in URBAN_RURAL_CODES:
            bad.append((ur_col, f"城乡分类代码应为{'、'.join(URBAN_RURAL_CODES)}之一"))
        if sig in seen:
            bad.append((code_col, f"代码{sig}与第{seen[sig]}行重复"))
        if bad:
            report.errors.extend(RowError(raw.row, c, m) for c, m in bad)
            continue
        seen[sig] = raw.row
        candidates.append((raw, sig, name, level, ur))

    codes = [c[1] for c in candidates]
    existing = {r.code: r for r in Region.objects.filter(code__in=codes)}
    townships_in_file = {c[1]: c[2] for c in candidates if c[3] == Level.TOWNSHIP}
    townships_in_db = set(Region.objects.filter(
        code__in={c[1][:9] for c in candidates if c[3] == Level.VILLAGE},
        level=Level.TOWNSHIP).values_list("code", flat=True))
    names_by_parent: dict[tuple[str, str], int] = {}
    parents = {base} | {c[1][:9] for c in candidates if c[3] == Level.VILLAGE}
    names_in_db = {(r.parent_id, r.name): r.code
                   for r in Region.objects.filter(parent_id__in=parents).only(
                       "code", "name", "parent_id")}
    for raw, sig, name, level, ur in sorted(candidates, key=lambda c: (c[3], c[0].row)):
        parent_code = base if level == Level.TOWNSHIP else sig[:9]
        if level == Level.VILLAGE and parent_code not in townships_in_file and (
                parent_code not in townships_in_db):
            report.errors.append(RowError(
                raw.row, code_col,
                f"所属乡级区划{parent_code}不存在（请先添加该乡镇，或在表中一并列出）"))
            continue
        key = (parent_code, name)
        if key in names_by_parent:
            report.errors.append(RowError(
                raw.row, name_col, f"名称“{name}”与第{names_by_parent[key]}行同属一个上级，重复"))
            continue
        names_by_parent[key] = raw.row
        other = names_in_db.get(key)
        if other is not None and other != sig and other not in seen:
            report.errors.append(RowError(
                raw.row, name_col, f"名称“{name}”已被同一上级下的区划{other}使用"))
            continue
        old = existing.get(sig)
        if old is not None and old.level != level:
            report.errors.append(RowError(raw.row, code_col, f"代码{sig}已被其他级别的区划使用"))
            continue
        action = "create" if old is None else (
            "unchanged" if old.name == name and (not ur or old.urban_rural_code == ur)
            else "update")
        report.rows.append(DivisionRow(raw.row, sig, name, level, ur, action))
    report.errors.sort(key=lambda e: e.row)
    report.rows.sort(key=lambda r: (r.level, r.code))
    return report
