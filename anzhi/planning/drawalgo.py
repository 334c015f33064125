"""The published 双随机 draw algorithm ("anzhi-draw/1"). Pure Python, no Django.

Anyone can re-run a draw from its published JSON with this module alone
(``anzhi verify-draw FILE`` or ``python -m anzhi.planning.drawalgo FILE``).

The algorithm, exactly:

1. **Pool.** ``pool`` is an object with ``params`` (``count``: how many enterprises to
   select, ``officers_per_enterprise``, ``draw_date``, ``agency``); ``enterprise_ids`` in
   ascending order with ``enterprise_usccs`` in the same order; ``officer_ids`` in ascending
   order with ``officer_certificates`` (officers of the agency whose certificate is valid on
   ``draw_date``); ``conflicts``: ``[[officer_id, enterprise_id], …]`` sorted (declared 回避 in
   force). ``pool_hash = SHA-256(canonical(pool))`` where
   ``canonical`` is JSON with sorted keys, separators ``,`` ``:`` and UTF-8 text.
2. **Commitment.** A 32-byte secret is chosen when the draw is created;
   ``commitment = SHA-256(secret)`` is published together with ``pool_hash``.
3. **Seed.** At execution witnesses may add entropy strings. ``seed = SHA-256(secret ‖
   for each string s in order: len(utf8(s)) as 4-byte big-endian ‖ utf8(s))``.
4. **Stream.** Block *i* (i = 0, 1, …) is ``HMAC-SHA256(key=seed, msg="anzhi-draw/1" ‖ pool_hash
   bytes ‖ i as 8-byte big-endian)``; each block gives four 64-bit big-endian words, consumed
   in order. ``uniform(n)``: take words until one is below ``2^64 − 2^64 mod n``, return it
   mod *n* (rejection sampling, no bias).
5. **Enterprises.** Partial Fisher–Yates over the enterprise ids in id order: for
   ``i in 0..count−1``: ``j = i + uniform(N − i)``; swap ``a[i]``, ``a[j]``. The selection is
   ``a[0..count−1]`` in that order.
6. **Officers.** For each selected enterprise in order, ``officers_per_enterprise`` times:
   among the officers not in conflict with it and not yet chosen for it, take those with the
   fewest assignments so far in this draw, sorted by id, and pick ``uniform(len)`` of them.
"""

from __future__ import annotations

import gc
import hashlib
import json
import operator
import struct
import sys
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

ALGORITHM = "anzhi-draw/1"
_DOMAIN = ALGORITHM.encode()
_TWO64 = 1 << 64


class DrawError(ValueError):
    """The draw cannot be computed from its inputs (a message in Chinese)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, like ``anzhi.core.memory.gc_paused`` (kept
    here because this module imports nothing of the project: a verifier may copy it alone).
    A provincial draw creates some 100,000 small lists, none in a cycle, and every
    collection they trigger walks the whole process; a fifth of the computing time went
    there. Only speed changes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pool_hash(pool: dict) -> str:
    return sha256_hex(canonical(pool))


def commitment_of(secret: bytes) -> str:
    return sha256_hex(secret)


def derive_seed(secret: bytes, witness_entropy: Iterable[str] = ()) -> bytes:
    h = hashlib.sha256(secret)
    for text in witness_entropy:
        raw = str(text).encode()
        h.update(len(raw).to_bytes(4, "big"))
        h.update(raw)
    return h.digest()


class Stream:
    """The HMAC-SHA256 counter stream of 64-bit words.

    Blocks are computed a batch at a time (the batch grows to 1,024 blocks) and unpacked
    with one ``struct`` call; the words come out in exactly the order step 4 defines, so
    computing blocks ahead changes nothing but speed.
    """

    def __init__(self, seed: bytes, pool_hash_hex: str):
        self._key = seed
        self._prefix = _DOMAIN + bytes.fromhex(pool_hash_hex)
        # next_word() returns the next 64-bit word of the stream.
        self.next_word = chain.from_iterable(self._batches()).__next__

    def _batches(self):
        # HMAC-SHA256 (RFC 2104) with the keyed inner and outer SHA-256 states computed
        # once and copied for each block: the same bytes as hmac.digest(key, msg, "sha256"),
        # without re-keying for every block.
        key = self._key
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        inner.update(self._prefix)
        outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
        counter, size = 0, 4
        while True:
            blocks = []
            for i in range(counter, counter + size):
                h = inner.copy()
                h.update(i.to_bytes(8, "big"))
                o = outer.copy()
                o.update(h.digest())
                blocks.append(o.digest())
            counter += size
            # Each block: four words, the most significant 64 bits first (big-endian).
            yield struct.unpack(f">{4 * size}Q", b"".join(blocks))
            size = min(size * 4, 1024)

    def word(self) -> int:
        return self.next_word()

    def uniform(self, n: int) -> int:
        if n <= 0:
            raise DrawError("抽取范围为空")
        limit = _TWO64 - (_TWO64 % n)
        next_word = self.next_word
        x = next_word()
        while x >= limit:
            x = next_word()
        return x % n


def select_enterprises(ids: Sequence[int], count: int, stream: Stream) -> list[int]:
    n = len(ids)
    if count > n:
        raise DrawError(f"抽取数量：{count} 超过名录库企业数 {n}")
    a = list(ids)
    next_word, two64 = stream.next_word, _TWO64
    for i in range(count):
        # j = i + uniform(n - i), inlined (this loop runs once per selected enterprise).
        m = n - i
        limit = two64 - two64 % m
        x = next_word()
        while x >= limit:
            x = next_word()
        j = i + x % m
        a[i], a[j] = a[j], a[i]
    return a[:count]


def pair_officers(selected: Sequence[int], officer_ids: Sequence[int],
                  conflicts: Iterable[Sequence[int]], per_enterprise: int,
                  stream: Stream) -> list[list[int]]:
    """Officers for each selected enterprise, least-loaded first, ties broken by the stream."""
    barred: dict[int, list[int]] = {}
    for officer, enterprise in conflicts:
        officers = barred.setdefault(enterprise, [])
        if officer not in officers:
            officers.append(officer)
    # levels[k]: sorted ids of the officers with k assignments so far; levels[min_level] is
    # the lowest non-empty one.
    levels: list[list[int]] = [sorted(set(officer_ids))]
    n_levels = 1
    min_level = 0
    next_word = stream.next_word
    # Rejection limits of uniform(n) for every n an officer pick can ask for.
    limits = [0, *(_TWO64 - _TWO64 % n for n in range(1, len(levels[0]) + 1))]
    out: list[list[int]] = []
    for enterprise in selected:
        # Officers this enterprise may not get: its declared conflicts, then those chosen.
        excluded = list(barred.get(enterprise, ()))
        chosen: list[int] = []
        for _ in range(per_enterprise):
            level = min_level
            while True:  # the lowest level holding an eligible officer
                if level >= n_levels:
                    raise DrawError(f"执法人员：企业 {enterprise} 可抽取的持证执法人员不足 "
                                    f"{per_enterprise} 名（已排除回避人员）")
                bucket = levels[level]
                size = len(bucket)
                # Positions (in the sorted bucket) of the excluded officers it holds.
                holes = [i for officer in excluded
                         if (i := bisect_left(bucket, officer)) < size
                         and bucket[i] == officer] if excluded else []
                eligible = size - len(holes)
                if eligible:
                    break
                level += 1
            # The r-th eligible officer in id order, skipping the excluded ones, with
            # r = uniform(eligible) inlined.
            limit = limits[eligible]
            x = next_word()
            while x >= limit:
                x = next_word()
            index = x % eligible
            if holes:
                holes.sort()
                for hole in holes:
                    if hole <= index:
                        index += 1
                    else:
                        break
            officer = bucket.pop(index)
            level += 1
            if level == n_levels:
                levels.append([])
                n_levels += 1
            insort(levels[level], officer)
            if not bucket:
                while min_level < n_levels and not levels[min_level]:
                    min_level += 1
            chosen.append(officer)
            excluded.append(officer)
        out.append(chosen)
    return out


def _ascending(values: Sequence[int]) -> bool:
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values[:1]):
        return False
    return all(map(operator.lt, values, islice(values, 1, None)))


def check_pool(pool: dict) -> None:
    """Refuse a pool that could not be drawn (clear Chinese messages naming the field)."""
    params = pool.get("params") or {}
    count = params.get("count")
    per = params.get("officers_per_enterprise", 2)
    ids = pool.get("enterprise_ids") or []
    officer_ids = pool.get("officer_ids") or []
    if len(pool.get("enterprise_usccs") or []) != len(ids):
        raise DrawError("名录库：企业编号与统一社会信用代码条数不一致")
    if len(pool.get("officer_certificates") or []) != len(officer_ids):
        raise DrawError("执法人员库：人员编号与执法证号条数不一致")
    if not ids:
        raise DrawError("抽取范围：名录库为空")
    if not isinstance(count, int) or count < 1:
        raise DrawError("抽取数量：应为正整数")
    if count > len(ids):
        raise DrawError(f"抽取数量：{count} 超过名录库企业数 {len(ids)}")
    if not isinstance(per, int) or per < 2:
        raise DrawError("每户执法人员数：至少两名")
    if not _ascending(ids):
        raise DrawError("名录库：企业应按编号升序且不重复")
    if not _ascending(officer_ids):
        raise DrawError("执法人员库：应按编号升序且不重复")
    if len(officer_ids) < per:
        raise DrawError(f"执法人员：持证执法人员不足 {per} 名")
    barred: dict[int, int] = {}
    officer_set = set(officer_ids)
    for officer, enterprise in pool.get("conflicts") or []:
        if officer in officer_set:
            barred[enterprise] = barred.get(enterprise, 0) + 1
    for enterprise, n in barred.items():
        if len(officer_ids) - n < per:
            raise DrawError(f"执法人员：企业 {enterprise} 排除回避人员后持证执法人员不足 {per} 名")


def run(pool: dict, pool_hash_hex: str, seed: bytes) -> list[dict]:
    """The selection: ``[{"enterprise": id, "officers": [id, …]}, …]`` in draw order."""
    check_pool(pool)
    selected, officers = compute(pool, pool_hash_hex, seed)
    return [{"enterprise": e, "officers": o} for e, o in zip(selected, officers, strict=True)]


def compute(pool: dict, pool_hash_hex: str, seed: bytes) -> tuple[list[int], list[list[int]]]:
    """Steps 4–6 on a pool already checked (``check_pool``): the selected enterprise ids in
    draw order and, in the same order, the officers paired with each. ``pool`` needs only
    ``params``, ``enterprise_ids``, ``officer_ids`` and ``conflicts``."""
    params = pool["params"]
    stream = Stream(seed, pool_hash_hex)
    with gc_paused():
        selected = select_enterprises(pool["enterprise_ids"], params["count"], stream)
        officers = pair_officers(selected, pool["officer_ids"], pool.get("conflicts") or [],
                                 params.get("officers_per_enterprise", 2), stream)
    return selected, officers


def verify(doc: dict) -> dict:
    """Check a published draw document. Returns ``{"valid", "executed", "checks", "errors"}``."""
    with gc_paused():
        return _verify(doc)


def _verify(doc: dict) -> dict:
    checks: dict[str, bool] = {}
    errors: list[str] = []
    if doc.get("algorithm") != ALGORITHM:
        errors.append(f"算法：不支持 {doc.get('algorithm')!r}（应为 {ALGORITHM}）")
        return {"valid": False, "executed": False, "checks": checks, "errors": errors}
    pool = doc.get("pool")
    if not isinstance(pool, dict):
        errors.append("名录库：缺失")
        return {"valid": False, "executed": False, "checks": checks, "errors": errors}
    computed_hash = pool_hash(pool)
    checks["pool_hash"] = computed_hash == doc.get("pool_hash")
    if not checks["pool_hash"]:
        errors.append("名录库哈希：与公示值不符，名录库或抽取参数被改动")
    executed = doc.get("secret_seed") is not None
    if not executed:
        errors.append("尚未抽取：种子未公开，只能核对名录库哈希")
        return {"valid": checks["pool_hash"], "executed": False, "checks": checks,
                "errors": errors}
    try:
        secret = bytes.fromhex(doc["secret_seed"])
    except (TypeError, ValueError):
        errors.append("秘密种子：格式不正确")
        return {"valid": False, "executed": True, "checks": checks, "errors": errors}
    checks["commitment"] = commitment_of(secret) == doc.get("commitment")
    if not checks["commitment"]:
        errors.append("承诺值：公开的秘密种子与事先公示的承诺值不符")
    seed = derive_seed(secret, doc.get("witness_entropy") or [])
    checks["seed"] = seed.hex() == doc.get("seed")
    if not checks["seed"]:
        errors.append("种子：与秘密种子和见证人随机串的计算结果不符")
    try:
        check_pool(pool)
        selected, officers = compute(pool, computed_hash, seed)
    except DrawError as exc:
        checks["selection"] = False
        errors.append(str(exc))
    else:
        checks["selection"] = _matches(doc.get("selected"), selected, officers)
        if not checks["selection"]:
            errors.append("抽取结果：与按公开算法重新计算的结果不符")
    return {"valid": all(checks.values()), "executed": True, "checks": checks, "errors": errors}


def _matches(published: Any, selected: list[int], officers: list[list[int]]) -> bool:
    """Whether the published ``selected`` list is exactly the computed selection."""
    if not isinstance(published, list) or len(published) != len(selected):
        return False
    try:
        for entry, enterprise, chosen in zip(published, selected, officers, strict=True):
            if entry["enterprise"] != enterprise or list(entry["officers"]) != chosen:
                return False
    except (KeyError, TypeError):
        return False
    return True


def verify_file(path: str) -> dict:
    with open(path, encoding="utf-8") as fh, gc_paused():
        try:
            doc = json.load(fh)
        except json.JSONDecodeError as exc:
            return {"valid": False, "executed": False, "checks": {},
                    "errors": [f"文件：不是有效的 JSON（{exc}）"]}
    if not isinstance(doc, dict):
        return {"valid": False, "executed": False, "checks": {}, "errors": ["文件：应为 JSON 对象"]}
    return verify(doc)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("用法：python -m anzhi.planning.drawalgo 抽取公示文件.json", file=sys.stderr)
        return 2
    result = verify_file(args[0])
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["valid"] and result["executed"] else 1


if __name__ == "__main__":
    sys.exit(main())
