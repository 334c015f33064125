from ninja import Router, Schema

from .models import Region

router = Router(tags=["行政区划"])


class RegionOut(Schema):
    code: str
    name: str
    level: int
    level_label: str
    parent: str | None
    full_name: str


@router.get("", response=list[RegionOut], summary="下级行政区划（不带 parent 时为各省）")
def list_regions(request, parent: str | None = None):
    qs = Region.objects.filter(parent_id=parent) if parent else Region.objects.filter(
        level=Region.Level.PROVINCE)
    return [
        {"code": r.code, "name": r.name, "level": r.level, "level_label": r.get_level_display(),
         "parent": r.parent_id, "full_name": r.full_name}
        for r in qs.order_by("code")
    ]
