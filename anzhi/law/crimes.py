"""Suspected work-safety crimes to refer to the judiciary (两法衔接).

A fine never replaces a referral (行政处罚法 Art 27). ``possible_crimes`` flags every crime of
刑法 134–139之一 whose elements the recorded facts meet, with the thresholds of the 2015 and
2022 interpretations (data: ``data/crimes.toml``). It flags suspicion for a human decision;
whether a crime was committed is for the police, procuratorate and court.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from anzhi.law import datafiles


@dataclass(frozen=True)
class Facts:
    """What the inspection or accident investigation established."""

    deaths: int = 0
    serious_injuries: int = 0  # includes acute industrial poisoning
    direct_loss_yuan: Decimal | int = 0
    disabled_monitoring_or_alarm: bool = False
    tampered_data: bool = False
    refused_suspension_order_over_major_hazard: bool = False
    refused_rectification_of_major_hazard: bool = False
    operating_without_approval_high_risk: bool = False
    real_danger: bool = False
    forced_workers_to_take_risks: bool = False
    knowingly_worked_with_unremoved_major_hazard: bool = False
    unsafe_facilities_or_conditions: bool = False
    dangerous_goods_involved: bool = False
    concealed_or_false_report: bool = False
    large_public_event: bool = False
    construction_quality: bool = False
    school_facility: bool = False
    fire_safety_refused_correction: bool = False

    def __post_init__(self) -> None:
        for name in ("deaths", "serious_injuries", "direct_loss_yuan"):
            if Decimal(str(getattr(self, name))) < 0:
                raise ValueError(f"{name} 不能为负数 ({name} must not be negative)")


FLAGS = tuple(f.name for f in fields(Facts) if f.type in ("bool", bool))


@dataclass(frozen=True)
class CrimeMatch:
    crime: str  # e.g. "重大责任事故罪"
    article: str  # e.g. "刑法第134条第1款"
    elements: tuple[str, ...]  # the elements the facts meet, in words
    especially_serious: bool  # thresholds of 2015 解释 Art 7 reached (主要责任 still to prove)
    interpretation: str
    explanation: str


def _reaches(facts: Facts, threshold: dict[str, Any]) -> bool:
    return any(
        Decimal(str(getattr(facts, key))) >= Decimal(str(threshold[key]))
        for key in ("deaths", "serious_injuries", "direct_loss_yuan")
        if key in threshold
    )


def possible_crimes(facts: Facts) -> list[CrimeMatch]:
    """Every crime whose elements the facts meet, in the order of the 刑法 articles."""
    data = datafiles.load("crimes.toml")
    labels = data["elements"]
    consequences = data["consequence"]
    serious = _reaches(facts, consequences["serious"])
    danger_acts = next(c for c in data["crime"] if c.get("only_without_consequence"))["any"]
    absorbed = serious and any(getattr(facts, flag) for flag in danger_acts)
    matches = []
    for crime in data["crime"]:
        needed = crime.get("consequence", "")
        if needed and not _reaches(facts, consequences[needed]):
            continue
        if crime.get("only_without_consequence") and serious:
            continue
        if not all(getattr(facts, flag) for flag in crime.get("all", ())):
            continue
        anyof = [flag for flag in crime.get("any", ()) if getattr(facts, flag)]
        if crime.get("any") and not anyof:
            continue
        met = ([labels[needed]] if needed else []) + [
            labels[flag] for flag in (*crime.get("all", ()), *anyof)
        ]
        sentence = f"涉嫌{crime['name']}（{crime['article']}），{data['referral']['sentence']}。"
        if needed and absorbed:
            sentence += f"{data['referral']['absorbed']}。"
        very = bool(needed) and _reaches(
            facts, consequences[crime.get("especially", "especially_serious")]
        )
        matches.append(
            CrimeMatch(
                crime["name"],
                crime["article"],
                tuple(met),
                very,
                crime["interpretation"],
                sentence,
            )
        )
    return matches
