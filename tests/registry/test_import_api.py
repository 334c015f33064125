"""POST /api/v1/enterprises/import and the background job it may start."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anzhi.core.models import AuditEvent, Job
from anzhi.registry.models import Enterprise

from .conftest import import_uscc

URL = "/api/v1/enterprises/import"


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(),
                              content_type="application/vnd.openxmlformats-officedocument"
                                           ".spreadsheetml.sheet")


def post(api_client, path, **data):
    return api_client.post(URL, {"file": upload(path), **data}, multipart=True)


def test_dry_run_returns_the_report_and_writes_nothing(cast, api_client, media, write_xlsx,
                                                        sheet_rows):
    rows = sheet_rows(3)
    rows[2][1] = rows[2][1][:-1] + ("1" if rows[2][1][-1] != "1" else "2")
    before = Enterprise.objects.count(), AuditEvent.objects.count()
    res = post(api_client.login(cast.officer_a), write_xlsx(rows), dry_run="true")
    assert res.status_code == 200, res.content
    body = res.json()
    assert (body["rows_read"], body["rows_valid"], body["dry_run"]) == (3, 2, True)
    assert body["errors"] == [{"row": 3, "column": "统一社会信用代码",
                               "message": "统一社会信用代码：校验位不正确，请核对（GB 32100）"}]
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before
    assert not list((media / "imports").iterdir())  # the upload is not kept


def test_small_file_is_written_at_once(cast, api_client, media, write_xlsx, sheet_rows):
    res = post(api_client.login(cast.officer_a), write_xlsx(sheet_rows(3)))
    assert res.status_code == 200, res.content
    body = res.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (3, 0, 0)
    assert Enterprise.objects.filter(uscc=import_uscc(2)).exists()
    again = post(api_client, write_xlsx(sheet_rows(3), name="again.xlsx")).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_large_file_starts_a_job_whose_progress_the_jobs_api_reports(
        cast, api_client, media, settings, huey_immediate, write_xlsx, sheet_rows):
    settings.IMPORT_BACKGROUND_THRESHOLD = 3
    rows = sheet_rows(5)
    rows[5][1] = "bad"
    res = post(api_client.login(cast.officer_a), write_xlsx(rows))
    assert res.status_code == 202, res.content
    body = res.json()
    job = Job.objects.get(pk=body["job"])
    assert body["progress_url"] == f"/api/v1/jobs/{job.pk}"
    assert (job.kind, job.created_by) == ("registry.import", cast.officer_a)
    progress = api_client.get(body["progress_url"]).json()
    assert (progress["status"], progress["done"], progress["total"], progress["percent"]) == (
        "done", 5, 5, 100)
    assert (progress["result"]["created"], progress["result"]["invalid"]) == (4, 1)
    assert progress["result"]["errors"][0]["row"] == 6
    assert Enterprise.objects.filter(uscc=import_uscc(3)).exists()
    # kept for the worker until the commit ends, then deleted; the job stays
    job.refresh_from_db()
    assert not (media / job.result["file"]).exists() and job.result["file_removed_at"]


def test_dry_run_of_a_large_file_still_answers_at_once(cast, api_client, media, settings,
                                                        write_xlsx, sheet_rows):
    settings.IMPORT_BACKGROUND_THRESHOLD = 1
    res = post(api_client.login(cast.officer_a), write_xlsx(sheet_rows(3)), dry_run="true")
    assert res.status_code == 200
    assert res.json()["rows_valid"] == 3
    assert not Job.objects.exists()


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("list.pdf", b"%PDF-1.4", ".xlsx"),
    ("list.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("list.xlsx", b"not a zip at all", "不是有效的 .xlsx"),
    ("list.xlsx", b"PK\x03\x04broken", "损坏"),
])
def test_non_xlsx_or_corrupt_file_gets_400_naming_the_file(cast, api_client, media, name,
                                                           content, fragment):
    res = api_client.login(cast.officer_a).post(
        URL, {"file": SimpleUploadedFile(name, content)}, multipart=True)
    assert res.status_code == 400
    message = res.json()["errors"]["file"]
    assert message.startswith("文件：") and fragment in message
    assert not Enterprise.objects.filter(name__startswith="湖上乡测试").exists()


def test_missing_file_gets_400(cast, api_client, media):
    res = api_client.login(cast.officer_a).post(URL, {"dry_run": "true"}, multipart=True)
    assert res.status_code == 400
    assert res.json()["errors"]["file"].startswith("文件：")


@pytest.mark.parametrize("who", ["assistant_a", "discipline", "enterprise_user_a", "auxiliary_a"])
def test_roles_that_cannot_change_the_registry_get_403(cast, api_client, media, write_xlsx,
                                                       sheet_rows, who):
    res = post(api_client.login(getattr(cast, who)), write_xlsx(sheet_rows(1)))
    assert res.status_code == 403
    assert not Enterprise.objects.filter(uscc=import_uscc(0)).exists()


def test_unauthenticated_gets_401(client, write_xlsx, cast, sheet_rows):
    res = client.post(URL, {"file": upload(write_xlsx(sheet_rows(1)))})
    assert res.status_code == 401


def test_dossier_routes_still_work_beside_import_and_export(cast, api_client):
    res = api_client.login(cast.officer_a).get(f"/api/v1/enterprises/{cast.enterprise_a.pk}")
    assert res.status_code == 200
    assert res.json()["uscc"] == cast.enterprise_a.uscc


def test_openapi_lists_import_and_export(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/enterprises/import"]
    assert "get" in paths["/api/v1/enterprises/export"]
