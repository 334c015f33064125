"""The fast implementation of "anzhi-draw/1" computes exactly what the algorithm as first
written computes (tests/planning/drawalgo_reference.py), and a draw published before the
speed-up still verifies. No database."""

import hmac
import json
import random
from pathlib import Path

import pytest

from anzhi.planning import drawalgo

from . import drawalgo_reference as reference

GOLDEN = Path(__file__).parent / "data" / "published-draw-v1.json"


def test_a_draw_published_by_the_first_implementation_still_verifies():
    """The file was written by the implementation before the speed-up (80 of 240
    enterprises, three officers each out of nine, 120 conflicts, six on one enterprise)."""
    result = drawalgo.verify_file(str(GOLDEN))
    assert result["valid"] and result["executed"], result
    doc = json.loads(GOLDEN.read_text(encoding="utf-8"))
    seed = bytes.fromhex(doc["seed"])
    assert drawalgo.run(doc["pool"], doc["pool_hash"], seed) == doc["selected"]
    assert doc["selected"][:2] == [{"enterprise": 3284, "officers": [331, 282, 387]},
                                   {"enterprise": 3478, "officers": [289, 396, 355]}]


@pytest.mark.parametrize("key_length", [0, 1, 32, 63, 64, 65, 100])
def test_stream_blocks_are_hmac_sha256(key_length):
    key = bytes(range(key_length))
    pool_hash = "ab" * 32
    stream = drawalgo.Stream(key, pool_hash)
    words = [stream.word() for _ in range(4 * 30)]
    prefix = b"anzhi-draw/1" + bytes.fromhex(pool_hash)
    expected = []
    for i in range(30):
        block = hmac.digest(key, prefix + i.to_bytes(8, "big"), "sha256")
        expected += [int.from_bytes(block[k:k + 8], "big") for k in range(0, 32, 8)]
    assert words == expected


def random_pool(rng: random.Random) -> dict:
    n = rng.randint(1, 300)
    ids = sorted(rng.sample(range(1, 10**6), n))
    officers = sorted(rng.sample(range(1, 1000), rng.randint(2, 12)))
    per = rng.randint(2, min(4, len(officers)))
    # Conflicts, some with officers outside the pool, some repeated enterprises.
    conflicts = sorted({(rng.choice([*officers, 5000]), rng.choice(ids))
                        for _ in range(rng.randint(0, 3 * n))})
    return {"params": {"agency": 1, "count": rng.randint(1, n), "draw_date": "2026-03-02",
                       "officers_per_enterprise": per},
            "enterprise_ids": ids, "enterprise_usccs": [str(i) for i in ids],
            "officer_ids": officers, "officer_certificates": [str(o) for o in officers],
            "conflicts": [list(c) for c in conflicts]}


def outcome(module, pool, pool_hash, seed):
    try:
        return module.run(pool, pool_hash, seed)
    except drawalgo.DrawError as exc:  # too few officers left for some enterprise
        return ("refused", str(exc))


@pytest.mark.parametrize("case", range(8))
def test_same_selection_as_the_reference_on_random_pools(case):
    rng = random.Random(case)
    for _ in range(60):
        pool = random_pool(rng)
        pool_hash = rng.randbytes(32).hex()
        seed = rng.randbytes(32)
        assert outcome(drawalgo, pool, pool_hash, seed) == \
            outcome(reference, pool, pool_hash, seed)


def test_same_selection_as_the_reference_at_scale():
    """20,000 enterprises, 5% drawn, 40 officers of whom some are in conflict with many."""
    rng = random.Random(7)
    ids = sorted(rng.sample(range(1, 60_000), 20_000))
    officers = list(range(500, 540))
    conflicts = sorted({(rng.choice(officers[:5]), rng.choice(ids)) for _ in range(3000)})
    pool = {"params": {"count": 1000, "officers_per_enterprise": 2}, "enterprise_ids": ids,
            "enterprise_usccs": ["x"] * len(ids), "officer_ids": officers,
            "officer_certificates": ["c"] * len(officers),
            "conflicts": [list(c) for c in conflicts]}
    for seed in (b"\x01" * 32, b"\x02" * 32):
        assert drawalgo.run(pool, "cd" * 32, seed) == reference.run(pool, "cd" * 32, seed)


class Scripted:
    """A stream whose words are given: forces the rejection branch of uniform(n)."""

    def __init__(self, words):
        self.next_word = iter(words).__next__

    def word(self):
        return self.next_word()


class ScriptedReference(reference.Stream):
    def __init__(self, words):
        self._it = iter(words)

    def word(self):
        return next(self._it)


def test_rejected_words_are_skipped_alike():
    top = (1 << 64) - 1  # at or above the limit of uniform(n) for any n not a power of 2
    words = [top, 5, top, top, 7, 11, top, 2, 3, 13, top, 17, 19, 23, 29, 31, 37] * 4
    ids = [10, 20, 30, 40, 50, 60, 70]
    selected = drawalgo.select_enterprises(ids, 5, Scripted(words))
    assert selected == reference.select_enterprises(ids, 5, ScriptedReference(words))
    stream, ref_stream = Scripted(words), ScriptedReference(words)
    chosen = drawalgo.select_enterprises(ids, 3, stream)
    assert chosen == reference.select_enterprises(ids, 3, ref_stream)
    assert drawalgo.pair_officers(chosen, [1, 2, 3], [[1, chosen[0]]], 2, stream) == \
        reference.pair_officers(chosen, [1, 2, 3], [[1, chosen[0]]], 2, ref_stream)


def test_verify_compares_the_selection_strictly():
    doc = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for tamper in (
        lambda d: d.__setitem__("selected", {"not": "a list"}),
        lambda d: d["selected"].__setitem__(0, [3284, [331, 282, 387]]),
        lambda d: d["selected"][0].pop("officers"),
        lambda d: d["selected"][0].__setitem__("officers", 331),
        lambda d: d["selected"].append(d["selected"][0]),
    ):
        bad = json.loads(GOLDEN.read_text(encoding="utf-8"))
        tamper(bad)
        result = drawalgo.verify(bad)
        assert result["checks"]["selection"] is False and not result["valid"]
    doc["selected"][0]["officers"] = tuple(doc["selected"][0]["officers"])
    assert drawalgo.verify(doc)["valid"]  # any sequence of the same officers
