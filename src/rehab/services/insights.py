"""Diary insights on the stored diary: patterns in a patient's own records worth talking about.

The engine's method (:mod:`rehab.core.insights`, docs/insights.md) runs on the last weeks of the
diary as stored, with the triggers the patient marked and the days they logged a session of any
activity. Every finding is an association to explore, worded for the patient and in numbers for
the clinician; the same report is shown to both, so neither sees a claim the other cannot.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import bindparam, select

from rehab.contracts.insights import InsightsOut
from rehab.core.insights.patterns import InsightRules, find_insights
from rehab.core.models import DiaryEntry, Dose, SessionLog
from rehab.services.access import CARE_TEAM_AND_PATIENT, Actor, check_patient
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

RULES = InsightRules()

_DIARY = (
    select(tables.DiaryEntry.date, tables.DiaryEntry.pain, tables.DiaryEntry.pain_next_morning,
           tables.DiaryEntry.sleep_hours, tables.DiaryEntry.mood, tables.DiaryEntry.stress, tables.DiaryEntry.tags)
    .where(tables.DiaryEntry.patient_id == bindparam("patient_id"), tables.DiaryEntry.date >= bindparam("since"),
           tables.DiaryEntry.date <= bindparam("today"))
    .order_by(tables.DiaryEntry.date, tables.DiaryEntry.recorded_at)
)
_SESSION_DAYS = (
    select(tables.SessionLog.date).distinct()
    .where(tables.SessionLog.patient_id == bindparam("patient_id"), tables.SessionLog.date >= bindparam("since"),
           tables.SessionLog.date <= bindparam("today"))
)


def report(uow: UnitOfWork, patient_id: uuid.UUID, today: date) -> InsightsOut:
    """The insight report on the stored diary, inside the caller's transaction (no access check)."""
    window = {"patient_id": patient_id, "since": today - timedelta(days=RULES.window_days), "today": today}
    connection = uow.session.connection()
    diary = [DiaryEntry(day, pain, morning, sleep, mood, stress, tags=frozenset(tags or ()))
             for day, pain, morning, sleep, mood, stress, tags in connection.execute(_DIARY, window)]
    sessions = [SessionLog(day, Dose()) for day in connection.execute(_SESSION_DAYS, window).scalars()]
    return InsightsOut.from_core(find_insights(diary, sessions, today, RULES))


def diary_insights(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, today: date) -> InsightsOut:
    """Patterns in the patient's diary up to ``today``: for the patient and their care team; audited."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="insights", roles=CARE_TEAM_AND_PATIENT)
        out = report(uow, patient_id, today)
        uow.commit()
        return out
