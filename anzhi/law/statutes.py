"""Penalty catalogue of 安全生产法 (2021) Art 93–114 and 事故条例 Art 35–38, read from
``data/statutes.toml``.

Every entry names its article, paragraph and item; the ranges were checked against
``law-texts/``. Ids are stable ("AQSCF-99", "AQSCF-99-4", "AQSCF-103-P2"), so checklists,
findings and cases can point at an entry. An entry whose amounts the current law replaced
(``superseded_by``) has none: ``current`` gives the entry that applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from anzhi.law import datafiles
from anzhi.law.deadlines import add_months

Range = tuple[Decimal, Decimal]
STAGES = ("first", "overdue", "accident")
# Amounts computed from a share of an income are kept to the fen (0.01 元), half up, like every
# amount this package computes (discretion bands, late-payment surcharges): the law states the
# share, not a rounding, so this is a choice (README, "Choices made where the law leaves room").
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Entry:
    id: str
    law: str  # law code, e.g. "AQSCF"
    law_name: str  # e.g. "安全生产法"
    article: int
    paragraph: int
    title: str
    sentence: int | None = None
    item: int | None = None
    keywords: tuple[str, ...] = ()
    fines: Mapping[str, Mapping[str, Range]] = field(default_factory=dict)
    income_shares: Mapping[str, Mapping[str, Range]] = field(default_factory=dict)
    measures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    gains_threshold: Decimal | None = None
    gains_multiple: Range | None = None
    multiple: Range | None = None  # Art 114 ¶2: applied to the ranges of ¶1
    grade: str | None = None  # accident grade of an Art 95 / 114 item
    crime: bool = False  # the article refers on to 刑法 (构成犯罪的，依法追究刑事责任)
    # The entry of the current law whose amounts replaced this one's (条例 Art 37 → 安全生产法
    # Art 114); a superseded entry has no amounts of its own (statutes.toml).
    superseded_by: str | None = None
    note: str = ""
    parent: str | None = None
    children: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """E.g. "安全生产法第99条第1款第4项"."""
        text = f"{self.law_name}第{self.article}条第{self.paragraph}款"
        if self.sentence:
            text += f"第{self.sentence}句"
        if self.item:
            text += f"第{self.item}项"
        return text


def _ranges(raw: Mapping[str, Mapping[str, list[Any]]] | None) -> dict[str, dict[str, Range]]:
    out: dict[str, dict[str, Range]] = {}
    for stage, parties in (raw or {}).items():
        if stage not in STAGES:
            raise ValueError(f"罚则数据错误：未知阶段 (unknown stage {stage!r})")
        out[stage] = {}
        for party, (low, high) in parties.items():
            pair = (Decimal(str(low)), Decimal(str(high)))
            if not 0 <= pair[0] <= pair[1]:
                raise ValueError(f"罚则数据错误：幅度 {pair} 无效 (bad range)")
            out[stage][party] = pair
    return out


def _pair(raw: list[Any] | None) -> Range | None:
    return None if raw is None else (Decimal(str(raw[0])), Decimal(str(raw[1])))


def _entry(row: Mapping[str, Any], law: str, law_name: str, **extra: Any) -> Entry:
    gains = row.get("gains", {})
    fields: dict[str, Any] = {
        "id": row["id"],
        "law": law,
        "law_name": law_name,
        "article": row["article"],
        "paragraph": row.get("paragraph", 1),
        "title": row["title"],
        "sentence": row.get("sentence"),
        "keywords": tuple(row.get("keywords", ())),
        "fines": _ranges(row.get("fines")),
        "income_shares": _ranges(row.get("income_share")),
        "measures": {k: tuple(v) for k, v in row.get("measures", {}).items()},
        "gains_threshold": Decimal(str(gains["threshold"])) if gains else None,
        "gains_multiple": _pair(gains.get("multiple")),
        "multiple": _pair(row.get("multiple")),
        "grade": row.get("grade"),
        "crime": bool(row.get("crime", False)),
        "superseded_by": row.get("superseded_by"),
        "note": row.get("note", ""),
    }
    fields.update(extra)
    return Entry(**fields)


@datafiles.cached
def _catalogue() -> dict[str, Entry]:
    data = datafiles.load("statutes.toml")
    laws = data["laws"]
    default_law = next(iter(laws))  # an entry names its law only when there are several
    out: dict[str, Entry] = {}
    for row in data["entry"]:
        code = row.get("law", default_law)
        law = laws[code]
        child_ids = tuple(f"{row['id']}-{it['item']}" for it in row.get("items", ()))
        parent = _entry(row, code, law["name"], children=child_ids)
        out[parent.id] = parent
        for it, child_id in zip(row.get("items", ()), child_ids, strict=True):
            # An item shares its paragraph's fines and measures unless it carries its own.
            out[child_id] = _entry(
                {**row, **it, "id": child_id},
                code,
                law["name"],
                item=it["item"],
                parent=parent.id,
                keywords=tuple(it.get("keywords", ())) or parent.keywords,
            )
    _check_superseded(out)
    return out


def _check_superseded(catalogue: Mapping[str, Entry]) -> None:
    """A superseded entry points at a current entry and carries no amounts: an amount left on
    it could be proposed instead of the current law's."""
    for e in catalogue.values():
        if e.superseded_by is None:
            continue
        now = catalogue.get(e.superseded_by)
        if now is None or now.superseded_by is not None:
            raise ValueError(f"罚则数据错误：{e.id} 的 superseded_by 应为现行条目"
                             f" (bad superseded_by {e.superseded_by!r})")
        if e.fines or e.income_shares or e.gains_threshold is not None or e.multiple:
            raise ValueError(f"罚则数据错误：{e.id} 已被取代，不应再有罚款数额"
                             f" (superseded entry {e.id} carries amounts)")


@datafiles.cached
def _law_codes() -> dict[str, tuple[str, str]]:
    laws = datafiles.load("statutes.toml")["laws"]
    codes = {}
    for code, law in laws.items():
        for alias in (code, law["name"], law["full_name"], *law.get("aliases", ())):
            codes[alias] = (code, law["name"])
    return codes


def parties() -> dict[str, str]:
    """Party keys and their Chinese labels (unit, person, principal, investor, manager)."""
    return dict(datafiles.load("statutes.toml")["parties"])


def law_code(law: str) -> str:
    """ "AQSCF" for "安全生产法", "中华人民共和国安全生产法", "AQSCF" …; LookupError otherwise."""
    try:
        return _law_codes()[law.strip()][0]
    except KeyError:
        raise LookupError(f"法规目录中没有《{law}》 (law not catalogued)") from None


def entries(law: str | None = None) -> list[Entry]:
    """All entries in article order, each paragraph followed by its items."""
    code = law_code(law) if law else None
    return [e for e in _catalogue().values() if code is None or e.law == code]


def get(entry_id: str) -> Entry:
    """The entry with this id; LookupError if there is none."""
    try:
        return _catalogue()[entry_id]
    except KeyError:
        raise LookupError(f"罚则目录中没有条目 {entry_id!r} (unknown entry)") from None


def current(entry: Entry | str) -> Entry:
    """The entry whose amounts apply now to the conduct of ``entry``: the entry itself, or
    the entry of the current law that superseded it (条例 Art 37 → 安全生产法 Art 114)."""
    e = get(entry) if isinstance(entry, str) else entry
    return get(e.superseded_by) if e.superseded_by else e


def search(words: str | Iterable[str]) -> list[Entry]:
    """Entries whose id, citation, title, keywords or note contain every word."""
    terms = words.split() if isinstance(words, str) else [w for w in words if w.strip()]
    terms = [t.strip().lower() for t in terms]
    found = []
    for e in _catalogue().values():
        hay = " ".join((e.id, e.citation, e.title, e.note, *e.keywords)).lower()
        if all(t in hay for t in terms):
            found.append(e)
    return found


def entry_id(
    law: str,
    article: int,
    *,
    paragraph: int = 1,
    item: int | None = None,
    sentence: int | None = None,
) -> str:
    """The id of an article/paragraph/item, e.g. ("安全生产法", 99, item=4) → "AQSCF-99-4";
    a later sentence of a paragraph: ("安全生产法", 103, paragraph=3, sentence=2) →
    "AQSCF-103-P3-S2".
    """
    eid = f"{law_code(law)}-{article}"
    if paragraph != 1:
        eid += f"-P{paragraph}"
    if sentence is not None and sentence != 1:
        eid += f"-S{sentence}"
    if item is not None:
        eid += f"-{item}"
    return eid


def stage_of(overdue: bool, accident: bool) -> str:
    """The stage name ("first", "overdue" or "accident") from the two flags; not both."""
    if overdue and accident:
        raise ValueError("overdue 与 accident 不能同时为真 (choose one stage)")
    return "accident" if accident else "overdue" if overdue else "first"


def find(
    law: str,
    article: int,
    paragraph: int = 1,
    item: int | None = None,
    sentence: int | None = None,
) -> Entry:
    """The entry for an article (paragraph, sentence, item); LookupError naming it if not
    catalogued."""
    eid = entry_id(law, article, paragraph=paragraph, item=item, sentence=sentence)
    try:
        return get(eid)
    except LookupError:
        where = (
            f"第{article}条第{paragraph}款"
            + (f"第{sentence}句" if sentence and sentence != 1 else "")
            + (f"第{item}项" if item else "")
        )
        raise LookupError(f"《{law}》{where}不在罚则目录中 (no catalogue entry {eid})") from None


def _party_label(party: str) -> str:
    labels = parties()
    if party not in labels:
        raise ValueError(f"未知的处罚对象 (unknown party {party!r}; one of {sorted(labels)})")
    return labels[party]


def _refuse(e: Entry, stage: str, party: str, kind: str) -> LookupError:
    if e.superseded_by:
        now = current(e)
        return LookupError(f"{e.citation}规定的罚款已由{now.citation}取代，应适用{now.citation}"
                           f" ({e.id} is superseded by {now.id})")
    label = datafiles.load("statutes.toml")["stages"][stage]
    msg = f"{e.citation}未对{_party_label(party)}设定{kind}（{label}）"
    if kind == "罚款" and not e.fines and any(get(c).fines for c in e.children):
        msg += "；罚款按项确定，请指定 item"
    elif (
        kind == "罚款"
        and not e.fines
        and (e.income_shares or any(get(c).income_shares for c in e.children))
    ):
        msg += "；该条按上一年年收入的比例罚款，见 income_share_range"
    elif e.note:
        msg += f"；{e.note}"
    return LookupError(f"{msg} (Art {e.article} sets no {stage} fine for party {party!r})")


def range_of(
    entry: Entry | str,
    *,
    party: str = "unit",
    overdue: bool = False,
    accident: bool = False,
    illegal_gains: Decimal | int | None = None,
) -> Range:
    """The fine range of a catalogue entry (or entry id) for a party at a stage.

    With ``illegal_gains`` at or above the entry's threshold (Art 103: 10万), the unit's range
    is 2–5 × the gains instead of the fixed amounts.
    """
    e = get(entry) if isinstance(entry, str) else entry
    stage = stage_of(overdue, accident)
    _party_label(party)
    rng = e.fines.get(stage, {}).get(party)
    if rng is None:
        raise _refuse(e, stage, party, "罚款")
    if party == "unit" and illegal_gains is not None and e.gains_threshold is not None:
        gains = Decimal(str(illegal_gains))
        if gains >= e.gains_threshold and e.gains_multiple:
            return (gains * e.gains_multiple[0], gains * e.gains_multiple[1])
    return rng


def fine_range(
    law: str,
    article: int,
    *,
    party: str = "unit",
    overdue: bool = False,
    accident: bool = False,
    paragraph: int = 1,
    item: int | None = None,
    illegal_gains: Decimal | int | None = None,
    sentence: int | None = None,
) -> Range:
    """(min, max) fine in 元 that ``article`` sets for ``party``; "X 以下" is (0, X).

    ``overdue``: after an order to correct was ignored (逾期未改正/拒不改正/拒不执行).
    ``accident``: the violation led to an accident (Art 93 ¶2, 96).
    Raises LookupError, naming the article and party, where the law sets no such fine.
    """
    e = find(law, article, paragraph, item, sentence)
    return range_of(e, party=party, overdue=overdue, accident=accident, illegal_gains=illegal_gains)


def income_share_range(
    law: str,
    article: int,
    *,
    party: str = "principal",
    overdue: bool = False,
    accident: bool = False,
    paragraph: int = 1,
    item: int | None = None,
    sentence: int | None = None,
) -> Range:
    """(min, max) share of the previous year's income (Art 95, 96, 110), e.g. (0.6, 1.0)."""
    e = find(law, article, paragraph, item, sentence)
    return income_shares_of(e, party=party, overdue=overdue, accident=accident)


def _grade_item(article_id: str, grade: str) -> Entry:
    for child in get(article_id).children:
        if get(child).grade == grade:
            return get(child)
    raise ValueError(f"未知的事故等级 (unknown accident grade): {grade!r}")


def accident_fine_range(grade: str, *, particularly_serious: bool = False) -> Range:
    """The unit's fine for an accident it is responsible for (安全生产法 Art 114 ¶1); when the
    circumstances are particularly serious (¶2), 2–5 × those amounts: (min × 2, max × 5).
    """
    low, high = range_of(_grade_item("AQSCF-114", grade))
    if particularly_serious:
        factor = get("AQSCF-114-P2").multiple
        assert factor is not None, "AQSCF-114-P2 needs `multiple` in statutes.toml"
        return (low * factor[0], high * factor[1])
    return (low, high)


def is_graded(entry: Entry | str) -> bool:
    """True for an article whose amount depends on the accident's grade (Art 95, 114) and for
    each of its items."""
    e = get(entry) if isinstance(entry, str) else entry
    return bool(e.grade) or any(get(c).grade for c in e.children)


def graded_item(entry: Entry | str, grade: str) -> Entry:
    """The item of a graded article (Art 95, 114) for an accident of ``grade`` (条例 Art 3:
    一般事故 … 特别重大事故). An item given is checked against the grade: ValueError naming both
    when they differ. An entry that is not graded is returned as it is.
    """
    e = get(entry) if isinstance(entry, str) else entry
    if not is_graded(e):
        return e
    parent = get(e.parent) if e.grade and e.parent else e
    item = _grade_item(parent.id, grade)
    if e.grade and e.id != item.id:
        raise ValueError(
            f"{e.citation}适用于{e.grade}，与事故等级（{grade}）不符，应适用{item.citation}"
            f" (item {e.id} is for {e.grade}, the accident is {grade}: {item.id})"
        )
    return item


def stage_for(entry: Entry | str, *, overdue: bool = False, accident: bool = False) -> str:
    """The stage of a violation of ``entry``: ``stage_of``, except that an article graded by
    accident (Art 95, 114) punishes the accident itself, so its amounts stay under ``first``
    (statutes.toml) whether or not the violation is marked as having led to an accident.
    """
    stage = stage_of(overdue, accident)
    return "first" if stage == "accident" and is_graded(entry) else stage


def income_shares_of(
    entry: Entry | str, *, party: str = "principal", overdue: bool = False, accident: bool = False
) -> Range:
    """(min, max) share of last year's income that ``entry`` fines ``party`` at the stage
    (Art 95, 96, 110); LookupError naming the article and party where it sets none."""
    e = get(entry) if isinstance(entry, str) else entry
    stage = stage_for(e, overdue=overdue, accident=accident)
    _party_label(party)
    rng = e.income_shares.get(stage, {}).get(party)
    if rng is None:
        raise _refuse(e, stage, party, "按年收入比例的罚款")
    return rng


def is_income_based(
    entry: Entry | str, *, party: str, overdue: bool = False, accident: bool = False
) -> bool:
    """True where ``entry`` fines ``party`` a share of last year's income at the stage and sets
    no fixed amount for it (for a graded article: where its items do)."""
    e = get(entry) if isinstance(entry, str) else entry
    stage = stage_for(e, overdue=overdue, accident=accident)
    if e.fines.get(stage, {}).get(party):
        return False
    graded_items = [get(c) for c in e.children if get(c).grade]
    return any(x.income_shares.get(stage, {}).get(party) for x in (e, *graded_items))


def income_fine_range(shares: Range, income: Decimal | int | str) -> Range:
    """(min, max) fine in 元 for a share range of last year's income (安全生产法 Art 95, 96,
    110: "处上一年年收入百分之…的罚款"): share × income, to the fen, half up.
    ValueError for an income that is not a finite amount of at least 0.
    """
    try:
        amount = Decimal(str(income))
    except (InvalidOperation, ValueError):
        raise ValueError(f"上一年年收入应为金额 (income must be an amount): {income!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"上一年年收入应为不小于0的金额 (income must be ≥ 0): {income!r}")
    low, high = shares
    return (
        (low * amount).quantize(CENT, ROUND_HALF_UP),
        (high * amount).quantize(CENT, ROUND_HALF_UP),
    )


class IncomeRequired(LookupError):
    """The fine is a share of the party's last year's income, which was not given: there is
    no range to look up without it."""


@dataclass(frozen=True)
class IncomeFine:
    """A fine set as a share of the party's income of the previous year, computed."""

    entry: Entry  # the entry applied (Art 95: the item of the accident's grade)
    party: str
    share_min: Decimal
    share_max: Decimal
    income: Decimal
    min: Decimal
    max: Decimal

    @property
    def share_text(self) -> str:
        """E.g. "40%" or "20%至50%"."""
        low, high = (_percent(s) for s in (self.share_min, self.share_max))
        return low if low == high else f"{low}至{high}"


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def income_fine(
    entry: Entry | str,
    *,
    party: str,
    income: Decimal | int | str,
    overdue: bool = False,
    accident: bool = False,
    accident_grade: str | None = None,
) -> IncomeFine:
    """The fine of ``entry`` on ``party`` whose previous year's income was ``income``: for a
    graded article (Art 95) the item of ``accident_grade``. LookupError where the entry sets no
    income share for the party at that stage; ValueError for a bad income, a graded article
    without a grade or an item of another grade.
    """
    e = get(entry) if isinstance(entry, str) else entry
    if is_graded(e):
        if not accident_grade:
            raise ValueError(f"{e.citation}按事故等级处罚，须有事故等级 (accident grade required)")
        e = graded_item(e, accident_grade)
    shares = income_shares_of(e, party=party, overdue=overdue, accident=accident)
    low, high = income_fine_range(shares, income)
    return IncomeFine(
        entry=e,
        party=party,
        share_min=shares[0],
        share_max=shares[1],
        income=Decimal(str(income)),
        min=low,
        max=high,
    )


def principal_income_share(grade: str) -> Decimal:
    """Share of last year's income fined on a principal whose failure caused an accident
    (安全生产法 Art 95): 一般 0.4, 较大 0.6, 重大 0.8, 特别重大 1.0.
    """
    return _grade_item("AQSCF-95", grade).income_shares["first"]["principal"][0]


def closure_by_repeat_penalties(penalty_dates: Iterable[dt.date]) -> bool:
    """True if penalties under this law, for a unit with a major hazard, reach the closure
    counts of Art 113(1): 3 within 180 days, or 4 within one year (windows from data).
    """
    dates = sorted(penalty_dates)
    windows = datafiles.load("statutes.toml")["entry"]
    rule = next(r for r in windows if r["id"] == "AQSCF-113")["repeat_closure"]["windows"]
    for w in rule:
        n = w["count"]
        for i in range(len(dates) - n + 1):
            first, last = dates[i], dates[i + n - 1]
            end = (
                first + dt.timedelta(days=w["days"])
                if "days" in w
                else add_months(first, w["months"])
            )
            if last <= end:
                return True
    return False
