"""The rule sets a cohort is run under. Each says, for one person on one day, what happens next
with their walking quota: a decision kind and the next dose.

- ``engine``: the real check-in (:func:`rehab.core.engine.progression.check_in`) on the quota as
  the planner prescribed it (time-contingent), or with a strategy forced for everyone
  (``engine-symptom``, ``engine-time``), or with a clinic's own thresholds from a settings file
  (the engine's ``Limits``).
  It is asked when a log arrives, as the server does (a session, a diary entry or a red-flag answer).
- ``engine-exposure``: the real check-in under graded exposure (Strategy.GRADED_EXPOSURE), given
  what :func:`rehab.services.checkins.build_check_in` gives it for an exposure activity: the fear
  hierarchy with the item the last decision named, the behavioural experiments of the last
  HISTORY_DAYS, and no sessions (an exposure is logged as an experiment). The simulated person's
  hierarchy and beliefs are in :mod:`rehab.cohort.exposure`; when the decision moves to another
  item, the dose becomes that item's walking time.
- ``linear``: a fixed protocol, +10% of the quota at the end of every week whatever happens (§3.4
  names about 10% a week as the pacing increment; here nothing else is looked at).
- ``pain-avoidant``: +10% at the end of a week only when pain during that week's sessions was at
  most 2/10 on average; otherwise the same quota.

The comparison policies refer a person who answers a red-flag question yes, as any clinic would;
they have no flare plan, no regression and no adherence rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rehab.core.engine.progression import check_in
from rehab.core.models import SAME, Activity, CheckIn, Decision, DecisionKind, Dose, FlareEpisode, Limits, Strategy

if TYPE_CHECKING:
    from rehab.cohort.course import Course

# How far back the server reads for a check-in (rehab.services.checkins HISTORY_DAYS and
# DIARY_DAYS; a test keeps them in step): the engine is given the same window here, no more.
HISTORY_DAYS = 120
DIARY_DAYS = 70

# The comparison protocols' weekly step: about 10% a week (activity pacing, §3.4).
WEEKLY_STEP = 0.10
# The pain-avoidant protocol advances only when pain during the week's sessions averaged <= 2/10.
PAIN_AVOIDANT_MAX = 2.0


@dataclass(frozen=True, slots=True)
class Step:
    """What a policy decided on one day."""

    kind: DecisionKind
    next_dose: Dose | None
    episode: FlareEpisode | None = None
    item: str | None = None  # under graded exposure: the hierarchy item to practise next


@dataclass(frozen=True)
class EnginePolicy:
    """The real engine. ``strategy`` None: the strategy the planner prescribed."""

    name: str
    strategy: Strategy | None = None
    limits: Limits = Limits()

    def decide(self, course: Course, today: date, logged: bool) -> Step | None:
        if not logged:  # the server checks in when a log arrives
            return None
        d = check_in(self.check_in(course, today), _kept_diary(course, today))
        return Step(d.kind, d.next_dose, d.flare_episode)

    def check_in(self, course: Course, today: date) -> CheckIn:
        """The check-in the server would build for this day (rehab.services.checkins.build_check_in):
        sessions and history of the last HISTORY_DAYS, the diary since the anchored baseline or
        DIARY_DAYS back, whichever is earlier."""
        since = today - timedelta(days=HISTORY_DAYS)
        diary_from = _diary_from(course, today)
        return CheckIn(
            today=today,
            activity=Activity(course.activity_id, course.dose, course.sessions_per_week, course.increments,
                              course.progression_order, course.start),
            strategy=self.strategy or course.strategy,
            limits=self.limits,
            sessions=tuple(_since(course.sessions, since)),
            diary=tuple(_since(course.diary, diary_from)),
            red_flags=course.red_flags,
            history=tuple(_since(course.history, since)),
            flare_episode=course.episode,
            baseline_anchor=course.anchor,
        )


@dataclass(frozen=True)
class ExposurePolicy(EnginePolicy):
    """The real engine's graded exposure: the walking quota is practised as behavioural experiments
    with the items of the person's fear hierarchy, least feared first."""

    strategy: Strategy | None = Strategy.GRADED_EXPOSURE

    def decide(self, course: Course, today: date, logged: bool) -> Step | None:
        if not logged:
            return None
        d = self.decision(course, today)
        step, next_dose = d.exposure, d.next_dose
        if step is not None and step.move != SAME:  # another item: its walking time is the dose
            next_dose = Dose(duration_s=course.item_loads[step.item.id])
        return Step(d.kind, next_dose, d.flare_episode, step.item.id if step is not None else None)

    def decision(self, course: Course, today: date) -> Decision:
        """The engine's decision, as the server's check-in after an experiment log makes it."""
        return check_in(self.check_in(course, today), _kept_diary(course, today))

    def check_in(self, course: Course, today: date) -> CheckIn:
        """As the server builds it for an exposure activity (``build_check_in`` with
        ``exposure_records``): the hierarchy at the current item, the experiments dated after
        today - HISTORY_DAYS up to today, and no sessions."""
        since = today - timedelta(days=HISTORY_DAYS)
        experiments = [e for e in _since(course.experiments, since) if e.date > since and e.date <= today]
        return replace(super().check_in(course, today), strategy=Strategy.GRADED_EXPOSURE, sessions=(),
                       hierarchy=replace(course.hierarchy, current=course.exposure_item),
                       experiments=tuple(experiments))


def _diary_from(course: Course, today: date) -> date:
    """The first day of the diary a check-in on ``today`` is given."""
    return min(course.anchor.first, today - timedelta(days=DIARY_DAYS))


def _kept_diary(course: Course, today: date):
    """The diary's series of a check-in on ``today`` as the person's running diary keeps them (what
    the engine would read from the check-in's diary), or None when the diary was changed behind its
    back (the engine then reads it)."""
    return course.running.series(_diary_from(course, today)) if course.running.in_step(course.diary) else None


def _since(entries: list, first: date) -> list:
    """The tail of a date-ordered list from ``first`` on (most of it, so looked for from the front)."""
    for n, entry in enumerate(entries):
        if entry.date >= first:
            return entries[n:] if n else entries
    return []


@dataclass(frozen=True)
class WeeklyPolicy:
    """A calendar protocol: decides at the end of each program week; refers on a red flag."""

    name: str
    pain_avoidant: bool = False

    def decide(self, course: Course, today: date, logged: bool) -> Step | None:
        if course.red_flags:
            return Step(DecisionKind.REFER, None)
        if (today - course.start).days % 7 != 6:
            return None
        if self.pain_avoidant:
            week = today - timedelta(days=6)
            pains = [s.pain_during for s in course.sessions if s.date >= week and s.pain_during is not None]
            if not pains or sum(pains) / len(pains) > PAIN_AVOIDANT_MAX:
                return Step(DecisionKind.HOLD, course.dose)
        current = course.dose.duration_s or 0.0
        raised = min(course.goal_s, round(current * (1 + WEEKLY_STEP) / 5) * 5)
        if raised <= current:
            return Step(DecisionKind.HOLD, course.dose)
        return Step(DecisionKind.ADVANCE, Dose(duration_s=raised))


Policy = EnginePolicy | ExposurePolicy | WeeklyPolicy

NAMED = {
    "engine": EnginePolicy("engine"),
    "engine-symptom": EnginePolicy("engine-symptom", Strategy.SYMPTOM_CONTINGENT),
    "engine-time": EnginePolicy("engine-time", Strategy.TIME_CONTINGENT),
    "engine-exposure": ExposurePolicy("engine-exposure"),
    "linear": WeeklyPolicy("linear"),
    "pain-avoidant": WeeklyPolicy("pain-avoidant", pain_avoidant=True),
}


def with_limits(name: str, limits: Limits, strategy: Strategy | None = None) -> EnginePolicy:
    """The engine with a clinic's own thresholds (a settings file's ``Limits``)."""
    return EnginePolicy(name, strategy, limits)
