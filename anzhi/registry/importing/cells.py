"""Turning spreadsheet cells into values: text, codes, numbers, dates, yes/no, grades.

A parser raises ``CellError`` (a Chinese reason) when a cell cannot mean anything sensible;
values that merely break a business rule are passed on for ``clean_enterprise`` to judge.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

from ..choices import RiskGrade


class CellError(ValueError):
    """The cell cannot be read; the message says why, in Chinese."""


# Full-width letters and digits (ＡＢＣ１２３) and the ideographic space; full-width
# punctuation such as （） stays, as registered Chinese names use it.
_WIDE = {0x3000: " "}
_WIDE.update({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})
_WIDE.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WIDE.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_WIDE.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None))
_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
SPLIT = re.compile(r"[、,，/;；\n]+")
SPLIT_LICENCES = re.compile(r"[;；\n]+")


_BLANK_CHARS = " \t\r\n\x0b\x0c\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(_BLANK_CHARS)
    return False


def text(value: object) -> str:
    """Free text (names, addresses): full-width letters/digits and spaces made plain."""
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime):
            value = value.date()
        value = str(value)
    s = value.translate(_WIDE)
    if "  " in s or "\n" in s or "\t" in s or "\r" in s or "\xa0" in s:
        s = _SPACES.sub(" ", s)
    return s.strip()


def person_name(value: object) -> str:
    """A person's name; "张　三" (padded to align with three-character names) → "张三"."""
    s = text(value)
    return _CJK_GAP.sub("", s) if " " in s else s


def code(value: object) -> str:
    """A code typed by a person (USCC, ID number, phone, region code): half-width, no spaces.

    Numbers come back without ".0"; 18-digit numbers have already lost digits in Excel,
    which the check characters then catch."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = unicodedata.normalize("NFKC", str(value)).translate(_WIDE)
    return "".join(s.split())


def integer(value: object) -> object:
    """从业人数: 120, 120.0, "120人", "约120" → 120. Anything else is returned as is."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    s = code(value).replace(",", "")
    s = re.sub(r"^(约|大约|共)|(人|名|余人|多人)$", "", s)
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.0+", s):
        return int(float(s))
    return text(value)


def decimal_text(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    return code(value).rstrip("°")


_TRUE = {"是", "√", "✓", "✔", "☑", "有", "y", "yes", "true", "1", "是的", "涉及", "属于", "有的",
         "t", "对"}
_FALSE = {"否", "×", "✗", "✘", "☐", "无", "n", "no", "false", "0", "不是", "不涉及", "不属于",
          "没有", "f", "/", "-", "—", "--", "——", "x"}


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise CellError(f"应填写“是”或“否”，而不是“{text(value)}”")
    s = code(value).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError(f"应填写“是”或“否”，而不是“{text(value)}”")


_LEVELS = {"1": "1", "一": "1", "i": "1", "2": "2", "二": "2", "ii": "2", "3": "3", "三": "3",
           "iii": "3", "4": "4", "四": "4", "iv": "4"}


def hazard_level(value: object) -> str | None:
    """一级/1/Ⅰ级/1级 → "1"; None if the cell is not a level."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = code(value).lower().removesuffix("级").removeprefix("重大危险源")
    s = s.removesuffix("重大危险源").removesuffix("级")
    return _LEVELS.get(s)


_GRADES = frozenset(RiskGrade.values)
_GRADE_WORDS = [("重大", "A"), ("红", "A"), ("较大", "B"), ("橙", "B"), ("一般", "C"),
                ("黄", "C"), ("低", "D"), ("蓝", "D")]


def risk_grade(value: object) -> str:
    """A/B/C/D, "A级（重大风险）", "较大风险", "橙色" → the letter. Unknown text is
    returned as is for clean_enterprise to reject."""
    s = code(value).upper()
    if s[:1] in _GRADES and (len(s) == 1 or not (s[1].isascii() and s[1].isalpha())):
        return s[:1]
    for word, grade in _GRADE_WORDS:
        if word in s:
            return grade
    return text(value)


_DATE_TEXT = re.compile(
    r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_OPEN_ENDED = {"长期", "长期有效", "永久", "永久有效", "无期限", "不限期", "无"}
_EXCEL_EPOCH = datetime(1899, 12, 30)


def excel_serial(n: float) -> date:
    if not 1 <= n < 2958466:
        raise CellError(f"无法识别的日期：{text(n)}")
    return (_EXCEL_EPOCH + timedelta(days=int(n))).date()


def a_date(value: object) -> date | None:
    """Dates as datetime cells, Excel serial numbers, or text: "2024年1月17日", "2024.1.17",
    "2024/1/17", "2024-01-17", "20240117". "长期" (no end date) gives None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 19000101 <= value <= 29991231 and float(value).is_integer():
            return a_date(str(int(value)))
        return excel_serial(value)
    s = code(value)
    if not s or s in _OPEN_ENDED:
        return None
    try:
        if m := _DATE_TEXT.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if re.fullmatch(r"\d{8}", s):
            return date(int(s[:4]), int(s[4:6]), int(s[6:]))
        if re.fullmatch(r"\d{5}(\.\d+)?", s):
            return excel_serial(float(s))
    except ValueError:
        raise CellError(f"日期不存在：{text(value)}") from None
    raise CellError(f"无法识别的日期：{text(value)}（示例：2024-01-17 或 2024年1月17日）")


def split(value: object, pattern: re.Pattern = SPLIT) -> list[str]:
    return [p.strip() for p in pattern.split(text(value)) if p.strip()]


def split_keep(value: object, pattern: re.Pattern = SPLIT) -> list[str]:
    """Like ``split`` but keeps empty places ("、110…" is two places, the first empty)."""
    return [p.strip() for p in pattern.split(text(value))]
