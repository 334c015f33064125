"""Who sees and acts on planning records, built on anzhi.accounts.scoping.

Plans, draws and rotations belong to an agency; a user sees those of the agencies inside
their jurisdiction (the region of their agency, or their own region for 纪委/领导), and acts
(创建、抽取、修改) only with a role that may change records in that jurisdiction.
Campaigns issued by an agency above (the county) are visible to the townships below.
"""

from django.apps import apps
from django.db.models import Q

from anzhi.accounts.models import Agency, Role, User
from anzhi.accounts.scoping import CHANGE_ROLES, REGION_ROLES, jurisdiction_prefix
from anzhi.regions.models import code_range

NOTHING = Q(pk__in=[])


def agency_q(user: User, action: str = "view", *, path: str = "agency") -> Q | None:
    """Records whose ``path`` agency lies in the user's jurisdiction. None = everything."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return None
    if user.role not in REGION_ROLES:
        return NOTHING
    if action == "change" and user.role not in CHANGE_ROLES:
        return NOTHING
    prefix = jurisdiction_prefix(user)
    if prefix is None:
        return NOTHING
    lo, hi = code_range(prefix)
    field = f"{path}__region_id" if path else "region_id"
    return Q(**{f"{field}__gte": lo, f"{field}__lt": hi})


def restrict_agency(qs, user: User, action: str = "view", *, path: str = "agency"):
    q = agency_q(user, action, path=path)
    return qs if q is None else qs.filter(q)


def may_act_for(user: User, agency: Agency) -> bool:
    if agency is None:
        return False
    return restrict_agency(Agency.objects.filter(pk=agency.pk), user, "change",
                           path="").exists()


def may_witness(user: User, agency: Agency) -> bool:
    """纪委 (read-only otherwise) may add witness entropy to draws in its jurisdiction."""
    if may_act_for(user, agency):
        return True
    if user.role != Role.DISCIPLINE:
        return False
    return restrict_agency(Agency.objects.filter(pk=agency.pk), user, "view", path="").exists()


def inspection_model():
    """The inspections app's Inspection model, or None when that app is not installed."""
    try:
        return apps.get_model("inspections", "Inspection")
    except LookupError:
        return None


def finding_model():
    try:
        return apps.get_model("inspections", "Finding")
    except LookupError:
        return None


def recorded_inspections():
    """Inspections that count as done: not drafts, not correction records (the corrected
    original already counts). None when the inspections app is absent."""
    model = inspection_model()
    if model is None:
        return None
    qs = model.objects.all()
    names = {f.name for f in model._meta.get_fields()}
    if "status" in names:
        qs = qs.exclude(status="draft")
    if "corrects" in names:
        qs = qs.filter(corrects__isnull=True)
    return qs
