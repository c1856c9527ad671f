"""A caution really excludes, and the plan says exactly what it excluded.

A physiotherapist reviewing plans found "Left out ... because of osteoporosis" written although no
exercise carried the movement, hands-and-knees work reaching people who must not kneel on the
floor, and floor transfers and deep squats reaching a person after a hip replacement. These are the
scenarios from that review, planned for real-looking people against the packaged library.
"""

from dataclasses import replace

from people import aisha, dev, margaret, with_constraints, with_preferences

from rehab.core.planning import build_program
from rehab.core.planning.intake import excluded_cautions
from rehab.core.planning.library import CAUTIONS
from rehab.core.planning.selection import blocked


def given(program) -> set[str]:
    """Every exercise and daily activity in any phase of the program."""
    return {p.activity_id for phase in program.phases for p in phase.prescriptions}


def left_out_sentences(program) -> list[str]:
    return [d for d in program.decisions if d.startswith("Left out")]


def test_an_osteoporosis_plan_names_the_exercises_it_left_out(library):
    program = build_program(with_constraints(dev(), comorbidities=frozenset({"osteoporosis"})), library)
    assert left_out_sentences(program) == [
        "Left out jumping, hopping or jogging because of osteoporosis. These are: Walk and jog intervals."
    ]
    assert "walk_jog_intervals" not in given(program)


def test_osteoporosis_does_not_claim_to_leave_out_loaded_bending_when_no_exercise_bends_under_load(library):
    """Every lift in the library keeps the back long, so for Dev (no gardening) the loaded bending
    and twisting cautions remove nothing, and the plan must not say they did."""
    program = build_program(with_constraints(dev(), comorbidities=frozenset({"osteoporosis"})), library)
    said = " ".join(program.decisions)
    assert CAUTIONS["loaded_end_range_flexion"] not in said and CAUTIONS["loaded_twisting"] not in said
    assert [d for d in program.decisions if "osteoporosis" in d] == [
        "Left out jumping, hopping or jogging because of osteoporosis. These are: Walk and jog intervals."
    ]


def test_osteoporosis_leaves_out_digging_in_the_garden_and_says_so(library):
    program = build_program(with_constraints(aisha(), comorbidities=frozenset({"osteoporosis"})), library)
    assert "gardening" not in given(program)
    # Both of osteoporosis's spine cautions remove gardening: one sentence names it once.
    assert ("Left out bending the spine fully forward while holding a weight because of osteoporosis. The same reason "
            "leaves out twisting the spine while holding a weight. These are: Gardening." in program.decisions)
    assert any(item.startswith("Gardening: involves bending the spine fully forward") for item in program.left_out)


def test_a_caution_that_removes_nothing_produces_no_left_out_sentence(library):
    """No exercise in the library twists the spine under load (only digging in the garden does, and
    Dev does not garden): the clinician's caution is respected, and the plan says nothing about it
    rather than claim it removed something. (This used curl-ups until full planks joined that
    caution: review 2026-12-03i, finding 7.)"""
    program = build_program(with_constraints(dev(), cautions=frozenset({"loaded_twisting"})), library)
    assert left_out_sentences(program) == []
    assert given(program) == given(build_program(dev(), library))


def test_a_plan_without_cautions_has_no_left_out_sentence(library):
    assert left_out_sentences(build_program(margaret(), library)) == []


def test_after_a_hip_replacement_no_floor_transfer_and_no_deep_squat_even_when_the_goal_asks_for_the_floor(library):
    """Margaret's goal is getting down to the floor to play with her grandchildren; after a hip
    replacement the floor sits and squats are left out however she ranks them."""
    hip = with_constraints(margaret(), comorbidities=frozenset({"hip_replacement"}))
    for intake in (hip, with_preferences(hip, gym_access=True, equipment=frozenset({"dumbbell", "kettlebell", "mat"}))):
        program = build_program(intake, library)
        assert not given(program) & {"floor_sit_with_chair", "floor_sit_without_support", "bodyweight_squat",
                                     "goblet_squat", "barbell_squat", "child_pose_reach", "knee_to_chest"}
        assert not any("deep_hip_flexion" in library.exercises[i].cautions
                       for i in given(program) if i in library.exercises)
        sentence = next(d for d in program.decisions if d.startswith("Left out bending the hip past a right angle"))
        assert "because of hip replacement" in sentence
        assert "Down to the floor and up again without support" in sentence
        # She reads the first names and "and N more"; her clinician reads them all (review 2026-12-03d, 14).
        whole = next(r for r in program.rationale if r.startswith("In full: Left out bending the hip past a right angle"))
        assert "Down to the floor and up again without support" in whole and "Squat" in whole


def test_with_hand_arthritis_nothing_takes_body_weight_through_the_hands(library):
    """Aisha's neck and shoulder plan otherwise uses thread the needle and the hands-on-wall hold."""
    assert {"thread_the_needle", "wall_press_hold"} <= given(build_program(aisha(), library))
    program = build_program(with_constraints(aisha(), comorbidities=frozenset({"hand_arthritis"})), library)
    assert not any("wrist_weight_bearing" in library.exercises[i].cautions
                   for i in given(program) if i in library.exercises)
    sentence = next(d for d in program.decisions if d.startswith("Left out taking body weight through the hands"))
    assert "Hands-on-wall hold" in sentence
    # Her plan without the arthritis now also gets down to the floor and up again for her gardening
    # (fill-ins must fit where they start: review 2026-12-03i, finding 3), so the person's sentence
    # shows three names "and 2 more"; the clinician's full list names thread the needle.
    full = next(r for r in program.rationale if r.startswith("In full: Left out taking body weight through the hands"))
    assert "Thread the needle" in full and "Hands-on-wall hold" in full


def test_an_exercise_with_two_excluded_movements_names_both_and_where_each_comes_from(library):
    intake = with_constraints(margaret(), comorbidities=frozenset({"hip_replacement", "hand_arthritis"}))
    why = blocked(library.exercises["floor_sit_with_chair"], intake, excluded_cautions(intake.constraints))
    assert why == ("involves bending the hip past a right angle. Left out because of hip replacement. "
                   "It also involves taking body weight through the hands. Left out because of hand arthritis")


def test_the_sentence_names_only_exercises_the_person_could_otherwise_have_done(library):
    """Without a gym, the barbell squat was never on offer: naming it would overstate the change."""
    hip = with_constraints(margaret(), comorbidities=frozenset({"hip_replacement"}))
    sentence = next(d for d in build_program(hip, library).decisions if "right angle" in d)
    assert "Barbell back squat" not in sentence
    gym = build_program(replace(hip, preferences=replace(hip.preferences, gym_access=True)), library)
    assert "Barbell back squat" in next(d for d in gym.decisions if "right angle" in d)

