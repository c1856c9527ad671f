"""The program review after a stall: which barriers the records show, and what changed, in words.

When progress stalls, the clinician re-expresses the goals, re-evaluates the barriers and adjusts the
sequence or intensity of the tasks (the seed, "when progress stalls"; clinical reference, opening
section). The conversation is the clinician's; this module only reads the patient's own records for
the barriers they can show, each with the patient's values, the threshold and where the rule comes
from, so the clinician starts from the data and ticks or unticks each one. Pain beliefs, workload,
the wrong exercise and anything else are for the conversation: the records cannot show them.

Pure: the records and the day are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from rehab.core.models import DecisionKind, DiaryEntry, SessionLog

# The barriers a review can name, in the clinic's words (the list; "other" with free text).
BARRIERS = {
    "adherence": "Adherence: sessions not done as planned",
    "pain_beliefs": "Pain beliefs (fear of harm, catastrophising)",
    "sleep": "Sleep",
    "workload": "Workload and other demands on time",
    "dose_too_high": "Dose too high",
    "dose_too_low": "Dose too low",
    "wrong_exercise": "Wrong exercise for the goal",
    "other": "Other",
}
# What a review can change in the program; each is found by comparing the versions, never ticked.
CHANGES = {
    "sequence": "the order of the activities (or which ones are in the plan)",
    "added": "a library exercise added (checked as the planner checks it)",
    "strategy": "the way an activity progresses",
    "dose": "the dose of an activity",
}

ADHERENCE_SOURCE = ("Low adherence is a barrier to explore, not a reason to regress (rehab rule; default 60% of "
                    "planned sessions, as the check-in's adherence criterion)")
SLEEP_SOURCE = ("Short sleep is a barrier to recovery (seed: recovery strategies include sleep; nights under 6 hours, "
                "as the diary insights; engine convention)")
DOSE_TOO_HIGH_SOURCE = ("A step back or a flare in the window: the pain rule was broken at this dose (Silbernagel "
                        "2007, clinical reference §3.1; flare-ups §5)")
DOSE_TOO_LOW_SOURCE = ("No advance in the window and sessions felt light (RPE <= 4, 'light' on the RIR-based scale; "
                       "target RPE 6-8, clinical reference §3.6; engine convention)")


@dataclass(frozen=True)
class ReviewRules:
    """The thresholds the pre-fill uses; engine conventions with their sources above."""

    window_days: int = 28  # the last 4 weeks: the short end of the reassessment cadence (§8)
    adherence_min_share: float = 0.6  # as Limits.adherence_min_share
    short_sleep_hours: float = 6.0  # as the diary insights' "nights under 6 hours"
    min_nights: int = 5  # fewer nights say too little about sleep
    light_rpe: float = 4.0  # RPE 3-4 is "light" (§3.6)
    min_rated_sessions: int = 3


@dataclass(frozen=True)
class ActivityRecord:
    """One activity of the current program with what the patient did and what the check-ins decided."""

    name: str
    sessions_per_week: float
    started: date | None
    sessions: tuple[SessionLog, ...] = ()
    decisions: tuple[tuple[date, DecisionKind], ...] = ()


@dataclass(frozen=True)
class BarrierSeen:
    """A barrier the records show: the patient's values, the threshold it crossed, the source."""

    barrier: str
    finding: str
    values: dict[str, object] = field(default_factory=dict)
    threshold: str = ""
    source: str = ""


def barriers_seen(today: date, activities: Sequence[ActivityRecord], diary: Sequence[DiaryEntry],
                  rules: ReviewRules = ReviewRules()) -> tuple[BarrierSeen, ...]:
    """Adherence, sleep and a dose too high or too low, where the last ``window_days`` show them."""
    since = today - timedelta(days=rules.window_days - 1)
    found = [f for f in (_adherence(today, since, activities, rules), _sleep(since, today, diary, rules),
                         _too_high(since, activities, rules), _too_low(today, since, activities, rules)) if f]
    return tuple(found)


def _days_in_window(today: date, since: date, started: date | None) -> int:
    first = max(since, started) if started is not None else since
    return max(0, (today - first).days + 1)


def _adherence(today: date, since: date, activities: Sequence[ActivityRecord], rules: ReviewRules) -> BarrierSeen | None:
    logged = planned = 0.0
    for a in activities:
        days = _days_in_window(today, since, a.started)
        planned += a.sessions_per_week * days / 7
        logged += sum(1 for s in a.sessions if since <= s.date <= today)
    if planned < 1:
        return None
    share = min(1.0, logged / planned)
    if share >= rules.adherence_min_share:
        return None
    return BarrierSeen("adherence", f"{int(logged)} of about {planned:.0f} planned sessions logged in the last "
                       f"{rules.window_days} days ({share:.0%})",
                       {"logged": int(logged), "planned": round(planned, 1), "share": round(share, 2)},
                       f">= {rules.adherence_min_share:.0%} of planned sessions", ADHERENCE_SOURCE)


def _sleep(since: date, today: date, diary: Sequence[DiaryEntry], rules: ReviewRules) -> BarrierSeen | None:
    nights: dict[date, float] = {}
    for entry in diary:
        if entry.sleep_hours is not None and since <= entry.date <= today:
            nights[entry.date] = entry.sleep_hours  # the last entry of a day is the one that stands
    if len(nights) < rules.min_nights:
        return None
    average = sum(nights.values()) / len(nights)
    short = sum(1 for h in nights.values() if h < rules.short_sleep_hours)
    if average >= rules.short_sleep_hours:
        return None
    return BarrierSeen("sleep", f"{average:.1f} hours of sleep a night on average; {short} of {len(nights)} nights "
                       f"under {rules.short_sleep_hours:g} hours",
                       {"nights": len(nights), "average_hours": round(average, 1), "short_nights": short},
                       f"average >= {rules.short_sleep_hours:g} hours", SLEEP_SOURCE)


def _too_high(since: date, activities: Sequence[ActivityRecord], rules: ReviewRules) -> BarrierSeen | None:
    backs = [(day, kind, a.name) for a in activities for day, kind in a.decisions
             if day >= since and kind in (DecisionKind.REGRESS, DecisionKind.FLARE)]
    if not backs:
        return None
    regressions = sum(1 for _, kind, _ in backs if kind is DecisionKind.REGRESS)
    flares = len(backs) - regressions
    latest = max(day for day, _, _ in backs)
    names = sorted({name for _, _, name in backs})
    return BarrierSeen("dose_too_high", f"{regressions} step(s) back and {flares} flare decision(s) in the last "
                       f"{rules.window_days} days ({', '.join(names)}; latest {latest.isoformat()})",
                       {"regressions": regressions, "flares": flares, "latest": latest.isoformat(), "activities": names},
                       "no step back or flare", DOSE_TOO_HIGH_SOURCE)


def _too_low(today: date, since: date, activities: Sequence[ActivityRecord], rules: ReviewRules) -> BarrierSeen | None:
    advanced = any(day >= since and kind is DecisionKind.ADVANCE for a in activities for day, kind in a.decisions)
    if advanced:
        return None
    rated = [s.rpe for a in activities for s in a.sessions if since <= s.date <= today and s.rpe is not None]
    if len(rated) < rules.min_rated_sessions:
        return None
    average = sum(rated) / len(rated)
    if average > rules.light_rpe:
        return None
    return BarrierSeen("dose_too_low", f"no advance in the last {rules.window_days} days, and sessions felt light: "
                       f"effort {average:.1f}/10 on average over {len(rated)} sessions",
                       {"advances": 0, "average_rpe": round(average, 1), "sessions_rated": len(rated)},
                       f"effort > {rules.light_rpe:g}/10 or an advance", DOSE_TOO_LOW_SOURCE)


# ---- the patient's words --------------------------------------------------------------------------

_BARRIER_WORDS = {
    "adherence": "it has been hard to fit the sessions in",
    "pain_beliefs": "worry about pain has been holding you back",
    "sleep": "your sleep has been short",
    "workload": "you have had a lot on",
    "dose_too_high": "the exercise was too much for now",
    "dose_too_low": "the exercise was too easy to help you move on",
    "wrong_exercise": "the exercise did not fit your goal well",
}
_CHANGE_WORDS = {
    "sequence": "the order of your exercises",
    "added": "which exercises you do",
    "strategy": "how your exercise will build up",
    "dose": "how much you do",
}


def patient_words(barriers: Sequence[str], changes: Sequence[str]) -> str:
    """Why the plan changed, in plain words for the patient (no sources, no jargon): what got in
    the way, then what changed. Never empty: a review always changes something."""
    seen = [_BARRIER_WORDS[b] for b in barriers if b in _BARRIER_WORDS]
    parts = ["You had stopped making progress, so we looked at your plan together."]
    if seen:
        parts.append("We found that " + _joined(seen) + ".")
    changed = [_CHANGE_WORDS[c] for c in changes if c in _CHANGE_WORDS]
    if changed:
        parts.append("So we changed " + _joined(changed) + ".")
    parts.append("Your new plan starts today.")
    return " ".join(parts)


def _joined(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# ---- the safety order (hazard H39) ----------------------------------------------------------------

def dose_raise_refused(current: dict[str, float], new: dict[str, float], *, flare_in_progress: bool,
                       referral_standing: bool, latest_decision: DecisionKind | None) -> str | None:
    """Why a review may not raise this activity's dose now, or None. A review is a path to a new
    dose like any other, so it keeps the safety order: no raise while a referral stands (red flags,
    §4.2), during a flare (§5), or when the last check-in stepped back, flared or referred because
    the pain rule was broken (§3.1). Lowering or keeping the dose is always allowed."""
    raised = [d for d, value in new.items() if value > current.get(d, 0)]
    if not raised:
        return None
    if referral_standing:
        return "a red flag answered yes stands until a clinician's screening clears it; the dose cannot go up"
    if flare_in_progress:
        return "a flare is in progress; the dose can stay or go down until the flare plan has run"
    if latest_decision in (DecisionKind.REGRESS, DecisionKind.FLARE, DecisionKind.REFER):
        return (f"the last check-in decided {latest_decision.value} (the pain rule was broken at this dose); "
                "the dose cannot go up now")
    return None
