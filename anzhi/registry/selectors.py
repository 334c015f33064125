"""Reads shaped for the registry pages and API. All go through jurisdiction scoping."""

from django.db.models import Q, QuerySet
from django.http import Http404

from anzhi.accounts.models import User
from anzhi.accounts.scoping import enterprise_q, restrict
from anzhi.core.audit import history
from anzhi.core.prepared import Prepared

from .filters import EnterpriseFilters, filtered
from .listing import compiled_listing
from .models import Enterprise, EnterprisePerson, Sector, StatusChange, Supervision
from .paging import EnterprisePaginator
from .search import Counted

# What a list row shows, read as dicts: a page of 20 enterprises with their region and lead
# agency as model instances cost the API list a millisecond (60 instances) of its four.
LIST_FIELDS = ("id", "name", "uscc", "region_id", "region__name", "risk_grade", "status",
               "employee_count", "lead_agency__name", "lead_agency__short_name", "address")
_STATUS_LABELS = dict(Enterprise._meta.get_field("status").flatchoices)


def list_items(qs: QuerySet[Enterprise]) -> list[dict]:
    """The enterprises of ``qs`` (from ``enterprise_matches``, sliced to a page) as the list
    page and the API show them."""
    return [_item(row) for row in qs.values(*LIST_FIELDS)]


# A page's rows by their ids (``paging.EnterprisePaginator``'s second step), compiled once
# per page length: the statement's shape never changes with the list's filters.
_ROWS_BY_ID = Prepared(Enterprise, lambda _key, ids: Enterprise.objects.filter(
    pk__in=ids).order_by().values_list(*LIST_FIELDS))


def list_items_by_id(ids: list[int]) -> list[dict]:
    """``list_items`` for the enterprises with these ids, already scoped and filtered by
    the query that found them, in the order of ``ids``."""
    found = {row[0]: row for row in _ROWS_BY_ID.rows(None, ids)}
    return [_item(dict(zip(LIST_FIELDS, found[pk], strict=True))) for pk in ids if pk in found]


def _item(row: dict) -> dict:
    return {
        "id": row["id"], "name": row["name"], "uscc": row["uscc"], "region": row["region_id"],
        "region_name": row["region__name"], "address": row["address"],
        "risk_grade": row["risk_grade"], "status": row["status"],
        "status_label": _STATUS_LABELS.get(row["status"], row["status"]),
        "employee_count": row["employee_count"],
        # Agency.__str__: the short name when there is one.
        "lead_agency": row["lead_agency__short_name"] or row["lead_agency__name"],
    }


def enterprise_list(user: User, filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    return enterprise_matches(user, filters)[0]


def enterprise_matches(user: User, filters: EnterpriseFilters
                       ) -> tuple[QuerySet[Enterprise], Counted | None]:
    """The list and what a name search learnt about the number of matches (for
    ``paging.EnterprisePaginator``)."""
    qs, known = filtered(restrict(Enterprise.objects.all(), user), filters)
    return qs.select_related("region", "lead_agency"), known


def enterprise_pages(user: User, filters: EnterpriseFilters, per_page: int
                     ) -> EnterprisePaginator:
    """The list's pages for the page and the API: from kept statements
    (``listing.compiled_listing``), or built from the queryset for a name search."""
    listing = compiled_listing(user, filters)
    if listing is not None:
        return EnterprisePaginator(None, per_page, listing=listing, read=list_items_by_id)
    qs, known = enterprise_matches(user, filters)
    return EnterprisePaginator(qs, per_page, known=known, read=list_items_by_id)


def _one(scope: Q | None, pk: int) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.filter(pk=pk).select_related(
        "region", "industry", "industry__section", "lead_agency")
    return qs if scope is None else qs.filter(scope)


# Compiled once per scope: the dossier and every page about one enterprise start here.
_ONE = Prepared(Enterprise, _one)


def get_enterprise(user: User, pk: int, action="view") -> Enterprise:
    """The enterprise if the user may see (or change) it; 404 alike for missing and forbidden."""
    enterprise = _ONE.first(enterprise_q(user, action), int(pk))
    if enterprise is None:
        raise Http404("未找到该企业")
    return enterprise


# The dossier's other fixed reads of one enterprise, compiled once like ``_ONE``.
_SECTORS = Prepared(Sector, lambda _key, pk: Sector.objects.filter(enterprises=pk))
_STATUS_CHANGES = Prepared(StatusChange, lambda _key, pk: StatusChange.objects.filter(
    enterprise=pk).select_related("actor"))


def enterprise_dossier(user: User, pk: int) -> dict:
    """What every tab of the dossier shows above itself: the enterprise and its sectors.
    Each tab reads its own part (``tabs.TABS``), so opening 基本信息 does not read a hundred
    audit events for 变更记录."""
    enterprise = get_enterprise(user, pk)
    return {"enterprise": enterprise, "sectors": _SECTORS.all(None, enterprise.pk)}


def dossier_status_changes(user: User, enterprise: Enterprise) -> dict:
    return {"status_changes": _STATUS_CHANGES.all(None, enterprise.pk)}


def dossier_people(user: User, enterprise: Enterprise) -> dict:
    people = list(EnterprisePerson.objects.filter(enterprise=enterprise)
                  .order_by("-is_current", "role", "id"))
    return {"people": [p for p in people if p.is_current],
            "former_people": [p for p in people if not p.is_current]}


def dossier_licences(user: User, enterprise: Enterprise) -> dict:
    return {"licences": list(enterprise.licences.all())}


def dossier_supervisions(user: User, enterprise: Enterprise) -> dict:
    return {"supervisions": list(Supervision.objects.filter(enterprise=enterprise)
                                 .select_related("agency").order_by("-is_lead", "agency__name"))}


def dossier_history(user: User, enterprise: Enterprise) -> dict:
    return {"history": list(history(enterprise)[:100])}
