"""The REST API: create with idempotency, list filters, detail, signatures, documents,
checklists, and the scoping matrix."""

import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document as Docx

from anzhi.inspections.models import IdempotencyKey, Inspection
from anzhi.inspections.services import inspection_create

PW = "pw-anzhi-test"


def post(api, data, key=None):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post("/api/v1/inspections", data, **extra)


def test_post_creates_the_full_record(cast, api_client, record):
    res = post(api_client.login(cast.officer_a), record())
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["status"] == "submitted"
    assert len(body["answers"]) == 30 and body["answers"][0]["seq"] == 1
    assert body["findings"][0]["dispositions"][0]["kind_label"] == "责令限期整改"
    assert len(body["reinspections"]) == 1
    assert body["documents"] == ["record", "rectification-order"]


def test_idempotency_key_replay_returns_the_original_response(cast, api_client, record):
    api = api_client.login(cast.officer_a)
    key = str(uuid.uuid4())
    data = record()
    first = post(api, data, key)
    assert first.status_code == 201, first.content
    again = post(api, data, key)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Inspection.objects.count() == 1
    assert IdempotencyKey.objects.get().inspection_id == first.json()["id"]


def test_same_key_with_a_different_body_is_refused(cast, api_client, record):
    api = api_client.login(cast.officer_a)
    assert post(api, record(), "k-1").status_code == 201
    res = post(api, record(mode="unannounced"), "k-1")
    assert res.status_code == 409
    assert "幂等键" in res.json()["detail"]
    assert Inspection.objects.count() == 1


def test_a_rejected_request_does_not_burn_the_key(cast, api_client, record):
    api = api_client.login(cast.officer_a)
    bad = post(api, record(officers=[cast.officer_a.pk]), "k-2")
    assert bad.status_code == 400
    assert "至少需要2名" in bad.json()["errors"]["officers"]
    assert not IdempotencyKey.objects.exists()
    assert post(api, record(), "k-2").status_code == 201


def test_schema_errors_name_the_field_in_chinese(cast, api_client, record):
    res = post(api_client.login(cast.officer_a), record(officers="x"))
    assert res.status_code == 400
    assert "应为列表" in res.json()["errors"]["officers"]


def test_list_filters_and_pagination(cast, api_client, record):
    a = inspection_create(actor=cast.officer_a, data=record())
    inspection_create(actor=cast.officer_a, data=record(mode="unannounced"))
    old = inspection_create(actor=cast.officer_a, data=record(
        started_at=(timezone.now() - timedelta(days=40)).isoformat()))
    api = api_client.login(cast.officer_a)
    res = api.get("/api/v1/inspections", {"page_size": 2})
    assert res.json()["total"] == 3 and len(res.json()["items"]) == 2
    assert api.get("/api/v1/inspections", {"mode": "unannounced"}).json()["total"] == 1
    assert api.get("/api/v1/inspections", {"agency": cast.agency_a.pk}).json()["total"] == 3
    assert api.get("/api/v1/inspections", {"agency": cast.agency_b.pk}).json()["total"] == 0
    recent = api.get("/api/v1/inspections", {
        "date_from": (timezone.localdate() - timedelta(days=7)).isoformat()}).json()
    assert {i["id"] for i in recent["items"]} == {a.pk, a.pk + 1}
    until = api.get("/api/v1/inspections", {
        "date_to": (timezone.localdate() - timedelta(days=30)).isoformat()}).json()
    assert [i["id"] for i in until["items"]] == [old.pk]
    assert api.get("/api/v1/inspections", {"enterprise": cast.enterprise_b.pk}
                   ).json()["total"] == 0


def test_signatures_endpoint(cast, api_client, record):
    inspection = inspection_create(actor=cast.officer_a, data=record())
    api = api_client.login(cast.officer_a)
    url = f"/api/v1/inspections/{inspection.pk}/signatures"
    res = api.post(url, {"kind": "officer", "password": PW})
    assert res.status_code == 201, res.content
    assert len(res.json()["hash"]) == 64
    outsider = api.post(url, {"kind": "officer", "signer": cast.officer_b.pk, "password": PW})
    assert outsider.status_code == 400
    assert "不是本次检查的执法人员" in outsider.json()["errors"]["signer"]
    twice = api.post(url, {"kind": "officer", "password": PW})
    assert twice.status_code == 409


def test_someone_off_the_team_cannot_record_signatures(cast, api_client, record):
    inspection = inspection_create(actor=cast.officer_a, data=record())
    res = api_client.login(cast.head_a).post(
        f"/api/v1/inspections/{inspection.pk}/signatures", {"kind": "officer", "password": PW})
    assert res.status_code == 403


def test_documents_endpoint_returns_docx_and_pdf(cast, api_client, record):
    inspection = inspection_create(actor=cast.officer_a, data=record())
    api = api_client.login(cast.officer_a)
    api.post(f"/api/v1/inspections/{inspection.pk}/signatures", {"kind": "officer",
                                                                 "password": PW})
    inspection.refresh_from_db()
    res = api.get(f"/api/v1/inspections/{inspection.pk}/documents/record.docx")
    assert res.status_code == 200
    text = "\n".join(p.text for p in Docx(io.BytesIO(res.content)).paragraphs)
    assert inspection.number in text and cast.enterprise_a.name in text
    pdf = api.get(f"/api/v1/inspections/{inspection.pk}/documents/rectification-order.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    refused = api.get(f"/api/v1/inspections/{inspection.pk}/documents/transfer-form.docx")
    assert refused.status_code == 409
    assert api.get(f"/api/v1/inspections/{inspection.pk}/documents/x.docx").status_code == 404


def test_checklists_endpoint(cast, api_client):
    res = api_client.login(cast.officer_a).get("/api/v1/checklists")
    assert res.status_code == 200
    by_code = {c["code"]: c for c in res.json()}
    assert len(by_code["main-responsibility"]["items"]) == 30
    assert len(by_code["hazchem-major-hazard"]["items"]) == 20
    assert by_code["gongmao-major-hazard"]["items"][0]["is_major"] is True
    assert by_code["gongmao-major-hazard"]["items"][1]["statute_entry"] == "AQSCF-97-7"


# ---------------------------------------------------------------- scoping matrix

@pytest.fixture
def on_record(cast, record):
    return inspection_create(actor=cast.officer_a, data=record())


@pytest.mark.parametrize(("who", "sees"), [
    ("officer_a", True), ("officer_a2", True), ("head_a", True),
    ("officer_b", False),  # another township: 404 like a missing record
    ("enterprise_user_a", True), ("discipline", True), ("leader", True),
    ("county_admin", True), ("superuser", True),
])
def test_who_sees_an_inspection(cast, api_client, on_record, who, sees):
    api = api_client.login(getattr(cast, who))
    res = api.get(f"/api/v1/inspections/{on_record.pk}")
    assert res.status_code == (200 if sees else 404)
    listed = api.get("/api/v1/inspections").json()["total"]
    assert listed == (1 if sees else 0)


def test_the_enterprise_sees_only_its_own_and_no_drafts(cast, api_client, record):
    inspection_create(actor=cast.officer_a, data=record(), submit=False)
    submitted = inspection_create(actor=cast.officer_a, data=record())
    api = api_client.login(cast.enterprise_user_a)
    assert [i["id"] for i in api.get("/api/v1/inspections").json()["items"]] == [submitted.pk]


@pytest.mark.parametrize("who", ["discipline", "enterprise_user_a", "leader"])
def test_read_only_roles_cannot_post(cast, api_client, record, who):
    res = post(api_client.login(getattr(cast, who)), record())
    assert res.status_code == 403
    assert not Inspection.objects.exists()


def test_discipline_cannot_sign(cast, api_client, on_record):
    res = api_client.login(cast.discipline).post(
        f"/api/v1/inspections/{on_record.pk}/signatures", {"kind": "officer", "password": PW})
    assert res.status_code == 403


def test_post_with_30_items_and_5_findings_stays_within_a_query_budget(
        cast, api_client, record, items, django_assert_max_num_queries):
    """The bench path (bulk inserts, cached checklist items): a fixed number of queries,
    whatever the number of items and findings."""
    api = api_client.login(cast.officer_a)
    data = record(findings=[{
        "description": f"问题{n}", "item": items[n].pk, "raised_by": cast.officer_a.pk,
        "dispositions": [{"kind": "rectify_by_deadline", "deadline": "2099-01-01"}]}
        for n in range(5)])
    assert post(api, data, "warm-up").status_code == 201
    with django_assert_max_num_queries(26):
        assert post(api, data, "measured").status_code == 201
