"""The JSON API fuzzed by schemathesis against its own OpenAPI description.

A module of its own: schemathesis's pytest plugin, which this needs, takes seconds to load in
every pytest process, so `make test-fast` leaves it out and, with it, this module (see
`pytest_ignore_collect` in conftest.py).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode

from voiceinfo.guide import load_guide
from voiceinfo.web import create_app

schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", create_app({"TESTING": True, "GUIDE": load_guide()}))
# invalid languages, ids and extra parameters too, not only what the description allows
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.mark.sweep
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_description_and_never_fails(case):
    """Every operation, with valid and invalid parameters: the responses match the description
    (status, content type, schema) and none is a server error."""
    case.call_and_validate()
