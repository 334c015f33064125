"""accounts.sessions.SessionStore: Django's database sessions, looked up with a statement
compiled once; expired, unknown and impossible keys are no session."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anzhi.accounts.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stored(data: dict, *, expires_in=timedelta(hours=1)) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() + expires_in)
    return store.session_key


def test_loads_a_live_session_with_one_query():
    key = stored({"seen": "湖上乡"})
    SessionStore(key).load()  # compiled on first use
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key).load() == {"seen": "湖上乡"}
    assert len(queries) == 1


def test_an_expired_session_is_no_session():
    key = stored({"seen": "湖上乡"}, expires_in=timedelta(seconds=-1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


@pytest.mark.parametrize("key", ["abcdefgh12345678", "short", "abc\x00defghijkl", None])
def test_unknown_or_impossible_keys_are_no_session(key):
    stored({"seen": "湖上乡"})
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_a_page_signs_in_through_it_and_an_expired_session_signs_out(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
