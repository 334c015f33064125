"""生产安全事故报告和调查处理条例 (国务院令第493号) Art 35, 37, 38 in the penalty catalogue,
checked against law-texts/生产安全事故报告和调查处理条例.md and 安全生产法-2021.md
independently of data/statutes.toml:

  条例 Art 35: the principal who (1) does not organise the rescue at once, (2) reports late or
  omits to report, (3) leaves the post during the investigation: 上一年年收入40%至80%.
  条例 Art 37: the unit responsible for the accident, by grade: 一般 10万–20万, 较大 20万–50万,
  重大 50万–200万, 特别重大 200万–500万.
  条例 Art 38: the principal whose failure of duty led to the accident, by grade: 30%, 40%, 60%,
  80% of last year's income.

安全生产法 (2021), a 法律 above the 行政法规 and the later text, fines the same conduct more
heavily: Art 110 ¶1 (no rescue, leaving the post: 60%–100%) and ¶2 (late report: the same),
Art 114 (the unit: 30万–100万, 100万–200万, 200万–1000万, 1000万–2000万), Art 95 (40%, 60%,
80%, 100%). Those entries are superseded: they carry no amounts, no range is ever proposed
from them, discretion applies the current article and says so. Art 110 does not name 漏报, so
Art 35 item 2 keeps its own share for it.
"""

import shutil
from decimal import Decimal

import pytest

from anzhi.law import datafiles, discretion, statutes

W = 10_000
LAW = "生产安全事故报告和调查处理条例"
GRADES = ("一般事故", "较大事故", "重大事故", "特别重大事故")

# entry → the current entry that replaced its amounts
SUPERSEDED = {
    "SGTL-35-1": "AQSCF-110",
    "SGTL-35-3": "AQSCF-110",
    "SGTL-37": "AQSCF-114",
    **{f"SGTL-37-{n}": f"AQSCF-114-{n}" for n in range(1, 5)},
    "SGTL-38": "AQSCF-95",
    **{f"SGTL-38-{n}": f"AQSCF-95-{n}" for n in range(1, 5)},
}
NOT_SUPERSEDED = ["SGTL-35", "SGTL-35-2", "SGTL-36", *(f"SGTL-36-{n}" for n in range(1, 7))]

# item → (grade, the regulation's range in its words, the law's range in 元)
ART37 = [
    (1, "一般事故", "10万元以上20万元以下", (30 * W, 100 * W)),
    (2, "较大事故", "20万元以上50万元以下", (100 * W, 200 * W)),
    (3, "重大事故", "50万元以上200万元以下", (200 * W, 1000 * W)),
    (4, "特别重大事故", "200万元以上500万元以下", (1000 * W, 2000 * W)),
]
# item → (grade, the regulation's share, the law's share)
ART38 = [
    (1, "一般事故", "30%", "0.4"),
    (2, "较大事故", "40%", "0.6"),
    (3, "重大事故", "60%", "0.8"),
    (4, "特别重大事故", "80%", "1.0"),
]


def test_articles_35_to_38_are_catalogued_in_order():
    top = [e.id for e in statutes.entries(LAW) if e.parent is None]
    assert top == ["SGTL-35", "SGTL-36", "SGTL-37", "SGTL-38"]
    assert [statutes.get(c).item for c in statutes.get("SGTL-35").children] == [1, 2, 3]
    for art in ("SGTL-37", "SGTL-38"):
        assert [statutes.get(c).grade for c in statutes.get(art).children] == list(GRADES)
    assert [e.crime for e in map(statutes.get, ("SGTL-35", "SGTL-37", "SGTL-38"))] == [
        True, False, True]  # Art 37 has no 构成犯罪 clause


@pytest.mark.parametrize(("entry_id", "now"), sorted(SUPERSEDED.items()))
def test_superseded_entries_point_at_the_law_and_carry_no_amounts(entry_id, now):
    e = statutes.get(entry_id)
    assert e.superseded_by == now and statutes.current(e) == statutes.get(now)
    assert not e.fines and not e.income_shares
    assert "取代" in e.note and now.split("-")[1] in e.note  # names the article that applies
    for party in ("unit", "principal", "person"):
        assert not statutes.is_income_based(e, party=party)


@pytest.mark.parametrize("entry_id", NOT_SUPERSEDED)
def test_current_entries_are_their_own(entry_id):
    assert statutes.current(entry_id).id == entry_id


@pytest.mark.parametrize(("item", "grade", "old", "new"), ART37)
def test_art37_refers_to_art114(item, grade, old, new):
    e = statutes.get(f"SGTL-37-{item}")
    assert e.grade == grade == statutes.current(e).grade
    assert old in e.note  # the regulation's range, kept for the reader
    with pytest.raises(LookupError, match=f"已由安全生产法第114条第1款第{item}项取代"):
        statutes.fine_range(LAW, 37, item=item)
    rec = discretion.recommend(LAW, 37, item=item)
    assert (rec.statutory_min, rec.statutory_max) == (Decimal(new[0]), Decimal(new[1]))
    assert rec.entry_id == f"AQSCF-114-{item}"
    assert rec.reasons[0].startswith(f"依据安全生产法第114条第1款第{item}项")
    assert f"{LAW}第37条第1款第{item}项规定的罚款已由安全生产法第114条第1款第{item}项取代" in (
        rec.reasons[1])


@pytest.mark.parametrize(("item", "grade", "old", "new"), ART38)
def test_art38_refers_to_art95(item, grade, old, new):
    e = statutes.get(f"SGTL-38-{item}")
    assert e.grade == grade == statutes.current(e).grade
    assert f"上一年年收入{old}" in e.note
    with pytest.raises(LookupError, match=f"已由安全生产法第95条第1款第{item}项取代"):
        statutes.income_share_range(LAW, 38, item=item)
    # The article cited by grade, as an accident investigation report would.
    rec = discretion.recommend(LAW, 38, party="principal", income="100000",
                               accident_grade=grade)
    fine = Decimal(new) * 100_000
    assert (rec.statutory_min, rec.statutory_max) == (fine, fine)
    assert rec.entry_id == f"AQSCF-95-{item}" and "取代" in rec.reasons[1]


def test_art38_item_of_another_grade_is_refused():
    with pytest.raises(ValueError, match="较大事故"):
        discretion.recommend(LAW, 38, item=1, party="principal", income="100000",
                             accident_grade="较大事故")


@pytest.mark.parametrize(("item", "entry", "shares"), [
    pytest.param(1, "AQSCF-110", ("0.6", "1.0"), id="Art35-1-no-rescue→Art110"),
    pytest.param(2, "SGTL-35-2", ("0.4", "0.8"), id="Art35-2-omitted-report-stays"),
    pytest.param(3, "AQSCF-110", ("0.6", "1.0"), id="Art35-3-left-post→Art110"),
])
def test_art35_principal(item, entry, shares):
    rec = discretion.recommend(LAW, 35, item=item, party="principal", income="200000")
    assert rec.entry_id == entry
    low, high = (Decimal(s) * 200_000 for s in shares)
    assert (rec.statutory_min, rec.statutory_max) == (low, high)
    assert ("取代" in " ".join(rec.reasons)) == (entry != "SGTL-35-2")


def test_art35_item2_is_for_omitted_reports_and_sends_late_ones_to_art110():
    e = statutes.get("SGTL-35-2")
    assert e.title == "漏报事故"
    assert "迟报" in e.note and "第110条第2款" in e.note
    assert statutes.income_share_range(LAW, 35, item=2) == (Decimal("0.4"), Decimal("0.8"))
    assert "AQSCF-110-P2" in [x.id for x in statutes.search("迟报")]


@pytest.mark.parametrize("party", ["unit", "person", "manager", "investor"])
def test_art35_fines_the_principal_only(party):
    with pytest.raises(LookupError):
        statutes.income_share_range(LAW, 35, item=2, party=party)
    with pytest.raises(LookupError):
        statutes.fine_range(LAW, 35, item=2, party=party)


@pytest.mark.parametrize(("entry_id", "inject", "says"), [
    pytest.param("SGTL-37-1", "[entry.items.fines.first]\nunit = [100_000, 200_000]\n",
                 "不应再有罚款数额", id="amount-left-on-superseded"),
    pytest.param("SGTL-38-1", "", "superseded_by 应为现行条目", id="points-at-nothing"),
])
def test_catalogue_refuses_a_superseded_entry_that_could_be_proposed(law_data_dir, entry_id,
                                                                     inject, says):
    text = (datafiles.PACKAGE_DATA_DIR / "statutes.toml").read_text(encoding="utf-8")
    if inject:  # after the item's last key, so the table opened holds only the amount
        anchor = "（30万元以上100万元以下）取代。\"\n"
        assert anchor in text
        text = text.replace(anchor, anchor + inject, 1)
    else:
        text = text.replace('superseded_by = "AQSCF-95-1"', 'superseded_by = "AQSCF-95-9"')
    (law_data_dir / "statutes.toml").write_text(text, encoding="utf-8")
    datafiles.reload()
    with pytest.raises(ValueError, match=says):
        statutes.get(entry_id)
    shutil.copy(datafiles.PACKAGE_DATA_DIR / "statutes.toml", law_data_dir / "statutes.toml")
    datafiles.reload()
    assert statutes.get(entry_id).superseded_by
