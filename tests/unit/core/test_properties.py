"""Properties that hold for every check-in, over generated patients, diaries and sessions, under
every strategy (graded exposure with generated hierarchies and experiments) and with generated
self-adjustments."""

import os
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.progression import check_in
from rehab.core.engine.safety import RED_FLAGS
from rehab.core.models import (
    DIMENSIONS,
    WHOLE_DIMENSIONS,
    Activity,
    AdjustmentKind,
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
    Urgency,
)

TODAY = date(2026, 11, 27)
RANGES = {"sets": (1, 5), "reps": (1, 20), "load_kg": (0, 60), "duration_s": (10, 3600),
          "distance_m": (10, 5000), "steps": (100, 12000), "level": (1, 8)}
SAFETY_GROUPS = {"safety", "flare", "pain"}


def _value(dimension):
    low, high = RANGES[dimension]
    if dimension in WHOLE_DIMENSIONS:
        return st.integers(low, high)
    return st.integers(low * 2, high * 2).map(lambda v: v / 2)


@st.composite
def doses(draw):
    chosen = draw(st.sets(st.sampled_from(DIMENSIONS), min_size=1, max_size=3))
    return Dose(**{d: draw(_value(d)) for d in chosen})


def _around(dose, factor):
    values = {}
    for dimension, value in dose.items():
        scaled = value * factor
        values[dimension] = round(scaled) if dimension in WHOLE_DIMENSIONS else round(scaled, 1)
    return Dose(**values)


pain = st.integers(0, 10)
maybe_pain = st.one_of(st.none(), pain)
rating = st.integers(0, 100)


@st.composite
def hierarchies(draw):
    ids = draw(st.lists(st.sampled_from(["dishwasher", "shopping", "grandson", "bus", "garden"]), min_size=1,
                        max_size=5, unique=True))
    items = tuple(ExposureItem(i, f"activity {i}", draw(rating), "a goal", draw(st.one_of(st.none(), rating))) for i in ids)
    return FearHierarchy(items, draw(st.one_of(st.none(), st.sampled_from(ids))))


@st.composite
def experiments(draw, hierarchy):
    ids = [item.id for item in hierarchy.items]
    return tuple(
        BehaviouralExperiment(
            TODAY - timedelta(days=n), draw(st.sampled_from(ids)), "it will hurt", draw(rating),
            fear_before=draw(st.one_of(st.none(), rating)), stopped_early=draw(st.sampled_from([False, False, True])),
            feared_outcome_happened=draw(st.sampled_from([None, False, False, True])),
            safety_behaviours=draw(st.sampled_from([(), (), ("bracing",)])), pain_during=draw(maybe_pain),
        )
        for n in sorted(draw(st.lists(st.integers(0, 27), max_size=10)), reverse=True)
    )


@st.composite
def adjustments(draw, dose):
    kinds = list(AdjustmentKind)
    return tuple(
        SelfAdjustment(TODAY - timedelta(days=n), kind := draw(st.sampled_from(kinds)),
                       _around(dose, draw(st.sampled_from([0.5, 0.9, 1.2]))) if kind not in (AdjustmentKind.MOVE, AdjustmentKind.SWAP) else None,
                       moved_to=TODAY - timedelta(days=max(0, n - 1)) if kind is AdjustmentKind.MOVE else None,
                       alternative="walk" if kind is AdjustmentKind.SWAP else None)
        for n in sorted(draw(st.lists(st.integers(0, 27), max_size=6)), reverse=True)
    )


@st.composite
def checkins(draw):
    dose = draw(doses())
    sessions = tuple(
        SessionLog(TODAY - timedelta(days=n), _around(dose, draw(st.sampled_from([0.5, 0.9, 1.0, 1.0, 1.2]))),
                   pain_during=draw(maybe_pain), rpe=draw(maybe_pain))
        for n in sorted(draw(st.lists(st.integers(0, 27), max_size=12)), reverse=True)
    )
    usual = draw(st.integers(1, 7))
    diary = tuple(
        DiaryEntry(TODAY - timedelta(days=n), pain=draw(st.integers(max(0, usual - 2), min(10, usual + 5))),
                   pain_next_morning=draw(maybe_pain), flare_declared=draw(st.sampled_from([None, None, None, False, True])))
        for n in sorted(draw(st.sets(st.integers(0, 34), max_size=35)), reverse=True)
    )
    history = tuple(
        HistoryEntry(TODAY - timedelta(days=n), draw(st.sampled_from(list(DecisionKind))))
        for n in sorted(draw(st.lists(st.integers(1, 60), max_size=8)), reverse=True)
    )
    episode = None
    if draw(st.booleans()) and draw(st.booleans()):
        episode = FlareEpisode(TODAY - timedelta(days=draw(st.integers(0, 14))), _around(dose, draw(st.sampled_from([1.0, 1.3]))))
    red_flags = frozenset(draw(st.lists(st.sampled_from(sorted(RED_FLAGS)), max_size=2)) if draw(st.integers(0, 5)) == 0 else [])
    limits = Limits(pain_during_max=draw(st.sampled_from([3.0, 5.0, 6.0])), flare_dose_fraction=draw(st.sampled_from([0.5, 0.7])))
    strategy = draw(st.sampled_from(list(Strategy)))
    hierarchy = experiment_log = None
    if strategy is Strategy.GRADED_EXPOSURE and draw(st.integers(0, 9)):
        hierarchy = draw(hierarchies())
        experiment_log = draw(experiments(hierarchy))
    bounds = SelfManagementBounds(draw(st.integers(0, 2)), draw(st.integers(0, 2)), alternatives=("walk",),
                                  move_within_days=draw(st.integers(0, 2))) if draw(st.booleans()) else None
    return CheckIn(
        today=TODAY,
        activity=Activity("activity", dose, draw(st.sampled_from([1, 3, 5])), DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER),
        strategy=strategy,
        limits=limits,
        sessions=sessions,
        diary=diary,
        red_flags=red_flags,
        symptoms=Symptoms(draw(st.booleans()) and draw(st.booleans()), draw(st.booleans()) and draw(st.booleans())),
        history=history,
        flare_episode=episode,
        hierarchy=hierarchy,
        experiments=experiment_log or (),
        bounds=bounds,
        adjustments=draw(adjustments(dose)) if draw(st.booleans()) else (),
    )


# 200 generated check-ins per property in `make test` (new ones each run: Hypothesis draws at random);
# `make fuzz` sets REHAB_PROPERTY_EXAMPLES for a long run (2,000 per property).
PROPERTY = settings(max_examples=int(os.environ.get("REHAB_PROPERTY_EXAMPLES", "200")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(checkins())
def test_never_advance_when_any_safety_flare_or_pain_criterion_failed(ci):
    decision = check_in(ci)
    if decision.kind is DecisionKind.ADVANCE:
        failed = [c.name for c in decision.criteria if not c.passed and c.group in SAFETY_GROUPS]
        assert failed == []
        assert not ci.red_flags


@PROPERTY
@given(checkins())
def test_regress_never_raises_any_dose_dimension(ci):
    decision = check_in(ci)
    if decision.kind is DecisionKind.REGRESS:
        for dimension, value in decision.next_dose.items():
            assert value <= ci.activity.dose.get(dimension)


@PROPERTY
@given(checkins())
def test_one_advance_raises_one_dimension_by_no_more_than_its_cap(ci):
    decision = check_in(ci)
    if decision.kind is DecisionKind.ADVANCE:
        raised = [(d, v - ci.activity.dose.get(d)) for d, v in decision.next_dose.items() if v > ci.activity.dose.get(d)]
        if ci.flare_episode is not None and decision.flare_episode is not None:
            # A flare-return step goes back toward a dose already tolerated, never above it.
            assert ci.flare_episode.pre_flare_dose.covers(decision.next_dose)
        elif ci.strategy is Strategy.GRADED_EXPOSURE:
            assert raised == []  # what advances is the hierarchy, not the dose
        else:
            assert len(raised) == 1
            dimension, rise = raised[0]
            assert rise <= ci.activity.increments[dimension].cap + 1e-9


@PROPERTY
@given(checkins())
def test_a_flare_dose_is_below_the_pre_flare_dose(ci):
    decision = check_in(ci)
    if decision.kind is DecisionKind.FLARE:
        pre = decision.flare_episode.pre_flare_dose
        reduced = decision.next_dose
        assert pre.covers(reduced)
        floors = all(v <= ci.activity.increments[d].floor for d, v in reduced.items())
        assert reduced != pre or floors


@PROPERTY
@given(checkins())
def test_the_same_check_in_always_gives_the_same_decision(ci):
    assert check_in(ci) == check_in(ci)


@PROPERTY
@given(checkins())
def test_every_decision_lists_criteria_and_explains_itself(ci):
    decision = check_in(ci)
    assert decision.criteria
    assert decision.message_patient and decision.summary_clinician and decision.rule_version
    if decision.kind is DecisionKind.REFER:
        assert decision.urgency is not None
        if decision.urgency in (Urgency.EMERGENCY, Urgency.URGENT):
            assert decision.next_dose is None
    else:
        assert decision.urgency is None and decision.next_dose is not None


@PROPERTY
@given(checkins())
def test_exposure_moves_one_item_at_a_time_up_only_on_an_advance_and_down_only_on_a_regression(ci):
    decision = check_in(ci)
    step = decision.exposure
    if ci.strategy is not Strategy.GRADED_EXPOSURE or ci.hierarchy is None:
        assert step is None
        return
    if decision.next_dose is None:
        assert step is None  # exercise stopped until a clinician has reviewed
        return
    order = [item.id for item in ci.hierarchy.items]
    moved = order.index(step.item.id) - order.index(ci.hierarchy.current_item.id)
    assert moved in (-1, 0, 1)
    assert moved != 1 or (decision.kind is DecisionKind.ADVANCE and decision.flare_episode is None)
    assert moved != -1 or decision.kind is DecisionKind.REGRESS
    assert step.move == {1: "up", 0: "same", -1: "down"}[moved]
    if decision.kind in (DecisionKind.REFER, DecisionKind.FLARE):
        assert moved == 0


@PROPERTY
@given(checkins())
def test_a_self_eased_session_never_counts_toward_an_advance(ci):
    decision = check_in(ci)
    eased = {a.date for a in ci.adjustments if a.kind in (AdjustmentKind.EASIER, AdjustmentKind.SHORTEN, AdjustmentKind.SWAP)}
    if decision.kind is DecisionKind.ADVANCE and ci.strategy is Strategy.SYMPTOM_CONTINGENT and decision.flare_episode is None:
        latest = sorted(s.date for s in ci.sessions)[-ci.limits.sessions_to_advance:]
        assert not eased & set(latest)
