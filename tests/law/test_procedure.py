"""Simple procedure (行政处罚法 Art 51) and hearing right (Art 63)."""

from decimal import Decimal

import pytest

from anzhi.law import procedure


@pytest.mark.parametrize(
    ("party", "fine", "allowed"),
    [
        pytest.param("person", 0, True, id="Art51-person-warning"),
        pytest.param("person", 200, True, id="Art51-person-200"),
        pytest.param("person", Decimal("200.01"), False, id="Art51-person-200.01"),
        pytest.param("person", 201, False, id="Art51-person-201"),
        pytest.param("organization", 3000, True, id="Art51-org-3000"),
        pytest.param("organization", 3001, False, id="Art51-org-3001"),
        pytest.param("organization", 0, True, id="Art51-org-warning"),
        pytest.param("unit", 3000, True, id="Art51-unit-alias"),
    ],
)
def test_simple_procedure_allowed(party, fine, allowed):
    assert procedure.simple_procedure_allowed(party, fine) is allowed


@pytest.mark.parametrize("party", ["company", "", "Person"])
def test_unknown_party(party):
    with pytest.raises(ValueError, match="party"):
        procedure.simple_procedure_allowed(party, 100)


def test_negative_fine_rejected():
    with pytest.raises(ValueError):
        procedure.simple_procedure_allowed("person", -1)


@pytest.mark.parametrize(
    ("party", "fine", "measures", "required"),
    [
        pytest.param("person", 19_999, (), False, id="Art63-person-under-2wan"),
        pytest.param("person", 20_000, (), True, id="Art63-person-2wan"),
        pytest.param("organization", 49_999, (), False, id="Art63-org-under-5wan"),
        pytest.param("organization", 50_000, (), True, id="Art63-org-5wan"),
        pytest.param("organization", None, ("责令停产停业整顿",), True, id="Art63(4)-suspension"),
        pytest.param("organization", 1000, ("责令关闭",), True, id="Art63(4)-closure"),
        pytest.param("organization", 1000, ("吊销许可证件",), True, id="Art63(3)-revocation"),
        pytest.param("organization", 1000, ("责令限期改正",), False, id="Art63-order-to-correct"),
        pytest.param("organization", None, (), False, id="Art63-nothing"),
    ],
)
def test_hearing_right(party, fine, measures, required):
    right = procedure.hearing_right(party, fine, measures)
    assert bool(right) is required
    assert right.required is required
    assert all("第63条" in r for r in right.reasons)
    assert bool(right.reasons) is required


def test_hearing_thresholds_from_data_dir(law_data_dir):
    (law_data_dir / "procedure.toml").write_text(
        "[simple_procedure]\nperson = 200\norganization = 3000\n"
        "[hearing]\narticle = '行政处罚法第63条'\nperson = 10000\norganization = 100000\n"
        "measures = []\n",
        encoding="utf-8",
    )
    assert procedure.hearing_right("person", 10_000)
    assert not procedure.hearing_right("organization", 50_000)
