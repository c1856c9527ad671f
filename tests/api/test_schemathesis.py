"""Generated requests over the whole OpenAPI description, sent over real HTTP to a live server:
whatever is sent, never a server error, and every answer is one the description documents (its
status listed for that operation, its body of the documented schema, its content type).

Bob (a clinician) and Carol (his patient) are each logged in and each get every operation, so
requests get past the login and into validation and the services. Half the generated cases that
name a patient name Carol rather than a random id, so the use cases run on a real record, not only
the "not found" path.

The normal suite runs a short, seeded profile (Hypothesis derandomized: the same cases on every
run, no example database); `make fuzz` sets REHAB_FUZZ_EXAMPLES for a long one (random, on both
databases).
"""

from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from clinic_cast import EMAILS, make_cast
from databases import committed_database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live_server import Server, in_a_thread
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rehab.settings import load_settings
from rehab.store.database import session_factory
from rehab.web.app import create_app

FUZZ = int(os.environ.get("REHAB_FUZZ_EXAMPLES", "0"))
EXAMPLES = FUZZ or 15  # per operation and person: 42 operations x 15 = 630 cases for each person
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
SKIPPED = {"/api/v1/auth/logout"}  # it would end the login the later cases use
DATABASES = ["sqlite", "postgresql"] if FUZZ else ["sqlite"]


@pytest.fixture(scope="module", params=DATABASES)
def live(request, tmp_path_factory):
    for database in committed_database(request.param, tmp_path_factory.mktemp("fuzz")):
        sessions = session_factory(database.engine)
        cast = make_cast(sessions)
        app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=sessions, clock=cast.clock)
        with in_a_thread(app) as base:
            server = Server(base, cast)
            # Both log in before any case runs: generated logins from this address soon meet the
            # address's ceiling of failed tries, and a later login would get 429.
            server.tokens = {person: server.token(EMAILS[person]) for person in ("bob", "carol")}
            yield server


@pytest.mark.parametrize("person", ["bob", "carol"])
def test_no_generated_request_makes_a_server_error_or_an_undocumented_answer(live, person):
    schema = schemathesis.openapi.from_url(f"{live.base}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    headers = {"Authorization": f"Bearer {live.tokens[person]}"}
    carol = str(live.cast.carol.patient_id)
    http = requests.Session()
    cases = 0

    for operation in operations:
        if operation.path in SKIPPED:
            continue

        @given(case=operation.as_strategy(), carols=st.booleans())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=not FUZZ, print_blob=True)
        def documented_and_never_a_server_error(case, carols):
            nonlocal cases
            if carols and "patient_id" in (case.path_parameters or {}):
                case.path_parameters["patient_id"] = carol
            response = case.call(base_url=live.base, session=http, headers=headers)
            cases += 1
            case.validate_response(response, checks=CHECKS)

        documented_and_never_a_server_error()
    http.close()
    # Hypothesis may stop an operation early when its inputs run out; each person's run must still
    # be large, so that the two of them send at least 1,000 cases.
    assert cases >= 500, cases
