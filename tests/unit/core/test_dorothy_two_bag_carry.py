"""Dorothy, 74, knee and hand osteoarthritis, grip 12 kg (a physiotherapist's re-check, review
2026-12-03e, row 7; case docs/safety/cases-2026-12-03d/c4_dorothy_74_knee_hand_oa_grip12_tug14.json).

Her goal is two 3 kg bags carried 200 m from the corner shop: 3 kg in each hand, within her 4 kg a
hand (a third of her grip; hand OA rule, docs/planning.md). 'Carry two light bags' usually holds
2-4 kg in all, so the plan kept her at 2 kg a bag in build, function and maintenance while the goal
said "reached around week 27". Now the function phase moves up her ladder to the rung whose usual
range holds 3 kg a hand (the farmer carry, 4-10 kg in all), the goal is projected on that rung with
the engine's own arithmetic, and the note says where the plan itself gets by the end of its weeks.

Her recorded TUG is 14 s, a measured fall risk: since the review 2026-12-03i (finding 1; hazard H25)
she walks with no bag in each hand until a re-test (tests/unit/core/test_carries_with_a_measured_fall_risk.py).
The grip-cap ladder below is hers once her TUG is under the 12 s cut-off: these tests use a TUG of 11 s."""

import json
import math
from dataclasses import replace
from pathlib import Path

from rehab.content.readability import grade
from rehab.contracts.planning import IntakeIn
from rehab.core.engine.increments import advanced
from rehab.core.models import Dose, Limits
from rehab.core.planning import build_program

CASE = Path(__file__).parents[3] / "docs/safety/cases-2026-12-03d/c4_dorothy_74_knee_hand_oa_grip12_tug14.json"


def dorothy(**goal_target):
    """Dorothy after a re-test: her TUG under the fall-risk cut-off (12 s), all else as recorded."""
    data = json.loads(CASE.read_text(encoding="utf-8"))
    for test in data["baseline"]["performance"]:
        if test["name"] == "Timed Up and Go":
            test["value"] = 11
    data["goals"][0]["task"]["target"].update(goal_target)
    return IntakeIn.model_validate(data).to_core()


def carries(program):
    """The prescription practising her shopping goal's ladder, phase by phase."""
    return {ph.name: next(p for p in ph.prescriptions if "carry_light_bags" in p.ladder and "shop" in p.goals)
            for ph in program.phases}


def test_from_week_13_she_carries_on_the_rung_that_holds_3_kg_in_each_hand(library):
    program = build_program(dorothy(), library)
    rx = carries(program)
    assert rx["foundation"].activity_id == rx["build"].activity_id == "carry_light_bags"
    assert rx["function"].activity_id == rx["maintenance"].activity_id == "farmer_carry"
    usual = library.exercises["farmer_carry"].range_of("load_kg")
    assert usual.low <= 6 <= usual.high  # two 3 kg bags, in all
    # It carries on from the build's last dose (no jump), and never above 4 kg a hand (grip cap).
    assert rx["function"].dose.load_kg == rx["build"].target.load_kg == 4
    for p in rx.values():
        assert p.dose.load_kg / 2 <= 4 and p.target.load_kg / 2 <= 4
    assert any(r.startswith("moves on from \"Carry two light bags\", because the bags in your goal are heavier") for r in rx["function"].reasons)


def test_her_goal_week_is_the_engines_own_count_on_the_farmer_carry_and_says_where_the_plan_stops(library):
    program = build_program(dorothy(), library)
    rx = carries(program)["function"]
    function = next(ph for ph in program.phases if ph.name == "function")
    # The check-in engine's arithmetic, from the farmer carry's first dose to 6 kg and 200 m.
    activity = replace(rx, target=rx.target.with_values(load_kg=6, distance_m=200)).to_activity()
    dose, advances = activity.dose, 0
    while not dose.covers(Dose(load_kg=6, distance_m=200)):
        dose = advanced(dose, activity.increments, activity.progression_order)[0]
        advances += 1
    weeks = math.ceil(advances / (rx.sessions_per_week / Limits().sessions_to_advance))
    (path,) = program.goals
    assert path.projected_week == function.first_week + weeks
    assert path.note.startswith('You practise it with "Carry two light bags" from week 1.')
    assert 'After the check-up in week 12, you move on to "Farmer carry" from week 13.' in path.note
    assert f"around week {path.projected_week}" in path.note
    # The plan's own doses stop at the function phase's end: the note says so, with the real amounts.
    assert rx.target.load_kg == 4 and f"builds up until week {function.first_week + function.weeks - 1}, to 2 kg in each hand" in path.note
    assert "More weeks can be added at a check-up." in path.note
    assert "each hand holds 3 kg. Your hands may hold up to 4 kg each." in path.note
    assert any("farmer_carry" in r and "grip cap of 4 kg" in r for r in program.rationale)
    assert grade(path.note) <= 8


def test_two_2_kg_bags_stay_on_the_light_bags_their_range_holds(library):
    program = build_program(dorothy(load_kg=4), library)
    rx = carries(program)
    assert {p.activity_id for p in rx.values()} == {"carry_light_bags"}
    assert "move on" not in program.goals[0].note
