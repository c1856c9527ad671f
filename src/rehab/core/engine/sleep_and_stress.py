"""Short sleep and high stress in the diary: a note for the clinician beside the decision.

Not a criterion: nothing here changes what is decided. The diary keeps the night's sleep (hours),
the day's stress (0 = none, 10 = extreme) and mood (0 = very low, 10 = very good); when the last
14 days average under 6 hours of sleep, or stress of 7/10 or more, the clinician is told, with the
numbers, where the clinical reference names them (§4.3 yellow flags: emotions, low mood; §5: low
mood and worries are flare and setback triggers, and a flare is pain that disrupts sleep) and what
to consider: the sleep and stress education, and a smaller, more flexible plan when sessions are
being missed. A physiotherapist's review (2026-12-02, Nadia: a carer sleeping 4-5 hours with stress
7/10 who did half her sessions) found the diary's sleep, mood and stress unused.

The thresholds are engine conventions: 6 hours as the intake planner and the program review use
("nights under 6 hours"), 7/10 as the top of the stress scale's upper third; at least 5 days of the
14 must be recorded, as the program review asks of sleep; several entries on a day are averaged. Not said with a referral (the referral is
what the clinician acts on first). Pure: the check-in in, a sentence out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from operator import attrgetter

from rehab.core.models import CheckIn, Criterion, DecisionKind, DiaryEntry

ALERT = "sleep_and_stress"
WINDOW_DAYS = 14
SHORT_SLEEP_HOURS = 6.0
HIGH_STRESS = 7.0
MIN_DAYS = 5
SOURCE = ("clinical reference §4.3 yellow flags, §5 flare and setback triggers; the thresholds, under 6 h and "
          ">= 7/10, are engine conventions")
MODULES = {"sleep": "\"Sleep and pain\"", "stress": "\"Stress, mood and pain\""}


_MEASURES = attrgetter("sleep_hours", "stress", "mood")
_NOT_RECORDED = (None, None, None)


def note(ci: CheckIn, kind: DecisionKind, criteria: Sequence[Criterion]) -> str:
    """The note, or "" when sleep and stress are fine, too seldom recorded, or the decision is a
    referral."""
    if kind is DecisionKind.REFER or not ci.diary:
        return ""
    measures = list(map(_MEASURES, ci.diary))
    if measures.count(_NOT_RECORDED) == len(measures):
        return ""  # most diaries record none of the three: nothing to average (one look, no window)
    since, today = ci.today - timedelta(days=WINDOW_DAYS - 1), ci.today
    window = [entry for entry in ci.diary if since <= entry.date <= today]
    if not window or list(map(_MEASURES, window)).count(_NOT_RECORDED) == len(window):
        return ""
    sleep, stress, mood = _daily(window)
    sleep_mean = _mean(sleep)
    stress_mean = _mean(stress)
    short = sleep_mean is not None and sleep_mean < SHORT_SLEEP_HOURS
    high = stress_mean is not None and stress_mean >= HIGH_STRESS
    if not (short or high):
        return ""
    found = []
    if short:
        found.append(f"sleep averaged {sleep_mean:.1f} h a night ({len(sleep)} nights recorded)")
    if high:
        found.append(f"stress {_number(stress_mean)}/10 ({len(stress)} days)")
    mood_mean = _mean(mood)
    if mood_mean is not None:
        found.append(f"mood {_number(mood_mean)}/10")
    said = ", ".join(found)
    modules = " and ".join(MODULES[k] for k, on in (("sleep", short), ("stress", high)) if on)
    consider = f"the education {'modules' if short and high else 'module'} {modules}"
    adherence = next((c for c in criteria if c.name == "adherence"), None)
    if adherence is not None and not adherence.passed:
        consider += ", and a smaller, more flexible quota (sessions are being missed)"
    return (f"Over the last {WINDOW_DAYS} days {said}: yellow-flag and flare-trigger themes ({SOURCE}). "
            f"Consider {consider}. Not a criterion: the decision is unchanged.")


def _daily(entries: Sequence[DiaryEntry]) -> tuple[dict[date, float], ...]:
    """Sleep, stress and mood, one value a day: several entries on a day are averaged, as everywhere
    in the check-in. One pass over the window."""
    values: tuple[dict[date, list[float]], ...] = ({}, {}, {})
    for entry in entries:
        for by_day, value in zip(values, (entry.sleep_hours, entry.stress, entry.mood)):
            if value is not None:
                by_day.setdefault(entry.date, []).append(value)
    return tuple({day: sum(v) / len(v) for day, v in by_day.items()} for by_day in values)


def _mean(by_day: dict) -> float | None:
    return sum(by_day.values()) / len(by_day) if len(by_day) >= MIN_DAYS else None


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
