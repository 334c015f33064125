"""The hazard lines of the home page's 待办: counted in the user's scope, and each links to
the ledger filtered to exactly the rows it counted."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from anzhi.core import worklist
from anzhi.hazards.models import Hazard
from tests.home_page import work_lines


def ledger_ids(client, url) -> set[int]:
    page = client.get(url).content.decode()
    return {int(pk) for pk in re.findall(r'<tr><td class="hide-sm"><a href="/hazards/(\d+)/">',
                                         page)}


@pytest.fixture
def ledger(cast, make_hazard, today):
    overdue = make_hazard()
    Hazard.objects.filter(pk=overdue.pk).update(rectify_due=today - timedelta(days=2))
    major = make_hazard("major")
    make_hazard()  # open, on time: in no line
    elsewhere = make_hazard(actor=cast.officer_b, enterprise=cast.enterprise_b)
    Hazard.objects.filter(pk=elsewhere.pk).update(rectify_due=today - timedelta(days=2))
    return {"overdue": overdue, "major": major, "elsewhere": elsewhere}


def test_lines_count_the_users_scope_and_link_to_exactly_those_rows(cast, client, ledger):
    lines = work_lines(client, cast.officer_a)
    assert set(lines) == {"hazards.overdue", "hazards.major"}
    assert lines["hazards.overdue"][0] == "1"
    assert ledger_ids(client, lines["hazards.overdue"][1]) == {ledger["overdue"].pk}
    assert lines["hazards.major"][0] == "1"
    assert ledger_ids(client, lines["hazards.major"][1]) == {ledger["major"].pk}


def test_another_townships_officer_sees_only_theirs(cast, client, ledger):
    lines = work_lines(client, cast.officer_b)
    assert set(lines) == {"hazards.overdue"}
    assert ledger_ids(client, lines["hazards.overdue"][1]) == {ledger["elsewhere"].pk}


def test_awaiting_review_line(cast, client, make_hazard):
    from anzhi.hazards.services import hazard_submit_rectification

    from .conftest import png

    hazard = make_hazard()
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已清理安全出口杂物", after=[png()])
    lines = work_lines(client, cast.officer_a)
    assert lines["hazards.review"][0] == "1"
    assert ledger_ids(client, lines["hazards.review"][1]) == {hazard.pk}


def test_a_long_line_says_more_than_it_counts(cast, client, ledger, make_hazard, today,
                                              monkeypatch):
    second = make_hazard()
    Hazard.objects.filter(pk=second.pk).update(rectify_due=today - timedelta(days=1))
    monkeypatch.setattr(worklist, "CAP", 1)
    assert work_lines(client, cast.officer_a)["hazards.overdue"][0] == "1+"


def test_nothing_to_do(cast, client):
    client.force_login(cast.officer_a)
    page = client.get(reverse("home")).content.decode()
    assert "暂无待办事项" in page
    assert "data-work=" not in page
