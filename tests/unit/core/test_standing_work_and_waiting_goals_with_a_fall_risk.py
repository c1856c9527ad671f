"""Arthur, 81, lives alone, Timed Up and Go 13 s, hand osteoarthritis (grip 18 kg), knee pain, "Carry my
shopping home from the corner shop" (a physiotherapist's review 2026-12-03j, findings 6, 7 and 11;
docs/safety/cases-2026-12-03j/arthur_*; hazard H25).

* Finding 6: the foundation's "Squat to touch a chair" became a free-standing "Squat" (3 x 15) in build,
  and "Holding a shopping bag by the handles" and "Hip hinge with a stick along your back" named nothing
  to hold, while his balance work held the kitchen counter. A backward loss of balance in a squat is the
  classic fall: with a fall risk (measured or ticked), every standing exercise names a support within
  reach, as Otago's standing strength work holds a kitchen bench. Without a fall risk, nothing changes.
* Finding 7: his two-bag goal waits for the walking re-test, so it has no projected week; it cannot be
  "on track". He cannot get up from the floor and lives alone: the clinician is asked to consider
  practising getting up from the floor (a rehab convention after Otago, outside the reference).
* Finding 11: his only goal waits, so the function phase must not say "Each goal task is practised at
  its amount and tested against your goal." It says why his goal is not tested.
"""

import json
import re
from pathlib import Path

import pytest

from rehab.content.readability import grade
from rehab.contracts.planning import IntakeIn
from rehab.core.planning import build_program

ARTHUR = (Path(__file__).parents[3] / "docs/safety/cases-2026-12-03j"
          / "arthur_81_alone_tug_13_hand_oa_grip_18_knee_shopping.json")
SAM = Path(__file__).parents[2] / "cli/cases/sam_45_neck_pain_dizziness.json"

# Read by a clinician from each exercise's steps: words that put a chair, wall, counter, table or rail
# within reach of the person ("Stand in front of a chair", "with your back to a wall", "holding the rail").
WITHIN_REACH = re.compile(r"\b(chair|wall|counter|worktop|rail|table)\b", re.IGNORECASE)
EACH_GOAL_TESTED = "Each goal task is practised at its amount and tested against your goal."
GOAL_MET = "A goal is met when you reach it on two separate days."


def arthur_data() -> dict:
    return json.loads(ARTHUR.read_text(encoding="utf-8"))


def plan(data: dict, library):
    return build_program(IntakeIn.model_validate(data).to_core(), library)


def with_tug(data: dict, seconds: float) -> dict:
    data["baseline"]["performance"] = [p if p["name"] != "Timed Up and Go" else {**p, "value": seconds}
                                       for p in data["baseline"]["performance"]]
    return data


def standing_work(program, library):
    for phase in program.phases:
        for p in phase.prescriptions:
            exercise = library.exercises.get(p.activity_id)
            if p.kind == "exercise" and exercise is not None and exercise.position == "standing":
                yield phase.name, p, exercise


def named_support(p, exercise) -> bool:
    return bool(p.support) or exercise.hands_on_support or any(WITHIN_REACH.search(s) for s in exercise.steps)


def walking_goal(data: dict) -> dict:
    """The same man, but his goal is a walk: "Walk to the post office and back", 20 minutes."""
    data["goals"] = [{"id": "walk", "words": "Walk to the post office and back", "icf": "d450",
                      "task": {"description": "walk 20 minutes", "activity": "walking",
                               "baseline": {"duration_s": 540}, "target": {"duration_s": 1200}},
                      "priority": 1, "target_date": "2027-04-01"}]
    return data


# --- Finding 6: standing work names a support within reach with a fall risk ----------------------------


def test_arthur_s_squat_bag_hold_and_stick_hinge_stand_by_his_kitchen_counter(library):
    program = plan(arthur_data(), library)
    shown = {p.activity_id: p.support for _, p, _ in standing_work(program, library)}
    for item in ("bodyweight_squat", "carry_bag_hold", "hinge_with_stick"):
        assert item in shown, item
        assert "the kitchen counter" in shown[item], (item, shown[item])
        assert "Loosen your grip" not in shown[item]
        assert grade(shown[item]) <= 8, shown[item]


def test_every_standing_exercise_in_arthur_s_plan_has_a_support_within_reach(library):
    program = plan(arthur_data(), library)
    bare = [(name, p.name) for name, p, e in standing_work(program, library) if not named_support(p, e)]
    assert not bare, bare


def test_a_ticked_fall_risk_without_a_walking_test_also_keeps_the_squat_by_the_counter(library):
    data = arthur_data()
    data["baseline"]["performance"] = [p for p in data["baseline"]["performance"] if p["name"] != "Timed Up and Go"]
    data["constraints"]["comorbidities"] = ["hand_arthritis", "fall_risk"]
    program = plan(data, library)
    squats = [p for _, p, _ in standing_work(program, library) if p.activity_id == "bodyweight_squat"]
    assert squats and all("the kitchen counter" in p.support for p in squats)


def test_without_a_fall_risk_the_squat_stays_free_standing(library):
    # TUG 9 s, nothing ticked: no support line is added to strength work done standing (control).
    program = plan(with_tug(arthur_data(), 9.0), library)
    squats = [p for _, p, _ in standing_work(program, library) if p.activity_id == "bodyweight_squat"]
    assert squats and not any(p.support for p in squats)
    assert not any(p.support for _, p, e in standing_work(program, library) if e.component.value != "balance")


# --- Finding 7: a goal that waits is not on track; floor recovery for the clinician --------------------


def test_arthur_s_waiting_two_bag_goal_has_no_week_and_is_not_on_track(library):
    goal = plan(arthur_data(), library).goals[0]
    assert "waits for now, because of your fall risk" in goal.note
    assert goal.projected_week is None
    assert goal.on_track is False


def test_a_fall_risk_person_whose_walking_goal_is_projected_stays_on_track_and_holds_the_counter(library):
    program = plan(walking_goal(arthur_data()), library)
    goal = program.goals[0]
    assert goal.projected_week is not None and goal.projected_week <= goal.target_week and goal.on_track
    function = program.phase("function").progression_criteria
    assert EACH_GOAL_TESTED in function and GOAL_MET in function
    bare = [(name, p.name) for name, p, e in standing_work(program, library) if not named_support(p, e)]
    assert not bare, bare


def test_his_clinician_is_asked_about_practising_getting_up_from_the_floor(library):
    program = plan(arthur_data(), library)
    said = [w for w in program.warnings if "getting up from the floor" in w]
    assert len(said) == 1 and "lives alone" in said[0] and "REHAB CONVENTION" in said[0] and "Otago" in said[0]
    # The clinician's words, not his: nothing about it among the plan's words to him.
    assert not any("Otago" in d or "practise getting up" in d for d in program.decisions)


def test_someone_who_gets_up_from_the_floor_gets_no_floor_prompt(library):
    data = arthur_data()
    data["home"]["gets_up_from_floor"] = True
    assert not any("getting up from the floor" in w for w in plan(data, library).warnings)


# --- Finding 11: moving on when his only goal waits ---------------------------------------------------


def test_arthur_s_function_phase_does_not_promise_to_test_a_goal_that_waits(library):
    criteria = plan(arthur_data(), library).phase("function").progression_criteria
    assert EACH_GOAL_TESTED not in criteria and GOAL_MET not in criteria
    why = [c for c in criteria if "both hands full" in c]
    assert why == ["Carrying with both hands full is not tested until your clinician checks your walking again."]
    assert grade(why[0]) <= 8


def test_with_a_second_goal_that_is_not_waiting_the_other_goals_are_still_tested(library):
    data = arthur_data()
    data["goals"] += walking_goal(arthur_data())["goals"]
    data["goals"][1]["priority"] = 2
    criteria = plan(data, library).phase("function").progression_criteria
    assert EACH_GOAL_TESTED not in criteria
    assert "Your other goal tasks are practised at their amount and tested against your goals." in criteria
    assert GOAL_MET in criteria
    assert "Carrying with both hands full is not tested until your clinician checks your walking again." in criteria


@pytest.mark.skipif(not SAM.exists(), reason="Sam's case file moved")
def test_a_goal_held_for_a_neck_check_is_not_promised_a_test_either(library):
    # Sam, 45, neck pain with dizziness: his head-turn goal waits for the cervical arterial screen.
    criteria = plan(json.loads(SAM.read_text(encoding="utf-8")), library).phase("function").progression_criteria
    assert EACH_GOAL_TESTED not in criteria
    assert "A goal task that waits for a check is not tested until that check is done." in criteria
