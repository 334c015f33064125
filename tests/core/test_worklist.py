"""core.worklist: registering lines once, skipping empty lines and lines of an app whose
pages are not installed; one statement per user and day, counting live rows."""

from datetime import date

import pytest

from anzhi.accounts.models import User
from anzhi.core import worklist
from anzhi.core.worklist import WorkLine, register_work


@pytest.fixture
def lines(monkeypatch):
    monkeypatch.setattr(worklist, "LINES", [])
    return worklist.LINES


def users(user, today):
    return User.objects.all()


def test_lines_are_registered_once_and_empty_or_unrouted_ones_are_left_out(db, lines):
    user = User.objects.create(username="u1")
    register_work(WorkLine("a.users", "用户", users, "home", {"x": "1"}, urgent=True))
    register_work(WorkLine("a.users", "用户（重复）", users, "home"))
    register_work(WorkLine("a.none", "无", lambda u, d: User.objects.none(), "home"))
    register_work(WorkLine("b.gone", "未安装", users, "no-such-app:list"))
    assert [line.key for line in lines] == ["a.users", "a.none", "b.gone"]
    assert worklist.worklist(user, date(2026, 12, 1)) == [
        {"key": "a.users", "label": "用户", "n": 1, "more": False, "urgent": True,
         "url": "/?x=1"}]


def test_one_statement_per_user_and_day_counting_live_rows(db, lines, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    built = []

    def named_u(user, today):
        built.append((user.pk, today))
        return User.objects.filter(username__startswith="u")

    register_work(WorkLine("a.u", "以u开头", named_u, "home"))
    register_work(WorkLine("a.all", "全部", users, "home"))
    monkeypatch.setattr(worklist, "_statements", worklist.Memo(300))
    first = User.objects.create(username="u1")
    other = User.objects.create(username="x1")
    day = date(2026, 12, 1)
    with CaptureQueriesContext(connection) as queries:
        assert [line["n"] for line in worklist.worklist(first, day)] == [1, 2]
    assert len(queries) == 1  # every line counted in one statement
    User.objects.create(username="u2")  # the rows are live; the statement is kept
    assert [line["n"] for line in worklist.worklist(first, day)] == [2, 3]
    assert built == [(first.pk, day)]
    worklist.worklist(first, date(2026, 12, 2))  # another day, another statement
    worklist.worklist(other, day)  # another user too
    assert built == [(first.pk, day), (first.pk, date(2026, 12, 2)), (other.pk, day)]


def test_past_the_cap_a_line_says_so(db, lines):
    register_work(WorkLine("a.all", "全部", users, "home"))
    User.objects.bulk_create([User(username=f"bulk{n}") for n in range(worklist.CAP + 5)])
    [line] = worklist.worklist(User.objects.first(), date(2026, 12, 3))
    assert (line["n"], line["more"]) == (worklist.CAP, True)
