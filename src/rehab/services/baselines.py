"""The anchored personal baseline: which diary days a patient's usual pain is judged against.

The engine compares every day with an anchored yardstick (:mod:`rehab.core.engine.monitoring`): the
baseline phase at the start of the patient's diary, or the window a clinician confirmed at the
last re-baseline (clinical reference §7.2 steps 1 and 5). This is where the store says which one
applies, so the check-ins, the clinician's timeline and the patient's progress page all judge by
the same days.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import bindparam, select

from rehab.core.engine import monitoring
from rehab.core.models import BaselineAnchor, Limits
from rehab.services.access import CARE_TEAM_AND_PATIENT, Actor, check_patient
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

_LATEST_REBASELINE = (
    select(tables.BaselineAnchor.first, tables.BaselineAnchor.last, tables.BaselineAnchor.reason,
           tables.BaselineAnchor.confirmed_on)
    .where(tables.BaselineAnchor.patient_id == bindparam("patient_id"))
    .order_by(tables.BaselineAnchor.created_at.desc()).limit(1)
)
_FIRST_DIARY_DAYS = (
    select(tables.DiaryEntry.date)
    .where(tables.DiaryEntry.patient_id == bindparam("patient_id"), tables.DiaryEntry.pain.is_not(None))
    .group_by(tables.DiaryEntry.date).order_by(tables.DiaryEntry.date).limit(bindparam("days"))
)


def anchor_of(uow: UnitOfWork, patient_id: uuid.UUID, limits: Limits) -> BaselineAnchor | None:
    """The anchor in force: the latest re-baseline a clinician confirmed, else the baseline phase at
    the start of the diary (None before the first diary entry). Part of an audited use case."""
    connection = uow.session.connection()
    row = connection.execute(_LATEST_REBASELINE, {"patient_id": patient_id}).first()
    if row is not None:
        return BaselineAnchor(*row)
    days = connection.execute(_FIRST_DIARY_DAYS, {"patient_id": patient_id, "days": limits.baseline_min_days}).scalars()
    return monitoring.intake_anchor(monitoring.DailySeries.of(dict.fromkeys(days, 0.0), ordered=True), limits)


def baseline_anchor(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, limits: Limits) -> BaselineAnchor | None:
    """The anchor in force, for the patient's own pages and their care team's."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="baseline", roles=CARE_TEAM_AND_PATIENT)
        anchor = anchor_of(uow, patient_id, limits)
        uow.commit()
        return anchor


def diary_since(anchor: BaselineAnchor | None, since: date) -> date:
    """How far back to read the diary so the anchor's days are in it."""
    return min(since, anchor.first) if anchor is not None else since
