"""Dates at the edge: every date that comes in is plausible, and a 422 names the field and the
days allowed (hazard H35). Carol was enrolled on 2026-10-01; today is 2026-11-27.

A diary entry dated 0001-01-01 once got a 201 and then stopped every clinic's check-ins; a session
on that day, and a discharge on 9999-12-31, were 500s.
"""

import uuid
from datetime import timedelta

import pytest
from clinic_cast import TODAY, as_
from databases import postgres_database, sqlite_database
from fastapi.testclient import TestClient

from rehab.settings import load_settings
from rehab.web.app import create_app

API = "/api/v1"
RANGE = "must be a date from 1900-01-01 to 2100-12-31"
LOG_DAYS = "a log can be dated from 2026-09-24 to 2026-11-28"  # a week before enrolment to tomorrow


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    """These dates are checked on both databases: PostgreSQL keeps years SQLite would not compare."""
    if request.param == "sqlite":
        yield sqlite_database(tmp_path_factory.mktemp("dates"))
    else:
        yield from postgres_database()


def diary(day) -> dict:
    return {"id": str(uuid.uuid4()), "date": str(day), "pain": 4}


def session(day) -> dict:
    return {"id": str(uuid.uuid4()), "activity_id": "sit_to_stand", "date": str(day), "completed": {"sets": 2, "reps": 10}}


def flare(day) -> dict:
    return {"id": str(uuid.uuid4()), "date": str(day)}


def refused(response, field: str, words: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["error"].startswith(f"{field}: "), response.json()
    assert words in response.json()["error"], response.json()


@pytest.mark.parametrize(("path", "body"), [("diary", diary), ("sessions", session), ("flare", flare)])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_a_log_dated_at_the_ends_of_the_calendar_is_422_and_stores_nothing(client, tokens, cast, path, body, day):
    url = f"{API}/patients/{cast.carol.patient_id}/{path}"
    response = client.post(url, json=body(day), headers=as_(tokens, "carol"))
    refused(response, "date", f"{RANGE}, got {day}")
    for listed in ("diary", "sessions", "decisions"):
        assert client.get(f"{API}/patients/{cast.carol.patient_id}/{listed}", headers=as_(tokens, "bob")).json()["items"] == []


@pytest.mark.parametrize(("path", "body"), [("diary", diary), ("sessions", session), ("flare", flare)])
def test_a_log_is_dated_from_a_week_before_enrolment_to_tomorrow(client, tokens, cast, path, body):
    url = f"{API}/patients/{cast.carol.patient_id}/{path}"
    too_early = client.post(url, json=body("2026-09-23"), headers=as_(tokens, "carol"))
    refused(too_early, "date", f"2026-09-23 is before this patient's program (enrolled on 2026-10-01); {LOG_DAYS}")
    too_late = client.post(url, json=body(TODAY + timedelta(days=2)), headers=as_(tokens, "carol"))
    refused(too_late, "date", f"2026-11-29 is in the future; {LOG_DAYS}")
    # Carol's own entries may be at most 3 days late; Bob copies in her paper diary of the week before.
    for day, who in (("2026-09-24", "bob"), (str(TODAY + timedelta(days=1)), "carol")):
        assert client.post(url, json=body(day), headers=as_(tokens, who)).status_code == 201


def test_how_far_before_enrolment_a_log_may_be_dated_is_a_setting(cast, database, tokens):
    settings = load_settings({"REHAB_DATABASE_URL": database.url, "REHAB_DAYS_BEFORE_ENROLMENT": "0"})
    with TestClient(create_app(settings, sessions=cast.sessions, clock=cast.clock), raise_server_exceptions=False) as strict:
        url = f"{API}/patients/{cast.carol.patient_id}/diary"
        refused(strict.post(url, json=diary("2026-09-30"), headers=as_(tokens, "bob")), "date",
                "a log can be dated from 2026-10-01 to 2026-11-28")
        assert strict.post(url, json=diary("2026-10-01"), headers=as_(tokens, "bob")).status_code == 201


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_no_record_of_the_clinic_is_dated_at_the_ends_of_the_calendar(client, tokens, cast, day):
    carol = f"{API}/patients/{cast.carol.patient_id}"
    screening = {"taken_on": day}
    attempts = {
        "enrolled_on": (f"{API}/patients", {"display_name": "Gail", "condition": "knee pain", "enrolled_on": day}),
        "taken_on": (f"{carol}/screenings/red-flags", screening),
        "assessment taken_on": (f"{carol}/assessments", {"instrument": "nprs", "taken_on": day, "answers": [5]}),
        "reassessment taken_on": (f"{carol}/reassessments", {"taken_on": day, "red_flags": {"taken_on": str(TODAY)}}),
        "red_flags.taken_on": (f"{carol}/reassessments", {"taken_on": str(TODAY), "red_flags": screening}),
        "discharged_on": (f"{carol}/discharge", {"discharged_on": day}),
        "target_date": (f"{carol}/goals", {**GOAL, "target_date": day}),
    }
    for name, (url, body) in attempts.items():
        refused(client.post(url, json=body, headers=as_(tokens, "bob")), name.split()[-1], f"{RANGE}, got {day}")
    assert client.get(f"{carol}/screenings", headers=as_(tokens, "bob")).json()["items"] == []
    assert client.get(f"{carol}", headers=as_(tokens, "bob")).json()["status"] == "active"


def test_screenings_assessments_reassessments_and_discharges_are_not_dated_in_the_future(client, tokens, cast):
    carol = f"{API}/patients/{cast.carol.patient_id}"
    later = str(TODAY + timedelta(days=2))
    refused(client.post(f"{carol}/screenings/red-flags", json={"taken_on": later}, headers=as_(tokens, "carol")),
            "taken_on", f"{later} is in the future; a screening can be dated up to 2026-11-28")
    refused(client.post(f"{carol}/assessments", json={"instrument": "nprs", "taken_on": later, "answers": [5]},
                        headers=as_(tokens, "bob")), "taken_on", "an assessment can be dated up to 2026-11-28")
    refused(client.post(f"{carol}/reassessments", json={"taken_on": str(TODAY), "red_flags": {"taken_on": later}},
                        headers=as_(tokens, "bob")), "red_flags.taken_on", "is in the future")
    refused(client.post(f"{carol}/discharge", json={"discharged_on": later}, headers=as_(tokens, "bob")),
            "discharged_on", "a discharge can be dated from 2026-10-01 to 2026-11-28")
    refused(client.post(f"{carol}/discharge", json={"discharged_on": "2026-09-30"}, headers=as_(tokens, "bob")),
            "discharged_on", "2026-09-30 is before this patient's enrolment (2026-10-01)")
    refused(client.post(f"{carol}/reassessments", json={"taken_on": "2026-09-30", "red_flags": {"taken_on": "2026-09-30"}},
                        headers=as_(tokens, "bob")), "taken_on", "a reassessment can be dated from 2026-10-01")
    assert client.get(f"{carol}/screenings", headers=as_(tokens, "bob")).json()["items"] == []
    assert client.get(f"{carol}/assessments", headers=as_(tokens, "bob")).json()["items"] == []
    assert client.post(f"{carol}/discharge", json={"discharged_on": str(TODAY)}, headers=as_(tokens, "bob")).status_code == 200


GOAL = {"words": "walk my dog to the park", "icf_code": "d450", "task": "walk 20 minutes",
        "success_criterion": "twice in a week", "baseline": "5 minutes",
        "gas_levels": {"-2": "less", "-1": "as now", "0": "the goal", "1": "more", "2": "much more"}}


@pytest.mark.parametrize("field", ["gas_level", "words", "status", "priority", "task", "success_criterion", "gas_levels"])
def test_a_goal_change_that_clears_a_field_a_goal_must_have_is_422_and_changes_nothing(client, tokens, cast, field):
    goal = client.post(f"{API}/patients/{cast.carol.patient_id}/goals", json=GOAL, headers=as_(tokens, "bob")).json()
    response = client.patch(f"{API}/goals/{goal['id']}", json={field: None}, headers=as_(tokens, "bob"))
    refused(response, field, "cannot be null; leave the field out to keep it as it is")
    [kept] = client.get(f"{API}/patients/{cast.carol.patient_id}/goals", headers=as_(tokens, "bob")).json()
    assert kept == goal


def test_a_goal_change_can_clear_the_target_date_and_must_describe_every_level(client, tokens, cast):
    goal = client.post(f"{API}/patients/{cast.carol.patient_id}/goals", json={**GOAL, "target_date": "2027-03-01"},
                       headers=as_(tokens, "bob")).json()
    cleared = client.patch(f"{API}/goals/{goal['id']}", json={"target_date": None}, headers=as_(tokens, "bob"))
    assert cleared.status_code == 200 and cleared.json()["target_date"] is None
    partial = client.patch(f"{API}/goals/{goal['id']}", json={"gas_levels": {"0": "the goal"}}, headers=as_(tokens, "bob"))
    refused(partial, "gas_levels", "describe every level; missing -1, -2, 1, 2")


@pytest.mark.parametrize("listed", ["diary", "sessions", "decisions"])
def test_a_list_asked_since_a_date_at_the_ends_of_the_calendar_is_422_naming_the_parameter(client, tokens, cast, listed):
    response = client.get(f"{API}/patients/{cast.carol.patient_id}/{listed}?since=0001-01-01", headers=as_(tokens, "bob"))
    refused(response, "since", f"{RANGE}, got 0001-01-01")
    assert client.get(f"{API}/patients/{cast.carol.patient_id}/{listed}?since=2026-10-01",
                      headers=as_(tokens, "bob")).status_code == 200
