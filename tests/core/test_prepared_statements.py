"""On PostgreSQL a statement a connection runs again and again is prepared on the server
(parsed and planned once), and the step that reads binary rows (the draw's pool) still
works with server-side binding."""

import pytest
from django.db import connection

from anzhi.accounts.models import Agency
from tests.factories import AgencyFactory, region

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="prepared statements are PostgreSQL's")]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_repeated_query_is_prepared_once_with_its_parameters_bound():
    town = region("350524100", "城厢镇", 4)
    agencies = [AgencyFactory(region=town, name=f"城厢镇机构{n}") for n in range(4)]
    before = _prepared()
    for agency in agencies:
        assert Agency.objects.filter(pk=agency.pk).values_list("name", flat=True)[0] == \
            agency.name
    new = [s for s in _prepared() if s not in before and '"accounts_agency"."name"' in s]
    assert len(new) == 1  # four runs, one prepared statement with the key as $1
    assert "$1" in new[0] and str(agencies[-1].pk) not in new[0]
