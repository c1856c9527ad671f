"""The home a person exercises in changes their program (the guide: equipment and environment
safety are evaluated and the program is fitted to them).

Margaret is 78 in these scenarios: knee pain, a goal of getting down on the floor to play with her
grandchildren, 15 minutes a day. She exercises alone at home, so what she has to hold, her floor,
her stairs and whether she can get up from the floor decide what is safe for her (Otago Exercise
Programme; CDC STEADI Check for Safety; Fleming & Brayne 2008).
"""

from dataclasses import replace

from people import dev, margaret, with_preferences

from rehab.core.planning import build_program
from rehab.core.planning.home import Home, home_rules
from rehab.core.planning.library import Component


def at_78(**home) -> object:
    m = margaret()
    return replace(m, person=replace(m.person, age=78), home=Home(**home) if home else None)


def exercises(program, library):
    ids = {p.activity_id for phase in program.phases for p in phase.prescriptions}
    return [library.exercises[i] for i in sorted(ids) if i in library.exercises]


def standing_balance(program, library) -> list[str]:
    return [e.id for e in exercises(program, library)
            if e.component is Component.BALANCE and e.position in ("standing", "walking")]


def with_caution(program, library, caution: str) -> list[str]:
    return [e.id for e in exercises(program, library) if caution in e.cautions]


def test_a_78_year_old_living_alone_with_nothing_to_hold_gets_no_unsupported_or_standing_balance_work(library):
    before = build_program(at_78(), library)
    assert standing_balance(before, library), "without the home recorded she is given standing balance work"
    program = build_program(at_78(sturdy_support=False, lives_alone=True, fall_in_last_year=True), library)
    assert standing_balance(program, library) == []
    assert with_caution(program, library, "unsupported_balance") == []
    assert any("You need something sturdy to hold, like a kitchen counter" in d for d in program.decisions)
    assert any(r.startswith("No sturdy support at home") and "Otago" in r for r in program.rationale)


def test_with_the_kitchen_counter_to_hold_she_does_her_balance_work_beside_it(library):
    program = build_program(at_78(sturdy_support=True, support_words="the kitchen counter"), library)
    assert standing_balance(program, library)
    assert any(d.startswith("Do your standing balance exercises next to the kitchen counter") for d in program.decisions)


def test_she_cannot_get_up_from_the_floor_so_gets_no_floor_work_even_though_her_goal_is_the_floor(library):
    before = build_program(at_78(), library)
    assert with_caution(before, library, "floor_work"), "her floor goal brings floor transfers without the rule"
    program = build_program(at_78(gets_up_from_floor=False), library)
    assert with_caution(program, library, "floor_work") == []
    assert with_caution(program, library, "kneeling") == []
    assert any("because of trouble getting up from the floor" in d for d in program.decisions)


def test_she_cannot_get_up_from_the_floor_so_no_knee_goes_down_on_the_floor_and_lying_work_is_on_her_bed(library):
    """Half-kneeling, even holding a chair, is half-way to the floor: getting up from it is the push up
    from the ground she cannot do. Lying exercises stay, on the bed."""
    program = build_program(at_78(gets_up_from_floor=False), library)
    down_on_a_knee = [e.id for e in exercises(program, library) if e.position in ("kneeling", "four_point")]
    assert down_on_a_knee == []
    assert "Do the exercises that you do lying down on your bed, not on the floor." in program.decisions
    assert "Keep a phone with you when you exercise, so you can call for help if you fall." in program.decisions


def test_she_is_told_what_to_do_about_the_floor_hazards_she_has_and_no_others(library):
    """Advice about rugs read by someone without rugs is noise on a phone screen."""
    slippery = build_program(at_78(floor_hazards=frozenset({"slippery"}), sturdy_support=True), library)
    assert "Exercise on a dry floor that does not slip, and wear shoes that grip." in slippery.decisions
    assert not any("rugs" in d for d in slippery.decisions)
    rugs = build_program(at_78(floor_hazards=frozenset({"loose_rugs", "clutter"}), sturdy_support=True), library)
    assert {"Take up loose rugs or fix them down.", "Clear things off the floor where you exercise."} <= set(rugs.decisions)
    assert not any("slip" in d for d in rugs.decisions)


def test_no_clear_floor_space_leaves_out_kneeling_on_a_towel_as_well_as_lying_on_the_floor(library):
    before = build_program(at_78(), library)
    assert [e.id for e in exercises(before, library) if e.position in ("kneeling", "four_point")]
    program = build_program(at_78(space_to_exercise=False), library)
    assert [e.id for e in exercises(program, library) if e.position in ("kneeling", "four_point")] == []


def test_living_alone_after_a_fall_leaves_out_floor_work_and_tells_her_to_keep_a_phone_near(library):
    program = build_program(at_78(lives_alone=True, fall_in_last_year=True, sturdy_support=True), library)
    assert with_caution(program, library, "floor_work") == []
    assert with_caution(program, library, "unsupported_balance") == []
    assert "You live alone and have had a fall. Keep a phone with you when you exercise." in program.decisions


def test_living_alone_without_a_fall_keeps_her_floor_practice(library):
    program = build_program(at_78(lives_alone=True, fall_in_last_year=False), library)
    assert with_caution(program, library, "floor_work")


def test_stairs_without_a_rail_leave_out_step_ups_and_with_a_rail_she_holds_it(library):
    before = build_program(at_78(), library)
    assert "stairs" in {k for e in exercises(before, library) for k in e.equipment}
    no_rail = build_program(at_78(stairs=True, stair_rail=False), library)
    assert [e.id for e in exercises(no_rail, library) if "stairs" in e.equipment] == []
    assert any("because of no rail on your stairs" in d for d in no_rail.decisions)
    railed = build_program(at_78(stairs=True, stair_rail=True), library)
    assert [e.id for e in exercises(railed, library) if "stairs" in e.equipment]
    assert "On step exercises, hold the stair rail." in railed.decisions


def test_loose_rugs_leave_out_balance_with_nothing_to_hold_until_the_floor_is_made_safe(library):
    """She likes walking and balance work: on a safe floor she is given walking balance exercises."""
    likes = frozenset({"walking", "balance"})
    safe_floor = build_program(with_preferences(at_78(sturdy_support=True), likes=likes), library)
    assert with_caution(safe_floor, library, "unsupported_balance")
    rugs = at_78(floor_hazards=frozenset({"loose_rugs"}), sturdy_support=True)
    program = build_program(with_preferences(rugs, likes=likes), library)
    assert with_caution(program, library, "unsupported_balance") == []
    assert any(d.startswith("Take up loose rugs") for d in program.decisions)


def test_a_worn_kettlebell_is_left_out_by_name(library):
    assert "kettlebell_deadlift" in {e.id for e in exercises(build_program(dev(), library), library)}
    program = build_program(replace(dev(), home=Home(worn_equipment=frozenset({"kettlebell"}))), library)
    assert "kettlebell" not in {k for e in exercises(program, library) for k in e.equipment}
    assert any(d.startswith("Left out using your kettlebell because of your kettlebell being worn")
               for d in program.decisions)


def test_questions_not_asked_change_nothing_and_the_clinician_is_told_when_the_home_was_not_assessed(library):
    plain, asked_nothing = build_program(at_78(), library), build_program(replace(at_78(), home=Home()), library)
    assert exercises(plain, library) == exercises(asked_nothing, library)
    assert any(r.startswith("Home and environment safety not recorded") for r in plain.rationale)


def test_what_the_home_makes_her_told_reads_at_grade_8_or_below_sentence_by_sentence(library):
    import re

    from rehab.content.readability import grade

    home = dict(sturdy_support=False, lives_alone=True, fall_in_last_year=True, gets_up_from_floor=False,
                space_to_exercise=False, stairs=True, stair_rail=False, floor_hazards=frozenset({"slippery", "loose_rugs"}),
                worn_equipment=frozenset({"chair"}))
    program = build_program(at_78(**home), library)
    said = list(home_rules(Home(**home)).advice) + [d for d in program.decisions if d.startswith("Left out")]
    assert said and all(text in program.decisions for text in said)
    for text in said:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if not sentence.startswith("These are:"):
                assert grade(sentence) <= 8, sentence


def supported(program, library) -> dict[str, str]:
    return {p.activity_id: p.support for phase in program.phases for p in phase.prescriptions
            if p.activity_id in library.exercises and p.support}


def test_living_alone_after_a_fall_she_holds_the_counter_on_every_standing_balance_exercise_from_the_start(library):
    program = build_program(at_78(sturdy_support=True, support_words="the kitchen counter", lives_alone=True,
                                  fall_in_last_year=True), library)
    held = supported(program, library)
    assert held and set(held) == set(standing_balance(program, library))
    assert all(s.startswith("Hold the kitchen counter with one hand from the start.") for s in held.values())


def test_without_a_fall_or_a_hazard_her_balance_work_carries_no_instruction_to_hold_on(library):
    program = build_program(at_78(sturdy_support=True, support_words="the kitchen counter"), library)
    assert standing_balance(program, library) and supported(program, library) == {}
