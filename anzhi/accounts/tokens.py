"""API bearer tokens. The key is shown once; only its SHA-256 is stored."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ApiToken, User


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
    token = (ApiToken.objects.select_related("user", "user__agency__region", "user__region")
             .filter(key_hash=_hash(key), expires_at__gt=timezone.now()).first())
    if token is None or not token.user.is_active:
        return None
    return token.user
