"""core.worklist: registering lines once, skipping empty lines and lines of an app whose
pages are not installed."""

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
    User.objects.create(username="u1")
    register_work(WorkLine("a.users", "用户", users, "home", {"x": "1"}, urgent=True))
    register_work(WorkLine("a.users", "用户（重复）", users, "home"))
    register_work(WorkLine("a.none", "无", lambda u, d: User.objects.none(), "home"))
    register_work(WorkLine("b.gone", "未安装", users, "no-such-app:list"))
    assert [line.key for line in lines] == ["a.users", "a.none", "b.gone"]
    assert worklist.worklist(None, date(2026, 12, 1)) == [
        {"key": "a.users", "label": "用户", "n": 1, "more": False, "urgent": True,
         "url": "/?x=1"}]
