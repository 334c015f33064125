"""Process-local memory for reference data that pages read on every request (the sectors,
the agencies a user may filter by) and that changes rarely, by an administrator's hand.

Each entry lives ``seconds`` at most. The signal handlers registered with ``forget_on``
clear a memo in this process as soon as the underlying rows change there, so the admin
who made the change sees it at once, and bump a shared change counter once the change
commits, so the other worker processes on this host drop their entries at their next
read (``core.generations``); a worker on another host within ``seconds``.
"""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db.models.signals import post_delete, post_save

from anzhi.core.generations import shared


class Memo:
    def __init__(self, seconds: float, size: int = 1000):
        self.seconds, self.size = seconds, size
        # key → (monotonic deadline, shared counter when computed, value)
        self._values: dict[Hashable, tuple[float, int, Any]] = {}
        self._lock = threading.Lock()
        self._shared_key: str | None = None

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        generation = shared.read(self._shared_key) if self._shared_key else 0
        hit = self._values.get(key)
        if hit is not None and hit[0] > now and hit[1] == generation:
            return hit[2]
        value = compute()
        with self._lock:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = (now + self.seconds, generation, value)
        return value

    def clear(self, *args, **kwargs) -> None:
        with self._lock:
            self._values.clear()
        if self._shared_key:
            shared.bump_on_commit(self._shared_key)

    def forget_on(self, *models) -> "Memo":
        """Clear on any save or delete of these models, here at once and in the other
        workers once it commits."""
        self._shared_key = "memo:" + ",".join(sorted(m._meta.label for m in models))
        for model in models:
            post_save.connect(self.clear, sender=model, weak=False)
            post_delete.connect(self.clear, sender=model, weak=False)
        return self
