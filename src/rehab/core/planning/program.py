"""What the program builder hands back: a phased program in the clinic's words.

A :class:`Prescription` is one activity of one phase at its starting dose, with the dose it builds
towards, how often, and every reason it was chosen. It reuses the check-in engine's ``Dose`` and
``Strategy`` so :meth:`Prescription.to_activity` gives the engine's ``Activity`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.models import Activity, Dose, Increment, Strategy
from rehab.core.planning.comorbidities import Hold, StopSigns, gates_start, start_line
from rehab.core.planning.library import EVERY_EXERCISE, Component, Region

PHASES = ("foundation", "build", "function", "maintenance")


@dataclass(frozen=True, slots=True)
class Prescription:
    activity_id: str
    name: str
    kind: str  # "exercise" or "daily_activity"
    component: Component | None  # None for a daily activity
    region: Region
    dose: Dose  # where the phase starts
    target: Dose  # where the phase builds to (the engine's ceilings)
    sessions_per_week: int
    session: str | None  # "A", "B" or "A+B" for exercises; None for a quota done across the day
    strategy: Strategy
    goals: tuple[str, ...]
    ladder: tuple[str, ...]  # the rungs this person can use, easiest first (exercises only)
    minutes: float  # one session's time for this item at the target dose
    reasons: tuple[str, ...]  # for the person: plain words, no sources
    # Per-prescription overrides of the engine's default increments (e.g. a quota's weekly cap).
    increments: dict[str, Increment] = field(default_factory=dict)
    # For the clinician: ICF codes and how closely they match, the rule behind the dose, sources.
    rationale: tuple[str, ...] = ()
    # For the person, on a standing balance exercise when the plan keeps balance work supported:
    # what to hold from the start (Otago: hold a stable support, loosen the hold as balance improves).
    support: str = ""
    # The engine's RPE ceiling for advancing (its ``rpe_max_to_advance``) when the plan caps effort
    # (heart disease: HEART_EFFORT_LIMIT, hazard H54); None: the engine's default.
    effort_limit: float | None = None

    def limits(self) -> dict[str, float]:
        """The check-in engine's limits this prescription carries (its ``limits`` overrides): the
        effort cap as ``rpe_max_to_advance`` when the plan caps effort, else none. The one source
        for the plan's JSON and the stored program (rehab.services.programs.from_planner)."""
        return {"rpe_max_to_advance": self.effort_limit} if self.effort_limit is not None else {}

    def increments_with_ceilings(self) -> dict[str, Increment]:
        """The engine's increments for this prescription: defaults, overrides, and the phase target
        as each dimension's ceiling."""
        increments = {**DEFAULT_INCREMENTS, **self.increments}
        for dimension, value in self.target.items():
            increments[dimension] = replace(increments[dimension], ceiling=value)
        return increments

    def to_activity(self, started: date | None = None) -> Activity:
        """The check-in engine's activity: the default increments with this phase's target as the
        ceilings, so progression stops where the phase means it to."""
        return Activity(
            id=self.activity_id,
            dose=self.dose,
            sessions_per_week=float(self.sessions_per_week),
            increments=self.increments_with_ceilings(),
            progression_order=DEFAULT_PROGRESSION_ORDER,
            started=started,
        )


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A planned review: what is measured, and what it decides."""

    week: int
    date: date
    measures: tuple[str, ...]
    decides: str


@dataclass(frozen=True, slots=True)
class SessionDay:
    """One day of the usual week: which session, if any, and how long it takes at most."""

    day: str
    session: str | None  # "A", "B" or None for a rest day
    minutes: float


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    purpose: str
    first_week: int  # 1-based week of the program
    start: date
    weeks: int | None  # None for maintenance, which lasts
    prescriptions: tuple[Prescription, ...]
    week: tuple[SessionDay, ...]
    progression_criteria: tuple[str, ...]  # for the person: plain words
    checkpoint: Checkpoint | None
    criteria_sources: tuple[str, ...] = ()  # for the clinician: the rules above with their sources

    @property
    def minutes_per_session(self) -> float:
        return max((day.minutes for day in self.week), default=0.0)


@dataclass(frozen=True, slots=True)
class EducationSession:
    module: str
    title: str
    week: int
    reason: str


@dataclass(frozen=True, slots=True)
class GoalPath:
    """How the program reaches toward one goal."""

    goal: str
    words: str
    icf: str
    success: str
    by_phase: dict[str, tuple[str, ...]]  # phase -> activity ids serving the goal
    projected_week: int | None
    target_week: int
    on_track: bool
    note: str
    rationale: str = ""  # for the clinician, when the goal needs a word (e.g. above a load cap)


@dataclass(frozen=True, slots=True)
class Program:
    start: date
    strategy: Strategy
    starting_fraction: float
    phases: tuple[Phase, ...]
    education: tuple[EducationSession, ...]
    checkpoints: tuple[Checkpoint, ...]  # active-phase reviews, then maintenance reassessments
    reentry_triggers: tuple[str, ...]
    goals: tuple[GoalPath, ...]
    decisions: tuple[str, ...]  # for the person: plain words, no sources
    left_out: tuple[str, ...]
    # Movements held until a clinician records a clearance (e.g. blood pressure), with what to do.
    holds: tuple[Hold, ...] = ()
    # How hard any exercise may feel, and when to stop and get help, when a condition asks for it
    # (heart disease): shown with the plan and on the 'When to get help' page.
    effort_cap: str = ""
    stop_signs: StopSigns | None = None
    rationale: tuple[str, ...] = ()  # for the clinician: each decision's readings, rule and source
    # For the clinician only: things to check with the person before the plan is used (e.g. a goal
    # whose task is tracked by an activity of another kind). Never in the person's text.
    warnings: tuple[str, ...] = ()
    # Feared activities named at intake, offered as the first items of a graded-exposure hierarchy.
    exposure_offered: tuple[str, ...] = ()
    # The person's likes and dislikes with no match in the library, kept as said for the clinician
    # to talk over, and the words read as library words (as said, library word).
    likes_kept: tuple[str, ...] = ()
    dislikes_kept: tuple[str, ...] = ()
    words_read_as: tuple[tuple[str, str], ...] = ()

    def phase(self, name: str) -> Phase:
        return next(p for p in self.phases if p.name == name)

    @property
    def start_line(self) -> str:
        """The first line the person reads: the start date, or, while a clearance is pending, that
        the program starts once their clinician has checked (``comorbidities.start_line``)."""
        return start_line(self.start, (h.clearance for h in self.holds if gates_start(h.clearance, h.cautions)),
                          held_all=self.held_all,
                          checked_by={h.clearance: h.checked_by for h in self.holds if h.checked_by})

    @property
    def held_all(self) -> bool:
        """Every exercise and daily activity waits for a clearance (a blood pressure in the crisis
        range, hazard H55): nothing of the phases is done, and the plan is made again after it."""
        return any(EVERY_EXERCISE in h.cautions for h in self.holds)

    def patient_texts(self) -> list[str]:
        """Every text of the program the person reads (``rehab plan --text``): plain words at
        reading grade 8 or below, never empty, no citations. Sources live in ``rationale`` and
        ``criteria_sources``, for the clinician."""
        # The start line (``start_line``) carries a date, which the citation check would read as a
        # source ("December 2026"); its reading grade is tested with the plan text instead.
        texts = [*self.decisions, *self.reentry_triggers, *(g.note for g in self.goals),
                 *(e.reason for e in self.education)]
        if self.effort_cap:
            texts.append(self.effort_cap)
        if self.stop_signs is not None:
            texts += [*self.stop_signs.signs, self.stop_signs.what_to_do]
        for phase in self.phases:
            texts += [phase.purpose, *phase.progression_criteria]
            texts += [r for p in phase.prescriptions for r in p.reasons]
            texts += [p.support for p in phase.prescriptions if p.support]
        return texts

    @property
    def minutes_per_session(self) -> float:
        """The longest session of any phase."""
        return max(phase.minutes_per_session for phase in self.phases)

    @property
    def active_weeks(self) -> int:
        return sum(p.weeks or 0 for p in self.phases)
