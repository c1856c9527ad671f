"""The maintenance plan at discharge: reassessment dates and re-entry triggers.

Reassess at 3, 6 and 12 months in maintenance (clinical reference §8). The re-entry triggers say,
in plain words, when to contact the clinic again: the escalation rules of the flare plan (§5.7)
and the red flags (§4.2), plus anything agreed with this patient.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from rehab.core.planning.home import steps_when_held

REASSESS_AFTER_MONTHS = (3, 6, 12)
# The education module the re-entry triggers point to ("your 'When to get help' list").
HELP_MODULE = "when_to_seek_help"

# A step of an exercise's "How" that asks for more as it gets easier ("Add a little time each week as
# it feels easy.", "Use less support from your hand as it gets easier."). Maintenance keeps the level
# reached, so these sentences are left out of a maintenance phase (re-check 2026-12-03e, finding 8).
PROGRESS_CUE = re.compile(r"\b(?:add|each week|as it (?:gets|feels) eas(?:y|ier)|when it (?:gets|feels) eas(?:y|ier))\b",
                          re.IGNORECASE)


def without_progress_cues(steps: tuple[str, ...] | list[str]) -> list[str]:
    """The steps of an exercise for a phase that keeps its level: each sentence that asks for more
    (:data:`PROGRESS_CUE`) left out, the rest of its step kept ("Swap legs.")."""
    kept = []
    for step in steps:
        said = [s for s in re.split(r"(?<=[.!?])\s+", step.strip()) if s and not PROGRESS_CUE.search(s)]
        if said:
            kept.append(" ".join(said))
    return kept


def steps_shown(steps: tuple[str, ...] | list[str], keeps_level: bool, support: str = "") -> list[str]:
    """An exercise's steps as the person reads them, in the printed plan and on Today alike: in a
    phase that keeps its level (maintenance) without the sentences that ask for more
    (:func:`without_progress_cues`), and under a Support line (``support``, "" for none) without any
    that says to let go (:func:`rehab.core.planning.home.steps_when_held`)."""
    shown = without_progress_cues(steps) if keeps_level else list(steps)
    return steps_when_held(shown, support) if support else shown


# When to come back: one list, in the plan (its maintenance phase) and at discharge. A physiotherapist's
# review (2026-12-03d, finding 12) found two lists with different words, and a vague "clearly above your
# usual level": the engine's setback rule is 2 points (and 30%) for two weeks (Farrar 2001, §7.2 step 4).
# Sources: a flare not settling after about 7 days, or 2 flares in 4 weeks (§5.7); red flags (§4.2); a
# setback lasting weeks needs a full reassessment (§5).
# The one trigger that needs no program started: a warning sign (said alone while every exercise waits
# for a doctor, H55).
WARNING_SIGN_TRIGGER = "A warning sign on your 'When to get help' list: do what the list says, at once."
STANDARD_TRIGGERS = (
    "A flare that is not settling after about a week, even with your flare plan.",
    "Two flares within four weeks.",
    WARNING_SIGN_TRIGGER,
    "Your pain is 2 points or more above your usual for two weeks. It may come after an illness or an "
    "operation.",
    "You can no longer do something you worked toward in your goals.",
)


@dataclass(frozen=True, slots=True)
class MaintenancePlan:
    discharged_on: date
    reassessment_dates: tuple[date, ...]
    re_entry_triggers: tuple[str, ...]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def maintenance_plan(discharged_on: date, agreed_triggers: tuple[str, ...] = ()) -> MaintenancePlan:
    dates = tuple(add_months(discharged_on, m) for m in REASSESS_AFTER_MONTHS)
    return MaintenancePlan(discharged_on, dates, STANDARD_TRIGGERS + tuple(agreed_triggers))


def next_reassessment(taken_on: date, weeks: int = 4) -> date:
    """The next checkpoint during active rehabilitation: every 4-6 weeks (§8); 4 by default."""
    return taken_on + timedelta(weeks=weeks)
