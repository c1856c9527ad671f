"""Reading back one log and the check-ins it ran: what a patient sees after logging."""

import uuid

import pytest
from clinic_cast import TODAY

from rehab.contracts.records import DiaryEntryIn, FlareIn, SessionLogIn
from rehab.services import checkins, logs
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
