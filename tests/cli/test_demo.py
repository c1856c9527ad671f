"""The demo journey: 12 weeks through the real engine, a flare in week 5, back to the pre-flare dose."""

import pytest
from typer.testing import CliRunner

from rehab.cli import app
from rehab.core.models import DecisionKind
from rehab.demo import FLARE_WEEK, PROGRAM_START, WEEKS, play


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_the_flare_in_week_five_is_detected_cut_and_returned_from(seed):
    journey = play(seed)
    for plan in journey.plans:
        flares = [(day, d) for day, d in plan.decisions if d.kind is DecisionKind.FLARE]
        assert flares, plan.name
        first_day, first = flares[0]
        assert (first_day - PROGRAM_START).days // 7 + 1 == FLARE_WEEK
        pre = first.flare_episode.pre_flare_dose
        assert pre.covers(first.next_dose) and first.next_dose != pre
        returned = [d for day, d in plan.decisions if day > first_day and d.flare_episode is None]
        assert returned, f"{plan.name} never returned to the pre-flare dose"
        assert returned[0].kind is not DecisionKind.FLARE


def test_both_activities_progress_over_the_twelve_weeks():
    journey = play(7)
    assert len(journey.rows) == 2 * WEEKS
    for plan in journey.plans:
        start = plan.decisions[0][1]
        assert sum(d.kind is DecisionKind.ADVANCE for _, d in plan.decisions) >= 4
        assert plan.dose != start.next_dose


def test_the_same_seed_gives_the_same_journey_and_another_seed_a_different_one():
    def summary(seed):
        return [(row.week, row.activity, row.dose, row.decisions) for row in play(seed).rows]
    assert summary(3) == summary(3)
    assert summary(3) != summary(4)


def test_rehab_demo_prints_the_weekly_table():
    result = CliRunner().invoke(app, ["demo", "--seed", "7"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "Week" in result.stdout and "Deciding reasons" in result.stdout
    assert "flare" in result.stdout
    assert "back to the pre-flare dose" in result.stdout
