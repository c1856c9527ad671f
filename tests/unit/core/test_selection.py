"""Hard constraints decide what may be used; what matters to the person decides what comes first."""

from people import aisha, dev, margaret, with_constraints, with_preferences

from rehab.core.planning.intake import excluded_cautions
from rehab.core.planning.selection import blocked, rank, vocabulary


def test_no_exercise_needs_equipment_the_patient_lacks(library):
    intake = margaret()
    assert "kettlebell" in blocked(library.exercises["kettlebell_deadlift"], intake, {})
    assert blocked(library.exercises["sit_to_stand_chair"], intake, {}) is None
    no_stairs = with_preferences(intake, lacks=frozenset({"stairs"}))
    assert "stairs" in blocked(library.exercises["step_up_low"], no_stairs, {})


def test_a_gym_opens_the_gym_kit(library):
    assert blocked(library.exercises["cable_row"], dev(), {}) is None
    assert blocked(library.exercises["cable_row"], with_preferences(dev(), gym_access=False), {}) is not None


def test_cautions_from_comorbidities_leave_movements_out_and_say_why(library):
    intake = with_constraints(margaret(), comorbidities=frozenset({"fall_risk"}))
    cautions = excluded_cautions(intake.constraints)
    why = blocked(library.exercises["heel_toe_walk"], intake, cautions)
    assert why == "involves balance work with nothing within reach to hold. Left out because of fall risk"
    assert excluded_cautions(with_constraints(dev(), cautions=frozenset({"kneeling"})).constraints) == {
        "kneeling": "your clinician's advice"
    }


def test_dislikes_are_respected(library):
    assert "gym" in blocked(library.exercises["cable_row"], with_preferences(aisha(), gym_access=True), {})


def test_an_exercise_longer_than_the_session_is_left_out(library):
    short = with_preferences(dev(), minutes_per_day=5)
    assert "longer than your 5 minutes" in blocked(library.exercises["hill_walk"], short, {})


def test_ladders_that_serve_the_first_goal_rank_first_and_say_so(library):
    choices, _ = rank(margaret(), library, {})
    assert "floor" in choices[0].goals
    assert any("grandchildren" in reason for reason in choices[0].reasons)


def test_a_goal_ladder_with_no_usable_rung_is_reported_as_left_out(library):
    intake = with_constraints(margaret(), cautions=frozenset({"kneeling", "floor_work"}))
    _, left_out = rank(intake, library, excluded_cautions(intake.constraints))
    assert any("for your goal" in item and "weight through the knees" in item for item in left_out)


def test_likes_and_dislikes_use_words_the_library_knows(library):
    words = vocabulary(library)
    assert {"gym", "gardening", "walking", "band", "balance", "knee", "kettlebell_deadlift"} <= words
