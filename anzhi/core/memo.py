"""Process-local memory for reference data that pages read on every request (the sectors,
the agencies a user may filter by) and that changes rarely, by an administrator's hand.

Each entry lives ``seconds`` at most; the signal handlers registered with ``forget_on``
clear a memo in this process as soon as the underlying rows change there, so the admin
who made the change sees it at once and the other worker processes within ``seconds``.
"""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db.models.signals import post_delete, post_save


class Memo:
    def __init__(self, seconds: float, size: int = 1000):
        self.seconds, self.size = seconds, size
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        hit = self._values.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = compute()
        with self._lock:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = (now + self.seconds, value)
        return value

    def clear(self, *args, **kwargs) -> None:
        with self._lock:
            self._values.clear()

    def forget_on(self, *models) -> "Memo":
        """Clear on any save or delete of these models (in this process)."""
        for model in models:
            post_save.connect(self.clear, sender=model, weak=False)
            post_delete.connect(self.clear, sender=model, weak=False)
        return self
