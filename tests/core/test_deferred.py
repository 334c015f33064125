"""core.deferred: a step's queued writes are made as its block ends — on PostgreSQL in one
statement — with their keys set; a failed block or a missing row writes nothing."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from anzhi.accounts.models import Agency
from anzhi.core import audit
from anzhi.core.deferred import deferred, insert_later, save_fields_later
from anzhi.core.models import AuditEvent
from tests.factories import AgencyFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return region("350524100", "城厢镇", 4)


def _new_agencies(town, *names):
    return [Agency(name=n, region=town, kind=Agency.Kind.EMERGENCY) for n in names]


def test_writes_wait_for_the_end_of_the_block_and_get_their_keys(town):
    parent = AgencyFactory(region=town, short_name="旧")
    with deferred():
        rows = insert_later(_new_agencies(town, "甲站", "乙站"))
        parent.short_name = "新"
        save_fields_later(parent, ["short_name"])
        audit.record(actor=None, action="a.step", obj=parent)
        assert not Agency.objects.filter(name__in=["甲站", "乙站"]).exists()
        assert Agency.objects.get(pk=parent.pk).short_name == "旧"
        assert rows[0].pk is None
    saved = dict(Agency.objects.filter(name__in=["甲站", "乙站"]).values_list("name", "pk"))
    assert saved == {"甲站": rows[0].pk, "乙站": rows[1].pk}
    assert not rows[0]._state.adding
    assert Agency.objects.get(pk=parent.pk).short_name == "新"
    assert list(AuditEvent.objects.values_list("action", "object_id")) == [
        ("a.step", str(parent.pk))]


def test_rows_of_one_model_queued_twice_are_written_in_order(town):
    with deferred():
        first = insert_later(_new_agencies(town, "一"))
        second = insert_later(_new_agencies(town, "二", "三"))
    assert first[0].pk < second[0].pk < second[1].pk
    assert list(Agency.objects.filter(pk__in=[first[0].pk, second[1].pk])
                .order_by("pk").values_list("name", flat=True)) == ["一", "三"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one by one")
def test_one_statement_on_postgresql(town):
    parent = AgencyFactory(region=town)
    with CaptureQueriesContext(connection) as ctx, deferred():
        insert_later(_new_agencies(town, "甲站"))
        save_fields_later(parent, ["short_name"])
        audit.record(actor=None, action="a.one", obj=parent)
        audit.record(actor=None, action="a.two", obj=parent)
    assert len(ctx.captured_queries) == 1
    assert AuditEvent.objects.filter(action__in=["a.one", "a.two"]).count() == 2


def test_a_failed_block_writes_nothing(town):
    with pytest.raises(RuntimeError), deferred():
        insert_later(_new_agencies(town, "甲站"))
        audit.record(actor=None, action="a.lost", obj=town)
        raise RuntimeError("步骤失败")
    assert not Agency.objects.filter(name="甲站").exists()
    assert not AuditEvent.objects.exists()
    # Outside a block, writes are immediate again.
    [row] = insert_later(_new_agencies(town, "乙站"))
    assert Agency.objects.filter(pk=row.pk).exists()


def test_a_missing_row_fails_the_step_and_its_inserts(town):
    gone = AgencyFactory(region=town)
    Agency.objects.filter(pk=gone.pk).delete()
    with pytest.raises(DatabaseError, match="不存在"), transaction.atomic(), deferred():
        insert_later(_new_agencies(town, "甲站"))
        gone.short_name = "新"
        save_fields_later(gone, ["short_name"])
    assert not Agency.objects.filter(name="甲站").exists()


def test_a_nested_block_leaves_the_writing_to_the_outermost(town):
    with deferred():
        with deferred():
            insert_later(_new_agencies(town, "内"))
        assert not Agency.objects.filter(name="内").exists()
    assert Agency.objects.filter(name="内").exists()
