"""Discretion engine (行政处罚法 Art 32–33; LEGAL.md §7 common banding; seed notice 002)."""

import re
from decimal import Decimal

import pytest

from anzhi.law import discretion as d

LAW = "安全生产法"
ARTICLE = re.compile(r"第\d+条")


@pytest.mark.parametrize(
    ("article", "kwargs", "circumstances", "level", "band", "amount"),
    [
        # Floor and ceiling — Art 98 unit, first instance: 10万–50万.
        pytest.param(98, {}, set(), "一般", (220_000, 380_000), 300_000, id="floor-ceiling-一般"),
        pytest.param(
            98,
            {},
            {d.FIRST_VIOLATION},
            "从轻",
            (100_000, 300_000),
            200_000,
            id="floor-ceiling-从轻-lower-half",
        ),
        pytest.param(
            98,
            {},
            {d.REPEAT_WITHIN_YEAR},
            "从重",
            (300_000, 500_000),
            400_000,
            id="floor-ceiling-从重-upper-half",
        ),
        pytest.param(
            98,
            {},
            {d.COERCED, d.MERITORIOUS},
            "减轻",
            (0, 100_000),
            50_000,
            id="floor-ceiling-减轻-below-floor-Art32",
        ),
        # Ceiling only — Art 99 unit, first instance: 5万以下.
        pytest.param(
            99, {}, set(), "一般", (15_000, 30_000), 22_500, id="ceiling-only-一般-30-60pct"
        ),
        pytest.param(
            99,
            {},
            {d.PROMPTLY_CORRECTED},
            "从轻",
            (0, 15_000),
            7_500,
            id="ceiling-only-从轻-under-30pct",
        ),
        pytest.param(
            99,
            {},
            {d.OBSTRUCTED_INSPECTION},
            "从重",
            (30_000, 50_000),
            40_000,
            id="ceiling-only-从重-over-60pct",
        ),
        pytest.param(
            99,
            {},
            {d.ELIMINATED_HARM, d.CONFESSED},
            "减轻",
            (0, 5_000),
            2_500,
            id="ceiling-only-减轻",
        ),
        # Overdue stage uses the escalated range: Art 99 overdue unit 5万–20万.
        pytest.param(
            99,
            {"overdue": True},
            set(),
            "一般",
            (95_000, 155_000),
            125_000,
            id="Art99-overdue-一般",
        ),
        pytest.param(
            99,
            {"overdue": True, "party": "person"},
            {d.SERIOUS_HARM},
            "从重",
            (15_000, 20_000),
            17_500,
            id="Art99-overdue-person-从重",
        ),
        # Weighing.
        pytest.param(
            99,
            {},
            {d.REPEAT_WITHIN_YEAR, d.PROMPTLY_CORRECTED, d.DESTROYED_EVIDENCE},
            "一般",
            (15_000, 30_000),
            22_500,
            id="discretionary-mitigation-and-aggravation-offset-一般",
        ),
        pytest.param(
            99,
            {},
            {d.COERCED, d.RETALIATED_REPORTER},
            "从轻",
            (0, 15_000),
            7_500,
            id="Art32-binding-despite-aggravation-从轻",
        ),
        pytest.param(99, {}, {d.COERCED}, "从轻", (0, 15_000), 7_500, id="Art32-single-从轻"),
        pytest.param(
            99,
            {},
            {d.COERCED, d.CONFESSED, d.SERIOUS_HARM},
            "从轻",
            (0, 15_000),
            7_500,
            id="Art32-two-with-aggravation-从轻-not-减轻",
        ),
        pytest.param(
            99,
            {},
            {d.VIOLATED_EMERGENCY_MEASURES},
            "从重",
            (30_000, 50_000),
            40_000,
            id="Art49-emergency-从重",
        ),
        pytest.param(
            99,
            {},
            {d.SHAM_SELF_INSPECTION},
            "从重",
            (30_000, 50_000),
            50_000,
            id="sham-self-inspection-顶格",
        ),
        pytest.param(
            99,
            {},
            {d.HIGH_RISK_UNIT},
            "一般",
            (15_000, 30_000),
            22_500,
            id="high-risk-alone-neutral",
        ),
    ],
)
def test_levels_and_bands(article, kwargs, circumstances, level, band, amount):
    r = d.recommend(LAW, article, circumstances=frozenset(circumstances), **kwargs)
    assert r.level == level
    assert (r.min, r.max) == (Decimal(band[0]), Decimal(band[1]))
    assert r.amount == Decimal(amount)
    assert r.min <= r.amount <= r.max
    assert r.reasons and all(ARTICLE.search(reason) for reason in r.reasons), r.reasons


@pytest.mark.parametrize(
    ("circumstances", "basis"),
    [
        pytest.param({d.NO_FAULT, d.SERIOUS_HARM}, "第33条第2款", id="Art33-P2-no-fault-must"),
        pytest.param(
            {d.MINOR_VIOLATION, d.PROMPTLY_CORRECTED, d.NO_HARM},
            "第33条第1款",
            id="Art33-P1-minor-corrected-no-harm-must",
        ),
        pytest.param(
            {d.MINOR_VIOLATION, d.PROMPTLY_CORRECTED, d.NO_HARM, d.REPEAT_WITHIN_YEAR},
            "第33条第1款",
            id="Art33-P1-must-even-if-repeat",
        ),
        pytest.param(
            {d.FIRST_VIOLATION, d.MINOR_HARM, d.PROMPTLY_CORRECTED},
            "首违不罚",
            id="Art33-P1-first-violation-may",
        ),
        pytest.param(
            {d.FIRST_VIOLATION, d.NO_HARM, d.PROMPTLY_CORRECTED},
            "首违不罚",
            id="Art33-P1-first-violation-no-harm",
        ),
        pytest.param(
            {d.SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION},
            "种子通知002",
            id="seed-notice-self-reported-major-hazard",
        ),
    ],
)
def test_no_penalty(circumstances, basis):
    r = d.recommend(LAW, 102, circumstances=circumstances)
    assert r.level == "不予处罚"
    assert (r.min, r.max, r.amount) == (0, 0, 0)
    assert any(basis in reason for reason in r.reasons)
    assert any("第33条第3款" in m for m in r.measures)  # education
    assert "责令立即消除或者限期消除事故隐患" in r.measures  # the order still stands


@pytest.mark.parametrize(
    ("circumstances", "level"),
    [
        pytest.param(
            {d.FIRST_VIOLATION, d.MINOR_HARM, d.PROMPTLY_CORRECTED, d.HIGH_RISK_UNIT},
            "从轻",
            id="首违不罚-excluded-for-high-risk-unit",
        ),
        pytest.param(
            {d.FIRST_VIOLATION, d.MINOR_HARM, d.PROMPTLY_CORRECTED, d.OBSTRUCTED_INSPECTION},
            "一般",
            id="首违不罚-excluded-by-aggravation",
        ),
        pytest.param(
            {d.SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION, d.SHAM_SELF_INSPECTION},
            "从重",
            id="self-report-void-when-sham",
        ),
        pytest.param(
            {d.SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION, d.CAUSED_ACCIDENT},
            "从重",
            id="self-report-void-after-accident",
        ),
    ],
)
def test_no_penalty_exclusions(circumstances, level):
    assert d.recommend(LAW, 99, circumstances=circumstances).level == level


def test_overdue_not_counted_twice():
    r = d.recommend(LAW, 99, overdue=True, circumstances={d.OVERDUE_RECTIFICATION})
    assert r.level == "一般"
    assert any("不再作为从重情节重复评价" in reason for reason in r.reasons)
    assert d.recommend(LAW, 99, circumstances={d.OVERDUE_RECTIFICATION}).level == "从重"


def test_measures_follow_stage():
    assert d.recommend(LAW, 97, overdue=True).measures == ("责令停产停业整顿",)
    assert d.recommend(LAW, 98).measures == ("责令停止建设或者停产停业整顿", "责令限期改正")


def test_accident_fine_by_item():
    r = d.recommend(LAW, 114, item=2)
    assert (r.statutory_min, r.statutory_max) == (1_000_000, 2_000_000)
    assert r.level == "一般" and r.amount == 1_500_000
    assert r.entry_id == "AQSCF-114-2"


def test_unknown_circumstance_names_it():
    with pytest.raises(ValueError, match="BRIBED_OFFICER"):
        d.recommend(LAW, 99, circumstances={"BRIBED_OFFICER"})


def test_contradictory_circumstances():
    with pytest.raises(ValueError, match="FIRST_VIOLATION"):
        d.recommend(LAW, 99, circumstances={d.FIRST_VIOLATION, d.REPEAT_WITHIN_YEAR})


def test_unfined_party_and_unknown_locality():
    with pytest.raises(LookupError, match="第97条"):
        d.recommend(LAW, 97, party="person")
    with pytest.raises(LookupError, match="火星省"):
        d.recommend(LAW, 99, locality="火星省")


def test_deterministic():
    c = {d.COERCED, d.PROMPTLY_CORRECTED, d.SERIOUS_HARM}
    assert d.recommend(LAW, 101, circumstances=c) == d.recommend(LAW, 101, circumstances=list(c))


def test_circumstances_published():
    for name, label in d.CIRCUMSTANCES.items():
        assert getattr(d, name) == name and label
    assert set(d.LEVELS) == {"不予处罚", "减轻", "从轻", "一般", "从重"}


def test_locality_bands_from_data_dir(law_data_dir):
    from anzhi.law import datafiles

    packaged = (datafiles.PACKAGE_DATA_DIR / "discretion.toml").read_text(encoding="utf-8")
    (law_data_dir / "discretion.toml").write_text(
        packaged
        + '\n[localities."测试省"]\nlabel = "测试省基准"\nfirst_violation_no_penalty = false\n'
        + '[localities."测试省".banding.ceiling_only]\n"一般" = ["0.4", "0.6"]\n'
        + '[[localities."测试省".band]]\nentry = "AQSCF-101"\nstage = "first"\nparty = "unit"\n'
        + '"从轻" = [0, 20000]\n"一般" = [20000, 60000]\n"从重" = [60000, 100000]\n',
        encoding="utf-8",
    )
    # Exact band for one violation; items inherit it.
    r = d.recommend(LAW, 101, item=3, locality="测试省")
    assert (r.min, r.max, r.amount) == (20_000, 60_000, 40_000)
    # Changed fraction; unchanged ones come from national.
    r = d.recommend(LAW, 99, locality="测试省")
    assert (r.min, r.max, r.amount) == (20_000, 30_000, 25_000)
    assert (
        d.recommend(LAW, 99, locality="测试省", circumstances={d.PROMPTLY_CORRECTED}).max == 15_000
    )
    # 首违不罚 switched off in this locality.
    first = {d.FIRST_VIOLATION, d.MINOR_HARM, d.PROMPTLY_CORRECTED}
    assert d.recommend(LAW, 99, locality="测试省", circumstances=first).level == "从轻"
    assert d.recommend(LAW, 99, circumstances=first).level == "不予处罚"


def test_recommend_for_a_sentence_entry():
    """The recommendation for 第103条第3款第2句 uses that sentence's range, not the first's."""
    rec = d.recommend("安全生产法", 103, paragraph=3, sentence=2)
    assert rec.entry_id == "AQSCF-103-P3-S2"
    assert (rec.statutory_min, rec.statutory_max) == (Decimal(100_000), Decimal(200_000))


def _rec(level="从轻", low=100_000, high=300_000):
    return d.Recommendation(level=level, min=Decimal(low), max=Decimal(high),
                            amount=Decimal((low + high) // 2), measures=(), reasons=())


# A fine follows the benchmark when it keeps the recommended level and that level's band;
# otherwise the decision must give written reasons (应急管理部令第12号; LEGAL.md §7).
@pytest.mark.parametrize(("level", "amount", "expected"), [
    pytest.param("从轻", 100_000, "", id="band-floor"),
    pytest.param("从轻", 300_000, "", id="band-ceiling"),
    pytest.param("从轻", 200_000, "", id="midpoint"),
    pytest.param("从轻", 500_000, d.DEPARTS_BAND, id="从轻-at-the-statutory-maximum"),
    pytest.param("从轻", 99_900, d.DEPARTS_BAND, id="below-the-band"),
    pytest.param("一般", 200_000, d.DEPARTS_LEVEL, id="another-level-same-amount"),
    pytest.param("从重", 400_000, d.DEPARTS_LEVEL, id="another-level"),
])
def test_departure_from_the_recommendation(level, amount, expected):
    assert d.departure(_rec(), level, Decimal(amount)) == expected
