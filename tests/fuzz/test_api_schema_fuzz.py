"""schemathesis against the OpenAPI schema: whatever a client sends, the API never answers 500,
and a request it refuses (4xx) changes nothing.

Every operation of /api/schema/ is called with generated input, anonymously and as street staff
signed in with a token, through the WSGI application in this process."""

from __future__ import annotations

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def token(small_street):
    from tests.factories import street_staff

    user = street_staff(small_street.street)
    return Token.objects.create(user=user).key


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_input_makes_the_api_fail(case, token):
    before = row_counts()
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error])
    if 400 <= response.status_code < 500:
        assert row_counts() == before, f"{case.method} {case.path} was refused but changed data"


def row_counts() -> dict[str, int]:
    """Rows in every table of the portal, in one query. Left out: Django's own tables and the
    sign-in guard's ledger, whose job is to record refused sign-ins."""
    tables = [
        t for t in connection.introspection.table_names() if not t.startswith(("django_", "axes_"))
    ]
    query = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query)  # the names come from the database's own catalogue
        return dict(cursor.fetchall())
