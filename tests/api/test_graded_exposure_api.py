"""Graded exposure through the API: Bob builds Dave's fear hierarchy with him, Dave logs behavioural
experiments from his phone, and each one runs the check-in. Retries store once; bad input is a
422 naming the field and stores nothing; only the care team builds the hierarchy; all audited."""

import uuid
from datetime import timedelta

from clinic_cast import TODAY, as_

API = "/api/v1"
PROGRAM = {"reason": "fear of bending", "prescriptions": [
    {"activity_id": "graded_exposure", "name": "Feared activities, step by step", "strategy": "graded_exposure",
     "dose": {"reps": 5}, "sessions_per_week": 2}]}
DISHWASHER = {"activity": "bending to load the dishwasher", "harm": 65, "goal": "keep the kitchen going"}


def url(cast, tail="", patient=None):
    return f"{API}/patients/{patient or cast.dave.patient_id}/{tail}"


def build(client, tokens, cast):
    assert client.post(url(cast, "program"), json=PROGRAM, headers=as_(tokens, "bob")).status_code == 201
    response = client.post(url(cast, "fear-hierarchy/items"), json=DISHWASHER, headers=as_(tokens, "bob"))
    assert response.status_code == 201, response.text
    response = client.put(url(cast, "fear-hierarchy/safety-behaviours"), json={"behaviours": ["bracing"]},
                          headers=as_(tokens, "bob"))
    assert response.status_code == 200, response.text


def experiment(**changes):
    return {"id": str(uuid.uuid4()), "date": (TODAY - timedelta(days=1)).isoformat(),
            "item": "bending_to_load_the_dishwasher", "expected": "my back will give way", "belief_before": 80,
            "outcome": "it ached and settled", "feared_outcome_happened": False, "belief_after": 30,
            "pain_during": 4, **changes}


def test_bob_builds_the_hierarchy_and_re_rates_it_and_a_retry_adds_nothing(client, tokens, cast):
    build(client, tokens, cast)
    again = client.post(url(cast, "fear-hierarchy/items"), json=DISHWASHER, headers=as_(tokens, "bob"))
    assert again.status_code == 200
    rerate = url(cast, "fear-hierarchy/items/bending_to_load_the_dishwasher/ratings")
    assert client.post(rerate, json={"harm": 40}, headers=as_(tokens, "bob")).status_code == 201
    assert client.post(rerate, json={"harm": 40}, headers=as_(tokens, "bob")).status_code == 200
    shown = client.get(url(cast, "fear-hierarchy"), headers=as_(tokens, "dave")).json()
    item = shown["items"][0]
    assert [r["harm"] for r in item["ratings"]] == [65, 40] and item["true_change"] and item["current"]
    assert shown["safety_behaviours"] == ["bracing"] and shown["true_change_points"] == 20


def test_daves_experiment_runs_the_check_in_and_a_retry_returns_the_stored_result(client, tokens, cast):
    build(client, tokens, cast)
    sent = experiment()
    first = client.post(url(cast, "experiments"), json=sent, headers=as_(tokens, "dave"))
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["decisions"][0]["activity_id"] == "graded_exposure"
    assert body["decisions"][0]["exposure"]["item"] == "bending_to_load_the_dishwasher"
    assert "did not happen" in body["experiment"]["evidence"]
    again = client.post(url(cast, "experiments"), json=sent, headers=as_(tokens, "dave"))
    assert again.status_code == 200 and again.json()["decisions"] == body["decisions"]
    other = client.post(url(cast, "experiments"), json={**sent, "belief_after": 90}, headers=as_(tokens, "dave"))
    assert other.status_code == 409
    assert len(client.get(url(cast, "experiments"), headers=as_(tokens, "dave")).json()["items"]) == 1


def test_bad_input_is_refused_naming_the_field_and_stores_nothing(client, tokens, cast):
    build(client, tokens, cast)
    for body, field in ((experiment(belief_before=120), "belief_before"),
                        (experiment(item="running_for_the_bus"), "item"),
                        (experiment(safety_behaviours=["a back brace"]), "safety_behaviours[0]"),
                        (experiment(date=(TODAY + timedelta(days=5)).isoformat()), "date")):
        response = client.post(url(cast, "experiments"), json=body, headers=as_(tokens, "dave"))
        assert response.status_code == 422, response.text
        assert field in response.json()["error"], response.json()
    response = client.post(url(cast, "fear-hierarchy/items"), json={**DISHWASHER, "harm": 101}, headers=as_(tokens, "bob"))
    assert response.status_code == 422 and "harm" in response.json()["error"]
    assert client.get(url(cast, "experiments"), headers=as_(tokens, "bob")).json()["items"] == []
    assert len(client.get(url(cast, "fear-hierarchy"), headers=as_(tokens, "bob")).json()["items"]) == 1


def test_dave_cannot_rate_his_own_hierarchy_and_another_clinic_cannot_see_it(client, tokens, cast):
    build(client, tokens, cast)
    response = client.post(url(cast, "fear-hierarchy/items"), json=DISHWASHER, headers=as_(tokens, "dave"))
    assert response.status_code == 403
    assert client.get(url(cast, "fear-hierarchy"), headers=as_(tokens, "erin")).status_code == 404
    assert client.get(url(cast, "experiments"), headers=as_(tokens, "carol")).status_code in (403, 404)


def test_the_hierarchy_and_experiments_are_in_daves_audit_trail(client, tokens, cast):
    build(client, tokens, cast)
    client.post(url(cast, "experiments"), json=experiment(), headers=as_(tokens, "dave"))
    client.get(url(cast, "experiments"), headers=as_(tokens, "dave"))
    client.get(url(cast, "fear-hierarchy"), headers=as_(tokens, "bob"))
    trail = client.get(url(cast, "audit"), headers=as_(tokens, "bob")).json()["items"]
    seen = {(entry["action"], entry["resource"]) for entry in trail}
    assert {("create", "fear_item"), ("update", "safety_behaviours"), ("create", "behavioural_experiment"),
            ("read", "behavioural_experiments"), ("read", "fear_hierarchy")} <= seen
