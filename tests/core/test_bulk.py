"""core.bulk.update_rows: one UPDATE writes each row's own values, NULLs included."""

import pytest

from anzhi.accounts.models import Agency
from anzhi.core.bulk import update_rows
from tests.factories import AgencyFactory, region

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
