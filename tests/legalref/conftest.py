"""Fixtures of the legal quick reference tests: a clean process calendar around each test,
and a (fictional, test-only) 2027 holiday schedule in the administrator's words."""

import datetime as dt

import pytest

from anzhi.law import workdays
from anzhi.legalref import calendar

# Test data only — not the State Council's 2027 notice (not published when this was written).
HOLIDAYS_2027 = """2027-01-01~2027-01-03 元旦
2027-02-06~2027-02-12 春节
"""
WORKDAYS_2027 = """2027-02-14 春节调休上班
2027-02-20 春节调休上班
"""
D = dt.date


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The cast's passwords are hashed per test; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_process_calendar():
    calendar.reset()
    workdays.clear_overrides()
    yield
    calendar.reset()
    workdays.clear_overrides()


@pytest.fixture
def days_2027():
    holidays = calendar.parse_days(HOLIDAYS_2027, field="holidays", label="休息日")
    work = calendar.parse_days(WORKDAYS_2027, field="workdays", label="调休上班日")
    return holidays, work
