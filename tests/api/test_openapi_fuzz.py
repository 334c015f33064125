"""The API fuzzed from its own OpenAPI document: no generated request may cause a 500."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from anzhi.accounts.tokens import issue_token
from anzhi.wsgi import application


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def token(cast):
    return issue_token(cast.officer_a)


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_request_causes_a_server_error(case, token):
    from schemathesis.checks import not_a_server_error

    case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                           checks=[not_a_server_error])
