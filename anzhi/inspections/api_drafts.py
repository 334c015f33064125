"""The phone's on-site flow through the API: a draft built step by step, so a dropped
connection loses nothing — create the draft, save answers one by one, add findings and
photos (a resent finding or photo with the same ``client_id`` is stored once), then
``POST /api/v1/inspections/{id}/submit`` (in ``api.py``). Handlers only parse and call the
services of ``services.py``, which check, validate and audit. Photos are downloaded with the
bearer token from ``GET .../photos/{photo_id}`` (the ``api_url`` of each photo).

Registered on the inspections router by the import at the end of ``api.py``.
"""

from datetime import datetime

from django.urls import reverse
from ninja import File, Form, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile

from anzhi.core.errors import ValidationFailed
from anzhi.core.files import serve_stored
from anzhi.core.types import DbInt

from . import presenters
from .api import created, router
from .checklists import version_items
from .photos import MAX_PHOTO_BYTES, TOO_LARGE
from .schemas import AnswerOut, FindingIn, FindingOut, InspectionIn, InspectionOut
from .selectors import get_inspection, get_photo
from .services import (
    answer_save,
    finding_add,
    photo_add,
)


class AnswerSaveIn(Schema):
    result: str
    note: str = ""


class PhotoOut(Schema):
    id: int
    client_id: str
    sha256: str
    item: int | None
    finding: int | None
    uploaded_at: datetime
    taken_at: datetime | None
    content_type: str
    size: int | None
    url: str
    api_url: str


def photo_out(photo) -> dict:
    """A photo as the API shows it: ``url`` is the page's (session login), ``api_url`` the
    download with the bearer token."""
    return {"id": photo.pk, "client_id": photo.client_id, "sha256": photo.sha256,
            "item": photo.item_id, "finding": photo.finding_id,
            "uploaded_at": photo.uploaded_at, "taken_at": photo.taken_at,
            "content_type": photo.content_type, "size": photo.size,
            "url": reverse("inspections:photo-file", args=[photo.inspection_id, photo.pk]),
            "api_url": reverse("api:inspection_photo_file", kwargs={
                "inspection_id": photo.inspection_id, "photo_id": photo.pk})}


@router.post("/drafts", response={201: InspectionOut},
             summary="新建检查草稿（现场逐项填写、随时保存）",
             description="请求体与 POST /api/v1/inspections 相同，但只保存为草稿：检查项结果"
             "可以暂缺，随后逐项保存（PUT .../answers/{item_id}）、添加问题和照片，最后 "
             "POST .../submit 提交。被检查单位、执法机构、检查方式和执法人员须在新建时填好。"
             "请求头 Idempotency-Key 可选：以同一键重发时不会重复建立草稿。")
def create_draft(request, payload: InspectionIn):
    return created(request, payload.dict(), submit=False)


@router.put("/{int:inspection_id}/answers/{int:item_id}", response=AnswerOut,
            summary="保存一个检查项的结果（草稿）",
            description="result 为 compliant（符合）、noncompliant（不符合）、"
            "na（不适用），或空字符串（清除结果）；重复保存同一内容不会重复记录。")
def save_answer(request, inspection_id: DbInt, item_id: DbInt, payload: AnswerSaveIn):
    inspection = get_inspection(request.user, inspection_id)
    answer = answer_save(actor=request.user, inspection=inspection, item_id=item_id,
                         result=payload.result, note=payload.note)
    item = version_items(inspection.checklist_version_id)[item_id]
    return {"item": item_id, "seq": item.seq, "result": answer.result,
            "result_label": presenters.RESULT_LABELS.get(answer.result, ""),
            "note": answer.note}


@router.post("/{int:inspection_id}/findings", response={201: FindingOut},
             summary="添加检查发现的问题及其处置（草稿）",
             description="client_id 由手机端生成：网络中断后以同一 client_id 重发，"
             "返回已保存的问题，不会重复添加。")
def add_finding(request, inspection_id: DbInt, payload: FindingIn):
    inspection = get_inspection(request.user, inspection_id)
    finding = finding_add(actor=request.user, inspection=inspection, data=payload.dict())
    shown = presenters.detail(get_inspection(request.user, inspection_id))["findings"]
    return Reply(201, next(f for f in shown if f["id"] == finding.pk))


@router.post("/{int:inspection_id}/photos", response={201: PhotoOut},
             summary="上传现场照片（草稿；multipart：file, client_id, item, finding, taken_at）",
             description=f"file 为 JPEG 或 PNG 图片（不超过 {MAX_PHOTO_BYTES // (1024 * 1024)} "
             "MB）；client_id 由手机端生成，以同一 client_id 重发时返回已保存的照片，不会重复"
             "保存；item（检查项）或 finding（问题）可选，表示照片所属；taken_at 为拍摄时间（可选，"
             "ISO 8601 或 EXIF 格式，无时区时按北京时间）。返回的 api_url 可凭令牌下载照片。")
def upload_photo(request, inspection_id: DbInt, file: File[UploadedFile] = None,
                 client_id: Form[str] = "", item: Form[DbInt | None] = None,
                 finding: Form[DbInt | None] = None, taken_at: Form[str] = ""):
    inspection = get_inspection(request.user, inspection_id)
    if file is not None and file.size > MAX_PHOTO_BYTES:
        raise ValidationFailed({"file": TOO_LARGE})  # refused before reading it
    photo = photo_add(actor=request.user, inspection=inspection,
                      content=file.read() if file is not None else b"",
                      client_id=client_id, item_id=item, finding_id=finding,
                      taken_at=taken_at or None)
    return Reply(201, photo_out(photo))


@router.get("/{int:inspection_id}/photos/{int:photo_id}", url_name="inspection_photo_file",
            summary="下载现场照片（JPEG 或 PNG）",
            description="凭令牌下载；看不到的检查记录或照片与不存在的一样返回 404。类型按"
            "文件内容判断。照片文件在存储中丢失时也返回 404，并说明文件已丢失。",
            openapi_extra={"responses": {200: {"description": "照片文件", "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}}}}}})
def inspection_photo_file(request, inspection_id: DbInt, photo_id: DbInt):
    photo = get_photo(request.user, inspection_id, photo_id)
    return serve_stored(photo.file, fallback_type=photo.content_type, api=True)
