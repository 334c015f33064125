"""Fines on persons counted as a share of their income of the previous year (安全生产法 2021):
Art 95 (principal, by accident grade: 一般 40%, 较大 60%, 重大 80%, 特别重大 100%), Art 96
(other heads and safety managers on an accident: 20%–50%), Art 110 ¶1 and ¶2 (principal who
does not organise rescue, leaves or flees; conceals or falsely or late reports: 60%–100%).

Amounts are share × income to the fen (0.01 元), half up (anzhi/law/README.md).
"""

from decimal import Decimal

import pytest

from anzhi.law import discretion, statutes

D = Decimal


# share range × income → (min, max) in 元, to the fen, half up.
@pytest.mark.parametrize(
    ("shares", "income", "expected"),
    [
        pytest.param(("0.4", "0.4"), "100000", ("40000.00", "40000.00"), id="Art95-1-40%"),
        pytest.param(("0.6", "0.6"), "123456.78", ("74074.07", "74074.07"), id="Art95-2-half-down"),
        pytest.param(("0.4", "0.4"), "0.05", ("0.02", "0.02"), id="Art95-1-half-up-fen"),
        pytest.param(("0.2", "0.5"), "88888.88", ("17777.78", "44444.44"), id="Art96-20-50%"),
        pytest.param(("0.6", "1.0"), "250000", ("150000.00", "250000.00"), id="Art110-60-100%"),
        pytest.param(("0.6", "1.0"), "0", ("0.00", "0.00"), id="no-income-no-fine"),
        pytest.param(("1.0", "1.0"), 999_999_999_999, ("999999999999.00",) * 2, id="large"),
    ],
)
def test_income_fine_range(shares, income, expected):
    got = statutes.income_fine_range((D(shares[0]), D(shares[1])), income)
    assert got == (D(expected[0]), D(expected[1]))
    assert all(x == x.quantize(D("0.01")) for x in got)


@pytest.mark.parametrize("income", ["-1", "abc", "NaN", "Infinity", ""])
def test_income_fine_range_refuses_a_bad_income(income):
    with pytest.raises(ValueError, match="上一年年收入"):
        statutes.income_fine_range((D("0.2"), D("0.5")), income)


# (entry, party, stage flags, accident grade) → (entry applied, shares, fine on 10万 income).
@pytest.mark.parametrize(
    ("entry", "party", "flags", "grade", "applied", "shares", "fine"),
    [
        # Art 95: the item follows the accident's grade (条例 Art 3).
        pytest.param(
            "AQSCF-95",
            "principal",
            {},
            "一般事故",
            "AQSCF-95-1",
            ("0.4", "0.4"),
            ("40000", "40000"),
            id="Art95-1-一般事故-40%",
        ),
        pytest.param(
            "AQSCF-95",
            "principal",
            {},
            "较大事故",
            "AQSCF-95-2",
            ("0.6", "0.6"),
            ("60000", "60000"),
            id="Art95-2-较大事故-60%",
        ),
        pytest.param(
            "AQSCF-95",
            "principal",
            {},
            "重大事故",
            "AQSCF-95-3",
            ("0.8", "0.8"),
            ("80000", "80000"),
            id="Art95-3-重大事故-80%",
        ),
        pytest.param(
            "AQSCF-95",
            "principal",
            {},
            "特别重大事故",
            "AQSCF-95-4",
            ("1.0", "1.0"),
            ("100000", "100000"),
            id="Art95-4-特别重大事故-100%",
        ),
        # An item chosen directly, and the accident flag (the article's own premise).
        pytest.param(
            "AQSCF-95-2",
            "principal",
            {"accident": True},
            "较大事故",
            "AQSCF-95-2",
            ("0.6", "0.6"),
            ("60000", "60000"),
            id="Art95-2-item-with-accident-flag",
        ),
        # Art 96: on an accident, other heads and safety managers 20%–50%.
        pytest.param(
            "AQSCF-96",
            "manager",
            {"accident": True},
            None,
            "AQSCF-96",
            ("0.2", "0.5"),
            ("20000", "50000"),
            id="Art96-accident-20-50%",
        ),
        # Art 110 ¶1 (rescue, leaving, fleeing) and ¶2 (concealing, false or late report).
        pytest.param(
            "AQSCF-110",
            "principal",
            {},
            None,
            "AQSCF-110",
            ("0.6", "1.0"),
            ("60000", "100000"),
            id="Art110-1-60-100%",
        ),
        pytest.param(
            "AQSCF-110-P2",
            "principal",
            {},
            None,
            "AQSCF-110-P2",
            ("0.6", "1.0"),
            ("60000", "100000"),
            id="Art110-2-60-100%",
        ),
    ],
)
def test_income_fine(entry, party, flags, grade, applied, shares, fine):
    assert statutes.is_income_based(entry, party=party, **flags)
    got = statutes.income_fine(entry, party=party, income="100000", accident_grade=grade, **flags)
    assert got.entry.id == applied
    assert (got.share_min, got.share_max) == (D(shares[0]), D(shares[1]))
    assert (got.min, got.max) == (D(fine[0]), D(fine[1]))
    assert got.income == D("100000")


@pytest.mark.parametrize(
    ("entry", "party", "flags"),
    [
        pytest.param("AQSCF-96", "manager", {}, id="Art96-first-is-1-3万-fixed"),
        pytest.param("AQSCF-99-1", "person", {"overdue": True}, id="Art99-fixed"),
        pytest.param("AQSCF-95", "person", {}, id="Art95-principal-only"),
        pytest.param("AQSCF-110", "unit", {}, id="Art110-persons-only"),
    ],
)
def test_not_income_based(entry, party, flags):
    assert not statutes.is_income_based(entry, party=party, **flags)


def test_income_fine_refuses_what_the_law_does_not_set():
    with pytest.raises(LookupError, match="第96条"):  # Art 96 first stage: 1万–3万, no share
        statutes.income_fine("AQSCF-96", party="manager", income=100000)
    with pytest.raises(LookupError, match="第110条第1款未对直接负责的主管人员"):
        statutes.income_fine("AQSCF-110", party="person", income=100000)


def test_art95_needs_the_grade_and_the_matching_item():
    with pytest.raises(ValueError, match="事故等级"):
        statutes.income_fine("AQSCF-95", party="principal", income=100000)
    with pytest.raises(ValueError, match=r"较大事故.*一般事故.*第95条第1款第1项"):
        statutes.income_fine(
            "AQSCF-95-2", party="principal", income=100000, accident_grade="一般事故"
        )
    with pytest.raises(ValueError, match="未知的事故等级"):
        statutes.graded_item("AQSCF-95", "小事故")
    assert statutes.graded_item("AQSCF-99-1", "一般事故").id == "AQSCF-99-1"  # not graded
    assert statutes.is_graded("AQSCF-114") and statutes.is_graded("AQSCF-95-3")
    assert not statutes.is_graded("AQSCF-110")


def test_stage_for_graded_articles():
    assert statutes.stage_for("AQSCF-95-1", accident=True) == "first"
    assert statutes.stage_for("AQSCF-96", accident=True) == "accident"
    assert statutes.stage_for("AQSCF-99-1", overdue=True) == "overdue"


def test_share_text():
    fine = statutes.income_fine("AQSCF-96", party="manager", income=1, accident=True)
    assert fine.share_text == "20%至50%"
    fine = statutes.income_fine(
        "AQSCF-95", party="principal", income=1, accident_grade="特别重大事故"
    )
    assert fine.share_text == "100%"


# The discretion engine applies its bands to the income range and says why.
@pytest.mark.parametrize(
    ("article", "kwargs", "level", "band", "amount", "first_reason"),
    [
        pytest.param(
            95,
            {"accident_grade": "较大事故"},
            "一般",
            ("74074.07", "74074.07"),
            "74074.07",
            "事故等级为较大事故，对主要负责人处上一年年收入60%的罚款",
            id="Art95-2-fixed-share",
        ),
        pytest.param(
            96,
            {"accident": True, "party": "manager"},
            "一般",
            ("35802.47", "50617.28"),
            "43200",
            "对其他负责人和安全生产管理人员处上一年年收入20%至50%的罚款",
            id="Art96-一般-band",
        ),
        pytest.param(
            110,
            {"circumstances": {discretion.FIRST_VIOLATION}},
            "从轻",
            ("74074.07", "98765.43"),
            "86400",
            "处上一年年收入60%至100%的罚款",
            id="Art110-从轻-band",
        ),
    ],
)
def test_recommend_on_income(article, kwargs, level, band, amount, first_reason):
    kwargs = {"party": "principal", **kwargs}
    r = discretion.recommend("安全生产法", article, income="123456.78", **kwargs)
    assert r.level == level
    assert (r.min, r.max) == (D(band[0]), D(band[1]))
    assert r.amount == D(amount)
    assert r.income_fine is not None and r.income_fine.income == D("123456.78")
    assert first_reason in r.reasons[0] and "当事人上一年年收入123456.78元" in r.reasons[0]
    assert r.statutory_min <= r.amount <= r.statutory_max


def test_recommend_on_income_needs_the_income():
    with pytest.raises(statutes.IncomeRequired, match="对主要负责人按上一年年收入的比例罚款"):
        discretion.recommend("安全生产法", 110, party="principal")
    assert issubclass(statutes.IncomeRequired, LookupError)  # callers without income: no range


def test_accident_is_not_counted_twice_on_art95():
    r = discretion.recommend(
        "安全生产法",
        95,
        party="principal",
        income=100000,
        accident_grade="一般事故",
        circumstances={discretion.CAUSED_ACCIDENT},
    )
    assert r.level == "一般"
    assert any("发生事故是安全生产法第95条第1款第1项处罚的前提" in x for x in r.reasons)
