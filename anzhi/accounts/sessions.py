"""Django's database sessions, with the lookup every signed-in request starts with compiled
once (``core.prepared``), like the user's (``backends``)."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from anzhi.core.prepared import Prepared

_BY_KEY = Prepared(Session, lambda _key, session_key: Session.objects.filter(
    session_key=session_key))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        # No session can have such a key (PostgreSQL would refuse the NUL outright).
        session = _BY_KEY.first(None, key) if key and "\x00" not in key else None
        # Expiry is checked here rather than in SQL, so the statement has one parameter.
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
