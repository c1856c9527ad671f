"""A check-in: everything the engine is told about one activity on one day.

Everything here is an immutable value: a check-in is a snapshot of where a patient stands with one
activity. Dates are plain ``datetime.date`` values passed in by the caller; nothing here knows what
day it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rehab.core.models.dose import Dose, Increment
from rehab.core.models.exposure import BehaviouralExperiment, FearHierarchy
from rehab.core.models.kinds import DecisionKind, Strategy
from rehab.core.models.limits import Limits
from rehab.core.models.self_management import SelfAdjustment, SelfManagementBounds


@dataclass(frozen=True, slots=True)
class Activity:
    """One activity of a program at its current prescription: an exercise or a graded daily
    activity (walking, sitting tolerance, ...)."""

    id: str
    dose: Dose
    sessions_per_week: float
    increments: dict[str, Increment]
    progression_order: tuple[str, ...]
    started: date | None = None


@dataclass(frozen=True, slots=True)
class SessionLog:
    """What the patient did in one session, and how it felt (pain 0-10 NRS; effort as RPE 0-10
    or reps in reserve)."""

    date: date
    completed: Dose
    pain_during: float | None = None
    pain_after: float | None = None
    rpe: float | None = None
    rir: float | None = None


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    """One pain-diary entry; several a day are allowed. ``pain`` is the usual pain that day,
    ``pain_next_morning`` the pain on waking the morning after ``date``, ``sleep_hours`` the sleep
    of the night before ``date``. ``activity_level`` (0-10) says how busy or physically heavy the
    day was and ``sitting_hours`` how long was spent sitting; ``tags`` are the triggers the patient
    marked that day (see :data:`TRIGGER_TAGS`). The diary insights look for patterns with them
    (``rehab.core.insights``)."""

    date: date
    pain: float | None = None
    pain_next_morning: float | None = None
    sleep_hours: float | None = None
    mood: float | None = None
    stress: float | None = None
    flare_declared: bool | None = None
    activity_level: float | None = None
    sitting_hours: float | None = None
    tags: frozenset[str] = frozenset()


# The triggers a patient can mark on a diary day, and how the day reads in plain words. People
# with persistent pain often name these as what set it off; the insights look at each one used.
TRIGGER_TAGS = {
    "activity": "a lot of activity",
    "stress": "stress",
    "weather": "the weather",
    "work": "work",
}


@dataclass(frozen=True, slots=True)
class Symptoms:
    new_neuro_symptoms: bool = False
    unexplained_swelling: bool = False


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """An earlier check-in decision for this activity."""

    date: date
    decision: DecisionKind


@dataclass(frozen=True, slots=True)
class FlareEpisode:
    """A flare in progress: when it started and the dose to return to. The engine returns it with
    each decision and takes it back at the next check-in; that is all the state a flare needs."""

    started: date
    pre_flare_dose: Dose


@dataclass(frozen=True, slots=True)
class BaselineAnchor:
    """The diary days a patient's personal baseline is anchored to: the baseline phase at the start
    of the diary (``reason`` "intake", §7.2 step 1), or a window a clinician confirmed on
    ``confirmed_on`` when re-baselining after a setback, a medication change or a new programme
    phase (§7.2 step 5; ``reason`` says which). The yardstick never moves by itself: only a
    clinician moves it."""

    first: date
    last: date
    reason: str = "intake"
    confirmed_on: date | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """Everything the engine needs to decide about one activity on one day.

    ``hierarchy`` and ``experiments`` are read under the graded-exposure strategy (each experiment
    is a session of the activity); ``bounds`` and ``adjustments`` are the self-management bounds
    agreed with the clinician and the changes the patient made within them."""

    today: date
    activity: Activity
    strategy: Strategy = Strategy.SYMPTOM_CONTINGENT
    limits: Limits = field(default_factory=Limits)
    sessions: tuple[SessionLog, ...] = ()
    diary: tuple[DiaryEntry, ...] = ()
    red_flags: frozenset[str] = frozenset()
    symptoms: Symptoms = field(default_factory=Symptoms)
    history: tuple[HistoryEntry, ...] = ()
    flare_episode: FlareEpisode | None = None
    hierarchy: FearHierarchy | None = None
    experiments: tuple[BehaviouralExperiment, ...] = ()
    bounds: SelfManagementBounds | None = None
    adjustments: tuple[SelfAdjustment, ...] = ()
    baseline_anchor: BaselineAnchor | None = None
    # PHQ-9 item 9 (thoughts of self-harm) answered above 0, or left unanswered, and no clinician's
    # risk assessment recorded since: automated advice pauses (clinical reference §1.4; H48, H43).
    risk_assessment_due: bool = False


