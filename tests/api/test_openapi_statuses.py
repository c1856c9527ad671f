"""The OpenAPI description lists every status an operation answers, so generated clients and
Schemathesis agree with the server (issue 15 §5).

The walk reads each route the way FastAPI runs it (its dependencies and parameters), not the way
the description was written: a route behind a login answers 401 and 403, one that names a record
answers 404, one that takes input answers 422. What only the use cases know is listed here.
"""

import importlib
import pkgutil
import uuid

from clinic_cast import TODAY, as_
from fastapi.routing import APIRoute

import rehab.web.api
from rehab.web.api.responses import ErrorOut
from rehab.web.deps import current_actor, login_token

API = "/api/v1"

# Where a use case answers 409 (services raise Conflict or ExercisePaused), and where a retried
# write answers 200 with what it stored.
CONFLICTS = {("POST", f"{API}/users"), ("POST", f"{API}/patients"), ("POST", f"{API}/patients/{{patient_id}}/sessions"),
             ("POST", f"{API}/patients/{{patient_id}}/diary"), ("POST", f"{API}/patients/{{patient_id}}/flare"),
             ("POST", f"{API}/decisions/{{decision_id}}/override"), ("POST", f"{API}/patients/{{patient_id}}/adjustments"),
             ("POST", f"{API}/patients/{{patient_id}}/screenings/red-flags")}
RETRIED = {("POST", f"{API}/patients/{{patient_id}}/adjustments"), ("POST", f"{API}/patients/{{patient_id}}/sessions"), ("POST", f"{API}/patients/{{patient_id}}/diary"),
           ("POST", f"{API}/patients/{{patient_id}}/flare"), ("POST", f"{API}/patients/{{patient_id}}/baseline"),
           ("POST", f"{API}/patients/{{patient_id}}/screenings/red-flags")}
TOO_MANY = {("POST", f"{API}/auth/login")}


def _calls(dependant) -> set:
    found = set()
    for sub in dependant.dependencies:
        found.add(sub.call)
        found |= _calls(sub)
    return found


def _all_params(dependant) -> list:
    params = [*dependant.path_params, *dependant.query_params, *dependant.body_params]
    for sub in dependant.dependencies:
        params += _all_params(sub)
    return params


def expected_statuses(route: APIRoute, method: str) -> set[str]:
    path = f"{API}{route.path}"
    expected = {str(route.status_code or 200)}
    if _calls(route.dependant) & {current_actor, login_token}:
        expected |= {"401", "403"}
    names = {p.name for p in _all_params(route.dependant)}
    if route.dependant.path_params or any(name.endswith("_id") for name in names):
        expected.add("404")
    if names:
        expected.add("422")
    if (method, path) in CONFLICTS:
        expected.add("409")
    if (method, path) in RETRIED:
        expected.add("200")
    if (method, path) in TOO_MANY:
        expected |= {"401", "429"}
    return expected


def api_operations() -> dict[tuple[str, str], APIRoute]:
    """Every route of every router in rehab.web.api, by (method, path; each router has the /api/v1 prefix)."""
    found = {}
    for module_info in pkgutil.iter_modules(rehab.web.api.__path__):
        router = getattr(importlib.import_module(f"rehab.web.api.{module_info.name}"), "router", None)
        for route in router.routes if router is not None else ():
            if isinstance(route, APIRoute):
                found |= {(method, route.path): route for method in route.methods}  # the path has the prefix
    return found


def test_every_operation_documents_every_status_it_can_answer(client):
    spec = client.get(f"{API}/openapi.json").json()
    operations = api_operations()
    described = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    assert set(operations) == described  # the walk reaches every operation the server serves
    missing = {}
    for (method, path), route in operations.items():
        documented = set(spec["paths"][path][method.lower()]["responses"])
        if lacking := {s for s in expected_statuses(route, method) if s not in documented}:
            missing[f"{method} {path}"] = sorted(lacking)
    assert missing == {}
    assert len(operations) >= 35


def test_the_walk_finds_what_a_record_route_behind_a_login_answers(client):
    spec = client.get(f"{API}/openapi.json").json()
    diary = spec["paths"][f"{API}/patients/{{patient_id}}/diary"]["post"]["responses"]
    assert set(diary) == {"200", "201", "401", "403", "404", "409", "422"}
    assert set(spec["paths"][f"{API}/auth/login"]["post"]["responses"]) == {"200", "401", "422", "429"}


def test_every_refusal_is_documented_with_the_body_the_server_sends(client, tokens, cast):
    spec = client.get(f"{API}/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
    carol = f"{API}/patients/{cast.carol.patient_id}"
    sent = [client.get(f"{API}/me"),  # 401
            client.get(f"{API}/users", headers=as_(tokens, "carol")),  # 403: admins only
            client.get(f"{API}/patients/{uuid.uuid4()}", headers=as_(tokens, "bob")),  # 404
            client.post(f"{carol}/diary", json={"id": "x"}, headers=as_(tokens, "carol")),  # 422 from the wire
            client.post(f"{carol}/diary", json={"id": str(uuid.uuid4()), "date": "2026-09-01"},
                        headers=as_(tokens, "carol"))]  # 422 from the use case
    assert [r.status_code for r in sent] == [401, 403, 404, 422, 422]
    for response in sent:
        ErrorOut.model_validate(response.json())
    entry = {"id": str(uuid.uuid4()), "date": str(TODAY), "pain": 4}
    client.post(f"{carol}/diary", json=entry, headers=as_(tokens, "carol"))
    clash = client.post(f"{carol}/diary", json={**entry, "pain": 5}, headers=as_(tokens, "carol"))
    assert clash.status_code == 409
    ErrorOut.model_validate(clash.json())
