"""Recording writes. Every service calls ``record`` inside its own transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from . import bulk
from .models import AuditEvent

# The rows of the ``batched`` block being run, in the order they were recorded.
_batch: ContextVar[list[AuditEvent] | None] = ContextVar("audit_batch", default=None)


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
    pending = _batch.get()
    if pending is not None:
        pending.append(row)
    else:
        bulk.insert([row])
    return row


def record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Save rows built by ``event`` in one statement (bulk writes: imports, draws, batches
    of follow-ups), inside the caller's transaction."""
    pending = _batch.get()
    if pending is not None:
        pending.extend(events)
        return events
    return bulk.insert(events)


@contextmanager
def batched() -> Iterator[None]:
    """Inside the block, ``record`` and ``record_many`` collect their rows, and the block
    writes them in one statement as it ends. Use it inside the service's transaction: a
    step that records two or three events then makes one round trip for them. Nested
    blocks leave the writing to the outermost; a block left by an error writes nothing."""
    if _batch.get() is not None:
        yield
        return
    rows: list[AuditEvent] = []
    token = _batch.set(rows)
    try:
        yield
    finally:
        _batch.reset(token)
    if rows:
        bulk.insert(rows)


def history(obj: models.Model):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
