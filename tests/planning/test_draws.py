"""双随机 draws through the services: commitment, reveal, verify, officers, idempotency."""

from collections import Counter
from datetime import date, timedelta

import pytest

from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.planning import drawalgo, services
from anzhi.planning.choices import DrawStatus
from anzhi.planning.models import DrawSelection, RandomDraw, Transition
from anzhi.planning.selectors import get_draw, published_document, verify_draw

from .conftest import conflict, make_enterprises

pytestmark = pytest.mark.django_db


def create(cast, **kw):
    args = {"actor": cast.officer_a, "agency": cast.agency_a, "title": "2026年第一季度双随机抽查",
            "count": 10}
    args.update(kw)
    return services.draw_create(**args)


def test_create_publishes_commitment_and_pool_hash_only(cast, town_a):
    draw = create(cast)
    assert draw.status == DrawStatus.COMMITTED
    assert draw.pool_size == 41 and draw.count == 10
    doc = published_document(draw)
    assert doc["commitment"] == drawalgo.commitment_of(bytes.fromhex(draw.secret_seed))
    assert doc["pool_hash"] == drawalgo.pool_hash(doc["pool"])
    assert "secret_seed" not in doc and "selected" not in doc
    assert doc["pool"]["enterprise_ids"] == sorted(e.pk for e in town_a["enterprises"])
    assert Transition.objects.filter(object_id=str(draw.pk), to_state="committed").exists()
    assert AuditEvent.objects.filter(action="draw.create", object_id=str(draw.pk)).exists()


def test_ratio_rounds_up(cast, town_a):
    draw = create(cast, count=None, ratio="0.05")
    assert draw.count == 3  # ceil(41 × 5%)


def test_execute_reveals_seed_and_verifies(cast, town_a):
    draw = create(cast)
    draw = services.draw_execute(actor=cast.officer_a, draw=draw,
                                 witness_entropy=["纪委见证 9c1e"])
    assert draw.status == DrawStatus.EXECUTED
    doc = published_document(draw)
    assert doc["secret_seed"] == draw.secret_seed
    assert doc["witness_entropy"] == ["纪委见证 9c1e"]
    assert len(doc["selected"]) == 10
    officer_ids = {u.pk for u in town_a["officers"]}
    for s in doc["selected"]:
        assert len(set(s["officers"])) == 2 and set(s["officers"]) <= officer_ids
    assert verify_draw(draw)["valid"] is True
    assert DrawSelection.objects.filter(draw=draw).count() == 10


def test_execute_twice_does_nothing_new(cast, town_a):
    draw = create(cast)
    first = services.draw_execute(actor=cast.officer_a, draw=draw)
    events = AuditEvent.objects.count()
    second = services.draw_execute(actor=cast.officer_a, draw=draw,
                                   witness_entropy=["迟到的随机串"])
    assert second.result == first.result and second.seed == first.seed
    assert second.witness_entropy == first.witness_entropy
    assert AuditEvent.objects.count() == events
    assert DrawSelection.objects.filter(draw=draw).count() == 10


def test_witness_entropy_from_discipline_office(cast, town_a):
    draw = create(cast)
    services.draw_add_witness(actor=cast.discipline, draw=draw, entropy="纪委 31415")
    draw = services.draw_execute(actor=cast.officer_a, draw=draw, witness_entropy=["现场 2718"])
    assert [w["text"] for w in draw.witness_entropy] == ["纪委 31415", "现场 2718"]
    assert draw.seed == drawalgo.derive_seed(bytes.fromhex(draw.secret_seed),
                                             ["纪委 31415", "现场 2718"]).hex()
    with pytest.raises(TransitionRefused):
        services.draw_add_witness(actor=cast.discipline, draw=draw, entropy="太迟了")
    with pytest.raises(NotAllowed):
        services.draw_add_witness(actor=cast.leader, draw=create(cast), entropy="x")


def test_expired_and_revoked_certificates_are_not_in_the_pool(cast, town_a):
    expired, revoked, = town_a["officers"][3], town_a["officers"][4]
    expired.certificates.update(valid_until=date.today() - timedelta(days=1))
    revoked.certificates.update(revoked=True)
    future = town_a["officers"][5]
    future.certificates.update(valid_from=date.today() + timedelta(days=10))
    draw = create(cast, count=41)
    pool_officers = published_document(draw)["pool"]["officer_ids"]
    assert expired.pk not in pool_officers and revoked.pk not in pool_officers
    assert future.pk not in pool_officers
    assert cast.auxiliary_a.pk not in pool_officers  # no certificate
    draw = services.draw_execute(actor=cast.officer_a, draw=draw)
    used = {o for _, officers in draw.result for o in officers}
    assert used.isdisjoint({expired.pk, revoked.pk, future.pk})


def test_conflicted_officers_are_never_paired(cast, town_a):
    target = town_a["enterprises"][0]
    conflict(cast.officer_a, target)
    conflict(cast.officer_a2, target)
    conflict(cast.head_a, target, active=False)  # withdrawn: no longer excludes
    draw = services.draw_execute(actor=cast.officer_a, draw=create(cast, count=41))
    pairs = dict((e, o) for e, o in draw.result)
    assert not {cast.officer_a.pk, cast.officer_a2.pk} & set(pairs[target.pk])
    assert [cast.officer_a.pk, target.pk] in published_document(draw)["pool"]["conflicts"]
    assert verify_draw(draw)["valid"]


def test_load_is_spread_across_officers(cast, town_a):
    draw = services.draw_execute(actor=cast.officer_a, draw=create(cast, count=35))
    load = Counter(o for _, officers in draw.result for o in officers)
    assert len(load) == 7 and set(load.values()) == {10}  # 70 slots over 7 officers


@pytest.mark.parametrize("kwargs, field, text", [
    ({"count": 42}, "count", "超过名录库企业数 41"),
    ({"count": None, "ratio": None}, "count", "二者选一"),
    ({"count": 5, "ratio": "0.1"}, "count", "二者选一"),
    ({"count": None, "ratio": "1.5"}, "ratio", "不超过 1"),
    ({"count": 0}, "count", "正整数"),
    ({"title": " "}, "title", "不能为空"),
    ({"officers_per_enterprise": 1}, "officers_per_enterprise", "不得少于两名"),
    ({"filters": {"risk_grade": "A"}}, "filters", "没有可抽取的企业"),
    ({"filters": {"region": "999999"}}, "filters.region", "不存在"),
    ({"filters": {"sector": "nope"}}, "filters.sector", "不存在"),
    ({"officers_per_enterprise": 8}, "officers", "只有 7 名"),
])
def test_bad_input_is_refused_and_nothing_written(cast, town_a, kwargs, field, text):
    with pytest.raises(ValidationFailed) as exc:
        create(cast, **kwargs)
    assert text in exc.value.errors[field]
    assert not RandomDraw.objects.exists()
    assert not AuditEvent.objects.filter(action="draw.create").exists()


def test_fewer_than_two_officers_left_after_conflicts(cast, town_a):
    target = town_a["enterprises"][3]
    for officer in town_a["officers"][1:]:
        conflict(officer, target)
    with pytest.raises(ValidationFailed) as exc:
        create(cast, count=41)
    assert target.name in exc.value.errors["officers"]
    assert not RandomDraw.objects.exists()


def test_filters_narrow_the_pool(cast, town_a, sectors):
    few = make_enterprises(3, region=cast.village_a, lead=cast.agency_a, grade="A")
    few[0].sectors.add(sectors["hazchem"])
    draw = create(cast, count=2, filters={"risk_grade": "A"})
    assert published_document(draw)["pool"]["enterprise_ids"] == [e.pk for e in few]
    draw = create(cast, count=1, filters={"sector": "hazchem"})
    assert draw.pool_size == 1


def test_pool_is_limited_to_the_agencys_region(cast, town_a):
    draw = create(cast, actor=cast.county_admin, count=41)
    assert cast.enterprise_b.pk not in published_document(draw)["pool"]["enterprise_ids"]


def test_another_townships_officer_can_neither_see_nor_execute(cast, town_a):
    draw = create(cast)
    from django.http import Http404
    with pytest.raises(Http404):
        get_draw(cast.officer_b, draw.pk)
    with pytest.raises(NotAllowed):
        services.draw_execute(actor=cast.officer_b, draw=draw)
    with pytest.raises(NotAllowed):
        create(cast, actor=cast.officer_b)
    with pytest.raises(NotAllowed):
        services.draw_execute(actor=cast.discipline, draw=draw)  # read-only role
    assert get_draw(cast.discipline, draw.pk) == draw  # … who may still see it
    assert RandomDraw.objects.get(pk=draw.pk).status == DrawStatus.COMMITTED


def test_void_only_before_execution(cast, town_a):
    draw = create(cast)
    with pytest.raises(ValidationFailed):
        services.draw_void(actor=cast.officer_a, draw=draw, reason="")
    services.draw_void(actor=cast.officer_a, draw=draw, reason="范围选错")
    with pytest.raises(TransitionRefused, match="作废"):
        services.draw_execute(actor=cast.officer_a, draw=draw)
    done = services.draw_execute(actor=cast.officer_a, draw=create(cast))
    with pytest.raises(TransitionRefused, match="已抽取"):
        services.draw_void(actor=cast.officer_a, draw=done, reason="不喜欢结果")


def test_tampered_database_row_fails_verification(cast, town_a):
    draw = services.draw_execute(actor=cast.officer_a, draw=create(cast))
    RandomDraw.objects.filter(pk=draw.pk).update(result=[[e, list(reversed(o))]
                                                         for e, o in draw.result])
    result = verify_draw(RandomDraw.objects.get(pk=draw.pk))
    assert result["valid"] is False and result["checks"]["selection"] is False
