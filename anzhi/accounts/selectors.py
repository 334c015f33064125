from django.db.models import QuerySet

from anzhi.regions.models import code_range

from .models import Agency, Role, User
from .scoping import jurisdiction_prefix


def visible_agencies(user: User) -> QuerySet[Agency]:
    qs = Agency.objects.filter(is_active=True)
    if user.is_superuser:
        return qs
    if user.role == Role.ENTERPRISE:
        if not user.enterprise_id:
            return qs.none()
        return qs.filter(supervisions__enterprise_id=user.enterprise_id)
    prefix = jurisdiction_prefix(user)
    if prefix is None:
        return qs.none()
    # An agency also sees the agencies above it (the county bureau that supervises it).
    lo, hi = code_range(prefix)
    above = [prefix[:n] for n in (2, 4, 6, 9) if n < len(prefix)]
    return qs.filter(region_id__gte=lo, region_id__lt=hi) | qs.filter(region__prefix__in=above)


def visible_officers(user: User) -> QuerySet[User]:
    """Users holding an enforcement certificate, in agencies the user can see."""
    agencies = visible_agencies(user).values("pk")
    return (User.objects.filter(is_active=True, agency__in=agencies,
                                certificates__isnull=False)
            .distinct().order_by("agency_id", "username"))
