"""How a draw's snapshot is built from the registry: the enterprises' part arrives as JSON
text (snapshot.fetch_rows) and is spliced into the canonical JSON the draw is hashed on; the
result is byte for byte what drawalgo.canonical writes for the same pool."""

import random
import zlib

import pytest

from anzhi.planning import drawalgo, services, snapshot
from anzhi.planning.models import RandomDraw
from anzhi.planning.selectors import verify_draw
from anzhi.registry.choices import EnterpriseStatus
from anzhi.registry.models import Enterprise
from tests.factories import EnterpriseFactory

from .conftest import conflict

pytestmark = pytest.mark.django_db

# Codes JSON escapes or that look like the splice's own text; none passes the registry's
# checks, all of them may be in an old or hand-edited row.
ODD_CODES = ['A"B', "C\\D", "E\tF", "G\nH", "\x01", "", "湖上乡", "I\u2028J", '","', "]}",
             '"enterprise_ids":', "K\x7fL"]


def head(rng: random.Random) -> dict:
    officers = sorted(rng.sample(range(1, 500), rng.randint(2, 6)))
    return {"params": {"agency": rng.randint(1, 99), "count": 1, "draw_date": "2026-03-02",
                       "officers_per_enterprise": 2},
            "officer_ids": officers,
            "officer_certificates": [rng.choice(ODD_CODES + ["闽应急执2026001"])
                                     for _ in officers],
            "conflicts": sorted([rng.choice(officers), rng.randint(1, 10**6)]
                                for _ in range(rng.randint(0, 4)))}


@pytest.mark.parametrize("case", range(20))
def test_spliced_snapshot_is_the_canonical_json_of_the_whole_pool(case):
    rng = random.Random(case)
    ids = sorted(rng.sample(range(1, 2**62), rng.randint(1, 50)))
    usccs = [rng.choice([*ODD_CODES, f"91350524MA{i:08d}"]) for i in ids]
    pool_head = head(rng)
    raw = snapshot.encode(pool_head, snapshot.rows_from_lists(ids, usccs))
    pool = {**pool_head, "enterprise_ids": ids, "enterprise_usccs": usccs}
    assert raw == drawalgo.canonical(pool)


def pool_rows_of_registry():
    pairs = sorted(Enterprise.objects.values_list("pk", "uscc"))
    return snapshot.rows_from_lists([p[0] for p in pairs], [p[1] for p in pairs])


def test_rows_are_those_of_the_registry_in_id_order(cast, town_a):
    # Updated rows move within the table: on PostgreSQL they are read out of id order.
    for enterprise in town_a["enterprises"][5:25:3]:
        enterprise.name += "（更名）"
        enterprise.save(update_fields=["name"])
    rows = snapshot.fetch_rows(Enterprise.objects.all())
    expected = pool_rows_of_registry()
    assert list(rows.ids) == expected.ids
    assert (rows.ids_json, rows.usccs_json) == (expected.ids_json, expected.usccs_json)
    assert snapshot.fetch_rows(Enterprise.objects.none()) == snapshot.PoolRows([], b"", b"")


def test_codes_json_escapes_are_stored_and_published_as_in_the_registry(cast, town_a):
    odd = [EnterpriseFactory(region=cast.village_a, uscc=code) for code in ODD_CODES]
    rows = snapshot.fetch_rows(Enterprise.objects.all())
    assert rows.usccs_json == pool_rows_of_registry().usccs_json

    draw = services.draw_create(actor=cast.officer_a, agency=cast.agency_a, title="抽查",
                                count=30)
    stored = RandomDraw.objects.get(pk=draw.pk)
    raw = zlib.decompress(bytes(stored.pool_blob))
    pool = services.load_pool(stored)
    assert drawalgo.sha256_hex(raw) == drawalgo.pool_hash(pool) == draw.pool_hash
    codes = dict(Enterprise.objects.values_list("pk", "uscc"))
    assert pool["enterprise_usccs"] == [codes[pk] for pk in pool["enterprise_ids"]]
    assert {e.pk for e in odd} <= set(pool["enterprise_ids"])

    draw = services.draw_execute(actor=cast.officer_a, draw=draw)
    assert verify_draw(draw)["valid"] is True


def test_index_is_the_executable_part_of_the_stored_snapshot(cast, town_a):
    conflict(cast.officer_a, town_a["enterprises"][7])
    draw = RandomDraw.objects.get(pk=services.draw_create(
        actor=cast.head_a, agency=cast.agency_a, title="抽查", ratio="0.5").pk)
    pool = services.load_pool(draw)
    assert snapshot.unpack_index(draw.pool_index, draw.pool_hash) == {
        k: pool[k] for k in ("params", "enterprise_ids", "officer_ids", "conflicts")}
    assert pool["params"]["count"] == 21  # ceil(41 × 50%)


def test_region_supervising_agency_and_status_narrow_the_pool(cast, town_a):
    in_township_only = EnterpriseFactory.create_batch(2, region=cast.town_a)
    led_by_b = EnterpriseFactory.create_batch(2, region=cast.village_a, lead=cast.agency_b)
    EnterpriseFactory(region=cast.village_a, status=EnterpriseStatus.CLOSED)
    ours = sorted(e.pk for e in town_a["enterprises"])

    def pool(**filters):
        draw = services.draw_create(actor=cast.officer_a, agency=cast.agency_a, title="抽查",
                                    count=1, filters=filters)
        return services.load_pool(RandomDraw.objects.get(pk=draw.pk))["enterprise_ids"]

    assert pool() == sorted([*ours, *(e.pk for e in in_township_only + led_by_b)])
    assert pool(region=cast.village_a.code) == sorted([*ours, *(e.pk for e in led_by_b)])
    assert pool(agency=cast.agency_a.pk) == ours
