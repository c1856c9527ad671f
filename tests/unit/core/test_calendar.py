"""When things happen: phases, education and reviews."""

from dataclasses import replace
from datetime import date

from people import aisha, dev, margaret

from rehab.core.planning.calendar import (
    MODULES_PER_WEEK,
    checkpoint_weeks,
    education_weeks,
    stages,
    week_of,
)
from rehab.core.planning.intake import findings


def test_the_program_runs_to_the_latest_goal_within_eight_to_twenty_six_weeks():
    calendar, _ = stages(margaret(), frozenset())
    assert [(s.name, s.first_week, s.weeks) for s in calendar] == [
        ("foundation", 1, 2), ("build", 3, 7), ("function", 10, 4), ("maintenance", 14, None)]
    soon = replace(margaret(), goals=(replace(margaret().goals[0], target_date=date(2026, 12, 20)),))
    assert sum(s.weeks or 0 for s in stages(soon, frozenset())[0]) == 8
    far = replace(margaret(), goals=(replace(margaret().goals[0], target_date=date(2028, 12, 1)),))
    assert sum(s.weeks or 0 for s in stages(far, frozenset())[0]) == 26


def test_fear_of_movement_gives_the_foundation_an_extra_week():
    calendar, why = stages(aisha(), findings(aisha()))
    assert calendar[0].weeks == 3 and "confidence" in why


def test_checkpoints_end_each_phase_and_are_never_more_than_six_weeks_apart():
    calendar, _ = stages(dev(), findings(dev()))
    weeks = checkpoint_weeks(calendar)
    assert calendar[0].last_week in weeks and calendar[2].last_week in weeks
    assert all(b - a <= 6 for a, b in zip([0, *weeks], weeks))


def test_education_that_helps_most_comes_first_and_work_advice_only_for_workers(library):
    modules = list(library.education.values())
    for_aisha = education_weeks(modules, stages(aisha(), findings(aisha()))[0], findings(aisha()))
    assert {"how_pain_works", "pacing", "flare_plan"} <= {e.module for e in for_aisha if e.week == 1}
    assert all(sum(1 for e in for_aisha if e.week == w) <= MODULES_PER_WEEK for w in {e.week for e in for_aisha})
    for_margaret = education_weeks(modules, stages(margaret(), frozenset())[0], findings(margaret()))
    assert "active_at_work" not in {e.module for e in for_margaret}
    assert for_margaret[-1].module == "keeping_it_going"


def test_weeks_are_counted_from_today():
    today = date(2026, 12, 1)
    assert week_of(today, today) == 1
    assert week_of(today, date(2026, 12, 7)) == 1
    assert week_of(today, date(2026, 12, 8)) == 2
