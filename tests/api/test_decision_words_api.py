"""The API words a decision as the pages do: a ``summary`` a physiotherapist would write, beside the
engine's own terse summary, which is kept for the programs that read it."""

from clinic_cast import TODAY, as_

from rehab.contracts.records import RedFlagScreeningIn
from rehab.services import patients


def test_the_decision_list_of_the_api_gives_the_same_words_and_keeps_the_engines_summary(cast, client, tokens):
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["constant_night_pain"]))
    got = client.get(f"/api/v1/patients/{cast.carol.patient_id}/decisions",
                     headers=as_(tokens, "bob")).json()["items"]
    latest = got[0]  # newest first
    assert latest["summary"].startswith(("Sit to stand: refer today (urgent).", "Walking: refer today (urgent)."))
    assert latest["decision"]["summary_clinician"].startswith("REFER (urgent)")  # the old field is kept


def test_an_override_that_more_than_halves_a_dose_is_refused_naming_the_field_until_confirmed(cast, client, tokens):
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=[]))
    decisions = client.get(f"/api/v1/patients/{cast.carol.patient_id}/decisions", headers=as_(tokens, "bob")).json()["items"]
    walking = next(d for d in decisions if d["decision"]["activity_id"] == "walking")
    assert walking["decision"]["next_dose"] == {"duration_s": 1200}
    body = {"decision": "hold", "next_dose": {"duration_s": 10}, "reason": "typed minutes"}
    refused = client.post(f"/api/v1/decisions/{walking['id']}/override", json=body, headers=as_(tokens, "bob"))
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "confirm_large_change"
    assert "from 20 minutes to 10 seconds" in refused.json()["problems"][0]["message"]
    again = client.get(f"/api/v1/patients/{cast.carol.patient_id}/decisions", headers=as_(tokens, "bob")).json()["items"]
    assert all(d["override"] is None for d in again)  # nothing was stored
    confirmed = client.post(f"/api/v1/decisions/{walking['id']}/override", json={**body, "confirm_large_change": True},
                            headers=as_(tokens, "bob"))
    assert confirmed.status_code == 201 and confirmed.json()["next_dose"] == {"duration_s": 10}


def test_a_goal_sent_without_the_levels_at_and_below_the_goal_gets_them_from_the_baseline_and_success(cast, client,
                                                                                                        tokens):
    goal = {"words": "Carry the shopping home", "icf_code": "d430", "task": "two 5 kg bags 200 m",
            "success_criterion": "without stopping", "baseline": "one bag 50 m",
            "gas_levels": {"1": "two bags 400 m", "2": "two bags from the market"}}
    sent = client.post(f"/api/v1/patients/{cast.carol.patient_id}/goals", json=goal, headers=as_(tokens, "bob"))
    assert sent.status_code == 201, sent.text
    assert sent.json()["gas_levels"] == {"-2": "Worse than now (one bag 50 m)", "-1": "As now: one bag 50 m",
                                         "0": "Goal reached: two 5 kg bags 200 m, without stopping",
                                         "1": "two bags 400 m", "2": "two bags from the market"}
    refused = client.post(f"/api/v1/patients/{cast.carol.patient_id}/goals", json={**goal, "gas_levels": {}},
                          headers=as_(tokens, "bob"))
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "gas_levels"
