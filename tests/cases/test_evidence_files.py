"""Evidence files: downloaded on the page (session) and through the API (bearer token) by
those who may open the evidence — the case team, 纪委, and the 案卷评查 reviewers once the file
is closed (anzhi.cases.privacy). Everyone else, a missing item and an item without a file get
the same 404; lost bytes are a 404 saying so, with a warning naming the row. The enterprise
learns the evidence through 告知 and 听证: it sees the list from the notice on, never a file."""

import logging
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.models import Evidence
from anzhi.core.files import MISSING

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def page_url(case_id, evidence_id):
    return reverse("cases:evidence_file", args=[case_id, evidence_id])


def api_url(case_id, evidence_id):
    return f"/api/v1/cases/{case_id}/evidence/{evidence_id}/file"


def body(res) -> bytes:
    return b"".join(res.streaming_content)


def add(cast, case, name="现场照片", file=None):
    return services.case_add_evidence(actor=cast.officer_a, case=case, kind="photo", title=name,
                                      file=file)


@pytest.fixture
def filed(cast, flow):
    """A case under investigation with a scanned record (PDF) and a record without a file."""
    case = flow.new()
    flow.investigating(case)
    scan = add(cast, case, "询问笔录扫描件", SimpleUploadedFile("scan.pdf", PDF))
    bare = services.case_add_evidence(actor=cast.officer_a, case=case, kind="inquiry",
                                      title="询问张三", content="问：……答：……")
    return case, scan, bare


# who → (may download, the page lists the evidence)
WHO = [
    pytest.param("officer_a", True, True, id="case-officer"),
    pytest.param("officer_a2", True, True, id="second-officer"),
    pytest.param("head_a", True, True, id="agency-head"),
    pytest.param("superuser", True, True, id="superuser"),
    pytest.param("discipline", True, True, id="discipline-office"),
    pytest.param("county_admin", False, True, id="committee-office-open-case"),
    pytest.param("leader", False, True, id="leader"),
    pytest.param("assistant_a", False, True, id="village-assistant"),
    pytest.param("auxiliary_a", False, True, id="auxiliary"),
    pytest.param("enterprise_user_a", False, False, id="enterprise-before-notice"),
]


@pytest.mark.parametrize(("who", "may", "listed"), WHO)
def test_who_may_download_on_the_page(cast, client, filed, who, may, listed):
    case, scan, _bare = filed
    client.force_login(getattr(cast, who))
    res = client.get(page_url(case.pk, scan.pk))
    assert res.status_code == (200 if may else 404)
    if may:
        assert res["Content-Type"] == "application/pdf" and body(res) == PDF
        assert 'filename="scan.pdf"' in res["Content-Disposition"]
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert (page_url(case.pk, scan.pk) in html) == may
    assert ("《询问笔录扫描件》" in html) == listed
    assert ('data-testid="evidence-withheld"' in html) == (not listed)
    # The records' text and the 案卷 are the evidence too.
    assert ("documents/case_file.docx" in html) == may
    for kind in (_bare_doc(case), "case_file"):
        res = client.get(reverse("cases:document", args=[case.pk, kind, "docx"]))
        assert res.status_code == (200 if may else 404), kind


def _bare_doc(case):
    return case.evidence.get(kind="inquiry").doc_kind


@pytest.mark.parametrize(("who", "may", "listed"), WHO)
def test_who_may_download_through_the_api(cast, api_client, filed, who, may, listed):
    case, scan, bare = filed
    api = api_client.login(getattr(cast, who))
    res = api.get(api_url(case.pk, scan.pk))
    assert res.status_code == (200 if may else 404)
    if may:
        assert res["Content-Type"] == "application/pdf" and body(res) == PDF
    else:
        assert res.json() == {"detail": "未找到"}
    items = {e["id"]: e for e in api.get(f"/api/v1/cases/{case.pk}").json()["evidence"]}
    assert set(items) == ({scan.pk, bare.pk} if listed else set())
    if listed:
        assert items[bare.pk]["file"] is None
        expected = {"name": "scan.pdf", "content_type": "application/pdf", "size": len(PDF),
                    "url": page_url(case.pk, scan.pk),
                    "api_url": api_url(case.pk, scan.pk)} if may else None
        assert items[scan.pk]["file"] == expected


def test_another_township_sees_neither_case_nor_file(cast, client, api_client, filed):
    case, scan, _ = filed
    client.force_login(cast.officer_b)
    assert client.get(page_url(case.pk, scan.pk)).status_code == 404
    res = api_client.login(cast.officer_b).get(api_url(case.pk, scan.pk))
    assert res.status_code == 404 and res.json() == {"detail": "未找到"}


def test_missing_items_answer_404_alike(cast, client, api_client, flow, filed):
    case, scan, bare = filed
    other = flow.new()
    flow.investigating(other)
    elsewhere = add(cast, other, file=SimpleUploadedFile("x.png", PNG))
    api = api_client.login(cast.officer_a)
    client.force_login(cast.officer_a)
    for eid in (bare.pk, 999_999, elsewhere.pk):  # no file, no such item, another case's
        res = api.get(api_url(case.pk, eid))
        assert res.status_code == 404 and res.json() == {"detail": "未找到"}, eid
        assert client.get(page_url(case.pk, eid)).status_code == 404, eid
    assert api.get(api_url(999_999, scan.pk)).status_code == 404
    assert client.get(page_url(case.pk, 2**31)).status_code == 404
    assert api.get(api_url(case.pk, 2**31)).status_code == 400  # out of range: bad input


def test_lost_bytes_are_404_and_logged(cast, client, api_client, filed, caplog):
    case, scan, _ = filed
    scan.file.storage.delete(scan.file.name)
    caplog.set_level(logging.WARNING, logger="anzhi.files")
    res = api_client.login(cast.officer_a).get(api_url(case.pk, scan.pk))
    assert res.status_code == 404 and res.json() == {"detail": MISSING}
    client.force_login(cast.discipline)
    res = client.get(page_url(case.pk, scan.pk))
    assert res.status_code == 404 and res.content.decode() == MISSING
    warnings = [r.getMessage() for r in caplog.records if r.name == "anzhi.files"]
    assert len(warnings) == 2
    assert all(f"cases.Evidence id={scan.pk} {scan.file.name}" in w for w in warnings)
    # Those who may not open the evidence learn nothing of it.
    res = api_client.login(cast.leader).get(api_url(case.pk, scan.pk))
    assert res.status_code == 404 and res.json() == {"detail": "未找到"}


def test_an_old_upload_is_served_by_its_bytes(cast, api_client, filed):
    case, _, _ = filed
    # Stored before uploads were checked: a PNG under the name the phone gave it.
    old = Evidence(case=case, kind="photo", title="旧照片", collected_on=date(2026, 8, 1),
                   collected_by=cast.officer_a)
    old.file.save("IMG_1.jpg", ContentFile(PNG), save=True)
    res = api_client.login(cast.officer_a).get(api_url(case.pk, old.pk))
    assert res.status_code == 200 and res["Content-Type"] == "image/png"
    assert 'filename="IMG_1.png"' in res["Content-Disposition"]


def test_enterprise_sees_the_list_from_the_notice_never_the_files(cast, flow, client, filed):
    case, scan, _ = filed
    flow.review(case)
    flow.notified(case, {"unit": 22500})
    client.force_login(cast.enterprise_user_a)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "《询问笔录扫描件》" in html and 'data-testid="evidence-withheld"' not in html
    assert page_url(case.pk, scan.pk) not in html and "case_file" not in html
    assert client.get(page_url(case.pk, scan.pk)).status_code == 404
    # The notice it was served names the evidence (documents._found).
    notice = client.get(reverse("cases:document", args=[case.pk, "penalty_notice", "docx"]))
    assert notice.status_code == 200


def test_reviewers_open_the_evidence_of_a_closed_file(cast, flow, today, client):
    today(date(2026, 8, 3))
    case = flow.new()
    flow.investigating(case)
    scan = add(cast, case, "询问笔录扫描件", SimpleUploadedFile("scan.pdf", PDF))
    flow.review(case)
    flow.notified(case, {"unit": 22500})
    case.refresh_from_db()
    flow.decide(case, {"unit": 22500})
    flow.act(case, "serve", on="2026-08-03")
    client.force_login(cast.county_admin)
    assert client.get(page_url(case.pk, scan.pk)).status_code == 404  # not closed yet
    services.case_record_payment(actor=cast.officer_a, case=case, amount="22500")
    flow.act(case, "close", cast.head_a)
    res = client.get(page_url(case.pk, scan.pk))
    assert res.status_code == 200 and body(res) == PDF
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert page_url(case.pk, scan.pk) in html
    client.force_login(cast.leader)  # not a reviewer: still the list only
    assert client.get(page_url(case.pk, scan.pk)).status_code == 404
