"""API bearer tokens. The key is shown once; only its SHA-256 is stored.

A phone sends its token with every request, and resolving it (user, agency, region and
certificates) cost a transition a tenth of its time. Each process therefore remembers a
resolved token for ``TOKEN_MEMORY_SECONDS``. A change to the user or to one of their
certificates, or the token's deletion, forgets that user's tokens in this process at once
(signals below) and, once committed, in the other worker processes through the shared
change counters (``core.generations``), one per token. A worker on another host notices
within those seconds, and never past the token's own expiry.
"""

import hashlib
import pickle
import secrets
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from anzhi.core.generations import shared

from .models import ApiToken, Certificate, User

TOKEN_MEMORY_SECONDS = 30.0
_MEMORY_SIZE = 10_000  # past this many, expired entries are dropped

# key hash → (monotonic deadline, user id, pickled user with its certificates, counter)
_remembered: dict[str, tuple[float, int, bytes, int]] = {}
_lock = threading.Lock()


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, key_hash=_hash(key),
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    return key


def user_for_token(key: str) -> User | None:
    digest = _hash(key)
    now = time.monotonic()
    generation = shared.read(digest)  # before the database: see core.generations
    hit = _remembered.get(digest)
    if hit is not None and hit[0] > now and hit[3] == generation:
        # A copy per request (pickled, so the prefetched certificates come along): services
        # may cache things on the actor they are given.
        return pickle.loads(hit[2])
    token = (ApiToken.objects.select_related("user", "user__agency__region", "user__region")
             .prefetch_related("user__certificates")
             .filter(key_hash=digest, expires_at__gt=timezone.now()).first())
    if token is None or not token.user.is_active:
        _remembered.pop(digest, None)
        return None
    left = (token.expires_at - timezone.now()).total_seconds()
    with _lock:
        if len(_remembered) >= _MEMORY_SIZE:
            for stale in [d for d, (until, *_) in _remembered.items() if until <= now]:
                del _remembered[stale]
        _remembered[digest] = (now + min(TOKEN_MEMORY_SECONDS, left), token.user.pk,
                               pickle.dumps(token.user), generation)
    return token.user


def forget_user(user_id: int) -> None:
    """Forget the user's tokens here at once and, after commit, in every worker."""
    with _lock:
        for digest in [d for d, (_, uid, *_) in _remembered.items() if uid == user_id]:
            del _remembered[digest]
    shared.bump_on_commit(*ApiToken.objects.filter(user_id=user_id)
                          .values_list("key_hash", flat=True))


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def _user_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and set(update_fields) == {"last_login"}):
        return  # a new user has no token; every login writes last_login, which none reads
    forget_user(instance.pk)


@receiver(post_save, sender=Certificate)
@receiver(post_delete, sender=Certificate)
def _certificate_changed(sender, instance, **kwargs):
    forget_user(instance.holder_id)


@receiver(post_delete, sender=ApiToken)
def _token_deleted(sender, instance, **kwargs):
    with _lock:
        _remembered.pop(instance.key_hash, None)
    shared.bump_on_commit(instance.key_hash)
