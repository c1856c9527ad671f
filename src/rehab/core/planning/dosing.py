"""Starting doses, phase targets and how long a session takes.

A program starts below what the person can do now, so that reaching their tolerance never
"punishes" activity and good and bad days can look alike: 80% of the measured tolerance (pacing,
clinical reference §3.4), or 70% (the bottom of the operant 70-80% range, §3.2) when the system is
running hot. Without a measured tolerance an exercise starts at the low end of its usual range and
the first sessions test it.
"""

from __future__ import annotations

import math
from dataclasses import replace

from rehab.core.engine.increments import DEFAULT_INCREMENTS, raised_value
from rehab.core.models import WHOLE_DIMENSIONS, Dose, Increment
from rehab.core.planning.goals import dose_words
from rehab.core.planning.intake import Intake, RiskGroup, Tolerance
from rehab.core.planning.library import DailyActivity, Exercise

# Start at 80% of the mean of up to three tolerance measures (I-Engage / eTG; §3.4).
PACING_FRACTION = 0.8
# Bottom of the operant 70-80% range (Fordyce tradition; §3.2) when pain is high or distress is.
CAUTIOUS_FRACTION = 0.7
# Usual pain at or above 7/10 is severe on the common NRS banding (§1.1).
SEVERE_PAIN = 7.0
# A weekly quota rise is at most 20% of the original baseline (activity pacing; §3.4).
QUOTA_STEP_CAP = 0.2
# Rest between sets, in seconds (rehab convention for home programs at light to moderate loads).
REST_BETWEEN_SETS_S = {"resistance": 60, "functional": 60, "balance": 20, "mobility": 15, "aerobic": 0}
# A phase-one exercise stays at two sets or fewer: technique first (rehab convention).
FOUNDATION_SETS = 2


def unloaded_foundation(intake: Intake) -> str | None:
    """Why the foundation carries no added weight at all for this person, or None. In a flare, or
    with usual pain of 7/10 or more, load is reduced, not stopped (clinical reference §5 step 5):
    the exercises stay, their weights wait for the build phase (rehab convention, kept from the
    foundation's own rule of technique first and no added load, docs/planning.md step 4)."""
    if intake.constraints.in_flare:
        return "you are in a flare"
    if intake.baseline.usual_pain is not None and intake.baseline.usual_pain >= SEVERE_PAIN:
        return f"your usual pain is {intake.baseline.usual_pain:g} out of 10"
    return None


def starting_fraction(intake: Intake) -> tuple[float, str]:
    """The share of measured tolerance to start at, and why."""
    reasons = []
    if intake.constraints.in_flare:
        reasons.append("you are in a flare")
    if intake.baseline.usual_pain is not None and intake.baseline.usual_pain >= SEVERE_PAIN:
        reasons.append(f"your usual pain is {intake.baseline.usual_pain:g}/10")
    if intake.baseline.psychosocial.start_back is RiskGroup.HIGH:
        reasons.append("your STarT Back answers show a high risk of pain staying")
    if reasons:
        return CAUTIOUS_FRACTION, (
            f"Quotas start at 70% of what you can do now, because {' and '.join(reasons)} "
            "(a cautious start: the bottom of the 70-80% starting range of operant graded activity, "
            "clinical reference §3.2, used whatever the progression strategy)."
        )
    return PACING_FRACTION, (
        "Quotas start at 80% of what you can do now, so each session ends before pain or tiredness "
        "builds up (activity pacing, clinical reference §3.4)."
    )


# Long quotas are kept in whole minutes (rehab convention: nobody times 17 min 35 s of gardening).
WHOLE_MINUTES_FROM_S = 600


def _grain(dimension: str, value: float = 0.0) -> float:
    if dimension == "duration_s" and value >= WHOLE_MINUTES_FROM_S:
        return 60.0
    return DEFAULT_INCREMENTS[dimension].minimum


def _tidy(dimension: str, value: float) -> float:
    return int(value) if dimension in WHOLE_DIMENSIONS else round(value, 2)


def paced(value: float, fraction: float, dimension: str) -> float:
    """``fraction`` of ``value``, rounded down to the dimension's grain, never below one grain."""
    grain = _grain(dimension, value * fraction)
    return _tidy(dimension, max(grain, math.floor(value * fraction / grain + 1e-9) * grain))


def exercise_start(exercise: Exercise, tolerance: Tolerance | None, fraction: float) -> tuple[Dose, str]:
    """The first dose of an exercise: paced from a measured tolerance, else its usual low end."""
    values = {}
    for r in exercise.dose:
        if tolerance is not None and tolerance.dimension == r.dimension:
            values[r.dimension] = paced(tolerance.mean, fraction, r.dimension)
        else:
            values[r.dimension] = _tidy(r.dimension, r.low)
    dose = Dose(**values)
    if tolerance is not None and tolerance.dimension in values:
        measured = Dose(**{tolerance.dimension: _tidy(tolerance.dimension, tolerance.mean)})
        return dose, f"starts at {fraction:.0%} of the {dose_words(measured)} you managed at baseline"
    return dose, "starts at the low end of its usual range; the first sessions show how it suits you"


def exercise_target(exercise: Exercise, phase: str) -> Dose:
    """Where a phase builds an exercise to: the top of its usual range (two sets and no added load
    in the foundation phase, where technique comes first)."""
    values = {}
    for r in exercise.dose:
        if r.dimension == "sets":
            high = min(r.high, FOUNDATION_SETS) if phase == "foundation" else r.high
            values["sets"] = int(max(high, r.low))
        elif r.dimension == "load_kg" and phase == "foundation":
            values["load_kg"] = r.low
        else:
            values[r.dimension] = _tidy(r.dimension, r.high)
    return Dose(**values)


def at_least(dose: Dose, floor: Dose) -> Dose:
    """``dose`` raised to ``floor`` on every dimension they share (a target never below a start)."""
    return dose.with_values(**{d: max(v, floor.get(d) or v) for d, v in dose.items()})


def quota_start(activity: DailyActivity, tolerance: Tolerance | None, fraction: float) -> tuple[Dose, str]:
    """The first daily quota: paced from the measured tolerance, else the low end of the usual start."""
    if tolerance is not None and tolerance.dimension == activity.dimension:
        value = paced(tolerance.mean, fraction, activity.dimension)
        measured = Dose(**{activity.dimension: _tidy(activity.dimension, tolerance.mean)})
        return Dose(**{activity.dimension: value}), f"starts at {fraction:.0%} of the {dose_words(measured)} you managed at baseline"
    low = _tidy(activity.dimension, activity.usual_start.low)
    return Dose(**{activity.dimension: low}), "starts at the low end of the usual range, to be checked in week 1"


def set_seconds(exercise: Exercise, dose: Dose) -> float:
    """How long one set takes at ``dose``: the library's time per set, stretched when the dose asks
    for more than the top of the usual range."""
    per_set = float(exercise.time_per_set_s)
    for dimension in ("reps", "distance_m", "steps"):
        value, usual = dose.get(dimension), exercise.range_of(dimension)
        if value is not None and usual is not None and usual.high > 0:
            per_set *= max(1.0, value / usual.high)
    if dose.duration_s is not None:
        per_set = max(per_set, dose.duration_s)
    return per_set


def session_minutes(exercise: Exercise, dose: Dose) -> float:
    """One session's time for an exercise: every set plus the rests between them."""
    sets = dose.sets or 1
    rest = REST_BETWEEN_SETS_S[exercise.component.value]
    return round((sets * set_seconds(exercise, dose) + (sets - 1) * rest) / 60, 1)


def quota_increment(dimension: str, baseline: float) -> Increment:
    """How a daily quota rises each week: about 10% of the current quota, never more than 20% of
    the original baseline in one week (activity pacing engine default, clinical reference §3.4)."""
    default = DEFAULT_INCREMENTS[dimension]
    return replace(default, cap=max(default.minimum, round(QUOTA_STEP_CAP * baseline, 3)))


def grown(value: float, weeks: int, dimension: str, increment: Increment, cap: float | None = None) -> float:
    """A quota after ``weeks`` weekly rises by ``increment`` (the engine's own arithmetic), never above ``cap``."""
    for _ in range(weeks):
        value = raised_value(dimension, value, increment)
    # Rounded down to the step's grain: a phase never ends above what its weeks really reach.
    value = math.floor(value / increment.minimum + 1e-9) * increment.minimum
    return _tidy(dimension, min(value, cap) if cap is not None else value)
