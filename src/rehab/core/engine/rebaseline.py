"""When a clinician may move a patient's yardstick, and onto which days.

The anchored baseline never moves by itself (:mod:`rehab.core.engine.monitoring`): only a clinician
re-baselines, and only for one of the reasons of clinical reference §7.2 step 5 (a setback, a
medication change, a new programme phase). The new window must be days the patient has already
lived and logged, enough of them for a baseline phase (§7.2 step 1: at least 7 daily entries), so
the yardstick is never a guess and never a handful of days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date

from rehab.core.models import Limits

# Why a clinician re-baselines, in the clinic's words (§7.2 step 5). Nothing else moves the yardstick.
REASONS = {
    "setback": "Setback",
    "medication_change": "Medication change",
    "new_phase": "New programme phase",
}


def refusal(first: date, last: date, today: date, pain_days: Sequence[date], limits: Limits) -> tuple[str, str] | None:
    """Why the window ``first..last`` cannot be the new baseline, as (field, words), or None when it
    can. ``pain_days`` are the patient's diary days with a pain entry, in order."""
    if last < first:
        return "last", f"{last.isoformat()} is before first ({first.isoformat()})"
    if last > today:
        return "last", f"{last.isoformat()} is in the future (today is {today.isoformat()}): a baseline is days already logged"
    if not pain_days:
        return "first", "there is no diary day with a pain entry yet"
    if first < pain_days[0]:
        return "first", f"{first.isoformat()} is before the first diary entry ({pain_days[0].isoformat()})"
    found = bisect_right(pain_days, last) - bisect_left(pain_days, first)
    if found < limits.baseline_min_days:
        return "first", (f"only {found} day{'s' * (found != 1)} with a pain entry from {first.isoformat()} to "
                         f"{last.isoformat()}; a baseline needs at least {limits.baseline_min_days} "
                         "(clinical reference §7.2 step 1): widen the window")
    return None
