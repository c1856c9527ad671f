"""Late entries: a session or diary entry filled in after the day it is for (issue 13, "Completing
the records"). Carol may date her own entries up to 3 days back (the clinic's setting); a late
entry is marked late, audited, and its data goes into today's check-in. Both databases.

Today is Friday 2026-11-27; Carol was enrolled on 2026-10-01.
"""

import uuid
from datetime import timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import select

from rehab.contracts.records import DiaryEntryIn, SessionLogIn
from rehab.services import checkins, logs
from rehab.services.errors import Invalid
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork


def clinic_uow(cast, late_entry_days: int = 3) -> UnitOfWork:
    """A unit of work with the clinic's own limit on late entries (the cast's is lifted for history)."""
    return UnitOfWork(cast.sessions, cast.clock, late_entry_days=late_entry_days)


def session(days_ago: int) -> SessionLogIn:
    return SessionLogIn(id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY - timedelta(days=days_ago),
                        completed={"sets": 2, "reps": 10}, pain_during=3)


def late_audits(cast, resource: str) -> list[str]:
    with cast.sessions() as s:
        return list(s.scalars(select(tables.AuditEntry.resource_id).where(
            tables.AuditEntry.action == "create_late", tables.AuditEntry.resource == resource)))


def test_a_session_three_days_late_is_kept_marked_late_audited_and_checked_in_today(cast):
    entry = session(3)
    result = logs.log_session(clinic_uow(cast), cast.carol, cast.carol.patient_id, entry)
    assert result.session.late is True
    assert [d.date for d in result.decisions] == [TODAY]  # today's check-in, with the late session in it
    assert late_audits(cast, "session_log") == [str(entry.id)]
    listed = logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert [(s.date, s.late) for s in listed] == [(TODAY - timedelta(days=3), True)]


def test_a_session_four_days_late_is_refused_naming_the_field_and_the_limit(cast):
    with pytest.raises(Invalid) as refused:
        logs.log_session(clinic_uow(cast), cast.carol, cast.carol.patient_id, session(4))
    assert refused.value.field == "date"
    assert "more than 3 days ago" in refused.value.message
    assert "from 2026-11-24 to 2026-11-28" in refused.value.message
    assert logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id) == []
    assert late_audits(cast, "session_log") == []


def test_todays_session_is_not_late(cast):
    result = logs.log_session(clinic_uow(cast), cast.carol, cast.carol.patient_id, session(0))
    assert result.session.late is False
    assert late_audits(cast, "session_log") == []


def test_a_diary_entry_two_days_late_is_marked_late_and_goes_into_todays_check_in(cast):
    entry = DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=2), pain=6)
    result = logs.log_diary(clinic_uow(cast), cast.carol, cast.carol.patient_id, entry)
    assert result.diary_entry.late is True and result.checkins == "queued"
    assert late_audits(cast, "diary_entry") == [str(entry.id)]
    assert checkins.run_due(cast.uow()) == 1
    decisions = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert {d.decision.date for d in decisions} == {TODAY}
    assert [e.late for e in logs.list_diary(cast.uow(), cast.carol, cast.carol.patient_id)] == [True]


def test_the_morning_check_stored_against_yesterday_is_not_late(cast):
    morning = DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=1), pain_next_morning=3)
    assert logs.log_diary(clinic_uow(cast), cast.carol, cast.carol.patient_id, morning).diary_entry.late is False
    yesterday = DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=1), pain=4)
    assert logs.log_diary(clinic_uow(cast), cast.carol, cast.carol.patient_id, yesterday).diary_entry.late is True


def test_a_clinician_copying_a_paper_diary_may_reach_back_further_and_it_is_marked_late(cast):
    entry = DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=20), pain=5)
    result = logs.log_diary(clinic_uow(cast), cast.bob, cast.carol.patient_id, entry)
    assert result.diary_entry.late is True
    assert late_audits(cast, "diary_entry") == [str(entry.id)]


def test_how_many_days_late_is_the_clinics_setting(cast):
    with pytest.raises(Invalid) as refused:
        logs.log_diary(clinic_uow(cast, late_entry_days=0), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=1), pain=4))
    assert refused.value.field == "date" and "more than 0 days ago" in refused.value.message
    assert logs.list_diary(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_a_retry_of_a_late_entry_is_the_same_entry(cast):
    entry = DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=2), pain=6)
    logs.log_diary(clinic_uow(cast), cast.carol, cast.carol.patient_id, entry)
    again = logs.log_diary(clinic_uow(cast), cast.carol, cast.carol.patient_id, entry)
    assert again.replayed is True and again.diary_entry.late is True
    assert late_audits(cast, "diary_entry") == [str(entry.id)]
