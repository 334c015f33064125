"""The pages an officer uses on site: start, autosave answers, add findings, submit, sign;
the dossier tab; the checklist editor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anzhi.inspections.models import Answer, Finding, Inspection, Photo

PW = "pw-anzhi-test"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


@pytest.fixture
def draft(cast, client, checklist):
    client.force_login(cast.officer_a)
    res = client.post(reverse("inspections:new"), {
        "enterprise": cast.enterprise_a.pk, "mode": "unannounced",
        "officers": [cast.officer_a.pk, cast.officer_a2.pk],
        "checklist": "main-responsibility", "place": "制茶车间"})
    assert res.status_code == 302, res.content.decode()[:2000]
    return Inspection.objects.get()


def test_list_and_new_pages(cast, client):
    client.force_login(cast.officer_a)
    assert client.get(reverse("inspections:list")).status_code == 200
    page = client.get(reverse("inspections:new"), {"enterprise": cast.enterprise_a.pk})
    assert cast.enterprise_a.name in page.content.decode()
    found = client.get(reverse("inspections:new"), {"q": "茶厂"}, HTTP_HX_REQUEST="true")
    assert cast.enterprise_a.name in found.content.decode()
    assert cast.enterprise_b.name not in found.content.decode()  # other township


def test_start_form_shows_the_officer_rule(cast, client, checklist):
    client.force_login(cast.officer_a)
    res = client.post(reverse("inspections:new"), {
        "enterprise": cast.enterprise_a.pk, "mode": "planned", "officers": [cast.officer_a.pk],
        "checklist": "main-responsibility"})
    assert res.status_code == 200
    assert "至少需要2名" in res.content.decode()
    assert not Inspection.objects.exists()


def test_onsite_flow_autosave_finding_submit_and_sign(cast, client, draft, items):
    url = reverse("inspections:detail", args=[draft.pk])
    assert "检查项目" in client.get(url).content.decode()
    for item in items:
        res = client.post(reverse("inspections:answer", args=[draft.pk, item.pk]),
                          {"result": "compliant", "note": ""}, HTTP_HX_REQUEST="true")
        assert res.status_code == 200 and "已保存" in res.content.decode()
    assert Answer.objects.filter(inspection=draft, result="compliant").count() == 30
    bad = client.post(reverse("inspections:finding", args=[draft.pk]),
                      {"description": "", "client_id": "c1"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "问题描述：不能为空" in bad.content.decode()
    for _ in range(2):  # resent with the same client id: stored once
        ok = client.post(reverse("inspections:finding", args=[draft.pk]), {
            "description": "配电箱无警示标志", "client_id": "c2", "kind": "on_site_rectified",
            "item": items[23].pk}, HTTP_HX_REQUEST="true")
        assert ok.status_code == 200 and "配电箱无警示标志" in ok.content.decode()
    assert Finding.objects.filter(inspection=draft).count() == 1
    photo = client.post(reverse("inspections:photo", args=[draft.pk]), {
        "file": _upload(), "client_id": "p1", "item": items[0].pk})
    assert photo.status_code == 200, photo.content
    assert Photo.objects.filter(inspection=draft).count() == 1
    client.post(reverse("inspections:submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    # Frozen: autosave is refused with the reason.
    late = client.post(reverse("inspections:answer", args=[draft.pk, items[0].pk]),
                       {"result": "noncompliant"}, HTTP_HX_REQUEST="true")
    assert late.status_code == 409 and "已提交" in late.content.decode()
    for user in (cast.officer_a, cast.officer_a2):
        client.post(reverse("inspections:sign", args=[draft.pk]),
                    {"kind": "officer", "signer": user.pk, "password": PW})
    client.post(reverse("inspections:sign", args=[draft.pk]), {
        "kind": "enterprise", "name": "林志明", "statement": "以上情况属实",
        "drawing": "data:image/png;base64,iVBORw0KGgo="})
    draft.refresh_from_db()
    assert draft.status == "signed" and draft.number
    page = client.get(url).content.decode()
    assert "documents/record.pdf" in page


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("a.jpg", JPEG, content_type="image/jpeg")


def test_another_township_cannot_open_or_edit_the_draft(cast, client, draft, items):
    client.force_login(cast.officer_b)
    assert client.get(reverse("inspections:detail", args=[draft.pk])).status_code == 404
    res = client.post(reverse("inspections:answer", args=[draft.pk, items[0].pk]),
                      {"result": "compliant"})
    assert res.status_code == 404
    assert not Answer.objects.exists()


def test_dossier_tab_lists_inspections_findings_and_dispositions(cast, client, record):
    from anzhi.inspections.services import inspection_create

    inspection_create(actor=cast.officer_a, data=record())
    client.force_login(cast.officer_a)
    page = client.get(reverse("registry:detail", args=[cast.enterprise_a.pk]),
                      {"tab": "inspections"}).content.decode()
    assert "动火作业未办理作业票" in page and "责令限期整改" in page


def test_checklist_pages_and_editor(cast, client, checklist):
    client.force_login(cast.officer_a)
    assert client.get(reverse("inspections:checklists")).status_code == 200
    assert client.get(reverse("inspections:checklist", args=[checklist.checklist_id])
                      ).status_code == 200
    assert client.get(reverse("inspections:checklist-edit", args=[checklist.checklist_id])
                      ).status_code == 403
    client.force_login(cast.county_admin)
    form = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "note": "精简",
            "form-0-content": "是否建立全员安全生产责任制", "form-0-statute_entry": "AQSCF-94"}
    res = client.post(reverse("inspections:checklist-edit", args=[checklist.checklist_id]), form)
    assert res.status_code == 302
    assert checklist.checklist.versions.count() == 2


def test_a_transfer_from_the_page_names_the_receiving_department(cast, client, draft):
    url = reverse("inspections:finding", args=[draft.pk])
    bad = client.post(url, {"description": "无证经营液化气", "client_id": "t1",
                            "kind": "transfer"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert "处置说明：移交其他部门须写明接收部门" in bad.content.decode()
    assert "期限：移交其他部门须约定回复期限" in bad.content.decode()
    assert not Finding.objects.filter(inspection=draft).exists()
    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    ok = client.post(url, {"description": "无证经营液化气", "client_id": "t2",
                           "kind": "transfer", "note": "安溪县市场监督管理局",
                           "deadline": due},
                     HTTP_HX_REQUEST="true")
    assert ok.status_code == 200
    assert Finding.objects.get(inspection=draft).dispositions.get().note == "安溪县市场监督管理局"
