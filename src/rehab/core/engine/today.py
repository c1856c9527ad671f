"""What a patient should do today, as one answer every patient page shows.

A patient's day can carry several findings at once: a red flag she ticked, a flare she declared,
a regression of one exercise, a hold of another. Each page used to read a different one, so the
same screen could say "pause your exercises" above ten exercise cards at their usual doses. This
module orders them once, with the engine's own precedence (refer > flare > regress > hold >
advance, :mod:`rehab.core.engine.progression`), and says what follows: one plain sentence, the
doses to show, and whether a session may be logged.

The referral comes from the standing red-flag answers through the engine's triage
(:func:`rehab.core.engine.safety.triage`), not from a stored decision, so it holds from the moment
a sign is ticked until a clinician's screening clears it (clinical reference §4.2: the engine can
only escalate; a clinician de-escalates). The doses are the activities' current doses, which the
engine's last decision set (during a flare, the flare plan's reduced dose: :mod:`rehab.core.engine.flare`),
worded by :func:`rehab.core.engine.messages.describe_dose`, the same words as every other page.

Which activities are due today comes from the planner's usual week kept with the program
(:class:`UsualWeek`): on a session-A day the session-A exercises and the activities done across
the day, on a rest day only those. A program saved before the week was kept (or set by hand)
has no week, and every activity is due every day, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from rehab.core.engine.messages import REFERRAL_ADVICE, describe_dose, new_neuro_advice, referral_sentence
from rehab.core.engine.safety import stops_exercise, triage
from rehab.core.models import DecisionKind, Dose, Symptoms, Urgency


class TodayState(StrEnum):
    """The one thing that decides what a patient sees today, most pressing first."""

    REFER_EMERGENCY = "refer_emergency"
    REFER_URGENT = "refer_urgent"
    REFER_ROUTINE = "refer_routine"
    FLARE = "flare"
    REGRESS = "regress"
    HOLD = "hold"
    ADVANCE = "advance"
    USUAL = "usual"


_REFERRAL_STATE = {Urgency.EMERGENCY: TodayState.REFER_EMERGENCY, Urgency.URGENT: TodayState.REFER_URGENT,
                   Urgency.ROUTINE: TodayState.REFER_ROUTINE}

# The engine's precedence for the activities' latest decisions (refer > flare > regress > hold >
# advance); a reformulation is a hold that asks for a new plan. A referral decided earlier and
# not standing now (a clinician's screening cleared it) counts as a hold until the next check-in.
_ORDER = {DecisionKind.FLARE: TodayState.FLARE, DecisionKind.REGRESS: TodayState.REGRESS,
          DecisionKind.HOLD: TodayState.HOLD, DecisionKind.REFORMULATE: TodayState.HOLD,
          DecisionKind.REFER: TodayState.HOLD, DecisionKind.ADVANCE: TodayState.ADVANCE}
_RANK = {state: rank for rank, state in enumerate(TodayState)}

# One plain sentence for each state (reading grade <= 8; a test checks each).
SENTENCES = {
    TodayState.REFER_EMERGENCY: REFERRAL_ADVICE[Urgency.EMERGENCY],
    TodayState.REFER_URGENT: REFERRAL_ADVICE[Urgency.URGENT],
    TodayState.REFER_ROUTINE: REFERRAL_ADVICE[Urgency.ROUTINE],
    TodayState.FLARE: "You are on your flare plan, so do the smaller doses below and keep moving gently.",
    TodayState.REGRESS: "Some of your exercises are eased back a little, so do the doses shown below.",
    TodayState.HOLD: "Keep to the doses shown below for now.",
    TodayState.ADVANCE: "Well done, some of your doses have gone up, so do the doses shown below.",
    TodayState.USUAL: "Here is what to do today.",
}
NEW_SYMPTOMS_SENTENCE = "You told us about new symptoms, so do not go up from the doses below until they are checked."


@dataclass(frozen=True, slots=True)
class ActivityNow:
    """Where one activity of the program stands: its current dose, the kind of its latest decision
    (a clinician's override in place of the engine's; None before any check-in) and whether a flare
    episode is open for it (the reduced dose, or a step on the way back)."""

    activity_id: str
    dose: Dose
    latest: DecisionKind | None = None
    on_flare_plan: bool = False


@dataclass(frozen=True, slots=True)
class ActivityToday:
    """One activity as the patient is shown it today: the dose and the dose in words."""

    activity_id: str
    dose: Dose
    dose_text: str
    on_flare_plan: bool


@dataclass(frozen=True, slots=True)
class UsualWeek:
    """The planner's usual week as the program keeps it: the session each weekday holds (Monday
    first; None for a rest day) and the session each activity sits in ("A", "B" or "A+B"; None
    for a quota done across the day, due every day). An activity the week does not name (added
    to the program by hand later) is due every day."""

    sessions: tuple[str | None, ...]  # seven, Monday first
    placement: Mapping[str, str | None]

    def session_on(self, day: date) -> str | None:
        return self.sessions[day.weekday()]

    def due_on(self, activity_id: str, day: date) -> bool:
        if activity_id not in self.placement or self.placement[activity_id] is None:
            return True
        session = self.session_on(day)
        return session is not None and session in (self.placement[activity_id] or "").split("+")


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """One day of the coming week: its session (None: a rest day) and the activities due."""

    day: date
    session: str | None
    activity_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TodaysGuidance:
    """What this person should do today: the state, one sentence, the activities with their doses
    (none while a referral stops exercise) and whether a session may be logged."""

    state: TodayState
    urgency: Urgency | None
    sentence: str
    activities: tuple[ActivityToday, ...]  # every activity of the program, at today's dose
    logging_allowed: bool
    # From the program's usual week: the activities due today, today's session ("A", "B"; None on
    # a rest day or without a week), and the seven days from today. Without a stored week every
    # activity is due and ``week`` is empty.
    due_ids: frozenset[str] | None = None
    session: str | None = None
    week: tuple[PlannedDay, ...] = field(default=())

    @property
    def week_known(self) -> bool:
        return self.due_ids is not None

    @property
    def rest_day(self) -> bool:
        return self.week_known and self.session is None

    @property
    def due_today(self) -> tuple[ActivityToday, ...]:
        """The activities to do today: today's session and the quotas done across the day."""
        return tuple(a for a in self.activities if self.is_due(a.activity_id))

    def is_due(self, activity_id: str) -> bool:
        return self.due_ids is None or activity_id in self.due_ids

    @property
    def exercise_stopped(self) -> bool:
        """An emergency or urgent referral stands: no exercise until a clinician has reviewed."""
        return not self.logging_allowed

    @property
    def on_flare_plan(self) -> bool:
        return any(a.on_flare_plan for a in self.activities)

    def dose_of(self, activity_id: str) -> ActivityToday | None:
        return next((a for a in self.activities if a.activity_id == activity_id), None)


def todays_guidance(red_flags: frozenset[str], symptoms: Symptoms, activities: Sequence[ActivityNow],
                    day: date | None = None, week: UsualWeek | None = None) -> TodaysGuidance:
    """The day's guidance from the red flags and new symptoms standing and where each activity
    stands. A standing emergency or urgent referral wins over everything and shows no activity;
    otherwise the most pressing latest decision sets the sentence and each activity is shown at
    its current dose. With the program's usual week (and the ``day``), the activities due today
    and the coming week are named too."""
    out = _guidance(red_flags, symptoms, activities)
    if week is None or day is None:
        return out
    ids = [a.activity_id for a in out.activities]
    days = tuple(PlannedDay(d, week.session_on(d), tuple(i for i in ids if week.due_on(i, d)))
                 for d in (day + timedelta(days=n) for n in range(7)))
    return TodaysGuidance(out.state, out.urgency, out.sentence, out.activities, out.logging_allowed,
                          due_ids=frozenset(days[0].activity_ids), session=days[0].session, week=days)


def _guidance(red_flags: frozenset[str], symptoms: Symptoms, activities: Sequence[ActivityNow]) -> TodaysGuidance:
    safety = triage(red_flags, symptoms)
    urgency = safety.urgency
    sentence = None
    if urgency is not Urgency.EMERGENCY and symptoms.new_neuro_symptoms:  # beside a routine or urgent flag too
        # New numbness, tingling or weakness, during a flare (H40) or not (H50): seen today, as the
        # check-in decides, in the check-in's own words (no exercise, the clinic will call, the
        # emergency safety net).
        urgency, sentence = Urgency.URGENT, new_neuro_advice(any(a.on_flare_plan for a in activities))
    if stops_exercise(urgency):
        state = _REFERRAL_STATE[urgency]
        return TodaysGuidance(state, urgency, sentence or referral_sentence(urgency, red_flags), (),
                              logging_allowed=False)
    shown = tuple(ActivityToday(a.activity_id, a.dose, describe_dose(a.dose, level=False), a.on_flare_plan)
                  for a in activities)
    if safety.urgency is not None:
        state = _REFERRAL_STATE[safety.urgency]
        return TodaysGuidance(state, safety.urgency, SENTENCES[state], shown, logging_allowed=True)
    state = min((_ORDER[a.latest] for a in activities if a.latest is not None), key=_RANK.__getitem__,
                default=TodayState.USUAL)
    if safety.hold_for_review and _RANK[state] >= _RANK[TodayState.HOLD]:
        return TodaysGuidance(TodayState.HOLD, None, NEW_SYMPTOMS_SENTENCE, shown, logging_allowed=True)
    return TodaysGuidance(state, None, SENTENCES[state], shown, logging_allowed=True)
