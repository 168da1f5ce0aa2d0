"""schemathesis against /api/v1/openapi.json: no 500s and no response that breaks the schema.

Bounded: a handful of examples per operation, run in-process over WSGI against
the test database with the demo council, as a staff key that may do everything.
"""

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from frontdoor.api.keys import IssuedKey

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_contract(case: Any, waste_key: IssuedKey) -> None:
    case.headers = {**(case.headers or {}), "X-API-Key": waste_key.key}
    case.call_and_validate(
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
