"""Dose arithmetic: how an advance, a regression or a flare changes a dose.

Progression is data over a small vocabulary (dimension, step absolute or percent, rounding, cap,
floor, ceiling), so the evidence-based defaults below and a clinician's per-patient settings are
the same kind of thing. One advance moves one dimension: the first in the progression order that
has not reached its ceiling (e.g. reps up to 15, then sets, then load: double progression).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from rehab.core.models import VOLUME_DIMENSIONS, WHOLE_DIMENSIONS, Dose, Increment

# Evidence-based defaults, one per dimension (clinical reference section in brackets).
DEFAULT_INCREMENTS: dict[str, Increment] = {
    # One set at a time up to 3 sets (ACSM 2009 novice volume; engine convention).
    "sets": Increment(step=1, percent=False, minimum=1, cap=1, floor=1, ceiling=3),
    # +10% reps (issue default; pacing §3.4), at most 2 per advance, 1-15 reps (8-12 RM plus
    # endurance range, ACSM 2009 §3.5; engine convention for the ceiling).
    "reps": Increment(step=10, percent=True, minimum=1, cap=2, floor=1, ceiling=15),
    # +5% load, in 0.5 kg steps, at most 5 kg per advance (ACSM 2009: 2-10%; §3.5).
    "load_kg": Increment(step=5, percent=True, minimum=0.5, cap=5, floor=0),
    # +10% time or distance per advance (activity pacing ~10%/week, §3.4).
    "duration_s": Increment(step=10, percent=True, minimum=5, cap=300, floor=10),
    "distance_m": Increment(step=10, percent=True, minimum=10, cap=500, floor=10),
    "steps": Increment(step=10, percent=True, minimum=100, cap=1000, floor=100),
    # One rung up or down an exercise ladder.
    "level": Increment(step=1, percent=False, minimum=1, cap=1, floor=1),
}

# Time and distance quotas first; for exercises reps, then sets, then load, then a harder variant.
DEFAULT_PROGRESSION_ORDER: tuple[str, ...] = (
    "duration_s", "distance_m", "steps", "reps", "sets", "load_kg", "level",
)


def _tidy(dimension: str, value: float) -> float:
    return int(round(value)) if dimension in WHOLE_DIMENSIONS else round(value, 3)


def step_size(value: float, increment: Increment) -> float:
    """The size of one move from ``value``: the step, rounded to ``minimum``, within
    ``[minimum, cap]``."""
    raw = value * increment.step / 100.0 if increment.percent else increment.step
    rounded = round(raw / increment.minimum) * increment.minimum
    return min(max(rounded, increment.minimum), increment.cap)


def has_room(value: float, increment: Increment) -> bool:
    return increment.ceiling is None or value < increment.ceiling


def raised_value(dimension: str, value: float, increment: Increment) -> float:
    new = value + step_size(value, increment)
    if increment.ceiling is not None:
        new = min(new, increment.ceiling)
    return _tidy(dimension, max(new, value))


def lowered_value(dimension: str, value: float, increment: Increment) -> float:
    if value <= increment.floor:
        return value
    return _tidy(dimension, max(increment.floor, value - step_size(value, increment)))


def active_dimension(
    dose: Dose, increments: Mapping[str, Increment], order: tuple[str, ...]
) -> str | None:
    """The dimension the next advance would raise, or None when every one is at its ceiling."""
    for dimension in order:
        value = dose.get(dimension)
        if value is not None and has_room(value, increments[dimension]):
            return dimension
    return None


def advanced(
    dose: Dose, increments: Mapping[str, Increment], order: tuple[str, ...]
) -> tuple[Dose, str] | None:
    """The dose one step up and the dimension raised, or None when the target is reached."""
    dimension = active_dimension(dose, increments, order)
    if dimension is None:
        return None
    new = raised_value(dimension, dose.get(dimension), increments[dimension])
    return dose.with_values(**{dimension: new}), dimension


def regressed(
    dose: Dose, increments: Mapping[str, Increment], order: tuple[str, ...]
) -> tuple[Dose, str] | None:
    """The dose one step down, lowering the dimension being progressed now (or, when it is at its
    floor, the one progressed before it). None when everything is already at its floor."""
    present = [d for d in order if dose.get(d) is not None]
    active = active_dimension(dose, increments, order)
    if active is None:
        candidates = list(reversed(present))
    else:
        before = present[: present.index(active)]
        candidates = [active, *reversed(before)]
    for dimension in candidates:
        value = dose.get(dimension)
        new = lowered_value(dimension, value, increments[dimension])
        if new < value:
            return dose.with_values(**{dimension: new}), dimension
    return None


def scaled(dose: Dose, fraction: float, increments: Mapping[str, Increment]) -> Dose:
    """The dose with its volume scaled by ``fraction`` (never above the dose, never below a floor).

    Volume (reps, time, distance, steps) is what a flare plan cuts; intensity is kept so the
    return is a matter of doing more of the same. When the volume is already at its floor, sets are
    cut instead, then load; an exercise with nothing else to cut goes one rung down its ladder.
    """
    for group in (VOLUME_DIMENSIONS, ("sets",), ("load_kg",)):
        values = {}
        for dimension in group:
            value = dose.get(dimension)
            if value is not None:
                grain = increments[dimension].minimum
                cut = math.floor(value * fraction / grain + 1e-9) * grain
                values[dimension] = _tidy(dimension, min(value, max(increments[dimension].floor, cut)))
        reduced = dose.with_values(**values) if values else dose
        if reduced != dose:
            return reduced
    if dose.level is None:
        return dose
    return dose.with_values(level=lowered_value("level", dose.level, increments["level"]))
