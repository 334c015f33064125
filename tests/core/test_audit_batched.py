"""core.audit.batched: the block's events are written together, in order, when it ends;
nested blocks leave it to the outermost, and a failed block writes nothing."""

import pytest

from anzhi.core import audit
from anzhi.core.models import AuditEvent
from tests.factories import AgencyFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(region=region("350524100", "城厢镇", 4))


def actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_events_are_written_in_order_when_the_block_ends(agency, django_assert_num_queries):
    with audit.batched():
        audit.record(actor=None, action="a.first", obj=agency)
        audit.record_many([audit.event(actor=None, action="a.second", obj=agency),
                           audit.event(actor=None, action="a.third", obj=agency)])
        audit.record(actor=None, action="a.fourth", obj=agency)
        assert actions() == []
    assert actions() == ["a.first", "a.second", "a.third", "a.fourth"]


def test_one_statement_for_the_whole_block(agency, django_assert_num_queries):
    with django_assert_num_queries(1):
        with audit.batched():
            for n in range(3):
                audit.record(actor=None, action=f"a.{n}", obj=agency)


def test_a_nested_block_leaves_the_writing_to_the_outermost(agency):
    with audit.batched():
        with audit.batched():
            audit.record(actor=None, action="a.inner", obj=agency)
        assert actions() == []
        audit.record(actor=None, action="a.outer", obj=agency)
    assert actions() == ["a.inner", "a.outer"]


def test_a_failed_block_writes_nothing_and_recording_is_immediate_again(agency):
    with pytest.raises(RuntimeError), audit.batched():
        audit.record(actor=None, action="a.lost", obj=agency)
        raise RuntimeError("步骤失败")
    assert actions() == []
    audit.record(actor=None, action="a.after", obj=agency)
    assert actions() == ["a.after"]
