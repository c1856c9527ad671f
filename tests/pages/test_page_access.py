"""Every page, asked by every kind of person, about Carol's records.

As for the API (tests/api/test_authorization_matrix.py): Bob is Carol's clinician, Alice
administers their clinic, Dave is another patient there, Erin a clinician at another clinic. Each
page route says who may use it; everyone else is refused (sent to log in when nobody is logged in;
403 or 404 otherwise). A page route missing from the table fails the test, so a new page cannot
skip it. Patient pages have no patient id in their address: they are always the asker's own.
"""

import uuid

import pytest
from clinic_cast import TODAY

from rehab.contracts.records import (
    AssessmentIn,
    DiaryEntryIn,
    GoalIn,
    ReassessmentIn,
    RedFlagScreeningIn,
)
from rehab.contracts.self_management import BoundsIn
from rehab.services import assessments, care, logs, oversight, patients, referrals, self_management
from rehab.web import pages

ALL = {"dave", "erin", "alice", "carol", "bob"}
CLINICIANS = {"bob", "erin"}
PATIENTS = {"carol", "dave"}
CARE = {"bob"}
PUBLIC = {("GET", "/login"), ("POST", "/login")}

# (method, path): who may use it on Carol's records
ALLOWED = {
    ("GET", "/"): ALL,
    ("POST", "/logout"): ALL,
    ("GET", "/admin"): {"alice"},
    ("GET", "/admin/users"): {"alice"},
    ("POST", "/admin/users"): {"alice"},
    ("GET", "/clinic"): CLINICIANS,
    ("GET", "/me"): PATIENTS,
    # The patient's face (pages/me.py): always the asker's own records. Dave has no program, so
    # Carol's walking is not found for him.
    ("GET", "/me/log/{activity_id}"): {"carol"},
    # Carol's sit-to-stand has agreed bounds (set below); Dave has no program.
    ("GET", "/me/adjust/{activity_id}"): {"carol"},
    ("POST", "/me/adjust/{activity_id}"): {"carol"},
    ("POST", "/me/log/{activity_id}"): {"carol"},
    ("GET", "/me/log/{activity_id}/done"): {"carol"},
    ("GET", "/me/diary"): PATIENTS,
    ("POST", "/me/diary"): PATIENTS,
    ("GET", "/me/flare"): PATIENTS,
    ("POST", "/me/flare"): PATIENTS,
    ("GET", "/me/help"): PATIENTS,
    ("POST", "/me/help"): PATIENTS,
    ("GET", "/me/progress"): PATIENTS,
    ("GET", "/me/learn"): PATIENTS,
    ("GET", "/me/learn/{module_id}"): PATIENTS,
    # graded exposure: the patient's behavioural experiments (pages/experiments.py)
    ("GET", "/me/experiments"): PATIENTS,
    ("GET", "/me/experiments/new"): PATIENTS,
    ("POST", "/me/experiments/new"): PATIENTS,
    ("POST", "/me/experiments"): PATIENTS,
    # the clinician's caseload, patient page and enrolling (pages/clinic.py)
    ("GET", "/clinic/patients/new"): CLINICIANS,
    ("POST", "/clinic/patients/new"): CLINICIANS,
    ("GET", "/clinic/patients/{patient_id}"): CARE,
    ("POST", "/clinic/patients/{patient_id}/decisions/{decision_id}/accept"): CARE,
    ("POST", "/clinic/patients/{patient_id}/decisions/{decision_id}/override"): CARE,
    ("POST", "/clinic/patients/{patient_id}/alerts/acknowledge"): CARE,
    ("POST", "/clinic/patients/{patient_id}/baseline"): CARE,
    # The clinician's intake, assessment and planning pages (pages/assess.py, pages/plan.py)
    ("GET", "/clinic/patients/{patient_id}/intake"): CARE,
    ("POST", "/clinic/patients/{patient_id}/intake"): CARE,
    ("GET", "/clinic/patients/{patient_id}/screenings/red-flags"): CARE,
    ("POST", "/clinic/patients/{patient_id}/screenings/red-flags"): CARE,
    ("GET", "/clinic/patients/{patient_id}/screenings/red-flags/{screening_id}"): CARE,
    ("GET", "/clinic/patients/{patient_id}/assessments"): CARE,
    ("POST", "/clinic/patients/{patient_id}/assessments"): CARE,
    ("GET", "/clinic/patients/{patient_id}/assessments/{assessment_id}"): CARE,
    ("GET", "/clinic/patients/{patient_id}/reassessment"): CARE,
    ("POST", "/clinic/patients/{patient_id}/reassessment"): CARE,
    ("POST", "/clinic/patients/{patient_id}/referral-steps/{step_id}"): CARE,
    ("GET", "/clinic/patients/{patient_id}/screenings/psychosocial"): CARE,
    ("POST", "/clinic/patients/{patient_id}/screenings/psychosocial"): CARE,
    ("GET", "/clinic/patients/{patient_id}/goals"): CARE,
    ("POST", "/clinic/patients/{patient_id}/goals"): CARE,
    ("POST", "/clinic/patients/{patient_id}/goals/{goal_id}"): CARE,
    # after a goal changed: the planner's proposal, reviewed and accepted (pages/replanning.py)
    ("GET", "/clinic/patients/{patient_id}/goals/{goal_id}/program-proposal"): CARE,
    ("POST", "/clinic/patients/{patient_id}/goals/{goal_id}/program-proposal"): CARE,
    ("POST", "/clinic/patients/{patient_id}/goals/{goal_id}/program-proposal/accept"): CARE,
    ("GET", "/clinic/patients/{patient_id}/program"): CARE,
    ("POST", "/clinic/patients/{patient_id}/program/plan"): CARE,
    ("POST", "/clinic/patients/{patient_id}/program/swap"): CARE,
    ("POST", "/clinic/patients/{patient_id}/program/settings"): CARE,
    ("POST", "/clinic/patients/{patient_id}/program/bounds/{activity_id}"): CARE,
    ("GET", "/clinic/patients/{patient_id}/flare-plan"): CARE,
    ("POST", "/clinic/patients/{patient_id}/flare-plan"): CARE,
    ("GET", "/clinic/patients/{patient_id}/discharge"): CARE,
    ("POST", "/clinic/patients/{patient_id}/discharge"): CARE,
    # graded exposure: the clinician's fear hierarchy (pages/exposure.py)
    ("GET", "/clinic/patients/{patient_id}/exposure"): CARE,
    ("POST", "/clinic/patients/{patient_id}/exposure/items"): CARE,
    ("POST", "/clinic/patients/{patient_id}/exposure/ratings"): CARE,
    ("POST", "/clinic/patients/{patient_id}/exposure/safety-behaviours"): CARE,
    # the program review a "reformulate" alert opens (pages/review.py)
    ("GET", "/clinic/patients/{patient_id}/alerts/{alert_id}/review"): CARE,
    ("POST", "/clinic/patients/{patient_id}/alerts/{alert_id}/review"): CARE,
}
PEOPLE = ("anonymous", "dave", "erin", "alice", "carol", "bob")


def _page_routes():
    for part in pages.PARTS:
        for route in part.routes:
            for method in route.methods - {"HEAD"}:
                yield method, route.path


def test_every_page_is_in_the_table():
    assert sorted(set(_page_routes()) - PUBLIC) == sorted(ALLOWED)


@pytest.fixture
def carols(cast):
    """Ids of Carol's records for the addresses that name one."""
    goal = assessments.set_goal(cast.uow(), cast.bob, cast.carol.patient_id, GoalIn(
        words="Carry the shopping", icf_code="d430", task="two 5 kg bags 200 m", success_criterion="no stop",
        baseline="one bag 50 m", gas_levels={"-2": "a", "-1": "b", "0": "c", "1": "d", "2": "e"}))
    # the clinician's assessment pages: a red-flag screening and a scored questionnaire (before the
    # diary entry, whose decisions are the latest)
    screening, _ = patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id, RedFlagScreeningIn(taken_on=TODAY))
    assessment = assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                               AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4]))
    # moderate depression on the PHQ-9: a referral step to her GP, followed up from the pages
    assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                  AssessmentIn(instrument="phq9", taken_on=TODAY, answers=[2, 2, 2, 2, 2, 2, 1, 1, 0]))
    [step] = referrals.list_steps(cast.uow(), cast.bob, cast.carol.patient_id)
    # two checkpoints without important improvement: a "reformulate" alert, which opens a review
    for _ in range(2):
        care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, ReassessmentIn(
            taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY),
            assessments=[AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4])]))
    alert = next(a for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
                 if a.code == "checkpoint_reformulate")
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=4),
                   now=True)
    decision = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id)[-1]  # the latest
    self_management.set_bounds(cast.uow(), cast.bob, cast.carol.patient_id, "walking", BoundsIn(easier_steps=1))
    return {"patient_id": cast.carol.patient_id, "goal_id": goal.id, "decision_id": decision.id,
            "activity_id": "walking", "module_id": "how_pain_works",
            "screening_id": screening.id, "assessment_id": assessment.id, "alert_id": alert.id, "step_id": step.id}


@pytest.mark.parametrize(("method", "path"), sorted(ALLOWED))
def test_only_the_right_people_reach_each_page(browse, carols, method, path):
    url = path.format(**carols)
    for person in PEOPLE:
        client = browse(None if person == "anonymous" else person)
        response = client.request(method, url, data={"csrf": client.csrf} if method == "POST" else None)
        if person == "anonymous":
            assert response.status_code in (303, 401, 403), (person, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login")
        elif person in ALLOWED[(method, path)]:
            assert response.status_code < 400 or response.status_code == 422, (person, response.status_code, response.text[:300])
        else:
            assert response.status_code in (403, 404), (person, response.status_code)
            assert "Carol" not in response.text
