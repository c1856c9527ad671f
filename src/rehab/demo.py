"""A 12-week journey of a demo patient, played through the real check-in engine.

Mrs Rosa Díaz, 63, has had low back pain for three years. She wants to get up from the floor to
play with her grandchildren and walk to the market. Her program has two activities that progress
differently, as patients and activities do:

- sit-to-stand, symptom-contingent (her pain response steers the dose), three days a week;
- walking, time-contingent (a quota that rises weekly whatever the pain), five days a week.

She keeps a pain diary from a baseline week before the program. In week 5 she helps her daughter
move house and has a flare. Nothing here decides anything: a simple, seeded model of her days
produces diaries and session logs, and every decision comes from :func:`rehab.core.progression.check_in`.
The same seed gives the same journey.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.progression import check_in
from rehab.core.models import (
    Activity,
    CheckIn,
    Decision,
    DecisionKind,
    DiaryEntry,
    Dose,
    FlareEpisode,
    HistoryEntry,
    Increment,
    SessionLog,
    Strategy,
)
from rehab.simulation import SimulatedActivity, SimulatedPerson, nrs

PROGRAM_START = date(2026, 9, 7)  # a Monday; the baseline diary week is the week before
WEEKS = 12
FLARE_WEEK = 5


@dataclass
class ActivityPlan:
    """One activity of the demo program and how Rosa's capacity for it grows."""

    id: str
    name: str
    dose: Dose
    strategy: Strategy
    model: SimulatedActivity
    sessions: list[SessionLog] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    episode: FlareEpisode | None = None
    decisions: list[tuple[date, Decision]] = field(default_factory=list)

    increments: dict[str, Increment] = field(default_factory=lambda: dict(DEFAULT_INCREMENTS))

    def activity(self, started: date) -> Activity:
        return Activity(self.id, self.dose, len(self.model.weekdays), self.increments, DEFAULT_PROGRESSION_ORDER,
                        started)


@dataclass(frozen=True)
class WeekRow:
    week: int
    activity: str
    dose: Dose
    mean_pain: float
    decisions: dict[str, int]
    headline: Decision | None


@dataclass
class Journey:
    seed: int
    plans: list[ActivityPlan]
    diary: list[DiaryEntry]
    rows: list[WeekRow]


def play(seed: int = 7) -> Journey:
    """Play the whole journey and return it week by week."""
    rng = random.Random(seed)
    days = WEEKS * 7
    # Usual pain 5/10 easing by 1.2 points over the program; she helps move house in week 5.
    rosa = SimulatedPerson(rng, usual_start=5.0, improvement=1.2, days=days, flare_day=(FLARE_WEEK - 1) * 7 + 1)
    plans = [
        ActivityPlan("sit_to_stand", "Sit to stand", Dose(sets=2, reps=8), Strategy.SYMPTOM_CONTINGENT,
                     SimulatedActivity(capacity=2 * 10, growth_per_week=0.06, weekdays=frozenset({0, 2, 4}))),
        # Her clinician rounds walking quotas to whole minutes (a per-patient increment setting).
        ActivityPlan("walking", "Walking", Dose(duration_s=600), Strategy.TIME_CONTINGENT,
                     SimulatedActivity(capacity=900, growth_per_week=0.06, weekdays=frozenset({0, 1, 2, 3, 4})),
                     increments={**DEFAULT_INCREMENTS, "duration_s": replace(DEFAULT_INCREMENTS["duration_s"], minimum=60)}),
    ]
    # Baseline week: diary only.
    diary = [DiaryEntry(PROGRAM_START + timedelta(days=offset), pain=nrs(rosa.usual(0) + rng.gauss(0, 0.6)),
                        pain_next_morning=nrs(rosa.usual(0) + rng.gauss(0, 0.6))) for offset in range(-7, 0)]
    rows: list[WeekRow] = []
    for day in range(days):
        today = PROGRAM_START + timedelta(days=day)
        pain_today = rosa.pain(day)
        strain = 0.0
        for plan in plans:
            done = plan.model.session(rosa, day, today.weekday(), plan.dose, pain_today)
            if done is not None:
                pain_during, rpe, session_strain = done
                plan.sessions.append(SessionLog(today, plan.dose, pain_during=pain_during, rpe=rpe))
                strain = max(strain, session_strain)
        diary.append(DiaryEntry(today, pain=nrs(pain_today), pain_next_morning=rosa.next_morning(day, strain)))
        for plan in plans:
            _check_in(plan, today, diary)
        if today.weekday() == 6:
            rows.extend(_week_rows(plans, day // 7 + 1, diary, today))
    return Journey(seed, plans, diary, rows)


def _check_in(plan: ActivityPlan, today: date, diary: list[DiaryEntry]) -> None:
    checkin = CheckIn(
        today=today,
        activity=plan.activity(PROGRAM_START),
        strategy=plan.strategy,
        sessions=tuple(plan.sessions[-24:]),
        diary=tuple(diary[-42:]),
        history=tuple(plan.history),
        flare_episode=plan.episode,
    )
    decision = check_in(checkin)
    plan.decisions.append((today, decision))
    plan.history.append(HistoryEntry(today, decision.kind))
    plan.episode = decision.flare_episode
    if decision.next_dose is not None:
        plan.dose = decision.next_dose


# Which decision of a week is the headline: the most consequential one.
_HEADLINE_ORDER = [DecisionKind.REFER, DecisionKind.FLARE, DecisionKind.REGRESS, DecisionKind.REFORMULATE,
                   DecisionKind.ADVANCE, DecisionKind.HOLD]


def _week_rows(plans: list[ActivityPlan], week: int, diary: list[DiaryEntry], sunday: date) -> list[WeekRow]:
    monday = sunday - timedelta(days=6)
    pains = [e.pain for e in diary if monday <= e.date <= sunday and e.pain is not None]
    rows = []
    for plan in plans:
        this_week = [d for day, d in plan.decisions if monday <= day <= sunday]
        counts: dict[str, int] = {}
        for decision in this_week:
            counts[decision.kind.value] = counts.get(decision.kind.value, 0) + 1
        # The most consequential decision of the week; among equals, the latest.
        headline = min(reversed(this_week), key=lambda d: _HEADLINE_ORDER.index(d.kind), default=None)
        rows.append(WeekRow(week, plan.name, plan.dose, sum(pains) / len(pains), counts, headline))
    return rows


def deciding_reasons(decision: Decision) -> str:
    """The criteria that decided, in a few words: the failed ones, or 'all N criteria met'."""
    failed = [c for c in decision.criteria if not c.passed]
    if decision.kind is DecisionKind.ADVANCE or not failed:
        return f"all {len(decision.criteria)} criteria met"
    first = failed[0]
    more = f" (+{len(failed) - 1} more)" if len(failed) > 1 else ""
    return f"{first.name} = {_short(first.value)}, needs {first.threshold}{more}"


def _short(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} {v}" for k, v in value.items() if v is not None) + "}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
