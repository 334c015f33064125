"""Background work of the registry, run by the huey consumer (``anzhi run_huey``)."""

from huey.contrib.djhuey import db_task

from .importing import jobs


@db_task()
def run_import_job(job_id: str) -> None:
    """Preview or commit an uploaded enterprise spreadsheet, updating its ``core.Job``."""
    jobs.run(job_id)
