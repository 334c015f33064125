from django.db import transaction
from ninja import Query, Router, Schema, Status

from anzhi.core.types import DbInt

from .choices import FLAGS
from .filters import EnterpriseFilters
from .models import Enterprise
from .paging import EnterprisePaginator
from .schemas import EnterpriseIn, EnterpriseOut, EnterprisePage
from .selectors import enterprise_pages, get_enterprise, list_items_by_id
from .services import enterprise_create, enterprise_update

router = Router(tags=["企业档案"])


class ListQuery(Schema):
    q: str = ""
    region: str = ""
    sector: str = ""
    risk_grade: str = ""
    status: str = ""
    flags: list[str] = []
    agency: DbInt | None = None
    sort: str = "name"
    page: DbInt = 1
    page_size: DbInt = 20


def _summary(e: Enterprise) -> dict:
    """The list item's fields, of an enterprise read whole (the detail)."""
    return {
        "id": e.id, "name": e.name, "uscc": e.uscc, "region": e.region_id,
        "region_name": e.region.name, "address": e.address, "risk_grade": e.risk_grade,
        "status": e.status, "status_label": e.get_status_display(),
        "employee_count": e.employee_count,
        "lead_agency": str(e.lead_agency) if e.lead_agency_id else None,
    }


def detail(e: Enterprise) -> dict:
    out = _summary(e)
    out.update({
        "latitude": e.latitude, "longitude": e.longitude,
        "industry": e.industry_id, "industry_name": e.industry.name if e.industry else None,
        "sectors": [s.code for s in e.sectors.all()],
        "above_scale": e.above_scale,
        "flags": {f: getattr(e, f) for f in FLAGS},
        "major_hazard_level": e.major_hazard_level,
        "lead_agency_id": e.lead_agency_id,
        "supervisions": [{"agency_id": s.agency_id, "agency": str(s.agency), "is_lead": s.is_lead}
                         for s in e.supervisions.select_related("agency")],
        "people": [{"role": p.role, "role_label": p.get_role_display(), "name": p.name,
                    "id_number": p.id_number, "phone": p.phone}
                   for p in e.people.filter(is_current=True)],
        "licences": [{"kind": lic.kind, "number": lic.number, "issued_by": lic.issued_by,
                      "valid_until": lic.valid_until}
                     for lic in e.licences.filter(is_current=True)],
    })
    return out


def filters_of(query: ListQuery) -> EnterpriseFilters:
    return EnterpriseFilters(q=query.q, region=query.region, sector=query.sector,
                             risk_grade=query.risk_grade, status=query.status,
                             flags=list(query.flags), agency=query.agency, sort=query.sort)


@router.get("", response=EnterprisePage, summary="企业列表（筛选、分页）",
            description=f"total 与列表页一样最多数到 {EnterprisePaginator.cap:,} 户："
            "超过时 total 为上限、total_is_exact 为 false；"
            "翻页以 has_next 为准，上限之后的页同样可取。")
def list_enterprises(request, query: Query[ListQuery]):
    page_size = max(1, min(query.page_size, 100))
    page = max(1, query.page)
    # An exact count of a broad filter over a million rows costs ~300 ms; the page's cap
    # (and what a name search already learnt) is as much as anyone pages through.
    counter = enterprise_pages(request.user, filters_of(query), page_size)
    start = (page - 1) * page_size
    # Like the list page (paging.EnterprisePaginator): the ids from the enterprise table
    # alone, then their rows with the joins. One more than a page: is there a next one.
    rows = list_items_by_id(counter.ids(start, start + page_size + 1))
    return {"total": counter.count, "total_is_exact": not counter.capped, "page": page,
            "page_size": page_size, "has_next": len(rows) > page_size,
            "items": rows[:page_size]}


@router.post("", response={201: EnterpriseOut}, summary="新建企业档案")
def create_enterprise(request, payload: EnterpriseIn):
    data = payload.dict(exclude_unset=True)
    enterprise = enterprise_create(actor=request.user, data=data)
    return Status(201, detail(get_enterprise(request.user, enterprise.pk)))


@router.get("/{int:enterprise_id}", response=EnterpriseOut, summary="企业档案详情")
def get_one(request, enterprise_id: DbInt):
    return detail(get_enterprise(request.user, enterprise_id))


@router.patch("/{int:enterprise_id}", response=EnterpriseOut, summary="修改企业档案")
def patch_one(request, enterprise_id: DbInt, payload: EnterpriseIn):
    with transaction.atomic():
        enterprise = get_enterprise(request.user, enterprise_id)
        enterprise_update(actor=request.user, enterprise=enterprise,
                          data=payload.dict(exclude_unset=True))
    return detail(get_enterprise(request.user, enterprise_id))


