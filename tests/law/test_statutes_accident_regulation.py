"""生产安全事故报告和调查处理条例 (国务院令第493号) Art 36 in the penalty catalogue, checked
against law-texts/生产安全事故报告和调查处理条例.md independently of data/statutes.toml:

  Art 36: where the unit or its people lie about or conceal the accident (1), fake or destroy
  the scene (2), move or hide money or property or destroy evidence (3), refuse the
  investigation or its information (4), give or procure false testimony (5), or flee (6):
  the unit 100万元以上500万元以下; the principal, the supervisors directly responsible and the
  other persons directly responsible 上一年年收入60%至100%.
"""

from decimal import Decimal

import pytest

from anzhi.law import discretion, statutes

W = 10_000
LAW = "生产安全事故报告和调查处理条例"
ITEMS = 6

# (stage, party) → range; every item inherits the paragraph's amounts.
EXPECTED_FINES = {("first", "unit"): (100 * W, 500 * W)}
EXPECTED_SHARES = {("first", "principal"): ("0.6", "1.0"), ("first", "person"): ("0.6", "1.0")}


def _flatten(table):
    return {(stage, party): rng for stage, parties in table.items()
            for party, rng in parties.items()}


@pytest.mark.parametrize("entry_id", ["SGTL-36", *(f"SGTL-36-{n}" for n in range(1, ITEMS + 1))])
def test_art36_amounts_match_the_text(entry_id):
    e = statutes.get(entry_id)
    assert e.law_name == LAW and e.article == 36 and e.crime
    assert _flatten(e.fines) == {k: (Decimal(a), Decimal(b)) for k, (a, b) in
                                 EXPECTED_FINES.items()}
    assert _flatten(e.income_shares) == {k: (Decimal(a), Decimal(b)) for k, (a, b) in
                                         EXPECTED_SHARES.items()}


def test_art36_has_its_six_items_in_order():
    e = statutes.get("SGTL-36")
    assert e.children == tuple(f"SGTL-36-{n}" for n in range(1, ITEMS + 1))
    assert [statutes.get(c).item for c in e.children] == list(range(1, ITEMS + 1))
    assert statutes.get("SGTL-36-6").citation == f"{LAW}第36条第1款第6项"


@pytest.mark.parametrize("law", [LAW, f"《{LAW}》", "事故条例", "国务院令第493号", "SGTL"])
def test_law_aliases(law):
    assert statutes.fine_range(law, 36, item=1) == (Decimal(100 * W), Decimal(500 * W))


@pytest.mark.parametrize(("party", "income", "expected"), [
    pytest.param("principal", "100000", ("60000.00", "100000.00"), id="Art36-principal-60-100%"),
    pytest.param("person", "123456.78", ("74074.07", "123456.78"), id="Art36-person-half-up"),
    pytest.param("person", "0", ("0.00", "0.00"), id="Art36-no-income"),
])
def test_art36_persons_are_fined_a_share_of_their_income(party, income, expected):
    assert statutes.is_income_based("SGTL-36-1", party=party)
    fine = statutes.income_fine("SGTL-36-1", party=party, income=income)
    assert (fine.min, fine.max) == (Decimal(expected[0]), Decimal(expected[1]))
    assert fine.share_text == "60%至100%"


@pytest.mark.parametrize(("party", "kwargs", "must_mention"), [
    pytest.param("manager", {}, "第36条", id="Art36-no-manager-fine"),
    pytest.param("investor", {}, "第36条", id="Art36-no-investor-fine"),
    pytest.param("unit", {"overdue": True}, "逾期", id="Art36-no-overdue-stage"),
])
def test_art36_fines_nobody_else(party, kwargs, must_mention):
    with pytest.raises(LookupError) as err:
        statutes.fine_range(LAW, 36, party=party, **kwargs)
    assert must_mention in str(err.value)
    assert not statutes.is_income_based("SGTL-36", party=party, **kwargs)


def test_unit_fine_is_fixed_not_a_share():
    assert not statutes.is_income_based("SGTL-36", party="unit")
    with pytest.raises(LookupError):
        statutes.income_share_range(LAW, 36, party="unit")


def test_discretion_works_on_the_regulation():
    rec = discretion.recommend(LAW, 36, item=1)
    assert (rec.statutory_min, rec.statutory_max) == (Decimal(100 * W), Decimal(500 * W))
    assert rec.level == "一般" and rec.amount == Decimal(300 * W)
    assert f"依据{LAW}第36条第1款第1项" in rec.reasons[0]
    person = discretion.recommend(LAW, 36, item=6, party="person", income="200000")
    assert (person.statutory_min, person.statutory_max) == (Decimal(120_000), Decimal(200_000))


def test_search_finds_it_next_to_the_law():
    found = [e.id for e in statutes.search("瞒报")]
    assert "SGTL-36-1" in found and "AQSCF-110-P2" in found
    assert [e.id for e in statutes.search("逃匿") if e.law == "SGTL"] == ["SGTL-36",
                                                                          "SGTL-36-6"]
    assert {e.law for e in statutes.entries(LAW)} == {"SGTL"}
    assert statutes.entries()[0].law_name == "安全生产法"  # the default law stays first
