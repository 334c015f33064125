from datetime import date

from django.contrib.auth import authenticate
from django.db.models import Prefetch
from ninja import Router, Schema, Status

from anzhi.core.labels import FIELD_LABELS

from .models import Agency, Certificate, User
from .selectors import visible_agencies, visible_officers
from .tokens import issue_token

auth_router = Router(tags=["认证"])
router = Router(tags=["机构与人员"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class Message(Schema):
    detail: str


@auth_router.post("/token", auth=None, response={200: TokenOut, 401: Message},
                  summary="用户名和密码换取令牌")
def obtain_token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": "用户名或密码错误"})
    return Status(200, {"token": issue_token(user)})


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    region: str
    region_name: str
    parent_id: int | None
    has_enforcement_power: bool


def _agency_out(a: Agency) -> dict:
    return {
        "id": a.id, "name": a.name, "short_name": a.short_name, "kind": a.kind,
        "kind_label": a.get_kind_display(), "region": a.region_id, "region_name": str(a.region),
        "parent_id": a.parent_id, "has_enforcement_power": a.has_enforcement_power,
    }


@router.get("/agencies", response=list[AgencyOut], summary="机构列表（本辖区）")
def list_agencies(request):
    return [_agency_out(a) for a in visible_agencies(request.user).select_related("region")]


class OfficerOut(Schema):
    id: int
    username: str
    name: str
    agency_id: int | None
    agency: str | None
    certificate_number: str | None
    certificate_issuing_authority: str | None
    certificate_valid_until: date | None
    certificate_valid_today: bool


@router.get("/officers", response=list[OfficerOut], summary="执法人员（含执法证号与有效期）")
def list_officers(request):
    today = date.today()
    officers = visible_officers(request.user).select_related("agency").prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.filter(revoked=False))
    )
    out = []
    for user in officers:
        cert: Certificate | None = next(iter(user.certificates.all()), None)
        out.append({
            "id": user.id, "username": user.username, "name": user.display_name,
            "agency_id": user.agency_id, "agency": str(user.agency) if user.agency else None,
            "certificate_number": cert.number if cert else None,
            "certificate_issuing_authority": cert.issuing_authority if cert else None,
            "certificate_valid_until": cert.valid_until if cert else None,
            "certificate_valid_today": bool(cert and cert.is_valid_on(today)),
        })
    return out


FIELD_LABELS.update({"token": "令牌"})
__all__ = ["User", "auth_router", "router"]
