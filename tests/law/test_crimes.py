"""Suspected crimes to refer (刑法 134–139之一; 2015 解释 Art 6–8; 2022 解释; 行政处罚法 Art 27)."""

import pytest

from anzhi.law.crimes import Facts, possible_crimes


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(Facts(), [], id="nothing"),
        pytest.param(Facts(deaths=1), ["刑法第134条第1款"], id="134-P1-one-death-2015-Art6"),
        pytest.param(
            Facts(serious_injuries=3), ["刑法第134条第1款"], id="134-P1-3-serious-injuries"
        ),
        pytest.param(Facts(serious_injuries=2), [], id="134-P1-2-serious-injuries-below"),
        pytest.param(
            Facts(direct_loss_yuan=1_000_000), ["刑法第134条第1款"], id="134-P1-loss-100wan"
        ),
        pytest.param(Facts(direct_loss_yuan=999_999), [], id="134-P1-loss-below-100wan"),
        pytest.param(
            Facts(deaths=1, forced_workers_to_take_risks=True),
            ["刑法第134条第1款", "刑法第134条第2款"],
            id="134-P2-forced",
        ),
        pytest.param(
            Facts(serious_injuries=3, knowingly_worked_with_unremoved_major_hazard=True),
            ["刑法第134条第1款", "刑法第134条第2款"],
            id="134-P2-major-hazard",
        ),
        pytest.param(Facts(forced_workers_to_take_risks=True), [], id="134-P2-needs-consequence"),
        pytest.param(
            Facts(real_danger=True, disabled_monitoring_or_alarm=True),
            ["刑法第134条之一"],
            id="134A-1-disabled-alarm",
        ),
        pytest.param(
            Facts(real_danger=True, tampered_data=True),
            ["刑法第134条之一"],
            id="134A-1-tampered-data",
        ),
        pytest.param(
            Facts(real_danger=True, refused_suspension_order_over_major_hazard=True),
            ["刑法第134条之一"],
            id="134A-2-refused-suspension",
        ),
        pytest.param(
            Facts(real_danger=True, refused_rectification_of_major_hazard=True),
            ["刑法第134条之一"],
            id="134A-2-refused-rectification",
        ),
        pytest.param(
            Facts(real_danger=True, operating_without_approval_high_risk=True),
            ["刑法第134条之一"],
            id="134A-3-no-approval",
        ),
        pytest.param(Facts(tampered_data=True), [], id="134A-needs-real-danger"),
        pytest.param(Facts(real_danger=True), [], id="134A-needs-an-act"),
        pytest.param(
            Facts(deaths=1, real_danger=True, tampered_data=True),
            ["刑法第134条第1款"],
            id="134A-absorbed-by-accident-crime-2022-Art5",
        ),
        pytest.param(
            Facts(deaths=1, unsafe_facilities_or_conditions=True),
            ["刑法第134条第1款", "刑法第135条"],
            id="135-unsafe-conditions",
        ),
        pytest.param(
            Facts(deaths=1, large_public_event=True),
            ["刑法第134条第1款", "刑法第135条之一"],
            id="135A-public-event",
        ),
        pytest.param(
            Facts(direct_loss_yuan=2_000_000, dangerous_goods_involved=True),
            ["刑法第134条第1款", "刑法第136条"],
            id="136-dangerous-goods",
        ),
        pytest.param(
            Facts(deaths=2, construction_quality=True),
            ["刑法第134条第1款", "刑法第137条"],
            id="137-construction-quality",
        ),
        pytest.param(
            Facts(serious_injuries=3, school_facility=True),
            ["刑法第134条第1款", "刑法第138条"],
            id="138-school",
        ),
        pytest.param(
            Facts(direct_loss_yuan=5_000_000, school_facility=True),
            ["刑法第134条第1款"],
            id="138-loss-alone-not-enough-2015-Art6-P4",
        ),
        pytest.param(
            Facts(deaths=1, fire_safety_refused_correction=True),
            ["刑法第134条第1款", "刑法第139条"],
            id="139-fire",
        ),
        pytest.param(
            Facts(concealed_or_false_report=True), ["刑法第139条之一"], id="139A-concealed"
        ),
    ],
)
def test_possible_crimes(facts, expected):
    matches = possible_crimes(facts)
    assert [m.article for m in matches] == expected
    for m in matches:
        assert "应移送司法机关，不得以罚代刑（行政处罚法第27条）" in m.explanation
        assert m.crime in m.explanation and m.elements and m.interpretation


@pytest.mark.parametrize(
    ("facts", "especially"),
    [
        pytest.param(Facts(deaths=2), False, id="2015-Art7-2-deaths"),
        pytest.param(Facts(deaths=3), True, id="2015-Art7-3-deaths"),
        pytest.param(Facts(serious_injuries=10), True, id="2015-Art7-10-injuries"),
        pytest.param(Facts(direct_loss_yuan=4_999_999), False, id="2015-Art7-loss-under-500wan"),
        pytest.param(Facts(direct_loss_yuan=5_000_000), True, id="2015-Art7-loss-500wan"),
    ],
)
def test_especially_serious(facts, especially):
    assert possible_crimes(facts)[0].especially_serious is especially


def test_elements_named():
    m = possible_crimes(Facts(real_danger=True, tampered_data=True))[0]
    assert m.crime == "危险作业罪"
    assert any("现实危险" in e for e in m.elements)
    assert any("篡改" in e for e in m.elements)


def test_absorbed_danger_act_explained():
    m = possible_crimes(Facts(deaths=1, real_danger=True, tampered_data=True))[0]
    assert "2022解释第5条" in m.explanation


@pytest.mark.parametrize("field", ["deaths", "serious_injuries", "direct_loss_yuan"])
def test_negative_rejected(field):
    with pytest.raises(ValueError, match=field):
        Facts(**{field: -1})
