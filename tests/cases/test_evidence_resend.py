"""POST /api/v1/cases/{id}/evidence with the phone's client_id: a resend after a lost answer
returns the item stored the first time (the same 201 body) and writes nothing — no row, no
file, no audit event — also when it races the first insert. The first one wins: a resend with
other fields or another file still gets the stored item."""

from django.core.files.uploadedfile import SimpleUploadedFile

from anzhi.cases import services
from anzhi.cases.models import Evidence
from anzhi.core.models import AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64



def send(api, case_id, client_id=None, title="现场照片", data=PNG, name="IMG_1.png", **extra):
    fields = {"kind": "photo", "title": title, "file": SimpleUploadedFile(name, data), **extra}
    if client_id is not None:
        fields["client_id"] = client_id
    return api.post(f"/api/v1/cases/{case_id}/evidence", fields, multipart=True)


def written(media):
    on_disk = sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []
    return Evidence.objects.count(), AuditEvent.objects.count(), on_disk


def test_a_resend_returns_the_stored_item_and_writes_nothing(
        cast, api_client, investigating, media):
    api = api_client.login(cast.officer_a)
    first = send(api, investigating.pk, "ev-1")
    assert first.status_code == 201, first.content
    before = written(media)
    again = send(api, investigating.pk, "ev-1")
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert written(media) == before
    listed = api.get(f"/api/v1/cases/{investigating.pk}").json()["evidence"]
    assert listed == [first.json()]
    assert Evidence.objects.get().client_id == "ev-1"


def test_the_first_one_wins_over_a_resend_with_other_content(
        cast, api_client, investigating, media):
    api = api_client.login(cast.officer_a)
    first = send(api, investigating.pk, "ev-1")
    before = written(media)
    other = send(api, investigating.pk, "ev-1", title="另一张照片", data=PDF, name="b.pdf",
                 content="不同的内容")
    assert other.status_code == 201 and other.json() == first.json()
    assert other.json()["title"] == "现场照片"
    assert written(media) == before
    ev = Evidence.objects.get()
    assert (ev.title, ev.content, ev.content_type) == ("现场照片", "", "image/png")


def test_without_a_client_id_each_post_is_stored(cast, api_client, investigating):
    api = api_client.login(cast.officer_a)
    assert send(api, investigating.pk).status_code == 201
    assert send(api, investigating.pk, "").status_code == 201
    assert send(api, investigating.pk, "  ").status_code == 201
    assert Evidence.objects.filter(case=investigating).count() == 3
    assert set(Evidence.objects.values_list("client_id", flat=True)) == {""}


def test_the_same_client_id_on_another_case_is_another_item(
        cast, api_client, flow, investigating):
    other = flow.new()
    flow.investigating(other)
    api = api_client.login(cast.officer_a)
    a = send(api, investigating.pk, "ev-1").json()
    b = send(api, other.pk, "ev-1").json()
    assert a["id"] != b["id"]
    assert Evidence.objects.filter(client_id="ev-1").count() == 2


def test_a_resend_after_the_case_moved_on_still_gets_its_item(
        cast, api_client, flow, investigating, media):
    api = api_client.login(cast.officer_a)
    first = send(api, investigating.pk, "ev-1")
    flow.review(investigating)
    investigating.refresh_from_db()
    flow.notified(investigating, {"unit": 22500})  # 告知: no more evidence is taken
    before = written(media)
    again = send(api, investigating.pk, "ev-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert written(media) == before
    refused = send(api, investigating.pk, "ev-2")
    assert refused.status_code == 409


def test_a_resend_by_someone_outside_the_case_team_is_refused(
        cast, api_client, investigating, media):
    send(api_client.login(cast.officer_a), investigating.pk, "ev-1")
    before = written(media)
    res = send(api_client.login(cast.enterprise_user_a), investigating.pk, "ev-1")
    assert res.status_code in (403, 404)
    assert written(media) == before


def test_a_too_long_client_id_is_named_in_chinese_and_nothing_written(
        cast, api_client, investigating, media):
    before = written(media)
    res = send(api_client.login(cast.officer_a), investigating.pk, "x" * 41)
    assert res.status_code == 400
    assert res.json()["errors"] == {"client_id": "客户端编号：不能超过 40 个字符"}
    assert written(media) == before


def test_a_resend_racing_the_first_insert_gets_the_stored_item(
        cast, api_client, investigating, media, monkeypatch):
    api = api_client.login(cast.officer_a)
    first = send(api, investigating.pk, "ev-1")
    assert first.status_code == 201, first.content
    before = written(media)

    # The second request checked before the first had committed: its check saw nothing, and
    # the unique constraint refuses its insert; the bytes it wrote are removed.
    monkeypatch.setattr(services, "_stored_evidence", lambda case, client_id: None)
    again = send(api, investigating.pk, "ev-1", data=PDF, name="b.pdf")
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert written(media) == before

    # The request's transaction stays usable: a new id is still stored.
    assert send(api, investigating.pk, "ev-2").status_code == 201
    assert Evidence.objects.filter(case=investigating).count() == 2
