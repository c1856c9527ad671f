"""Flare plans: cut the load, keep moving, and come back in steps.

A flare is more pain than usual for a few days, often after doing more than usual; it is
sensitivity, not damage (clinical reference §5). The plan keeps the structure of the program at
about half the volume and returns to the pre-flare dose in steps once pain is back near the
pre-flare level. The thresholds are engine conventions drawn from CUH, VA and *Manage Your Pain*
(§5.5-5.7) and can be set per patient.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from rehab.core.increments import scaled
from rehab.core.limits import Limits
from rehab.core.models import Dose, FlarePlan, Increment, ReturnStep


def flare_plan(pre_flare: Dose, started: date, increments: Mapping[str, Increment], limits: Limits) -> FlarePlan:
    """The reduced dose and the return steps back to ``pre_flare`` (equal steps of volume)."""
    fraction = limits.flare_dose_fraction
    reduced = scaled(pre_flare, fraction, increments)
    steps: list[ReturnStep] = []
    previous = reduced
    count = limits.flare_return_steps
    for k in range(1, count + 1):
        share = fraction + (1 - fraction) * k / count
        dose = pre_flare if k == count else scaled(pre_flare, share, increments)
        if dose != previous:
            steps.append(ReturnStep(dose, round(share * 100)))
            previous = dose
    rule = (
        f"Move up one step when your pain has been back near your usual level for "
        f"{limits.flare_settled_days} days in a row, you have done one session at the current step, "
        f"and you have been on it for at least {limits.flare_step_days} days."
    )
    return FlarePlan(reduced, tuple(steps), rule, started + timedelta(days=limits.flare_review_days))


def next_return_step(current: Dose, plan: FlarePlan) -> tuple[int, ReturnStep] | None:
    """The next step above ``current`` (1-based number and step), or None when the patient is back
    at the pre-flare dose."""
    for number, step in enumerate(plan.steps, start=1):
        if not current.covers(step.dose):
            return number, step
    return None


def lower_of(current: Dose, cap: Dose) -> Dose:
    """``current`` with each dimension no higher than in ``cap``: a flare never raises a dose."""
    values = {}
    for dimension, value in current.items():
        limit = cap.get(dimension)
        if limit is not None and limit < value:
            values[dimension] = limit
    return current.with_values(**values) if values else current
