"""A goal change and a tolerance re-baseline through the API (issue 13): Bob re-plans Dave's
program after his goal changed from walking to the shops to carrying groceries up the stairs."""

from clinic_cast import TODAY, as_
from goal_change_story import SETBACK, STAIRS, changed_goal, daves_course, versions

API = "/api/v1"


def test_bob_reviews_the_proposal_accepts_it_once_and_a_retry_answers_200(client, tokens, cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    url = f"{API}/patients/{cast.dave.patient_id}/goals/{goal.id}/program-proposal"
    asked = {"goal_change_id": str(change_id), "goal": STAIRS}

    proposal = client.post(url, json=asked, headers=as_(tokens, "bob"))
    assert proposal.status_code == 200, proposal.text
    assert {c["activity_id"]: c["kind"] for c in proposal.json()["changes"]}["stairs"] == "added"

    accepted = client.post(f"{url}/accept", json={**asked, "reason": "new goal"}, headers=as_(tokens, "bob"))
    assert accepted.status_code == 201, accepted.text
    again = client.post(f"{url}/accept", json={**asked, "reason": "new goal"}, headers=as_(tokens, "bob"))
    assert (again.status_code, again.json()["version"]) == (200, accepted.json()["version"]) == (200, 2)
    assert versions(cast) == 2


def test_erin_at_another_clinic_gets_404_and_bad_input_gets_422_naming_the_field(client, tokens, cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    url = f"{API}/patients/{cast.dave.patient_id}/goals/{goal.id}/program-proposal/accept"
    body = {"goal_change_id": str(change_id), "goal": STAIRS, "reason": "new goal"}

    assert client.post(url, json=body, headers=as_(tokens, "erin")).status_code == 404
    refused = client.post(url, json={**body, "activities": ["tightrope"]}, headers=as_(tokens, "bob"))
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "activities[0]"
    wrong_goal = client.post(url, json={**body, "goal": {**STAIRS, "icf": "x999"}}, headers=as_(tokens, "bob"))
    assert wrong_goal.status_code == 422 and wrong_goal.json()["problems"][0]["field"] == "goal.icf"
    assert versions(cast) == 1


def test_tolerances_re_measured_through_the_api_are_listed_newest_first(client, tokens, cast):
    daves_course(cast)
    url = f"{API}/patients/{cast.dave.patient_id}/tolerances"
    first = client.post(url, json=SETBACK, headers=as_(tokens, "bob"))
    assert first.status_code == 201, first.text
    assert client.post(url, json=SETBACK, headers=as_(tokens, "bob")).status_code == 200
    bad = client.post(url, json={**SETBACK, "measured_on": "2030-01-01"}, headers=as_(tokens, "bob"))
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "measured_on"
    listed = client.get(url, headers=as_(tokens, "bob")).json()["items"]
    assert [t["id"] for t in listed] == [first.json()["id"]]
    assert listed[0]["measured_on"] == TODAY.isoformat() and listed[0]["recorded_by_name"] == "Bob"
