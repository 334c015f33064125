"""中止计时 / 恢复计时 on the case page follow the service (services.clock_refusal): a case
sent back to 案件审理 by a stale notice while a suspension is open can be resumed from the
page, and in every state the page offers exactly the clock steps the service accepts."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.choices import DeadlineState, Status
from anzhi.cases.models import PenaltyCase, Suspension
from anzhi.core.errors import TransitionRefused

STEPS = ("suspend", "resume")


def offered(client, case) -> set[str]:
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return {a for a in STEPS if f'data-testid="action-{a}"' in html}


def test_stale_notice_with_an_open_suspension_can_be_resumed_on_the_page(cast, flow, client,
                                                                         today):
    case = flow.new()
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {"unit": 22500})
    flow.act(case, "suspend", kind="appraisal", reason="委托检测机构检验压力容器")
    today(date(2026, 9, 5))
    services.case_add_violation(actor=cast.officer_a, case=case, data={
        "entry_id": "AQSCF-99-5", "facts": "粉碎工未配发防尘口罩"})
    case.refresh_from_db()
    assert case.status == Status.REVIEW and case.notice_stale_on is not None
    client.force_login(cast.officer_a)
    assert offered(client, case) == {"resume"}

    res = client.post(reverse("cases:action", args=[case.pk]),
                      {"action": "resume", "on": "2026-09-05", "reason": "检验报告已送达"},
                      follow=True)
    assert "已办理：恢复计时" in res.content.decode()
    assert Suspension.objects.get(case=case).ended_on == date(2026, 9, 5)
    clock = case.deadlines.get(name="decision")
    assert clock.state == DeadlineState.RUNNING and clock.suspended_days == 4
    assert offered(client, case) == {"suspend"}


@pytest.mark.parametrize(("status", "suspended", "allowed"), [
    (Status.INVESTIGATING, False, ["suspend"]),
    (Status.INVESTIGATING, True, ["resume"]),
    (Status.REVIEW, False, ["suspend"]),
    (Status.REVIEW, True, ["resume"]),  # the stale-notice case
    (Status.NOTIFIED, True, ["resume"]),
    (Status.HEARD, False, ["suspend"]),
    (Status.DISCUSSION, False, ["suspend"]),
    (Status.HEARING, True, []),  # the hearing resumes its own suspension when it ends
    (Status.FILING, False, []),  # no clock before filing
    (Status.DECIDED, False, []),  # the decision limit is met
])
def test_clock_steps_by_state(status, suspended, allowed):
    assert services.clock_steps(status, suspended=suspended) == allowed


def _accepted(cast, case, action) -> bool:
    """Whether the service takes the step; rolled back either way."""

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            services.case_transition(actor=cast.officer_a, case=case.pk, action=action,
                                     data={"kind": "appraisal", "reason": "检验"})
            raise Undo
    except Undo:
        return True
    except TransitionRefused:
        return False


@pytest.mark.parametrize("status", [s for s in Status.values if s != Status.SIMPLE])
def test_the_page_offers_what_the_service_accepts(cast, flow, client, status):
    case = flow.new()
    flow.investigating(case)
    client.force_login(cast.officer_a)
    for suspended in (False, True):
        PenaltyCase.objects.filter(pk=case.pk).update(status=status)
        Suspension.objects.filter(case=case).delete()
        if suspended:
            Suspension.objects.create(case=case, kind="appraisal", started_on=date(2026, 9, 1),
                                      actor=cast.officer_a)
        accepted = {a for a in STEPS if _accepted(cast, case, a)}
        assert offered(client, case) == accepted, (status, suspended)


@pytest.mark.parametrize("status", [s for s in Status.values if s != Status.SIMPLE])
def test_extension_is_offered_wherever_the_decision_limit_runs(cast, flow, client, status):
    """延长办案期限 on the page follows services.EXTENDABLE, which the step itself checks."""
    case = flow.new()
    flow.investigating(case)
    PenaltyCase.objects.filter(pk=case.pk).update(status=status)
    client.force_login(cast.head_a)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    offered_here = 'data-testid="action-extend"' in html
    assert offered_here is (status in services.EXTENDABLE), status
    assert offered_here is (status in {Status.INVESTIGATING, Status.REVIEW, Status.NOTIFIED,
                                       Status.HEARING, Status.HEARD, Status.DISCUSSION})
