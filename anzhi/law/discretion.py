"""Discretion (行政处罚裁量): from a statutory range and the circumstances of a case to a
graded, reasoned, deterministic recommendation.

Order of decision (each step cites its basis; the first that applies wins):

1. 不予处罚 — no fault proven (行政处罚法 Art 33 ¶2, must); minor violation promptly corrected
   without harm (Art 33 ¶1, must); a self-reported major hazard under effective rectification
   (seed notice 002), unless the self-inspection was a sham or an accident happened; first
   violation with minor harm promptly corrected (Art 33 ¶1, may: 首违不罚) where the locality
   applies it, no aggravating circumstance is present, and the unit is not high-risk.
2. 从重 at the maximum (顶格) — sham self-inspection (seed notice 002).
3. Otherwise, mitigating and aggravating circumstances are weighed by this rule:
   - a statutory mitigation of Art 32 is binding ("应当"), so it is never outweighed:
     two or more of them and nothing aggravating → 减轻; otherwise → 从轻;
   - discretionary mitigation (first violation, prompt correction, minor or no harm) and
     aggravation together offset each other → 一般;
   - aggravation alone → 从重; discretionary mitigation alone → 从轻; neither → 一般.
   A circumstance that the stage already punishes is not counted twice: OVERDUE_RECTIFICATION
   at the overdue stage, CAUSED_ACCIDENT at the accident stage.

Bands are fractions of the statutory range, or exact amounts for one violation, per locality
(``data/discretion.toml``). The amount is the band midpoint rounded to 100 元 (顶格: the maximum).

An article whose amounts the current law replaced (条例 Art 37 → 安全生产法 Art 114, Art 38 →
Art 95, Art 35 (1)(3) → Art 110; ``statutes.current``) is recommended on the current article,
and the reasons say so.

Where the law fines a person a share of last year's income (安全生产法 Art 95, 96, 110), the
statutory range is that share of the income given (``statutes.income_fine``; Art 95 by the
accident's grade), and the same bands apply to it. Art 95 and 114 punish the accident itself,
so CAUSED_ACCIDENT is not counted again there either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from anzhi.law import datafiles, statutes

NO_PENALTY = "不予处罚"
REDUCED = "减轻"
LIGHTER = "从轻"
NORMAL = "一般"
HEAVIER = "从重"
LEVELS = (NO_PENALTY, REDUCED, LIGHTER, NORMAL, HEAVIER)

# --- circumstances (published names; other code stores them) ------------------------------
FIRST_VIOLATION = "FIRST_VIOLATION"
PROMPTLY_CORRECTED = "PROMPTLY_CORRECTED"
MINOR_VIOLATION = "MINOR_VIOLATION"
MINOR_HARM = "MINOR_HARM"
NO_HARM = "NO_HARM"
ELIMINATED_HARM = "ELIMINATED_HARM"
COERCED = "COERCED"
CONFESSED = "CONFESSED"
MERITORIOUS = "MERITORIOUS"
NO_FAULT = "NO_FAULT"
SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION = "SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION"
OVERDUE_RECTIFICATION = "OVERDUE_RECTIFICATION"
REPEAT_WITHIN_YEAR = "REPEAT_WITHIN_YEAR"
OBSTRUCTED_INSPECTION = "OBSTRUCTED_INSPECTION"
DESTROYED_EVIDENCE = "DESTROYED_EVIDENCE"
RETALIATED_REPORTER = "RETALIATED_REPORTER"
CAUSED_ACCIDENT = "CAUSED_ACCIDENT"
SERIOUS_HARM = "SERIOUS_HARM"
VIOLATED_EMERGENCY_MEASURES = "VIOLATED_EMERGENCY_MEASURES"
SHAM_SELF_INSPECTION = "SHAM_SELF_INSPECTION"
HIGH_RISK_UNIT = "HIGH_RISK_UNIT"

CIRCUMSTANCES: dict[str, str] = {
    FIRST_VIOLATION: "初次违法",
    PROMPTLY_CORRECTED: "及时改正",
    MINOR_VIOLATION: "违法行为轻微",
    MINOR_HARM: "危害后果轻微",
    NO_HARM: "没有造成危害后果",
    ELIMINATED_HARM: "主动消除或者减轻违法行为危害后果",
    COERCED: "受他人胁迫或者诱骗实施违法行为",
    CONFESSED: "主动供述行政机关尚未掌握的违法行为",
    MERITORIOUS: "配合行政机关查处违法行为有立功表现",
    NO_FAULT: "有证据足以证明没有主观过错",
    SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION: (
        "企业自查发现并按规定报告、正在有效整改的重大事故隐患"
    ),
    OVERDUE_RECTIFICATION: "逾期未整改或者拖延整改",
    REPEAT_WITHIN_YEAR: "一年内因同一违法行为受过行政处罚",
    OBSTRUCTED_INSPECTION: "阻碍、威胁执法人员依法检查",
    DESTROYED_EVIDENCE: "伪造、隐匿、销毁违法证据",
    RETALIATED_REPORTER: "打击报复举报人",
    CAUSED_ACCIDENT: "导致发生生产安全事故",
    SERIOUS_HARM: "造成严重危害后果或者恶劣社会影响",
    VIOLATED_EMERGENCY_MEASURES: "违反突发事件应对措施",
    SHAM_SELF_INSPECTION: "隐患自查自改弄虚作假",
    HIGH_RISK_UNIT: "高危行业领域生产经营单位",
}

# 行政处罚法 Art 32 (1)–(4): "应当从轻或者减轻".
STATUTORY_MITIGATION = {ELIMINATED_HARM: 1, COERCED: 2, CONFESSED: 3, MERITORIOUS: 4}
DISCRETIONARY_MITIGATION = frozenset(
    {FIRST_VIOLATION, PROMPTLY_CORRECTED, MINOR_VIOLATION, MINOR_HARM, NO_HARM}
)
AGGRAVATING = frozenset(
    {
        OVERDUE_RECTIFICATION,
        REPEAT_WITHIN_YEAR,
        OBSTRUCTED_INSPECTION,
        DESTROYED_EVIDENCE,
        RETALIATED_REPORTER,
        CAUSED_ACCIDENT,
        SERIOUS_HARM,
        VIOLATED_EMERGENCY_MEASURES,
    }
)
# Facts that cannot both be true of one violation: a sign of a data-entry mistake.
CONTRADICTIONS = (
    (FIRST_VIOLATION, REPEAT_WITHIN_YEAR),
    (NO_HARM, SERIOUS_HARM),
    (NO_HARM, CAUSED_ACCIDENT),
    (MINOR_HARM, SERIOUS_HARM),
)

ROUND_TO = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Recommendation:
    level: str  # one of LEVELS
    min: Decimal  # band of that level, 元
    max: Decimal
    amount: Decimal  # proposed fine, 元 (0 for 不予处罚)
    measures: tuple[str, ...]
    reasons: tuple[str, ...]  # each names its article
    entry_id: str = ""
    statutory_min: Decimal = Decimal(0)
    statutory_max: Decimal = Decimal(0)
    # Set where the fine is a share of the party's last year's income (Art 95, 96, 110).
    income_fine: statutes.IncomeFine | None = None


def _validate(circumstances: Iterable[str]) -> frozenset[str]:
    given = frozenset(circumstances)
    for name in sorted(given):
        if name not in CIRCUMSTANCES:
            raise ValueError(f"未知的裁量情节 (unknown circumstance): {name!r}")
    for a, b in CONTRADICTIONS:
        if a in given and b in given:
            raise ValueError(
                f"情节相互矛盾：{CIRCUMSTANCES[a]}与{CIRCUMSTANCES[b]} (contradictory: {a}, {b})"
            )
    return given


def _locality(name: str) -> dict[str, Any]:
    data = datafiles.load("discretion.toml")
    localities = data["localities"]
    if name not in localities:
        raise LookupError(f"没有录入“{name}”的裁量基准 (no discretion data for locality {name!r})")
    national = localities["national"]
    local = localities[name]
    merged = {**national, **local}
    merged["banding"] = {
        style: {**national["banding"].get(style, {}), **local.get("banding", {}).get(style, {})}
        for style in national["banding"]
    }
    # Local exact bands first: they win over national ones for the same violation.
    inherited = national.get("band", ()) if name != "national" else ()
    merged["band"] = [*local.get("band", ()), *inherited]
    return merged


def _bands(
    loc: Mapping[str, Any],
    entry: statutes.Entry,
    stage: str,
    party: str,
    low: Decimal,
    high: Decimal,
) -> dict[str, tuple[Decimal, Decimal]]:
    ids = {entry.id, entry.parent}
    for row in loc.get("band", ()):
        if row["entry"] in ids and row.get("stage", "first") == stage and row["party"] == party:
            return {
                lvl: (Decimal(str(row[lvl][0])), Decimal(str(row[lvl][1])))
                for lvl in (REDUCED, LIGHTER, NORMAL, HEAVIER)
                if lvl in row
            }
    style = "ceiling_only" if low == 0 else "floor_ceiling"
    fractions = loc["banding"][style]
    bands = {}
    for lvl in (LIGHTER, NORMAL, HEAVIER):
        a, b = (Decimal(str(x)) for x in fractions[lvl])
        bands[lvl] = (_yuan(low + a * (high - low)), _yuan(low + b * (high - low)))
    a, b = (Decimal(str(x)) for x in fractions[REDUCED])
    base = high if style == "ceiling_only" else low
    bands[REDUCED] = (_yuan(a * base), _yuan(b * base))
    return bands


def _yuan(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def _midpoint(band: tuple[Decimal, Decimal]) -> Decimal:
    mid = ((band[0] + band[1]) / 2 / ROUND_TO).quantize(Decimal(1), ROUND_HALF_UP) * ROUND_TO
    return min(max(mid, band[0]), band[1])


def _labels(names: Iterable[str]) -> str:
    return "、".join(CIRCUMSTANCES[n] for n in sorted(names))


def recommend(
    law: str,
    article: int,
    *,
    party: str = "unit",
    overdue: bool = False,
    circumstances: Iterable[str] = frozenset(),
    locality: str = "national",
    accident: bool = False,
    paragraph: int = 1,
    item: int | None = None,
    illegal_gains: Decimal | int | None = None,
    sentence: int | None = None,
    income: Decimal | int | str | None = None,
    accident_grade: str | None = None,
) -> Recommendation:
    """Recommend a discretion level, band and amount for a violation of ``article``.

    Where the article fines ``party`` a share of last year's income (Art 95, 96, 110), the
    statutory range is that share of ``income``; for Art 95 the share follows
    ``accident_grade`` (the item of that grade is applied).

    Raises ValueError for an unknown or contradictory circumstance, for a bad income, or a
    missing or mismatched accident grade; LookupError where the article does not fine
    ``party`` at that stage or the locality has no data, and statutes.IncomeRequired (a
    LookupError: no range without it) where the income is needed and not given.
    """
    given = _validate(circumstances)
    loc = _locality(locality)
    basis = datafiles.load("discretion.toml")["basis"]
    cited = statutes.find(law, article, paragraph, item, sentence)
    # Superseded amounts are never proposed: the current law's entry is applied instead.
    entry = statutes.current(cited)
    label = statutes.parties().get(party, party)
    by_income = None
    if statutes.is_income_based(entry, party=party, overdue=overdue, accident=accident):
        if income is None:
            raise statutes.IncomeRequired(
                f"{entry.citation}对{label}按上一年年收入的比例罚款，须提供其上一年年收入"
                " (income required)"
            )
        by_income = statutes.income_fine(
            entry,
            party=party,
            income=income,
            overdue=overdue,
            accident=accident,
            accident_grade=accident_grade,
        )
        entry = by_income.entry
        low, high = by_income.min, by_income.max
    else:
        low, high = statutes.range_of(
            entry, party=party, overdue=overdue, accident=accident, illegal_gains=illegal_gains
        )
    stage = statutes.stage_for(entry, overdue=overdue, accident=accident)
    measures = entry.measures.get(stage, ())
    cite = entry.citation
    if by_income is None:
        reasons = [f"依据{cite}，对{label}的罚款幅度为{low}元至{high}元。"]
    else:
        grade = f"事故等级为{entry.grade}，" if entry.grade else ""
        amount = f"{low}元" if low == high else f"{low}元至{high}元"
        reasons = [
            f"依据{cite}，{grade}对{label}处上一年年收入{by_income.share_text}的罚款；"
            f"当事人上一年年收入{by_income.income}元，罚款幅度为{amount}。"
        ]
    if cited.superseded_by:
        reasons.append(f"{cited.citation}规定的罚款已由{entry.citation}取代，依{entry.citation}"
                       "处罚（法律的效力高于行政法规）。")

    def result(
        level: str,
        band: tuple[Decimal, Decimal],
        amount: Decimal,
        extra_measures: tuple[str, ...] = (),
    ) -> Recommendation:
        return Recommendation(
            level=level,
            min=band[0],
            max=band[1],
            amount=amount,
            measures=(*measures, *extra_measures),
            reasons=tuple(reasons),
            entry_id=entry.id,
            statutory_min=low,
            statutory_max=high,
            income_fine=by_income,
        )

    # A stage already punishes these facts; counting them again would punish twice.
    counted = set(given)
    if overdue and OVERDUE_RECTIFICATION in counted:
        counted.discard(OVERDUE_RECTIFICATION)
        reasons.append(f"逾期未整改已按{cite}逾期阶段的幅度处罚，不再作为从重情节重复评价。")
    if (accident or entry.grade) and CAUSED_ACCIDENT in counted:
        counted.discard(CAUSED_ACCIDENT)
        if entry.grade:
            reasons.append(f"发生事故是{cite}处罚的前提，不再作为从重情节重复评价。")
        else:
            reasons.append(f"导致事故已按{cite}事故阶段的幅度处罚，不再作为从重情节重复评价。")
    aggravating = counted & AGGRAVATING
    statutory = counted & STATUTORY_MITIGATION.keys()
    discretionary = counted & DISCRETIONARY_MITIGATION
    zero = (Decimal(0), Decimal(0))
    educate = (f"对当事人进行教育（{basis['education']}）",)

    # 1. No penalty.
    if NO_FAULT in counted:
        reasons.append(f"当事人有证据足以证明没有主观过错，不予行政处罚（{basis['no_fault']}）。")
        return result(NO_PENALTY, zero, Decimal(0), educate)
    if {MINOR_VIOLATION, PROMPTLY_CORRECTED, NO_HARM} <= counted:
        reasons.append(
            f"违法行为轻微并及时改正，没有造成危害后果，不予行政处罚（{basis['minor_no_harm']}）。"
        )
        return result(NO_PENALTY, zero, Decimal(0), educate)
    if SELF_REPORTED_MAJOR_HAZARD_UNDER_RECTIFICATION in counted:
        if counted & {SHAM_SELF_INSPECTION, CAUSED_ACCIDENT}:
            reasons.append(
                f"自查自报的重大事故隐患存在弄虚作假或已导致事故，不适用自报不罚政策，"
                f"依{cite}处罚（{basis['self_reported_major_hazard']}）。"
            )
        else:
            reasons.append(
                f"重大事故隐患系企业自查发现、按规定报告并正在有效整改，对{cite}的违法行为不予处罚"
                f"（{basis['self_reported_major_hazard']}）。"
            )
            return result(NO_PENALTY, zero, Decimal(0), educate)
    first_minor = {FIRST_VIOLATION, PROMPTLY_CORRECTED} <= counted and bool(
        counted & {MINOR_HARM, NO_HARM}
    )
    if first_minor and loc.get("first_violation_no_penalty", False):
        if HIGH_RISK_UNIT in counted and loc.get("first_violation_excludes_high_risk", True):
            reasons.append(
                f"虽系初次违法、危害后果轻微并及时改正，但当事人为高危行业领域单位，"
                f"按本地基准不适用首违不罚（{basis['first_violation']}）。"
            )
        elif aggravating:
            reasons.append(
                f"虽系初次违法，但有{_labels(aggravating)}情节，不适用首违不罚"
                f"（{basis['first_violation']}）。"
            )
        else:
            reasons.append(
                f"初次违法且危害后果轻微并及时改正，可以不予行政处罚（{basis['first_violation']}，首违不罚）。"
            )
            return result(NO_PENALTY, zero, Decimal(0), educate)

    bands = _bands(loc, entry, stage, party, low, high)

    # 2. Maximum for a sham self-inspection.
    if SHAM_SELF_INSPECTION in counted:
        reasons.append(
            f"隐患自查自改弄虚作假，按{cite}规定的最高额{high}元顶格处罚"
            f"（{basis['sham_self_inspection']}）。"
        )
        return result(HEAVIER, bands[HEAVIER], high)

    # 3. Weighing mitigation and aggravation.
    if VIOLATED_EMERGENCY_MEASURES in aggravating:
        reasons.append(f"违反突发事件应对措施，依法从重处罚（{basis['emergency_measures']}）。")
    if statutory:
        ordered = sorted(statutory, key=lambda n: STATUTORY_MITIGATION[n])
        items = "、".join(f"第{STATUTORY_MITIGATION[n]}项" for n in ordered)
        reasons.append(
            f"有{'、'.join(CIRCUMSTANCES[n] for n in ordered)}情节，依法应当从轻或者减轻处罚"
            f"（{basis['statutory_mitigation']}{items}）。"
        )
        if len(statutory) >= 2 and not aggravating:
            level = REDUCED
            below = f"在{cite}规定的最低限{low}元以下" if low else f"按{cite}幅度的减轻档"
            reasons.append(f"具有两项以上法定从轻减轻情节且无从重情节，减轻处罚，{below}确定罚款。")
        else:
            level = LIGHTER
            if aggravating:
                reasons.append(
                    f"同时有{_labels(aggravating)}情节，但法定应当从轻的情节不因此被抵消，"
                    f"在{cite}幅度内从轻处罚（{basis['aggravating']}）。"
                )
    elif aggravating and discretionary:
        level = NORMAL
        reasons.append(
            f"有{_labels(aggravating)}从重情节，同时有{_labels(discretionary)}从轻情节，"
            f"两相抵消，按一般情节处罚（{cite}；{basis['aggravating']}）。"
        )
    elif aggravating:
        level = HEAVIER
        reasons.append(
            f"有{_labels(aggravating)}情节，从重处罚（{cite}；{basis['aggravating']}）。"
        )
    elif discretionary:
        level = LIGHTER
        reasons.append(
            f"有{_labels(discretionary)}情节，从轻处罚（{cite}；{basis['discretionary_mitigation']}）。"
        )
    else:
        level = NORMAL
        reasons.append(f"无从轻、从重情节，按一般情节处罚（{cite}）。")
    band = bands[level]
    return result(level, band, _midpoint(band))


DEPARTS_LEVEL = "level"
DEPARTS_BAND = "band"


def departure(rec: Recommendation, level: str, amount: Decimal) -> str:
    """How a decided fine departs from the benchmark's recommendation: ``DEPARTS_LEVEL``
    (another level than recommended), ``DEPARTS_BAND`` (the recommended level, but an amount
    outside that level's band — e.g. the 从轻 level and the statutory maximum), or "" when it
    follows it. A departure must be reasoned in writing in the decision (应急管理行政裁量权基准
    暂行规定, 应急管理部令第12号; LEGAL.md §7)."""
    if level != rec.level:
        return DEPARTS_LEVEL
    if not (rec.min <= amount <= rec.max):
        return DEPARTS_BAND
    return ""
