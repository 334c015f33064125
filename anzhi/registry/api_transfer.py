"""API for moving enterprises in and out as spreadsheets:
``POST /api/v1/enterprises/import`` and ``GET /api/v1/enterprises/export``.

Mounted on the same ``/enterprises`` prefix as ``registry.api``; the dossier routes there use
an ``int`` converter, so ``/import`` and ``/export`` are never taken for an enterprise id.
"""

from uuid import UUID

from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from anzhi.accounts.scoping import may_change_registry
from anzhi.core.errors import NotAllowed, ValidationFailed

from .api import ListQuery, filters_of
from .exporting import export_response
from .importing import ImportFileError, run_import
from .importing import jobs as import_jobs
from .importing.files import absolute, store_upload

router = Router(tags=["企业档案"])


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportReportOut(Schema):
    dry_run: bool
    filename: str
    sheet: str
    header_row: int
    columns: list[str]
    ignored_columns: list[str]
    rows_read: int
    rows_valid: int
    rows_invalid: int
    created: int
    updated: int
    unchanged: int
    seconds: float
    errors: list[ImportErrorOut]


class ImportJobOut(Schema):
    job: UUID
    status: str
    status_label: str
    total: int
    done: int
    progress_url: str


def _file_error(message: str) -> ValidationFailed:
    return ValidationFailed({"file": message})


@router.post("/import", response={200: ImportReportOut, 202: ImportJobOut},
             summary="导入企业档案（.xlsx）",
             description="multipart 上传，字段 file 为 .xlsx（也接受 .csv）。"
             "dry_run=true 只返回预检报告（读取行数、有效行数、每个错误行的行号、列名和原因），"
             "不写入；否则写入有效行（按统一社会信用代码新增或更新）。"
             "行数超过后台阈值时返回 202 和任务编号，进度见 GET /api/v1/jobs/{id}。")
def import_enterprises(request, file: File[UploadedFile] = None, dry_run: Form[bool] = False):
    if not may_change_registry(request.user):
        raise NotAllowed("无权导入企业档案")
    if file is None:
        raise _file_error("文件：请上传要导入的 .xlsx 文件")
    try:
        relative, filename = store_upload(file)
    except ImportFileError as exc:
        raise _file_error(exc.message) from None
    path = absolute(relative)
    keep = False
    try:
        rows = import_jobs.estimate_rows(relative, filename)  # also checks the file opens
        if not dry_run and import_jobs.is_large(rows):
            job = import_jobs.create(actor=request.user, kind=import_jobs.KIND_COMMIT,
                                     file=relative, filename=filename, total=rows)
            keep = True
            job = import_jobs.start(job, background=True)
            return Status(202, {"job": job.pk, "status": job.status,
                         "status_label": job.get_status_display(), "total": job.total,
                         "done": job.done,
                         "progress_url": reverse("api:get_job", kwargs={"job_id": job.pk})})
        report = run_import(path, actor=request.user, dry_run=dry_run, filename=filename)
        return Status(200, report.as_dict())
    except ImportFileError as exc:
        raise _file_error(exc.message) from None
    finally:
        if not keep:
            path.unlink(missing_ok=True)


@router.get("/export", summary="导出企业档案（.xlsx）",
            description="按与列表相同的筛选条件（q、region、sector、risk_grade、status、flags、agency、"
            "sort）导出当前用户可见的企业；导出的文件可直接再次导入。")
def export_enterprises(request, query: Query[ListQuery]):
    return export_response(request.user, filters_of(query))
