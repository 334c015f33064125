"""USCC validation — GB 32100-2015 (LEGAL.md §6)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anzhi.law import uscc


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("914403001922038216", True, id="GB32100-valid-huawei"),
        pytest.param("914403001922038217", False, id="GB32100-wrong-check-char"),
        pytest.param("91440300192203821", False, id="GB32100-17-chars"),
        pytest.param("9144030019220382160", False, id="GB32100-19-chars"),
        pytest.param("914403001922O38216", False, id="GB32100-letter-O-not-in-charset"),
        pytest.param("914403001922038216 ", False, id="GB32100-trailing-space-not-normalised"),
        pytest.param("", False, id="GB32100-empty"),
        pytest.param(None, False, id="GB32100-none"),
    ],
)
def test_is_valid(code, expected):
    assert uscc.is_valid(code) is expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param(
            "９１４４０３００１９２２０３８２１６", "914403001922038216", id="full-width-digits"
        ),
        pytest.param(" 9144 0300 1922 0382 16 ", "914403001922038216", id="spaces"),
        pytest.param(
            "91440300MA5ｆｘｙ\u3000", "91440300MA5FXY", id="full-width-lower+ideographic-space"
        ),
        pytest.param("\ufeff914403001922038216\u200b", "914403001922038216", id="bom-zero-width"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalize(raw, clean):
    assert uscc.normalize(raw) == clean


def test_check_char_rejects_bad_prefix():
    with pytest.raises(ValueError):
        uscc.check_char("91440300192203821I")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("914403001922038216", True, id="GB11714-org-code-192203821-ok"),
        pytest.param(
            "91440300192203822" + uscc.check_char("91440300192203822"),
            False,
            id="GB11714-org-code-bad-but-uscc-ok",
        ),
    ],
)
def test_org_code_valid(code, expected):
    assert uscc.is_valid(code)
    assert uscc.org_code_valid(code) is expected


def test_parts():
    assert uscc.region("914403001922038216") == "440300"
    assert uscc.org_code("914403001922038216") == "192203821"


prefixes = st.text(alphabet=uscc.CHARSET, min_size=17, max_size=17)


@given(prefixes)
def test_property_check_char_makes_valid(first17):
    assert uscc.is_valid(first17 + uscc.check_char(first17))


@given(prefixes, st.integers(0, 17), st.integers(1, len(uscc.CHARSET) - 1))
def test_property_single_change_invalidates(first17, pos, shift):
    code = first17 + uscc.check_char(first17)
    new = uscc.CHARSET[(uscc.CHARSET.index(code[pos]) + shift) % len(uscc.CHARSET)]
    changed = code[:pos] + new + code[pos + 1 :]
    assert not uscc.is_valid(changed)
