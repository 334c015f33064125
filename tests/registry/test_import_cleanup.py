"""Uploaded import files are deleted once their import is committed (or cannot be), and a
daily sweep deletes the ones nobody confirmed within a week; the jobs — who, when, the
counts — stay."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from anzhi.core.models import Job
from anzhi.registry.importing import jobs
from anzhi.registry.models import Enterprise
from anzhi.registry.tasks import sweep_import_uploads

from .conftest import import_uscc

pytestmark = pytest.mark.django_db


def import_job(cast, relative, *, status=Job.Status.DONE, kind=jobs.KIND_PREVIEW):
    job = jobs.create(actor=cast.officer_a, kind=kind, file=relative, filename="名录.xlsx")
    Job.objects.filter(pk=job.pk).update(status=status)
    return job


def test_confirmed_import_deletes_the_upload_and_keeps_both_jobs(cast, client, media,
                                                                 write_xlsx, sheet_rows):
    client.force_login(cast.officer_a)
    with open(write_xlsx(sheet_rows(2)), "rb") as fh:
        client.post(reverse("registry:import"), {"file": SimpleUploadedFile("名录.xlsx",
                                                                           fh.read())})
    previewed = Job.objects.get(kind=jobs.KIND_PREVIEW)
    upload = media / previewed.result["file"]
    assert upload.exists()  # kept for the confirm step

    client.post(reverse("registry:import-confirm", args=[previewed.pk]))
    commit = Job.objects.get(kind=jobs.KIND_COMMIT)
    assert commit.status == Job.Status.DONE
    assert not upload.exists()
    previewed.refresh_from_db()
    for job in (previewed, commit):
        assert job.created_by == cast.officer_a and job.result["filename"] == "名录.xlsx"
        assert job.result["file_removed_at"]
    assert (commit.result["created"], previewed.result["preview"]["rows_valid"]) == (2, 2)
    assert Enterprise.objects.filter(uscc=import_uscc(1)).exists()


def test_an_import_that_cannot_run_deletes_its_upload(cast, media, stored, write_xlsx,
                                                      sheet_rows):
    relative = stored(write_xlsx(sheet_rows(1)))
    job = jobs.create(actor=cast.leader, kind=jobs.KIND_COMMIT, file=relative,
                      filename="名录.xlsx")  # a leader may not change the registry
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error
    assert not (media / relative).exists() and job.result["file_removed_at"]


def test_sweep_deletes_week_old_unconfirmed_uploads_only(cast, media, stored, write_xlsx,
                                                         sheet_rows):
    path = write_xlsx(sheet_rows(1))
    abandoned = import_job(cast, stored(path, days_old=8))
    recent = import_job(cast, stored(path, days_old=6))
    running = import_job(cast, stored(path, days_old=8), status=Job.Status.RUNNING,
                         kind=jobs.KIND_COMMIT)
    orphan = stored(path, days_old=30)  # an upload that never got a job

    assert jobs.sweep_abandoned() == 2
    assert not (media / abandoned.result["file"]).exists() and not (media / orphan).exists()
    assert (media / recent.result["file"]).exists() and (media / running.result["file"]).exists()
    abandoned.refresh_from_db()
    assert abandoned.status == Job.Status.DONE and abandoned.result["file_removed_at"]
    assert abandoned.created_by == cast.officer_a
    assert jobs.sweep_abandoned() == 0


def test_a_swept_preview_offers_no_confirm_and_refuses_one(cast, client, stored, write_xlsx,
                                                           sheet_rows):
    swept = import_job(cast, stored(write_xlsx(sheet_rows(1)), days_old=8))
    swept.result["preview"] = {"rows_read": 1, "rows_valid": 1, "errors": []}
    swept.save(update_fields=["result"])
    client.force_login(cast.officer_a)
    page = client.get(reverse("registry:import-job", args=[swept.pk])).content.decode()
    assert 'data-testid="confirm-import"' in page  # before the sweep

    jobs.sweep_abandoned()
    page = client.get(reverse("registry:import-job", args=[swept.pk])).content.decode()
    assert 'data-testid="confirm-import"' not in page
    assert 'data-testid="abandon-import"' not in page
    assert "上传的文件已清理，不能再确认导入。如需导入，请" in page
    res = client.post(reverse("registry:import-confirm", args=[swept.pk]))
    assert res.url == reverse("registry:import-job", args=[swept.pk])
    assert not Job.objects.filter(kind=jobs.KIND_COMMIT).exists()
    assert not Enterprise.objects.filter(uscc=import_uscc(0)).exists()


def test_a_commit_whose_upload_is_gone_fails_with_a_clear_message(cast, media, stored,
                                                                  write_xlsx, sheet_rows):
    relative = stored(write_xlsx(sheet_rows(1)))
    commit = jobs.create(actor=cast.officer_a, kind=jobs.KIND_COMMIT, file=relative,
                         filename="名录.xlsx")
    (media / relative).unlink()  # swept between the confirm and the worker
    jobs.run(commit.pk)
    commit.refresh_from_db()
    assert commit.status == Job.Status.FAILED
    assert commit.error == "文件：上传的文件已清理（超过 7 天未确认导入），请重新上传"
    assert not Enterprise.objects.filter(uscc=import_uscc(0)).exists()


def test_the_daily_task_and_the_command_run_the_sweep(cast, media, stored, write_xlsx,
                                                     sheet_rows, capsys):
    path = write_xlsx(sheet_rows(1))
    import_job(cast, stored(path, days_old=8))
    assert sweep_import_uploads.call_local() == 1
    stored(path, days_old=9)
    call_command("sweep_import_uploads")
    assert "已删除 1 个过期的导入文件" in capsys.readouterr().out
    assert not list((media / "imports").iterdir())
