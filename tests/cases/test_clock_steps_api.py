"""中止计时 / 恢复计时 through the API: the step's answer shows the same clocks as the case
detail, and a resumption dated before the suspension is refused with nothing written."""

from datetime import date

from anzhi.cases.models import CaseTransition, Suspension


def clocks(body):
    return [(d["name"], d["state"], d["due"], d["suspended_days"]) for d in body["deadlines"]]


def test_suspend_and_resume_answer_with_the_clocks_the_detail_shows(cast, api_client, today,
                                                                    investigating):
    api = api_client.login(cast.officer_a)
    path = f"/api/v1/cases/{investigating.pk}/transitions"
    res = api.post(path, {"action": "suspend", "kind": "appraisal", "on": "2026-09-01",
                          "reason": "委托检测机构检验压力容器"})
    assert res.status_code == 200, res.content
    assert clocks(res.json())[0][:2] == ("decision", "suspended")
    assert clocks(res.json()) == clocks(api.get(f"/api/v1/cases/{investigating.pk}").json())

    today(date(2026, 9, 8))
    res = api.post(path, {"action": "resume", "on": "2026-09-08", "reason": "检验报告已送达"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["transition"]["action"] == "resume"
    assert clocks(body)[0][:2] == ("decision", "running") and clocks(body)[0][3] == 7
    assert clocks(body) == clocks(api.get(f"/api/v1/cases/{investigating.pk}").json())
    assert Suspension.objects.get(case=investigating).ended_on == date(2026, 9, 8)


def test_a_resumption_before_the_suspension_is_refused_and_writes_nothing(cast, api_client,
                                                                          today,
                                                                          investigating):
    api = api_client.login(cast.officer_a)
    path = f"/api/v1/cases/{investigating.pk}/transitions"
    today(date(2026, 9, 5))
    assert api.post(path, {"action": "suspend", "kind": "appraisal", "on": "2026-09-04",
                           "reason": "委托鉴定"}).status_code == 200
    steps = CaseTransition.objects.filter(case=investigating).count()

    res = api.post(path, {"action": "resume", "on": "2026-09-03", "reason": "补正"})

    assert res.status_code == 400
    assert res.json()["errors"]["on"] == "恢复日期：不能早于中止日期"
    assert Suspension.objects.get(case=investigating).ended_on is None
    assert CaseTransition.objects.filter(case=investigating).count() == steps


def test_the_clocks_a_step_writes_back_are_read_locked(cast, api_client, investigating):
    """The nightly sweep changes running clocks without the case's lock: a suspension must
    not write back a state read before the sweep's."""
    import pytest
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no row locks; CI runs this on PostgreSQL")
    api = api_client.login(cast.officer_a)
    path = f"/api/v1/cases/{investigating.pk}/transitions"
    for body in ({"action": "suspend", "kind": "appraisal", "reason": "委托鉴定"},
                 {"action": "resume"}):
        with CaptureQueriesContext(connection) as seen:
            assert api.post(path, body).status_code == 200
        reads = [q["sql"] for q in seen.captured_queries
                 if q["sql"].startswith("SELECT") and '"cases_casedeadline"' in q["sql"]
                 and "FROM \"cases_casedeadline\"" in q["sql"]]
        assert reads and all(sql.rstrip().endswith("FOR UPDATE") for sql in reads), reads
