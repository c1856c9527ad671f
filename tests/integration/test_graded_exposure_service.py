"""Graded exposure on stored records, on SQLite and PostgreSQL (clinical reference §3.3).

Dave (Bob's patient at Riverside) avoids bending and lifting since his back pain began: he believes
his back will give way. Bob prescribes graded exposure and builds the fear hierarchy with him: his
own words ("bending to load the dishwasher", "lifting my grandson") and one of the library's daily
activities (carrying shopping), each rated for harm 0-100. They agree which safety behaviours to
note (bracing, holding my breath). Dave then runs behavioural experiments from his phone; each one
runs the check-in exactly as `rehab check-in` does with the graded_exposure strategy.
"""

import uuid
from datetime import timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.contracts.checkin import CheckInRequest, DecisionOut
from rehab.contracts.fear_hierarchy import ExperimentLogIn, FearItemIn, FearRatingIn, SafetyBehavioursIn
from rehab.contracts.records import DiaryEntryIn, FlareIn, PrescriptionIn, ProgramIn, RedFlagScreeningIn, SessionLogIn
from rehab.core.engine.progression import check_in
from rehab.core.models import Strategy
from rehab.services import exposure, logs, patients, programs
from rehab.services.errors import Conflict, Denied, ExercisePaused, Invalid, NotFound
from rehab.services.paging import Paging
from rehab.store import tables

EXPOSURE_PROGRAM = ProgramIn(reason="fear of bending", prescriptions=[
    PrescriptionIn(activity_id="graded_exposure", name="Feared activities, step by step",
                   strategy=Strategy.GRADED_EXPOSURE, dose={"reps": 5}, sessions_per_week=2)])


def build_hierarchy(cast, day=TODAY - timedelta(days=7)):
    """Bob and Dave's hierarchy: the dishwasher (65), carrying shopping (55), the grandson (70)."""
    dave = cast.dave.patient_id
    programs.set_program(cast.uow(), cast.bob, dave, EXPOSURE_PROGRAM)
    for n in range(21, 0, -1):  # his diary: three weeks of steady pain around 4/10
        logs.log_diary(cast.uow(), cast.dave, dave, DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n),
                                                                 pain=(4, 3, 4, 5)[n % 4]))
    for item in (FearItemIn(activity="bending to load the dishwasher", harm=65, goal="keep the kitchen going", rated_on=day),
                 FearItemIn(activity="carrying a full shopping bag home", library_activity="carrying", harm=55,
                            goal="do the weekly shop on foot", rated_on=day),
                 FearItemIn(activity="lifting my grandson", harm=70, goal="look after him on Fridays", rated_on=day)):
        exposure.add_item(cast.uow(), cast.bob, dave, item, TODAY)
    return exposure.set_safety_behaviours(cast.uow(), cast.bob, dave,
                                          SafetyBehavioursIn(behaviours=["bracing", "holding my breath"]), TODAY)


def experiment(day, item="bending_to_load_the_dishwasher", happened=False, before=80, after=30, behaviours=(),
               stopped=False, pain=4):
    return ExperimentLogIn(id=uuid.uuid4(), date=day, item=item, expected="my back will give way", belief_before=before,
                           outcome="it ached a bit and settled", feared_outcome_happened=happened, belief_after=after,
                           safety_behaviours=list(behaviours), stopped_early=stopped, pain_during=pain)


def two_good_experiments(cast):
    """Two experiments with the dishwasher, done to the end, without safety behaviours, and the
    back did not give way: the expectation violated twice in a row."""
    for day in (TODAY - timedelta(days=3), TODAY - timedelta(days=1)):
        result = exposure.log_experiment(cast.uow(), cast.dave, cast.dave.patient_id, experiment(day))
    return result


def test_the_hierarchy_ranks_the_items_by_harm_and_keeps_every_rating(cast):
    built = build_hierarchy(cast)
    assert [i.id for i in built.items] == ["carrying", "bending_to_load_the_dishwasher", "lifting_my_grandson"]
    assert [i.rank for i in built.items] == [1, 2, 3] and built.current == "carrying"
    assert built.safety_behaviours == ["bracing", "holding my breath"]

    dave = cast.dave.patient_id
    exposure.rerate(cast.uow(), cast.bob, dave, "bending_to_load_the_dishwasher", FearRatingIn(harm=40), TODAY)
    out, _ = exposure.rerate(cast.uow(), cast.bob, dave, "carrying", FearRatingIn(harm=45), TODAY)
    items = {i.id: i for i in out.items}
    dishwasher, carrying = items["bending_to_load_the_dishwasher"], items["carrying"]
    assert [r.harm for r in dishwasher.ratings] == [65, 40]
    assert dishwasher.change == -25 and dishwasher.true_change  # more than 20 points: a true change
    assert carrying.change == -10 and not carrying.true_change  # within the noise of a harm rating
    assert [i.id for i in out.items][0] == "bending_to_load_the_dishwasher"  # re-ranked by the latest rating


def test_an_item_or_rating_sent_twice_is_stored_once_and_other_words_for_it_conflict(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    again = FearItemIn(activity="lifting my grandson", harm=70, goal="look after him on Fridays",
                       rated_on=TODAY - timedelta(days=7))
    _, replayed = exposure.add_item(cast.uow(), cast.bob, dave, again, TODAY)
    assert replayed
    with pytest.raises(Conflict, match="activity"):
        exposure.add_item(cast.uow(), cast.bob, dave, again.model_copy(update={"harm": 90}), TODAY)
    exposure.rerate(cast.uow(), cast.bob, dave, "carrying", FearRatingIn(harm=45), TODAY)
    _, replayed = exposure.rerate(cast.uow(), cast.bob, dave, "carrying", FearRatingIn(harm=45), TODAY)
    assert replayed
    with cast.sessions() as session:
        assert session.scalar(select(func.count()).select_from(tables.FearRating)) == 4


def test_two_disconfirming_experiments_move_dave_up_the_hierarchy(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    exposure.rerate(cast.uow(), cast.bob, dave, "bending_to_load_the_dishwasher", FearRatingIn(harm=40), TODAY)
    first = exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY - timedelta(days=3)))
    assert first.decisions[0].decision.value == "hold"
    assert first.decisions[0].exposure.item == "bending_to_load_the_dishwasher"
    second = exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY - timedelta(days=1)))
    decision = second.decisions[0]
    assert decision.decision.value == "advance", [(c.name, c.value, c.passed) for c in decision.criteria if not c.passed]
    assert (decision.exposure.previous_item, decision.exposure.item, decision.exposure.move) == (
        "bending_to_load_the_dishwasher", "carrying", "up")
    assert exposure.fear_hierarchy(cast.uow(), cast.bob, dave, TODAY).current == "carrying"
    assert "did not happen" in second.experiment.evidence


def test_the_server_decides_exactly_as_rehab_check_in_does_on_the_same_records(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    exposure.rerate(cast.uow(), cast.bob, dave, "bending_to_load_the_dishwasher", FearRatingIn(harm=40), TODAY)
    exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY - timedelta(days=3), behaviours=["bracing"]))
    stored = exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY - timedelta(days=1))).decisions[0]
    hierarchy = exposure.fear_hierarchy(cast.uow(), cast.bob, dave, TODAY)
    request = CheckInRequest.model_validate({
        "today": TODAY.isoformat(), "strategy": "graded_exposure",
        "activity": {"id": "graded_exposure", "dose": {"reps": 5}, "sessions_per_week": 2, "started": TODAY.isoformat()},
        "hierarchy": {"items": [{"id": i.id, "activity": i.activity, "harm": i.harm, "goal": i.goal,
                                 **({"first_harm": i.first_harm} if len(i.ratings) > 1 else {})} for i in hierarchy.items]},
        "experiments": [{"date": e.date.isoformat(), "item": e.item, "expected": e.expected,
                         "belief_before": e.belief_before, "outcome": e.outcome,
                         "feared_outcome_happened": e.feared_outcome_happened, "belief_after": e.belief_after,
                         "safety_behaviours": e.safety_behaviours, "pain_during": e.pain_during}
                        for e in exposure.experiment_page(cast.uow(), cast.bob, dave, Paging()).items],
        "diary": [{"date": d.date.isoformat(), "pain": d.pain} for d in logs.list_diary(cast.uow(), cast.bob, dave)],
    })
    core = request.to_core()
    cli = DecisionOut.from_core(check_in(core), core)
    assert (stored.decision, stored.exposure, [(c.name, c.passed) for c in stored.criteria]) == (
        cli.decision, cli.exposure, [(c.name, c.passed) for c in cli.criteria])


# ---- safety first on the server path: refer > flare > regress > hold > advance -----------------------

def test_a_red_flag_refers_and_stops_experiments_even_when_the_item_is_ready_to_move_up(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY - timedelta(days=3), item="carrying"))
    patients.record_red_flags(cast.uow(), cast.bob, dave, RedFlagScreeningIn(taken_on=TODAY, red_flags=["saddle_anaesthesia"]))
    decision = logs.run_check_in(cast.uow(), cast.bob, dave, "graded_exposure", TODAY)
    assert decision.decision.value == "refer"
    assert decision.exposure is None or decision.exposure.move != "up"
    assert exposure.fear_hierarchy(cast.uow(), cast.bob, dave, TODAY).current == "carrying"  # not moved up
    with pytest.raises(ExercisePaused):
        exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY, item="carrying"))
    assert len(exposure.experiment_page(cast.uow(), cast.bob, dave, Paging()).items) == 1  # nothing stored


def test_a_flare_comes_before_moving_up(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY - timedelta(days=3), item="carrying"))
    flare = logs.declare_flare(cast.uow(), cast.dave, dave, FlareIn(id=uuid.uuid4(), date=TODAY - timedelta(days=1), pain=8))
    assert next(d for d in flare.decisions if d.activity_id == "graded_exposure").decision.value == "flare"
    # The second disconfirming experiment would move him up; during the flare it does not.
    decision = exposure.log_experiment(cast.uow(), cast.dave, dave,
                                       experiment(TODAY - timedelta(days=1), item="carrying")).decisions[0]
    assert decision.decision.value in ("flare", "hold"), decision.decision
    assert exposure.fear_hierarchy(cast.uow(), cast.bob, dave, TODAY).current == "carrying"


def test_an_experiment_that_had_to_stop_steps_down_one_item(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    for day in (TODAY - timedelta(days=3), TODAY - timedelta(days=1)):  # up to the dishwasher today
        exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(day, item="carrying"))
    cast.clock.day = TODAY + timedelta(days=2)
    stopped = exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(
        TODAY + timedelta(days=1), item="bending_to_load_the_dishwasher", stopped=True, happened=True, after=80))
    decision = stopped.decisions[0]
    assert decision.decision.value == "regress"
    assert (decision.exposure.item, decision.exposure.move) == ("carrying", "down")
    assert "smaller" in stopped.experiment.evidence


def test_experiments_leaning_on_a_safety_behaviour_hold_and_name_it_to_fade(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    for day in (TODAY - timedelta(days=3), TODAY - timedelta(days=1)):
        result = exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(
            day, item="carrying", before=80, after=60, behaviours=["bracing"]))
    decision = result.decisions[0]
    assert decision.decision.value == "hold"
    assert decision.exposure.item == "carrying" and decision.exposure.safety_behaviours_to_fade == ["bracing"]
    assert not next(c for c in decision.criteria if c.name == "safety_behaviours_faded").passed


# ---- refusals -------------------------------------------------------------------------------------

def test_bad_experiments_are_refused_naming_the_field_and_store_nothing(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    with pytest.raises(Invalid) as refused:
        exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY, item="running_for_the_bus"))
    assert refused.value.field == "item"
    with pytest.raises(Invalid) as refused:
        exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(TODAY, item="carrying", behaviours=["a brace"]))
    assert refused.value.field == "safety_behaviours[0]"
    with pytest.raises(Invalid) as refused:
        exposure.add_item(cast.uow(), cast.bob, dave, FearItemIn(activity="x", library_activity="juggling", harm=5,
                                                                 goal="g"), TODAY)
    assert refused.value.field == "library_activity"
    with pytest.raises(Invalid) as refused:  # an exposure is an experiment, not a session
        logs.log_session(cast.uow(), cast.dave, dave, SessionLogIn(id=uuid.uuid4(), activity_id="graded_exposure",
                                                                   date=TODAY, completed={"reps": 5}))
    assert refused.value.field == "activity_id"
    assert exposure.experiment_page(cast.uow(), cast.bob, dave, Paging()).items == []


def test_only_the_care_team_builds_the_hierarchy_and_only_dave_and_his_clinician_see_it(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    with pytest.raises(Denied):
        exposure.rerate(cast.uow(), cast.dave, dave, "carrying", FearRatingIn(harm=5), TODAY)
    for stranger in (cast.carol, cast.erin):
        with pytest.raises((Denied, NotFound)):
            exposure.fear_hierarchy(cast.uow(), stranger, dave, TODAY)
    assert exposure.fear_hierarchy(cast.uow(), cast.dave, dave, TODAY).items


def test_every_read_and_write_is_audited(cast):
    build_hierarchy(cast)
    dave = cast.dave.patient_id
    two_good_experiments(cast)
    exposure.experiment_page(cast.uow(), cast.dave, dave, Paging()).items
    exposure.fear_hierarchy(cast.uow(), cast.bob, dave, TODAY)
    with cast.sessions() as session:
        audited = {(a, r) for a, r in session.execute(select(tables.AuditEntry.action, tables.AuditEntry.resource)
                                                      .where(tables.AuditEntry.patient_id == dave))}
    assert {("create", "fear_item"), ("update", "safety_behaviours"), ("create", "behavioural_experiment"),
            ("read", "behavioural_experiments"), ("read", "fear_hierarchy")} <= audited


def test_a_session_cannot_be_moved_onto_a_day_dave_already_ran_an_experiment(cast):
    """Under graded exposure the experiments are the sessions: moving a session onto the day of an
    experiment would make two exposures in one day, which the agreed bounds do not allow, on the
    server as in `rehab adjust`. Another free day is still fine."""
    from rehab.contracts.self_management import BoundsIn, SelfAdjustmentIn
    from rehab.services import self_management

    build_hierarchy(cast)
    dave = cast.dave.patient_id
    self_management.set_bounds(cast.uow(), cast.bob, dave, "graded_exposure", BoundsIn(move_within_days=2))
    yesterday = TODAY - timedelta(days=1)
    exposure.log_experiment(cast.uow(), cast.dave, dave, experiment(yesterday))

    def move_to(day):
        return SelfAdjustmentIn(id=uuid.uuid4(), activity_id="graded_exposure", kind="move", date=TODAY, moved_to=day)

    with pytest.raises(Invalid) as refused:
        self_management.adjust(cast.uow(), cast.dave, dave, move_to(yesterday))
    assert refused.value.field == "moved_to"
    assert "You already have a session on" in refused.value.message
    assert self_management.adjust(cast.uow(), cast.dave, dave, move_to(TODAY + timedelta(days=1))).adjustment.kind == "move"
