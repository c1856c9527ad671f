"""Logging sessions and diary entries, declaring a flare, and overriding a decision.

Phones on bad connections retry. Every log carries an id made by the client: the first request
stores it and runs the check-ins; a retry with the same id (and the same content) returns what was
stored then, decisions included, and creates nothing. The same id with different content is a
conflict, not a silent overwrite. An id is the patient's own: another patient's id is free to use
and says nothing about what that patient logged (docs/security.md, "Existence of records").
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import bindparam, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from rehab.contracts.checkin import DecisionOut, DoseIn, dose_out
from rehab.contracts.paging import Page, RowPage, rows_of
from rehab.contracts.records import (
    DiaryEntryIn,
    DiaryEntryOut,
    FlareIn,
    LogResult,
    OverrideIn,
    OverrideOut,
    SessionLogIn,
    SessionLogOut,
    StoredDecision,
)
from rehab.core.engine.dose_change import large_changes, warning
from rehab.core.engine.messages import new_neuro_advice
from rehab.core.engine.safety import stops_exercise
from rehab.services import checkins, wording
from rehab.services import today as todays
from rehab.services.access import (
    CARE_TEAM,
    CARE_TEAM_AND_PATIENT,
    PATIENT,
    Actor,
    audit,
    check_patient,
    open_patient,
    read_audited,
)
from rehab.services.errors import Conflict, ExercisePaused, Invalid, NotFound
from rehab.services.paging import Keyset, Paging, read_page
from rehab.services.record_dates import check_logged_day, is_late
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

def _replayed_decisions(uow: UnitOfWork, patient_id: uuid.UUID, trigger: str) -> list[DecisionOut]:
    """The decisions a log's check-ins made. A log's id is the patient's own (two patients may
    name theirs alike), so they are looked up within the patient."""
    rows = uow.session.scalars(select(tables.Decision).where(tables.Decision.patient_id == patient_id,
                                                             tables.Decision.trigger == trigger)
                               .order_by(tables.Decision.decided_at, tables.Decision.activity_id))
    return [DecisionOut.model_validate(r.document) for r in rows]


# A diary entry INSERT that stores nothing when the id is already stored, and says whether it
# stored (SQLite and PostgreSQL spell it alike). Built once per dialect, compiled once.
_NEW_DIARY_ENTRY = {
    name: insert(tables.DiaryEntry.__table__).on_conflict_do_nothing(index_elements=["patient_id", "id"])
    .returning(tables.DiaryEntry.__table__.c.id)
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}


# The same for a session log: concurrent requests with one id store it once, and the others wait
# for it and answer as retries (PostgreSQL has no write queue to make them take turns).
# Why a session is kept but never counted (tables.SessionLog.set_aside; hazard H44).
NEURO_SIGNS_IN_FLARE = "neuro_signs_in_flare"
NEW_NEURO_SIGNS = "new_neuro_signs"  # the same outside a flare (H50)
_SET_ASIDE_ADVICE = {NEURO_SIGNS_IN_FLARE: new_neuro_advice(in_flare=True), NEW_NEURO_SIGNS: new_neuro_advice(in_flare=False)}
_SET_ASIDE_REASON = {advice: reason for reason, advice in _SET_ASIDE_ADVICE.items()}  # Today's sentence says which

_NEW_SESSION_LOG = {
    name: insert(tables.SessionLog.__table__).on_conflict_do_nothing(index_elements=["patient_id", "id"])
    .returning(tables.SessionLog.__table__.c.id)
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}


_patients = tables.Patient.__table__
_SAW_ENTRY_CHECKINS_DUE = (
    update(_patients).where(_patients.c.id == bindparam("patient_id"))
    .values(last_entry_on=case((or_(_patients.c.last_entry_on.is_(None), _patients.c.last_entry_on < bindparam("day")),
                                bindparam("day")), else_=_patients.c.last_entry_on),
            checkins_due_since=func.coalesce(_patients.c.checkins_due_since, bindparam("now")))
)


def session_out(row: tables.SessionLog) -> SessionLogOut:
    return SessionLogOut(id=row.id, activity_id=row.activity_id, date=row.date, completed=row.completed,
                         pain_during=row.pain_during, pain_after=row.pain_after, rpe=row.rpe, rir=row.rir,
                         recorded_at=row.recorded_at, late=row.late, set_aside=row.set_aside)


def diary_out(row: tables.DiaryEntry) -> DiaryEntryOut:
    return DiaryEntryOut(id=row.id, date=row.date, pain=row.pain, pain_next_morning=row.pain_next_morning,
                         sleep_hours=row.sleep_hours, mood=row.mood, stress=row.stress,
                         flare_declared=row.flare_declared, note=row.note, tags=row.tags or [],
                         recorded_at=row.recorded_at, late=row.late)


def log_session(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, entry: SessionLogIn) -> LogResult:
    trigger = f"session:{entry.id}"
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="session_log",
                               roles=CARE_TEAM_AND_PATIENT, resource_id=entry.id)
        completed = dose_out(entry.completed.to_core())
        existing = uow.session.get(tables.SessionLog, (patient.id, entry.id))
        if existing is not None:
            return _replayed_session(uow, patient, entry, completed, existing, trigger)
        prescription = next((p for p in checkins.prescriptions(uow, patient.id) if p.activity_id == entry.activity_id), None)
        if prescription is None:
            raise Invalid("activity_id", f"{entry.activity_id!r} is not in this patient's current program")
        if prescription.strategy == "graded_exposure":
            raise Invalid("activity_id", f"{entry.activity_id!r} is practised as behavioural experiments; "
                                         "log an experiment instead (POST /patients/{id}/experiments)")
        # No path logs exercise past a standing emergency or urgent referral, whoever posts it (the
        # same rule as the check-in and the patient's Today page: clinical reference §4.2).
        referral = todays.standing_referral(uow, patient.id)
        if stops_exercise(referral):
            raise ExercisePaused(referral.value)
        today = check_logged_day(uow, patient.enrolled_on, "date", entry.date, actor.role == PATIENT)
        # New numbness, tingling or weakness (during a flare, H40, or not, H50) stops exercise too, but it is not a
        # red flag the patient can be asked to act on before logging: what they did is kept, so it
        # is not lost, set aside so no check-in ever counts it towards a step up (H44), and the
        # answer tells them not to exercise and that the clinic will contact them.
        guidance = todays.guidance_for(uow, patient.id, uow.now().date())
        stopped = guidance.exercise_stopped
        row = {"id": entry.id, "patient_id": patient.id, "activity_id": entry.activity_id, "date": entry.date,
               "completed": completed, "pain_during": entry.pain_during, "pain_after": entry.pain_after,
               "rpe": entry.rpe, "rir": entry.rir, "recorded_by": actor.user_id, "recorded_at": uow.now(),
               "late": is_late(uow, entry.date),
               "set_aside": _SET_ASIDE_REASON.get(guidance.sentence, NEW_NEURO_SIGNS) if stopped else None}
        connection = uow.session.connection()
        if connection.execute(_NEW_SESSION_LOG[connection.dialect.name], row).first() is None:
            # A request with the same id got in first (on PostgreSQL this INSERT waited for it to
            # commit): this one is its retry, and gets the answer that one stored.
            existing = uow.session.get(tables.SessionLog, (patient.id, entry.id), populate_existing=True)
            return _replayed_session(uow, patient, entry, completed, existing, trigger)
        _saw_entry(patient, entry.date)
        if row["late"]:
            _audit_late(uow, actor, patient.id, "session_log", entry.id)
        _, decision = checkins.run_check_in(uow, patient, prescription, today, trigger)
        uow.commit()
        return LogResult(replayed=False, session=SessionLogOut(**{k: v for k, v in row.items()
                                                                   if k not in ("patient_id", "recorded_by")}),
                         decisions=[decision], advice=guidance.sentence if stopped else None)


def _replayed_session(uow: UnitOfWork, patient: tables.Patient, entry: SessionLogIn, completed: dict,
                      existing: tables.SessionLog, trigger: str) -> LogResult:
    """The stored answer for a retry of a session log, or a conflict when the id was used for
    another session."""
    same = (existing.patient_id, existing.activity_id, existing.date, existing.completed,
            existing.pain_during, existing.pain_after, existing.rpe, existing.rir) == (
        patient.id, entry.activity_id, entry.date, completed, entry.pain_during, entry.pain_after,
        entry.rpe, entry.rir)
    if not same:
        raise Conflict(f"id: {entry.id} was already used for a different session")
    result = LogResult(replayed=True, session=session_out(existing), decisions=_replayed_decisions(uow, patient.id, trigger),
                       advice=_SET_ASIDE_ADVICE.get(existing.set_aside))
    uow.commit()  # the audit entry of this read
    return result


def log_diary(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, entry: DiaryEntryIn,
              trigger_kind: str = "diary", now: bool = False) -> LogResult:
    """Store a diary entry. A declared flare (or ``now``) runs every activity's check-in at once and
    returns the decisions; an ordinary entry marks the patient's check-ins as due, and the check-in
    worker runs them within moments, once for all the entries that arrived meanwhile
    (:func:`rehab.services.checkins.run_due`). The mark is stored with the entry, so no entry is
    ever left without its check-in, even if the server stops."""
    return log_diary_entries(uow, actor, patient_id, (entry,), trigger_kind, now)[0]


def log_diary_entries(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, entries: Sequence[DiaryEntryIn],
                      trigger_kind: str = "diary", now: bool = False) -> list[LogResult]:
    """Several diary entries in one transaction: every one is stored, or, when one is refused (a
    reused id, a date out of range), none is. The patient's diary page sends today's entry and the
    morning check of the day before together, and a refused request writes nothing."""
    with uow:
        results = [_diary_entry(uow, actor, patient_id, entry, trigger_kind, now) for entry in entries]
        uow.commit()
        return results


def _diary_entry(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, entry: DiaryEntryIn, trigger_kind: str,
                 now: bool) -> LogResult:
    """One diary entry inside the caller's transaction (see :func:`log_diary`)."""
    trigger = f"{trigger_kind}:{entry.id}"
    at_once = now or bool(entry.flare_declared)
    if at_once:
        patient = open_patient(uow, actor, patient_id, action="create", resource="diary_entry",
                               roles=CARE_TEAM_AND_PATIENT, resource_id=entry.id)
        enrolled_on = patient.enrolled_on
    else:  # the everyday entry from a phone: the patient record itself is not needed
        enrolled_on = check_patient(uow, actor, patient_id, action="create", resource="diary_entry",
                                    roles=CARE_TEAM_AND_PATIENT, resource_id=entry.id)
    today = check_logged_day(uow, enrolled_on, "date", entry.date, actor.role == PATIENT)
    recorded_at = uow.now()
    late = is_late(uow, entry.date) and not _morning_check(uow, entry)
    # One statement both stores the entry and tells a retry apart: a second INSERT of the same id
    # stores nothing, and the entry already kept is compared with what was sent.
    connection = uow.session.connection()
    stored_now = connection.execute(
        _NEW_DIARY_ENTRY[connection.dialect.name],
        {"patient_id": patient_id, "recorded_by": actor.user_id, "recorded_at": recorded_at, "late": late,
         **entry.model_dump()},
    ).first()
    if stored_now is None:
        existing = uow.session.get(tables.DiaryEntry, (patient_id, entry.id))
        stored = diary_out(existing).model_dump(exclude={"recorded_at", "late"})
        if stored != entry.model_dump():
            raise Conflict(f"id: {entry.id} was already used for a different diary entry")
        decisions = _replayed_decisions(uow, patient_id, trigger)
        return LogResult(replayed=True, diary_entry=diary_out(existing), decisions=decisions,
                         checkins="done" if decisions else "queued")
    written = DiaryEntryOut(recorded_at=recorded_at, late=late, **entry.model_dump())
    if late:
        _audit_late(uow, actor, patient_id, "diary_entry", entry.id)
    if not at_once:
        # The caseload's last entry, and the mark that this patient's check-ins are due (kept
        # with the entry, so none is ever left without its check-in).
        connection.execute(_SAW_ENTRY_CHECKINS_DUE, {"patient_id": patient_id, "day": entry.date, "now": recorded_at})
        return LogResult(replayed=False, diary_entry=written, decisions=[], checkins="queued")
    _saw_entry(patient, entry.date)
    uow.session.flush()
    decisions = checkins.run_all(uow, patient, today, trigger)
    return LogResult(replayed=False, diary_entry=written, decisions=decisions)


def _morning_check(uow: UnitOfWork, entry: DiaryEntryIn) -> bool:
    """The pain on waking, stored against the day before: the usual morning check, not a late entry."""
    given = {k for k, v in entry.model_dump(exclude={"id", "date"}, exclude_none=True).items() if v != []}
    only_morning = given == {"pain_next_morning"}
    return only_morning and (uow.now().date() - entry.date).days == 1


def _audit_late(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, resource: str, log_id: uuid.UUID) -> None:
    """A second audit entry beside the write's own: this record was dated before the day it was
    made, so a reader of the audit log sees back-dating as such."""
    audit(uow, actor, "create_late", resource, log_id, patient_id=patient_id)


def declare_flare(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, flare: FlareIn) -> LogResult:
    """"I'm having a flare": a diary entry that says so, and the flare plan for every activity."""
    entry = DiaryEntryIn(id=flare.id, date=flare.date, pain=flare.pain, flare_declared=True)
    return log_diary(uow, actor, patient_id, entry, trigger_kind="flare")


def _saw_entry(patient: tables.Patient, day: date) -> None:
    if patient.last_entry_on is None or day > patient.last_entry_on:
        patient.last_entry_on = day


def list_sessions(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, since: date | None = None) -> list[SessionLogOut]:
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="session_logs", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.SessionLog).where(tables.SessionLog.patient_id == patient_id)
        if since is not None:
            query = query.where(tables.SessionLog.date >= since)
        out = [session_out(r) for r in uow.session.scalars(query.order_by(tables.SessionLog.date, tables.SessionLog.recorded_at))]
        uow.commit()
        return out


def count_sessions(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> int:
    """How many sessions the patient has logged in all: one count, not every session read."""
    return read_audited(uow, actor, patient_id, resource="session_logs", roles=CARE_TEAM_AND_PATIENT,
                        read=lambda reading: reading.session.scalar(
                            select(func.count()).where(tables.SessionLog.patient_id == patient_id)))


def list_diary(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, since: date | None = None,
               also: tuple[date, date] | None = None) -> list[DiaryEntryOut]:
    """The diary oldest first: all of it, or from ``since`` on, and then also the days ``also``
    (first, last) when given (the anchored baseline's days, however long ago they were)."""
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="diary_entries", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.DiaryEntry).where(tables.DiaryEntry.patient_id == patient_id)
        if since is not None and also is not None:
            query = query.where(or_(tables.DiaryEntry.date >= since, tables.DiaryEntry.date.between(*also)))
        elif since is not None:
            query = query.where(tables.DiaryEntry.date >= since)
        out = [diary_out(r) for r in uow.session.scalars(query.order_by(tables.DiaryEntry.date, tables.DiaryEntry.recorded_at))]
        uow.commit()
        return out


# The newest-first order of each history list; the last key makes it total (ties on a day and a
# moment are broken by id), and each table has an index in this order (migration 0007).
SESSION_ORDER = (tables.SessionLog.date, tables.SessionLog.recorded_at, tables.SessionLog.id)
DIARY_ORDER = (tables.DiaryEntry.date, tables.DiaryEntry.recorded_at, tables.DiaryEntry.id)
DECISION_ORDER = (tables.Decision.date, tables.Decision.decided_at, tables.Decision.id)


def session_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging,
                 since: date | None = None) -> Page[SessionLogOut]:
    """The patient's session logs, newest first, one page at a time (the API's list)."""
    query = select(tables.SessionLog).where(tables.SessionLog.patient_id == patient_id)
    if since is not None:
        query = query.where(tables.SessionLog.date >= since)
    return read_audited(uow, actor, patient_id, resource="session_logs", roles=CARE_TEAM_AND_PATIENT,
                        read=lambda reading: read_page(reading.session, query, SESSION_ORDER, paging, session_out))


# The diary's columns as plain rows (the ORM's per-object bookkeeping was a third of a page's
# cost), in statements built once: the whole diary, or from a date on. Every field of
# DiaryEntryOut is read: the page once left out the tags and the late mark, and listed every
# entry as untagged and on time.
_diary = tables.DiaryEntry.__table__
_DIARY_COLUMNS = tuple(DiaryEntryOut.model_fields)
_DIARY_PAGE = select(*[_diary.c[name] for name in _DIARY_COLUMNS]).where(_diary.c.patient_id == bindparam("patient_id"))
_DIARY = Keyset(_DIARY_PAGE, DIARY_ORDER)
_DIARY_SINCE = Keyset(_DIARY_PAGE.where(_diary.c.date >= bindparam("since")), DIARY_ORDER)
_DIARY_ROWS = rows_of(DiaryEntryOut)


def _diary_items(rows: list) -> list[dict]:
    """The stored rows in DiaryEntryOut's shape, as they are: they were checked when written."""
    items = [dict(zip(_DIARY_COLUMNS, row, strict=True)) for row in rows]
    for item in items:
        if item["tags"] is None:  # entries written before tags were asked for
            item["tags"] = []
    return items


def diary_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging,
               since: date | None = None) -> RowPage[DiaryEntryOut]:
    """The patient's diary, newest first, one page at a time (the API's list): a year of diary is
    hundreds of entries, and a phone shows the last few. Its JSON is ``Page[DiaryEntryOut]``'s."""
    page = read_audited(uow, actor, patient_id, resource="diary_entries", roles=CARE_TEAM_AND_PATIENT, read=lambda reading: read_page(
        reading.session, _DIARY if since is None else _DIARY_SINCE, DIARY_ORDER, paging, diary_out, rows="columns",
        parameters={"patient_id": patient_id, "since": since}, all_at_once=_diary_items))
    return RowPage(page.items, page.next_cursor, page.total, _DIARY_ROWS)


def log_result(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, log_id: uuid.UUID) -> LogResult:
    """A stored session log or diary entry (a declared flare is one) and the decisions of the
    check-ins it ran, as the write returned them: what a patient sees after logging. An ordinary
    diary entry's check-ins are run by the worker for all entries at once, so none are listed;
    ``checkins`` says "queued" while the worker has not run them yet."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="read", resource="log_result",
                               roles=CARE_TEAM_AND_PATIENT, resource_id=log_id)
        session = uow.session.get(tables.SessionLog, (patient.id, log_id))
        if session is not None:
            # A session set aside while a new neurological sign stops exercise is answered with the
            # advice, as the write answered it (H53): the log page reads this, not the write's answer.
            out = LogResult(replayed=True, session=session_out(session),
                            decisions=_replayed_decisions(uow, patient.id, f"session:{log_id}"),
                            advice=_SET_ASIDE_ADVICE.get(session.set_aside))
            uow.commit()
            return out
        entry = uow.session.get(tables.DiaryEntry, (patient.id, log_id))
        if entry is None:
            raise NotFound(f"no log {log_id}")
        decisions = _replayed_decisions(uow, patient.id, f"{'flare' if entry.flare_declared else 'diary'}:{log_id}")
        queued = not decisions and patient.checkins_due_since is not None
        out = LogResult(replayed=True, diary_entry=diary_out(entry), decisions=decisions,
                        checkins="queued" if queued else "done")
        uow.commit()
        return out


def override_out(row: tables.Override) -> OverrideOut:
    return OverrideOut(id=row.id, decision_id=row.decision_id, decision=row.kind, next_dose=row.next_dose,
                       reason=row.reason, clinician_id=row.clinician_id, created_at=row.created_at)


def stored_decision(row: tables.Decision, override: tables.Override | None) -> StoredDecision:
    decision = DecisionOut.model_validate(row.document)
    return StoredDecision(id=row.id, trigger=row.trigger.split(":")[0], decided_at=row.decided_at,
                          decision=decision, override=override_out(override) if override else None,
                          summary=wording.summary(decision))


def _decisions(patient_id: uuid.UUID, activity_id: str | None, since: date | None):
    """The patient's decisions with any override, of one activity and from a day when given."""
    query = (select(tables.Decision, tables.Override)
             .outerjoin(tables.Override, tables.Override.decision_id == tables.Decision.id)
             .where(tables.Decision.patient_id == patient_id))
    if activity_id is not None:
        query = query.where(tables.Decision.activity_id == activity_id)
    if since is not None:
        query = query.where(tables.Decision.date >= since)
    return query


def list_decisions(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, activity_id: str | None = None,
                   since: date | None = None) -> list[StoredDecision]:
    with uow:
        open_patient(uow, actor, patient_id, action="read", resource="decisions", roles=CARE_TEAM_AND_PATIENT)
        query = _decisions(patient_id, activity_id, since)
        rows = uow.session.execute(query.order_by(tables.Decision.date, tables.Decision.decided_at)).all()
        out = [stored_decision(d, o) for d, o in rows]
        uow.commit()
        return out


def decision_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging,
                  activity_id: str | None = None, since: date | None = None) -> Page[StoredDecision]:
    """The patient's stored decisions (with any override), newest first, one page at a time."""
    query = _decisions(patient_id, activity_id, since)
    return read_audited(uow, actor, patient_id, resource="decisions", roles=CARE_TEAM_AND_PATIENT, read=lambda reading: read_page(
        reading.session, query, DECISION_ORDER, paging, lambda row: stored_decision(*row),
        keys_of=lambda row: (row[0].date, row[0].decided_at, row[0].id), rows="tuples"))


# Each activity's latest decision on or before a day: one ranked query reading one decision a
# activity, not every decision of the last weeks (the flare page asks this on every visit).
_DECISIONS_RANKED = (
    select(tables.Decision.id, func.row_number().over(
        partition_by=tables.Decision.activity_id,
        order_by=(tables.Decision.date.desc(), tables.Decision.decided_at.desc(), tables.Decision.id.desc())).label("rank"))
    .where(tables.Decision.patient_id == bindparam("patient_id"), tables.Decision.date <= bindparam("today"))
    .subquery()
)
_LATEST_DECISIONS = (
    select(tables.Decision, tables.Override)
    .join(_DECISIONS_RANKED, _DECISIONS_RANKED.c.id == tables.Decision.id)
    .outerjoin(tables.Override, tables.Override.decision_id == tables.Decision.id)
    .where(_DECISIONS_RANKED.c.rank == 1)
)


def latest_decisions(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, today: date) -> dict[str, StoredDecision]:
    """The latest stored decision of each activity on or before ``today``, by activity."""
    return read_audited(uow, actor, patient_id, resource="decisions", roles=CARE_TEAM_AND_PATIENT, read=lambda reading: {
        d.activity_id: stored_decision(d, o)
        for d, o in reading.session.execute(_LATEST_DECISIONS, {"patient_id": patient_id, "today": today})})


def run_check_in(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, activity_id: str, today: date) -> DecisionOut:
    """A check-in on demand (a clinician reviewing an activity)."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="decision", roles=CARE_TEAM,
                               resource_id=activity_id)
        prescription = next((p for p in checkins.prescriptions(uow, patient.id) if p.activity_id == activity_id), None)
        if prescription is None:
            raise NotFound(f"no activity {activity_id!r} in this patient's current program")
        _, decision = checkins.run_check_in(uow, patient, prescription, today, "manual")
        uow.commit()
        return decision


# An acceptance is kept as an override with the engine's own decision and dose, its reason marked
# with this prefix: the clinician's agreement is on record beside the decision (same table).
ACCEPTED = "Accepted: "


def override_decision(uow: UnitOfWork, actor: Actor, decision_id: uuid.UUID, override: OverrideIn) -> OverrideOut:
    """A clinician decides in place of the engine, with a reason that is stored and shown. The
    activity moves to the clinician's dose; the engine's decision is kept beside it."""
    return _decide(uow, actor, decision_id, override.decision.value, override.next_dose, override.reason,
                   override.confirm_large_change)


def accept_decision(uow: UnitOfWork, actor: Actor, decision_id: uuid.UUID, reason: str) -> OverrideOut:
    """A clinician agrees with the engine's decision, with a reason that is stored and shown."""
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", "say why you accept this decision")
    if len(reason) > 2000 - len(ACCEPTED):
        raise Invalid("reason", f"at most {2000 - len(ACCEPTED)} characters")
    return _decide(uow, actor, decision_id, None, None, ACCEPTED + reason)


def acceptance(override: OverrideOut) -> str | None:
    """The reason of an acceptance, or None when the override is a different decision."""
    return override.reason.removeprefix(ACCEPTED) if override.reason.startswith(ACCEPTED) else None


def _decide(uow: UnitOfWork, actor: Actor, decision_id: uuid.UUID, kind: str | None, dose: DoseIn | None,
            reason: str, confirmed: bool = False) -> OverrideOut:
    """Store the clinician's decision (``kind`` None: the engine's own) beside the engine's. A dose
    below half or above 1.5 times the dose in force (the engine's next dose, else the activity's
    current one) is stored only when confirmed: it may be a slip of units."""
    with uow:
        # The decision's row lock makes concurrent overrides take turns (on PostgreSQL; SQLite's
        # writers queue anyway): the second sees the first's override and gets a conflict. The
        # unique index on overrides.decision_id is the database's own guarantee behind it.
        decision = uow.session.get(tables.Decision, decision_id, with_for_update=True)
        unseen = f"no decision {decision_id}"
        if decision is None:
            raise NotFound(unseen)
        patient = open_patient(uow, actor, decision.patient_id, action="create", resource="override",
                               roles=CARE_TEAM, resource_id=decision_id, unseen=unseen)
        if uow.session.scalar(select(tables.Override.id).where(tables.Override.decision_id == decision_id)):
            raise Conflict(f"decision {decision_id} has already been overridden")
        kind = kind or decision.kind
        engine_dose = decision.document.get("next_dose")
        next_dose = dose_out(dose.to_core()) if dose else engine_dose
        state = uow.session.get(tables.ActivityState, (patient.id, decision.activity_id))
        if dose is not None and not confirmed:
            in_force = engine_dose or (state.current_dose if state is not None else None)
            before = DoseIn.model_validate(in_force).to_core() if in_force else None
            if changes := large_changes(before, dose.to_core()):
                raise Invalid("confirm_large_change", warning(before, dose.to_core(), changes))
        row = tables.Override(decision_id=decision_id, clinician_id=actor.user_id, kind=kind,
                              next_dose=next_dose, reason=reason, created_at=uow.now())
        uow.session.add(row)
        if state is not None:
            if next_dose is not None:
                state.current_dose = next_dose
            if decision.kind == "flare" and kind != "flare" and state.flare_episode:
                state.flare_episode = None  # the clinician judged it was not a flare
            state.updated_at = uow.now()
        uow.session.flush()
        checkins.refresh_attention(uow, patient)
        uow.commit()
        return override_out(row)
