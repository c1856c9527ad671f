"""One patient's bad record never stops the other patients' check-ins (hazard H35).

A diary entry dated 0001-01-01 once got in through the API. The check-in worker takes the oldest
due patient first, one at a time, and that patient's check-in overflowed the calendar every round:
no patient anywhere got a check-in again. Here Dave's record is poisoned the way that entry did it,
written straight into the database past every check at the edge, and Carol keeps her diary.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from clinic_cast import TODAY
from sqlalchemy import func, insert, select, update

from rehab.contracts.records import DiaryEntryIn
from rehab.services import checkins, logs, oversight, patients
from rehab.store import tables

LONG_AGO = date(1, 1, 1)


def poison(cast, actor) -> None:
    """A diary entry dated 0001-01-01 for ``actor``'s patient, stored as the old code stored it."""
    queued_at = datetime.combine(TODAY, time(6), tzinfo=UTC)  # before anyone else's: taken first
    with cast.sessions() as session:
        session.execute(insert(tables.DiaryEntry).values(
            id=uuid.uuid4(), patient_id=actor.patient_id, date=LONG_AGO, pain=4, recorded_by=actor.user_id,
            recorded_at=queued_at))
        session.execute(update(tables.Patient).where(tables.Patient.id == actor.patient_id).values(
            last_entry_on=LONG_AGO, checkins_due_since=queued_at))
        session.commit()


def carol_keeps_her_diary(cast) -> None:
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=4))


def decisions_of(cast, actor) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.Decision)
                              .where(tables.Decision.patient_id == actor.patient_id))


def patient_row(cast, actor) -> tables.Patient:
    with cast.sessions() as session:
        return session.get(tables.Patient, actor.patient_id)


def run_rounds(cast, rounds: int = 5) -> int:
    return sum(checkins.run_due(cast.uow()) for _ in range(rounds))


def test_a_poisoned_patient_is_put_aside_and_the_others_check_ins_still_run(cast):
    poison(cast, cast.dave)
    carol_keeps_her_diary(cast)
    failed: list[str] = []
    assert checkins.run_due(cast.uow(), failed=failed) == 1  # Dave first: the oldest mark
    assert checkins.run_due(cast.uow(), failed=failed) == 1  # then Carol, whatever Dave's record holds
    assert checkins.run_due(cast.uow()) == 0  # Dave waits for his retry; nothing else is due
    assert decisions_of(cast, cast.carol) == 2  # sit-to-stand and walking
    assert failed == [f"patient {cast.dave.patient_id}: date value out of range"]
    dave = patient_row(cast, cast.dave)
    assert (dave.checkin_failures, dave.checkin_error) == (1, "date value out of range")
    assert dave.checkins_due_since is not None  # his entries still wait for their check-in


def test_the_clinic_is_told_check_in_failed_on_the_caseload_and_in_an_alert(cast):
    poison(cast, cast.dave)
    run_rounds(cast)
    rows = {row.patient.display_name: row for row in patients.caseload(cast.uow(), cast.bob, TODAY)}
    assert rows["Dave"].need == "checkin_failed"
    assert rows["Dave"].reason.startswith("Check-in failed: date value out of range")
    assert rows["Dave"].patient.checkin_failed.startswith("check-in failed: date value out of range")
    assert rows["Carol"].patient.checkin_failed is None
    alerts = [a for a in oversight.open_alerts(cast.uow(), cast.bob) if a.patient_id == cast.dave.patient_id]
    assert [(a.code, a.severity) for a in alerts] == [("checkin_failed", "urgent")]


def test_a_put_aside_patient_is_retried_later_each_time_and_cleared_once_the_record_is_put_right(cast):
    poison(cast, cast.dave)
    run_rounds(cast)
    waits = []
    for _ in range(3):
        dave = patient_row(cast, cast.dave)
        waits.append(dave.checkin_retry_at - cast.clock())
        assert run_rounds(cast) == 0  # not before the wait is over
        cast.clock.day += timedelta(days=1)  # the worker comes round again at noon the next day
        run_rounds(cast)
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert patient_row(cast, cast.dave).checkin_failures == 4
    with cast.sessions() as session:  # the clinic puts the record right
        session.execute(update(tables.Patient).where(tables.Patient.id == cast.dave.patient_id)
                        .values(last_entry_on=cast.clock.day))
        session.commit()
    cast.clock.day += timedelta(days=1)
    assert run_rounds(cast) == 1
    dave = patient_row(cast, cast.dave)
    assert (dave.checkin_failures, dave.checkin_error, dave.checkin_retry_at, dave.checkins_due_since) == (
        0, None, None, None)


def test_the_back_off_doubles_up_to_six_hours():
    assert [checkins.retry_after(n) for n in (1, 2, 3, 9, 10, 50)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=256),
        timedelta(hours=6), timedelta(hours=6)]
