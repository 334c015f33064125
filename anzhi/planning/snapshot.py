"""How a draw's pool snapshot is read and stored (internal; the published form is drawalgo's
JSON).

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

A provincial pool is a million enterprises: ``fetch_rows`` has PostgreSQL write the two
enterprise arrays as JSON text and the ids as 8-byte integers, so no Python object is made
per enterprise, and ``encode`` splices that text into the canonical JSON.
"""

from __future__ import annotations

import json
import operator
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain

from .drawalgo import canonical

MAGIC = b"AZX1"


class SnapshotError(ValueError):
    pass


@dataclass(frozen=True)
class PoolRows:
    """The pool's enterprises: ids ascending, and the bodies (without brackets) of the two
    JSON arrays ``enterprise_ids`` and ``enterprise_usccs`` exactly as canonical writes
    them."""

    ids: Sequence[int]
    ids_json: bytes
    usccs_json: bytes


def rows_from_lists(ids: Sequence[int], usccs: Sequence[str]) -> PoolRows:
    return PoolRows(ids, canonical(list(ids))[1:-1], canonical(list(usccs))[1:-1])


# Only these bytes are escaped by canonical (json.dumps, ensure_ascii=False) in a string.
_ESCAPED = b'"\\' + bytes(range(32))
# The aggregates read the rows in the order of the subquery, all of them the same rows (an
# aggregate over a sorted subquery, with no join, keeps its order: drawalgo.check_pool,
# which draw_create calls, would refuse ids out of order).
_FRAGMENTS = ("SELECT convert_to(string_agg(s.pk::text, ','), 'UTF8'), "
              "convert_to(string_agg(s.uscc, '\",\"'), 'UTF8'), "
              "string_agg(int8send(s.pk), ''::bytea) FROM ({} ORDER BY 1) s")


def fetch_rows(qs) -> PoolRows:
    """The enterprises of ``qs`` (an Enterprise queryset), in id order.

    On PostgreSQL one row of three values: the ids and the codes as JSON text, and the ids
    as 8-byte integers, read as binary (bytea as text would be hex, twice the size). Codes
    that JSON would escape (never in a code the registry has checked) make PostgreSQL's text
    unusable as JSON; those pools and other databases go row by row.
    """
    from django.db import connection

    qs = qs.order_by().values_list("pk", "uscc")
    if connection.vendor == "postgresql":
        rows = _fetch_fragments(connection, qs)
        if rows is not None:
            return rows
    pairs = list(qs.order_by("pk"))
    return rows_from_lists([p[0] for p in pairs], [p[1] for p in pairs])


def _fetch_fragments(connection, qs) -> PoolRows | None:
    import psycopg
    from django.core.exceptions import EmptyResultSet

    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (an empty jurisdiction)
        return PoolRows([], b"", b"")
    with connection.cursor() as cursor:
        # Django's cursors cannot read binary results: the statement runs on a plain one,
        # which binds the parameters on the server.
        with psycopg.Cursor(cursor.connection) as pg:
            # For the rest of the transaction (creating the draw: a few small statements).
            # Sorting a million rows in memory (~130 MB) is several times faster than on
            # disk; compiling the expressions (JIT) costs more than it saves here; the rows
            # are narrow (an id and a code), so handing them from parallel workers to this
            # process costs far less than the planner assumes by default, and two processes
            # scanning and sorting halves of the table take a sixth less time.
            pg.execute("SELECT set_config('work_mem', '256MB', true), "
                       "set_config('jit', 'off', true), "
                       "set_config('parallel_tuple_cost', '0.01', true)")
            pg.execute(_FRAGMENTS.format(sql), params, binary=True)
            ids_json, usccs, ids_be = pg.fetchone()
    if ids_be is None:
        return PoolRows([], b"", b"")
    ids = array("q")
    ids.frombytes(ids_be)
    if sys.byteorder == "little":
        ids.byteswap()
    # Every quote or other escaped byte is one of the n - 1 separators' two quotes.
    if len(usccs) - len(usccs.translate(None, _ESCAPED)) != 2 * (len(ids) - 1):
        return None
    return PoolRows(ids, ids_json, b'"' + usccs + b'"')


_EMPTY = b'"enterprise_ids":[],"enterprise_usccs":[]'


def encode(head: dict, rows: PoolRows) -> bytes:
    """``canonical(pool)`` of the pool made of ``head`` (params, officers, conflicts) and
    ``rows``. The keys are sorted and a quote inside a JSON string is escaped, so the two
    empty arrays' text appears exactly once, where the rows go."""
    before, after = canonical({**head, "enterprise_ids": [],
                               "enterprise_usccs": []}).split(_EMPTY)
    return b"".join((before, b'"enterprise_ids":[', rows.ids_json, b'],"enterprise_usccs":[',
                     rows.usccs_json, b"]", after))


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
    deltas = array("q", map(operator.sub, ids, chain((0,), ids)))
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
