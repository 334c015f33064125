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

import hashlib
import hmac
import json
import operator
import sys
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

ALGORITHM = "anzhi-draw/1"
_DOMAIN = ALGORITHM.encode()
_TWO64 = 1 << 64


class DrawError(ValueError):
    """The draw cannot be computed from its inputs (a message in Chinese)."""


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
    """The HMAC-SHA256 counter stream of 64-bit words."""

    def __init__(self, seed: bytes, pool_hash_hex: str):
        self._key = seed
        self._prefix = _DOMAIN + bytes.fromhex(pool_hash_hex)
        self._counter = 0
        self._words: list[int] = []

    def word(self) -> int:
        if not self._words:
            block = hmac.digest(self._key, self._prefix + self._counter.to_bytes(8, "big"),
                                "sha256")
            self._counter += 1
            b = int.from_bytes(block, "big")
            # Words in order: the most significant 64 bits first.
            self._words = [b & 0xFFFFFFFFFFFFFFFF, (b >> 64) & 0xFFFFFFFFFFFFFFFF,
                           (b >> 128) & 0xFFFFFFFFFFFFFFFF, b >> 192]
        return self._words.pop()

    def uniform(self, n: int) -> int:
        if n <= 0:
            raise DrawError("抽取范围为空")
        limit = _TWO64 - (_TWO64 % n)
        while True:
            x = self.word()
            if x < limit:
                return x % n


def select_enterprises(ids: Sequence[int], count: int, stream: Stream) -> list[int]:
    n = len(ids)
    if count > n:
        raise DrawError(f"抽取数量：{count} 超过名录库企业数 {n}")
    a = list(ids)
    for i in range(count):
        j = i + stream.uniform(n - i)
        a[i], a[j] = a[j], a[i]
    return a[:count]


def _positions(bucket: list[int], excluded: set[int]) -> list[int]:
    out = []
    for officer in excluded:
        i = bisect_left(bucket, officer)
        if i < len(bucket) and bucket[i] == officer:
            out.append(i)
    out.sort()
    return out


def pair_officers(selected: Sequence[int], officer_ids: Sequence[int],
                  conflicts: Iterable[Sequence[int]], per_enterprise: int,
                  stream: Stream) -> list[list[int]]:
    """Officers for each selected enterprise, least-loaded first, ties broken by the stream."""
    barred: dict[int, set[int]] = {}
    for officer, enterprise in conflicts:
        barred.setdefault(enterprise, set()).add(officer)
    officers = sorted(set(officer_ids))
    # levels[k]: sorted ids of the officers with k assignments so far.
    levels: list[list[int]] = [officers]
    load = dict.fromkeys(officers, 0)
    min_level = 0
    out: list[list[int]] = []
    for enterprise in selected:
        excluded = set(barred.get(enterprise, ()))
        chosen: list[int] = []
        for _ in range(per_enterprise):
            level = min_level
            while True:
                if level >= len(levels):
                    raise DrawError(f"执法人员：企业 {enterprise} 可抽取的持证执法人员不足 "
                                    f"{per_enterprise} 名（已排除回避人员）")
                bucket = levels[level]
                # Positions (in the sorted bucket) of the excluded officers it holds.
                holes = _positions(bucket, excluded) if excluded else []
                if len(bucket) > len(holes):
                    break
                level += 1
            # The r-th eligible officer in id order, skipping the excluded ones.
            index = stream.uniform(len(bucket) - len(holes))
            for hole in holes:
                if hole <= index:
                    index += 1
                else:
                    break
            officer = bucket.pop(index)
            load[officer] = level + 1
            if level + 1 == len(levels):
                levels.append([])
            insort(levels[level + 1], officer)
            while min_level < len(levels) and not levels[min_level]:
                min_level += 1
            chosen.append(officer)
            excluded.add(officer)
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
    params = pool["params"]
    stream = Stream(seed, pool_hash_hex)
    selected = select_enterprises(pool["enterprise_ids"], params["count"], stream)
    officers = pair_officers(selected, pool["officer_ids"],
                             pool.get("conflicts") or [],
                             params.get("officers_per_enterprise", 2), stream)
    return [{"enterprise": e, "officers": o} for e, o in zip(selected, officers, strict=True)]


def verify(doc: dict) -> dict:
    """Check a published draw document. Returns ``{"valid", "executed", "checks", "errors"}``."""
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
        expected = run(pool, computed_hash, seed)
    except DrawError as exc:
        checks["selection"] = False
        errors.append(str(exc))
    else:
        checks["selection"] = _normalise(doc.get("selected")) == expected
        if not checks["selection"]:
            errors.append("抽取结果：与按公开算法重新计算的结果不符")
    return {"valid": all(checks.values()), "executed": True, "checks": checks, "errors": errors}


def _normalise(selected: Any) -> list[dict] | None:
    if not isinstance(selected, list):
        return None
    try:
        return [{"enterprise": s["enterprise"], "officers": list(s["officers"])}
                for s in selected]
    except (KeyError, TypeError):
        return None


def verify_file(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
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
