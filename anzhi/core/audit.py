"""Recording writes. Every service calls ``record`` inside its own transaction."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .deferred import deferred, insert_later
from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose values differ, as ``{field: [old, new]}``."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys)
            if before.get(k) != after.get(k)}


def event(*, actor, action: str, obj: models.Model, changes: dict | None = None,
          reason: str = "") -> AuditEvent:
    """An unsaved audit row; ``record`` saves one, ``record_many`` saves a batch."""
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        reason=reason,
    )


def record(*, actor, action: str, obj: models.Model, changes: dict | None = None,
           reason: str = "") -> AuditEvent:
    row = event(actor=actor, action=action, obj=obj, changes=changes, reason=reason)
    insert_later([row])
    return row


def record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Save rows built by ``event`` in one statement (bulk writes: imports, draws, batches
    of follow-ups), inside the caller's transaction."""
    return insert_later(events)


def batched():
    """Inside the block, ``record`` and ``record_many`` collect their rows, and the block
    writes them as it ends, with the step's other queued writes (``core.deferred``). Use it
    inside the service's transaction: a step that records two or three events then makes
    no round trip of its own for them. Nested blocks leave the writing to the outermost; a
    block left by an error writes nothing."""
    return deferred()


def history(obj: models.Model):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
