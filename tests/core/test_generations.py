"""The change counters every worker on a host shares (anzhi.core.generations)."""

import subprocess
import sys
import threading
from pathlib import Path

from anzhi.core.generations import Generations
from anzhi.core.memo import Memo
from anzhi.registry.models import Sector

ROOT = Path(__file__).resolve().parents[2]


def test_a_bump_in_one_mapping_is_read_in_another(tmp_path):
    one, other = Generations(tmp_path / "g.bin"), Generations(tmp_path / "g.bin")
    assert other.read("token-a") == 0
    one.bump("token-a")
    one.bump("token-a")
    assert other.read("token-a") == 2
    assert other.read(one.slot("token-a") + 1) == 0  # its neighbour's counter is untouched


def test_another_process_bumps_the_same_counter(tmp_path):
    path = tmp_path / "g.bin"
    mine = Generations(path)
    mine.bump("token-a")
    # A fresh interpreter with its own str hash seed must find the same slot.
    code = ("import sys; from pathlib import Path; from anzhi.core.generations import "
            "Generations; Generations(Path(sys.argv[1])).bump('token-a')")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT,
                   env={"PYTHONHASHSEED": "12345", "PATH": ""})
    assert mine.read("token-a") == 2


def test_concurrent_bumps_are_not_lost(tmp_path):
    one, other = Generations(tmp_path / "g.bin"), Generations(tmp_path / "g.bin")

    def bump(counters):
        for _ in range(500):
            counters.bump(7)
    threads = [threading.Thread(target=bump, args=(c,)) for c in (one, one, other, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert one.read(7) == 2000


def test_without_a_writable_file_counters_read_zero(tmp_path):
    counters = Generations(tmp_path / "missing-dir" / "g.bin")
    counters.bump("token-a")
    assert counters.read("token-a") == 0


def test_bump_on_commit_waits_for_the_commit(tmp_path, django_capture_on_commit_callbacks, db):
    counters = Generations(tmp_path / "g.bin")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        counters.bump_on_commit("a", "b")
    assert (counters.read("a"), counters.read("b")) == (0, 0)
    for callback in pending:
        callback()
    assert (counters.read("a"), counters.read("b")) == (1, 1)


def test_memo_recomputes_after_another_worker_changed_its_rows(db):
    from anzhi.core.generations import shared

    memo = Memo(300).forget_on(Sector)
    computed = []
    memo.get("k", lambda: computed.append(1) or len(computed))
    assert memo.get("k", lambda: computed.append(1) or len(computed)) == 1
    Generations(shared.path).bump(memo._shared_key)  # another worker saved a Sector
    assert memo.get("k", lambda: computed.append(1) or len(computed)) == 2
