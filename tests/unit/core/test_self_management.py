"""Self-management within the bounds agreed with the clinician: each bound allows what was agreed,
refuses the rest and says why in plain words."""

from datetime import date

import pytest
from builders import TODAY, ago, checkin

from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.self_management import SKIP_OR_FLARE, busy_days, check_adjustment
from rehab.core.models import (
    Activity,
    AdjustmentKind,
    Dose,
    SelfAdjustment,
    SelfManagementBounds,
    Strategy,
)

SIT_TO_STAND = checkin().activity  # 2 sets of 10; reps go up 10% (at least 1), sets then, up to 15 reps
AGREED = SelfManagementBounds(easier_steps=2, harder_steps=1, ceiling=Dose(sets=2, reps=12),
                              shortest=Dose(sets=1), move_within_days=2, alternatives=("wall_squat",))
EASIER, HARDER, MOVE, SWAP, SHORTEN = (AdjustmentKind.EASIER, AdjustmentKind.HARDER, AdjustmentKind.MOVE,
                                       AdjustmentKind.SWAP, AdjustmentKind.SHORTEN)


def proposal(kind, dose=None, **more):
    return SelfAdjustment(TODAY, kind, dose, **more)


def check(adjustment, bounds=AGREED, activity=SIT_TO_STAND, **more):
    return check_adjustment(adjustment, activity, bounds, **more)


@pytest.mark.parametrize("reps", [9, 8])
def test_on_a_bad_day_an_easier_step_of_the_same_ladder_is_allowed_up_to_the_agreed_steps(reps):
    result = check(proposal(EASIER, Dose(sets=2, reps=reps)))
    assert result.allowed
    assert result.reason.startswith(f"Fine: 2 sets of {reps} today instead of 2 sets of 10.")
    assert "part of your plan" in result.reason
    assert result.bound == "easier: up to 2 steps down the ladder, to 2 sets of 8"


def test_an_easier_step_beyond_what_was_agreed_is_refused_and_says_how_far_is_allowed():
    result = check(proposal(EASIER, Dose(sets=2, reps=5)))
    assert not result.allowed
    assert result.reason == f"That is easier than you agreed. The easiest you can choose is 2 sets of 8. {SKIP_OR_FLARE}"


def test_an_easier_step_on_another_part_of_the_ladder_is_refused():
    result = check(proposal(EASIER, Dose(sets=1, reps=10)))
    assert not result.allowed and "easiest you can choose is 2 sets of 8" in result.reason


def test_an_easier_step_that_is_harder_in_some_way_is_refused():
    result = check(proposal(EASIER, Dose(sets=3, reps=8)))
    assert not result.allowed and result.reason == "That is harder than your usual 2 sets of 10 in some way, not easier."


def test_an_easier_step_at_the_bottom_of_the_ladder_is_refused_kindly():
    lowest = Activity("bridge", Dose(sets=1, reps=1), 3, DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER)
    result = check(proposal(EASIER, Dose(sets=1, reps=1)), activity=lowest)
    assert not result.allowed
    result = check(proposal(EASIER, Dose(sets=1, reps=0)), activity=lowest)
    assert result.reason == ("You are already at the easiest step of this exercise (1 set of 1). Keep it gentle today. "
                             f"{SKIP_OR_FLARE}")


def test_a_patient_refused_an_easier_or_shorter_session_is_told_she_may_skip_it_or_use_her_flare_plan():
    """A refusal on a bad day never leaves "do the full dose" as the only way out (physiotherapist's
    review: pushing through invites a boom-and-bust flare; pacing §3.4, flares §5)."""
    nothing = SelfManagementBounds()
    refusals = [check(proposal(EASIER, Dose(sets=2, reps=9)), bounds=nothing),
                check(proposal(SHORTEN, Dose(sets=1, reps=10)), bounds=nothing),
                check(proposal(EASIER, Dose(sets=2, reps=5))), check(proposal(SHORTEN, Dose(sets=2, reps=6)))]
    for result in refusals:
        assert not result.allowed
        assert "fine to skip it" in result.reason and "I'm having a flare" in result.reason, result.reason


def test_a_dose_of_another_kind_is_not_a_step_of_the_same_exercise():
    result = check(proposal(EASIER, Dose(duration_s=60)))
    assert not result.allowed and "Choose a step of the same exercise" in result.reason


def test_nothing_is_allowed_unless_it_was_agreed():
    nothing = SelfManagementBounds()
    for adjustment in (proposal(EASIER, Dose(sets=2, reps=9)), proposal(HARDER, Dose(sets=2, reps=11)),
                       proposal(SHORTEN, Dose(sets=1, reps=10)), proposal(MOVE, moved_to=ago(-1)),
                       proposal(SWAP, alternative="wall_squat")):
        result = check(adjustment, bounds=nothing)
        assert not result.allowed, adjustment.kind
        assert "not part of what you agreed with your clinician" in result.reason
        assert "none agreed" in result.bound
    assert not check(proposal(EASIER, Dose(sets=2, reps=9)), bounds=None).allowed


def test_on_a_good_day_the_harder_step_is_allowed_within_the_agreed_ceiling():
    result = check(proposal(HARDER, Dose(sets=2, reps=11)))
    assert result.allowed and "keep to your usual amount tomorrow" in result.reason
    assert result.bound == "harder: up to 1 step up the ladder, never above 2 sets of 12: at most 2 sets of 11"


def test_a_harder_step_beyond_the_steps_or_the_ceiling_is_refused_and_says_the_most():
    result = check(proposal(HARDER, Dose(sets=2, reps=12)))
    assert not result.allowed
    assert result.reason.startswith("That is more than you agreed. The most you can choose is 2 sets of 11.")
    capped = SelfManagementBounds(harder_steps=3, ceiling=Dose(reps=11))
    assert check(proposal(HARDER, Dose(sets=2, reps=12)), bounds=capped).reason.startswith(
        "That is more than you agreed. The most you can choose is 2 sets of 11.")


def test_at_the_ceiling_a_harder_step_is_refused_even_on_a_good_day():
    at_top = Activity("sit_to_stand", Dose(sets=2, reps=12), 3, DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER)
    result = check(proposal(HARDER, Dose(sets=2, reps=13)), activity=at_top)
    assert not result.allowed and result.reason.startswith("You are already at the top of what you agreed")


def test_under_a_time_contingent_quota_a_harder_step_is_refused_whatever_was_agreed():
    result = check(proposal(HARDER, Dose(sets=2, reps=11)), strategy=Strategy.TIME_CONTINGENT)
    assert not result.allowed
    assert "same target on good days and bad days" in result.reason
    assert "§3.2" in result.bound
    assert check(proposal(EASIER, Dose(sets=2, reps=9)), strategy=Strategy.TIME_CONTINGENT).allowed


def test_during_a_flare_a_harder_step_is_refused_and_the_flare_plan_stands():
    result = check(proposal(HARDER, Dose(sets=2, reps=11)), in_flare=True)
    assert not result.allowed and result.reason.startswith("While a flare settles, keep to your flare plan")


def test_a_session_may_be_shortened_down_to_the_agreed_floor_only():
    assert check(proposal(SHORTEN, Dose(sets=1, reps=10))).allowed
    too_short = check(proposal(SHORTEN, Dose(sets=2, reps=6)))  # only sets have a floor
    assert not too_short.allowed
    assert too_short.reason == f"That is shorter than you agreed. The shortest is 1 set of 10. {SKIP_OR_FLARE}"


def test_shortening_keeps_the_same_exercise_and_weight():
    loaded = Activity("deadlift", Dose(sets=3, reps=8, load_kg=20), 2, DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER)
    bounds = SelfManagementBounds(shortest=Dose(sets=1, reps=5))
    assert check(proposal(SHORTEN, Dose(sets=2, reps=8, load_kg=20)), bounds=bounds, activity=loaded).allowed
    lighter = check(proposal(SHORTEN, Dose(sets=2, reps=8, load_kg=15)), bounds=bounds, activity=loaded)
    assert not lighter.allowed and "same exercise and weight" in lighter.reason


def test_a_session_may_move_within_the_agreed_days_but_not_onto_a_day_that_has_one():
    assert check(proposal(MOVE, moved_to=ago(-2))).allowed
    far = check(proposal(MOVE, moved_to=ago(-3)))
    assert not far.allowed and far.reason.startswith("You can move a session up to 2 days earlier or later.")
    busy = check(proposal(MOVE, moved_to=ago(1)), busy_days={ago(1)})
    assert not busy.allowed and "Two on one day is more than planned" in busy.reason
    assert not check(proposal(MOVE, moved_to=TODAY)).allowed


def test_busy_days_are_days_with_a_logged_session_or_one_moved_there():
    moved = SelfAdjustment(ago(3), MOVE, moved_to=ago(2))
    assert busy_days(checkin().sessions[-2:], [moved]) == {ago(3), ago(1), ago(2)}


def test_a_swap_is_allowed_for_an_agreed_alternative_only():
    assert check(proposal(SWAP, alternative="wall_squat")).allowed
    result = check(proposal(SWAP, alternative="running"))
    assert not result.allowed
    assert result.reason == "running is not one of the alternatives you agreed (wall squat). Choose one of those, or ask your clinician."


def test_a_swap_is_said_with_the_programs_names_never_its_ids():
    """A physiotherapist's review found "Fine: exercise_bike instead of walk_jog_intervals today."."""
    names = {"wall_squat": "Wall squat", "sit_to_stand": "Sit to stand"}
    result = check(proposal(SWAP, alternative="wall_squat"), names=names)
    assert result.reason == "Fine: Wall squat instead of sit to stand today. It is noted for your clinician."
    refused = check(proposal(SWAP, alternative="running"), names=names)
    assert "(Wall squat)" in refused.reason and "_" not in refused.reason


def test_no_refusal_blames_the_patient_or_uses_jargon():
    refusals = [check(p) for p in (proposal(EASIER, Dose(sets=2, reps=5)), proposal(HARDER, Dose(sets=2, reps=15)),
                                   proposal(SHORTEN, Dose(sets=1, reps=2)), proposal(MOVE, moved_to=ago(-5)),
                                   proposal(SWAP, alternative="x"), proposal(EASIER, Dose(reps=3)))]
    assert all(not r.allowed for r in refusals)
    for r in refusals:
        assert not any(word in r.reason.lower() for word in ("fail", "fault", "bound", "dimension", "invalid"))


def test_the_days_a_session_moves_between_are_written_as_people_write_them():
    """"Fine: your session moves from Friday 27 November to Tuesday 1 December": a day of the month
    with no leading zero ("01 December" reads as a code, not a date)."""
    day = SelfAdjustment(date(2026, 12, 2), MOVE, moved_to=date(2026, 12, 3))
    moved = check(day)
    assert moved.allowed
    assert "from Wednesday 2 December to Thursday 3 December." in moved.reason
    busy = check(SelfAdjustment(date(2026, 12, 2), MOVE, moved_to=date(2026, 12, 1)), busy_days={date(2026, 12, 1)})
    assert "You already have a session on Tuesday 1 December." in busy.reason
