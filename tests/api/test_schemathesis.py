"""Generated requests over the whole OpenAPI description: whatever is sent, never a server error.

Bob (a clinician) is logged in, so requests get past the login and into validation and the
services; most generated ids are unknown and end in "not found". Examples per operation are
bounded (15) to keep the suite fast.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from rehab.settings import load_settings
from rehab.web.app import create_app

EXAMPLES = 15


def test_no_generated_request_makes_a_server_error(cast, database, tokens):
    app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=cast.sessions, clock=cast.clock)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens['bob']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30

    for operation in operations:
        if operation.path.endswith("/auth/logout"):
            continue  # it would end Bob's login for the operations after it

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def never_a_server_error(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        never_a_server_error()
