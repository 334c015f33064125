"""How a draw is stored: the snapshot as hashed, the compact index executing reads, the
selection rows; draws created before the index existed still execute and verify."""

import zlib

import pytest

from anzhi.planning import drawalgo, services, snapshot
from anzhi.planning.models import DrawSelection, RandomDraw
from anzhi.planning.selectors import published_document, verify_draw
from anzhi.registry.models import Enterprise

from .conftest import conflict

pytestmark = pytest.mark.django_db


def create(cast, **kw):
    return services.draw_create(actor=cast.officer_a, agency=cast.agency_a, title="抽查",
                                **({"count": 12} | kw))


def test_index_round_trip_with_gaps_and_large_ids():
    ids = [3, 4, 9, 1_000, 2**40, 2**40 + 1, 2**62]
    pool = {"params": {"count": 2}, "enterprise_ids": ids, "officer_ids": [7, 8],
            "conflicts": [[7, 9]], "enterprise_usccs": ["a"] * len(ids)}
    data = snapshot.pack_index(pool, "ab" * 32)
    assert snapshot.unpack_index(data, "ab" * 32) == {
        "params": {"count": 2}, "enterprise_ids": ids, "officer_ids": [7, 8],
        "conflicts": [[7, 9]]}
    with pytest.raises(snapshot.SnapshotError):
        snapshot.unpack_index(data, "cd" * 32)  # the index of another snapshot
    with pytest.raises(snapshot.SnapshotError):
        snapshot.unpack_index(b"not an index", "ab" * 32)


def test_blob_is_the_hashed_snapshot_and_index_its_executable_part(cast, town_a):
    conflict(cast.officer_a, town_a["enterprises"][3])
    draw = RandomDraw.objects.get(pk=create(cast).pk)
    pool = services.load_pool(draw)
    assert drawalgo.pool_hash(pool) == draw.pool_hash
    # The stored bytes are exactly the bytes hashed and published.
    assert drawalgo.sha256_hex(zlib.decompress(bytes(draw.pool_blob))) == draw.pool_hash
    index = snapshot.unpack_index(draw.pool_index, draw.pool_hash)
    assert index == {k: pool[k] for k in ("params", "enterprise_ids", "officer_ids",
                                          "conflicts")}
    assert index["conflicts"] == [[cast.officer_a.pk, town_a["enterprises"][3].pk]]


def test_pool_is_in_id_order_with_each_code_beside_its_enterprise(cast, town_a):
    # Updated rows move within the table: on PostgreSQL they are read out of id order.
    for enterprise in reversed(town_a["enterprises"][:20]):
        enterprise.name += "（更名）"
        enterprise.save(update_fields=["name"])
    pool = services.load_pool(create(cast))
    codes = dict(Enterprise.objects.values_list("pk", "uscc"))
    assert pool["enterprise_ids"] == sorted(e.pk for e in town_a["enterprises"])
    assert pool["enterprise_usccs"] == [codes[pk] for pk in pool["enterprise_ids"]]


def test_draw_created_before_the_index_executes_from_the_snapshot(cast, town_a):
    draw = create(cast)
    RandomDraw.objects.filter(pk=draw.pk).update(pool_index=b"")
    pool = services.load_pool(draw)
    seed = drawalgo.derive_seed(bytes.fromhex(draw.secret_seed), ["见证 1"])
    expected = drawalgo.run(pool, draw.pool_hash, seed)

    draw = services.draw_execute(actor=cast.officer_a, draw=draw, witness_entropy=["见证 1"])
    assert [{"enterprise": e, "officers": o} for e, o in draw.result] == expected
    assert verify_draw(draw)["valid"] is True


def test_an_index_not_matching_the_snapshot_is_not_used(cast, town_a):
    draw, other = create(cast), create(cast, count=3)
    RandomDraw.objects.filter(pk=draw.pk).update(
        pool_index=RandomDraw.objects.get(pk=other.pk).pool_index)
    draw = services.draw_execute(actor=cast.officer_a, draw=draw)
    assert len(draw.result) == 12  # the snapshot's count, not the other draw's
    assert verify_draw(draw)["valid"] is True
    with pytest.raises(snapshot.SnapshotError):
        snapshot.unpack_index(snapshot.MAGIC + b"\0\0\0\x05garbage", draw.pool_hash)


def test_selection_rows_follow_the_result(cast, town_a):
    draw = services.draw_execute(actor=cast.officer_a, draw=create(cast))
    rows = list(DrawSelection.objects.filter(draw=draw).order_by("position")
                .values_list("position", "enterprise_id", "officer_ids"))
    assert rows == [(i, e, o) for i, (e, o) in enumerate(draw.result, 1)]
    doc = published_document(RandomDraw.objects.get(pk=draw.pk))
    assert doc["selected"] == [{"enterprise": e, "officers": o} for _, e, o in rows]
