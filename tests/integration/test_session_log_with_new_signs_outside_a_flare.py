"""New tingling in a foot outside a flare, on the server (SQLite and PostgreSQL).

Carol has no flare. She tells the app her foot has started to tingle. A new or worsening
neurological sign is URGENT, the same day (clinical reference §4.2), flare or not (hazard H50): the
answer to her screening, her Today page and the check-in all say the same thing (no exercise until
checked, the clinic will call today, when to go to an emergency department), and a session her phone
sends anyway is kept but set aside, so it never counts towards a step up (as H44 does in a flare).
"""

import uuid

from clinic_cast import TODAY

from rehab.contracts.records import RedFlagScreeningIn, SessionLogIn
from rehab.content.readability import grade, sentences
from rehab.core.engine.messages import NEW_NEURO_ADVICE
from rehab.core.engine.today import TodayState
from rehab.services import checkins, logs, oversight, patients, today
from rehab.store import tables


def screen(cast, who, numb: bool):
    return patients.record_red_flags(cast.uow(), who, cast.carol.patient_id,
                                     RedFlagScreeningIn(taken_on=TODAY, new_neuro_symptoms=numb))


def log(cast, id=None):
    return logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=id or uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 10},
        pain_during=2, rpe=5))


def sessions_the_check_in_reads(cast) -> tuple:
    uow = cast.uow()
    with uow:
        patient = uow.session.get(tables.Patient, cast.carol.patient_id)
        prescription = next(p for p in checkins.prescriptions(uow, patient.id) if p.activity_id == "sit_to_stand")
        state = uow.session.get(tables.ActivityState, (patient.id, "sit_to_stand"))
        return checkins.build_check_in(uow, patient, prescription, state, TODAY).sessions


def test_her_new_tingling_is_answered_with_a_call_today_not_the_next_contact(cast):
    answered, decisions = screen(cast, cast.carol, numb=True)
    assert answered.result["advice"] == NEW_NEURO_ADVICE
    assert "next contact" not in answered.result["advice"] and "flare" not in answered.result["advice"]
    assert decisions and all(d.decision.value == "refer" and d.urgency.value == "urgent" and d.next_dose is None
                             for d in decisions)
    now = today.todays_guidance(cast.uow(), cast.carol, cast.carol.patient_id, TODAY)
    assert now.state is TodayState.REFER_URGENT and now.exercise_stopped and now.sentence == NEW_NEURO_ADVICE


def test_her_clinician_has_an_urgent_alert_to_see_her_today(cast):
    screen(cast, cast.carol, numb=True)
    open_alerts = oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
    urgent = [a for a in open_alerts if a.severity == "urgent"]
    assert urgent and any("today" in a.message for a in urgent)


def test_a_session_logged_anyway_is_kept_set_aside_and_she_is_told_not_to_exercise(cast):
    screen(cast, cast.carol, numb=True)
    result = log(cast)
    assert result.session.set_aside == "new_neuro_signs" and result.advice == NEW_NEURO_ADVICE
    [kept] = logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert kept.set_aside == "new_neuro_signs"
    assert sessions_the_check_in_reads(cast) == ()
    again = log(cast, id=result.session.id)  # a retry answers the same and stores nothing new
    assert again.replayed and again.advice == NEW_NEURO_ADVICE
    assert len(logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)) == 1


def test_once_her_clinician_has_examined_her_she_exercises_and_logs_as_before(cast):
    screen(cast, cast.carol, numb=True)
    cast.clock.hour_later()
    screen(cast, cast.bob, numb=False)  # Bob examined her: no deficit
    assert not today.todays_guidance(cast.uow(), cast.carol, cast.carol.patient_id, TODAY).exercise_stopped
    counted = log(cast)
    assert counted.session.set_aside is None and counted.advice is None


def test_the_advice_is_plain_sentence_by_sentence():
    for sentence in sentences(NEW_NEURO_ADVICE):
        assert grade(sentence) <= 8, sentence
