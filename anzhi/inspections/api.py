from datetime import date
from urllib.parse import quote

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from ninja import Query, Router, Schema
from ninja import Status as Reply

from anzhi.core.documents import to_docx, to_pdf
from anzhi.core.errors import TransitionRefused
from anzhi.core.types import DbInt

from . import documents, presenters
from .checklists import version_items
from .choices import Status
from .schemas import (
    ChecklistOut,
    InspectionIn,
    InspectionOut,
    InspectionPage,
    SignatureIn,
    SignatureOut,
)
from .selectors import InspectionFilters, checklists, get_inspection, inspection_list
from .services import inspection_create, inspection_create_once, inspection_submit
from .signing import inspection_sign

router = Router(tags=["执法检查"])
checklist_router = Router(tags=["执法检查表"])


class ListQuery(Schema):
    enterprise: DbInt | None = None
    agency: DbInt | None = None
    mode: str = ""
    campaign: DbInt | None = None
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: DbInt = 1
    page_size: DbInt = 20


@router.get("", response=InspectionPage, summary="执法检查列表（筛选、分页）")
def list_inspections(request, query: Query[ListQuery]):
    page_size = max(1, min(query.page_size, 100))
    page = max(1, query.page)
    qs = inspection_list(request.user, InspectionFilters(
        enterprise=query.enterprise, agency=query.agency, mode=query.mode,
        campaign=query.campaign, status=query.status, date_from=query.date_from,
        date_to=query.date_to))
    start = (page - 1) * page_size
    items = [presenters.list_item(i) for i in qs[start:start + page_size]]
    return {"total": qs.count(), "page": page, "page_size": page_size, "items": items}


@router.post("", response={201: InspectionOut},
             summary="提交完整的检查记录（检查项结果、问题、处置一次提交）",
             description="请求头 Idempotency-Key 可选：同一用户以同一键重发时不会重复建立记录，"
             "而是返回第一次的响应。")
def create_inspection(request, payload: InspectionIn):
    return created(request, payload.dict(), submit=True)


def created(request, data: dict, *, submit: bool):
    """201 with the new record (or draft); with an Idempotency-Key, a resend replays the
    first response instead of creating a second record."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        inspection = inspection_create(actor=request.user, data=data, submit=submit)
        return Reply(201, presenters.detail(inspection))
    status, body, replayed = inspection_create_once(actor=request.user, key=key, data=data,
                                                    present=presenters.detail, submit=submit)
    response = JsonResponse(body, status=status, encoder=DjangoJSONEncoder)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@router.get("/{int:inspection_id}", response=InspectionOut, summary="执法检查详情")
def get_one(request, inspection_id: DbInt):
    return presenters.detail(get_inspection(request.user, inspection_id))


@router.post("/{int:inspection_id}/submit", response=InspectionOut, summary="提交草稿")
def submit(request, inspection_id: DbInt):
    inspection = get_inspection(request.user, inspection_id)
    inspection_submit(actor=request.user, inspection=inspection)
    return presenters.detail(get_inspection(request.user, inspection_id))


@router.post("/{int:inspection_id}/signatures", response={201: SignatureOut},
             summary="签名：执法人员重新输入密码签名；被检查单位签收或拒签（须有见证人）")
def sign(request, inspection_id: DbInt, payload: SignatureIn):
    inspection = get_inspection(request.user, inspection_id)
    sig = inspection_sign(actor=request.user, inspection=inspection, kind=payload.kind,
                          signer_id=payload.signer, password=payload.password,
                          name=payload.name, statement=payload.statement,
                          drawing=payload.drawing, witness=payload.witness)
    return Reply(201, {"seq": sig.seq, "kind": sig.kind, "kind_label": sig.get_kind_display(),
                 "name": sig.name, "witness": sig.witness, "signed_at": sig.signed_at,
                 "hash": sig.hash})


FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             to_docx),
    "pdf": ("application/pdf", to_pdf),
}


@router.get("/{int:inspection_id}/documents/{name}", summary="执法文书（.docx 或 .pdf）",
            description="name 为 record、rectification-order、review-opinion、transfer-form "
            "加 .docx 或 .pdf，如 record.pdf")
def document(request, inspection_id: DbInt, name: str):
    kind, _, fmt = name.rpartition(".")
    if kind not in documents.KINDS or fmt not in FORMATS:
        raise Http404("没有这种文书")
    inspection = get_inspection(request.user, inspection_id)
    if inspection.status == Status.DRAFT:
        raise TransitionRefused("草稿不能制作文书，请先提交检查记录")
    spec = documents.build(kind, inspection)
    content_type, render = FORMATS[fmt]
    response = HttpResponse(render(spec), content_type=content_type)
    filename = f"{documents.KINDS[kind]}-{inspection.pk}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def checklist_out(c) -> dict:
    version = max(c.versions.all(), key=lambda v: v.number)
    return {"id": c.pk, "code": c.code, "title": c.title, "sector_code": c.sector_code,
            "description": c.description, "is_builtin": c.is_builtin,
            "version": version.number, "version_id": version.pk,
            "items": [{"id": i.pk, "seq": i.seq, "section": i.section, "content": i.content,
                       "legal_basis": i.legal_basis, "standard_basis": i.standard_basis,
                       "is_major": i.is_major, "statute_entry": i.statute_entry}
                      for i in version_items(version.pk).values()]}


@checklist_router.get("", response=list[ChecklistOut], summary="执法检查表（当前版本及检查项）")
def list_checklists(request, sector: str = ""):
    qs = checklists()
    if sector:
        qs = qs.filter(sector_code=sector)
    return [checklist_out(c) for c in qs if c.versions.all()]


from . import api_drafts  # noqa: E402, F401  (registers the on-site drafting endpoints)
