"""Jurisdiction scoping — the one place that decides who sees and acts on what.

Every page, API handler and service narrows querysets through ``restrict`` and fetches
single protected objects through ``get_scoped_or_404``-style helpers built on it.

Rules (tested as a role × object matrix in tests/accounts/test_scoping_matrix.py):
- superusers see and act on everything;
- an enterprise user sees only its own enterprise and acts only through the portal actions;
- every other role sees the records inside its jurisdiction, which is the region of its
  agency (or, for village assistants, discipline and leaders, its own ``region`` if set);
- acting (``change``) is for 安委办管理员, agency heads and officers within that jurisdiction;
  辅助人员 may draft but not change the registry; 村协管员, 纪委 and 领导 are read-only.
"""

from typing import Literal

from django.db.models import Q, QuerySet

from anzhi.core.memo import Memo
from anzhi.regions.models import Region, code_range

from .models import Agency, Role, User

Action = Literal["view", "change"]

REGION_ROLES = {
    Role.COMMITTEE_ADMIN, Role.AGENCY_HEAD, Role.OFFICER, Role.AUXILIARY,
    Role.VILLAGE_ASSISTANT, Role.DISCIPLINE, Role.LEADER,
}
CHANGE_ROLES = {Role.COMMITTEE_ADMIN, Role.AGENCY_HEAD, Role.OFFICER}
READ_ONLY_ROLES = {Role.VILLAGE_ASSISTANT, Role.DISCIPLINE, Role.LEADER}


# A page's user comes from the session without its agency or region: remembering the prefix
# per region and per agency spares every page those two lookups.
_prefixes = Memo(300).forget_on(Region, Agency)


def jurisdiction_prefix(user: User) -> str | None:
    """Region-code prefix of the user's jurisdiction, or None if it has none."""
    if user.region_id:
        return _prefixes.get(("region", user.region_id), lambda: user.region.prefix)
    if user.agency_id:
        return _prefixes.get(("agency", user.agency_id), lambda: user.agency.region.prefix)
    return None


def _region_q(path: str, prefix: str) -> Q:
    lo, hi = code_range(prefix)
    return Q(**{f"{path}__gte": lo, f"{path}__lt": hi})


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def enterprise_q(user: User, action: Action = "view", *, path: str = "",
                 region_field: str | None = None) -> Q | None:
    """A filter selecting the records of enterprises ``user`` may see (or change).

    ``path`` is the lookup from the queried model to its enterprise ("" for Enterprise
    itself, "enterprise" for a hazard). ``region_field`` names a region column on the
    queried model itself (a copy of the enterprise's region kept for large tables, so the
    jurisdiction filter is a range scan without a join). Returns None for "everything".
    """
    nothing = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active:
        return nothing
    if user.is_superuser:
        return None
    if user.role == Role.ENTERPRISE:
        if action != "view" or not user.enterprise_id:
            return nothing
        return Q(**{_join(path, "pk" if not path else "id"): user.enterprise_id})
    if user.role not in REGION_ROLES:
        return nothing
    if action == "change" and user.role not in CHANGE_ROLES:
        return nothing
    prefix = jurisdiction_prefix(user)
    if prefix is None:
        return nothing
    return _region_q(region_field or _join(path, "region_id"), prefix)


def restrict(qs: QuerySet, user: User, action: Action = "view", *,
             enterprise_path: str = "", region_field: str | None = None) -> QuerySet:
    q = enterprise_q(user, action, path=enterprise_path, region_field=region_field)
    return qs if q is None else qs.filter(q)


def regions_q(user: User, *, path: str = "pk") -> Q | None:
    """Regions the user may pick (its jurisdiction and everything under it)."""
    if user.is_superuser:
        return None
    prefix = jurisdiction_prefix(user)
    if prefix is None:
        return Q(pk__in=[])
    return _region_q(path, prefix)


def can_create_enterprise_in(user: User, region_code: str) -> bool:
    if user.is_superuser:
        return True
    if user.role not in CHANGE_ROLES:
        return False
    prefix = jurisdiction_prefix(user)
    return prefix is not None and region_code.startswith(prefix)


def may_change_enterprise(user: User, enterprise) -> bool:
    """``restrict(…, "change")`` for one enterprise already in hand, without a query: the
    same rule (role, then the region range), tested against it in the scoping matrix."""
    if not user.is_authenticated or not user.is_active:
        return False
    return can_create_enterprise_in(user, enterprise.region_id)


def may_change_registry(user: User) -> bool:
    return user.is_superuser or user.role in CHANGE_ROLES
