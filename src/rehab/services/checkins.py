"""Running a check-in on stored records, and keeping what it decided.

The engine is pure; this is where the records meet it. A check-in reads the activity's prescription
and current dose, its sessions, the patient's diary, earlier decisions (with any clinician override
in place of the engine's) and the latest red-flag screening, runs :func:`rehab.core.progression.check_in`,
and stores the decision exactly as ``rehab check-in`` would print it. In the same transaction it
moves the activity to its next dose, opens or closes a flare episode, raises alerts for the
clinician, and updates the patient's line on the caseload.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import and_, bindparam, case, func, or_, select, true

from rehab.contracts.checkin import ActivityIn, DecisionOut, DoseIn, LimitsIn
from rehab.contracts.self_management import BoundsIn
from rehab.core.engine.progression import check_in
from rehab.core.engine.safety import ScreeningAnswers, standing_answers
from rehab.core.models import (
    AdjustmentKind,
    CheckIn,
    DecisionKind,
    DiaryEntry,
    FlareEpisode,
    HistoryEntry,
    SelfAdjustment,
    SelfManagementBounds,
    SessionLog,
    Strategy,
    Symptoms,
)
from rehab.core.engine.clinician_words import override_summary
from rehab.services import baselines, referrals, wording
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

log = logging.getLogger("rehab.checkins")

# How far back a check-in reads: enough for the stall window (6 weeks), recurring flares (4 weeks)
# and the noise window (4 weeks before the last week), with room for per-patient settings; the
# diary also from the first day of the anchored baseline, however long ago.
HISTORY_DAYS = 120
DIARY_DAYS = 70

# How soon a decision needs a clinician's eyes on the caseload (higher first).
ATTENTION = {
    ("refer", "emergency"): 100, ("refer", "urgent"): 90, ("refer", "routine"): 70,
    ("flare", None): 60, ("regress", None): 50, ("reformulate", None): 40,
}
SYMPTOM_HOLD = 45  # a hold because of new neurological signs or swelling
SAFETY_FINDING_ATTENTION = 95  # a safety finding in a questionnaire (e.g. thoughts of self-harm)
# The kind of need behind each stored score, for the caseload's badges.
NEEDS = {**{score: kind for (kind, _), score in ATTENTION.items()}, SYMPTOM_HOLD: "symptoms",
         SAFETY_FINDING_ATTENTION: "safety", 0: "none"}
ALERT_SEVERITY = {"emergency": "emergency", "urgent": "urgent"}


def current_program(uow: UnitOfWork, patient_id: uuid.UUID) -> tables.ProgramVersion | None:
    return uow.session.scalar(
        select(tables.ProgramVersion).where(tables.ProgramVersion.patient_id == patient_id)
        .order_by(tables.ProgramVersion.version.desc()).limit(1)
    )


def prescriptions(uow: UnitOfWork, patient_id: uuid.UUID,
                  program: tables.ProgramVersion | None = None) -> list[tables.Prescription]:
    """The current program's prescriptions (of ``program`` when the caller has read it already)."""
    program = program or current_program(uow, patient_id)
    if program is None:
        return []
    return list(uow.session.scalars(
        select(tables.Prescription).where(tables.Prescription.program_version_id == program.id)
        .order_by(tables.Prescription.activity_id)
    ))


def standing_red_flags(uow: UnitOfWork, patient_id: uuid.UUID) -> tuple[frozenset[str], Symptoms]:
    """The red flags in force: the latest clinician's screening and every answer the patient gave
    since (see :func:`rehab.core.safety.standing_answers`: a patient cannot clear a referral)."""
    rows = uow.session.execute(_RED_FLAG_SCREENINGS, {"patient_id": patient_id})
    return standing_answers(
        ScreeningAnswers(role == "clinician", frozenset(answers.get("red_flags", ())),
                         Symptoms(bool(answers.get("new_neuro_symptoms")), bool(answers.get("unexplained_swelling"))))
        for answers, role in rows)


# What a check-in reads, built once and compiled once (building a statement costs more than running it).
_SESSIONS = (
    select(tables.SessionLog.date, tables.SessionLog.completed, tables.SessionLog.pain_during,
           tables.SessionLog.pain_after, tables.SessionLog.rpe, tables.SessionLog.rir)
    .where(tables.SessionLog.patient_id == bindparam("patient_id"),
           tables.SessionLog.activity_id == bindparam("activity_id"),
           tables.SessionLog.date > bindparam("since"), tables.SessionLog.date <= bindparam("today"),
           tables.SessionLog.set_aside.is_(None))  # logged past an urgent referral: kept, never counted (H44)
    .order_by(tables.SessionLog.date, tables.SessionLog.recorded_at)
)
_HISTORY = (
    select(tables.Decision.date, tables.Decision.kind, tables.Override.kind)
    .outerjoin(tables.Override, tables.Override.decision_id == tables.Decision.id)
    .where(tables.Decision.patient_id == bindparam("patient_id"),
           tables.Decision.activity_id == bindparam("activity_id"),
           tables.Decision.date > bindparam("since"), tables.Decision.date <= bindparam("today"))
    .order_by(tables.Decision.date, tables.Decision.decided_at)
)
# The bounds agreed for the activity (the latest) and the changes the patient made within them.
BOUNDS = (
    select(tables.AgreedBounds.bounds)
    .where(tables.AgreedBounds.patient_id == bindparam("patient_id"),
           tables.AgreedBounds.activity_id == bindparam("activity_id"))
    .order_by(tables.AgreedBounds.set_at.desc()).limit(1)
)
_ADJUSTMENTS = (
    select(tables.SelfAdjustment.date, tables.SelfAdjustment.kind, tables.SelfAdjustment.dose,
           tables.SelfAdjustment.moved_to, tables.SelfAdjustment.alternative, tables.SelfAdjustment.reason)
    .where(tables.SelfAdjustment.patient_id == bindparam("patient_id"),
           tables.SelfAdjustment.activity_id == bindparam("activity_id"),
           tables.SelfAdjustment.date > bindparam("since"), tables.SelfAdjustment.date <= bindparam("until"))
    .order_by(tables.SelfAdjustment.date, tables.SelfAdjustment.recorded_at)
)
# The red-flag screenings from the latest clinician's on (all of them before any): a clinician's
# replaces whatever stood before it (rehab.core.engine.safety.standing_answers), so the answers a
# patient gave before it cannot change what stands, and a person who ticks the red-flag questions
# in the app every week for two years is not read back to the first week at every check-in.
_S, _U = tables.Screening, tables.User
_LAST_BY_CLINICIAN = (
    select(_S.taken_on, _S.created_at).join(_U, _U.id == _S.recorded_by)
    .where(_S.patient_id == bindparam("patient_id"), _S.kind == "red_flags", _U.role == "clinician")
    .order_by(_S.taken_on.desc(), _S.created_at.desc()).limit(1)
    .subquery()
)
_RED_FLAG_SCREENINGS = (
    select(_S.answers, _U.role)
    .join(_U, _U.id == _S.recorded_by)
    .outerjoin(_LAST_BY_CLINICIAN, true())
    .where(_S.patient_id == bindparam("patient_id"), _S.kind == "red_flags",
           or_(_LAST_BY_CLINICIAN.c.taken_on.is_(None), _S.taken_on > _LAST_BY_CLINICIAN.c.taken_on,
               and_(_S.taken_on == _LAST_BY_CLINICIAN.c.taken_on, _S.created_at >= _LAST_BY_CLINICIAN.c.created_at)))
    # Two answers recorded at the same moment: the clinician's first, so the patient's stands beside
    # it (the engine only escalates; a clinician de-escalates, §4.2). Without this the database chose.
    .order_by(_S.taken_on, _S.created_at, case((_U.role == "clinician", 0), else_=1))
)


def build_check_in(uow: UnitOfWork, patient: tables.Patient, prescription: tables.Prescription,
                   state: tables.ActivityState, today: date) -> CheckIn:
    activity = ActivityIn(
        id=prescription.activity_id,
        dose=DoseIn.model_validate(state.current_dose),
        sessions_per_week=prescription.sessions_per_week,
        increments=prescription.increments,
        progression_order=prescription.progression_order,
        started=state.started_on if state.started_on <= today else None,
    ).to_core()
    episode = None
    if state.flare_episode:
        episode = FlareEpisode(date.fromisoformat(state.flare_episode["started"]),
                               DoseIn.model_validate(state.flare_episode["pre_flare_dose"]).to_core())
    limits = LimitsIn.model_validate(prescription.limits).to_core()
    anchor = baselines.anchor_of(uow, patient.id, limits)
    diary_from = baselines.diary_since(anchor, today - timedelta(days=DIARY_DAYS))
    if episode is not None:
        diary_from = min(diary_from, episode.started - timedelta(days=DIARY_DAYS))
    # Plain rows from statements built once (see _SESSIONS): the check-in only reads them, and the
    # worker runs it while it holds the database's write lock. session.execute still flushes what
    # this use case has added (a session log) before reading.
    window = {"patient_id": patient.id, "activity_id": prescription.activity_id, "today": today,
              "since": today - timedelta(days=HISTORY_DAYS)}
    sessions = uow.session.execute(_SESSIONS, window)
    diary = uow.session.execute(baselines.DIARY_ROWS, {"patient_id": patient.id, "since": diary_from, "today": today})
    history = uow.session.execute(_HISTORY, window)
    red_flags, symptoms = standing_red_flags(uow, patient.id)
    strategy = Strategy(prescription.strategy)
    hierarchy, experiments = None, ()
    if strategy is Strategy.GRADED_EXPOSURE:
        # The fear hierarchy and the experiments stand in for the sessions, exactly as in
        # `rehab check-in` (an exposure is logged as an experiment, never as a session).
        from rehab.services.exposure import exposure_records  # it reads prescriptions from here
        hierarchy, experiments = exposure_records(uow, patient.id, prescription.activity_id, today)
        sessions = ()
    bounds, adjustments = self_management_of(uow, patient.id, prescription.activity_id, window["since"], today)
    return CheckIn(
        today=today,
        activity=activity,
        strategy=strategy,
        limits=limits,
        sessions=tuple(SessionLog(day, DoseIn.model_validate(completed).to_core(), during, after, rpe, rir)
                       for day, completed, during, after, rpe, rir in sessions),
        diary=tuple(DiaryEntry(*entry) for entry in diary),
        red_flags=red_flags,
        symptoms=symptoms,
        history=tuple(HistoryEntry(day, DecisionKind(overridden or kind)) for day, kind, overridden in history),
        flare_episode=episode,
        baseline_anchor=anchor,
        hierarchy=hierarchy,
        experiments=experiments,
        bounds=bounds,
        adjustments=adjustments,
        risk_assessment_due=referrals.risk_assessment_due(uow, patient.id),
    )


def self_management_of(uow: UnitOfWork, patient_id: uuid.UUID, activity_id: str, since: date,
                       until: date) -> tuple[SelfManagementBounds | None, tuple[SelfAdjustment, ...]]:
    """The bounds agreed for an activity and the patient's changes dated after ``since`` up to
    ``until``: a check-in counts a session the patient eased as what was chosen, never as the
    target dose (rehab.core.engine.self_management)."""
    connection = uow.session.connection()
    agreed = connection.execute(BOUNDS, {"patient_id": patient_id, "activity_id": activity_id}).scalar()
    rows = connection.execute(_ADJUSTMENTS, {"patient_id": patient_id, "activity_id": activity_id,
                                             "since": since, "until": until})
    adjustments = tuple(SelfAdjustment(day, AdjustmentKind(kind), DoseIn.model_validate(dose).to_core() if dose else None,
                                       moved_to, alternative, reason)
                        for day, kind, dose, moved_to, alternative, reason in rows)
    return (BoundsIn.model_validate(agreed).to_core() if agreed is not None else None), adjustments


def activity_state(uow: UnitOfWork, patient_id: uuid.UUID, prescription: tables.Prescription,
                   today: date) -> tables.ActivityState:
    state = uow.session.get(tables.ActivityState, (patient_id, prescription.activity_id))
    if state is None:
        state = tables.ActivityState(patient_id=patient_id, activity_id=prescription.activity_id,
                                     current_dose=prescription.starting_dose, started_on=today,
                                     flare_episode=None, updated_at=uow.now())
        uow.session.add(state)
    return state


def _decided_at(uow: UnitOfWork, patient_id, activity_id: str) -> datetime:
    """Now, or a microsecond after the activity's last decision when the clock has not moved on
    (a stopped clock in tests, two requests in one tick): every reader takes "the latest decision"
    by (date, decided_at), so two decisions of one activity must never tie."""
    now = uow.now()
    last = uow.session.scalar(select(func.max(tables.Decision.decided_at)).where(
        tables.Decision.patient_id == patient_id, tables.Decision.activity_id == activity_id))
    return last + timedelta(microseconds=1) if last is not None and last >= now else now


def run_check_in(uow: UnitOfWork, patient: tables.Patient, prescription: tables.Prescription, today: date,
                 trigger: str, refresh: bool = True) -> tuple[tables.Decision, DecisionOut]:
    """Decide for one activity, store the decision and everything that follows from it."""
    state = activity_state(uow, patient.id, prescription, today)
    checkin = build_check_in(uow, patient, prescription, state, today)
    decision = DecisionOut.from_core(check_in(checkin), checkin)
    row = tables.Decision(patient_id=patient.id, activity_id=prescription.activity_id, date=today,
                          kind=decision.decision.value, urgency=decision.urgency.value if decision.urgency else None,
                          rule_version=decision.rule_version, trigger=trigger,
                          document=decision.model_dump(mode="json"),
                          decided_at=_decided_at(uow, patient.id, prescription.activity_id))
    uow.session.add(row)
    _follow(uow, patient, state, row, decision)
    if refresh:
        refresh_attention(uow, patient)
    # Give back exactly what was stored, so a replayed log returns the same JSON.
    return row, DecisionOut.model_validate(row.document)


def run_all(uow: UnitOfWork, patient: tables.Patient, today: date, trigger: str) -> list[DecisionOut]:
    """A check-in for every activity of the current program (after a diary entry, a flare, a
    screening): the diary and red flags concern them all."""
    current = prescriptions(uow, patient.id)
    decisions = [run_check_in(uow, patient, p, today, trigger, refresh=False)[1] for p in current]
    refresh_attention(uow, patient, current)
    return decisions


def mark_due(uow: UnitOfWork, patient: tables.Patient) -> None:
    if patient.checkins_due_since is None:
        patient.checkins_due_since = uow.now()


# A patient whose check-in raised is tried again after a wait that doubles with each failure in a
# row, up to six hours: the worker goes on with everyone else meanwhile (hazard H35).
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
CHECKIN_FAILED_ATTENTION = 80  # above a routine referral: no rule is checking this patient's logs


def retry_after(failures: int) -> timedelta:
    """How long a patient whose check-in failed ``failures`` times in a row waits for the next try."""
    return min(FIRST_RETRY * 2 ** min(max(failures, 1) - 1, 20), LONGEST_RETRY)


def run_due(uow: UnitOfWork, delay_seconds: float = 0.0, limit: int = 1, failed: list[str] | None = None) -> int:
    """Run the check-ins of patients whose diary entries have waited at least ``delay_seconds``
    (oldest first, at most ``limit`` patients, one transaction); returns how many were handled.

    The short delay gathers a burst of entries into one round of check-ins, and one patient per
    transaction keeps the database's write lock short. Safe with several workers: on PostgreSQL
    each takes rows the others have not locked.

    Each patient's check-ins run alone (a savepoint): one that raises is undone, the patient is put
    aside with the error and a later retry (:func:`retry_after`), the clinic is told, and the others
    go on. Without this, one bad record stopped every clinic's check-ins, because the oldest due
    patient is always taken first. ``failed`` collects a line for each patient put aside."""
    with uow:
        now = uow.now()
        ready = now - timedelta(seconds=delay_seconds)
        query = (select(tables.Patient)
                 .where(tables.Patient.checkins_due_since <= ready,
                        or_(tables.Patient.checkin_retry_at.is_(None), tables.Patient.checkin_retry_at <= now))
                 .order_by(tables.Patient.checkins_due_since).limit(limit))
        if uow.session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        due = list(uow.session.scalars(query))
        for patient in due:
            error = _check_in_alone(uow, patient)
            if error is not None and failed is not None:
                failed.append(f"patient {patient.id}: {error}")
        uow.commit()
        return len(due)


def _check_in_alone(uow: UnitOfWork, patient: tables.Patient) -> str | None:
    """A due patient's check-ins in a savepoint of their own; the error in words when they raised."""
    try:
        with uow.session.begin_nested():
            today = max(patient.last_entry_on or date.min, uow.now().date())
            run_all(uow, patient, today, "diary")
            uow.session.flush()
    except Exception as error:  # noqa: BLE001 - whatever it was, it must not stop the other patients
        log.exception("check-in of patient %s failed; put aside and retried later", patient.id)
        return _put_aside(uow, patient, error)
    patient.checkins_due_since = None
    if patient.checkin_failures or patient.checkin_error is not None:
        patient.checkin_failures, patient.checkin_error, patient.checkin_retry_at = 0, None, None
    return None


def _put_aside(uow: UnitOfWork, patient: tables.Patient, error: Exception) -> str:
    """Record the failure on the patient (the caseload shows it), try again later, alert the clinic.
    The diary marks stay, so nothing is lost: the check-ins run once the record is put right."""
    words = (str(error).strip() or type(error).__name__)[:200]
    patient.checkin_failures = (patient.checkin_failures or 0) + 1
    patient.checkin_error = words
    patient.checkin_retry_at = uow.now() + retry_after(patient.checkin_failures)
    raise_alert(uow, patient, "checkin_failed", "urgent",
                f"Check-in failed: {words}. The diary is kept and the check-in is tried again later; "
                "check this patient's recent entries.")
    return words


def _follow(uow: UnitOfWork, patient: tables.Patient, state: tables.ActivityState, row: tables.Decision,
            decision: DecisionOut) -> None:
    if decision.next_dose is not None:
        state.current_dose = decision.next_dose
    episode = decision.flare_episode.model_dump(mode="json") if decision.flare_episode else None
    if episode != state.flare_episode:
        _flare_episodes(uow, patient, row.activity_id, state.flare_episode, episode, row.date)
        state.flare_episode = episode
    state.updated_at = uow.now()
    uow.session.flush()
    for code, severity, message in _alerts_for(row.activity_id, decision):
        raise_alert(uow, patient, code, severity, message, row.id)


def _flare_episodes(uow: UnitOfWork, patient: tables.Patient, activity_id: str, before: dict | None,
                    after: dict | None, today: date) -> None:
    if before is not None:
        open_episode = uow.session.scalar(
            select(tables.FlareEpisode).where(tables.FlareEpisode.patient_id == patient.id,
                                              tables.FlareEpisode.activity_id == activity_id,
                                              tables.FlareEpisode.ended_on.is_(None)))
        if open_episode is not None:
            open_episode.ended_on = today
    if after is not None:
        uow.session.add(tables.FlareEpisode(patient_id=patient.id, activity_id=activity_id,
                                            started_on=date.fromisoformat(after["started"]),
                                            pre_flare_dose=after["pre_flare_dose"]))


def _alerts_for(activity_id: str, decision: DecisionOut) -> list[tuple[str, str, str]]:
    """Each alert in a clinician's words, named by the exercise's name (never its id); the engine's
    terse summary stays in the stored decision for whoever wants it."""
    kind = decision.decision.value
    name = wording.activity_name(activity_id)
    alerts = []
    if kind in ("refer", "flare", "reformulate"):
        severity = ALERT_SEVERITY.get(decision.urgency.value if decision.urgency else "", "routine")
        alerts.append((f"decision_{kind}", severity, wording.summary(decision, name, notes=False)))
    for alert in decision.alerts:
        if alert.code.startswith("red_flag") or alert.code == "reformulate":
            continue  # already said by the decision alert above
        alerts.append((alert.code, "urgent" if alert.code == "new_neuro_symptoms" else "routine",
                       f"{name}: {alert.message.replace(activity_id, name.lower())}"))
    return alerts


# Notes that change no decision (a possible re-baseline, short sleep or high stress) come back at
# every check-in while their condition holds. Once a clinician has acknowledged one, it stays quiet
# this many days: asked again the next morning, a clinician learns to click notes away unread (alert
# fatigue). Safety alerts are never quieted.
QUIET_AFTER_ACKNOWLEDGED_DAYS = {"consider_rebaseline": 14, "sleep_and_stress": 14}


def raise_alert(uow: UnitOfWork, patient: tables.Patient, code: str, severity: str, message: str,
                decision_id: uuid.UUID | None = None) -> None:
    """An alert for the clinician, unless the same one is already open (a flare decided every day
    is one alert until someone acknowledges it), or is a note acknowledged lately
    (:data:`QUIET_AFTER_ACKNOWLEDGED_DAYS`)."""
    uow.session.flush()
    same = (tables.Alert.patient_id == patient.id, tables.Alert.code == code)
    already = uow.session.scalar(select(tables.Alert.id).where(*same, tables.Alert.acknowledged_at.is_(None)).limit(1))
    quiet = QUIET_AFTER_ACKNOWLEDGED_DAYS.get(code)
    if already is None and quiet is not None:
        already = uow.session.scalar(select(tables.Alert.id).where(
            *same, tables.Alert.acknowledged_at >= uow.now() - timedelta(days=quiet)).limit(1))
    if already is None:
        uow.session.add(tables.Alert(clinic_id=patient.clinic_id, patient_id=patient.id, decision_id=decision_id,
                                     code=code, severity=severity, message=message, created_at=uow.now()))


# Decisions older than this no longer put a patient on top of the caseload by themselves.
ATTENTION_DAYS = 30


def refresh_attention(uow: UnitOfWork, patient: tables.Patient,
                      current: list[tables.Prescription] | None = None) -> None:
    """The patient's place on the caseload: the most pressing of the latest decision per activity
    of the current program (a clinician's override in place of the engine's)."""
    uow.session.flush()
    names = {p.activity_id: p.name for p in (current if current is not None else prescriptions(uow, patient.id))}
    # The ids first, then only the latest decision's stored document per activity: reading every
    # document of the last 30 days (a JSON decode each) cost a third of the demo's seeding.
    rows = uow.session.execute(
        select(tables.Decision.id, tables.Decision.activity_id, tables.Override.kind)
        .outerjoin(tables.Override, tables.Override.decision_id == tables.Decision.id)
        .where(tables.Decision.patient_id == patient.id,
               tables.Decision.date >= (patient.last_entry_on or patient.enrolled_on) - timedelta(days=ATTENTION_DAYS))
        .order_by(tables.Decision.date.desc(), tables.Decision.decided_at.desc()))
    latest: dict[str, tuple[uuid.UUID, str | None]] = {}
    for decision_id, activity_id, overridden in rows:
        if activity_id in names and activity_id not in latest:
            latest[activity_id] = (decision_id, overridden)
    decisions = {row.id: row for row in uow.session.scalars(
        select(tables.Decision).where(tables.Decision.id.in_([decision_id for decision_id, _ in latest.values()])))}
    best, reason = 0, None
    for activity_id, (decision_id, overridden) in latest.items():
        score, why = _attention(names[activity_id], decisions[decision_id], overridden)
        if score > best:
            best, reason = score, why
    patient.attention, patient.attention_reason = best, reason


# The caseload's reason is stored in a column of this many characters.
REASON_CHARACTERS = 300


def _attention(name: str, decision: tables.Decision, overridden: str | None) -> tuple[int, str]:
    """How pressing the decision is, and why in a clinician's words (the exercise's name, what
    happened, the value against the threshold, what to consider; the dose is on the patient page)."""
    name = wording.activity_name(decision.activity_id, {decision.activity_id: name})
    if overridden is not None:
        # A referral the clinician keeps (or makes) stays on top until a new screening clears it.
        urgency = (decision.urgency if decision.kind == "refer" else None) or "routine"
        score = ATTENTION.get((overridden, urgency if overridden == "refer" else None), 0)
        return score, _clipped(override_summary(name, overridden, decision.kind))
    score = ATTENTION.get((decision.kind, decision.urgency), 0)
    if decision.kind == "hold" and any(c["name"] == "no_new_symptoms" and not c["passed"]
                                       for c in decision.document["criteria"]):
        score = SYMPTOM_HOLD
    return score, _clipped(wording.summary(decision.document, name, brief=True))


def _clipped(text: str) -> str:
    return text if len(text) <= REASON_CHARACTERS else text[:REASON_CHARACTERS - 1].rstrip() + "…"
