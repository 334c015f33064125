"""Penalty catalogue of 安全生产法 (2021) Art 93–114, checked against the statute text.

EXPECTED is written from law-texts/安全生产法-2021.md independently of data/statutes.toml:
every (stage, party) the article fines, and nothing else.
"""

from decimal import Decimal

import pytest

from anzhi.law import statutes

W = 10_000  # 万元

# id → {(stage, party): (min, max)}; income shares separately below.
EXPECTED_FINES = {
    "AQSCF-93": {("accident", "investor"): (2 * W, 20 * W)},
    "AQSCF-94": {("first", "principal"): (2 * W, 5 * W), ("overdue", "principal"): (5 * W, 10 * W)},
    "AQSCF-95": {},
    "AQSCF-96": {("first", "manager"): (1 * W, 3 * W)},
    "AQSCF-97": {
        ("first", "unit"): (0, 10 * W),
        ("overdue", "unit"): (10 * W, 20 * W),
        ("overdue", "person"): (2 * W, 5 * W),
    },
    "AQSCF-98": {
        ("first", "unit"): (10 * W, 50 * W),
        ("first", "person"): (2 * W, 5 * W),
        ("overdue", "unit"): (50 * W, 100 * W),
        ("overdue", "person"): (5 * W, 10 * W),
    },
    "AQSCF-99": {
        ("first", "unit"): (0, 5 * W),
        ("overdue", "unit"): (5 * W, 20 * W),
        ("overdue", "person"): (1 * W, 2 * W),
    },
    "AQSCF-100": {},
    "AQSCF-101": {
        ("first", "unit"): (0, 10 * W),
        ("overdue", "unit"): (10 * W, 20 * W),
        ("overdue", "person"): (2 * W, 5 * W),
    },
    "AQSCF-102": {("first", "unit"): (0, 5 * W), ("overdue", "person"): (5 * W, 10 * W)},
    "AQSCF-103": {("first", "unit"): (10 * W, 20 * W), ("first", "person"): (1 * W, 2 * W)},
    "AQSCF-103-P2": {("first", "unit"): (0, 5 * W), ("first", "person"): (0, 1 * W)},
    "AQSCF-103-P3": {("first", "unit"): (0, 10 * W), ("first", "person"): (0, 2 * W)},
    "AQSCF-103-P3-S2": {("first", "unit"): (10 * W, 20 * W), ("first", "person"): (5 * W, 10 * W)},
    "AQSCF-104": {("first", "unit"): (0, 5 * W), ("first", "person"): (0, 1 * W)},
    "AQSCF-105": {("first", "unit"): (0, 5 * W), ("first", "person"): (0, 1 * W)},
    "AQSCF-106": {("first", "principal"): (2 * W, 10 * W), ("first", "investor"): (2 * W, 10 * W)},
    "AQSCF-107": {},
    "AQSCF-108": {("overdue", "unit"): (2 * W, 20 * W), ("overdue", "person"): (1 * W, 2 * W)},
    "AQSCF-109": {("first", "unit"): (5 * W, 10 * W), ("overdue", "unit"): (10 * W, 20 * W)},
    "AQSCF-110": {},
    "AQSCF-110-P2": {},
    "AQSCF-111": {},
    "AQSCF-112": {},
    "AQSCF-113": {},
    "AQSCF-114": {},
    "AQSCF-114-P2": {},
}
EXPECTED_INCOME_SHARES = {
    "AQSCF-95-1": {("first", "principal"): ("0.4", "0.4")},
    "AQSCF-95-2": {("first", "principal"): ("0.6", "0.6")},
    "AQSCF-95-3": {("first", "principal"): ("0.8", "0.8")},
    "AQSCF-95-4": {("first", "principal"): ("1.0", "1.0")},
    "AQSCF-96": {("accident", "manager"): ("0.2", "0.5")},
    "AQSCF-110": {("first", "principal"): ("0.6", "1.0")},
    "AQSCF-110-P2": {("first", "principal"): ("0.6", "1.0")},
}
ITEM_COUNTS = {
    "AQSCF-95": 4,
    "AQSCF-97": 7,
    "AQSCF-98": 4,
    "AQSCF-99": 8,
    "AQSCF-101": 5,
    "AQSCF-105": 2,
    "AQSCF-113": 4,
    "AQSCF-114": 4,
}


def _flatten(table):
    return {
        (stage, party): rng for stage, parties in table.items() for party, rng in parties.items()
    }


def test_catalogue_covers_articles_93_to_114_exactly():
    top = [e for e in statutes.entries("安全生产法") if e.parent is None]
    assert {e.id for e in top} == set(EXPECTED_FINES)
    assert {e.article for e in top} == set(range(93, 115))


@pytest.mark.parametrize("entry_id", sorted(EXPECTED_FINES), ids=lambda i: f"{i}-fines")
def test_every_fine_range_matches_statute(entry_id):
    expected = {k: (Decimal(a), Decimal(b)) for k, (a, b) in EXPECTED_FINES[entry_id].items()}
    assert _flatten(statutes.get(entry_id).fines) == expected


@pytest.mark.parametrize("entry_id", sorted(EXPECTED_INCOME_SHARES), ids=lambda i: f"{i}-income")
def test_income_shares_match_statute(entry_id):
    expected = {
        k: (Decimal(a), Decimal(b)) for k, (a, b) in EXPECTED_INCOME_SHARES[entry_id].items()
    }
    assert _flatten(statutes.get(entry_id).income_shares) == expected


@pytest.mark.parametrize("entry_id", sorted(ITEM_COUNTS), ids=lambda i: f"{i}-items")
def test_item_counts(entry_id):
    entry = statutes.get(entry_id)
    assert len(entry.children) == ITEM_COUNTS[entry_id]
    for n, child in enumerate(entry.children, start=1):
        assert child == f"{entry_id}-{n}"
        assert statutes.get(child).item == n


@pytest.mark.parametrize(
    ("article", "kwargs", "expected"),
    [
        pytest.param(99, {}, (0, 5 * W), id="Art99-unit-first-5wan-yixia"),
        pytest.param(99, {"overdue": True}, (5 * W, 20 * W), id="Art99-unit-overdue"),
        pytest.param(
            99, {"overdue": True, "party": "person"}, (1 * W, 2 * W), id="Art99-person-overdue"
        ),
        pytest.param(99, {"item": 4}, (0, 5 * W), id="Art99-item4-inherits"),
        pytest.param(97, {}, (0, 10 * W), id="Art97-unit-first"),
        pytest.param(97, {"overdue": True}, (10 * W, 20 * W), id="Art97-unit-overdue"),
        pytest.param(
            97, {"overdue": True, "party": "person"}, (2 * W, 5 * W), id="Art97-person-overdue"
        ),
        pytest.param(109, {}, (5 * W, 10 * W), id="Art109-first"),
        pytest.param(109, {"overdue": True}, (10 * W, 20 * W), id="Art109-overdue"),
        pytest.param(103, {}, (10 * W, 20 * W), id="Art103-P1-no-gains"),
        pytest.param(
            103, {"illegal_gains": 99_999}, (10 * W, 20 * W), id="Art103-P1-gains-under-10wan"
        ),
        pytest.param(
            103, {"illegal_gains": 10 * W}, (20 * W, 50 * W), id="Art103-P1-gains-10wan-2-5x"
        ),
        pytest.param(103, {"paragraph": 2}, (0, 5 * W), id="Art103-P2-unit"),
        pytest.param(103, {"paragraph": 2, "party": "person"}, (0, 1 * W), id="Art103-P2-person"),
        pytest.param(114, {"item": 1}, (30 * W, 100 * W), id="Art114-1-general"),
        pytest.param(
            93, {"accident": True, "party": "investor"}, (2 * W, 20 * W), id="Art93-P2-investor"
        ),
        pytest.param(108, {"overdue": True}, (2 * W, 20 * W), id="Art108-refused"),
        pytest.param(94, {"party": "principal"}, (2 * W, 5 * W), id="Art94-principal"),
    ],
)
def test_fine_range(article, kwargs, expected):
    assert statutes.fine_range("安全生产法", article, **kwargs) == (
        Decimal(expected[0]),
        Decimal(expected[1]),
    )


@pytest.mark.parametrize(
    "law", ["安全生产法", "中华人民共和国安全生产法", "AQSCF", "《安全生产法》"]
)
def test_law_aliases(law):
    assert statutes.fine_range(law, 99) == (Decimal(0), Decimal(5 * W))


@pytest.mark.parametrize(
    ("article", "kwargs", "must_mention"),
    [
        pytest.param(97, {"party": "person"}, "第97条", id="Art97-person-first-not-fined"),
        pytest.param(
            99, {"party": "person"}, "直接负责的主管人员", id="Art99-person-first-not-fined"
        ),
        pytest.param(101, {"party": "person"}, "第101条", id="Art101-person-first-not-fined"),
        pytest.param(102, {"overdue": True}, "第102条", id="Art102-unit-refusal-no-fine"),
        pytest.param(108, {}, "第108条", id="Art108-first-only-order"),
        pytest.param(109, {"party": "person"}, "第109条", id="Art109-no-person-fine"),
        pytest.param(95, {"party": "principal"}, "年收入", id="Art95-income-based"),
        pytest.param(114, {}, "item", id="Art114-needs-item"),
        pytest.param(100, {}, "第100条", id="Art100-other-laws"),
        pytest.param(92, {}, "第92条", id="Art92-not-catalogued"),
        pytest.param(99, {"paragraph": 2}, "第99条", id="Art99-no-paragraph-2"),
    ],
)
def test_fine_range_refuses(article, kwargs, must_mention):
    with pytest.raises(LookupError) as err:
        statutes.fine_range("安全生产法", article, **kwargs)
    assert must_mention in str(err.value)


def test_unknown_law_and_party():
    with pytest.raises(LookupError, match="消防法"):
        statutes.fine_range("消防法", 60)
    with pytest.raises(ValueError, match="boss"):
        statutes.fine_range("安全生产法", 99, party="boss")
    with pytest.raises(ValueError):
        statutes.fine_range("安全生产法", 99, overdue=True, accident=True)


@pytest.mark.parametrize(
    ("grade", "serious", "expected"),
    [
        pytest.param("一般事故", False, (30 * W, 100 * W), id="Art114-1"),
        pytest.param("较大事故", False, (100 * W, 200 * W), id="Art114-2"),
        pytest.param("重大事故", False, (200 * W, 1000 * W), id="Art114-3"),
        pytest.param("特别重大事故", False, (1000 * W, 2000 * W), id="Art114-4"),
        pytest.param("一般事故", True, (60 * W, 500 * W), id="Art114-P2-general-2-5x"),
        pytest.param(
            "特别重大事故", True, (2000 * W, 10000 * W), id="Art114-P2-extraordinary-2-5x"
        ),
    ],
)
def test_accident_fine_range(grade, serious, expected):
    assert statutes.accident_fine_range(grade, particularly_serious=serious) == (
        Decimal(expected[0]),
        Decimal(expected[1]),
    )


@pytest.mark.parametrize(
    ("grade", "share"),
    [
        pytest.param("一般事故", "0.4", id="Art95-1"),
        pytest.param("较大事故", "0.6", id="Art95-2"),
        pytest.param("重大事故", "0.8", id="Art95-3"),
        pytest.param("特别重大事故", "1.0", id="Art95-4"),
    ],
)
def test_principal_income_share(grade, share):
    assert statutes.principal_income_share(grade) == Decimal(share)


def test_unknown_grade():
    with pytest.raises(ValueError):
        statutes.accident_fine_range("小事故")
    with pytest.raises(ValueError):
        statutes.principal_income_share("小事故")


def test_income_share_range():
    assert statutes.income_share_range("安全生产法", 110) == (Decimal("0.6"), Decimal("1.0"))
    assert statutes.income_share_range("安全生产法", 96, party="manager", accident=True) == (
        Decimal("0.2"),
        Decimal("0.5"),
    )
    with pytest.raises(LookupError):
        statutes.income_share_range("安全生产法", 99)


def test_get_entries_search():
    e = statutes.get("AQSCF-99-4")
    assert e.parent == "AQSCF-99"
    assert e.citation == "安全生产法第99条第1款第4项"
    assert e.crime
    assert statutes.get("AQSCF-103-P3-S2").citation == "安全生产法第103条第3款第2句"
    assert [x.id for x in statutes.search("燃气 报警")] == ["AQSCF-99", "AQSCF-99-8"]
    assert "AQSCF-109" in [x.id for x in statutes.search("安责险")]
    assert "AQSCF-101-3" in [x.id for x in statutes.search(["动火"])]
    assert statutes.search("没有这个词") == []
    assert statutes.entry_id("安全生产法", 103, paragraph=2) == "AQSCF-103-P2"
    with pytest.raises(LookupError):
        statutes.get("AQSCF-999")
    for e in statutes.entries("安全生产法"):
        assert e.title and e.citation.startswith("安全生产法第")


def test_measures_escalate_to_suspension():
    assert "责令停产停业整顿" in statutes.get("AQSCF-97").measures["overdue"]
    assert "责令停产停业" in statutes.get("AQSCF-104").measures["overdue"]
    assert "责令限期改正" in statutes.get("AQSCF-99-1").measures["first"]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param(
            ["2026-01-05", "2026-03-01", "2026-07-04"], True, id="Art113(1)-3-within-180-days"
        ),
        pytest.param(
            ["2026-01-05", "2026-03-01", "2026-07-05"], False, id="Art113(1)-3-over-181-days"
        ),
        pytest.param(
            ["2025-03-01", "2025-06-01", "2025-12-01", "2026-03-01"],
            True,
            id="Art113(1)-4-within-one-year",
        ),
        pytest.param(
            ["2025-03-01", "2025-06-01", "2025-12-01", "2026-03-02"],
            False,
            id="Art113(1)-4-over-one-year",
        ),
        pytest.param([], False, id="none"),
    ],
)
def test_closure_by_repeat_penalties(dates, expected):
    import datetime as dt

    assert statutes.closure_by_repeat_penalties(dt.date.fromisoformat(d) for d in dates) is expected


def test_sentence_entries_reachable():
    """安全生产法第103条第3款第2句 (倒卖、出租资质: 10万–20万 for the unit) is its own entry;
    asking for paragraph 3 without the sentence gives the first sentence (0–10万)."""
    assert statutes.entry_id("安全生产法", 103, paragraph=3, sentence=2) == "AQSCF-103-P3-S2"
    assert statutes.entry_id("安全生产法", 103, paragraph=3, sentence=1) == "AQSCF-103-P3"
    assert statutes.find("安全生产法", 103, 3, sentence=2).id == "AQSCF-103-P3-S2"
    assert statutes.fine_range("安全生产法", 103, paragraph=3, sentence=2) == (
        Decimal(100_000), Decimal(200_000))
    assert statutes.fine_range("安全生产法", 103, paragraph=3) == (Decimal(0), Decimal(100_000))
