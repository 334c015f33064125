"""The draw algorithm ("anzhi-draw/1") as first written: word by word, one HMAC call per
block, no batching or inlining. The tests hold the fast implementation in
anzhi/planning/drawalgo.py to exactly these outputs (published draws must keep verifying).
Not a test module itself."""

import hmac
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence

from anzhi.planning.drawalgo import DrawError, check_pool

_DOMAIN = b"anzhi-draw/1"
_TWO64 = 1 << 64


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



def run(pool: dict, pool_hash_hex: str, seed: bytes) -> list[dict]:
    check_pool(pool)  # unchanged since the first implementation
    params = pool["params"]
    stream = Stream(seed, pool_hash_hex)
    selected = select_enterprises(pool["enterprise_ids"], params["count"], stream)
    officers = pair_officers(selected, pool["officer_ids"], pool.get("conflicts") or [],
                             params.get("officers_per_enterprise", 2), stream)
    return [{"enterprise": e, "officers": o} for e, o in zip(selected, officers, strict=True)]
