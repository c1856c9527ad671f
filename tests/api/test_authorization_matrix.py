"""Every route, asked by every kind of person, about Carol's records.

Bob is Carol's clinician; Alice administers their clinic; Dave is another patient of the same
clinic; Erin is a clinician at another clinic (Frank's); and someone who is not logged in. For each
route the table says who may use it on Carol's records; everyone else must be refused (401 when
not logged in, 403 or 404 otherwise) and what they asked for must not happen. A route missing from
the table fails the test, so a new route cannot skip it.
"""

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from clinic_cast import TODAY, as_

from rehab.contracts.fear_hierarchy import FearItemIn
from rehab.contracts.records import AssessmentIn, DiaryEntryIn, GoalIn, ProfileIn, ReassessmentIn, RedFlagScreeningIn
from rehab.services import assessments, care, exposure, logs, oversight, patients, referrals
from rehab.settings import load_settings
from rehab.web.app import create_app

PEOPLE = ("anonymous", "dave", "erin", "alice", "carol", "bob")  # the refused are asked first

GOAL = {"words": "Carry the shopping", "icf_code": "d430", "task": "two 5 kg bags 200 m", "success_criterion": "no stop",
        "baseline": "one bag 50 m", "gas_levels": {"-2": "a", "-1": "b", "0": "c", "1": "d", "2": "e"}}
PROGRAM = {"reason": "a swap", "prescriptions": [{"activity_id": "walking", "name": "Walking", "strategy": "time_contingent",
                                                  "dose": {"duration_s": 900}, "sessions_per_week": 5}]}
RED_FLAGS = {"taken_on": TODAY.isoformat(), "red_flags": []}
PLANNED_GOAL = {"id": "stairs", "words": "Carry my groceries up the stairs", "icf": "d4551", "priority": 1,
                "target_date": (TODAY + timedelta(days=90)).isoformat(),
                "task": {"description": "two flights with two bags", "activity": "stairs", "baseline": {"reps": 1},
                         "target": {"reps": 3}}}
INTAKE = json.loads((Path(__file__).resolve().parents[2] / "docs" / "examples" / "margaret.json").read_text())


def _bodies():
    day = TODAY.isoformat()
    return {
        ("POST", "/auth/logout"): None,
        ("GET", "/me"): None,
        ("GET", "/users"): None,
        ("POST", "/users"): {"email": f"new{uuid.uuid4().hex[:6]}@riverside.test", "display_name": "New",
                             "role": "clinician", "password": "a long password"},
        ("GET", "/caseload"): None,
        ("POST", "/patients"): {"display_name": "Eve", "condition": "neck pain", "enrolled_on": day},
        ("GET", "/patients/{patient_id}"): None,
        ("GET", "/patients/{patient_id}/profile"): None,
        ("PUT", "/patients/{patient_id}/profile"): {"job_demands": "lifting at work"},
        ("POST", "/patients/{patient_id}/screenings/red-flags"): RED_FLAGS,
        ("POST", "/patients/{patient_id}/screenings/psychosocial"): None,
        ("GET", "/patients/{patient_id}/screenings"): None,
        ("POST", "/patients/{patient_id}/assessments"): {"instrument": "nprs", "taken_on": day, "answers": [4]},
        ("GET", "/patients/{patient_id}/assessments"): None,
        ("POST", "/patients/{patient_id}/baseline"): {"first": day, "last": day, "reason": "medication_change"},
        ("GET", "/patients/{patient_id}/baseline"): None,
        ("GET", "/patients/{patient_id}/referral-steps"): None,
        ("POST", "/patients/{patient_id}/referral-steps/{step_id}/follow-up"): {"outcome": "not_yet", "on": day},
        ("POST", "/patients/{patient_id}/goals"): GOAL,
        ("GET", "/patients/{patient_id}/goals"): None,
        ("PATCH", "/goals/{goal_id}"): {"gas_level": 0},
        ("POST", "/patients/{patient_id}/program"): PROGRAM,
        ("POST", "/patients/{patient_id}/program/plan"): {"reason": "planned", "intake": INTAKE},
        ("GET", "/patients/{patient_id}/program"): None,
        ("GET", "/patients/{patient_id}/program/versions/{version}"): None,
        ("POST", "/patients/{patient_id}/reassessments"): {"taken_on": day, "red_flags": RED_FLAGS},
        ("POST", "/patients/{patient_id}/discharge"): {"discharged_on": day},
        ("POST", "/patients/{patient_id}/sessions"): lambda: {"id": str(uuid.uuid4()), "activity_id": "walking",
                                                              "date": day, "completed": {"duration_s": 1200}},
        ("GET", "/patients/{patient_id}/sessions"): None,
        ("POST", "/patients/{patient_id}/diary"): lambda: {"id": str(uuid.uuid4()), "date": day, "pain": 4},
        ("GET", "/patients/{patient_id}/diary"): None,
        ("POST", "/patients/{patient_id}/flare"): lambda: {"id": str(uuid.uuid4()), "date": day, "pain": 8},
        ("GET", "/patients/{patient_id}/decisions"): None,
        ("POST", "/patients/{patient_id}/activities/{activity_id}/check-in"): None,
        ("POST", "/decisions/{decision_id}/override"): {"decision": "hold", "reason": "we agreed to wait"},
        ("GET", "/alerts"): None,
        ("POST", "/alerts/{alert_id}/acknowledge"): None,
        ("GET", "/patients/{patient_id}/audit"): None,
        ("GET", "/patients/{patient_id}/fear-hierarchy"): None,
        ("POST", "/patients/{patient_id}/fear-hierarchy/items"): {"activity": "lifting a box", "harm": 50,
                                                                  "goal": "move house"},
        ("POST", "/patients/{patient_id}/fear-hierarchy/items/{item_id}/ratings"): {"harm": 30},
        ("PUT", "/patients/{patient_id}/fear-hierarchy/safety-behaviours"): {"behaviours": ["bracing"]},
        # Carol's program has no graded-exposure activity: the allowed are told so (422), not refused
        ("POST", "/patients/{patient_id}/experiments"): lambda: {
            "id": str(uuid.uuid4()), "date": day, "item": "carrying", "expected": "my back will go",
            "belief_before": 80, "outcome": "it was fine", "feared_outcome_happened": False, "belief_after": 20},
        ("GET", "/patients/{patient_id}/experiments"): None,
        ("GET", "/patients/{patient_id}/bounds"): None,
        ("PUT", "/patients/{patient_id}/activities/{activity_id}/bounds"): {"easier_steps": 1},
        ("POST", "/patients/{patient_id}/adjustments"): lambda: {
            "id": str(uuid.uuid4()), "activity_id": "sit_to_stand", "date": day, "kind": "easier",
            "dose": {"sets": 2, "reps": 8}},
        ("GET", "/patients/{patient_id}/adjustments"): None,
        ("GET", "/patients/{patient_id}/insights"): None,
        # Carol's program was set by hand, so the allowed are told to send an intake (422), not refused
        ("POST", "/patients/{patient_id}/goals/{goal_id}/program-proposal"): {
            "goal_change_id": str(uuid.uuid4()), "goal": PLANNED_GOAL},
        ("POST", "/patients/{patient_id}/goals/{goal_id}/program-proposal/accept"): {
            "goal_change_id": str(uuid.uuid4()), "goal": PLANNED_GOAL, "reason": "the goal changed"},
        ("POST", "/patients/{patient_id}/tolerances"): {
            "measured_on": day, "tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [600]}]},
        ("GET", "/patients/{patient_id}/tolerances"): None,
        ("GET", "/patients/{patient_id}/alerts/{alert_id}/review"): None,
        ("POST", "/patients/{patient_id}/program-reviews"): lambda: {
            "id": str(uuid.uuid4()), "alert_id": str(uuid.uuid4()), "barriers": [{"barrier": "sleep"}],
            "activities": [{"activity_id": "walking"}], "reason": "walk first"},
        ("GET", "/patients/{patient_id}/program-reviews"): None,
        ("GET", "/patients/{patient_id}/program/why"): None,
    }


ALL = {"dave", "erin", "alice", "carol", "bob"}
CARE = {"bob"}
CARE_AND_CAROL = {"bob", "carol"}
ALLOWED = {
    ("POST", "/auth/logout"): ALL,
    ("GET", "/me"): ALL,
    ("GET", "/users"): {"alice"},
    ("POST", "/users"): {"alice"},
    ("GET", "/caseload"): {"bob", "erin"},  # each sees their own clinic's
    ("POST", "/patients"): {"bob", "erin"},  # into their own clinic
    ("GET", "/patients/{patient_id}"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/profile"): CARE_AND_CAROL,
    ("PUT", "/patients/{patient_id}/profile"): CARE,
    ("POST", "/patients/{patient_id}/screenings/red-flags"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/screenings/psychosocial"): CARE,
    ("GET", "/patients/{patient_id}/screenings"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/assessments"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/assessments"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/baseline"): CARE,  # a patient cannot move her own yardstick
    ("GET", "/patients/{patient_id}/baseline"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/referral-steps"): CARE,  # clinical referrals: the care team's work list
    ("POST", "/patients/{patient_id}/referral-steps/{step_id}/follow-up"): CARE,
    ("POST", "/patients/{patient_id}/goals"): CARE,
    ("GET", "/patients/{patient_id}/goals"): CARE_AND_CAROL,
    ("PATCH", "/goals/{goal_id}"): CARE,
    ("POST", "/patients/{patient_id}/program"): CARE,
    ("POST", "/patients/{patient_id}/program/plan"): CARE,
    ("GET", "/patients/{patient_id}/program"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/program/versions/{version}"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/reassessments"): CARE,
    ("POST", "/patients/{patient_id}/discharge"): CARE,
    ("POST", "/patients/{patient_id}/sessions"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/sessions"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/diary"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/diary"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/flare"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/decisions"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/activities/{activity_id}/check-in"): CARE,
    ("POST", "/decisions/{decision_id}/override"): CARE,
    ("GET", "/alerts"): {"bob", "erin"},
    ("POST", "/alerts/{alert_id}/acknowledge"): CARE,
    ("GET", "/patients/{patient_id}/audit"): {"bob", "alice"},
    ("GET", "/patients/{patient_id}/fear-hierarchy"): CARE_AND_CAROL,
    ("POST", "/patients/{patient_id}/fear-hierarchy/items"): CARE,  # built with the patient, by the clinician
    ("POST", "/patients/{patient_id}/fear-hierarchy/items/{item_id}/ratings"): CARE,
    ("PUT", "/patients/{patient_id}/fear-hierarchy/safety-behaviours"): CARE,
    ("POST", "/patients/{patient_id}/experiments"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/experiments"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/bounds"): CARE_AND_CAROL,  # what Carol agreed to
    ("PUT", "/patients/{patient_id}/activities/{activity_id}/bounds"): CARE,  # a patient cannot widen her own
    ("POST", "/patients/{patient_id}/adjustments"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/adjustments"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/insights"): CARE_AND_CAROL,
    # after a goal change: only the care team re-plans; Carol sees the version once accepted
    ("POST", "/patients/{patient_id}/goals/{goal_id}/program-proposal"): CARE,
    ("POST", "/patients/{patient_id}/goals/{goal_id}/program-proposal/accept"): CARE,
    ("POST", "/patients/{patient_id}/tolerances"): CARE,  # measured by the clinician, not the patient
    ("GET", "/patients/{patient_id}/tolerances"): CARE_AND_CAROL,
    ("GET", "/patients/{patient_id}/alerts/{alert_id}/review"): CARE,  # a review is the clinician's
    ("POST", "/patients/{patient_id}/program-reviews"): CARE,
    ("GET", "/patients/{patient_id}/program-reviews"): CARE,
    ("GET", "/patients/{patient_id}/program/why"): CARE_AND_CAROL,  # Carol reads why her plan changed
}
PUBLIC = {("POST", "/auth/login")}


def _routes():
    """Every operation the app serves, from its own OpenAPI description."""
    app = create_app(load_settings({"REHAB_DATABASE_URL": "sqlite:///:memory:"}))
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            yield method.upper(), path.removeprefix("/api/v1")


ROUTES = sorted(_routes())


def test_every_route_is_in_the_table():
    assert sorted(set(ROUTES) - PUBLIC) == sorted(ALLOWED)
    assert set(_bodies()) == set(ALLOWED)


def _carols_records(cast):
    """A goal, a decision and an alert of Carol's, for the routes that name one."""
    goal = assessments.set_goal(cast.uow(), cast.bob, cast.carol.patient_id, GoalIn.model_validate(GOAL))
    patients.set_profile(cast.uow(), cast.bob, cast.carol.patient_id, ProfileIn(sleep="wakes twice a night"))
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=4), now=True)
    decision = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id)[0]
    # two checkpoints without important improvement: a "reformulate" alert, which opens a review
    for _ in range(2):
        care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, ReassessmentIn(
            taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY),
            assessments=[AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4])]))
    alert = next(a for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
                 if a.code == "checkpoint_reformulate")
    # A self-harm answer opens a referral step (a route names one). Recorded after the checkpoints: while
    # its risk assessment is open, a checkpoint pauses instead of reformulating (hazard H56).
    assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                  AssessmentIn(instrument="phq9", taken_on=TODAY, answers=[0, 0, 0, 0, 0, 0, 0, 0, 1]))
    return {"patient_id": cast.carol.patient_id, "goal_id": goal.id, "decision_id": decision.id, "alert_id": alert.id,
            "activity_id": "walking", "version": 1, "item_id": _carols_fear_item(cast),
            "step_id": referrals.list_steps(cast.uow(), cast.bob, cast.carol.patient_id)[0].id}


def _carols_fear_item(cast) -> str:
    out, _ = exposure.add_item(cast.uow(), cast.bob, cast.carol.patient_id, FearItemIn(
        activity="carrying a full shopping bag", library_activity="carrying", harm=60, goal="shop on foot"), TODAY)
    return out.items[0].id


@pytest.mark.parametrize(("method", "path"), sorted(ALLOWED), ids=[f"{m} {p}" for m, p in sorted(ALLOWED)])
def test_only_the_right_people_may_use_the_route(client, tokens, cast, method, path):
    ids = _carols_records(cast)
    url = "/api/v1" + path.format(**ids)
    body = _bodies()[(method, path)]
    for person in PEOPLE:
        if path == "/auth/logout" and person != "anonymous":
            continue  # logging out would end the login the rest of the table uses; checked in test_api
        headers = {} if person == "anonymous" else as_(tokens, person)
        payload = body() if callable(body) else body
        response = client.request(method, url, headers=headers, json=payload)
        allowed = person in ALLOWED[(method, path)]
        if person == "anonymous":
            assert response.status_code == 401, f"{person} {method} {url}: {response.status_code}"
        elif allowed:
            assert response.status_code not in (401, 403, 404), f"{person} {method} {url}: {response.text}"
            assert response.status_code < 500, f"{person} {method} {url}: {response.text}"
        else:
            assert response.status_code in (403, 404), f"{person} {method} {url}: {response.status_code} {response.text}"


def test_a_refused_write_changes_nothing(client, tokens, cast):
    url = f"/api/v1/patients/{cast.carol.patient_id}/diary"
    for person in ("dave", "erin", "alice"):
        response = client.post(url, headers=as_(tokens, person), json={"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": 9})
        assert response.status_code in (403, 404)
    assert client.get(url, headers=as_(tokens, "bob")).json()["items"] == []


def test_a_patient_of_another_clinic_is_invisible_to_this_clinic(client, tokens, cast):
    for person in ("bob", "alice", "carol"):
        response = client.get(f"/api/v1/patients/{cast.frank.patient_id}", headers=as_(tokens, person))
        assert response.status_code == 404
    caseload = client.get("/api/v1/caseload?whole_clinic=true", headers=as_(tokens, "bob")).json()
    assert cast.frank.patient_id not in {row["patient"]["id"] for row in caseload}

