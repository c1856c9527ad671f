"""The anchored personal baseline: which diary days a patient's usual pain is judged against.

The engine compares every day with an anchored yardstick (:mod:`rehab.core.engine.monitoring`): the
baseline phase at the start of the patient's diary, or the window a clinician confirmed at the
last re-baseline (clinical reference §7.2 steps 1 and 5). This is where the store says which one
applies, so the check-ins, the clinician's timeline and the patient's progress page all judge by
the same days.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import bindparam, or_, select

from rehab.contracts.checkin import LimitsIn
from rehab.contracts.records import BaselineAnchorOut, BaselineOut, PersonalBaselineOut, RebaselineIn
from rehab.core.engine import monitoring, rebaseline as rebaselining
from rehab.core.models import BaselineAnchor, DiaryEntry, Limits
from rehab.services.access import CARE_TEAM, CARE_TEAM_AND_PATIENT, Actor, check_patient
from rehab.services.errors import Invalid
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


def rebaselined_from(uow: UnitOfWork, patient_id: uuid.UUID) -> date | None:
    """The first day of the latest re-baseline a clinician confirmed, or None (inside the caller's
    transaction): outcome measures are judged from there at a checkpoint too (§7.2 step 5)."""
    row = uow.session.connection().execute(_LATEST_REBASELINE, {"patient_id": patient_id}).first()
    return row.first if row is not None else None


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


# ---- the clinician's re-baseline ------------------------------------------------------------------

_PAIN_DAYS = (
    select(tables.DiaryEntry.date)
    .where(tables.DiaryEntry.patient_id == bindparam("patient_id"), tables.DiaryEntry.pain.is_not(None),
           tables.DiaryEntry.date <= bindparam("today"))
    .group_by(tables.DiaryEntry.date).order_by(tables.DiaryEntry.date)
)
_HISTORY = (
    select(tables.BaselineAnchor, tables.User.display_name)
    .outerjoin(tables.User, tables.User.id == tables.BaselineAnchor.recorded_by)
    .where(tables.BaselineAnchor.patient_id == bindparam("patient_id"))
    .order_by(tables.BaselineAnchor.created_at.desc())
)
_CURRENT_LIMITS = (
    select(tables.Prescription.limits)
    .join(tables.ProgramVersion, tables.ProgramVersion.id == tables.Prescription.program_version_id)
    .where(tables.ProgramVersion.patient_id == bindparam("patient_id"))
    .order_by(tables.ProgramVersion.version.desc(), tables.Prescription.activity_id).limit(1)
)
# The diary rows an engine check-in reads (the check-ins use the same query).
DIARY_ROWS = (
    select(tables.DiaryEntry.date, tables.DiaryEntry.pain, tables.DiaryEntry.pain_next_morning,
           tables.DiaryEntry.sleep_hours, tables.DiaryEntry.mood, tables.DiaryEntry.stress,
           tables.DiaryEntry.flare_declared)
    .where(tables.DiaryEntry.patient_id == bindparam("patient_id"), tables.DiaryEntry.date >= bindparam("since"),
           tables.DiaryEntry.date <= bindparam("today"))
    .order_by(tables.DiaryEntry.date, tables.DiaryEntry.recorded_at)
)

# The same rows from ``since`` on and on the anchor's days (``anchor_first..anchor_last``): what the
# baseline the engine uses today is taken from (the anchor's mean, the noise of the last weeks).
_DIARY_AND_ANCHOR_ROWS = (
    select(*DIARY_ROWS.selected_columns)
    .where(tables.DiaryEntry.patient_id == bindparam("patient_id"), tables.DiaryEntry.date <= bindparam("today"),
           or_(tables.DiaryEntry.date >= bindparam("since"),
               tables.DiaryEntry.date.between(bindparam("anchor_first"), bindparam("anchor_last"))))
    .order_by(tables.DiaryEntry.date, tables.DiaryEntry.recorded_at)
)


def limits_of(uow: UnitOfWork, patient_id: uuid.UUID) -> Limits:
    """The patient's thresholds as set on the current program (its first activity's; the defaults
    without a program), as the clinician's timeline reads them."""
    limits = uow.session.connection().execute(_CURRENT_LIMITS, {"patient_id": patient_id}).scalar()
    return LimitsIn.model_validate(limits or {}).to_core()


def _anchor_out(row: tables.BaselineAnchor, name: str | None) -> BaselineAnchorOut:
    return BaselineAnchorOut(id=row.id, first=row.first, last=row.last, reason=row.reason, note=row.note,
                             confirmed_on=row.confirmed_on, confirmed_by=row.recorded_by, confirmed_by_name=name,
                             created_at=row.created_at)


def rebaseline(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, request: RebaselineIn,
               today: date) -> tuple[BaselineAnchorOut, bool]:
    """A clinician of the patient's clinic moves the yardstick onto ``request.first..last`` after a
    setback, a medication change or a new programme phase (clinical reference §7.2 step 5); from
    the next check-in on, the patient's usual pain is the mean of those days.

    Only the care team may (a patient cannot move their own yardstick; anyone else is told the
    patient does not exist); the window must be days already logged, with at least
    ``baseline_min_days`` pain entries (§7.2 step 1), else :class:`Invalid` names the field and
    nothing is stored. The same window and reason confirmed again on the same day (a form sent
    twice, a retry) is the same re-baseline: the one stored is returned with ``True``, and nothing
    is added. Audited with the window asked for."""
    with uow:
        out = record_rebaseline(uow, actor, patient_id, request, today)
        uow.commit()  # for a retry, the audit entry of the read
        return out


def record_rebaseline(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, request: RebaselineIn, today: date,
                      field: str = "") -> tuple[BaselineAnchorOut, bool]:
    """:func:`rebaseline` inside the caller's transaction: a reassessment that re-baselines from
    the dates the clinician confirmed calls this, so both ways are one rule and one audit entry
    (``field`` prefixes the name of a refused field, e.g. ``rebaseline.``)."""
    check_patient(uow, actor, patient_id, action="create", resource="baseline_anchor", roles=CARE_TEAM,
                  resource_id=f"{request.first.isoformat()}..{request.last.isoformat()}")
    # One re-baseline of a patient at a time (PostgreSQL locks her row; SQLite has one writer
    # already), so two copies of the same request sent at once still store one.
    uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient_id).with_for_update())
    connection = uow.session.connection()
    limits = limits_of(uow, patient_id)
    pain_days = list(connection.execute(_PAIN_DAYS, {"patient_id": patient_id, "today": today}).scalars())
    problem = rebaselining.refusal(request.first, request.last, today, pain_days, limits)
    if problem is not None:
        name, message = problem
        raise Invalid(field + name, message)
    latest = uow.session.execute(_HISTORY.limit(1), {"patient_id": patient_id}).first()
    if latest is not None:
        row, name = latest
        if (row.first, row.last, row.reason, row.confirmed_on) == (request.first, request.last, request.reason, today):
            return _anchor_out(row, name), True
    now = uow.now()
    # A later re-baseline is always the later row, even within one tick of the clock: the
    # latest one is the anchor in force (anchor_of).
    if latest is not None and now <= latest[0].created_at:
        now = latest[0].created_at + timedelta(microseconds=1)
    row = tables.BaselineAnchor(patient_id=patient_id, first=request.first, last=request.last,
                                reason=request.reason, note=request.note, confirmed_on=today,
                                recorded_by=actor.user_id, created_at=now)
    uow.session.add(row)
    uow.session.flush()
    user = uow.session.get(tables.User, actor.user_id)
    return _anchor_out(row, user.display_name if user else None), False


def baseline_history(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> list[BaselineAnchorOut]:
    """Every re-baseline of the patient, newest first, with who confirmed it: the first is the
    anchor in force (without any, the baseline phase at the start of the diary is)."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="baseline_anchors", roles=CARE_TEAM_AND_PATIENT)
        out = [_anchor_out(row, name) for row, name in uow.session.execute(_HISTORY, {"patient_id": patient_id})]
        uow.commit()
        return out


def current_baseline(anchor: BaselineAnchor | None, diary: list[DiaryEntry], today: date,
                     limits: Limits) -> PersonalBaselineOut | None:
    """The baseline a check-in on ``today`` judges usual pain by, for display: the same code the
    check-in runs (:func:`rehab.core.engine.monitoring.baseline_of_diary`), so what the clinician
    reads is the engine's yardstick. None before the first diary entry with pain."""
    baseline = monitoring.baseline_of_diary(diary, today, limits, anchor)
    if baseline is not None:
        return PersonalBaselineOut(status=baseline.status, kind=baseline.kind, first=baseline.first, last=baseline.last,
                                   days=baseline.days, mean=round(baseline.mean, 2),
                                   noise_band=round(baseline.noise_band, 2), confirmed_on=baseline.confirmed_on)
    if anchor is None:
        return None
    last = min(anchor.last, today)
    days = len({e.date for e in diary if e.pain is not None and anchor.first <= e.date <= last})
    return PersonalBaselineOut(status="collecting", kind=anchor.reason, first=anchor.first, last=last, days=days,
                               mean=None, noise_band=None, confirmed_on=anchor.confirmed_on)


def baseline(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, today: date) -> BaselineOut:
    """The baseline the engine uses today and every re-baseline before it."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="baseline", roles=CARE_TEAM_AND_PATIENT)
        limits = limits_of(uow, patient_id)
        anchor = anchor_of(uow, patient_id, limits)
        # The noise window and the anchor's days, however long ago; not every day in between.
        since = today - timedelta(days=limits.baseline_days + limits.recent_days)
        first, last = (anchor.first, anchor.last) if anchor is not None else (since, since)
        diary = [DiaryEntry(*entry) for entry in uow.session.connection().execute(
            _DIARY_AND_ANCHOR_ROWS, {"patient_id": patient_id, "since": since, "today": today,
                                     "anchor_first": first, "anchor_last": last})]
        history = [_anchor_out(row, name) for row, name in uow.session.execute(_HISTORY, {"patient_id": patient_id})]
        out = BaselineOut(current=current_baseline(anchor, diary, today, limits), history=history)
        uow.commit()
        return out
