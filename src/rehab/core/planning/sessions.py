"""The usual week: which days hold a session, which are rest days, and what fits in each session.

Strength work needs a day between sessions for the same muscles (ACSM 2009: novices train each
muscle group 2-3 days a week; clinical reference §3.5). With four or more days a week the program
alternates two sessions, A and B: each strength exercise sits in one of them, while short mobility
and balance work may sit in both. With three days or fewer, one session is repeated on days apart.
At least one day a week is a rest day (recovery is part of the plan). Every session fits the
minutes the person has, at the phase's target dose: when an item would not fit, its sets are cut,
and when even one set will not fit, it is left out and the program says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from rehab.core.models import Dose
from rehab.core.planning.dosing import session_minutes
from rehab.core.planning.library import Component, Exercise

# Days of the week (0 = the program's first day) used for each number of training days.
_DAY_PATTERNS = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
}
# At least one rest day a week (rehab convention; recovery module).
MAX_TRAINING_DAYS = 6
# From this many days a week, alternate sessions A and B.
SPLIT_FROM_DAYS = 4
# Components light enough to repeat on consecutive days.
_EVERY_SESSION = frozenset({Component.MOBILITY, Component.BALANCE})


def training_days(days_per_week: int) -> tuple[int, ...]:
    return _DAY_PATTERNS[min(max(days_per_week, 1), MAX_TRAINING_DAYS)]


def session_of_day(days: tuple[int, ...]) -> dict[int, str]:
    """Which session each training day holds: alternating A and B, or always A."""
    if len(days) >= SPLIT_FROM_DAYS:
        return {day: "AB"[i % 2] for i, day in enumerate(days)}
    return {day: "A" for day in days}


def times_a_week(placement: str, sessions: dict[int, str]) -> int:
    return sum(1 for label in sessions.values() if label in placement.split("+"))


def day_names(start: date) -> list[str]:
    return [(start + timedelta(days=i)).strftime("%A") for i in range(7)]


@dataclass(frozen=True, slots=True)
class Candidate:
    """An exercise offered to a session at a phase: its starting dose and target dose."""

    key: str
    exercise: Exercise
    dose: Dose
    target: Dose
    serves_goal: bool = False  # its ladder serves one of the person's goals


@dataclass(frozen=True, slots=True)
class Placed:
    candidate: Candidate
    placement: str  # "A", "B" or "A+B"
    minutes: float
    note: str | None  # set when sets were cut to fit


def _with_sets(dose: Dose, sets: int) -> Dose:
    return replace(dose, sets=min(dose.sets or 1, sets))


def pack(candidates: list[Candidate], minutes: int, split: bool) -> tuple[list[Placed], list[tuple[Candidate, str]]]:
    """Place candidates, in priority order, into session A (and B when split) within ``minutes``."""
    used = {"A": 0.0, "B": 0.0} if split else {"A": 0.0}
    placed, dropped = [], []
    for c in candidates:
        options = []
        if split and c.exercise.component in _EVERY_SESSION:
            options.append("A+B")
        options.extend(sorted(used, key=lambda s: (used[s], s)))
        spot = None
        for sets in range(c.target.sets or 1, 0, -1):
            target = _with_sets(c.target, sets)
            cost = session_minutes(c.exercise, target)
            spot = next((o for o in options if all(used[s] + cost <= minutes for s in o.split("+"))), None)
            if spot is not None:
                break
        shorter = None
        if spot is None and c.serves_goal:
            shorter = _shortened(c, options, used, minutes)
        if spot is None and shorter is None:
            dropped.append((c, f"no time left in your {minutes}-minute session"))
            continue
        note = None
        if shorter is not None:
            spot, cost, dose, target = shorter
            note = f"kept to {cost:g} minutes so the session fits your {minutes} minutes"
            fitted = replace(c, dose=dose, target=target)
        else:
            if sets < (c.target.sets or 1):
                note = f"kept to {sets} set{'s' * (sets > 1)} so the session fits your {minutes} minutes"
            fitted = replace(c, dose=_with_sets(c.dose, sets), target=target)
        for s in spot.split("+"):
            used[s] = round(used[s] + cost, 1)
        placed.append(Placed(fitted, spot, cost, note))
    return placed, dropped


def _shortened(c: Candidate, options: list[str], used: dict[str, float],
               minutes: int) -> tuple[str, float, Dose, Dose] | None:
    """A timed exercise that serves a goal and does not fit at its target: one set, as long as the
    session still has room for, when that is at least the shortest time its library range allows (a
    10-minute walk with a hill or stairs for a stairs goal, not "no time left" while fill-ins keep
    their places: a physiotherapist's review, 2026-12-03j, finding 10). Its place, minutes, start and
    target dose; None when even the shortest time does not fit."""
    usual = c.exercise.range_of("duration_s")
    if usual is None or c.target.duration_s is None:
        return None
    for spot in options:
        free = min(minutes - used[s] for s in spot.split("+"))
        seconds = min(c.target.duration_s, 60 * int(free))  # whole minutes
        target = replace(c.target, sets=1, duration_s=float(seconds))
        cost = session_minutes(c.exercise, target)
        if seconds >= usual.low and all(used[s] + cost <= minutes for s in spot.split("+")):
            start = replace(c.dose, sets=1, duration_s=min(c.dose.duration_s or seconds, float(seconds)))
            return spot, cost, start, target
    return None


def session_totals(placed: list[Placed]) -> dict[str, float]:
    totals = {"A": 0.0, "B": 0.0}
    for p in placed:
        for s in p.placement.split("+"):
            totals[s] = round(totals[s] + p.minutes, 1)
    return totals
