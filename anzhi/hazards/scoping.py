"""Who sees and acts on which hazard — built on anzhi.accounts.scoping, nothing decided here.

A hazard carries its enterprise's region (``Hazard.region``), so the jurisdiction filter of
``accounts.scoping.enterprise_q`` applies to the hazard's own ``region_id`` column (a range
scan, no join). Enterprise users see their own enterprise's hazards and act on them only
through the portal steps (self-report, plan, evidence), never through officers' steps.
"""

from django.db.models import Q, QuerySet

from anzhi.accounts.models import Role, User
from anzhi.accounts.scoping import Action, enterprise_q


def is_enterprise_user(user: User) -> bool:
    return bool(user.is_authenticated and not user.is_superuser
                and user.role == Role.ENTERPRISE)


def hazard_q(user: User, action: Action = "view") -> Q | None:
    return enterprise_q(user, action, path="enterprise", region_field="region_id")


def restrict_hazards(qs: QuerySet, user: User, action: Action = "view") -> QuerySet:
    q = hazard_q(user, action)
    return qs if q is None else qs.filter(q)


def portal_q(user: User) -> Q | None:
    """Hazards on which ``user`` may take the enterprise's steps (plan, evidence)."""
    if is_enterprise_user(user):
        return enterprise_q(user, "view", path="enterprise")
    return hazard_q(user, "change")
