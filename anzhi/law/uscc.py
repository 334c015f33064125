"""Unified social credit code (统一社会信用代码), GB 32100-2015.

Layout: 1 registering-authority code, 1 entity-type code, 6 region code (GB/T 2260),
9 organisation code (GB 11714, with its own check character), 1 check character.

``is_valid`` checks charset, length and the 18th check character only. The embedded
organisation-code check is offered separately as ``org_code_valid``, because the codes
issued to 个体工商户 (and some codes converted from old registration numbers) carry a body
in positions 9–17 that was never a real organisation code and need not pass its check;
rejecting them would reject genuine, registered traders.
"""

from __future__ import annotations

import re
import unicodedata

# GB 32100-2015 §4: 31 characters, the letters I, O, S, V, Z are not used.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(CHARSET)}
# GB 32100-2015 §5: weight of position i is 3**(i-1) mod 31.
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997: organisation-code weights for its 8 body characters.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_SHAPE = re.compile(f"[{CHARSET}]{{18}}")
# Invisible characters spreadsheets and web forms leave behind.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def normalize(s: str) -> str:
    """Clean a code typed or pasted by a person: full-width → half-width (NFKC),
    upper case, and drop all whitespace and zero-width characters.

    Does not validate; call ``is_valid`` on the result.
    """
    s = unicodedata.normalize("NFKC", s or "").translate(_INVISIBLE)
    return "".join(s.split()).upper()


def check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters (GB 32100-2015 §5).

    Raises ValueError if ``first17`` is not 17 characters of the code's charset.
    """
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise ValueError(
            f"统一社会信用代码前17位格式错误 (expected 17 chars of {CHARSET}): {first17!r}"
        )
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True if ``code`` is 18 characters of the GB 32100 charset with a correct check char.

    Strict: the caller normalises first (``normalize``); lower case or spaces are invalid.
    The embedded organisation-code check is not required — see ``org_code_valid``.
    """
    if not isinstance(code, str) or not _SHAPE.fullmatch(code):
        return False
    return check_char(code[:17]) == code[17]


def org_code(code: str) -> str:
    """The 9-character organisation code embedded in positions 9–17."""
    return code[8:17]


def region(code: str) -> str:
    """The 6-digit registering region (GB/T 2260) in positions 3–8."""
    return code[2:8]


def org_code_check_char(first8: str) -> str:
    """Check character of a GB 11714 organisation code body: 11 − (Σ mod 11); 10 → X, 11 → 0.

    Characters count as in GB 11714: digits 0–9, letters A=10 … Z=35.
    """
    if len(first8) != 8 or not first8.isascii() or not first8.isalnum():
        raise ValueError(f"组织机构代码本体应为8位字母或数字: {first8!r}")
    total = sum(int(ch, 36) * w for ch, w in zip(first8.upper(), ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def org_code_valid(code: str) -> bool:
    """True if the organisation code embedded in a USCC passes its own GB 11714 check.

    Advisory only: codes of 个体工商户 (entity type 92) often do not pass, legitimately.
    """
    if not is_valid(code):
        return False
    body = org_code(code)
    return org_code_check_char(body[:8]) == body[8]
