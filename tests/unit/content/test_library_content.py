"""The packaged library: big enough, sound, and honest about what each exercise is."""

from collections import Counter

import pytest

from rehab.content.check import REQUIRED_EDUCATION, problems
from rehab.core.planning.library import (
    BALANCED_COMPONENTS,
    EXERCISE_DIMENSIONS,
    Component,
    Region,
)


def test_the_library_has_at_least_120_exercises(library):
    assert len(library.exercises) >= 120


def test_the_library_check_finds_nothing_wrong(library):
    assert problems(library) == []


def test_every_progression_and_regression_link_resolves_both_ways(library):
    for exercise in library.exercises.values():
        if exercise.progression:
            assert library.exercises[exercise.progression].regression == exercise.id
        if exercise.regression:
            assert library.exercises[exercise.regression].progression == exercise.id


def test_ladders_have_no_cycles_and_cover_every_exercise_once(library):
    rungs = [rung.id for ladder in library.ladders() for rung in ladder.rungs]
    assert sorted(rungs) == sorted(library.exercises)


def test_every_exercise_has_dose_units_cues_errors_steps_and_an_icf_domain(library):
    for e in library.exercises.values():
        assert "sets" in e.dimensions and set(e.dimensions) <= set(EXERCISE_DIMENSIONS), e.id
        assert e.cues and e.errors and len(e.steps) >= 2, e.id
        assert any(code.startswith("d") for code in e.icf), e.id
        assert e.time_per_set_s > 0, e.id
        assert all(r.low <= r.high for r in e.dose), e.id


@pytest.mark.parametrize("region", list(Region))
def test_each_region_has_a_ladder_for_each_training_component(region, library):
    offered = {ladder.component for ladder in library.ladders() if ladder.region is region}
    assert set(BALANCED_COMPONENTS) <= offered


def test_aerobic_work_is_offered_as_whole_body_ladders(library):
    aerobic = [ladder for ladder in library.ladders() if ladder.component is Component.AEROBIC]
    assert len(aerobic) >= 2 and all(ladder.region is Region.WHOLE_BODY for ladder in aerobic)


def test_ladders_get_harder_as_they_climb(library):
    for ladder in library.ladders():
        levels = [rung.difficulty for rung in ladder.rungs]
        assert levels == sorted(levels), ladder.id


def test_the_issue_examples_are_ladders(library):
    assert [r.id for r in library.ladder_of("push_up").rungs] == ["wall_push_up", "incline_push_up", "knee_push_up", "push_up"]
    assert [r.id for r in library.ladder_of("sit_to_stand_chair").rungs] == [
        "sit_to_stand_high", "sit_to_stand_chair", "sit_to_stand_slow", "sit_to_stand_weighted"
    ]


def test_graded_daily_activities_cover_everyday_life(library):
    wanted = {"walking", "standing", "sitting", "stairs", "carrying", "gardening", "housework", "screen_work"}
    assert wanted <= set(library.activities)
    for a in library.activities.values():
        assert a.dimension in ("duration_s", "distance_m", "steps", "reps") and a.tips, a.id


def test_every_required_education_module_is_there(library):
    assert len(library.education) >= 10
    assert set(REQUIRED_EDUCATION) <= set(library.education)


def test_exercises_are_spread_over_every_region(library):
    per_region = Counter(e.region for e in library.exercises.values())
    assert all(per_region[region] >= 12 for region in Region)
