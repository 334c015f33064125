"""Jurisdiction of cases and referrals, as decided by anzhi.accounts.scoping.

``enterprise_q(user, action, path="enterprise")`` is the rule: an enterprise user sees its own
enterprise, everyone else the enterprises in the range of their jurisdiction's region code.
A case keeps a copy of its enterprise's region (``region_id``), so the same range is applied
to that column: one btree range scan instead of a join, which the 1,000,000-case list needs.
"""

from django.db.models import Q

from anzhi.accounts.scoping import Action, enterprise_q


def scope_q(user, action: Action = "view") -> Q | None:
    """Filter for PenaltyCase / Referral rows ``user`` may see (or change); None = all."""
    return enterprise_q(user, action, path="enterprise", region_field="region_id")


def restrict(qs, user, action: Action = "view"):
    q = scope_q(user, action)
    return qs if q is None else qs.filter(q)
