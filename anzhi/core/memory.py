"""Pausing Python's cyclic garbage collector around bulk work. Pure Python (no Django):
the offline draw verifier uses it too."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Automatic collection off for the block, restored after.

    Bulk work (a provincial draw, an import chunk) allocates hundreds of thousands of small
    containers that reference counting frees; the automatic collector would walk them again
    and again (a fifth to a quarter of the run time). Only speed changes; a rare cycle goes
    at the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
