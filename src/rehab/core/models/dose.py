"""Doses and how they move: the quantities every prescription, session and decision is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from operator import is_not

# The dimensions a dose really has. Order matters only for display.
DIMENSIONS: tuple[str, ...] = ("sets", "reps", "load_kg", "duration_s", "distance_m", "steps", "level")
# Dimensions counted in whole numbers (a patient cannot do 10.4 reps).
WHOLE_DIMENSIONS = frozenset({"sets", "reps", "steps", "level"})
# How much of something is done, as opposed to how hard (load) or which variant (level).
VOLUME_DIMENSIONS: tuple[str, ...] = ("reps", "duration_s", "distance_m", "steps")
_NONE = (None,) * len(DIMENSIONS)


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of an activity: any of sets, reps, load (kg), duration (s), distance (m),
    steps and level on an exercise ladder. Absent dimensions are ``None``."""

    sets: int | None = None
    reps: int | None = None
    load_kg: float | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    steps: int | None = None
    level: int | None = None
    # The present dimensions with their values, worked out once: every check-in compares doses.
    _present: tuple[tuple[str, float], ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        values = (self.sets, self.reps, self.load_kg, self.duration_s, self.distance_m, self.steps, self.level)
        # The pairs whose value is there, picked in C (every advance, regression and flare makes a dose).
        object.__setattr__(self, "_present", tuple(compress(zip(DIMENSIONS, values), map(is_not, values, _NONE))))

    def items(self) -> tuple[tuple[str, float], ...]:
        """The present dimensions with their values, in display order."""
        return self._present

    def get(self, dimension: str) -> float | None:
        return getattr(self, dimension)

    def with_values(self, **values: float) -> Dose:
        """A copy with some dimensions changed (faster than dataclasses.replace, which every
        advance, regression and flare uses)."""
        merged = dict(self._present)
        merged.update(values)
        return Dose(**merged)

    def covers(self, target: Dose) -> bool:
        """True when this (completed) dose reaches the target on every dimension the target has."""
        for dimension, wanted in target._present:
            done = getattr(self, dimension)
            if done is None or done < wanted:
                return False
        return True

    def as_dict(self) -> dict[str, float]:
        return dict(self._present)


@dataclass(frozen=True, slots=True)
class Increment:
    """How one dose dimension moves: a step (absolute, or percent of the current value), rounded to
    ``minimum`` (also the smallest move), never more than ``cap`` per check-in, and kept between
    ``floor`` and ``ceiling``. Evidence-based defaults and a clinician's per-patient settings are
    the same kind of thing (see ``rehab.core.engine.increments``)."""

    step: float
    percent: bool
    minimum: float
    cap: float
    floor: float = 0.0
    ceiling: float | None = None
