"""Builders for check-ins that read like a clinical story.

The default patient, on the check-in day ``TODAY``, has a steady diary (usual pain about 4/10,
varying by a point either way), does sit-to-stand at 2 sets of 10 three times a week, and her last
sessions went well: she is ready to advance. Each test changes only what its scenario is about.

The default exposure patient (:func:`exposure_checkin`), Mr Tom Okafor, avoids bending and lifting
since his back "went" two years ago. His hierarchy runs from loading the dishwasher (harm 40) to
running for the bus (85); he practises twice a week, and in his last two experiments with the
dishwasher his back did not give way: he is ready to move up to carrying the shopping.
"""

from __future__ import annotations

from datetime import date, timedelta

from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.models import (
    Activity,
    BehaviouralExperiment,
    CheckIn,
    DecisionKind,
    DiaryEntry,
    Dose,
    ExposureItem,
    FearHierarchy,
    FlareEpisode,
    HistoryEntry,
    Limits,
    SelfAdjustment,
    SelfManagementBounds,
    SessionLog,
    Strategy,
    Symptoms,
)

TODAY = date(2026, 11, 27)
DOSE = Dose(sets=2, reps=10)
# A week of usual pain: mean 4.14, SD 0.69, so the single-day noise band is about 1.4 points and
# the flare threshold is usual + 2 = 6.1.
STEADY = (4, 5, 4, 3, 4, 5, 4)
GOOD_SESSION_DAYS = (1, 3, 6, 8, 10, 13)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def diary(days: int = 35, pains: tuple[int, ...] = STEADY, changes: dict[int, dict] | None = None) -> tuple[DiaryEntry, ...]:
    """A daily diary for the last ``days`` days; ``changes`` maps days-ago to fields to set."""
    changes = changes or {}
    entries = []
    for n in range(days - 1, -1, -1):
        usual = pains[n % len(pains)]
        fields = {"pain": usual, "pain_next_morning": usual}
        fields.update(changes.get(n, {}))
        entries.append(DiaryEntry(ago(n), **fields))
    return tuple(entries)


def session(days_ago: int, dose: Dose = DOSE, pain: float | None = 3, rpe: float | None = 6, **more) -> SessionLog:
    return SessionLog(ago(days_ago), dose, pain_during=pain, rpe=rpe, **more)


def good_sessions(days: tuple[int, ...] = GOOD_SESSION_DAYS, dose: Dose = DOSE) -> tuple[SessionLog, ...]:
    return tuple(session(n, dose) for n in sorted(days, reverse=True))


def after_earlier_sessions(*latest: SessionLog) -> tuple[SessionLog, ...]:
    """Four good sessions 6-13 days ago (so adherence is fine), then ``latest``."""
    return good_sessions((6, 8, 10, 13)) + latest


def history(*entries: tuple[int, str]) -> tuple[HistoryEntry, ...]:
    """history((14, "advance"), (7, "hold")): decisions made that many days ago."""
    return tuple(HistoryEntry(ago(n), DecisionKind(kind)) for n, kind in entries)


def checkin(
    *,
    dose: Dose = DOSE,
    sessions: tuple[SessionLog, ...] | None = None,
    diary_entries: tuple[DiaryEntry, ...] | None = None,
    strategy: Strategy = Strategy.SYMPTOM_CONTINGENT,
    history_entries: tuple[HistoryEntry, ...] = (),
    red_flags: tuple[str, ...] = (),
    symptoms: Symptoms = Symptoms(),
    episode: FlareEpisode | None = None,
    limits: Limits = Limits(),
    sessions_per_week: float = 3,
    started: date | None = None,
    increments: dict | None = None,
    order: tuple[str, ...] = DEFAULT_PROGRESSION_ORDER,
    today: date = TODAY,
    activity_id: str = "sit_to_stand",
    hierarchy: FearHierarchy | None = None,
    experiments: tuple[BehaviouralExperiment, ...] = (),
    bounds: SelfManagementBounds | None = None,
    adjustments: tuple[SelfAdjustment, ...] = (),
) -> CheckIn:
    activity = Activity(activity_id, dose, sessions_per_week, {**DEFAULT_INCREMENTS, **(increments or {})}, order, started)
    return CheckIn(
        today=today,
        activity=activity,
        strategy=strategy,
        limits=limits,
        sessions=good_sessions(dose=dose) if sessions is None else sessions,
        diary=diary() if diary_entries is None else diary_entries,
        red_flags=frozenset(red_flags),
        symptoms=symptoms,
        history=history_entries,
        flare_episode=episode,
        hierarchy=hierarchy,
        experiments=experiments,
        bounds=bounds,
        adjustments=adjustments,
    )


def criterion(decision, name):
    """The criterion called ``name`` in a decision (fails the test when it was not checked)."""
    found = [c for c in decision.criteria if c.name == name]
    assert found, f"{name} not among {[c.name for c in decision.criteria]}"
    return found[0]


# ---- graded exposure ---------------------------------------------------------------------------------

PRACTICE = Dose(reps=5)  # each experiment: the activity done five times
ITEMS = (
    ExposureItem("dishwasher", "bending to load the dishwasher", 40, "keep the kitchen going"),
    ExposureItem("shopping", "carrying a full shopping bag home", 55, "do the weekly shop on foot"),
    ExposureItem("grandson", "lifting my grandson", 70, "look after my grandson on Fridays"),
    ExposureItem("bus", "running for the bus", 85, "get to work without lifts"),
)


def hierarchy(current: str | None = "dishwasher", items: tuple[ExposureItem, ...] = ITEMS) -> FearHierarchy:
    return FearHierarchy(items, current)


def experiment(days_ago: int, item: str = "dishwasher", *, belief: float = 70, happened: bool | None = False,
               **more) -> BehaviouralExperiment:
    """An experiment that many days ago; by default done to the end, and the feared outcome did not happen."""
    fields = {"expected": "my back will give way", "belief_before": belief, "feared_outcome_happened": happened,
              "outcome": "it ached a bit, and settled" if happened is False else None, "pain_during": 4}
    fields.update(more)
    return BehaviouralExperiment(ago(days_ago), item, **fields)


READY_EXPERIMENTS = (
    experiment(13, belief=80, happened=True),
    experiment(10, belief=75, happened=True),
    experiment(6, belief=70),
    experiment(3, belief=60),
)


def exposure_checkin(*, experiments: tuple[BehaviouralExperiment, ...] = READY_EXPERIMENTS,
                     current: str | None = "dishwasher", **more) -> CheckIn:
    more.setdefault("hierarchy", hierarchy(current))
    return checkin(strategy=Strategy.GRADED_EXPOSURE, dose=PRACTICE, sessions=(), sessions_per_week=2,
                   activity_id="graded_exposure", experiments=experiments, **more)
