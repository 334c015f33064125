"""The import pages: upload → preview of the bad rows → 确认导入 → result, with the file kept
on the server between the steps; the background path with its progress bar; the template."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from anzhi.core.models import Job
from anzhi.registry.importing import open_table
from anzhi.registry.importing.columns import CANONICAL
from anzhi.registry.models import Enterprise

from .conftest import import_uscc


def upload(client, path):
    with open(path, "rb") as fh:
        return client.post(reverse("registry:import"),
                           {"file": SimpleUploadedFile(path.name, fh.read())})


def test_upload_preview_confirm(cast, client, media, write_xlsx, sheet_rows):
    rows = sheet_rows(3)
    rows[2][1] = "91350524MA31X0000X"
    client.force_login(cast.officer_a)
    page = client.get(reverse("registry:list"))
    assert reverse("registry:import").encode() in page.content  # the list shows 导入

    res = upload(client, write_xlsx(rows))
    assert res.status_code == 302
    preview = Job.objects.get(kind="registry.import.preview")
    assert res.url == reverse("registry:import-job", args=[preview.pk])
    assert not Enterprise.objects.filter(uscc=import_uscc(0)).exists()  # nothing written yet

    page = client.get(res.url).content.decode()
    assert "统一社会信用代码：校验位不正确" in page
    assert 'data-testid="rows-valid">2 行' in page
    assert "确认导入" in page
    assert (media / preview.result["file"]).exists()  # kept for the confirm step

    res = client.post(reverse("registry:import-confirm", args=[preview.pk]))
    commit = Job.objects.get(kind="registry.import")
    assert res.url == reverse("registry:import-job", args=[commit.pk])
    assert commit.status == Job.Status.DONE
    assert (commit.result["created"], commit.result["invalid"]) == (2, 1)
    assert Enterprise.objects.filter(uscc__in=[import_uscc(0), import_uscc(2)]).count() == 2
    page = client.get(res.url).content.decode()
    assert "导入完成：新增 2 户" in page

    # confirming twice does not import twice
    again = client.post(reverse("registry:import-confirm", args=[preview.pk]))
    assert again.url == reverse("registry:import-job", args=[commit.pk])
    assert Job.objects.filter(kind="registry.import").count() == 1
    # the bad rows can be downloaded
    errors = client.get(reverse("registry:import-errors", args=[preview.pk]))
    ws = load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    assert [c.value for c in ws[2]] == [3, "统一社会信用代码",
                                        "统一社会信用代码：校验位不正确，请核对（GB 32100）"]


def test_large_upload_runs_in_the_background_with_progress(cast, client, media, settings,
                                                          huey_immediate, write_xlsx,
                                                          sheet_rows):
    settings.IMPORT_BACKGROUND_THRESHOLD = 2
    client.force_login(cast.officer_a)
    upload(client, write_xlsx(sheet_rows(4)))
    preview = Job.objects.get(kind="registry.import.preview")
    assert (preview.status, preview.done, preview.total) == (Job.Status.DONE, 4, 4)
    client.post(reverse("registry:import-confirm", args=[preview.pk]))
    commit = Job.objects.get(kind="registry.import")
    assert (commit.status, commit.done, commit.result["created"]) == (Job.Status.DONE, 4, 4)
    progress = client.get(reverse("job-progress", args=[commit.pk])).content.decode()
    assert "新增 4 户" in progress
    # while a job runs the page shows the bar and polls; when done the poll refreshes it
    Job.objects.filter(pk=commit.pk).update(status=Job.Status.RUNNING, done=1)
    page = client.get(reverse("registry:import-job", args=[commit.pk])).content.decode()
    assert 'role="progressbar"' in page
    assert reverse("registry:import-status", args=[commit.pk]) in page
    assert client.get(reverse("registry:import-status", args=[commit.pk])).status_code == 204
    Job.objects.filter(pk=commit.pk).update(status=Job.Status.DONE)
    done = client.get(reverse("registry:import-status", args=[commit.pk]))
    assert done["HX-Refresh"] == "true"


def test_bad_file_is_refused_on_the_form(cast, client, media):
    client.force_login(cast.officer_a)
    res = client.post(reverse("registry:import"),
                      {"file": SimpleUploadedFile("名单.docx", b"PK\x03\x04")})
    assert res.status_code == 200
    assert "文件：应为 .xlsx 格式的 Excel 文件" in res.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("who", ["assistant_a", "discipline", "enterprise_user_a"])
def test_read_only_roles_cannot_open_the_import_pages(cast, client, media, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("registry:import")).status_code == 403
    assert client.get(reverse("registry:import-template")).status_code == 403


def test_another_users_job_is_not_found(cast, client, media, write_xlsx, sheet_rows):
    client.force_login(cast.officer_a)
    upload(client, write_xlsx(sheet_rows(1)))
    job = Job.objects.get()
    client.force_login(cast.officer_a2)
    assert client.get(reverse("registry:import-job", args=[job.pk])).status_code == 404
    assert client.post(reverse("registry:import-confirm", args=[job.pk])).status_code == 404


def test_template_has_the_headers_and_is_read_back(cast, client, tmp_path):
    client.force_login(cast.officer_a)
    res = client.get(reverse("registry:import-template"))
    assert res.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(res.streaming_content))
    wb = load_workbook(path)
    assert [c.value for c in wb["企业名录"][1]] == [title for _, title, _ in CANONICAL]
    assert "湖上乡应急办" in [c.value for c in wb["可选名称"]["D"]]
    with open_table(path) as table:
        assert table.sheet == "企业名录"
        assert table.unknown == []
        assert list(table.rows()) == []
