from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Job

router = Router(tags=["后台任务"])


class JobOut(Schema):
    id: UUID
    kind: str
    status: str
    status_label: str
    total: int
    done: int
    percent: int
    result: dict
    error: str


def job_out(job: Job) -> dict:
    return {"id": job.id, "kind": job.kind, "status": job.status,
            "status_label": job.get_status_display(), "total": job.total, "done": job.done,
            "percent": job.percent, "result": job.result, "error": job.error}


@router.get("/{uuid:job_id}", response=JobOut, summary="后台任务进度")
def get_job(request, job_id: UUID):
    qs = Job.objects.all() if request.user.is_superuser else Job.objects.filter(
        created_by=request.user)
    return job_out(get_object_or_404(qs, pk=job_id))
