"""Change counters that every worker process on this host sees: a small file under
``VAR_DIR`` mapped into memory by each process.

The per-process memories (remembered API tokens, reference choices) are correct in the
process that made a change, which forgets at once; a counter bumped after the change has
committed tells the other workers to forget too, for the price of a memory read per hit.
A reader takes the counter *before* reading the database, so that whatever it remembers is
either newer than the change or filed under a counter the change has since moved past.

A key maps to one of ``SLOTS`` counters; two keys sharing a slot only cost a spare miss.
Where the file cannot be made (a read-only directory) every counter reads 0 and the
memories fall back to their time limits.
"""

import fcntl
import logging
import mmap
import os
import struct
import threading
import zlib
from pathlib import Path

from django.conf import settings
from django.db import transaction

SLOTS = 4096
_COUNTER = struct.Struct("<Q")
log = logging.getLogger(__name__)


class Generations:
    def __init__(self, path: Path | None = None, slots: int = SLOTS):
        self._path, self.slots = path, slots
        self._fd: int | None = None
        self._map: mmap.mmap | None = None
        self._failed = False
        self._lock = threading.Lock()

    def _mapped(self) -> mmap.mmap | None:
        if self._map is None and not self._failed:
            with self._lock:
                if self._map is None and not self._failed:
                    self._open()
        return self._map

    @property
    def path(self) -> Path:
        return self._path or Path(settings.VAR_DIR) / "generations.bin"

    def _open(self) -> None:
        size = self.slots * _COUNTER.size
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)  # zero-filled; a second process doing the same is a no-op
            self._map, self._fd = mmap.mmap(fd, size), fd
        except OSError as exc:
            self._failed = True
            log.warning("shared change counters unavailable (%s): each process forgets "
                        "only its own changes until its memories expire", exc)

    def slot(self, key: int | str) -> int:
        if isinstance(key, int):
            return key % self.slots
        # str hashes differ between processes (PYTHONHASHSEED); crc32 does not.
        return zlib.crc32(key.encode()) % self.slots

    def read(self, key: int | str) -> int:
        mapped = self._mapped()
        if mapped is None:
            return 0
        return _COUNTER.unpack_from(mapped, self.slot(key) * _COUNTER.size)[0]

    def bump(self, key: int | str) -> None:
        mapped = self._mapped()
        if mapped is None:
            return
        offset = self.slot(key) * _COUNTER.size
        # The file lock orders processes, the thread lock this process's threads (a
        # process's fcntl lock does not exclude its own threads). A lost increment could
        # leave a counter at a value some reader filed a stale entry under.
        with self._lock:
            fcntl.lockf(self._fd, fcntl.LOCK_EX, _COUNTER.size, offset)
            try:
                (value,) = _COUNTER.unpack_from(mapped, offset)
                _COUNTER.pack_into(mapped, offset, value + 1)
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN, _COUNTER.size, offset)

    def bump_on_commit(self, *keys: int | str) -> None:
        """Bump once the surrounding transaction commits (at once outside one): a worker
        that re-reads in between would file the old rows under the new counter."""
        transaction.on_commit(lambda: [self.bump(key) for key in keys])


shared = Generations()
