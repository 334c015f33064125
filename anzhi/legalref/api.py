"""API of the legal quick reference: /api/v1/law/…  (read-only; any staff role)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema
from pydantic import ConfigDict, create_model

from anzhi.core.errors import NotAllowed
from anzhi.law import crimes, discretion

from . import reference
from .services import may_read_reference

router = Router(tags=["法规速查"])


def _check(request) -> None:
    if not may_read_reference(request.user):
        raise NotAllowed("法规速查仅供执法和监管人员使用")


class EntryOut(Schema):
    id: str
    citation: str
    title: str
    article: int
    paragraph: int
    sentence: int | None
    item: int | None
    parent: str | None
    crime: bool
    superseded_by: str | None  # the current entry whose amounts apply instead
    current_citation: str | None


class RangeOut(Schema):
    stage: str
    stage_label: str
    party: str
    party_label: str
    min: Decimal
    max: Decimal


class MeasuresOut(Schema):
    stage: str
    stage_label: str
    measures: list[str]


class EntryDetailOut(EntryOut):
    law: str
    law_name: str
    keywords: list[str]
    note: str
    grade: str | None
    ranges: list[RangeOut]
    income_shares: list[RangeOut]
    measures: list[MeasuresOut]
    gains: dict | None
    multiple: list[Decimal] | None
    children: list[EntryOut]
    parent_entry: EntryOut | None
    current_entry: EntryOut | None
    supersedes: list[EntryOut]


class CircumstanceOut(Schema):
    name: str
    label: str


class RecommendationOut(Schema):
    entry_id: str
    citation: str
    title: str
    party: str
    party_label: str
    stage: str
    stage_label: str
    circumstances: list[CircumstanceOut]
    level: str
    min: Decimal
    max: Decimal
    amount: Decimal
    statutory_min: Decimal
    statutory_max: Decimal
    measures: list[str]
    reasons: list[str]


class DeadlineOut(Schema):
    period: str
    label: str
    group: str
    length: int | None = None
    unit: str | None = None
    length_text: str | None = None
    counts_workdays: bool | None = None
    direction: str | None = None
    roll: bool | None = None
    start_event: str | None = None
    article: str | None = None
    verify: bool | None = None
    start: dt.date | dt.datetime | None = None
    due: dt.date | dt.datetime | None = None
    error: str | None = None


class FineOut(Schema):
    min: Decimal
    max: Decimal
    article: str


class AccidentGradeOut(Schema):
    deaths: int
    serious_injuries: int
    direct_loss_yuan: Decimal
    grade: str
    article: str
    investigated_by: str
    investigation_article: str
    unit_fine: FineOut
    unit_fine_particularly_serious: FineOut
    principal_income_share: Decimal
    principal_income_share_article: str


class _StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid")


# The facts of anzhi.law.crimes.Facts: three counts and the boolean flags it publishes.
CrimeFactsIn = create_model(
    "CrimeFactsIn",
    __base__=_StrictSchema,
    deaths=(int, 0),
    serious_injuries=(int, 0),
    direct_loss_yuan=(Decimal, Decimal(0)),
    **{flag: (bool, False) for flag in crimes.FLAGS},
)


class CrimeOut(Schema):
    crime: str
    article: str
    elements: list[str]
    especially_serious: bool
    interpretation: str
    explanation: str


class CrimesOut(Schema):
    crimes: list[CrimeOut]
    referral: str


@router.get("/violations", response=list[EntryOut], summary="检索违法行为（罚则目录）")
def search_violations(request, q: str = ""):
    _check(request)
    return [reference.entry_summary(e) for e in reference.search(q)]


@router.get("/violations/{entry_id}", response=EntryDetailOut,
            summary="罚则条目：各处罚对象的罚款幅度、其他措施")
def violation_detail(request, entry_id: str):
    _check(request)
    return reference.entry_detail(reference.get_entry(entry_id))


class ChoiceOut(Schema):
    name: str
    label: str
    group: str


@router.get("/circumstances", response=list[ChoiceOut], summary="裁量情节（circumstances 的取值）")
def list_circumstances(request):
    _check(request)
    return [{"name": n, "label": discretion.CIRCUMSTANCES[n], "group": title}
            for title, names in reference.CIRCUMSTANCE_GROUPS for n in names]


@router.get("/periods", response=list[ChoiceOut], summary="法定期限（period 的取值）")
def list_periods(request):
    _check(request)
    return [{"name": name, "label": label, "group": group}
            for group, rows in reference.period_choices() for name, label in rows]


@router.get("/discretion", response=RecommendationOut,
            summary="裁量建议（violation 为条目编号、条号或条款引文；circumstances 用逗号分隔）")
def discretion_recommendation(request, violation: str = "", party: str = "unit",
                              overdue: bool = False, accident: bool = False,
                              circumstances: str = "", locality: str = "national"):
    _check(request)
    entry = reference.resolve_violation(violation)
    return reference.recommendation(
        entry, party=party, overdue=overdue, accident=accident,
        circumstances=reference.parse_circumstances(circumstances), locality=locality)


@router.get("/deadlines", response=list[DeadlineOut],
            summary="法定期限计算（不带 period 时列出全部期限）")
def deadline_calculator(request, start: str = "", period: str = ""):
    _check(request)
    begin = reference.parse_start(start)
    if period:
        return [reference.deadline(period, begin)]
    return reference.all_deadlines(begin)


@router.get("/accident-grade", response=AccidentGradeOut, summary="事故等级")
def accident_grade(request, deaths: str = "0", serious_injuries: str = "0",
                   direct_loss_yuan: str = "0"):
    _check(request)
    return reference.accident_grade(deaths, serious_injuries, direct_loss_yuan)


@router.post("/crimes", response=CrimesOut, summary="涉嫌犯罪研判（应移送司法机关的情形）")
def possible_crimes(request, payload: CrimeFactsIn):  # type: ignore[valid-type]
    _check(request)
    return reference.possible_crimes(payload.dict())
