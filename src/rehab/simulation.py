"""Simulated people for the demos: seeded, simple models of a person's days that produce diary and
session logs. The cohort's model (:mod:`rehab.cohort.person`) is the full one; the demo keeps this
scripted person (a flare on a chosen day, a fixed weekly growth) so its story and its tests stay as
written, and takes the rating and the flare's shape from the cohort's model. They decide nothing: every decision in a demo comes from the real engine (and, in the
demo clinic, through the real services and database).

A person has a usual pain level that eases slowly over the weeks, day-to-day noise, and perhaps a
flare (a run of days well above usual, e.g. after helping someone move house). An activity has a
capacity that grows week by week; doing more than the capacity hurts more during the session and
the next morning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rehab.cohort.person import FLARE_BUMP, nrs
from rehab.core.models import Dose

__all__ = ["FLARE_BUMP", "SimulatedActivity", "SimulatedPerson", "nrs", "volume"]


def volume(dose: Dose) -> float:
    if dose.duration_s is not None:
        return dose.duration_s
    if dose.distance_m is not None:
        return dose.distance_m
    if dose.steps is not None:
        return dose.steps
    return (dose.sets or 1) * (dose.reps or 1) * (1 + (dose.load_kg or 0) / 10) * (1 + 0.3 * ((dose.level or 1) - 1))


@dataclass
class SimulatedPerson:
    rng: random.Random
    usual_start: float
    improvement: float  # points of usual pain lost by the last day
    days: int
    noise: float = 0.6
    flare_day: int | None = None  # day index when the flare's first extra pain is felt

    def usual(self, day: int) -> float:
        return self.usual_start - self.improvement * day / max(1, self.days)

    def flare_bump(self, day: int) -> float:
        if self.flare_day is None:
            return 0.0
        offset = day - self.flare_day
        return FLARE_BUMP[offset] if 0 <= offset < len(FLARE_BUMP) else 0.0

    def pain(self, day: int) -> float:
        """Usual pain that day, as felt (before rounding)."""
        return self.usual(day) + self.flare_bump(day) + self.rng.gauss(0, self.noise)

    def next_morning(self, day: int, strain: float) -> int:
        return nrs(self.usual(day) + self.flare_bump(day + 1) + strain + self.rng.gauss(0, self.noise))


@dataclass
class SimulatedActivity:
    capacity: float  # the volume tolerated well at the start
    growth_per_week: float
    weekdays: frozenset[int]
    adherence: float = 0.9
    effort_bias: float = 0.0  # > 0: sessions feel harder than their dose (a stall)

    def session(self, person: SimulatedPerson, day: int, weekday: int, dose: Dose,
                pain_today: float) -> tuple[int, int, float] | None:
        """(pain during, RPE, strain into the next morning), or None when the session is skipped."""
        if weekday not in self.weekdays or person.rng.random() > self.adherence:
            return None
        ratio = volume(dose) / (self.capacity * (1 + self.growth_per_week) ** (day // 7))
        over = max(0.0, ratio - 1.0)
        pain_during = nrs(pain_today - 1 + 5 * over + person.rng.gauss(0, 0.6))
        rpe = nrs(4 + 3 * ratio + self.effort_bias + person.rng.gauss(0, 0.5))
        return pain_during, rpe, 2.5 * over
