"""What Carol should do today, gathered from her records (SQLite and PostgreSQL), and the session
log that refuses exercise past a standing referral (clinical reference §4.2: an emergency or urgent
red flag stops exercise until a clinician has seen her; a clinician, not the app, clears it)."""

import uuid

import pytest
from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.contracts.records import FlareIn, RedFlagScreeningIn, SessionLogIn
from rehab.core.engine.today import TodayState
from rehab.services import logs, patients, programs, today
from rehab.services.errors import Conflict, ExercisePaused, NotFound
from rehab.store import tables


def count(cast, table) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(table))


def written(cast) -> tuple[int, int, int, int]:
    return (count(cast, tables.SessionLog), count(cast, tables.Decision), count(cast, tables.AuditEntry),
            count(cast, tables.ActivityState))


def red_flag(cast, who, *flags):
    patients.record_red_flags(cast.uow(), who, cast.carol.patient_id, RedFlagScreeningIn(taken_on=TODAY, red_flags=list(flags)))


def flare(cast):
    return logs.declare_flare(cast.uow(), cast.carol, cast.carol.patient_id, FlareIn(id=uuid.uuid4(), date=TODAY))


def log(cast, who=None, activity="sit_to_stand", completed=None, id=None):
    return logs.log_session(cast.uow(), who or cast.carol, cast.carol.patient_id, SessionLogIn(
        id=id or uuid.uuid4(), activity_id=activity, date=TODAY, completed=completed or {"sets": 2, "reps": 10},
        pain_during=3, rpe=5))


def guidance(cast):
    return today.todays_guidance(cast.uow(), cast.carol, cast.carol.patient_id, TODAY)


def current_doses(cast) -> dict:
    program = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    return {p.activity_id: p.current_dose for p in program.prescriptions}


# ---- the four days Carol can have -----------------------------------------------------------------

def test_an_ordinary_day_shows_her_program_at_its_doses_and_lets_her_log(cast):
    now = guidance(cast)
    assert now.state is TodayState.USUAL and now.logging_allowed
    assert [(a.activity_id, a.dose_text) for a in now.activities] == [("sit_to_stand", "2 sets of 10"),
                                                                      ("walking", "20 minutes")]


def test_night_pain_that_never_eases_stops_exercise_on_today(cast):
    red_flag(cast, cast.carol, "constant_night_pain")
    now = guidance(cast)
    assert now.state is TodayState.REFER_URGENT and now.activities == () and not now.logging_allowed
    assert "contact your clinic or doctor today" in now.sentence


def test_a_flare_shows_exactly_the_reduced_doses_the_engine_decided(cast):
    decisions = {d.activity_id: d for d in flare(cast).decisions}
    now = guidance(cast)
    assert now.state is TodayState.FLARE and now.logging_allowed and now.on_flare_plan
    for shown in now.activities:
        decided = decisions[shown.activity_id]
        assert decided.decision.value == "flare"
        assert shown.dose.as_dict() == decided.next_dose == current_doses(cast)[shown.activity_id]
    assert [a.dose_text for a in now.activities] == ["2 sets of 5", "10 minutes"]


def test_a_flare_declared_after_a_red_flag_does_not_bring_the_exercises_back(cast):
    red_flag(cast, cast.carol, "unexplained_weight_loss")
    assert {d.decision.value for d in flare(cast).decisions} == {"refer"}
    now = guidance(cast)
    assert now.state is TodayState.REFER_URGENT and now.activities == () and not now.logging_allowed


def test_a_routine_referral_keeps_her_doses_and_her_log(cast):
    red_flag(cast, cast.carol, "osteoporosis_or_long_term_steroids")
    now = guidance(cast)
    assert now.state is TodayState.REFER_ROUTINE and now.logging_allowed and len(now.activities) == 2
    assert not log(cast).replayed


def test_a_flare_with_osteoporosis_on_record_still_shows_the_reduced_doses(cast):
    red_flag(cast, cast.bob, "osteoporosis_or_long_term_steroids")  # her clinician recorded it at a visit
    assert {d.decision.value for d in flare(cast).decisions} == {"refer"}
    now = guidance(cast)
    assert now.state is TodayState.REFER_ROUTINE and now.logging_allowed and now.on_flare_plan
    assert [a.dose_text for a in now.activities] == ["2 sets of 5", "10 minutes"]


def test_another_patient_cannot_ask_what_carol_should_do(cast):
    with pytest.raises(NotFound):
        today.todays_guidance(cast.uow(), cast.dave, cast.carol.patient_id, TODAY)


# ---- the session log refuses exercise past a referral ---------------------------------------------

@pytest.mark.parametrize(("flag", "urgency"), [("saddle_anaesthesia", "emergency"), ("constant_night_pain", "urgent")])
def test_a_session_log_is_refused_while_a_referral_stands_and_nothing_is_written(cast, flag, urgency):
    red_flag(cast, cast.carol, flag)
    before = written(cast)
    with pytest.raises(ExercisePaused) as refused:
        log(cast)
    assert isinstance(refused.value, Conflict)  # HTTP 409
    assert f"{urgency} referral" in str(refused.value) and "clinician" in str(refused.value)
    assert written(cast) == before
    assert logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_her_clinician_cannot_log_a_session_for_her_past_the_referral_either(cast):
    red_flag(cast, cast.carol, "constant_night_pain")
    with pytest.raises(ExercisePaused):
        log(cast, who=cast.bob, activity="walking", completed={"duration_s": 1200})


def test_the_log_is_accepted_again_once_her_clinician_screens_her_and_clears_it(cast):
    red_flag(cast, cast.carol, "constant_night_pain")
    with pytest.raises(ExercisePaused):
        log(cast)
    cast.clock.hour_later()
    red_flag(cast, cast.bob)  # the clinician saw her later that day: nothing stands
    result = log(cast)
    assert not result.replayed and result.session is not None
    assert guidance(cast).state is not TodayState.REFER_URGENT


def test_her_answer_recorded_at_the_same_moment_as_her_clinicians_screening_still_stands(cast):
    """Two answers with the same time on them (two devices, a clock's resolution): which came last
    is not known, so the patient's red flag stands beside the clinician's screening; only one
    recorded after it is cleared by it (the engine escalates, a clinician de-escalates: §4.2). Before,
    the database chose the order, and PostgreSQL now and then gave the other answer."""
    red_flag(cast, cast.carol, "constant_night_pain")
    red_flag(cast, cast.bob)  # at the same moment
    with pytest.raises(ExercisePaused):
        log(cast)
    assert guidance(cast).state is TodayState.REFER_URGENT


def test_a_retry_of_a_session_stored_before_the_red_flag_returns_what_was_stored(cast):
    id_ = uuid.uuid4()
    first = log(cast, id=id_)
    red_flag(cast, cast.carol, "constant_night_pain")
    again = log(cast, id=id_)
    assert again.replayed and again.session == first.session
