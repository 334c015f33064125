"""The per-process memory of resolved API tokens (anzhi.accounts.tokens): a change to the
user or their certificates takes effect at once in this process; nothing is shared between
requests."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anzhi.accounts import tokens
from anzhi.accounts.models import ApiToken


@pytest.fixture
def key(cast):
    tokens.forget_user(cast.officer_a.pk)
    return tokens.issue_token(cast.officer_a)


def test_second_lookup_reads_nothing_and_returns_a_fresh_copy(cast, key):
    first = tokens.user_for_token(key)
    with CaptureQueriesContext(connection) as queries:
        second = tokens.user_for_token(key)
        certificates = list(second.certificates.all())
    assert len(queries) == 0
    assert second.pk == cast.officer_a.pk and certificates
    assert second is not first and second.agency is not first.agency
    second.full_name = "改过的名字"
    assert tokens.user_for_token(key).full_name == cast.officer_a.full_name


def test_deactivated_user_is_refused_at_once(cast, key):
    assert tokens.user_for_token(key) is not None
    cast.officer_a.is_active = False
    cast.officer_a.save()
    assert tokens.user_for_token(key) is None


def test_moved_to_another_agency_is_seen_at_once(cast, key):
    assert tokens.user_for_token(key).agency_id == cast.agency_a.pk
    cast.officer_a.agency = cast.agency_b
    cast.officer_a.save()
    assert tokens.user_for_token(key).agency_id == cast.agency_b.pk


def test_revoked_certificate_is_seen_at_once(cast, key):
    today = date.today()
    assert any(c.is_valid_on(today) for c in tokens.user_for_token(key).certificates.all())
    for cert in cast.officer_a.certificates.all():
        cert.revoked = True
        cert.save()
    assert not any(c.is_valid_on(today) for c in tokens.user_for_token(key).certificates.all())


def test_deleted_token_is_refused(cast, key):
    assert tokens.user_for_token(key) is not None
    ApiToken.objects.get(key_hash=tokens._hash(key)).delete()
    assert tokens.user_for_token(key) is None


def test_never_remembered_past_the_tokens_expiry(cast, key, monkeypatch):
    ApiToken.objects.filter(key_hash=tokens._hash(key)).update(
        expires_at=timezone.now() + timedelta(seconds=2))
    tokens.forget_user(cast.officer_a.pk)
    assert tokens.user_for_token(key) is not None
    later = tokens.time.monotonic() + 3
    monkeypatch.setattr(tokens.time, "monotonic", lambda: later)
    monkeypatch.setattr(tokens.timezone, "now", lambda: timezone.datetime.now(
        tz=timezone.get_current_timezone()) + timedelta(seconds=3))
    assert tokens.user_for_token(key) is None


def test_api_refuses_a_deactivated_users_token(cast, api_client):
    api_client.login(cast.officer_a)
    assert api_client.get("/api/v1/agencies").status_code == 200
    cast.officer_a.is_active = False
    cast.officer_a.save()
    assert api_client.get("/api/v1/agencies").status_code == 401
