"""Reading back one log and the check-ins it ran: what a patient sees after logging."""

import uuid

import pytest
from clinic_cast import CAROLS_PROGRAM, TODAY

from rehab.contracts.records import DiaryEntryIn, FlareIn, SessionLogIn
from rehab.services import checkins, logs, programs
from rehab.services.errors import NotFound


def test_a_session_log_is_read_back_with_the_decision_its_check_in_made(cast):
    written = logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 10}, pain_during=3))
    read = logs.log_result(cast.uow(), cast.carol, cast.carol.patient_id, written.session.id)
    assert read.session == written.session and read.decisions == written.decisions


def test_a_declared_flare_is_read_back_with_the_flare_plan_of_every_activity(cast):
    flare = FlareIn(id=uuid.uuid4(), date=TODAY, pain=8)
    written = logs.declare_flare(cast.uow(), cast.carol, cast.carol.patient_id, flare)
    read = logs.log_result(cast.uow(), cast.carol, cast.carol.patient_id, flare.id)
    assert read.diary_entry.flare_declared and read.decisions == written.decisions
    assert {d.activity_id for d in read.decisions} == {"sit_to_stand", "walking"}


def test_an_ordinary_diary_entry_says_its_check_ins_are_queued_until_the_worker_runs_them(cast):
    entry = DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=4)
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, entry)
    assert logs.log_result(cast.uow(), cast.carol, cast.carol.patient_id, entry.id).checkins == "queued"
    checkins.run_due(cast.uow())
    assert logs.log_result(cast.uow(), cast.carol, cast.carol.patient_id, entry.id).checkins == "done"


def test_another_patients_log_is_not_found_even_for_its_own_clinician_under_another_patient(cast):
    entry = DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=4)
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, entry)
    with pytest.raises(NotFound):
        logs.log_result(cast.uow(), cast.dave, cast.dave.patient_id, entry.id)
    with pytest.raises(NotFound):
        logs.log_result(cast.uow(), cast.bob, cast.dave.patient_id, entry.id)
    with pytest.raises(NotFound):
        logs.log_result(cast.uow(), cast.dave, cast.carol.patient_id, entry.id)
    assert logs.log_result(cast.uow(), cast.bob, cast.carol.patient_id, entry.id).diary_entry.pain == 4


def test_two_patients_logs_with_one_id_are_each_their_own_with_their_own_decisions(cast):
    """Ids are made by phones and are the patient's own (key: patient and id), on both databases:
    Dave's entry with Carol's id is new, and reading back either gives its owner's entry and the
    decisions of its owner's check-ins only."""
    programs.set_program(cast.uow(), cast.bob, cast.dave.patient_id, CAROLS_PROGRAM)
    shared = uuid.uuid4()
    carols = logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=shared, date=TODAY, pain=3),
                            now=True)
    daves = logs.log_diary(cast.uow(), cast.dave, cast.dave.patient_id, DiaryEntryIn(id=shared, date=TODAY, pain=6),
                           now=True)
    assert not daves.replayed and daves.diary_entry.pain == 6
    for patient, written in ((cast.carol, carols), (cast.dave, daves)):
        read = logs.log_result(cast.uow(), patient, patient.patient_id, shared)
        assert read.diary_entry == written.diary_entry and read.decisions == written.decisions
    session = SessionLogIn(id=uuid.uuid4(), activity_id="walking", date=TODAY, completed={"duration_s": 1200})
    logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, session)
    assert not logs.log_session(cast.uow(), cast.dave, cast.dave.patient_id, session).replayed
    assert logs.log_session(cast.uow(), cast.dave, cast.dave.patient_id, session).replayed
