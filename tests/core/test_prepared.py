"""core.prepared.Prepared: the same row, related objects and annotations as the queryset,
compiled once per key, and a scope that admits nothing answers None."""

import pytest
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from anzhi.accounts.models import Agency
from anzhi.core import prepared
from tests.factories import AgencyFactory, region

pytestmark = pytest.mark.django_db


def build(key, pk):
    qs = Agency.objects.select_for_update(of=("self",)).filter(pk=pk).annotate(
        first_child=Subquery(Agency.objects.filter(parent=OuterRef("pk")).order_by("pk")
                             .values("name")[:1]))
    return qs if key is None else qs.filter(key)


@pytest.fixture
def tree():
    town_a = region("350524100", "城厢镇", 4)
    town_b = region("350524101", "参内镇", 4)
    parent = AgencyFactory(region=town_a, name="城厢镇应急办")
    AgencyFactory(region=town_a, parent=parent, name="城厢镇安监站")
    other = AgencyFactory(region=town_b, name="参内镇应急办")
    return parent, other


@pytest.fixture
def compiles(monkeypatch):
    calls = []
    real = prepared._compile

    def counting(qs, marks):
        calls.append(qs)
        return real(qs, marks)

    monkeypatch.setattr(prepared, "_compile", counting)
    return calls


def test_the_row_and_its_annotation_match_the_queryset(tree, compiles):
    parent, other = tree
    locking = prepared.Prepared(Agency, build)
    with transaction.atomic():
        for pk in (parent.pk, other.pk, parent.pk):
            got = locking.first(None, pk)
            want = build(None, pk).first()
            assert (got.pk, got.name, got.region_id, got.first_child) == \
                   (want.pk, want.name, want.region_id, want.first_child)
    assert locking.first(None, parent.pk).first_child == "城厢镇安监站"
    assert len(compiles) == 1  # three rows, one compilation


def test_each_scope_is_compiled_once_and_applied(tree, compiles):
    parent, other = tree
    locking = prepared.Prepared(Agency, build)
    town_a = Q(region_id=parent.region_id)
    with transaction.atomic():
        assert locking.first(town_a, parent.pk).pk == parent.pk
        assert locking.first(town_a, other.pk) is None  # outside the scope
        assert locking.first(Q(region_id=other.region_id), other.pk).pk == other.pk
    assert len(compiles) == 2


def test_a_scope_admitting_nothing_answers_none(tree):
    parent, _other = tree
    locking = prepared.Prepared(Agency, build)
    with transaction.atomic():
        assert locking.first(Q(pk__in=[]), parent.pk) is None
        assert locking.first(Q(pk__in=[]), parent.pk) is None


def test_a_missing_row_answers_none(tree):
    locking = prepared.Prepared(Agency, build)
    with transaction.atomic():
        assert locking.first(None, 987654321) is None


def test_related_objects_and_converted_values_come_without_another_query(
        tree, django_assert_num_queries):
    from datetime import date

    from anzhi.accounts.models import Certificate
    from tests.factories import UserFactory

    parent, _other = tree
    officer = UserFactory(agency=parent)
    cert = Certificate.objects.create(holder=officer, number="闽A-1", valid_until=date(2030, 1, 2),
                                      issuing_authority="福建省人民政府")

    def build_cert(key, pk):
        return Certificate.objects.select_related("holder__agency").filter(pk=pk)

    lookup = prepared.Prepared(Certificate, build_cert)
    lookup.first(None, cert.pk)  # compiled here
    with django_assert_num_queries(1):
        got = lookup.first(None, cert.pk)
        assert got.valid_until == date(2030, 1, 2)  # a date on SQLite too, not its text
        assert (got.holder.pk, got.holder.agency.name) == (officer.pk, "城厢镇应急办")
    assert (got._state.adding, got._state.db) == (False, "default")


def test_all_gives_every_row_of_the_parent(tree, compiles):
    parent, other = tree

    def children(_key, pk):
        return Agency.objects.filter(parent_id=pk).order_by("name")

    rows = prepared.Prepared(Agency, children)
    town = parent.region
    more = AgencyFactory(region=town, parent=parent, name="城厢镇安委办")

    got = rows.all(None, parent.pk)
    assert [a.name for a in got] == [a.name for a in children(None, parent.pk)]
    assert more.pk in {a.pk for a in got} and len(got) == 2
    assert rows.all(None, other.pk) == []
    assert len(compiles) == 1


def test_many_takes_several_values_compiled_once_per_count(tree, compiles):
    parent, other = tree
    child = parent.children.get()

    def named(_key, values):  # the first value filters the region, the rest are keys
        return Agency.objects.filter(region_id=values[0], pk__in=values[1:]).order_by("pk")

    rows = prepared.Prepared(Agency, named)
    got = rows.many(None, [parent.region_id, parent.pk, child.pk])
    assert [a.pk for a in got] == sorted([parent.pk, child.pk])
    # other lies in another region: the region value is applied, not compiled in
    assert rows.many(None, [parent.region_id, other.pk, child.pk]) == [child]
    assert [a.pk for a in rows.many(None, [other.region_id, other.pk])] == [other.pk]
    assert len(compiles) == 2  # three calls: one compilation per number of values


def test_a_key_no_bigint_column_can_hold_finds_nothing_instead_of_failing(tree):
    parent, _ = tree
    lookup = prepared.Prepared(Agency, build)
    with transaction.atomic():
        assert lookup.first(None, 2**63) is None
        assert lookup.first(None, -(2**63) - 1) is None
        assert lookup.first(None, parent.pk).pk == parent.pk


def test_a_text_key_is_compiled_once_and_put_in_its_place(tree, compiles):
    from anzhi.regions.models import Region

    by_code = prepared.Prepared(Region, lambda _key, code: Region.objects.filter(code=code))
    assert by_code.first(None, "350524100").name == "城厢镇"
    assert by_code.first(None, "350524101").name == "参内镇"
    assert by_code.first(None, "999999999") is None
    assert len(compiles) == 1
    assert [plan is not None for plan in by_code.compiled.values()] == [True]  # not the ORM


def test_rows_are_the_tuples_values_list_gives(tree, compiles):
    parent, other = tree
    child = parent.children.get()

    def build_rows(_key, pks):
        return Agency.objects.filter(pk__in=pks).values_list("pk", "name", "region_id")

    rows = prepared.Prepared(Agency, build_rows)
    for pks in ([other.pk, parent.pk], [child.pk, parent.pk], [other.pk]):
        assert sorted(rows.rows(None, pks)) == sorted(build_rows(None, pks))
    assert sorted(rows.rows(None, [parent.pk, other.pk]))[0] == (
        parent.pk, "城厢镇应急办", "350524100")
    assert len(compiles) == 2  # one per number of values
    assert all(plan is not None for plan in rows.compiled.values())
