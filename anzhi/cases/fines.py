"""The fine the law sets for one party on one violation of a case: a fixed range, or a share of
the person's income of the previous year (一案双罚: 安全生产法 Art 95, 96, 110), with the
discretion recommendation on it. Used by the decision (services._lines) and the decision page
(selectors.decision_context), so both compute the same range.

The rules are anzhi.law's (statutes.income_fine, discretion.recommend); this module only reads
the case: the party's recorded income and the grade of the case's linked accident (Art 95).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from anzhi.law import discretion, statutes

from .choices import PartyKind
from .models import CaseParty, PenaltyCase, Violation


@dataclass(frozen=True)
class PartyFine:
    """``low``/``high``/``rec`` are None while ``problems`` says what is missing."""

    low: Decimal | None
    high: Decimal | None
    rec: discretion.Recommendation | None
    by_income: bool = False
    # field → Chinese message naming it ("last_year_income", "accident", "entry_id")
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def income(self) -> statutes.IncomeFine | None:
        return self.rec.income_fine if self.rec else None


def recommend(violation: Violation, party_kind: str, *, income: Decimal | None = None,
              accident_grade: str | None = None) -> discretion.Recommendation:
    entry = statutes.get(violation.entry_id)
    return discretion.recommend(
        entry.law, entry.article, paragraph=entry.paragraph, item=entry.item,
        sentence=entry.sentence, party=party_kind, overdue=violation.overdue,
        accident=violation.accident, circumstances=violation.circumstances,
        income=income, accident_grade=accident_grade)


def accident_grade(case: PenaltyCase) -> str | None:
    return case.accident.grade if case.accident_id else None


def party_fine(case: PenaltyCase, violation: Violation, party: CaseParty) -> PartyFine:
    """The statutory range and the recommendation for ``party`` on ``violation``.

    Raises LookupError (the law's message) where the article fines no such party at that
    stage. An income-share fine whose income or accident grade is missing comes back with
    ``problems`` instead of a range.
    """
    entry = statutes.get(violation.entry_id)
    flags = {"overdue": violation.overdue, "accident": violation.accident}
    if not statutes.is_income_based(entry, party=party.kind, **flags):
        low, high = statutes.range_of(entry, party=party.kind, **flags)
        return PartyFine(low, high, recommend(violation, party.kind))
    who = f"{party.name}（{PartyKind(party.kind).label}）"
    problems = {}
    grade = accident_grade(case)
    if statutes.is_graded(entry) and grade is None:
        problems["accident"] = (
            f"关联事故：{entry.citation}按事故等级确定对{who}的罚款比例，本案未关联事故")
    if party.last_year_income is None:
        problems["last_year_income"] = (
            f"当事人上一年年收入：{who}的上一年年收入未登记；{entry.citation}按其上一年年收入的"
            "比例罚款，请先登记")
    if problems:
        return PartyFine(None, None, None, by_income=True, problems=problems)
    try:
        rec = recommend(violation, party.kind, income=party.last_year_income,
                        accident_grade=grade)
    except ValueError as exc:  # an Art 95 item of another grade than the accident's
        return PartyFine(None, None, None, by_income=True,
                         problems={"entry_id": f"违法行为：{str(exc).split(' (')[0]}"})
    return PartyFine(rec.statutory_min, rec.statutory_max, rec, by_income=True)
