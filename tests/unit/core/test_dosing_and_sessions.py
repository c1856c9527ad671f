"""Starting below tolerance, rising on a schedule, and sessions that fit the time a person has."""

from dataclasses import replace

from people import aisha, dev, margaret, with_constraints

from rehab.core.models import Dose
from rehab.core.planning.dosing import (
    exercise_start,
    exercise_target,
    grown,
    paced,
    quota_increment,
    session_minutes,
    starting_fraction,
)
from rehab.core.planning.intake import Tolerance
from rehab.core.planning.sessions import (
    Candidate,
    pack,
    session_of_day,
    times_a_week,
    training_days,
)


def test_quotas_start_at_eighty_percent_and_at_seventy_when_the_system_runs_hot():
    assert starting_fraction(margaret())[0] == 0.8
    assert starting_fraction(aisha())[0] == 0.7  # high STarT Back risk
    assert starting_fraction(with_constraints(dev(), in_flare=True))[0] == 0.7
    severe = replace(dev(), baseline=replace(dev().baseline, usual_pain=7))
    assert starting_fraction(severe)[0] == 0.7


def test_a_paced_dose_is_rounded_down_and_never_zero():
    assert paced(9, 0.8, "reps") == 7
    assert paced(1, 0.8, "reps") == 1
    assert paced(1000, 0.8, "duration_s") == 780  # long quotas in whole minutes
    assert paced(40, 0.8, "duration_s") == 30


def test_an_exercise_starts_from_its_measured_tolerance_or_the_low_end_of_its_range(library):
    sit = library.exercises["sit_to_stand_chair"]
    dose, why = exercise_start(sit, Tolerance("sit_to_stand_chair", "reps", (8, 10, 9)), 0.8)
    assert dose == Dose(sets=1, reps=7) and "80%" in why
    dose, why = exercise_start(sit, None, 0.8)
    assert dose == Dose(sets=1, reps=5) and "low end" in why


def test_the_foundation_target_keeps_two_sets_and_no_added_load(library):
    goblet = library.exercises["goblet_squat"]
    assert exercise_target(goblet, "foundation") == Dose(sets=2, reps=12, load_kg=4)
    assert exercise_target(goblet, "build") == Dose(sets=3, reps=12, load_kg=12)


def test_a_quota_rises_about_ten_percent_a_week_never_more_than_a_fifth_of_baseline():
    step = quota_increment("duration_s", 1200)
    assert step.cap == 240
    assert grown(600, 1, "duration_s", step) == 660
    assert grown(3000, 1, "duration_s", step) == 3240  # 10% would be 300 s; capped at 240
    assert grown(600, 20, "duration_s", step, cap=1800) == 1800


def test_session_time_counts_every_set_and_the_rests_between(library):
    bridge = library.exercises["bridge"]
    assert session_minutes(bridge, Dose(sets=1, reps=12)) == round(50 / 60, 1)
    assert session_minutes(bridge, Dose(sets=3, reps=12)) == round((3 * 50 + 2 * 60) / 60, 1)
    assert session_minutes(bridge, Dose(sets=1, reps=24)) == round(100 / 60, 1)


def test_training_days_leave_at_least_one_rest_day_and_alternate_sessions_from_four_days():
    assert training_days(7) == (0, 1, 2, 3, 4, 5)
    assert set(session_of_day(training_days(3)).values()) == {"A"}
    sessions = session_of_day(training_days(5))
    assert list(sessions.values()) == ["A", "B", "A", "B", "A"]
    assert times_a_week("A", sessions) == 3 and times_a_week("A+B", sessions) == 5


def test_packing_cuts_sets_before_leaving_an_exercise_out(library):
    squat = library.exercises["bodyweight_squat"]
    bridge = library.exercises["bridge"]
    candidates = [
        Candidate("squat", squat, Dose(sets=1, reps=8), Dose(sets=3, reps=15)),
        Candidate("bridge", bridge, Dose(sets=1, reps=8), Dose(sets=3, reps=12)),
    ]
    placed, dropped = pack(candidates, 5, split=False)
    assert [p.candidate.key for p in placed] == ["squat", "bridge"]
    assert placed[1].candidate.target.sets < 3 and placed[1].note
    assert sum(p.minutes for p in placed) <= 5
    placed, dropped = pack(candidates, 1, split=False)
    assert [c.key for c, _ in dropped] == ["bridge"]
