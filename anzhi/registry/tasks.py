"""Background work of the registry, run by the huey consumer (``anzhi run_huey``)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .importing import jobs


@db_task()
def run_import_job(job_id: str) -> None:
    """Preview or commit an uploaded enterprise spreadsheet, updating its ``core.Job``."""
    jobs.run(job_id)


@db_periodic_task(crontab(minute="*/10"))
def fail_stalled_imports() -> int:
    """Every ten minutes: fail the imports whose worker died (no progress for half an
    hour, or queued a day) and delete their uploads, so the page stops showing 进行中."""
    return len(jobs.fail_stalled())


@db_periodic_task(crontab(hour="2", minute="40"))
def sweep_import_uploads() -> int:
    """Daily: the stalled imports as above, then the uploads nobody confirmed within a
    week (the jobs stay)."""
    return jobs.sweep_abandoned()
