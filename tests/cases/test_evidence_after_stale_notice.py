"""The enterprise lists the evidence that existed at its latest 告知: items added after the
notice went stale (the case back in 案件审理) stay off its list — page and API — until the
fresh 告知, which names them; the case team lists every item all along."""

from datetime import date

import pytest
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.models import Evidence

LATE = "补充询问李四"


def titles(api_client, user, case):
    res = api_client.login(user).get(f"/api/v1/cases/{case.pk}")
    assert res.status_code == 200, res.content
    return [e["title"] for e in res.json()["evidence"]]


@pytest.fixture
def stale(cast, flow):
    """A notified case whose notice went stale, with one item collected since."""
    case = flow.new()
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {"unit": 22500})
    services.case_add_violation(actor=cast.officer_a, case=case, data={
        "entry_id": "AQSCF-99-5", "facts": "粉碎工未配发防尘口罩"})
    case.refresh_from_db()
    assert case.notice_stale_on is not None and case.status == "review"
    # Collected on an earlier day than the notice: what counts is when it was stored.
    services.case_add_evidence(actor=cast.officer_a, case=case, kind="inquiry", title=LATE,
                               content="问：防尘口罩发放了吗？", collected_on=date(2026, 8, 20))
    case.refresh_from_db()
    return case


BEFORE = ["询问张三", "粉碎车间勘验"]


def test_after_a_stale_notice_the_enterprise_lists_only_what_it_was_notified_of(
        cast, api_client, client, stale):
    assert sorted(titles(api_client, cast.enterprise_user_a, stale)) == sorted(BEFORE)
    client.force_login(cast.enterprise_user_a)
    html = client.get(reverse("cases:detail", args=[stale.pk])).content.decode()
    assert "《询问张三》" in html and f"《{LATE}》" not in html
    # The case team and the oversight roles list it at once.
    for who in (cast.officer_a, cast.discipline, cast.leader):
        assert LATE in titles(api_client, who, stale)


def test_the_fresh_notice_lists_the_later_evidence(cast, api_client, client, flow, stale):
    flow.notified(stale, {"unit": 22500})
    stale.refresh_from_db()
    assert stale.notice_stale_on is None
    assert sorted(titles(api_client, cast.enterprise_user_a, stale)) == sorted([*BEFORE, LATE])
    client.force_login(cast.enterprise_user_a)
    html = client.get(reverse("cases:detail", args=[stale.pk])).content.decode()
    assert f"《{LATE}》" in html


def test_after_the_decision_the_enterprise_lists_every_item(cast, api_client, flow, stale):
    flow.notified(stale, {"unit": 22500})
    stale.refresh_from_db()
    flow.decide(stale, {"unit": 22500})
    assert LATE in titles(api_client, cast.enterprise_user_a, stale)


def test_items_stored_before_the_time_was_kept_stay_listed(cast, api_client, stale):
    # Rows from before the migration have no created_at; they were listed once notified.
    Evidence.objects.filter(case=stale, title=LATE).update(created_at=None)
    assert LATE in titles(api_client, cast.enterprise_user_a, stale)


def test_a_case_never_notified_lists_nothing_to_the_enterprise(cast, api_client, flow):
    case = flow.new()
    flow.investigating(case)
    flow.review(case)
    assert titles(api_client, cast.enterprise_user_a, case) == []


def test_the_notice_document_names_only_what_it_told_of(cast, client, flow, stale):
    """The 告知书, downloaded while the notice is stale, still lists the evidence of that
    notice; the fresh notice's names the later item too."""
    from tests.cases.test_pages_documents import docx_text

    def notice_text():
        res = client.get(reverse("cases:document", args=[stale.pk, "penalty_notice", "docx"]))
        assert res.status_code == 200, res.status_code
        return docx_text(b"".join(res.streaming_content) if res.streaming else res.content)

    client.force_login(cast.enterprise_user_a)
    text = notice_text()
    assert "《询问张三》" in text and LATE not in text
    flow.notified(stale, {"unit": 22500})
    assert f"《{LATE}》" in notice_text()
