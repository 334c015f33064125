"""How a draw's pool snapshot is stored (internal; the published form is drawalgo's JSON).

``RandomDraw.pool_blob`` is ``zlib(canonical(pool))``: exactly the bytes hashed into
``pool_hash``, so the published document is the stored snapshot, unchanged since the draw
was created.

``RandomDraw.pool_index`` is the part of the snapshot that executing the draw needs, small
enough to read without the 1,000,000 credit codes: ``MAGIC``, then zlib of the canonical
JSON of ``{"params", "officer_ids", "conflicts", "size", "pool_hash"}`` preceded by its
length (4 bytes, big-endian), then zlib of the enterprise ids, ascending, as differences
from the previous id (the first from 0), 8-byte signed big-endian integers. A contiguous
million ids compress to a few tens of kilobytes. Draws created before the index existed
have an empty ``pool_index`` and are executed from ``pool_blob``.
"""

from __future__ import annotations

import json
import operator
import sys
import zlib
from array import array
from itertools import accumulate

from .drawalgo import canonical

MAGIC = b"AZX1"


class SnapshotError(ValueError):
    pass


def pack_blob(raw: bytes) -> bytes:
    return zlib.compress(raw, 1)


def unpack_blob(blob: bytes) -> dict:
    return json.loads(zlib.decompress(bytes(blob)))


def pack_index(pool: dict, pool_hash_hex: str) -> bytes:
    ids = pool["enterprise_ids"]
    meta = zlib.compress(canonical({
        "params": pool["params"], "officer_ids": pool["officer_ids"],
        "conflicts": pool.get("conflicts") or [], "size": len(ids),
        "pool_hash": pool_hash_hex}), 1)
    deltas = array("q", map(operator.sub, ids, [0, *ids[:-1]]))
    if sys.byteorder == "little":
        deltas.byteswap()
    return MAGIC + len(meta).to_bytes(4, "big") + meta + zlib.compress(deltas.tobytes(), 1)


def unpack_index(data: bytes, pool_hash_hex: str) -> dict:
    """The executable part of the pool: ``params``, ``enterprise_ids``, ``officer_ids``,
    ``conflicts`` (what ``drawalgo.compute`` reads)."""
    data = bytes(data)
    if not data.startswith(MAGIC):
        raise SnapshotError("名录库索引：格式不正确")
    start = len(MAGIC) + 4
    end = start + int.from_bytes(data[len(MAGIC):start], "big")
    try:
        meta = json.loads(zlib.decompress(data[start:end]))
        deltas = array("q")
        deltas.frombytes(zlib.decompress(data[end:]))
    except (zlib.error, ValueError) as exc:
        raise SnapshotError("名录库索引：格式不正确") from exc
    if sys.byteorder == "little":
        deltas.byteswap()
    ids = list(accumulate(deltas))
    if not isinstance(meta, dict) or meta.get("pool_hash") != pool_hash_hex \
            or len(ids) != meta.get("size"):
        raise SnapshotError("名录库索引：与名录库快照不符")
    return {"params": meta["params"], "enterprise_ids": ids,
            "officer_ids": meta["officer_ids"], "conflicts": meta["conflicts"]}
