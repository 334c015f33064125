"""Imports as ``core.Job`` rows: the page keeps the uploaded file under a preview job until
the user confirms, and large files are previewed and committed by the huey task in
``registry/tasks.py`` while the page polls ``core/job_progress.html``.

A preview job keeps its report under ``result["preview"]``; a commit job keeps its report
at the top of ``result`` (``created``, ``updated``, ``unchanged``, ``invalid``, ``errors`` …),
which is what ``core/job_progress.html`` and ``GET /api/v1/jobs/{id}`` show.

The uploaded file is deleted when the commit ends, when the file turns out unreadable (or
not the user's to import), or when the user abandons the preview (``abandon``, 放弃):
nothing can use it after that. Previews nobody confirms are swept after ``files.KEEP_DAYS``
(``sweep_abandoned``, a daily huey task). ``fail_stalled`` (every few minutes) fails the
jobs whose worker died — "running" with no progress for ``STALLED_AFTER``, or queued and
never started for ``LOST_AFTER`` — and deletes their files. The jobs stay — who, when, the
counts — with ``result["file_removed_at"]``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from anzhi.accounts.models import User
from anzhi.accounts.scoping import may_change_registry
from anzhi.core import audit
from anzhi.core.errors import NotAllowed, TransitionRefused
from anzhi.core.models import Job

from .engine import run_import
from .files import KEEP_DAYS, SUBDIR, absolute, discard, imports_dir
from .reader import ImportFileError, open_table

log = logging.getLogger(__name__)

KIND_PREVIEW = "registry.import.preview"
KIND_COMMIT = "registry.import"
KINDS = (KIND_PREVIEW, KIND_COMMIT)
ACTIVE = (Job.Status.PENDING, Job.Status.RUNNING)

# A running import reports progress (its heartbeat) every ``engine.CHUNK_SIZE`` rows, a
# fraction of a second apart: one silent this long lost its worker (killed, crashed, the
# machine restarted), and nothing else would ever finish it. However long the file.
STALLED_MINUTES = 30
STALLED_AFTER = timedelta(minutes=STALLED_MINUTES)
STALLED = {
    KIND_PREVIEW: f"预检中断：超过 {STALLED_MINUTES} 分钟没有进展（后台处理进程可能已停止），"
                  "上传的文件已清理，请重新上传",
    KIND_COMMIT: f"导入中断：超过 {STALLED_MINUTES} 分钟没有进展（后台处理进程可能已停止），"
                 "已写入的分批数据保留；上传的文件已清理，如需继续请重新上传",
}
# No township's queue is a day long: a job queued this long was lost by the queue.
LOST_AFTER = timedelta(days=1)
LOST = "排队中断：超过 1 天仍未开始（后台队列可能已丢失此任务），上传的文件已清理，请重新上传"


def estimate_rows(relative: str, filename: str) -> int:
    """Rows the file claims to hold (read from the sheet's dimension; cheap)."""
    with open_table(absolute(relative), filename) as table:
        return table.estimated_rows or 0


def is_large(rows: int) -> bool:
    return rows > settings.IMPORT_BACKGROUND_THRESHOLD


def create(*, actor: User, kind: str, file: str, filename: str, total: int = 0,
           source: Job | None = None) -> Job:
    result: dict[str, Any] = {"file": file, "filename": filename}
    if source is not None:
        result["source"] = str(source.pk)
    return Job.objects.create(kind=kind, created_by=actor, total=total, result=result)


def start(job: Job, *, background: bool) -> Job:
    """Run ``job`` now, or queue it for the huey worker. Returns the job as it stands."""
    if background:
        from ..tasks import run_import_job

        try:
            run_import_job(str(job.pk))
        except Exception:  # the queue itself is broken; say so on the job
            log.exception("could not queue import job %s", job.pk)
            _fail(job.pk, "无法加入后台队列，请稍后重试")
    else:
        run(job.pk)
    job.refresh_from_db()
    return job


def _fail(job_id, message: str) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, error=message,
                                         finished_at=timezone.now())


def _remove_file(relative: str, *, now: datetime | None = None) -> None:
    """Delete the upload and note it on every job that read it (a preview and its commit)."""
    discard(relative)
    at = (now or timezone.now()).isoformat()
    for job in Job.objects.filter(kind__in=KINDS, result__file=relative).only("result"):
        job.result["file_removed_at"] = at
        job.save(update_fields=["result"])


def run(job_id) -> None:
    """Preview or commit the job's file, recording progress and the report on the job."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    # Only a job still queued (or re-run): one failed as lost meanwhile stays failed.
    if not Job.objects.filter(pk=job.pk, status__in=ACTIVE).update(
            status=Job.Status.RUNNING, heartbeat_at=timezone.now()):
        return
    params = {k: job.result[k] for k in ("file", "filename", "source") if k in job.result}
    if not absolute(params["file"]).exists():
        _fail(job.pk, f"文件：上传的文件已清理（超过 {KEEP_DAYS} 天未确认导入），请重新上传")
        return

    def progress(done: int, total: int | None) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=max(total or 0, done),
                                             heartbeat_at=timezone.now())

    try:
        report = run_import(absolute(params["file"]), actor=job.created_by,
                            dry_run=job.kind == KIND_PREVIEW, filename=params["filename"],
                            progress=progress)
    except (ImportFileError, NotAllowed) as exc:
        _fail(job.pk, exc.message)
        _remove_file(params["file"])  # importing it again can only fail the same way
        return
    except Exception:
        # The file stays for whoever looks into it; the sweep removes it in a week.
        log.exception("import job %s failed", job.pk)
        _fail(job.pk, "导入过程中出现内部错误，已写入的分批数据保留；请联系管理员")
        return
    data = report.as_dict()
    result = {**params, "preview": data} if job.kind == KIND_PREVIEW else {**params, **data}
    finished = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, done=report.rows_read, total=report.rows_read, result=result,
        finished_at=timezone.now())
    if not finished:  # the sweep took it for stalled and deleted its file meanwhile
        log.warning("import job %s finished after it was failed as stalled", job.pk)
        return
    if job.kind == KIND_COMMIT:
        _remove_file(params["file"])


def abandon(*, actor: User, job_id) -> Job:
    """放弃: the user drops a previewed import; its upload is deleted at once, the preview
    stays marked ``abandoned_at`` and can no longer be confirmed. Abandoning twice is the
    same as once."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, kind=KIND_PREVIEW).first()
        if job is None or not (actor.is_superuser or job.created_by_id == actor.pk):
            raise NotAllowed("只能放弃自己上传的导入")
        if not may_change_registry(actor):
            raise NotAllowed("无权导入企业档案")
        if job.result.get("abandoned_at"):
            return job
        if job.result.get("commit"):
            raise TransitionRefused("此文件已确认导入，不能放弃")
        if job.status in ACTIVE:
            raise TransitionRefused("预检尚未完成，完成后才能放弃")
        at = timezone.now().isoformat()
        job.result.update(abandoned_at=at, file_removed_at=job.result.get("file_removed_at", at))
        job.save(update_fields=["result"])
        audit.record(actor=actor, action="registry.import.abandon", obj=job,
                     changes={"file": [job.result["filename"], None]})
        # Deleted once the mark is committed: a rollback must not leave a preview whose
        # file is gone but that still offers 确认导入.
        transaction.on_commit(lambda: discard(job.result["file"]))
    return job


def fail_stalled(*, now: datetime | None = None) -> list[str]:
    """Fail the imports whose worker is gone — running without a heartbeat for
    ``STALLED_AFTER``, or queued for ``LOST_AFTER`` — and delete their uploads; returns
    the files deleted."""
    now = now or timezone.now()
    silent = now - STALLED_AFTER
    stalled = Q(status=Job.Status.RUNNING) & (
        Q(heartbeat_at__lt=silent) | Q(heartbeat_at__isnull=True, created_at__lt=silent))
    lost = Q(status=Job.Status.PENDING, created_at__lt=now - LOST_AFTER)
    removed = []
    for job in Job.objects.filter(stalled | lost, kind__in=KINDS).only("kind", "status",
                                                                       "result"):
        error = STALLED[job.kind] if job.status == Job.Status.RUNNING else LOST
        # Only if still stalled: a worker reporting progress right now keeps its job.
        if not Job.objects.filter(stalled | lost, pk=job.pk).update(
                status=Job.Status.FAILED, error=error, finished_at=now):
            continue
        log.warning("import job %s failed: %s", job.pk, error)
        _remove_file(job.result["file"], now=now)
        removed.append(job.result["file"])
    return removed


def sweep_abandoned(*, now: datetime | None = None) -> int:
    """Delete uploads older than ``KEEP_DAYS`` that no import is reading: previews never
    confirmed, and files left by a failed job or by an upload that never got a job.
    Jobs stalled or lost are failed first (``fail_stalled``) and their uploads deleted
    whatever their age. Returns the number of files deleted."""
    now = now or timezone.now()
    removed = len(fail_stalled(now=now))
    cutoff = (now - timedelta(days=KEEP_DAYS)).timestamp()
    in_use = set(Job.objects.filter(kind__in=KINDS, status__in=ACTIVE)
                 .values_list("result__file", flat=True))
    for path in sorted(imports_dir().iterdir()):
        relative = f"{SUBDIR}/{path.name}"
        if not path.is_file() or relative in in_use or path.stat().st_mtime >= cutoff:
            continue
        _remove_file(relative, now=now)
        removed += 1
    if removed:
        log.info("removed %d abandoned import uploads", removed)
    return removed
