"""Resident ID number validation — GB 11643-1999 (LEGAL.md §6)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anzhi.law import idcard

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        pytest.param("11010519491231002X", True, id="GB11643-valid-check-X"),
        pytest.param("11010519491231002x", False, id="GB11643-lower-x-not-normalised"),
        pytest.param("110105194912310021", False, id="GB11643-wrong-check"),
        pytest.param("110105194902300" + "00", False, id="GB11643-17-chars"),
        pytest.param(
            "11010519490230001" + idcard.check_char("11010519490230001"),
            False,
            id="GB11643-feb-30-not-a-date",
        ),
        pytest.param(
            "91010519491231001" + idcard.check_char("91010519491231001"),
            False,
            id="GB11643-region-first-digit-9",
        ),
        pytest.param(
            "01010519491231001" + idcard.check_char("01010519491231001"),
            False,
            id="GB11643-region-first-digit-0",
        ),
        pytest.param(
            "11010520261124001" + idcard.check_char("11010520261124001"),
            False,
            id="GB11643-born-tomorrow",
        ),
        pytest.param(
            "11010520261123001" + idcard.check_char("11010520261123001"),
            True,
            id="GB11643-born-today",
        ),
        pytest.param(
            "11010517991231001" + idcard.check_char("11010517991231001"),
            False,
            id="GB11643-born-before-1800",
        ),
        pytest.param(
            "11010520000229001" + idcard.check_char("11010520000229001"),
            True,
            id="GB11643-leap-day-2000",
        ),
        pytest.param("", False, id="empty"),
        pytest.param(None, False, id="none"),
    ],
)
def test_is_valid(number, expected):
    assert idcard.is_valid(number, today=TODAY) is expected


def test_birth_date_and_sex():
    assert idcard.birth_date("11010519491231002X") == date(1949, 12, 31)
    assert idcard.birth_date("110105194902300021") is None
    assert idcard.is_male("11010519491231002X") is False


def test_check_char_rejects_non_digits():
    with pytest.raises(ValueError):
        idcard.check_char("1101051949123100X")


@st.composite
def id_prefixes(draw):
    region = draw(st.integers(1, 8)) * 100000 + draw(st.integers(0, 99999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    seq = draw(st.integers(0, 999))
    return f"{region:06d}{born:%Y%m%d}{seq:03d}"


@given(id_prefixes())
def test_property_check_char_makes_valid(first17):
    assert idcard.is_valid(first17 + idcard.check_char(first17), today=TODAY)


@given(id_prefixes(), st.integers(0, 17), st.integers(1, 10))
def test_property_single_change_invalidates(first17, pos, shift):
    number = first17 + idcard.check_char(first17)
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    new = alphabet[(alphabet.index(number[pos]) + shift) % len(alphabet)]
    if new == number[pos]:
        return
    changed = number[:pos] + new + number[pos + 1 :]
    assert not idcard.is_valid(changed, today=TODAY)
