"""On PostgreSQL a step's lookups by key and its inserts are prepared on the server (parsed
and planned once per connection); every other query is planned for its own values."""

import pytest
from django.db import connection

from anzhi.accounts.models import Agency
from anzhi.core import bulk, prepared
from tests.factories import AgencyFactory, region

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="prepared statements are PostgreSQL's")]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def agencies():
    town = region("350524100", "城厢镇", 4)
    return [AgencyFactory(region=town, name=f"城厢镇机构{n}") for n in range(4)]


def test_lookups_by_key_are_prepared_once_with_the_key_bound(agencies):
    lookup = prepared.Prepared(Agency, lambda _key, pk: Agency.objects.filter(pk=pk))
    before = _prepared()
    assert [lookup.first(None, a.pk).name for a in agencies] == [a.name for a in agencies]
    new = [s for s in _prepared() if s not in before]
    assert len(new) == 1  # four lookups, one statement with the key as $1
    assert '"accounts_agency"' in new[0] and "$1" in new[0]
    assert str(agencies[-1].pk) not in new[0]


def test_inserts_are_prepared(agencies):
    before = _prepared()
    bulk.insert([Agency(region=agencies[0].region, name="城厢镇新机构", kind=agencies[0].kind)])
    assert any(s.startswith('INSERT INTO "accounts_agency"') for s in _prepared()
               if s not in before)


def test_other_queries_are_planned_for_their_own_values(agencies):
    before = _prepared()
    for agency in agencies:  # more runs than psycopg's default threshold (5) would allow
        for _ in range(2):
            assert Agency.objects.filter(name__contains=agency.name[-3:]).exists()
    assert [s for s in _prepared() if s not in before and "accounts_agency" in s] == []
