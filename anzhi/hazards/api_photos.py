"""Photos of a hazard through the API (multipart upload, bearer-token download). Registered
on the hazards router by the import at the end of ``api.py``; the upload's service is
``services_photos.hazard_add_photos``, the download's selector ``get_hazard_file``."""

from ninja import File, Form, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile

from anzhi.core.files import serve_stored
from anzhi.core.types import DbInt

from .api import HazardFileOut, file_out, router
from .selectors import get_hazard_file
from .services_photos import hazard_add_photos
from .uploads import MAX_BYTES


class HazardPhotosOut(Schema):
    hazard: int
    files: list[HazardFileOut]


@router.post("/{int:hazard_id}/photos", response={201: HazardPhotosOut},
             summary="补充隐患照片或材料（multipart：photos, kind, client_id）",
             description="photos 为一个或多个图片（JPG、PNG、GIF、WEBP）或 PDF 文件，"
             f"每个不超过 {MAX_BYTES // (1024 * 1024)} MB；kind 为 finding（隐患照片，默认）"
             "或 other（其他材料）。企业用户只能为本企业的隐患上传；已销号的隐患不能再补充。"
             "client_id 可选（不超过 40 个字符，一次只带一个文件）：由手机端生成，以同一 "
             "client_id 重发时返回已保存的文件，不会重复保存。返回的 api_url 可凭令牌下载。")
def add_photos(request, hazard_id: DbInt, photos: File[list[UploadedFile]] = None,
               kind: Form[str] = "finding", client_id: Form[str] = ""):
    saved = hazard_add_photos(actor=request.user, hazard=hazard_id, files=photos or (),
                              kind=kind, client_id=client_id)
    return Reply(201, {"hazard": hazard_id, "files": [file_out(f) for f in saved]})


@router.get("/{int:hazard_id}/files/{int:file_id}", url_name="hazard_file",
            summary="下载隐患照片或材料（含整改前后照片）",
            description="凭令牌下载；看不到的隐患或文件与不存在的一样返回 404。文件类型按文件"
            "内容判断。文件内容在存储中丢失时也返回 404，并说明文件已丢失。",
            openapi_extra={"responses": {200: {"description": "文件（图片或 PDF）", "content": {
                "application/octet-stream": {"schema": {"type": "string",
                                                        "format": "binary"}}}}}})
def hazard_file(request, hazard_id: DbInt, file_id: DbInt):
    item = get_hazard_file(request.user, hazard_id, file_id)
    return serve_stored(item.file, filename=item.name, fallback_type=item.content_type,
                        api=True)
