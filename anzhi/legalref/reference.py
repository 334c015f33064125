"""Reads of the legal quick reference (法规速查), shaped for the pages and the API.

Every legal answer comes from anzhi.law; this module only checks the input (raising
ValidationFailed with the Chinese field name) and turns the law's results into plain dicts.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import Http404

from anzhi.core.errors import ValidationFailed
from anzhi.law import accidents, crimes, datafiles, deadlines, discretion, statutes, workdays

from .calendar import unknown_year_message

WEEKDAYS = "一二三四五六日"
GRADE_ARTICLE = "生产安全事故报告和调查处理条例第3条"
INVESTIGATION_ARTICLE = "生产安全事故报告和调查处理条例第19条"
ACCIDENT_FINE_ARTICLE = "安全生产法第114条"
PRINCIPAL_SHARE_ARTICLE = "安全生产法第95条"
DECISION = "decision"  # pseudo-period: the decision limit (deadlines.decision_due)


def zh(exc: Exception) -> str:
    """The Chinese part of an anzhi.law message ("中文 (english)")."""
    text = str(exc).strip().strip("'\"")
    return re.sub(r"\s*\([^()（）]*[A-Za-z][^()（）]*\)\s*$", "", text) or text


# --- catalogue ----------------------------------------------------------------------------


def stage_labels() -> dict[str, str]:
    return dict(datafiles.load("statutes.toml")["stages"])


def search(q: str) -> list[statutes.Entry]:
    """Catalogue entries matching every word of ``q``; all entries for an empty query.

    Superseded entries (条例 Art 37 → 安全生产法 Art 114) come after the current ones: an
    officer picking the first hit should get the article that applies. The order is stable,
    so each group keeps the catalogue's article order."""
    q = (q or "").strip()
    found = statutes.search(q) if q else statutes.entries()
    return sorted(found, key=lambda e: e.superseded_by is not None) if q else found


def get_entry(entry_id: str) -> statutes.Entry:
    try:
        return statutes.get((entry_id or "").strip().upper())
    except LookupError:
        raise Http404(entry_id) from None


def entry_summary(e: statutes.Entry) -> dict[str, Any]:
    now = statutes.current(e)
    return {"id": e.id, "citation": e.citation, "title": e.title, "article": e.article,
            "paragraph": e.paragraph, "sentence": e.sentence, "item": e.item,
            "parent": e.parent, "crime": e.crime, "superseded_by": e.superseded_by,
            "current_citation": now.citation if e.superseded_by else None}


def _ranges(table, parties: dict[str, str], stages: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for stage in statutes.STAGES:
        for party, (low, high) in table.get(stage, {}).items():
            rows.append({"stage": stage, "stage_label": stages[stage], "party": party,
                         "party_label": parties.get(party, party), "min": low, "max": high})
    return rows


def entry_detail(e: statutes.Entry) -> dict[str, Any]:
    """The entry with its ranges per stage and party, income shares, measures and items."""
    parties, stages = statutes.parties(), stage_labels()
    out = entry_summary(e)
    # A superseded entry proposes no amount (statutes.toml keeps none on it; the old ones are
    # in its note): the page sends the officer to the current entry instead.
    amounts = e.superseded_by is None
    out.update({
        "law": e.law, "law_name": e.law_name, "keywords": list(e.keywords), "note": e.note,
        "grade": e.grade,
        "current_entry": None if amounts else entry_summary(statutes.current(e)),
        "supersedes": [entry_summary(x) for x in statutes.entries()
                       if x.superseded_by == e.id],
        "ranges": _ranges(e.fines, parties, stages) if amounts else [],
        "income_shares": _ranges(e.income_shares, parties, stages) if amounts else [],
        "measures": [{"stage": s, "stage_label": stages[s], "measures": list(e.measures[s])}
                     for s in statutes.STAGES if e.measures.get(s)],
        "gains": ({"threshold": e.gains_threshold, "multiple": list(e.gains_multiple or ())}
                  if e.gains_threshold is not None else None),
        "multiple": list(e.multiple) if e.multiple and amounts else None,
        "children": [entry_summary(statutes.get(c)) for c in e.children],
        "parent_entry": entry_summary(statutes.get(e.parent)) if e.parent else None,
    })
    return out


_CITATION = re.compile(
    r"^(?P<law>.*?)第?(?P<article>\d+)条?(?:第(?P<paragraph>\d+)款)?(?:第(?P<sentence>\d+)句)?"
    r"(?:第(?P<item>\d+)项)?$")


def resolve_violation(violation: str) -> statutes.Entry:
    """An entry from its id ("AQSCF-99-4"), an article number ("99") or a citation
    ("安全生产法第99条第1款第4项"). ValidationFailed on ``violation`` if there is none."""
    text = re.sub(r"\s+", "", violation or "")
    if not text:
        raise ValidationFailed(
            {"violation": "违法行为：必填（条目编号如 AQSCF-99-4，或条号如 99）"})
    try:
        return statutes.get(text.upper())
    except LookupError:
        pass
    m = _CITATION.match(text.strip("《》"))
    if re.match(r"^[A-Za-z]+-", text):
        raise ValidationFailed({"violation": f"违法行为：罚则目录中没有条目“{text.upper()}”"})
    if m is None:
        raise ValidationFailed({"violation": f"违法行为：罚则目录中没有“{violation}”"})
    law = m["law"].strip("《》") or statutes.entries()[0].law_name
    num = {k: int(m[k]) for k in ("paragraph", "sentence", "item") if m[k]}
    try:
        return statutes.find(law, int(m["article"]), num.get("paragraph", 1), num.get("item"),
                             num.get("sentence"))
    except LookupError as exc:
        raise ValidationFailed({"violation": f"违法行为：{zh(exc)}"}) from None


# --- discretion ---------------------------------------------------------------------------


def localities() -> dict[str, str]:
    locs = datafiles.load("discretion.toml")["localities"]
    return {name: loc.get("label", name) for name, loc in locs.items()}


CIRCUMSTANCE_GROUPS = (
    ("法定从轻、减轻情节（行政处罚法第32条）", tuple(discretion.STATUTORY_MITIGATION)),
    ("酌定从轻情节", tuple(n for n in discretion.CIRCUMSTANCES
                      if n in discretion.DISCRETIONARY_MITIGATION)),
    ("从重情节", tuple(n for n in discretion.CIRCUMSTANCES if n in discretion.AGGRAVATING)),
    ("其他情节", tuple(n for n in discretion.CIRCUMSTANCES
                   if n not in discretion.STATUTORY_MITIGATION
                   and n not in discretion.DISCRETIONARY_MITIGATION
                   and n not in discretion.AGGRAVATING)),
)


def parse_circumstances(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """Circumstance names from "A,B" or a list; ValidationFailed naming an unknown one."""
    if value is None:
        return []
    raw = value.split(",") if isinstance(value, str) else [
        part for v in value for part in str(v).split(",")]
    names = [n.strip() for n in raw if n.strip()]
    unknown = [n for n in names if n not in discretion.CIRCUMSTANCES]
    if unknown:
        raise ValidationFailed({"circumstances": f"裁量情节：未知的情节 {'、'.join(unknown)}"})
    return list(dict.fromkeys(names))


def recommendation(
    entry: statutes.Entry,
    *,
    party: str = "unit",
    overdue: bool = False,
    accident: bool = False,
    circumstances: list[str] | tuple[str, ...] = (),
    locality: str = "national",
) -> dict[str, Any]:
    """anzhi.law.discretion.recommend for a catalogue entry, as a dict."""
    parties = statutes.parties()
    if party not in parties:
        raise ValidationFailed({"party": f"处罚对象：未知的处罚对象“{party}”，应为"
                                         f"{'、'.join(f'{k}（{v}）' for k, v in parties.items())}"})
    if overdue and accident:
        raise ValidationFailed({"accident": "导致事故：不能与“逾期未改正”同时选择，请选择一个阶段"})
    if locality not in localities():
        raise ValidationFailed({"locality": f"裁量基准地区：没有录入“{locality}”的裁量基准"})
    names = parse_circumstances(list(circumstances))
    try:
        rec = discretion.recommend(
            entry.law_name, entry.article, paragraph=entry.paragraph, item=entry.item,
            sentence=entry.sentence, party=party, overdue=overdue, accident=accident,
            circumstances=frozenset(names), locality=locality)
    except ValueError as exc:
        raise ValidationFailed({"circumstances": f"裁量情节：{zh(exc)}"}) from None
    except LookupError as exc:
        raise ValidationFailed({"party": f"处罚对象：{zh(exc)}"}) from None
    stage = statutes.stage_of(overdue, accident)
    return {
        "entry_id": rec.entry_id, "citation": entry.citation, "title": entry.title,
        "party": party, "party_label": parties[party],
        "stage": stage, "stage_label": stage_labels()[stage],
        "circumstances": [{"name": n, "label": discretion.CIRCUMSTANCES[n]} for n in names],
        "level": rec.level, "min": rec.min, "max": rec.max, "amount": rec.amount,
        "statutory_min": rec.statutory_min, "statutory_max": rec.statutory_max,
        "measures": list(rec.measures), "reasons": list(rec.reasons),
    }


# --- deadlines ----------------------------------------------------------------------------


def period_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(name, label)]) for a select, the decision limit first."""
    groups: dict[str, list[tuple[str, str]]] = {"处罚程序": [
        (DECISION, "作出行政处罚决定期限"),
        *((f"{DECISION}:{k}", f"作出行政处罚决定期限（{v}）")
          for k, v in deadlines.EXTENSIONS.items()),
    ]}
    for p in deadlines.PERIODS.values():
        groups.setdefault(p.group, []).append((p.name, f"{p.label}（{p.text}）"))
    return list(groups.items())


def period_names() -> list[str]:
    return [name for _, rows in period_choices() for name, _ in rows]


def parse_start(value: str | dt.date | None, *, field: str = "start") -> dt.date | dt.datetime:
    """A date (YYYY-MM-DD) or a moment (YYYY-MM-DDTHH:MM or "YYYY-MM-DD HH:MM")."""
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        raise ValidationFailed({field: "起算日期：必填（YYYY-MM-DD）"})
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        raise ValidationFailed({field: f"起算日期：“{text}”不是有效日期，格式应为 YYYY-MM-DD"
                                       "（以小时计算的期限为 YYYY-MM-DDTHH:MM）"}) from None


def _day_text(day: dt.date | dt.datetime) -> str:
    if isinstance(day, dt.datetime):
        return f"{day:%Y-%m-%d %H:%M}（周{WEEKDAYS[day.weekday()]}）"
    return f"{day:%Y-%m-%d}（周{WEEKDAYS[day.weekday()]}）"


def deadline(period: str, start: dt.date | dt.datetime) -> dict[str, Any]:
    """The due date of one period; ValidationFailed on ``period`` or ``start``."""
    if period == DECISION or period.startswith(f"{DECISION}:"):
        return _decision(period, start)
    try:
        p = deadlines.PERIODS[period]
    except KeyError:
        raise ValidationFailed({"period": f"期限：没有名为“{period}”的法定期限"}) from None
    if p.unit == "hours" and not isinstance(start, dt.datetime):
        raise ValidationFailed({"start": f"起算日期：{p.label}以小时计算，请同时填写时刻"})
    if p.unit != "hours" and isinstance(start, dt.datetime):
        start = start.date()
    try:
        due = deadlines.due(period, start)
    except workdays.UnknownYearError as exc:
        raise ValidationFailed({"start": f"起算日期：{unknown_year_message(exc)}"}) from None
    return {
        "period": p.name, "label": p.label, "group": p.group, "length": p.length,
        "unit": p.unit, "length_text": p.text, "counts_workdays": p.unit == "workdays",
        "direction": p.direction, "roll": p.roll, "start_event": p.start, "article": p.article,
        "verify": p.verify, "start": start, "due": due, "start_text": _day_text(start),
        "due_text": _day_text(due),
    }


def _decision(period: str, start: dt.date | dt.datetime) -> dict[str, Any]:
    extension = period.partition(":")[2] or None
    day = start.date() if isinstance(start, dt.datetime) else start
    try:
        rule = deadlines.decision_rule(day)
        due = deadlines.decision_due(day, extension=extension)
    except workdays.UnknownYearError as exc:
        raise ValidationFailed({"start": f"起算日期：{unknown_year_message(exc)}"}) from None
    except LookupError as exc:
        raise ValidationFailed({"start": f"起算日期：{zh(exc)}"}) from None
    except ValueError as exc:
        raise ValidationFailed({"period": f"期限：{zh(exc)}"}) from None
    days = rule.extensions[extension] if extension else rule.days
    label = "作出行政处罚决定期限" + (f"（{deadlines.EXTENSIONS[extension]}）" if extension else "")
    return {
        "period": period, "label": label, "group": "处罚程序", "length": days, "unit": "days",
        "length_text": f"{days}日", "counts_workdays": False, "direction": "after",
        "roll": True, "start_event": "立案之日", "article": f"{rule.article}；{rule.label}",
        "verify": rule.verify, "start": day, "due": due, "start_text": _day_text(day),
        "due_text": _day_text(due),
    }


def all_deadlines(start: dt.date | dt.datetime) -> list[dict[str, Any]]:
    """Every period from ``start``; a period that cannot be computed carries ``error``."""
    rows = []
    for group, choices in period_choices():
        for name, label in choices:
            try:
                rows.append(deadline(name, start))
            except ValidationFailed as exc:
                message = next(iter(exc.errors.values()))
                rows.append({"period": name, "label": label, "group": group,
                             "error": message.partition("：")[2] or message})
    return rows


# --- accidents and crimes -----------------------------------------------------------------

COUNT_LABELS = {"deaths": "死亡人数", "serious_injuries": "重伤人数（含急性工业中毒）",
                "direct_loss_yuan": "直接经济损失（元）"}


def _non_negative(values: dict[str, Any]) -> dict[str, Any]:
    errors, out = {}, {}
    for name, value in values.items():
        label = COUNT_LABELS[name]
        try:
            number = Decimal(str(value if value not in (None, "") else 0))
        except (InvalidOperation, ValueError):
            errors[name] = f"{label}：应为数字"
            continue
        if not number.is_finite():
            errors[name] = f"{label}：应为数字"
        elif number < 0:
            errors[name] = f"{label}：不能为负数"
        elif name != "direct_loss_yuan" and number != number.to_integral_value():
            errors[name] = f"{label}：应为整数"
        else:
            out[name] = int(number) if name != "direct_loss_yuan" else number
    if errors:
        raise ValidationFailed(errors)
    return out


def accident_grade(deaths, serious_injuries, direct_loss_yuan) -> dict[str, Any]:
    v = _non_negative({"deaths": deaths, "serious_injuries": serious_injuries,
                       "direct_loss_yuan": direct_loss_yuan})
    grade = accidents.grade(v["deaths"], v["serious_injuries"], v["direct_loss_yuan"])
    low, high = statutes.accident_fine_range(grade)
    slow, shigh = statutes.accident_fine_range(grade, particularly_serious=True)
    return {
        **v, "grade": grade, "article": GRADE_ARTICLE,
        "investigated_by": accidents.investigated_by(grade),
        "investigation_article": INVESTIGATION_ARTICLE,
        "unit_fine": {"min": low, "max": high, "article": f"{ACCIDENT_FINE_ARTICLE}第1款"},
        "unit_fine_particularly_serious": {"min": slow, "max": shigh,
                                           "article": f"{ACCIDENT_FINE_ARTICLE}第2款"},
        "principal_income_share": statutes.principal_income_share(grade),
        "principal_income_share_article": PRINCIPAL_SHARE_ARTICLE,
    }


def fact_labels() -> dict[str, str]:
    elements = datafiles.load("crimes.toml")["elements"]
    return {flag: elements.get(flag, flag) for flag in crimes.FLAGS}


def possible_crimes(facts: dict[str, Any]) -> dict[str, Any]:
    """anzhi.law.crimes.possible_crimes for the given facts (counts and boolean flags)."""
    unknown = sorted(set(facts) - set(COUNT_LABELS) - set(crimes.FLAGS))
    if unknown:
        raise ValidationFailed({unknown[0]: f"{unknown[0]}：不是可接受的事实"})
    counts = _non_negative({k: facts.get(k, 0) for k in COUNT_LABELS})
    flags = {f: bool(facts.get(f, False)) for f in crimes.FLAGS}
    matches = crimes.possible_crimes(crimes.Facts(**counts, **flags))
    return {
        "facts": {**counts, **flags},
        "crimes": [{"crime": m.crime, "article": m.article, "elements": list(m.elements),
                    "especially_serious": m.especially_serious,
                    "interpretation": m.interpretation, "explanation": m.explanation}
                   for m in matches],
        "referral": datafiles.load("crimes.toml")["referral"]["sentence"],
    }
