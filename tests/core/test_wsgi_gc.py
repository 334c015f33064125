"""The server entry points freeze what loading made (core.production.ready_to_serve): in a
loaded worker a full garbage-collector pass over it took 55 ms, stalling its requests."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("entry", ["anzhi.wsgi", "anzhi.asgi"])
def test_a_server_entry_point_freezes_the_loaded_heap(entry):
    code = f"import gc, {entry}; print(gc.get_freeze_count())"
    frozen = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)
    assert frozen > 50_000  # the modules, models and URLconf
