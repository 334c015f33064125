"""accounts.backends.UserBackend: the signed-in user of each request, compiled once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anzhi.accounts.backends import UserBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_finds_the_session_user_with_one_query():
    user = UserFactory(username="zhangsan")
    backend = UserBackend()
    backend.get_user(str(user.pk))  # compiled on first use
    with CaptureQueriesContext(connection) as queries:
        found = backend.get_user(str(user.pk))
    assert (found.pk, found.username) == (user.pk, "zhangsan")
    assert len(queries) == 1


@pytest.mark.parametrize("user_id", ["0", "abc", None, str(2**64)])
def test_no_user_for_an_unknown_or_malformed_id(user_id):
    UserFactory()
    assert UserBackend().get_user(user_id) is None


def test_a_deactivated_user_is_signed_out():
    user = UserFactory(is_active=False)
    assert UserBackend().get_user(str(user.pk)) is None


def test_pages_sign_in_through_it(client):
    user = UserFactory(username="lisi")
    user.set_password("correct horse 9")
    user.save()
    assert client.login(username="lisi", password="correct horse 9")
    assert client.get("/").status_code == 200
    assert client.session["_auth_user_backend"] == "anzhi.accounts.backends.UserBackend"
