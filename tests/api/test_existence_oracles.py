"""Someone else's record and no record at all get the same answer, byte for byte.

An outsider who could tell "it exists, but not for you" from "there is no such thing" could
probe ids to learn that a person is someone's patient, or how many goals or alerts a clinic has.
So for every route of the app that names a record in its address (the JSON API and the pages,
walked from the app itself so a new route is covered the day it is added), someone who may not
see the record asks for it, and asks for an id that was never stored; the two answers must be the
same status, type and body, once the id that was asked for is blanked out (echoing the asker's own
words back tells nothing). Dave is another patient of Carol's clinic, Erin a clinician and Frank
a patient at Hilltop; Bob and Alice ask about Frank. Bob also asks, under his own patient
Carol's address, for a record of Frank's.

Ids a client makes (a diary entry's, a session's, a flare's) are the patient's own, and a login
e-mail is unique within a clinic only: another patient's or another clinic's use of them is
invisible.
"""

import re
import uuid

import pytest
from clinic_cast import CAROLS_PROGRAM, EMAILS, PASSWORD, TODAY
from fastapi.testclient import TestClient
from test_authorization_matrix import _bodies

from rehab.contracts.records import (
    AssessmentIn,
    DiaryEntryIn,
    FlareIn,
    GoalIn,
    RedFlagScreeningIn,
    SessionLogIn,
)
from rehab.services import assessments, logs, oversight, patients, programs, referrals
from rehab.services.access import Actor
from rehab.web.pages.rendering import csrf_token

# Path parameters that name a stored record by itself: "someone else's" is meaningful for them.
RECORD_IDS = {"patient_id", "goal_id", "decision_id", "alert_id", "screening_id", "assessment_id", "step_id"}
# Names of things within the patient the address is about (or within the asker's own program), and
# shared content: never someone else's record on their own.
WITHIN_PATIENT = {"version", "activity_id", "item_id"}  # item_id: an item of the patient's fear hierarchy
NOT_RECORDS = {"module_id"}
UNKNOWN = {"version": "999", "activity_id": "no_such_activity", "item_id": "no_such_item", "module_id": "no_such_module"}
GOAL = GoalIn(words="Carry the shopping", icf_code="d430", task="two 5 kg bags 200 m", success_criterion="no stop",
              baseline="one bag 50 m", gas_levels={"-2": "a", "-1": "b", "0": "c", "1": "d", "2": "e"})
ASKED = [("dave", "carol"), ("erin", "carol"), ("frank", "carol"), ("bob", "frank"), ("alice", "frank")]


def _routes():
    """Every route with a parameter in its address: the API's from its OpenAPI description, the
    pages' from their routers (as the access tables walk them)."""
    from rehab.settings import load_settings
    from rehab.web import pages
    from rehab.web.app import create_app

    app = create_app(load_settings({"REHAB_DATABASE_URL": "sqlite:///:memory:"}))
    found = [(method.upper(), path) for path, operations in app.openapi()["paths"].items() for method in operations]
    found += [(method, route.path) for part in pages.PARTS for route in part.routes for method in route.methods - {"HEAD"}]
    for method, path in found:
        params = tuple(re.findall(r"{(\w+)[^}]*}", path))
        if params:
            yield method, path, params


ROUTES = sorted(_routes())
NAMING_A_RECORD = [r for r in ROUTES if RECORD_IDS & set(r[2])]
UNDER_A_VISIBLE_PATIENT = [r for r in ROUTES if "patient_id" in r[2] and RECORD_IDS - {"patient_id"} & set(r[2])]


def test_every_path_parameter_is_classified():
    """A new kind of id in an address must be put in one of the sets above, so it is checked."""
    names = {name for _, _, params in ROUTES for name in params}
    assert names <= RECORD_IDS | WITHIN_PATIENT | NOT_RECORDS, names - (RECORD_IDS | WITHIN_PATIENT | NOT_RECORDS)
    assert len(NAMING_A_RECORD) >= 40 and UNDER_A_VISIBLE_PATIENT  # the walk found the routes


def _records_of(cast, clinician: Actor, patient: Actor) -> dict[str, str]:
    """One of each kind of record for ``patient``, made through the services."""
    pid = patient.patient_id
    goal = assessments.set_goal(cast.uow(), clinician, pid, GOAL)
    screening, _ = patients.record_red_flags(cast.uow(), clinician, pid, RedFlagScreeningIn(taken_on=TODAY))
    assessment = assessments.record_assessment(cast.uow(), clinician, pid,
                                               AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4]))
    # PHQ-9's last item answered above zero raises an alert (a safety finding for the clinician)
    assessments.record_assessment(cast.uow(), clinician, pid,
                                  AssessmentIn(instrument="phq9", taken_on=TODAY, answers=[0, 0, 0, 0, 0, 0, 0, 0, 1]))
    logs.log_diary(cast.uow(), patient, pid, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=4), now=True)
    decision = logs.list_decisions(cast.uow(), clinician, pid)[-1]
    alert = oversight.open_alerts(cast.uow(), clinician, pid)[0]
    return {"patient_id": str(pid), "goal_id": str(goal.id), "decision_id": str(decision.id),
            "alert_id": str(alert.id), "screening_id": str(screening.id), "assessment_id": str(assessment.id),
            "version": "1", "activity_id": "walking", "module_id": "how_pain_works", "item_id": "carrying",
            "step_id": str(referrals.list_steps(cast.uow(), clinician, pid)[0].id)}  # the same-day risk assessment


@pytest.fixture
def records(cast):
    programs.set_program(cast.uow(), cast.erin, cast.frank.patient_id, CAROLS_PROGRAM)
    return {"carol": _records_of(cast, cast.bob, cast.carol), "frank": _records_of(cast, cast.erin, cast.frank)}


@pytest.fixture
def asking(client):
    """``asking("erin")``: a client logged in as Erin (a session cookie, so pages and the API both
    know her), with the form token her page forms carry."""
    clients = {}

    def _as(name: str) -> TestClient:
        if name not in clients:
            person = TestClient(client.app, raise_server_exceptions=False, follow_redirects=False)
            email = EMAILS[name] if name in EMAILS else f"{name}@hilltop.test"
            response = person.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
            assert response.status_code == 200, response.text
            person.csrf = csrf_token(response.json()["token"])
            clients[name] = person
        return clients[name]

    yield _as
    for person in clients.values():
        person.close()


def _ask(person: TestClient, method: str, path: str, ids: dict[str, str]):
    """The answer to ``method path`` with ``ids``, as (status, type, body with the ids blanked)."""
    url = path.format(**ids)
    if path.startswith("/api/"):
        body = _bodies().get((method, path.removeprefix("/api/v1")))
        response = person.request(method, url, json=body() if callable(body) else body)
    else:
        response = person.request(method, url, data={"csrf": person.csrf} if method == "POST" else None)
    text = response.text
    for name, value in ids.items():
        text = text.replace(value, f"<{name}>")
    return response.status_code, response.headers.get("content-type"), text


def _unknown(params) -> dict[str, str]:
    return {name: UNKNOWN.get(name, str(uuid.uuid4())) for name in params}


@pytest.mark.parametrize(("method", "path", "params"), NAMING_A_RECORD, ids=[f"{m} {p}" for m, p, _ in NAMING_A_RECORD])
def test_someone_elses_record_answers_as_no_record_at_all(asking, records, method, path, params):
    for asker, owner in ASKED:
        person = asking(asker)
        theirs = {name: records[owner][name] for name in params}
        elsewhere = _ask(person, method, path, theirs)
        nowhere = _ask(person, method, path, _unknown(params))
        assert elsewhere[0] in (403, 404), (asker, owner, elsewhere)
        assert elsewhere == nowhere, (asker, owner)
        assert re.search(records[owner]["patient_id"], elsewhere[2]) is None


@pytest.mark.parametrize(("method", "path", "params"), UNDER_A_VISIBLE_PATIENT,
                         ids=[f"{m} {p}" for m, p, _ in UNDER_A_VISIBLE_PATIENT])
def test_another_clinics_record_under_ones_own_patient_answers_as_no_record(asking, records, method, path, params):
    bob = asking("bob")
    franks = {name: records["frank"][name] for name in params} | {"patient_id": records["carol"]["patient_id"]}
    unknown = _unknown(params) | {"patient_id": records["carol"]["patient_id"]}
    assert _ask(bob, method, path, franks) == _ask(bob, method, path, unknown)


def test_the_three_routes_that_named_the_owner_now_name_only_what_was_asked(asking, records):
    """Before: 404 {"error": "no patient <Carol's id>"} for Carol's goal, decision and alert."""
    erin = asking("erin")
    carols = records["carol"]
    asked = [("PATCH", f"/api/v1/goals/{carols['goal_id']}", {"gas_level": 0}, f"no goal {carols['goal_id']}"),
             ("POST", f"/api/v1/decisions/{carols['decision_id']}/override", {"decision": "hold", "reason": "wait"},
              f"no decision {carols['decision_id']}"),
             ("POST", f"/api/v1/alerts/{carols['alert_id']}/acknowledge", None, f"no alert {carols['alert_id']}")]
    for method, url, body, words in asked:
        response = erin.request(method, url, json=body)
        assert (response.status_code, response.json()) == (404, {"error": words})


def test_another_patients_diary_session_and_flare_ids_are_free(asking, records, cast):
    """Frank uses the ids of Carol's entries for his own: each is stored as new for him (before:
    409, which told him the id exists), and neither sees the other's."""
    programs.set_program(cast.uow(), cast.bob, cast.dave.patient_id, CAROLS_PROGRAM)
    carol, dave = asking("carol"), asking("dave")
    day = TODAY.isoformat()
    sent = {"diary": {"id": str(uuid.uuid4()), "date": day, "pain": 3},
            "sessions": {"id": str(uuid.uuid4()), "activity_id": "walking", "date": day, "completed": {"duration_s": 1200}},
            "flare": {"id": str(uuid.uuid4()), "date": day, "pain": 8}}
    for kind, body in sent.items():
        first = carol.post(f"/api/v1/patients/{cast.carol.patient_id}/{kind}", json=body)
        assert first.status_code == 201, first.text
        daves = {**body, **({"pain": 5} if "pain" in body else {"completed": {"duration_s": 600}})}
        reused = dave.post(f"/api/v1/patients/{cast.dave.patient_id}/{kind}", json=daves)
        fresh = dave.post(f"/api/v1/patients/{cast.dave.patient_id}/{kind}", json={**daves, "id": str(uuid.uuid4())})
        assert (reused.status_code, reused.json()["replayed"]) == (fresh.status_code, fresh.json()["replayed"]) == (201, False)
        again = dave.post(f"/api/v1/patients/{cast.dave.patient_id}/{kind}", json=daves)
        assert (again.status_code, again.json()["replayed"]) == (200, True)  # his own retry still finds his own
    carols_diary = carol.get(f"/api/v1/patients/{cast.carol.patient_id}/diary").json()["items"]
    assert {e["pain"] for e in carols_diary if e["id"] in (sent["diary"]["id"], sent["flare"]["id"])} == {3, 8}
    daves_diary = dave.get(f"/api/v1/patients/{cast.dave.patient_id}/diary").json()["items"]
    assert {e["pain"] for e in daves_diary if e["id"] in (sent["diary"]["id"], sent["flare"]["id"])} == {5}


def test_an_admin_adding_a_user_learns_nothing_of_other_clinics(asking, cast):
    """Hank administers Hilltop. An address with an account at Riverside (Carol's, a patient's)
    answers as an address nobody has: 201, a new Hilltop login. Carol's own login still works."""
    hank = asking("hank")
    new = {"display_name": "C. Smith", "role": "clinician", "password": "another long password"}
    taken = hank.post("/api/v1/users", json={**new, "email": EMAILS["carol"]})
    free = hank.post("/api/v1/users", json={**new, "email": "nobody-yet@hilltop.test"})
    assert taken.status_code == free.status_code == 201, taken.text
    assert taken.json().keys() == free.json().keys() and taken.json()["clinic_id"] == free.json()["clinic_id"]
    mine = hank.post("/api/v1/users", json={**new, "email": "erin@hilltop.test"})
    assert mine.status_code == 409  # Hank's own clinic's address: his to know
    # Enrolling a patient with a login is the same: Erin gives Dave's address to a Hilltop patient.
    enrolled = asking("erin").post("/api/v1/patients", json={
        "display_name": "D. Jones", "condition": "neck pain", "enrolled_on": TODAY.isoformat(),
        "email": EMAILS["dave"], "password": "a third long password"})
    assert enrolled.status_code == 201, enrolled.text
    logins = TestClient(hank.app)
    carol = logins.post("/api/v1/auth/login", json={"email": EMAILS["carol"], "password": PASSWORD}).json()["user"]
    assert (carol["role"], carol["patient_id"]) == ("patient", str(cast.carol.patient_id))
    smith = logins.post("/api/v1/auth/login", json={"email": EMAILS["carol"], "password": "another long password"}).json()
    assert (smith["user"]["role"], smith["user"]["clinic_id"]) == ("clinician", str(cast.erin.clinic_id))


def test_ids_in_the_query_string_answer_alike_too(asking, records, cast):
    """The few addresses that take an id after ``?``: a patient's own flare, answers and session
    (Frank asks with Carol's), and a clinician's alerts of one patient (Erin asks with Carol's)."""
    flare = logs.declare_flare(cast.uow(), cast.carol, cast.carol.patient_id,
                               FlareIn(id=uuid.uuid4(), date=TODAY, pain=8)).diary_entry.id
    session = logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="walking", date=TODAY, completed={"duration_s": 1200})).session.id
    asked = [("frank", "/me/flare?entry={}", flare), ("frank", "/me/help?answered={}", records["carol"]["screening_id"]),
             ("frank", "/me/log/walking/done?log={}", session),
             ("erin", "/api/v1/alerts?patient_id={}", records["carol"]["patient_id"])]
    for asker, address, carols in asked:
        person = asking(asker)
        elsewhere, nowhere = person.get(address.format(carols)), person.get(address.format(unknown := uuid.uuid4()))
        assert elsewhere.status_code == 404, (address, elsewhere.status_code)
        assert (elsewhere.status_code, elsewhere.text.replace(str(carols), "<id>")) == (
            nowhere.status_code, nowhere.text.replace(str(unknown), "<id>")), address
