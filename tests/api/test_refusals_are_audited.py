"""Refused attempts are in the audit log: who asked, what, from where. An auditor looks for exactly
these: a clinician of another clinic trying a patient's records, a patient trying ids, someone
guessing passwords. The answer to the asker is unchanged (tests/api/test_existence_oracles.py)."""

import uuid

from clinic_cast import EMAILS, PASSWORD, as_
from sqlalchemy import select

from rehab.contracts.records import GoalIn
from rehab.services import assessments
from rehab.store import tables

GOAL = GoalIn(words="Carry the shopping", icf_code="d430", task="two 5 kg bags 200 m", success_criterion="no stop",
              baseline="one bag 50 m", gas_levels={"-2": "a", "-1": "b", "0": "c", "1": "d", "2": "e"})


def _entries(cast, **where):
    with cast.sessions() as session:
        query = select(tables.AuditEntry).order_by(tables.AuditEntry.id)
        for name, value in where.items():
            query = query.where(getattr(tables.AuditEntry, name) == value)
        return list(session.scalars(query))


def test_another_clinics_clinician_trying_a_patients_goal_is_in_that_patients_trail(client, tokens, cast):
    goal = assessments.set_goal(cast.uow(), cast.bob, cast.carol.patient_id, GOAL)
    response = client.patch(f"/api/v1/goals/{goal.id}", headers=as_(tokens, "erin"), json={"gas_level": 2})
    assert response.status_code == 404
    trail = client.get(f"/api/v1/patients/{cast.carol.patient_id}/audit", headers=as_(tokens, "bob")).json()["items"]
    refused = [e for e in trail if e["action"] == "refused"]
    assert [(e["user_id"], e["role"], e["resource"], e["resource_id"], e["address"]) for e in refused] == [
        (str(cast.erin.user_id), "clinician", "PATCH /api/v1/goals/{}", str(goal.id), "testclient")]


def test_a_patient_trying_ids_that_do_not_exist_is_on_record(client, tokens, cast):
    nobody = uuid.uuid4()
    assert client.get(f"/api/v1/patients/{nobody}/diary", headers=as_(tokens, "dave")).status_code == 404
    assert client.get(f"/api/v1/patients/{cast.carol.patient_id}", headers=as_(tokens, "dave")).status_code == 404
    refused = _entries(cast, user_id=cast.dave.user_id, action="refused")
    assert [(e.resource, e.resource_id, e.patient_id, e.address) for e in refused] == [
        ("GET /api/v1/patients/{}/diary", str(nobody), nobody, "testclient"),
        ("GET /api/v1/patients/{}", str(cast.carol.patient_id), cast.carol.patient_id, "testclient")]


def test_the_longest_addresses_fit_the_log(client, tokens, cast):
    """Erin tries Carol's activity check-in: the address with two ids is kept whole."""
    url = f"/api/v1/patients/{cast.carol.patient_id}/activities/walking/check-in"
    assert client.post(url, headers=as_(tokens, "erin")).status_code == 404
    [entry] = _entries(cast, user_id=cast.erin.user_id, action="refused")
    assert (entry.resource, entry.resource_id, entry.patient_id) == (
        "POST /api/v1/patients/{}/activities/{}/check-in", "walking", cast.carol.patient_id)


def test_a_role_refused_is_on_record(client, tokens, cast):
    """Alice administers Carol's clinic but may not write her diary: 403, and on record."""
    response = client.post(f"/api/v1/patients/{cast.carol.patient_id}/diary", headers=as_(tokens, "alice"),
                           json={"id": str(uuid.uuid4()), "date": "2026-11-27", "pain": 4})
    assert response.status_code == 403
    [entry] = _entries(cast, user_id=cast.alice.user_id, action="refused")
    assert (entry.resource, entry.patient_id) == ("POST /api/v1/patients/{}/diary", cast.carol.patient_id)


def test_a_page_refused_is_on_record(client, cast):
    """Erin opens Carol's page in her browser: the page says not found, and the log says who tried."""
    erin = client.post("/api/v1/auth/login", json={"email": EMAILS["erin"], "password": PASSWORD})
    assert erin.status_code == 200
    assert client.get(f"/clinic/patients/{cast.carol.patient_id}").status_code == 404
    [entry] = _entries(cast, user_id=cast.erin.user_id, action="refused")
    assert (entry.resource, entry.patient_id) == ("GET /clinic/patients/{}", cast.carol.patient_id)


def test_failed_logins_are_on_record_with_the_account_and_the_address(client, cast):
    assert client.post("/api/v1/auth/login", json={"email": EMAILS["carol"], "password": "guess"}).status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": "nobody@nowhere.test", "password": "guess"}).status_code == 401
    failed = _entries(cast, action="login_failed")
    assert [(e.user_id, e.patient_id, e.resource_id, e.address) for e in failed] == [
        (cast.carol.user_id, cast.carol.patient_id, str(cast.carol.user_id), "testclient"),
        (None, None, "unknown account", "testclient")]


def test_logins_refused_for_too_many_tries_are_on_record(client, cast):
    for _ in range(6):
        response = client.post("/api/v1/auth/login", json={"email": EMAILS["dave"], "password": "guess"})
    assert response.status_code == 429
    [refused] = _entries(cast, action="login_refused")
    assert (refused.user_id, refused.address) == (cast.dave.user_id, "testclient")
