"""Self-management and insights through the API: Bob agrees the bounds, Carol eases today's
sit-to-stand from her phone, a change beyond the bounds is 422 with the reason in plain words."""

import uuid

from clinic_cast import TODAY, as_

from rehab.core.engine.self_management import SKIP_OR_FLARE

API = "/api/v1"


def url(cast, tail):
    return f"{API}/patients/{cast.carol.patient_id}/{tail}"


def easier(**changes):
    return {"id": str(uuid.uuid4()), "activity_id": "sit_to_stand", "date": TODAY.isoformat(), "kind": "easier",
            "dose": {"sets": 2, "reps": 9}, "reason": "a bad night", **changes}


def test_bob_agrees_bounds_and_carol_eases_todays_session(client, tokens, cast):
    put = client.put(url(cast, "activities/sit_to_stand/bounds"), json={"easier_steps": 1, "move_within_days": 1},
                     headers=as_(tokens, "bob"))
    assert put.status_code == 200, put.text
    assert put.json()["bounds"]["easier_steps"] == 1 and put.json()["set_by_name"] == "Bob"
    sent = easier()
    first = client.post(url(cast, "adjustments"), json=sent, headers=as_(tokens, "carol"))
    assert first.status_code == 201, first.text
    assert first.json()["adjustment"]["answer"].startswith("Fine: 2 sets of 9 today")
    again = client.post(url(cast, "adjustments"), json=sent, headers=as_(tokens, "carol"))
    assert (again.status_code, again.json()["replayed"]) == (200, True)
    listed = client.get(url(cast, "adjustments"), headers=as_(tokens, "bob")).json()["items"]
    assert [a["id"] for a in listed] == [sent["id"]]
    bounds = client.get(url(cast, "bounds"), headers=as_(tokens, "carol")).json()
    assert {b["activity_id"]: b["bounds"] is not None for b in bounds} == {"sit_to_stand": True, "walking": False}


def test_a_change_beyond_the_bounds_is_422_saying_why_and_stores_nothing(client, tokens, cast):
    client.put(url(cast, "activities/sit_to_stand/bounds"), json={"easier_steps": 1}, headers=as_(tokens, "bob"))
    response = client.post(url(cast, "adjustments"), json=easier(dose={"sets": 2, "reps": 6}), headers=as_(tokens, "carol"))
    assert response.status_code == 422
    assert response.json()["error"] == ("dose: That is easier than you agreed. The easiest you can choose is 2 sets of 9. "
                                        f"{SKIP_OR_FLARE}")
    moved = client.post(url(cast, "adjustments"), headers=as_(tokens, "carol"),
                        json=easier(kind="move", dose=None, moved_to=TODAY.replace(day=TODAY.day - 1).isoformat()))
    assert moved.status_code == 422 and moved.json()["error"].startswith("moved_to: Moving a session to another day is not part")
    assert client.get(url(cast, "adjustments"), headers=as_(tokens, "bob")).json()["items"] == []


def test_bad_input_names_the_field(client, tokens, cast):
    missing = client.post(url(cast, "adjustments"), json=easier(dose=None), headers=as_(tokens, "carol"))
    assert missing.status_code == 422 and "dose" in missing.json()["error"]
    unknown = client.post(url(cast, "adjustments"), json=easier(activity_id="swimming"), headers=as_(tokens, "carol"))
    assert unknown.status_code == 422 and unknown.json()["error"].startswith("activity_id:")
    bad_bounds = client.put(url(cast, "activities/sit_to_stand/bounds"), json={"easier_steps": -1},
                            headers=as_(tokens, "bob"))
    assert bad_bounds.status_code == 422 and "easier_steps" in bad_bounds.json()["error"]
    bad_tag = client.post(url(cast, "diary"), json={"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "tags": ["rain"]},
                          headers=as_(tokens, "carol"))
    assert bad_tag.status_code == 422 and "tags" in bad_tag.json()["error"]


def test_insights_are_the_same_json_as_rehab_insights(client, tokens, cast):
    body = client.get(url(cast, "insights"), headers=as_(tokens, "carol")).json()
    assert set(body) == {"date", "first", "last", "diary_days", "method", "insights", "message_patient",
                         "summary_clinician"}
    assert body["date"] == TODAY.isoformat() and body["message_patient"].startswith("Keep your diary going.")
