"""Lifting goals in pregnancy, fillers, "Why" lines and the side plank (review 2026-12-03i, findings 2, 3,
4 and 7; hazard H23).

Nina, 34, is 26 weeks pregnant with low back pain. Her goal is "Lift my toddler": a 13 kg child from the
floor to her hip, 6 times. Her plan keeps its own lifts light and leaves out heavy efforts that make her
hold her breath, yet it said "We score your progress at each check-up": at 34-36 weeks that check-up
would be the very effort it leaves out, and nothing told her how to lift him now (finding 2). Coins
picked up from a table and a reach to a shoulder-height shelf filled her session for no reason of hers
(finding 3). "Builds lifting and carrying for lifting when caring for a toddler." (finding 4). A full
side plank, legs straight, from 33 weeks to the birth (finding 7).

Sara, 30 weeks pregnant, wants to carry her shopping bags from the car: a carrying goal is the same
kind of task. Maya is Nina without the pregnancy: her lifting goal stays hers, built to and scored.
"""
import copy
import json
from pathlib import Path

from cli_cases import plan

from rehab.content.readability import grade, sentences

CASES = Path(__file__).parent / "cases"


def nina() -> dict:
    return copy.deepcopy(json.loads((CASES / "nina_34_pregnant_26_weeks_lift_toddler.json").read_text()))


def sara() -> dict:
    """30 weeks pregnant, low back pain, no child to lift: she wants to carry two 4 kg shopping bags
    from the car, and carries 2 kg in all today."""
    intake = nina()
    intake["constraints"] = {"comorbidities": ["pregnancy"], "gestation_weeks": 30}
    intake["goals"] = [{
        "id": "shopping", "words": "Carry my shopping in from the car", "icf": "d430",
        "task": {"description": "carry two shopping bags of 4 kg each from the car to the kitchen",
                 "activity": "carry_light_bags", "baseline": {"load_kg": 2}, "target": {"load_kg": 8}},
        "priority": 1, "target_date": "2027-02-20",
    }]
    return intake


def maya() -> dict:
    """Nina's plan for a mother of a toddler who is not pregnant."""
    intake = nina()
    intake["constraints"] = {"caregiving": {"who": "a toddler", "lifting": True}}
    return intake


def every(planned: dict, phase: str | None = None) -> list[dict]:
    return [p for ph in planned["phases"] if phase in (None, ph["name"]) for p in ph["prescriptions"]]


def test_nina_is_not_promised_a_13_kg_floor_lift_before_the_birth_and_is_told_how_to_lift_her_toddler_now():
    planned = json.loads(plan(nina()))
    goal = planned["goals"][0]
    assert goal["projected_week"] is None and goal["on_track"] is False
    assert goal["success"].endswith(", after the birth")
    note = goal["note"]
    assert "We score your progress at each check-up" not in note
    assert "we do not test this full task" in note and "We set this goal again after the birth" in note
    for advice in ("Keep what you lift close to your body.", "Breathe out as you lift.", "Do not hold your breath.",
                   "let them climb onto a step or a chair first"):
        assert advice in note
    assert all(grade(s) <= 8 for s in sentences(note)), [(grade(s), s) for s in sentences(note)]
    text = plan(nina(), "--text")
    assert "Success: lift a 13 kg child from the floor to my hip: 6 reps, after the birth" in text
    function = next(ph for ph in planned["phases"] if ph["name"] == "function")
    assert "A lifting or carrying goal is not tested while you are pregnant. It is set again after the birth." in (
        function["progression_criteria"])
    # She still does light lifting work toward it, within her effort cap.
    # Since review 2026-12-03j (finding 8) no walking or turning with both hands full from 20 weeks of
    # pregnancy (as with a fall risk): the box lift with a turn is left out, the lift from a chair stays.
    given = {p["id"] for p in every(planned)}
    assert "lift_from_chair_height" in given and "box_lift_turn_place" not in given
    assert all(p["limits"]["rpe_max_to_advance"] == 5.0 for p in every(planned))


def test_sara_pregnant_with_a_carrying_goal_keeps_to_light_bags_and_her_goal_waits_for_the_birth():
    planned = json.loads(plan(sara()))
    goal = planned["goals"][0]
    assert goal["projected_week"] is None and "We set this goal again after the birth" in goal["note"]
    assert "Carry less at a time and make more trips." in goal["note"]
    assert "climb onto a step" not in goal["note"]  # she lifts no child
    carries = [p for p in every(planned) if p["id"] in ("carry_light_bags", "farmer_carry", "carry_one_bag_worktop")]
    # Not moved up to the farmer carry for her goal's 8 kg, nor built to it. Since review 2026-12-03j
    # (finding 8) no carry with both hands full from 20 weeks: one light bag along the counter, 3 kg at
    # most (the top of its usual range), the other hand on the counter.
    assert carries and all(p["id"] == "carry_one_bag_worktop" for p in carries)
    assert all(p["target"].get("load_kg", 0) <= 3 for p in carries)


def test_a_pregnant_woman_who_lifts_her_toddler_without_a_lifting_goal_is_told_how_in_her_plan():
    intake = nina()
    intake["goals"] = [{
        "id": "walk", "words": "Walk to the park", "icf": "d450",
        "task": {"description": "walk 30 minutes", "activity": "walking", "baseline": {"duration_s": 960},
                 "target": {"duration_s": 1800}},
        "priority": 1, "target_date": "2027-02-20",
    }]
    decisions = json.loads(plan(intake))["decisions"]
    said = next(d for d in decisions if d.startswith("While you are pregnant, lift in a safer way."))
    assert "Breathe out as you lift. Do not hold your breath." in said and "climb onto a step or a chair" in said


def test_nina_gets_no_coins_or_shelf_reaching_and_every_fill_in_says_why_it_fits_her():
    planned = json.loads(plan(nina()))
    given = {p["id"] for p in every(planned)}
    assert not given & {"pick_up_small_objects", "reach_forward_shelf", "shelf_reach_bottle", "carry_bag_hold"}
    for p in every(planned):
        if p["kind"] != "exercise":
            continue
        own = [r for r in p["reasons"] if r.startswith(("trains ", "practises ", "helps with ", "works your ",
                                                        "you said you like", "is a step up"))]
        assert own, (p["id"], p["reasons"])


def test_nina_why_lines_read_as_plain_sentences():
    text = plan(nina(), "--text")
    assert "Builds " not in text and "for lifting when caring for" not in text
    why = [line.strip() for line in text.splitlines() if line.strip().startswith("Why:")]
    assert why and all(grade(s) <= 8 for line in why for s in sentences(line.removeprefix("Why: "))
                       if '"' not in s)  # quoted goals are her own words


def test_nina_does_the_knee_side_plank_to_the_birth_not_the_full_one():
    planned = json.loads(plan(nina()))
    assert "side_plank" not in {p["id"] for p in every(planned)}
    assert {p["id"] for p in every(planned, "function")} >= {"side_plank_knees"}
    assert any(d.startswith("Left out curl-ups, full planks and other hard work for the belly muscles because of "
                            "pregnancy") and "Side plank" in d for d in planned["decisions"])


def test_maya_not_pregnant_keeps_her_lifting_goal_built_to_and_scored_with_plain_why_lines():
    planned = json.loads(plan(maya()))
    goal = planned["goals"][0]
    assert goal["success"] == "lift a 13 kg child from the floor to my hip: 6 reps"
    assert goal["note"].startswith("Other exercises build up to it. We score your progress at each check-up.")
    assert "after the birth" not in json.dumps(planned)
    given = {p["id"] for p in every(planned)}
    assert {"box_lift_turn_place", "side_plank"} <= given  # lifting work, and the full side plank
    assert not given & {"pick_up_small_objects", "reach_forward_shelf"}
    reasons = [r for p in every(planned) for r in p["reasons"]]
    assert not any(r.startswith("builds ") for r in reasons)
    assert not any(d.startswith("While you are pregnant") for d in planned["decisions"])
    assert not any("not tested while you are pregnant" in c for ph in planned["phases"] for c in ph["progression_criteria"])


def test_her_function_phase_never_says_each_goal_task_is_tested_beside_her_goal_waiting_for_the_birth():
    """Nina's only goal waits for the birth, so the function phase's rules for moving on do not say her
    goal task is tested or met; with a second goal that is not lifting, only the other goals are."""
    function = next(p for p in json.loads(plan(nina()))["phases"] if p["name"] == "function")
    rules = " ".join(function["progression_criteria"])
    assert "A lifting or carrying goal is not tested while you are pregnant." in rules
    assert "Each goal task is practised" not in rules and "A goal is met" not in rules
    intake = nina()
    intake["goals"].append({
        "id": "walk", "words": "Walk to the park with the buggy", "icf": "d4501",
        "task": {"description": "walk 20 minutes to the park", "activity": "walking",
                 "baseline": {"duration_s": 600}, "target": {"duration_s": 1200}},
        "priority": 2, "target_date": intake["goals"][0]["target_date"]})
    function = next(p for p in json.loads(plan(intake))["phases"] if p["name"] == "function")
    rules = function["progression_criteria"]
    assert "Your other goal tasks are practised at their amount and tested against your goals." in rules
    assert "A goal is met when you reach it on two separate days." in rules
    assert all(grade(s) <= 8 for line in rules for s in sentences(line))


def test_her_lifting_advice_does_not_teach_her_to_guard_her_back():
    """"Bend your knees and hips, not your back" is the old protective instruction that her own plan's
    pain education ("hurt is not always harm") argues against for low back pain; keeping the load close
    and breathing out carry the safety point (a physiotherapist's review, 2026-12-03j, finding 11)."""
    text = plan(nina(), "--text")
    assert "not your back" not in text
    assert "Keep what you lift close to your body. Breathe out as you lift. Do not hold your breath." in text
