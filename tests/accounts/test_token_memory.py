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


def _other_worker():
    """The counters as another worker process on this host maps them: the same file, its
    own mapping."""
    from anzhi.core.generations import Generations

    return Generations(tokens.shared.path)


def test_a_change_committed_in_another_worker_is_seen_at_the_next_request(cast, key):
    assert tokens.user_for_token(key) is not None
    # What the other worker did: its write (no signal here) and its handler's counter bump.
    type(cast.officer_a).objects.filter(pk=cast.officer_a.pk).update(is_active=False)
    _other_worker().bump(tokens._hash(key))
    assert tokens.user_for_token(key) is None


def test_committing_a_change_bumps_the_counter_of_each_of_the_users_tokens(
        cast, key, django_capture_on_commit_callbacks):
    second = tokens.issue_token(cast.officer_a)
    digests = [tokens._hash(key), tokens._hash(second)]
    before = [_other_worker().read(d) for d in digests]
    with django_capture_on_commit_callbacks(execute=False) as pending:
        cast.officer_a.is_active = False
        cast.officer_a.save()
    assert [_other_worker().read(d) for d in digests] == before  # not before the commit
    for callback in pending:
        callback()
    assert [_other_worker().read(d) for d in digests] == [n + 1 for n in before]


def test_a_deleted_token_bumps_its_counter_on_commit(cast, key, django_capture_on_commit_callbacks):
    digest = tokens._hash(key)
    before = _other_worker().read(digest)
    with django_capture_on_commit_callbacks(execute=True):
        ApiToken.objects.get(key_hash=digest).delete()
    assert _other_worker().read(digest) == before + 1


def test_a_login_does_not_forget_the_users_tokens(cast, key):
    tokens.user_for_token(key)
    cast.officer_a.last_login = timezone.now()
    cast.officer_a.save(update_fields=["last_login"])
    with CaptureQueriesContext(connection) as queries:
        assert tokens.user_for_token(key) is not None
    assert len(queries) == 0
