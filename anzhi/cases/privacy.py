"""Who may see a person's income of the previous year (CaseParty.last_year_income), and who
may open the evidence (Evidence.file, the 笔录 documents, the 案卷).

The income is personal information the agency holds only to compute a fine set as a share of
it (安全生产法 Art 95, 96, 110; 条例 Art 36). Everyone who can see a case is not everyone who
needs the figure (income_access):

- FIGURE: the case team — the officers and the head of the handling agency, who record it,
  propose the fine and decide it (the same users the services let act: selectors.can_act).
- RECORDED: 纪委 (监督) and 安委办 (案卷评查). Their check is that a share-of-income fine had its
  base on file before the decision, which needs whether it was recorded, not how much it is.
- NONE: everyone else who may view the case — the enterprise's users (the person is its
  employee, not the account holder), village assistants, auxiliaries, leaders and other
  agencies. Nothing published (the decision document, 公示) carries it either
  (documents._printed_reasons).

The evidence files and the records' text carry witnesses' statements (often the unit's own
employees), ID numbers and business records: personal information and business secrets the
agency keeps confidential (行政处罚法 Art 50). So (evidence_access):

- FILES: the case team, who collect and rely on it; 纪委, who supervise the enforcement; and,
  on a closed file, the 案卷评查 reviewers (services.REVIEWER_ROLES), whose sheet scores the
  evidence itself (证据收集, 事实认定).
- LISTED (kind, title, date, no file): the other roles that may view the case, for oversight;
  and the enterprise's users once it was notified (or, 简易程序, decided on the spot). The
  party learns the evidence against it through the procedure: the 告知书 and the decision name
  each item (documents._found) and the hearing presents it for cross-examination (Art 64(7)).
- NONE: the enterprise's users before that: the list would tell the unit whom the officers
  questioned while the investigation runs.

What the enterprise lists is what existed at its latest 告知 (visible_evidence): evidence
added after it — the notice went stale, the case is back in 审理 and the officers collect
more — is the same unannounced investigation, and reaches the party with the fresh 告知 that
names it. Once decided, the decision names every item, and the enterprise lists them all.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

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


FILES, LISTED = "files", "listed"


def evidence_access(user: User, case: PenaltyCase) -> str:
    from .selectors import can_act
    from .services import REVIEWABLE, REVIEWER_ROLES

    if can_act(user, case) or user.role == Role.DISCIPLINE:
        return FILES
    if user.role in REVIEWER_ROLES and case.status in REVIEWABLE:
        return FILES
    if user.role == Role.ENTERPRISE and not (case.notified_on or case.decided_on):
        return NONE
    return LISTED


def visible_evidence(user: User, case: PenaltyCase, access: str | None = None) -> QuerySet:
    """The case's evidence ``user`` may list (``access`` = evidence_access, if known).

    For the enterprise before the decision: the rows stored up to its latest 告知 — the time
    of the last ``notify`` step, not ``notified_on``, a day the officers enter, on which more
    may be stored after the notice went out. Rows stored before ``created_at`` was kept (NULL)
    stay listed, as they were."""
    access = access or evidence_access(user, case)
    if access == NONE:
        return case.evidence.none()
    if user.role == Role.ENTERPRISE and case.decided_on is None:
        return evidence_as_notified(case)
    return case.evidence.all()


def evidence_as_notified(case: PenaltyCase) -> QuerySet:
    """The evidence stored up to the latest 告知 (all of it if there was none): what the
    party was told of, which the 告知书 also names."""
    notified_at = (case.transitions.filter(action="notify").order_by("-id")
                   .values_list("at", flat=True).first())
    qs = case.evidence.all()
    if notified_at is None:
        return qs
    return qs.filter(Q(created_at__isnull=True) | Q(created_at__lte=notified_at))
