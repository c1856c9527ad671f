"""Value types in the clinic's words.

Everything here is an immutable value: a check-in is a snapshot of where a patient stands with one
activity, and a decision is what follows from it. Dates are plain ``datetime.date`` values passed
in by the caller; nothing here knows what day it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from rehab.core.limits import Limits

if TYPE_CHECKING:  # the types of optional check-in parts, defined beside the rules that read them
    from rehab.core.exposure import BehaviouralExperiment, ExposureStep, FearHierarchy
    from rehab.core.self_management import SelfAdjustment, SelfManagementBounds

# The dimensions a dose really has. Order matters only for display.
DIMENSIONS: tuple[str, ...] = ("sets", "reps", "load_kg", "duration_s", "distance_m", "steps", "level")
# Dimensions counted in whole numbers (a patient cannot do 10.4 reps).
WHOLE_DIMENSIONS = frozenset({"sets", "reps", "steps", "level"})
# How much of something is done, as opposed to how hard (load) or which variant (level).
VOLUME_DIMENSIONS: tuple[str, ...] = ("reps", "duration_s", "distance_m", "steps")


class Strategy(StrEnum):
    """How an activity progresses.

    ``symptom_contingent`` lets pain responses steer the dose (pain-monitoring model);
    ``time_contingent`` raises quotas on a pre-agreed schedule whatever the pain (operant graded
    activity); ``graded_exposure`` works up a hierarchy of feared activities, each practised as a
    behavioural experiment, for people whose pain-related fear keeps them from those activities
    (the target is the fear, not the tissue). Patients differ in which suits them, so it is chosen
    per patient or per activity.
    """

    SYMPTOM_CONTINGENT = "symptom_contingent"
    TIME_CONTINGENT = "time_contingent"
    GRADED_EXPOSURE = "graded_exposure"


class DecisionKind(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    REGRESS = "regress"
    FLARE = "flare"
    REFER = "refer"
    REFORMULATE = "reformulate"


class Urgency(StrEnum):
    """How soon a referral must happen; the order is from most to least urgent."""

    EMERGENCY = "emergency"  # now: emergency department
    URGENT = "urgent"  # same day
    ROUTINE = "routine"  # clinician review at the next opportunity


URGENCY_RANK = {Urgency.EMERGENCY: 3, Urgency.URGENT: 2, Urgency.ROUTINE: 1}


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
        present = tuple((d, v) for d in DIMENSIONS if (v := getattr(self, d)) is not None)
        object.__setattr__(self, "_present", present)

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
    the same kind of thing (see ``rehab.core.increments``)."""

    step: float
    percent: bool
    minimum: float
    cap: float
    floor: float = 0.0
    ceiling: float | None = None


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
    day was and ``sitting_hours`` how long was spent sitting: the diary insights look for patterns
    with them (``rehab.core.insights``)."""

    date: date
    pain: float | None = None
    pain_next_morning: float | None = None
    sleep_hours: float | None = None
    mood: float | None = None
    stress: float | None = None
    flare_declared: bool | None = None
    activity_level: float | None = None
    sitting_hours: float | None = None


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


class Criterion(NamedTuple):
    """One rule checked for a decision: the patient's value, the threshold, whether it passed and
    where the rule comes from. ``group`` says what kind of rule it is (safety, flare, pain, dose,
    effort, adherence, monitoring, schedule, stall, exposure, self_management).

    A named tuple rather than a frozen dataclass: every check-in makes about twenty of them, and a
    tuple is four times cheaper to build while just as immutable."""

    name: str
    group: str
    value: Any
    threshold: str
    passed: bool
    source: str


class Alert(NamedTuple):
    """Something a clinician must see, whatever the decision."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ReturnStep:
    dose: Dose
    percent_of_pre_flare: int


@dataclass(frozen=True, slots=True)
class FlarePlan:
    """The reduced dose for the flare and the steps back to the pre-flare dose."""

    reduced_dose: Dose
    steps: tuple[ReturnStep, ...]
    step_rule: str
    review_by: date


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens next for one activity, and every reason why."""

    kind: DecisionKind
    urgency: Urgency | None
    next_dose: Dose | None
    criteria: tuple[Criterion, ...]
    message_patient: str
    summary_clinician: str
    rule_version: str
    alerts: tuple[Alert, ...] = ()
    flare_episode: FlareEpisode | None = None
    flare_plan: FlarePlan | None = None
    # Under graded exposure: the hierarchy item to practise next, and why it is that one.
    exposure: ExposureStep | None = None
