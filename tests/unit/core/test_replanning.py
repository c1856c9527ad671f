"""Re-planning after a goal changed, as plain values (rehab.core.planning.replanning).

Dave walks 10 minutes now (he started at 8 3/4); his goal changes from the shops to the stairs.
The planner's new phase keeps walking and adds stairs. Clinical reference §3.4: a start is 80% of
the measured tolerance, so nothing carried over may sit above the latest measured tolerance."""

from datetime import date

from rehab.content.loader import packaged_library
from rehab.contracts.planning import IntakeIn
from rehab.core.models import Dose
from rehab.core.planning import build_program
from rehab.core.planning.intake import Tolerance
from rehab.core.planning.replanning import MeasuredTolerances, Running, changes_for_goal, with_measured

TODAY = date(2026, 11, 27)
STAIRS_GOAL = {"id": "main", "words": "Carry my groceries up the stairs", "icf": "d4551", "priority": 1,
               "target_date": "2027-02-25", "task": {"description": "two flights", "activity": "stairs",
                                                     "baseline": {"reps": 1}, "target": {"reps": 3}}}
INTAKE = {"today": TODAY.isoformat(), "person": {"age": 62, "pain_regions": ["knee"]},
          "baseline": {"tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [600, 720, 660]}]},
          "goals": [STAIRS_GOAL], "preferences": {"minutes_per_day": 20, "days_per_week": 3}}


def first_phase(intake):
    return build_program(intake, packaged_library()).phases[0].prescriptions


def walking_at(seconds: float) -> Running:
    return Running("walking", "Walking", Dose(duration_s=525), Dose(duration_s=seconds), 7, {"duration_s": 635})


def test_a_new_activity_comes_in_at_the_planners_start_and_the_walking_reached_is_kept():
    planned = first_phase(IntakeIn.model_validate(INTAKE).to_core())
    changes = {c.activity_id: c for c in changes_for_goal([walking_at(600)], planned, "the stairs", None)}
    assert changes["stairs"].kind == "added" and changes["stairs"].dose == Dose(reps=1)
    assert changes["walking"].carries_progress and changes["walking"].dose == Dose(duration_s=600)


def test_an_activity_the_new_plan_no_longer_needs_is_removed_with_its_reason():
    gone = Running("farmer_carry", "Farmer's carry", Dose(sets=1, load_kg=4), None, 3, {})
    planned = first_phase(IntakeIn.model_validate(INTAKE).to_core())
    [removed] = [c for c in changes_for_goal([gone], planned, "the stairs", None) if c.kind == "removed"]
    assert removed.activity_id == "farmer_carry" and "no longer needs it" in removed.reasons[0]


def test_a_dose_reached_above_a_tolerance_measured_since_starts_again_below_it():
    setback = MeasuredTolerances(TODAY, (Tolerance("walking", "duration_s", (300, 360, 330)),))
    planned = first_phase(with_measured(IntakeIn.model_validate(INTAKE).to_core(), setback))
    walking = next(c for c in changes_for_goal([walking_at(600)], planned, "the stairs", setback)
                   if c.activity_id == "walking")
    assert not walking.carries_progress and walking.dose.duration_s <= 0.8 * 330 + 5  # 80%, tidied (§3.4)
    assert "2026-11-27" in walking.reasons[0]


def test_tolerances_measured_again_replace_the_intakes_for_the_same_activity_only():
    intake = IntakeIn.model_validate({**INTAKE, "baseline": {"tolerances": [
        {"activity": "walking", "dimension": "duration_s", "measures": [600]},
        {"activity": "stairs", "dimension": "reps", "measures": [2]}]}}).to_core()
    again = with_measured(intake, MeasuredTolerances(TODAY, (Tolerance("walking", "duration_s", (300,)),)))
    assert again.baseline.tolerance_of("walking").measures == (300,)
    assert again.baseline.tolerance_of("stairs").measures == (2,)
    assert with_measured(intake, None) is intake
