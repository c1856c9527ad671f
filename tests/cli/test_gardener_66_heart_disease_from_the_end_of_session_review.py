"""A 66-year-old gardener with knee pain and heart disease, from a physiotherapist's end-of-session
review (docs/safety/review-2026-12-03c-three-people-after-the-changes.md, case c), planned with
`rehab plan` as a clinic would feed him in (tests/cli/cases/gardener_66_heart_disease_knee.json, the
review's c_plan_66_hd_knee_garden.json).

The reviewer found his plan said "Your program starts on 3 December 2026" directly above "Before you
start, your clinician will check your heart", and that his goal "kneel to weed a bed and dig" was
tracked as walking without a word to the clinician.
"""

import copy
import json
from pathlib import Path

from cli_cases import plan

from rehab.content.readability import grade

CASE = json.loads((Path(__file__).parent / "cases" / "gardener_66_heart_disease_knee.json").read_text())


def changed(**constraints) -> dict:
    intake = copy.deepcopy(CASE)
    intake["constraints"].update(constraints)
    return intake


def test_his_plan_starts_once_his_clinician_has_checked_his_heart_not_on_a_date_above_before_you_start():
    text = plan(CASE, "--text")
    first = text.splitlines()[0]
    assert first.startswith("Your program starts once your clinician has checked your heart.")
    assert "The dates below are planned from 3 December 2026." in first
    assert "Your program starts on " not in text
    assert all(grade(sentence) <= 8 for sentence in first.split(". ")), first
    assert json.loads(plan(CASE))["start"] == "2026-12-03"  # the planned dates stay


def test_only_a_clearance_that_holds_the_start_says_the_program_starts_once_it_is_checked():
    """The heart check and a blood pressure in the crisis range hold the start (H54, H55). Below the
    crisis range the program goes ahead at a moderate effort cap, and with neck pain and dizziness
    only the neck work waits for the screen: a start line saying "starts once checked" would
    contradict their own advice ("keep your effort at 5 out of 10"; "the rest of your program can go
    ahead")."""
    high = copy.deepcopy(CASE)
    high["baseline"]["resting_blood_pressure"] = {"systolic": 172, "diastolic": 104}
    assert plan(high, "--text").startswith("Your program starts once your clinician has checked your heart.")
    crisis = copy.deepcopy(CASE)
    crisis["baseline"]["resting_blood_pressure"] = {"systolic": 190, "diastolic": 125}
    # Each checker named as the holds name them: a doctor sees the blood pressure (re-check 2026-12-03e,
    # finding 4), and with every exercise held no dates are planned: the plan is made again.
    assert plan(crisis, "--text").startswith(
        "Your program starts once a doctor has checked your blood pressure and your clinician has checked "
        "your heart. Then we make your plan again.")
    neck = changed(comorbidities=["dizziness"])
    neck["person"]["pain_regions"] = ["cervical_thoracic"]
    neck["constraints"]["clearances"] = {"heart_condition_stable": "2026-12-01"}
    text = plan(neck, "--text")
    assert text.startswith("Your program starts on 3 December 2026")
    assert "The rest of your program can go ahead." in text


def test_once_his_heart_is_confirmed_stable_his_program_starts_on_its_date():
    text = plan(changed(clearances={"heart_condition_stable": "2026-12-01"}), "--text")
    assert text.splitlines()[0] == "Your program starts on 3 December 2026"
    assert "BEFORE YOU START" not in text


def test_his_clinician_is_warned_the_gardening_goal_is_tracked_as_walking_and_he_is_not():
    [warning] = json.loads(plan(CASE))["warnings"]
    assert "kneel to weed a bed and dig for 30 minutes" in warning and "tracked as walking" in warning
    assert "d650" in warning and "gardening" in warning  # the goal's kind, and a library item of that kind
    assert "tracked as" not in plan(CASE, "--text")


def test_a_goal_tracked_by_an_activity_of_its_own_kind_warns_nobody():
    intake = copy.deepcopy(CASE)
    intake["goals"][0]["task"]["activity"] = "gardening"
    assert json.loads(plan(intake))["warnings"] == []
    walk = copy.deepcopy(CASE)
    walk["goals"][0].update(icf="d4501", words="Walk to the allotment and back")
    assert json.loads(plan(walk))["warnings"] == []
