"""core.bulk: ``insert`` keeps bulk_create's contract in one INSERT per batch;
``update_rows``: one UPDATE writes each row's own values, NULLs included."""

import pytest
from django.db import DatabaseError, connection
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from anzhi.accounts.models import Agency, User
from anzhi.core.bulk import insert, save_fields, update_rows
from anzhi.core.models import AuditEvent
from tests.factories import AgencyFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    town = region("350524100", "城厢镇", 4)
    return [AgencyFactory(region=town, short_name=f"旧{n}") for n in range(3)]


def test_each_row_gets_its_own_values_and_others_are_untouched(agencies):
    a, b, c = agencies
    a.short_name, a.parent_id, a.has_enforcement_power = "甲", c.pk, False
    b.short_name, b.parent_id = "", None
    b.parent = None

    assert update_rows([a, b], ["short_name", "parent", "has_enforcement_power"]) == 2

    rows = {x.pk: x for x in Agency.objects.filter(pk__in=[a.pk, b.pk, c.pk])}
    assert (rows[a.pk].short_name, rows[a.pk].parent_id,
            rows[a.pk].has_enforcement_power) == ("甲", c.pk, False)
    assert (rows[b.pk].short_name, rows[b.pk].parent_id,
            rows[b.pk].has_enforcement_power) == ("", None, True)
    assert rows[c.pk].short_name == "旧2"


def test_a_column_of_nulls_keeps_its_type(agencies):
    a, b, c = agencies
    Agency.objects.filter(pk__in=[a.pk, b.pk]).update(parent=c)
    a.parent_id = b.parent_id = None

    update_rows([a, b], ["parent"])

    assert list(Agency.objects.filter(pk__in=[a.pk, b.pk]).values_list("parent_id", flat=True)) \
        == [None, None]


def test_nothing_to_write_makes_no_query(agencies, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert update_rows([], ["short_name"]) == 0


def _event(n: int, **kw) -> AuditEvent:
    return AuditEvent(action="test.insert", object_type="t.t", object_id=str(n),
                      object_repr=f"第{n}行", changes={"n": [None, n], "名称": ["甲", None]},
                      **kw)


def test_insert_writes_every_column_and_sets_keys_in_order(django_assert_num_queries):
    actor = UserFactory()
    rows = [_event(n, actor=actor if n % 2 else None) for n in range(3)]
    before = timezone.now()

    with django_assert_num_queries(1):
        assert insert(rows) == rows

    saved = {e.pk: e for e in AuditEvent.objects.filter(action="test.insert")}
    assert [saved[r.pk].object_id for r in rows] == ["0", "1", "2"]
    for n, r in enumerate(rows):
        got = saved[r.pk]
        assert (got.actor_id, got.object_repr, got.changes) == (
            actor.pk if n % 2 else None, f"第{n}行", {"n": [None, n], "名称": ["甲", None]})
        assert before <= got.at <= timezone.now()  # auto_now_add filled in
        assert got.at == r.at
        assert (r._state.adding, r._state.db) == (False, "default")


def test_insert_takes_the_key_of_a_parent_saved_after_it_was_assigned():
    actor = User(username="bulk-later")
    row = _event(1, actor=actor)
    actor.save()

    insert([row])

    assert AuditEvent.objects.get(pk=row.pk).actor_id == actor.pk


def test_an_unsaved_parent_is_refused_before_anything_is_written():
    rows = [_event(1), _event(2, actor=User(username="bulk-unsaved"))]

    with pytest.raises(ValueError):
        insert(rows)

    assert not AuditEvent.objects.filter(action="test.insert").exists()


def test_insert_splits_what_one_statement_cannot_carry(django_assert_num_queries):
    rows = [_event(n) for n in range(400)]
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    per_statement = connection.ops.bulk_batch_size(fields, rows)
    statements = -(-len(rows) // per_statement)

    with django_assert_num_queries(statements):
        insert(rows)

    assert len({r.pk for r in rows}) == 400
    assert list(AuditEvent.objects.filter(action="test.insert").order_by("pk")
                .values_list("object_id", flat=True)) == [str(n) for n in range(400)]


def test_rows_with_their_own_keys_keep_them():
    rows = [_event(n, pk=900_000 + n) for n in range(2)]

    insert(rows)

    assert set(AuditEvent.objects.filter(action="test.insert").values_list("pk", flat=True)) \
        == {900_000, 900_001}


def test_an_expression_value_goes_through_the_compiler():
    rows = [_event(1), _event(2)]
    rows[1].object_repr = Lower(Value("ABC"))

    insert(rows)

    assert AuditEvent.objects.get(pk=rows[1].pk).object_repr == "abc"
    assert AuditEvent.objects.get(pk=rows[0].pk).object_repr == "第1行"


def test_dates_decimals_and_defaults_come_back_as_written():
    from datetime import date
    from decimal import Decimal

    from anzhi.cases.models import Accident
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(region=region("350524100", "城厢镇", 4))
    actor = UserFactory()
    rows = [Accident(enterprise=enterprise, region_id=enterprise.region_id, grade="一般",
                     occurred_on=date(2026, 2, 28 - n), direct_loss=Decimal(f"1234567.8{n}"),
                     description="" if n else "含\"引号\"、\\和\n换行", created_by=actor)
            for n in range(3)]

    insert(rows)

    got = {a.pk: a for a in Accident.objects.filter(pk__in=[r.pk for r in rows])}
    for n, r in enumerate(rows):
        assert (got[r.pk].occurred_on, got[r.pk].direct_loss, got[r.pk].deaths,
                got[r.pk].description) == (date(2026, 2, 28 - n), Decimal(f"1234567.8{n}"), 0,
                                           r.description)


def test_nothing_to_insert_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert([]) == []


def test_update_rows_keeps_dates_and_decimals():
    from datetime import date
    from decimal import Decimal

    from anzhi.cases.models import Accident
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(region=region("350524100", "城厢镇", 4))
    rows = insert([Accident(enterprise=enterprise, region_id=enterprise.region_id, grade="一般",
                            occurred_on=date(2026, 1, n + 1), created_by=UserFactory())
                   for n in range(2)])
    rows[0].occurred_on, rows[0].direct_loss = date(2026, 10, 12), Decimal("99.50")
    rows[1].occurred_on = date(2025, 12, 31)

    update_rows(rows, ["occurred_on", "direct_loss"])

    got = {a.pk: (a.occurred_on, a.direct_loss) for a in Accident.objects.filter(
        pk__in=[r.pk for r in rows])}
    assert got == {rows[0].pk: (date(2026, 10, 12), Decimal("99.50")),
                   rows[1].pk: (date(2025, 12, 31), Decimal("0"))}


def test_save_fields_writes_the_fields_and_the_time_like_save():
    from anzhi.legalref.models import CalendarYear

    year = CalendarYear.objects.create(year=2031, source="旧文号", note="旧")
    before = year.updated_at
    year.source, year.note = "国办发明电〔2030〕1号", "未保存的改动"

    save_fields(year, ["source", "updated_at"])

    row = CalendarYear.objects.get(pk=year.pk)
    assert (row.source, row.note) == ("国办发明电〔2030〕1号", "旧")
    assert row.updated_at == year.updated_at > before


def test_save_fields_of_a_row_that_is_gone_is_an_error_not_silence():
    from anzhi.legalref.models import CalendarYear

    year = CalendarYear.objects.create(year=2032, source="文号")
    CalendarYear.objects.filter(pk=year.pk).delete()
    year.source = "新文号"
    with pytest.raises(DatabaseError):
        save_fields(year, ["source"])
