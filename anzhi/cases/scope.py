"""Jurisdiction of cases and referrals, as decided by anzhi.accounts.scoping.

``enterprise_q(user, action, path="enterprise")`` is the rule: an enterprise user sees its own
enterprise, everyone else the enterprises in the range of their jurisdiction's region code.
A case keeps a copy of its enterprise's region (``region_id``), so the same range is applied
to that column: one btree range scan instead of a join, which the 1,000,000-case list needs.
"""

from django.db.models import Q

from anzhi.accounts.models import Role
from anzhi.accounts.scoping import Action, enterprise_q

_FROM = "enterprise__region_id"


def _rewrite(q: Q) -> Q:
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            out.children.append(_rewrite(child))
        else:
            key, value = child
            if key.startswith(_FROM):
                key = "region_id" + key[len(_FROM):]
            out.children.append((key, value))
    return out


def scope_q(user, action: Action = "view") -> Q | None:
    """Filter for PenaltyCase / Referral rows ``user`` may see (or change); None = all."""
    q = enterprise_q(user, action, path="enterprise")
    if q is None:
        return None
    return q if user.role == Role.ENTERPRISE else _rewrite(q)


def restrict(qs, user, action: Action = "view"):
    q = scope_q(user, action)
    return qs if q is None else qs.filter(q)
