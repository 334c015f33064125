"""Resident identity card number (公民身份号码), GB 11643-1999.

Layout: 6 region (GB/T 2260) + 8 birth date YYYYMMDD + 3 sequence (odd = male) + 1 check.
Only the 18-character form is accepted; 15-character cards were withdrawn (2013).
"""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# GB 11643-1999 §8.2: Σ(aᵢ×Wᵢ) mod 11 indexes this string.
CHECK_CHARS = "10X98765432"

_SHAPE = re.compile(r"[1-8]\d{16}[\dX]")


def check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 digits (GB 11643-1999 §8.2)."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdecimal():
        raise ValueError(f"身份证号码前17位应为数字 (expected 17 digits): {first17!r}")
    total = sum(int(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date(number: str) -> date | None:
    """The birth date in positions 7–14, or None if it is not a real calendar date."""
    digits = number[6:14]
    if len(digits) != 8 or not digits.isascii() or not digits.isdecimal():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def is_male(number: str) -> bool:
    """Sex from the sequence code: odd = male, even = female (GB 11643-1999 §6.3)."""
    return int(number[16]) % 2 == 1


def is_valid(number: str, today: date | None = None) -> bool:
    """True for an 18-character number with region first digit 1–8 (the GB/T 2260 major
    regions), a real birth date not after ``today`` (default: the system date) and not before
    1800, and a correct check character (upper-case X only; normalise first).
    """
    if not isinstance(number, str) or not _SHAPE.fullmatch(number):
        return False
    born = birth_date(number)
    if born is None or born.year < 1800 or born > (today or date.today()):
        return False
    return check_char(number[:17]) == number[17]
