"""Dose arithmetic: evidence-based default steps, caps, ceilings and floors, overridable per patient."""

from dataclasses import replace

from rehab.core.engine.increments import (
    DEFAULT_INCREMENTS,
    DEFAULT_PROGRESSION_ORDER,
    advanced,
    regressed,
    scaled,
    step_size,
)
from rehab.core.models import Dose

ORDER = DEFAULT_PROGRESSION_ORDER


def test_reps_rise_by_ten_percent_and_at_least_one():
    assert advanced(Dose(sets=2, reps=8), DEFAULT_INCREMENTS, ORDER) == (Dose(sets=2, reps=9), "reps")
    assert advanced(Dose(reps=14), DEFAULT_INCREMENTS, ORDER) == (Dose(reps=15), "reps")


def test_reps_stop_at_their_ceiling_then_sets_then_load_rise():
    assert advanced(Dose(sets=2, reps=15, load_kg=4), DEFAULT_INCREMENTS, ORDER)[0] == Dose(sets=3, reps=15, load_kg=4)
    assert advanced(Dose(sets=3, reps=15, load_kg=4), DEFAULT_INCREMENTS, ORDER)[0] == Dose(sets=3, reps=15, load_kg=4.5)


def test_load_rises_five_percent_in_half_kilo_steps_capped_at_five_kilos():
    assert step_size(20, DEFAULT_INCREMENTS["load_kg"]) == 1.0
    assert step_size(3, DEFAULT_INCREMENTS["load_kg"]) == 0.5
    assert step_size(180, DEFAULT_INCREMENTS["load_kg"]) == 5


def test_walking_time_rises_ten_percent():
    assert advanced(Dose(duration_s=1200), DEFAULT_INCREMENTS, ORDER)[0] == Dose(duration_s=1320)


def test_a_clinician_can_set_an_absolute_step_and_a_ceiling():
    two_minutes = {**DEFAULT_INCREMENTS, "duration_s": replace(DEFAULT_INCREMENTS["duration_s"], step=120, percent=False,
                                                                 cap=120, ceiling=1800)}
    assert advanced(Dose(duration_s=1200), two_minutes, ORDER)[0] == Dose(duration_s=1320)
    assert advanced(Dose(duration_s=1750), two_minutes, ORDER)[0] == Dose(duration_s=1800)
    assert advanced(Dose(duration_s=1800), two_minutes, ORDER) is None


def test_a_ladder_level_goes_one_rung_at_a_time():
    assert advanced(Dose(level=2), DEFAULT_INCREMENTS, ORDER)[0] == Dose(level=3)
    assert regressed(Dose(level=2), DEFAULT_INCREMENTS, ORDER)[0] == Dose(level=1)
    assert regressed(Dose(level=1), DEFAULT_INCREMENTS, ORDER) is None


def test_regression_lowers_the_dimension_being_progressed():
    assert regressed(Dose(sets=2, reps=10), DEFAULT_INCREMENTS, ORDER) == (Dose(sets=2, reps=9), "reps")
    assert regressed(Dose(sets=3, reps=15, load_kg=10), DEFAULT_INCREMENTS, ORDER)[0] == Dose(sets=3, reps=15, load_kg=9.5)


def test_regression_at_a_floor_lowers_the_dimension_progressed_before_it():
    dose = Dose(sets=3, reps=15, load_kg=0)  # bodyweight: load is at its floor
    assert regressed(dose, DEFAULT_INCREMENTS, ORDER) == (Dose(sets=2, reps=15, load_kg=0), "sets")


def test_a_flare_halves_the_volume_keeps_the_intensity_and_respects_floors():
    assert scaled(Dose(sets=3, reps=12, load_kg=8), 0.5, DEFAULT_INCREMENTS) == Dose(sets=3, reps=6, load_kg=8)
    assert scaled(Dose(duration_s=1200), 0.5, DEFAULT_INCREMENTS) == Dose(duration_s=600)
    assert scaled(Dose(reps=1), 0.5, DEFAULT_INCREMENTS) == Dose(reps=1)
    assert scaled(Dose(sets=3, load_kg=10), 0.5, DEFAULT_INCREMENTS) == Dose(sets=1, load_kg=10)
    assert scaled(Dose(level=4), 0.5, DEFAULT_INCREMENTS) == Dose(level=3)
