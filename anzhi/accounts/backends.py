"""Signing in, and finding the signed-in user on every request."""

from django.contrib.auth.backends import ModelBackend

from anzhi.core.prepared import Prepared

from .models import User

# Every page and API call by a signed-in user starts with this lookup: compiled once, it
# costs the request the query alone (building and compiling it again each time was half a
# millisecond of CPU on the benchmark machine, more than PostgreSQL took to answer it).
_BY_PK = Prepared(User, lambda _key, pk: User.objects.filter(pk=pk))


class UserBackend(ModelBackend):
    """Django's ``ModelBackend``: password sign-in and permissions as Django has them, with
    the per-request user lookup compiled once."""

    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _BY_PK.first(None, pk)
        return user if user is not None and self.user_can_authenticate(user) else None
