"""Who may see a person's income of the previous year (CaseParty.last_year_income).

The income is personal information the agency holds only to compute a fine set as a share of
it (安全生产法 Art 95, 96, 110; 条例 Art 36). Everyone who can see a case is not everyone who
needs the figure:

- FIGURE: the case team — the officers and the head of the handling agency, who record it,
  propose the fine and decide it (the same users the services let act: selectors.can_act).
- RECORDED: 纪委 (监督) and 安委办 (案卷评查). Their check is that a share-of-income fine had its
  base on file before the decision, which needs whether it was recorded, not how much it is.
- NONE: everyone else who may view the case — the enterprise's users (the person is its
  employee, not the account holder), village assistants, auxiliaries, leaders and other
  agencies. Nothing published (the decision document, 公示) carries it either
  (documents._printed_reasons).
"""

from __future__ import annotations

from anzhi.accounts.models import Role, User

from .models import CaseParty, PenaltyCase

FIGURE, RECORDED, NONE = "figure", "recorded", "none"
RECORDED_ROLES = {Role.DISCIPLINE, Role.COMMITTEE_ADMIN}


def income_access(user: User, case: PenaltyCase) -> str:
    from .selectors import can_act

    if can_act(user, case):
        return FIGURE
    if user.role in RECORDED_ROLES:
        return RECORDED
    return NONE


def party_income(access: str, party: CaseParty) -> dict:
    """The income fields of a party as ``access`` allows: the figure, or only whether one was
    recorded, or nothing (None) — the keys stay, so API clients need no second schema."""
    recorded = party.last_year_income is not None
    return {"last_year_income": party.last_year_income if access == FIGURE else None,
            "income_recorded": recorded if access in (FIGURE, RECORDED) else None}
