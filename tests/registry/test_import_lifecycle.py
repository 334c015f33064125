"""The end of an import's upload besides a commit: 放弃 on the preview deletes it at once
(audited, nothing imported, no confirming after), and the daily sweep fails the imports a
dead worker left "running" for over six hours and deletes their files."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anzhi.core.errors import NotAllowed, TransitionRefused
from anzhi.core.models import AuditEvent, Job
from anzhi.registry.importing import engine, jobs
from anzhi.registry.models import Enterprise
from anzhi.registry.tasks import fail_stalled_imports, sweep_import_uploads

from .conftest import import_uscc

pytestmark = pytest.mark.django_db


def upload(client, path) -> Job:
    with open(path, "rb") as fh:
        client.post(reverse("registry:import"),
                    {"file": SimpleUploadedFile(path.name, fh.read())})
    return Job.objects.get(kind=jobs.KIND_PREVIEW)


def page(client, job) -> str:
    return client.get(reverse("registry:import-job", args=[job.pk])).content.decode()


def abandon_url(job) -> str:
    return reverse("registry:import-abandon", args=[job.pk])


def abandon_events(job):
    return AuditEvent.objects.filter(action="registry.import.abandon", object_id=str(job.pk))


@pytest.fixture
def preview(cast, client, media, write_xlsx, sheet_rows):
    client.force_login(cast.officer_a)
    job = upload(client, write_xlsx(sheet_rows(2)))
    assert job.status == Job.Status.DONE and (media / job.result["file"]).exists()
    return job


# ---------------------------------------------------------------- 放弃


def test_abandon_deletes_the_upload_at_once_and_is_audited(cast, client, media, preview,
                                                           django_capture_on_commit_callbacks):
    shown = page(client, preview)
    assert 'data-testid="abandon-import"' in shown and 'data-testid="confirm-import"' in shown
    assert f'action="{abandon_url(preview)}"' in shown

    with django_capture_on_commit_callbacks(execute=True):
        res = client.post(abandon_url(preview))
    assert res.url == reverse("registry:import-job", args=[preview.pk])
    assert not (media / preview.result["file"]).exists()
    preview.refresh_from_db()
    assert preview.result["abandoned_at"] and preview.result["file_removed_at"]
    assert preview.status == Job.Status.DONE and preview.result["preview"]["rows_valid"] == 2
    event = abandon_events(preview).get()
    assert event.actor == cast.officer_a and event.changes == {"file": ["enterprises.xlsx", None]}

    shown = page(client, preview)
    assert "已放弃此次导入，上传的文件已删除" in shown
    assert 'data-testid="confirm-import"' not in shown
    assert 'data-testid="abandon-import"' not in shown


def test_abandon_is_post_only_and_the_preview_page_no_longer_takes_it(cast, client, media,
                                                                     preview):
    assert client.get(abandon_url(preview)).status_code == 405
    assert client.post(reverse("registry:import-job", args=[preview.pk])).status_code == 405
    preview.refresh_from_db()
    assert "abandoned_at" not in preview.result and (media / preview.result["file"]).exists()
    assert not abandon_events(preview).exists()


def test_abandon_needs_the_csrf_token(cast, media, preview):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.officer_a)
    assert strict.post(abandon_url(preview)).status_code == 403
    preview.refresh_from_db()
    assert "abandoned_at" not in preview.result and (media / preview.result["file"]).exists()


def test_an_abandoned_preview_cannot_be_confirmed(cast, client, preview,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(abandon_url(preview))
    res = client.post(reverse("registry:import-confirm", args=[preview.pk]))
    assert res.url == reverse("registry:import-job", args=[preview.pk])
    assert not Job.objects.filter(kind=jobs.KIND_COMMIT).exists()
    assert not Enterprise.objects.filter(uscc=import_uscc(0)).exists()


def test_abandoning_twice_is_the_same_as_once(cast, client, preview):
    for _ in range(2):
        client.post(abandon_url(preview))
    assert abandon_events(preview).count() == 1


def test_a_confirmed_preview_cannot_be_abandoned(cast, client, preview):
    client.post(reverse("registry:import-confirm", args=[preview.pk]))
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused, match="此文件已确认导入，不能放弃"):
        jobs.abandon(actor=cast.officer_a, job_id=preview.pk)
    res = client.post(abandon_url(preview), follow=True)
    assert "此文件已确认导入，不能放弃" in res.content.decode()
    assert AuditEvent.objects.count() == before
    preview.refresh_from_db()
    assert "abandoned_at" not in preview.result


def test_a_preview_still_running_cannot_be_abandoned(cast, media, preview):
    Job.objects.filter(pk=preview.pk).update(status=Job.Status.RUNNING)
    with pytest.raises(TransitionRefused, match="预检尚未完成，完成后才能放弃"):
        jobs.abandon(actor=cast.officer_a, job_id=preview.pk)
    assert (media / preview.result["file"]).exists()


@pytest.mark.parametrize(("who", "status"), [("officer_a2", 404), ("leader", 403)])
def test_only_the_uploader_may_abandon(cast, client, media, preview, who, status):
    client.force_login(getattr(cast, who))
    assert client.post(abandon_url(preview)).status_code == status
    with pytest.raises(NotAllowed):
        jobs.abandon(actor=getattr(cast, who), job_id=preview.pk)
    assert (media / preview.result["file"]).exists() and not abandon_events(preview).exists()


# ---------------------------------------------------------------- stalled as running


def running_job(cast, relative, *, kind=jobs.KIND_COMMIT, created_minutes=0.0,
                heartbeat_minutes=None, status=Job.Status.RUNNING) -> Job:
    job = jobs.create(actor=cast.officer_a, kind=kind, file=relative, filename="名录.xlsx")
    now = timezone.now()
    heartbeat = None if heartbeat_minutes is None else now - timedelta(minutes=heartbeat_minutes)
    Job.objects.filter(pk=job.pk).update(status=status, heartbeat_at=heartbeat,
                                         created_at=now - timedelta(minutes=created_minutes))
    job.refresh_from_db()
    return job


def test_the_sweep_fails_imports_whose_worker_died_and_deletes_their_files(
        cast, media, stored, write_xlsx, sheet_rows):
    path = write_xlsx(sheet_rows(1))
    stalled_file = stored(path)
    source = running_job(cast, stalled_file, kind=jobs.KIND_PREVIEW, created_minutes=600,
                         status=Job.Status.DONE)
    stalled = running_job(cast, stalled_file, created_minutes=45, heartbeat_minutes=31)
    # Started before heartbeats were kept: its creation is all the sweep knows.
    older = running_job(cast, stored(path), kind=jobs.KIND_PREVIEW, created_minutes=31)
    lost = running_job(cast, stored(path), created_minutes=25 * 60, status=Job.Status.PENDING)
    # Running for ten hours, last progress a minute ago: a long import, alive.
    long_alive = running_job(cast, stored(path), created_minutes=600, heartbeat_minutes=1)
    just_started = running_job(cast, stored(path), created_minutes=29)
    queued = running_job(cast, stored(path), created_minutes=23 * 60, status=Job.Status.PENDING)

    assert fail_stalled_imports.call_local() == 3  # the task every ten minutes

    for job in (source, stalled, older, lost, long_alive, just_started, queued):
        job.refresh_from_db()
    assert (stalled.status, stalled.error) == (
        Job.Status.FAILED, "导入中断：超过 30 分钟没有进展（后台处理进程可能已停止），"
        "已写入的分批数据保留；上传的文件已清理，如需继续请重新上传")
    assert (older.status, older.error) == (
        Job.Status.FAILED, "预检中断：超过 30 分钟没有进展（后台处理进程可能已停止），"
        "上传的文件已清理，请重新上传")
    assert (lost.status, lost.error) == (
        Job.Status.FAILED, "排队中断：超过 1 天仍未开始（后台队列可能已丢失此任务），"
        "上传的文件已清理，请重新上传")
    assert stalled.finished_at and older.finished_at and lost.finished_at
    for gone in (stalled, older, lost):
        assert not (media / gone.result["file"]).exists() and gone.result["file_removed_at"]
    assert source.result["file_removed_at"]  # the preview that read the same file
    assert (long_alive.status, just_started.status, queued.status) == (
        Job.Status.RUNNING, Job.Status.RUNNING, Job.Status.PENDING)
    for kept in (long_alive, just_started, queued):
        assert (media / kept.result["file"]).exists()
    assert sweep_import_uploads.call_local() == 0  # the daily task finds nothing more


def test_the_daily_sweep_also_fails_what_the_ten_minute_task_missed(cast, media, stored,
                                                                     write_xlsx, sheet_rows):
    """The queue down for a while: the daily run still fails a dead import and deletes its
    upload before it sweeps the week-old ones."""
    stalled = running_job(cast, stored(write_xlsx(sheet_rows(1))), created_minutes=90,
                          heartbeat_minutes=60)
    assert sweep_import_uploads.call_local() == 1
    stalled.refresh_from_db()
    assert stalled.status == Job.Status.FAILED and stalled.error.startswith("导入中断")
    assert not (media / stalled.result["file"]).exists()


def test_progress_is_the_heartbeat(cast, media, stored, write_xlsx, sheet_rows, monkeypatch):
    relative = stored(write_xlsx(sheet_rows(3)))
    commit = jobs.create(actor=cast.officer_a, kind=jobs.KIND_COMMIT, file=relative,
                         filename="名录.xlsx")
    beats = []
    real_import = engine.run_import

    def watched(*args, progress, **kwargs):
        def report(done, total):
            progress(done, total)
            beats.append(Job.objects.get(pk=commit.pk).heartbeat_at)
        return real_import(*args, progress=report, chunk_size=1, **kwargs)

    monkeypatch.setattr(jobs, "run_import", watched)
    jobs.run(commit.pk)
    assert len(beats) == 3 and beats == sorted(beats) and beats[0] < beats[-1]


def test_a_job_failed_as_lost_is_not_started_by_a_late_worker(cast, media, stored,
                                                              write_xlsx, sheet_rows):
    lost = running_job(cast, stored(write_xlsx(sheet_rows(1))), created_minutes=25 * 60,
                       status=Job.Status.PENDING)
    jobs.fail_stalled()
    jobs.run(lost.pk)  # the queue delivers it after all
    lost.refresh_from_db()
    assert lost.status == Job.Status.FAILED and lost.error.startswith("排队中断")
    assert not Enterprise.objects.filter(uscc=import_uscc(0)).exists()


def test_a_worker_finishing_after_the_sweep_leaves_the_job_failed(cast, media, stored,
                                                                  write_xlsx, sheet_rows,
                                                                  monkeypatch):
    relative = stored(write_xlsx(sheet_rows(1)))
    commit = jobs.create(actor=cast.officer_a, kind=jobs.KIND_COMMIT, file=relative,
                         filename="名录.xlsx")
    real_import = engine.run_import

    def slow_import(*args, **kwargs):
        report = real_import(*args, **kwargs)
        assert Job.objects.get(pk=commit.pk).heartbeat_at
        jobs.fail_stalled(now=timezone.now() + timedelta(minutes=31))  # the periodic sweep
        return report

    monkeypatch.setattr(jobs, "run_import", slow_import)
    jobs.run(commit.pk)
    commit.refresh_from_db()
    assert commit.status == Job.Status.FAILED and commit.error.startswith("导入中断")
    assert not (media / relative).exists()
