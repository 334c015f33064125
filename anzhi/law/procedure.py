"""Procedure thresholds of 行政处罚法: simple procedure (Art 51) and hearing rights (Art 63).

Party kinds follow the law's split between a citizen (公民) and a legal person or other
organisation. Amounts are data (``data/procedure.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from anzhi.law import datafiles

PARTIES = {"person": "公民", "organization": "法人或者其他组织"}
# The statute catalogue calls an organisation "unit"; accept it so callers need not translate.
_ALIASES = {"unit": "organization"}


def _party(party: str) -> str:
    key = _ALIASES.get(party, party)
    if key not in PARTIES:
        raise ValueError(
            f"未知的当事人类型 (unknown party {party!r}; use 'person' or 'organization')"
        )
    return key


def _amount(fine: Decimal | int | str) -> Decimal:
    amount = Decimal(str(fine))
    if amount < 0:
        raise ValueError(f"罚款金额不能为负 (fine must be >= 0): {fine}")
    return amount


def simple_procedure_allowed(party: str, fine: Decimal | int | str) -> bool:
    """True if an on-the-spot decision (简易程序) may impose this fine: at most 200 元 for a
    citizen, 3,000 元 for an organisation (行政处罚法 Art 51). ``fine == 0`` means a warning,
    which the simple procedure always allows.
    """
    limits = datafiles.load("procedure.toml")["simple_procedure"]
    return _amount(fine) <= Decimal(str(limits[_party(party)]))


@dataclass(frozen=True)
class HearingRight:
    """Whether the party must be told of a right to a hearing (行政处罚法 Art 63), and why.
    Truthy when the right exists.
    """

    required: bool
    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.required


def hearing_right(
    party: str, fine: Decimal | int | str | None = None, measures: Iterable[str] = ()
) -> HearingRight:
    """Hearing right for a proposed decision: a large fine (较大数额, work-safety thresholds
    2万 for a citizen and 5万 for an organisation [verify], data) or a heavy measure such as
    责令停产停业 or 吊销许可证件 (Art 63 ¶1).
    """
    cfg = datafiles.load("procedure.toml")["hearing"]
    key = _party(party)
    reasons = []
    if fine is not None:
        threshold = Decimal(str(cfg[key]))
        if _amount(fine) >= threshold:
            reasons.append(
                f"拟罚款{_amount(fine)}元，达到较大数额标准{threshold}元（{cfg['article']}第1款第1项）"
            )
    heavy = set(cfg["measures"])
    for measure in measures:
        if measure in heavy:
            reasons.append(f"拟{measure}（{cfg['article']}第1款）")
    return HearingRight(bool(reasons), tuple(reasons))
