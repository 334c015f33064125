"""Pages for importing (upload → preview → 确认导入 or 放弃 → result) and exporting
enterprises.

The uploaded file stays on the server under MEDIA_ROOT/imports/, keyed by the preview's
``core.Job``; confirming creates a commit job on the same file, so nothing is uploaded twice.
放弃 (a POST to ``import/<id>/abandon/``) deletes the file at once. A preview whose file is gone
(abandoned, or swept after a week) can no longer be confirmed.
Files with more rows than settings.IMPORT_BACKGROUND_THRESHOLD are previewed and committed
by the huey worker while the page shows the progress bar.
"""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook

from anzhi.accounts.scoping import may_change_registry
from anzhi.core.errors import NotAllowed, TransitionRefused
from anzhi.core.models import Job

from .exporting import XLSX, export_response, template_response
from .forms import FilterForm
from .importing import ImportFileError
from .importing import jobs as import_jobs
from .importing.files import KEEP_DAYS, absolute, store_upload

SHOWN_ERRORS = 500
RUNNING = (Job.Status.PENDING, Job.Status.RUNNING)


def _require_change(user) -> None:
    if not may_change_registry(user):
        raise PermissionDenied("无权导入企业档案")


def _job(request, job_id) -> Job:
    qs = Job.objects.filter(kind__in=(import_jobs.KIND_PREVIEW, import_jobs.KIND_COMMIT))
    if not request.user.is_superuser:
        qs = qs.filter(created_by=request.user)
    return get_object_or_404(qs, pk=job_id)


def _report(job: Job) -> dict | None:
    if job.status != Job.Status.DONE:
        return None
    return job.result.get("preview") if job.kind == import_jobs.KIND_PREVIEW else job.result


@login_required
def import_view(request):
    _require_change(request.user)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "文件：请选择要导入的 .xlsx 文件"
        else:
            relative = None
            try:
                relative, filename = store_upload(upload)
                rows = import_jobs.estimate_rows(relative, filename)
            except ImportFileError as exc:
                error = exc.message
                if relative:
                    absolute(relative).unlink(missing_ok=True)
            else:
                job = import_jobs.create(actor=request.user, kind=import_jobs.KIND_PREVIEW,
                                         file=relative, filename=filename, total=rows)
                import_jobs.start(job, background=import_jobs.is_large(rows))
                return redirect("registry:import-job", job_id=job.pk)
    return render(request, "registry/import.html", {
        "error": error, "threshold": settings.IMPORT_BACKGROUND_THRESHOLD,
        "keep_days": KEEP_DAYS,
    })


@login_required
@require_GET
def import_job_view(request, job_id):
    """The preview or the result."""
    _require_change(request.user)
    job = _job(request, job_id)
    report = _report(job)
    context = {"job": job, "running": job.status in RUNNING, "report": report,
               "is_preview": job.kind == import_jobs.KIND_PREVIEW,
               "file_removed": bool(job.result.get("file_removed_at")),
               "abandoned": bool(job.result.get("abandoned_at")),
               "errors": (report or {}).get("errors", [])[:SHOWN_ERRORS],
               "shown_limit": SHOWN_ERRORS}
    if job.kind == import_jobs.KIND_PREVIEW and job.result.get("commit"):
        context["commit_id"] = job.result["commit"]
    if job.kind == import_jobs.KIND_COMMIT and job.result.get("source"):
        context["source_id"] = job.result["source"]
    return render(request, "registry/import_job.html", context)


@require_POST
@login_required
def import_abandon_view(request, job_id):
    """放弃: drop a previewed import (the service deletes its upload); back to the preview,
    which then says so, or shows why it could not be abandoned."""
    _require_change(request.user)
    job = _job(request, job_id)  # 404 for other users' jobs
    try:
        import_jobs.abandon(actor=request.user, job_id=job.pk)
    except (NotAllowed, TransitionRefused) as exc:
        messages.error(request, exc.message)
    return redirect("registry:import-job", job_id=job.pk)


@login_required
def import_status_view(request, job_id):
    """Polled by the job page: nothing (204) while the job runs, a page refresh when done."""
    job = _job(request, job_id)
    if job.status in RUNNING:
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def import_confirm_view(request, job_id):
    """确认导入: commit the valid rows of a previewed file (once)."""
    _require_change(request.user)
    _job(request, job_id)  # 404 for other users' jobs
    with transaction.atomic():
        preview = Job.objects.select_for_update().get(pk=job_id)
        if preview.kind != import_jobs.KIND_PREVIEW or preview.status != Job.Status.DONE:
            return redirect("registry:import-job", job_id=preview.pk)
        if preview.result.get("commit"):
            return redirect("registry:import-job", job_id=preview.result["commit"])
        if preview.result.get("file_removed_at"):  # the page says to upload it again
            return redirect("registry:import-job", job_id=preview.pk)
        rows = preview.result["preview"]["rows_read"]
        commit = import_jobs.create(actor=request.user, kind=import_jobs.KIND_COMMIT,
                                    file=preview.result["file"],
                                    filename=preview.result["filename"], total=rows,
                                    source=preview)
        preview.result["commit"] = str(commit.pk)
        preview.save(update_fields=["result"])
    import_jobs.start(commit, background=import_jobs.is_large(rows))
    return redirect("registry:import-job", job_id=commit.pk)


@login_required
def import_errors_view(request, job_id):
    """The bad rows of a preview or commit as .xlsx (行号, 列, 原因)."""
    _require_change(request.user)
    report = _report(_job(request, job_id)) or {}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误行")
    ws.append(["行号", "列", "原因"])
    for e in report.get("errors", []):
        ws.append([e["row"], e["column"], e["message"]])
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it
    wb.save(tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename="导入错误行.xlsx", content_type=XLSX)


@login_required
def import_template_view(request):
    _require_change(request.user)
    return template_response(request.user)


@login_required
def export_view(request):
    form = FilterForm(request.GET or None, user=request.user)
    return export_response(request.user, form.filters())
