"""A session logged while new numbness during a flare stops exercise (SQLite and PostgreSQL).

Carol declares a flare, then tells the app her foot has gone numb. That is not a flare to reassure:
it is an urgent referral the same day (clinical reference §5.2 hurt-vs-harm, §4.2; hazard H40), so
Today stops exercise. She (or her phone, sending a session saved offline) still posts a session
log. What she did is a record of her care and is kept; but nothing done past an urgent referral may
move her up, so the session is set aside and no check-in ever reads it (hazard H44). The answer
tells her not to exercise, that her clinic will contact her today, and when to get help at once.
"""

import uuid

from clinic_cast import TODAY

from rehab.contracts.records import FlareIn, RedFlagScreeningIn, SessionLogIn
from rehab.content.readability import grade, sentences
from rehab.core.engine.messages import NEURO_IN_FLARE_ADVICE
from rehab.core.engine.today import TodayState
from rehab.services import checkins, logs, patients, today
from rehab.store import tables


def flare(cast):
    return logs.declare_flare(cast.uow(), cast.carol, cast.carol.patient_id, FlareIn(id=uuid.uuid4(), date=TODAY))


def screen(cast, who, numb: bool):
    return patients.record_red_flags(cast.uow(), who, cast.carol.patient_id,
                                     RedFlagScreeningIn(taken_on=TODAY, new_neuro_symptoms=numb))


def log(cast, id=None):
    return logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=id or uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 5},
        pain_during=3, rpe=5))


def sessions_the_check_in_reads(cast) -> tuple:
    uow = cast.uow()
    with uow:
        patient = uow.session.get(tables.Patient, cast.carol.patient_id)
        prescription = next(p for p in checkins.prescriptions(uow, patient.id) if p.activity_id == "sit_to_stand")
        state = uow.session.get(tables.ActivityState, (patient.id, "sit_to_stand"))
        return checkins.build_check_in(uow, patient, prescription, state, TODAY).sessions


def test_a_session_logged_with_a_numb_foot_in_a_flare_is_kept_set_aside_and_she_is_told_not_to_exercise(cast):
    flare(cast)
    answered, _ = screen(cast, cast.carol, numb=True)
    assert answered.result["advice"] == NEURO_IN_FLARE_ADVICE  # never "at your next contact"
    now = today.todays_guidance(cast.uow(), cast.carol, cast.carol.patient_id, TODAY)
    assert now.state is TodayState.REFER_URGENT and now.exercise_stopped and now.sentence == NEURO_IN_FLARE_ADVICE

    result = log(cast)

    assert result.session is not None and result.session.set_aside == "neuro_signs_in_flare"
    assert result.advice == NEURO_IN_FLARE_ADVICE
    assert "stop your exercises" in result.advice and "check by a clinician today" in result.advice
    [decision] = result.decisions
    assert decision.decision.value == "refer" and decision.urgency.value == "urgent" and decision.next_dose is None
    assert decision.message_patient == NEURO_IN_FLARE_ADVICE
    [kept] = logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)  # her clinician sees what she did
    assert kept.id == result.session.id and kept.set_aside == "neuro_signs_in_flare"
    assert sessions_the_check_in_reads(cast) == ()


def test_once_her_clinician_has_checked_her_the_set_aside_session_still_never_counts(cast):
    flare(cast)
    screen(cast, cast.carol, numb=True)
    log(cast)
    cast.clock.hour_later()
    screen(cast, cast.bob, numb=False)  # Bob examined her: no deficit; the referral no longer stands
    assert not today.todays_guidance(cast.uow(), cast.carol, cast.carol.patient_id, TODAY).exercise_stopped
    assert sessions_the_check_in_reads(cast) == ()
    counted = log(cast)  # a session after the check is counted as usual
    assert counted.session.set_aside is None and counted.advice is None
    assert len(sessions_the_check_in_reads(cast)) == 1


def test_a_retry_of_the_set_aside_session_stores_nothing_new_and_says_the_same(cast):
    flare(cast)
    screen(cast, cast.carol, numb=True)
    same = uuid.uuid4()
    first, again = log(cast, id=same), log(cast, id=same)
    assert again.replayed and again.session.set_aside == "neuro_signs_in_flare" and again.advice == first.advice
    assert len(logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)) == 1


def test_the_advice_is_plain_sentence_by_sentence():
    for sentence in sentences(NEURO_IN_FLARE_ADVICE):
        assert grade(sentence) <= 8, sentence

