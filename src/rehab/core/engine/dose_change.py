"""How far a clinician's own dose moves from the dose in force, and when that is far enough to ask.

A flare cuts a dose by about half (clinical reference §5.3); a dose the clinician sets below that,
or more than half again above it, is a bigger step than the engine ever takes in one go. It may
be meant (a new exercise, a long break), or a slip of units: 10 typed as minutes and read as
seconds turns a 20-minute walk into 10 seconds. So the change is named, and the clinician confirms
it with a reason before it is stored.
"""

from __future__ import annotations

from typing import NamedTuple

from rehab.core.engine.messages import describe_dose
from rehab.core.models import Dose

# Beyond these shares of the dose in force a change is large: below the flare cut, above 1.5 times.
LARGE_BELOW = 0.5
LARGE_ABOVE = 1.5


class LargeChange(NamedTuple):
    dimension: str
    before: float
    after: float

    @property
    def ratio(self) -> float:
        return self.after / self.before


def large_changes(before: Dose | None, after: Dose | None, below: float = LARGE_BELOW,
                  above: float = LARGE_ABOVE) -> list[LargeChange]:
    """Each dimension the new dose moves below ``below`` or above ``above`` times the dose in force
    (a dimension only one of them has, or at zero before, is not compared)."""
    if before is None or after is None:
        return []
    out = []
    for dimension, old in before.items():
        new = after.get(dimension)
        if new is None or old <= 0:
            continue
        if new < below * old or new > above * old:
            out.append(LargeChange(dimension, old, new))
    return out


def warning(before: Dose, after: Dose, changes: list[LargeChange]) -> str:
    """The change in words for the clinician, e.g. 'This changes the dose from 20 minutes to
    10 seconds: less than half of it.'"""
    smaller = all(c.ratio < 1 for c in changes)
    larger = all(c.ratio > 1 for c in changes)
    how = "less than half of it" if smaller else "more than 1.5 times it" if larger else "by more than the flare cut"
    return (f"This changes the dose from {describe_dose(before)} to {describe_dose(after)}: {how}. "
            "If you mean it, tick to confirm and say why in the reason.")
