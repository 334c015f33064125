"""The day the services act on. Normally today in Asia/Shanghai; a replay of past work
(the demo's last two months, ``anzhi.demo.activity``) runs each step on the day it happened,
so the deadlines and the refusal of a date in the past are the law's own for that day:

    with replaying(found_on):
        hazard_create(...)

A context variable, not a patched module attribute: it holds only for the code inside the
block, in this thread or task.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.utils import timezone

_replayed: ContextVar[date | None] = ContextVar("replayed_day", default=None)


def today() -> date:
    return _replayed.get() or timezone.localdate()


@contextmanager
def replaying(day: date) -> Iterator[None]:
    token = _replayed.set(day)
    try:
        yield
    finally:
        _replayed.reset(token)
