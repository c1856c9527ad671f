"""The HTTP API end to end: JSON in and out, idempotent logs, clear errors, no leaked internals."""

import uuid

from clinic_cast import PASSWORD, TODAY, as_

from rehab.services import checkins, logs

API = "/api/v1"


def test_the_openapi_description_is_served(client):
    spec = client.get(f"{API}/openapi.json").json()
    assert spec["info"]["title"] == "rehab"
    assert f"{API}/patients/{{patient_id}}/diary" in spec["paths"]


def test_login_sets_a_safe_session_cookie_and_the_token_works(client):
    response = client.post(f"{API}/auth/login", json={"email": "carol@riverside.test", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie  # plain http in tests
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    assert me.json()["role"] == "patient"


def test_a_wrong_password_is_401_without_saying_which_part_was_wrong(client):
    response = client.post(f"{API}/auth/login", json={"email": "carol@riverside.test", "password": "nope"})
    assert response.status_code == 401
    assert response.json() == {"error": "wrong email or password"}


def test_a_patient_logs_a_diary_entry_and_a_retry_creates_nothing(client, tokens, cast):
    entry = {"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": 4, "pain_next_morning": 4}
    url = f"{API}/patients/{cast.carol.patient_id}/diary"
    first = client.post(url, json=entry, headers=as_(tokens, "carol"))
    assert first.status_code == 201 and first.json()["checkins"] == "queued"
    again = client.post(url, json=entry, headers=as_(tokens, "carol"))
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["diary_entry"] == first.json()["diary_entry"]
    checkins.run_due(cast.uow())  # what the server's check-in worker does moments later
    decisions = client.get(f"{API}/patients/{cast.carol.patient_id}/decisions", headers=as_(tokens, "carol")).json()["items"]
    assert {d["decision"]["activity_id"] for d in decisions} == {"sit_to_stand", "walking"}
    listed = client.get(url, headers=as_(tokens, "bob")).json()["items"]
    assert [e["id"] for e in listed] == [entry["id"]]


def test_bad_input_is_422_naming_the_field_and_nothing_is_written(client, tokens, cast):
    url = f"{API}/patients/{cast.carol.patient_id}/diary"
    bad = {"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": 11}
    response = client.post(url, json=bad, headers=as_(tokens, "carol"))
    assert response.status_code == 422
    assert response.json()["error"].startswith("pain: Input should be less than or equal to 10")
    unknown = client.post(url, json={**bad, "pain": 4, "pian": 3}, headers=as_(tokens, "carol"))
    assert unknown.json()["error"] == "pian: is not a known field"
    assert client.get(url, headers=as_(tokens, "carol")).json()["items"] == []


def test_a_program_whose_dose_could_never_be_checked_in_is_422_and_the_old_one_stays(client, tokens, cast):
    """Found by Schemathesis: increments keyed by something that is not a dose dimension were stored,
    and then every check-in of the patient (a session, a diary entry, a red-flag screening) was a 500."""
    url = f"{API}/patients/{cast.carol.patient_id}/program"
    walking = {"activity_id": "walking", "name": "Walking", "strategy": "time_contingent",
               "dose": {"duration_s": 1200}, "sessions_per_week": 5}
    for bad, field in [({"increments": {"r": {"step": 1}}}, "prescriptions[0].increments.r.[key]"),
                       ({"progression_order": ["duration_s", "speed"]}, "prescriptions[0].progression_order[1]"),
                       ({"progression_order": ["duration_s", "duration_s"]}, "prescriptions[0].progression_order"),
                       ({"increments": {"duration_s": {"minimum": 90, "cap": 60}}}, "prescriptions[0].increments.duration_s")]:
        response = client.post(url, headers=as_(tokens, "bob"),
                               json={"reason": "new program", "prescriptions": [{**walking, **bad}]})
        assert response.status_code == 422, bad
        assert response.json()["problems"][0]["field"] == field
    assert client.get(url, headers=as_(tokens, "bob")).json()["version"] == 1
    screening = client.post(f"{API}/patients/{cast.carol.patient_id}/screenings/red-flags", headers=as_(tokens, "bob"),
                            json={"taken_on": TODAY.isoformat()})
    assert screening.status_code == 201, screening.text


def test_a_log_for_an_activity_outside_the_program_is_422(client, tokens, cast):
    response = client.post(f"{API}/patients/{cast.carol.patient_id}/sessions", headers=as_(tokens, "carol"), json={
        "id": str(uuid.uuid4()), "activity_id": "rowing", "date": TODAY.isoformat(), "completed": {"duration_s": 600}})
    assert response.status_code == 422
    assert response.json()["error"].startswith("activity_id:")


def test_a_session_posted_while_a_red_flag_waits_for_the_clinician_is_409_and_stores_nothing(client, tokens, cast):
    sessions = f"{API}/patients/{cast.carol.patient_id}/sessions"
    screened = client.post(f"{API}/patients/{cast.carol.patient_id}/screenings/red-flags", headers=as_(tokens, "carol"),
                           json={"taken_on": TODAY.isoformat(), "red_flags": ["constant_night_pain"]})
    assert screened.status_code == 201, screened.text
    entry = {"id": str(uuid.uuid4()), "activity_id": "sit_to_stand", "date": TODAY.isoformat(),
             "completed": {"sets": 2, "reps": 10}, "pain_during": 2}
    refused = client.post(sessions, headers=as_(tokens, "carol"), json=entry)
    assert refused.status_code == 409
    assert refused.json()["error"].startswith("exercise is paused: a red flag answered yes needs a clinician's review")
    assert client.get(sessions, headers=as_(tokens, "carol")).json()["items"] == []
    cast.clock.hour_later()  # Bob sees her later that day
    cleared = client.post(f"{API}/patients/{cast.carol.patient_id}/screenings/red-flags", headers=as_(tokens, "bob"),
                          json={"taken_on": TODAY.isoformat(), "red_flags": []})
    assert cleared.status_code == 201
    assert client.post(sessions, headers=as_(tokens, "carol"), json=entry).status_code == 201


def test_unknown_records_are_404(client, tokens):
    response = client.get(f"{API}/patients/{uuid.uuid4()}", headers=as_(tokens, "bob"))
    assert response.status_code == 404
    assert client.get(f"{API}/patients/not-an-id", headers=as_(tokens, "bob")).status_code == 422


def test_an_unexpected_error_says_so_without_a_stack_trace_and_saves_nothing(client, tokens, cast, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(logs, "DiaryEntryOut", broken)  # after the entry and its audit entry are written
    url = f"{API}/patients/{cast.carol.patient_id}/diary"
    response = client.post(url, headers=as_(tokens, "carol"),
                           json={"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": 4})
    assert response.status_code == 500
    body = response.text
    assert "Traceback" not in body and "secret internals" not in body and "ZeroDivisionError" not in body
    assert set(response.json()) == {"error", "reference"}
    monkeypatch.undo()
    assert client.get(url, headers=as_(tokens, "carol")).json()["items"] == []


def test_logout_revokes_the_token(client, tokens):
    headers = as_(tokens, "bob")
    assert client.post(f"{API}/auth/logout", headers=headers).status_code == 204
    assert client.get(f"{API}/me", headers=headers).status_code == 401


def test_the_check_in_decision_is_the_same_json_as_the_cli(client, tokens, cast):
    from rehab.contracts.checkin import DecisionOut

    response = client.post(f"{API}/patients/{cast.carol.patient_id}/activities/walking/check-in", headers=as_(tokens, "bob"))
    assert response.status_code == 201
    decision = DecisionOut.model_validate(response.json())
    assert decision.activity_id == "walking" and decision.rule_version


def test_a_patient_declares_a_flare_in_one_request(client, tokens, cast):
    response = client.post(f"{API}/patients/{cast.carol.patient_id}/flare", headers=as_(tokens, "carol"),
                           json={"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": 8})
    assert response.status_code == 201
    plans = {d["activity_id"]: d for d in response.json()["decisions"]}
    assert plans["walking"]["decision"] == "flare"
    assert "not damage" in plans["walking"]["message_patient"]


def test_a_graded_exposure_activity_is_accepted_in_a_stored_program_once(client, tokens, cast):
    exposing = {"activity_id": "bending", "name": "Bending", "strategy": "graded_exposure", "dose": {"reps": 5},
                "sessions_per_week": 3}
    url = f"{API}/patients/{cast.dave.patient_id}/program"
    response = client.post(url, headers=as_(tokens, "bob"), json={"reason": "fear of bending", "prescriptions": [exposing]})
    assert response.status_code == 201, response.text
    assert response.json()["prescriptions"][0]["strategy"] == "graded_exposure"
    # one fear hierarchy per patient: a second graded-exposure activity is refused, naming the field
    two = [exposing, {**exposing, "activity_id": "lifting", "name": "Lifting"}]
    response = client.post(url, headers=as_(tokens, "bob"), json={"reason": "two", "prescriptions": two})
    assert response.status_code == 422
    assert response.json()["error"].startswith("prescriptions: only one activity can use graded_exposure")


