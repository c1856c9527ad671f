"""Carries with a measured fall risk (a physiotherapist's review 2026-12-03i, finding 1; hazard H25).

Walter, 78, knee pain, Timed Up and Go 14 s, heart disease (docs/safety/cases-2026-12-03i/
walter_78_knee_oa_heart_tug_14_bus_stop.json) was given "Carry two light bags" and the farmer carry,
"Chosen first" for his walking goal, in the same plan that left out "balance work with nothing within
reach to hold because of the fall risk your Timed Up and Go walking test showed". Walking and turning
with a bag in each hand leaves no hand free for the worktop, a rail or a stick.

The decision (docs/planning.md, hazard H25; CDC STEADI and the clinical reference §2.3, §2.6 say who
is at risk, the Otago programme that balance work holds a stable support; the carry rule itself is a
rehab convention): while a fall risk is measured (TUG of 12 s or more, a short stance time) or ticked,
no exercise walks or turns with both hands full, and the one-sided carry in the open waits too. A carry
is done with one bag, the free hand on the kitchen counter; a carry goal with both hands full says that
it waits for the walking test at a check-up, and what it is practised with meanwhile.
"""

import json
from pathlib import Path

from rehab.content.readability import grade
from rehab.contracts.planning import IntakeIn
from rehab.core.planning import build_program

CASES = Path(__file__).parents[3] / "docs/safety"
WALTER = CASES / "cases-2026-12-03i/walter_78_knee_oa_heart_tug_14_bus_stop.json"
DOROTHY = CASES / "cases-2026-12-03d/c4_dorothy_74_knee_hand_oa_grip12_tug14.json"

# Read from the exercises' steps by a clinician, not from their tags: a bag in each hand, or a box
# held in both, while walking or turning; and one heavier bag walked in the open with nothing to touch.
BOTH_HANDS_FULL = {"carry_light_bags", "farmer_carry", "box_lift_and_carry", "box_lift_turn_place", "lifting_circuit"}
NOTHING_TO_TOUCH = {"suitcase_carry"}
LEFT_OUT = ("Left out walking or turning with both hands full because of the fall risk your Timed Up and Go "
            "walking test showed.")


def intake(path=None, data=None):
    data = data if data is not None else json.loads(Path(path).read_text(encoding="utf-8"))
    return IntakeIn.model_validate(data).to_core()


def given(program):
    return {p.activity_id for ph in program.phases for p in ph.prescriptions}


def edna(**changes):
    """80, knee pain, TUG 13 s, wants to carry her shopping bags home: two 2 kg bags, 150 m."""
    data = {
        "today": "2026-12-03",
        "person": {"age": 80, "pain_regions": ["knee"]},
        "baseline": {
            "tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [480, 540, 480]},
                           {"activity": "sit_to_stand_chair", "dimension": "reps", "measures": [6, 7, 6]}],
            "performance": [{"name": "Timed Up and Go", "value": 13, "unit": "s"}],
            "usual_pain": 4,
            "psychosocial": {"start_back": "low", "fear_avoidance": "low", "self_efficacy": "ok"},
        },
        "goals": [{"id": "shopping", "words": "Carry my shopping bags home", "icf": "d430",
                   "task": {"description": "carry two 2 kg bags 150 m", "activity": "carry_light_bags",
                            "baseline": {"load_kg": 2, "distance_m": 20}, "target": {"load_kg": 4, "distance_m": 150}},
                   "priority": 1, "target_date": "2027-04-01"}],
        "preferences": {"minutes_per_day": 20, "days_per_week": 4, "equipment": []},
        "constraints": {"comorbidities": []},
        "home": {"sturdy_support": True, "support_words": "the kitchen counter", "lives_alone": False,
                 "fall_in_last_year": False},
    }
    for key, value in changes.items():
        data[key] = value
    return intake(data=data)


def test_walter_with_a_tug_of_14_never_walks_with_both_hands_full_and_is_told_why(library):
    program = build_program(intake(WALTER), library)
    assert not given(program) & (BOTH_HANDS_FULL | NOTHING_TO_TOUCH)
    said = next(d for d in program.decisions if d.startswith(LEFT_OUT))
    assert "Carry two light bags" in said and "Farmer carry" in said
    assert grade(LEFT_OUT) <= 8
    # His walking goal is still worked: the walking quota and the leg work stay.
    assert "walking" in given(program)


def test_at_80_with_a_tug_of_13_she_carries_one_bag_with_her_other_hand_on_the_counter(library):
    program = build_program(edna(), library)
    assert not given(program) & (BOTH_HANDS_FULL | NOTHING_TO_TOUCH)
    carries = [p for ph in program.phases for p in ph.prescriptions if "shopping" in p.goals
               and library.exercises.get(p.activity_id) is not None
               and library.exercises[p.activity_id].position == "walking"]
    assert carries, "her goal is still practised with a carry"
    for p in carries:
        steps = " ".join(library.exercises[p.activity_id].steps)
        assert "one bag" in steps and "other hand" in steps and "counter" in steps
        assert "in each hand" not in steps
        assert p.dose.get("load_kg") is not None


def test_her_two_bag_goal_says_it_waits_for_the_walking_test_and_what_she_does_meanwhile(library):
    program = build_program(edna(), library)
    (path,) = program.goals
    assert path.note.startswith("Carrying with both hands full waits for now, because of your fall risk.")
    assert "Your clinician tests your walking again at each check-up." in path.note
    assert 'you practise with one bag: "Carry one bag along the kitchen counter"' in path.note
    assert "It does not fit your kit, your health limits, your likes or your time" not in path.note
    assert path.projected_week is None
    assert grade(path.note) <= 8
    # The check-ups do re-test the walking test, so the note's promise is kept.
    assert any("Timed Up and Go" in m for c in program.checkpoints for m in c.measures)


def test_a_ticked_fall_risk_without_a_test_also_keeps_a_hand_free(library):
    data = json.loads(DOROTHY.read_text(encoding="utf-8"))
    data["baseline"]["performance"] = [t for t in data["baseline"]["performance"] if t["name"] != "Timed Up and Go"]
    data["constraints"]["comorbidities"] = ["hand_arthritis", "fall_risk"]
    program = build_program(intake(data=data), library)
    assert not given(program) & (BOTH_HANDS_FULL | NOTHING_TO_TOUCH)


def test_dorothy_with_her_tug_of_14_carries_one_bag_by_the_counter_within_her_grip_cap(library):
    """Dorothy's TUG of 14 s is a measured fall risk too (review 2026-12-03d, case c4): her farmer carry
    of review 03e row 7 waits for a re-test; the one-bag carry stays within her 4 kg a hand."""
    program = build_program(intake(DOROTHY), library)
    assert not given(program) & (BOTH_HANDS_FULL | NOTHING_TO_TOUCH)
    assert "carry_one_bag_worktop" in given(program)
    for ph in program.phases:
        for p in ph.prescriptions:
            if p.activity_id == "carry_one_bag_worktop":
                assert p.dose.load_kg <= 4 and p.target.load_kg <= 4
    assert program.goals[0].note.startswith("Carrying with both hands full waits for now")


def test_without_a_fall_risk_the_two_bag_carry_stays(library):
    program = build_program(edna(baseline={**json.loads(json.dumps(edna_baseline())),
                                           "performance": [{"name": "Timed Up and Go", "value": 10, "unit": "s"}]}),
                            library)
    assert "carry_light_bags" in given(program)
    assert not any(d.startswith(LEFT_OUT) for d in program.decisions)


def edna_baseline():
    return {"tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [480, 540, 480]},
                           {"activity": "sit_to_stand_chair", "dimension": "reps", "measures": [6, 7, 6]}],
            "usual_pain": 4, "psychosocial": {"start_back": "low", "fear_avoidance": "low", "self_efficacy": "ok"}}


# --- Finding 6: with a TUG of 14 s, letting go follows a re-test; one support per exercise ----------

def walter_balance_items(library):
    from rehab.cli.program_text import program_text

    text = program_text(build_program(intake(WALTER), library), library)
    blocks = [part.split("\n  - ")[0] for part in text.split("\n  - ")[1:]]
    return [b for b in blocks if "Support: " in b]


def test_walter_keeps_holding_on_until_his_clinician_has_checked_his_balance_again(library):
    held = walter_balance_items(library)
    assert len(held) >= 3, "his split-stance hold and heel-to-toe stand, in each phase"
    for block in held:
        support = block.split("Support: ", 1)[1].split("\n")[0]
        assert support == ("Hold the kitchen worktop with one hand from the start. Keep holding on until your "
                           "clinician has checked your balance again."), block
        assert "Loosen your grip" not in block and "as it gets easier" not in block
        assert grade(support) <= 8


def test_walter_s_balance_steps_name_the_worktop_he_holds_not_a_chair_or_a_wall(library):
    for block in walter_balance_items(library):
        how = block.split("How: ", 1)[1].split("\n")[0]
        assert "kitchen worktop" in how, how
        assert "chair" not in how and "wall or counter" not in how and "as long as you need" not in how, how
    split = next(b for b in walter_balance_items(library) if b.startswith("Split-stance hold"))
    assert "How: Stand beside the kitchen worktop with one foot a step in front of the other." in split
