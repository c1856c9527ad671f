"""The program review through the API: Carol's second checkpoint without important improvement
raised a "reformulate" alert; Bob reviews it. What the review starts from, that a retry stores it
once, that bad input names the field and stores nothing, who may see it, and that Carol reads why."""

import uuid

from clinic_cast import TODAY, as_
from sqlalchemy import func, select

from rehab.contracts.records import AssessmentIn, ReassessmentIn, RedFlagScreeningIn
from rehab.services import care, oversight
from rehab.store import tables

API = "/api/v1"


def checkpoint_alert(cast):
    """Two checkpoints in a row with her pain unchanged at 4/10: reformulate."""
    for _ in range(2):
        care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, ReassessmentIn(
            taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY),
            assessments=[AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4])]))
    return next(a for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
                if a.code == "checkpoint_reformulate")


def review(alert, **changes):
    return {"id": str(uuid.uuid4()), "alert_id": str(alert.id), "barriers": [{"barrier": "pain_beliefs",
                                                                               "note": "afraid stairs will wear her knee"}],
            "activities": [{"activity_id": "walking"}, {"activity_id": "sit_to_stand", "strategy": "time_contingent"}],
            "reason": "Walking first; sit-to-stand by quota while her beliefs are worked on.", **changes}


def rows(cast):
    with cast.sessions() as session:
        return (session.scalar(select(func.count()).select_from(tables.ProgramReview)),
                session.scalar(select(func.count()).select_from(tables.ProgramVersion)))


def test_a_review_is_stored_once_however_often_it_is_sent(client, tokens, cast):
    alert = checkpoint_alert(cast)
    url = f"{API}/patients/{cast.carol.patient_id}/program-reviews"
    start = client.get(f"{API}/patients/{cast.carol.patient_id}/alerts/{alert.id}/review", headers=as_(tokens, "bob"))
    assert start.status_code == 200, start.text
    assert start.json()["alert"]["code"] == "checkpoint_reformulate" and "pain_beliefs" in start.json()["barriers"]

    body = review(alert)
    first = client.post(url, json=body, headers=as_(tokens, "bob"))
    assert first.status_code == 201, first.text
    assert first.json()["checkpoint_id"] is not None and first.json()["changes"][0]["kind"] == "sequence"
    again = client.post(url, json=body, headers=as_(tokens, "bob"))
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"] and again.json()["replayed"]
    other = client.post(url, json=review(alert), headers=as_(tokens, "bob"))
    assert other.status_code == 409 and "alert_id" in other.json()["error"]
    program = client.get(f"{API}/patients/{cast.carol.patient_id}/program", headers=as_(tokens, "bob")).json()
    assert program["review_id"] == first.json()["id"] and program["version"] == first.json()["program_version"]

    why = client.get(f"{API}/patients/{cast.carol.patient_id}/program/why", headers=as_(tokens, "carol"))
    assert why.status_code == 200 and "worry about pain" in why.json()["why"]

    with cast.sessions() as session:
        trail = {(e.action, e.resource) for e in session.scalars(
            select(tables.AuditEntry).where(tables.AuditEntry.patient_id == cast.carol.patient_id))}
    assert {("read", "program_review"), ("create", "program_review"), ("create", "program"), ("update", "alert")} <= trail


def test_bad_input_is_422_naming_the_field_and_stores_nothing(client, tokens, cast):
    alert = checkpoint_alert(cast)
    url = f"{API}/patients/{cast.carol.patient_id}/program-reviews"
    before = rows(cast)
    cases = [
        (review(alert, barriers=[{"barrier": "other"}]), "barriers"),  # "other" needs words
        (review(alert, barriers=[{"barrier": "bad_luck"}]), "barriers"),
        (review(alert, activities=[{"activity_id": "sit_to_stand"}, {"activity_id": "walking"}]), "activities"),
        (review(alert, alert_id=str(uuid.uuid4())), "alert_id"),
        (review(alert, reason=""), "reason"),
    ]
    for body, field in cases:
        response = client.post(url, json=body, headers=as_(tokens, "bob"))
        assert response.status_code == 422, (field, response.text)
        assert response.json()["error"].startswith(field), (field, response.json())
    assert rows(cast) == before


def test_another_clinics_clinician_and_the_patient_cannot_open_or_send_a_review(client, tokens, cast):
    alert = checkpoint_alert(cast)
    url = f"{API}/patients/{cast.carol.patient_id}/program-reviews"
    assert client.post(url, json=review(alert), headers=as_(tokens, "erin")).status_code == 404
    assert client.get(f"{API}/patients/{cast.carol.patient_id}/alerts/{alert.id}/review",
                      headers=as_(tokens, "erin")).status_code == 404
    assert client.post(url, json=review(alert), headers=as_(tokens, "carol")).status_code == 403
    assert rows(cast)[0] == 0


def test_the_review_operations_are_in_the_openapi_description(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    post = paths[f"{API}/patients/{{patient_id}}/program-reviews"]["post"]
    assert {"200", "201", "404", "409", "422"} <= set(post["responses"])
    assert f"{API}/patients/{{patient_id}}/alerts/{{alert_id}}/review" in paths
