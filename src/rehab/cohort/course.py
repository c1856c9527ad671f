"""One person's program under one policy, day by day, with the counts the figures are made of.

The walking quota's first prescription (its starting dose, weekly increment, sessions a week and,
under the ``engine`` policy, its strategy) is the real planner's (:func:`daily_quotas` on the
planner's own calendar), given an intake built from the person as a clinic would measure them
(three tolerance measures, usual pain, fear and self-efficacy flags, a walking goal). The full
:func:`rehab.core.planning.build_program` is not run per person: it takes about 55 ms, 9 minutes for
10,000 people, and it gives this same quota.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from rehab.cohort.exposure import FearMind, hierarchy_for
from rehab.cohort.people import Traits, draw
from rehab.cohort.person import SimulatedPerson
from rehab.cohort.policies import ExposurePolicy, Policy
from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.monitoring import RunningDiary
from rehab.core.models import (
    BaselineAnchor,
    DecisionKind,
    BehaviouralExperiment,
    DiaryEntry,
    Dose,
    FearHierarchy,
    FlareEpisode,
    HistoryEntry,
    Increment,
    SessionLog,
    Strategy,
)
from rehab.core.planning.calendar import stages
from rehab.core.planning.dosing import starting_fraction
from rehab.core.planning.goals import Goal, Task
from rehab.core.planning.intake import (
    Baseline,
    Intake,
    Person,
    Preferences,
    Psychosocial,
    Tolerance,
    excluded_cautions,
    findings,
)
from rehab.core.planning.library import Library, Region
from rehab.core.planning.quotas import daily_quotas

START = date(2027, 1, 4)  # a Monday; the baseline diary fortnight is before it
BASELINE_DAYS = 14  # §7.2 step 1: ideally 14 diary days before the program
KINDS = tuple(k.value for k in DecisionKind)


@dataclass(frozen=True)
class Start:
    """The starting program for the simulated activity, as the planner would set it."""

    dose: Dose
    increments: dict[str, Increment]
    strategy: Strategy
    fraction: float
    sessions_per_week: float


def intake_of(traits: Traits, rng: random.Random) -> Intake:
    """What a clinic would record at intake: three tolerance measures with the day-to-day spread of
    real ones (about 10%, assumption), the usual pain as said, fear and self-efficacy flags as the
    TSK-11 and PSEQ would show them (§1.7, §1.9), and the walking goal."""
    measures = tuple(round(traits.capacity_s * rng.uniform(0.9, 1.1) / 30) * 30 for _ in range(3))
    return Intake(
        today=START,
        person=Person(55, (Region.LUMBAR,)),
        baseline=Baseline(
            tolerances=(Tolerance("walking", "duration_s", measures),),
            usual_pain=round(traits.usual_pain),
            psychosocial=Psychosocial(fear_avoidance_high=traits.fear >= 0.5,
                                      self_efficacy_low=traits.self_efficacy < 0.4),
        ),
        goals=(Goal(id="walk", words="Walk to the market and back", icf="d4501",
                    task=Task("walk to the market and back", Dose(duration_s=traits.goal_s),
                              Dose(duration_s=measures[0]), "walking"),
                    priority=1, target_date=START + timedelta(weeks=26)),),
        preferences=Preferences(minutes_per_day=60, days_per_week=7),
    )


def starting_program(traits: Traits, library: Library, rng: random.Random) -> Start:
    """The planner's first walking quota for this person (the first phase's prescription: dose,
    increment, sessions a week and strategy, which for a daily quota is time-contingent whatever
    the program's strategy for exercise, §3.4); the goal is the ceiling of the whole program."""
    intake = intake_of(traits, rng)
    fraction, _ = starting_fraction(intake)
    calendar, _ = stages(intake, findings(intake))
    quotas, _ = daily_quotas(intake, library, excluded_cautions(intake.constraints), fraction, calendar)
    first = next(p for p in quotas[calendar[0].name] if p.activity_id == "walking")
    increments = {**DEFAULT_INCREMENTS, **first.increments}
    increments["duration_s"] = replace(increments["duration_s"], ceiling=traits.goal_s)
    return Start(first.dose, increments, first.strategy, fraction, first.sessions_per_week)


@dataclass
class Outcome:
    """The counts kept for one person under one policy."""

    person: int
    subgroup: str
    strategy: str
    days_followed: int = 0
    goal_week: int | None = None
    flares: int = 0  # flares the person had (the model's, not the engine's)
    flare_decisions: int = 0
    advances: int = 0
    advances_over_tolerance: int = 0  # advanced while the dose was above what they tolerate
    red_flag: bool = False
    referred: bool = False
    missed_red_flags: int = 0  # check-ins with a red flag that did not refer
    dropped_out: bool = False
    checkins: int = 0
    days_in: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Course:
    """One person's program: their logs so far and the current prescription."""

    start: date
    dose: Dose
    increments: dict[str, Increment]
    strategy: Strategy
    goal_s: float
    anchor: BaselineAnchor
    sessions_per_week: float = 7
    activity_id: str = "walking"
    progression_order: tuple[str, ...] = DEFAULT_PROGRESSION_ORDER
    sessions: list[SessionLog] = field(default_factory=list)
    diary: list[DiaryEntry] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    episode: FlareEpisode | None = None
    red_flags: frozenset[str] = frozenset()
    # Graded exposure only: the fear hierarchy, the item the last decision named (None: the least
    # feared), each item's walking time, and the experiments logged.
    hierarchy: FearHierarchy | None = None
    exposure_item: str | None = None
    item_loads: dict[str, float] = field(default_factory=dict)
    experiments: list[BehaviouralExperiment] = field(default_factory=list)
    # The diary's daily series kept as it grows, so each check-in does not read the whole diary
    # window again (``monitoring.RunningDiary``; the engine's decisions are the same).
    running: RunningDiary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.running = RunningDiary(self.diary)

    def item(self):
        """The hierarchy item practised today (None without graded exposure)."""
        if self.hierarchy is None:
            return None
        return next((i for i in self.hierarchy.items if i.id == self.exposure_item), self.hierarchy.items[0])


def _morning(course: Course, today: date, morning: int | None) -> bool:
    """This morning's pain goes onto yesterday's diary entry (``pain_next_morning`` is the pain on
    waking the morning after the entry's day)."""
    if morning is None:
        return False
    yesterday = today - timedelta(days=1)
    last = course.diary[-1] if course.diary else None
    if last is not None and last.date == yesterday:
        # The cohort's entries carry a day and its pain only: built directly (dataclasses.replace is
        # several times slower, on every simulated day).
        course.running.replace_latest(DiaryEntry(last.date, pain=last.pain, pain_next_morning=morning))
    else:
        course.running.append(DiaryEntry(yesterday, pain_next_morning=morning))
    return True


def run_person(index: int, seed: int, weeks: int, policy: Policy, library: Library) -> Outcome:
    """Person ``index`` of cohort ``seed`` through ``weeks`` of their program under ``policy``.
    Deterministic: the same arguments give the same outcome."""
    traits = draw(random.Random(f"{seed}:{index}:traits"), weeks)
    start = starting_program(traits, library, random.Random(f"{seed}:{index}:intake"))
    person = SimulatedPerson(traits, random.Random(f"{seed}:{index}:days"))
    first = START - timedelta(days=BASELINE_DAYS)
    course = Course(START, start.dose, start.increments, start.strategy, traits.goal_s,
                    BaselineAnchor(first, START - timedelta(days=1)), start.sessions_per_week)
    if isinstance(policy, ExposurePolicy):  # the fear hierarchy from the planner's starting dose to the goal
        course.hierarchy, course.item_loads = hierarchy_for(traits, start.dose.duration_s or 0.0)
        person.mind = FearMind.of(traits, course.hierarchy, START, random.Random(f"{seed}:{index}:fears"))
    strategy = getattr(policy, "strategy", None) or start.strategy
    out = Outcome(index, traits.subgroup, strategy.value)
    for offset in range(-BASELINE_DAYS, 0):  # the baseline fortnight: diary only
        day_ = START + timedelta(days=offset)
        _morning(course, day_, person.wake(offset))
        lived = person.live(offset, None)
        if lived.pain is not None:
            course.running.append(DiaryEntry(day_, pain=lived.pain))
    in_force = DecisionKind.HOLD.value
    logged_since = True  # the baseline diary has not been checked in yet
    for n in range(weeks * 7):
        # The day begins with the morning question, then the check-in the logs since the last one
        # call for (the server checks in when a log arrives; one check-in a day, in the morning,
        # so yesterday's session has its next morning), then the day's session and diary.
        today = START + timedelta(days=n)
        logged = _morning(course, today, person.wake(n)) or logged_since
        flag = person.red_flag(n)
        if flag is not None:
            out.red_flag = True
            course.red_flags = frozenset({flag})
            logged = True  # the red-flag answer is itself a log
        dose_s = course.dose.duration_s or 0.0
        step = policy.decide(course, today, logged)
        if step is not None:
            out.checkins += 1
            kind = step.kind
            in_force = kind.value
            course.history.append(HistoryEntry(today, kind))
            if course.red_flags and kind is not DecisionKind.REFER:
                out.missed_red_flags += 1
            if kind is DecisionKind.FLARE:
                out.flare_decisions += 1
            next_s = step.next_dose.duration_s if step.next_dose is not None else None
            if kind is DecisionKind.ADVANCE and next_s is not None and next_s > dose_s:
                out.advances += 1
                if dose_s > person.tolerance:
                    out.advances_over_tolerance += 1
            course.episode = step.episode
            if step.item is not None:
                course.exposure_item = step.item
            if step.next_dose is not None:
                course.dose = step.next_dose
            if kind is DecisionKind.REFER:
                out.referred = True  # seen by a clinician: the simulation of this person ends here
                out.days_in[in_force] += 1
                out.days_followed = n + 1
                break
        lived = person.live(n, course.dose.duration_s or 0.0, course.item())
        if person.dropped_out:
            out.dropped_out = True
            break
        out.days_followed = n + 1
        out.days_in[in_force] += 1
        out.flares += lived.flare_started
        if lived.done_s >= traits.goal_s and out.goal_week is None:
            out.goal_week = n // 7 + 1
        logged_since = False
        if lived.logged and lived.experiment is not None:  # an exposure is logged as an experiment
            course.experiments.append(lived.experiment)
            logged_since = True
        elif lived.logged:
            course.sessions.append(SessionLog(today, Dose(duration_s=lived.done_s), pain_during=lived.pain_during,
                                              rpe=lived.rpe))
            logged_since = True
        if lived.pain is not None:
            course.running.append(DiaryEntry(today, pain=lived.pain))
            logged_since = True
    return out
