"""The published draw algorithm (anzhi/planning/drawalgo.py), pure: no database."""

import copy
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anzhi.planning import drawalgo

SECRET = bytes(range(32))


def make_pool(n=200, officers=6, count=20, per=2, conflicts=()):
    return {
        "params": {"agency": 1, "count": count, "draw_date": "2026-03-02",
                   "officers_per_enterprise": per},
        "enterprise_ids": [10 + 3 * i for i in range(n)],
        "enterprise_usccs": [f"91350524MA{i:08d}" for i in range(n)],
        "officer_ids": list(range(100, 100 + officers)),
        "officer_certificates": [f"闽执{i:08d}" for i in range(officers)],
        "conflicts": sorted([list(c) for c in conflicts]),
    }


def published(pool, entropy=("纪委：7f3a", "群众代表：42")):
    ph = drawalgo.pool_hash(pool)
    seed = drawalgo.derive_seed(SECRET, entropy)
    return {
        "algorithm": drawalgo.ALGORITHM, "pool": pool, "pool_hash": ph,
        "commitment": drawalgo.commitment_of(SECRET), "secret_seed": SECRET.hex(),
        "witness_entropy": list(entropy), "seed": seed.hex(),
        "selected": drawalgo.run(pool, ph, seed),
    }


def test_deterministic_and_valid():
    doc = published(make_pool())
    again = published(make_pool())
    assert doc["selected"] == again["selected"]
    result = drawalgo.verify(doc)
    assert result == {"valid": True, "executed": True, "errors": [],
                      "checks": {"pool_hash": True, "commitment": True, "seed": True,
                                 "selection": True}}
    assert len(doc["selected"]) == 20
    assert len({s["enterprise"] for s in doc["selected"]}) == 20


def test_commitment_is_sha256_of_secret_and_seed_binds_witnesses():
    assert drawalgo.commitment_of(SECRET) == \
        "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
    a = drawalgo.derive_seed(SECRET, ["ab", "c"])
    b = drawalgo.derive_seed(SECRET, ["a", "bc"])  # length-prefixed: no ambiguity
    assert a != b
    assert drawalgo.derive_seed(SECRET, []) == drawalgo.derive_seed(SECRET, ())
    # A witness string changes the selection.
    pool = make_pool()
    ph = drawalgo.pool_hash(pool)
    assert drawalgo.run(pool, ph, a) != drawalgo.run(pool, ph, b)


@pytest.mark.parametrize("tamper, failing", [
    (lambda d: d["pool"]["enterprise_ids"].__setitem__(0, 11), "pool_hash"),
    (lambda d: d["pool"]["params"].__setitem__("count", 19), "pool_hash"),
    (lambda d: d["pool"]["conflicts"].append([100, 10]), "pool_hash"),
    (lambda d: d.__setitem__("secret_seed", "00" * 32), "commitment"),
    (lambda d: d["witness_entropy"].append("后加的串"), "seed"),
    (lambda d: d.__setitem__("seed", "11" * 32), "seed"),
    (lambda d: d["selected"][0].__setitem__("enterprise", 13), "selection"),
    (lambda d: d["selected"][3]["officers"].reverse(), "selection"),
    (lambda d: d["selected"].pop(), "selection"),
])
def test_tampering_is_detected(tamper, failing):
    doc = published(make_pool())
    tamper(doc)
    result = drawalgo.verify(doc)
    assert result["valid"] is False
    assert result["checks"][failing] is False
    assert result["errors"]


def test_before_execution_only_pool_hash_is_checked():
    doc = published(make_pool())
    for key in ("secret_seed", "seed", "selected", "witness_entropy"):
        doc.pop(key)
    result = drawalgo.verify(doc)
    assert result["executed"] is False and result["valid"] is True
    doc["pool"]["enterprise_ids"][5] += 1
    assert drawalgo.verify(doc)["valid"] is False


def test_conflicts_are_never_paired():
    ids = [10 + 3 * i for i in range(200)]
    conflicts = [(100, e) for e in ids] + [(101, e) for e in ids[:100]]
    pool = make_pool(count=200, conflicts=conflicts)
    doc = published(pool)
    barred = {(o, e) for o, e in conflicts}
    for s in doc["selected"]:
        assert len(set(s["officers"])) == 2
        assert not any((o, s["enterprise"]) in barred for o in s["officers"])
    assert drawalgo.verify(doc)["valid"]


def test_load_is_spread_evenly():
    """Least-loaded first: 60 enterprises × 2 officers over 6 officers → 20 each."""
    doc = published(make_pool(count=60, officers=6))
    load = Counter(o for s in doc["selected"] for o in s["officers"])
    assert sorted(load.values()) == [20] * 6


def test_load_spread_with_a_conflict_stays_within_one():
    ids = [10 + 3 * i for i in range(200)]
    pool = make_pool(count=50, officers=5, conflicts=[(100, e) for e in ids[::2]])
    load = Counter(o for s in published(pool)["selected"] for o in s["officers"])
    free = [load[o] for o in (101, 102, 103, 104)]
    assert max(free) - min(free) <= 1  # officers without conflicts share evenly
    assert load[100] >= 15  # the one in conflict with half still takes its share elsewhere


@pytest.mark.parametrize("change, message", [
    (lambda p: p["params"].__setitem__("count", 201), "抽取数量"),
    (lambda p: p["params"].__setitem__("count", 0), "抽取数量"),
    (lambda p: p["params"].__setitem__("officers_per_enterprise", 1), "至少两名"),
    (lambda p: p.__setitem__("officer_ids", [100]) or p.__setitem__(
        "officer_certificates", ["x"]), "不足"),
    (lambda p: p["enterprise_ids"].reverse(), "升序"),
    (lambda p: p.__setitem__("enterprise_ids", []) or p.__setitem__("enterprise_usccs", []),
     "名录库为空"),
    (lambda p: p.__setitem__("conflicts", [[o, 10] for o in range(100, 105)]), "回避"),
])
def test_impossible_pools_are_refused(change, message):
    pool = make_pool()
    change(pool)
    with pytest.raises(drawalgo.DrawError, match=message):
        drawalgo.check_pool(pool)


def test_uniform_is_unbiased_over_small_ranges():
    stream = drawalgo.Stream(SECRET, "00" * 32)
    counts = Counter(stream.uniform(3) for _ in range(3000))
    assert set(counts) == {0, 1, 2}
    assert all(900 < c < 1100 for c in counts.values())


def test_verify_file_and_command_without_database(tmp_path):
    """No `db` fixture: pytest-django would fail any query, so this proves no DB access."""
    doc = published(make_pool())
    good = tmp_path / "draw.json"
    good.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert drawalgo.verify_file(str(good))["valid"] is True
    assert drawalgo.main([str(good)]) == 0
    call_command("verify_draw", str(good))

    bad_doc = copy.deepcopy(doc)
    bad_doc["selected"][0]["officers"] = [105, 104]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_doc, ensure_ascii=False), encoding="utf-8")
    assert drawalgo.verify_file(str(bad))["valid"] is False
    with pytest.raises(CommandError, match="核验未通过"):
        call_command("verify_draw", str(bad))

    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert drawalgo.verify_file(str(broken))["errors"][0].startswith("文件")


def test_drawalgo_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(drawalgo))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m and m.startswith(("django", "anzhi")) for m in modules)
