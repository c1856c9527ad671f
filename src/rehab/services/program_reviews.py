"""The program review after a stall: a "reformulate" alert opens it, the clinician completes it.

When progress stalls the clinician re-expresses the goals, re-evaluates the barriers and adjusts the
sequence or intensity of the tasks (the seed, "when progress stalls"). Here that is one stored,
audited record: the alert that opened it (the engine's stall rule or a checkpoint), the barriers
found (the records' own findings offered first, :func:`rehab.core.planning.review.barriers_seen`),
the goals re-expressed through the goal service (so each keeps its history), and the new program
version with the clinician's reason; the version names the review, and completing the review
resolves the alert. The patient reads why in plain words. One transaction; a retry with the same id
stores nothing new.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from pydantic import ValidationError
from sqlalchemy import bindparam, select

from rehab.contracts.checkin import dose_out
from rehab.contracts.program_review import (
    BarrierOut,
    BarrierSeenOut,
    ChangeOut,
    PlanChangeOut,
    ProgramReviewIn,
    ProgramReviewOut,
    ReviewStartOut,
)
from rehab.contracts.records import GoalOut, PrescriptionIn, ProgramIn
from rehab.contracts.wire import DoseIn
from rehab.content.loader import packaged_library
from rehab.contracts.planning import HomeIn, IntakeIn
from rehab.core.models import WHOLE_DIMENSIONS, DecisionKind, DiaryEntry, Dose, SessionLog, Strategy
from rehab.core.planning.builder import reason_left_out
from rehab.core.planning.intake import (
    COMORBIDITY_CAUTIONS,
    Baseline,
    Constraints,
    Intake,
    Person,
    Preferences,
)
from rehab.core.planning.review import (
    BARRIERS,
    ActivityRecord,
    BarrierSeen,
    ReviewRules,
    barriers_seen,
    dose_raise_refused,
    patient_words,
)
from rehab.services import assessments, baselines, checkins, programs
from rehab.services import today as todays
from rehab.contracts.paging import Page
from rehab.services.access import CARE_TEAM, CARE_TEAM_AND_PATIENT, Actor, audit, check_patient, open_patient
from rehab.services.paging import Paging, read_page
from rehab.services.errors import Conflict, Invalid, NotFound
from rehab.services.oversight import alert_out
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# The alerts that open a review: the engine's stall rule (a "reformulate" decision) and a second
# checkpoint in a row without important improvement (rehab.services.care.reassess).
REVIEW_ALERTS = ("decision_reformulate", "checkpoint_reformulate")
RULES = ReviewRules()

_SESSIONS = (select(tables.SessionLog.date, tables.SessionLog.rpe, tables.SessionLog.pain_during)
             .where(tables.SessionLog.patient_id == bindparam("patient_id"),
                    tables.SessionLog.activity_id == bindparam("activity_id"),
                    tables.SessionLog.date >= bindparam("since"), tables.SessionLog.date <= bindparam("today")))
_DECISIONS = (select(tables.Decision.date, tables.Decision.kind, tables.Override.kind)
              .outerjoin(tables.Override, tables.Override.decision_id == tables.Decision.id)
              .where(tables.Decision.patient_id == bindparam("patient_id"),
                     tables.Decision.activity_id == bindparam("activity_id"),
                     tables.Decision.date >= bindparam("since"), tables.Decision.date <= bindparam("today"))
              .order_by(tables.Decision.date, tables.Decision.decided_at))


# ---- what the records show ------------------------------------------------------------------------

def _seen(uow: UnitOfWork, patient_id: uuid.UUID, today: date) -> tuple[BarrierSeen, ...]:
    since = today - timedelta(days=RULES.window_days - 1)
    window = {"patient_id": patient_id, "since": since, "today": today}
    records = []
    for p in checkins.prescriptions(uow, patient_id):
        state = uow.session.get(tables.ActivityState, (patient_id, p.activity_id))
        at = {**window, "activity_id": p.activity_id}
        if p.strategy == Strategy.GRADED_EXPOSURE.value:
            # An exposure is logged as a behavioural experiment, never as a session.
            from rehab.services.exposure import exposure_records
            _, experiments = exposure_records(uow, patient_id, p.activity_id, today)
            sessions = tuple(SessionLog(e.date, Dose(), e.pain_during) for e in experiments if e.date >= since)
        else:
            sessions = tuple(SessionLog(day, Dose(), during, None, rpe)
                             for day, rpe, during in uow.session.execute(_SESSIONS, at))
        decisions = tuple((day, DecisionKind(overridden or kind)) for day, kind, overridden in uow.session.execute(_DECISIONS, at))
        records.append(ActivityRecord(p.name, p.sessions_per_week, state.started_on if state else None, sessions, decisions))
    diary = tuple(DiaryEntry(*row) for row in uow.session.execute(baselines.DIARY_ROWS, window))
    return barriers_seen(today, records, diary, RULES)


def _seen_out(found: BarrierSeen) -> BarrierSeenOut:
    return BarrierSeenOut(barrier=found.barrier, label=BARRIERS[found.barrier], finding=found.finding,
                          values=dict(found.values), threshold=found.threshold, source=found.source)


def _review_alert(uow: UnitOfWork, patient_id: uuid.UUID, alert_id: uuid.UUID) -> tables.Alert | None:
    alert = uow.session.get(tables.Alert, alert_id)
    if alert is None or alert.patient_id != patient_id or alert.code not in REVIEW_ALERTS:
        return None
    return alert


def start_review(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, alert_id: uuid.UUID,
                 today: date) -> ReviewStartOut:
    """What a review starts from: the alert, the barriers the last four weeks of records show (each
    with the patient's values and the rule's source), the goals and the current plan."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="program_review", roles=CARE_TEAM,
                      resource_id=alert_id)
        alert = _review_alert(uow, patient_id, alert_id)
        if alert is None:
            raise NotFound(f"no reformulate alert {alert_id}")
        found = _seen(uow, patient_id, today)
        program = checkins.current_program(uow, patient_id)
        out = ReviewStartOut(alert=alert_out(alert), window_days=RULES.window_days,
                             barriers_seen=[_seen_out(f) for f in found], barriers=dict(BARRIERS),
                             goals=_goals(uow, patient_id),
                             program=programs.version_out(uow, patient_id, program) if program else None)
        uow.commit()
        return out


def _goals(uow: UnitOfWork, patient_id: uuid.UUID) -> list[GoalOut]:
    rows = uow.session.scalars(select(tables.Goal).where(tables.Goal.patient_id == patient_id)
                               .order_by(tables.Goal.priority, tables.Goal.updated_at))
    return [assessments.goal_out(g, uow) for g in rows]


# ---- the clinician's review -----------------------------------------------------------------------

def record_review(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: ProgramReviewIn) -> ProgramReviewOut:
    """Store the review, re-express the goals, write the new program version that names it and
    resolve the alert, all or nothing. Bad input names its field and changes nothing; the same id
    with the same review answers the stored one (``replayed``), with another review a conflict."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="program_review",
                               roles=CARE_TEAM, resource_id=given.id)
        uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient.id).with_for_update())
        request = given.model_dump(mode="json")
        existing = uow.session.get(tables.ProgramReview, (patient.id, given.id))
        if existing is not None:
            if existing.request != request:
                raise Conflict(f"id: {given.id} was already used for a different review")
            out = review_out(existing, replayed=True)
            uow.commit()  # the audit entry of this read
            return out
        alert = _review_alert(uow, patient.id, given.alert_id)
        if alert is None:
            raise Invalid("alert_id", "not a 'reformulate' alert of this patient")
        earlier = uow.session.scalar(select(tables.ProgramReview.id).where(tables.ProgramReview.alert_id == alert.id))
        if earlier is not None:
            raise Conflict(f"alert_id: this alert was reviewed already (review {earlier})")
        today = uow.now().date()
        found = {f.barrier: f for f in _seen(uow, patient.id, today)}
        goals = _restate_goals(uow, actor, patient, given)
        program, changes = _new_plan(uow, patient, given)
        words = patient_words([b.barrier for b in given.barriers], sorted({c["kind"] for c in changes}, key=_CHANGE_ORDER.index))
        review = tables.ProgramReview(
            id=given.id, patient_id=patient.id, alert_id=alert.id, decision_id=alert.decision_id,
            checkpoint_id=_checkpoint_of(uow, alert), reason=given.reason, patient_words=words,
            barriers=[{"barrier": b.barrier, "note": b.note,
                       "seen": _seen_out(found[b.barrier]).model_dump(mode="json") if b.barrier in found else None}
                      for b in given.barriers],
            suggested=[_seen_out(f).model_dump(mode="json") for f in found.values()],
            goal_ids=[str(g) for g in goals], changes=changes, program_version=0, request=request,
            recorded_by=actor.user_id, created_at=uow.now())
        uow.session.add(review)
        uow.session.flush()
        version = programs.write_version(uow, actor, patient, program, week=_week_with_added(uow, patient, program),
                                         review_id=review.id)
        for change in changes:  # the dose decided is the dose in force, even where it was the old start
            if change["kind"] == "dose":
                state = uow.session.get(tables.ActivityState, (patient.id, change["activity_id"]))
                if state.current_dose != change["after"]:
                    state.current_dose, state.started_on, state.updated_at = change["after"], today, uow.now()
        review.program_version = version.version
        audit(uow, actor, "create", "program", version.version, patient.id)
        alert.acknowledged_at, alert.acknowledged_by = uow.now(), actor.user_id
        audit(uow, actor, "update", "alert", alert.id, patient.id)
        checkins.refresh_attention(uow, patient)
        uow.session.flush()
        out = review_out(review)
        uow.commit()
        return out


_CHANGE_ORDER = ["sequence", "added", "strategy", "dose"]


def _checkpoint_of(uow: UnitOfWork, alert: tables.Alert) -> uuid.UUID | None:
    """The checkpoint that raised a checkpoint alert: the patient's latest one by then."""
    if alert.code != "checkpoint_reformulate":
        return None
    return uow.session.scalar(
        select(tables.Screening.id).where(tables.Screening.patient_id == alert.patient_id,
                                          tables.Screening.kind == "checkpoint",
                                          tables.Screening.created_at <= alert.created_at)
        .order_by(tables.Screening.created_at.desc()).limit(1))


def _restate_goals(uow: UnitOfWork, actor: Actor, patient: tables.Patient, given: ProgramReviewIn) -> list[uuid.UUID]:
    changed = []
    for i, restated in enumerate(given.goals):
        goal = uow.session.get(tables.Goal, restated.goal_id)
        if goal is None or goal.patient_id != patient.id:
            raise Invalid(f"goals[{i}].goal_id", "not one of this patient's goals")
        assessments.change_goal(uow, actor, goal, restated.change)
        audit(uow, actor, "update", "goal", goal.id, patient.id)
        changed.append(goal.id)
    return changed


def _new_plan(uow: UnitOfWork, patient: tables.Patient, given: ProgramReviewIn) -> tuple[ProgramIn, list[dict]]:
    """The new version from the current one and the clinician's changes, and each change found by
    comparing them (a change is never ticked without being made). Refuses a plan that changes
    nothing, an activity not in the current program, and a dose raised past the safety order."""
    current = checkins.current_program(uow, patient.id)
    if current is None:
        raise Invalid("activities", "this patient has no program to review yet")
    before = {p.activity_id: p for p in checkins.prescriptions(uow, patient.id, current)}
    order = [a for a in (current.document or {}).get("sequence", []) if a in before] or sorted(before)
    referral = todays.standing_referral(uow, patient.id) is not None
    changes: list[dict] = []
    prescriptions = []
    added_limits = next(iter(before.values())).limits if before else {}
    for i, planned in enumerate(given.activities):
        p = before.get(planned.activity_id)
        if p is None:
            prescription, change = _added(uow, patient, current, planned, i, added_limits)
            prescriptions.append(prescription)
            changes.append(change)
            continue
        state = uow.session.get(tables.ActivityState, (patient.id, p.activity_id))
        now_dose = dict(state.current_dose if state else p.starting_dose)
        dose = p.starting_dose
        if planned.dose is not None and dose_out(planned.dose.to_core()) != now_dose:
            dose = dose_out(planned.dose.to_core())
            latest = uow.session.scalar(select(tables.Decision.kind).where(
                tables.Decision.patient_id == patient.id, tables.Decision.activity_id == p.activity_id)
                .order_by(tables.Decision.date.desc(), tables.Decision.decided_at.desc()).limit(1))
            refused = dose_raise_refused(now_dose, dose, flare_in_progress=bool(state and state.flare_episode),
                                         referral_standing=referral,
                                         latest_decision=DecisionKind(latest) if latest else None)
            if refused:
                raise Invalid(f"activities[{i}].dose", refused)
            changes.append({"kind": "dose", "activity_id": p.activity_id, "name": p.name, "before": now_dose, "after": dose})
        strategy = planned.strategy.value if planned.strategy is not None else p.strategy
        if strategy != p.strategy:
            changes.append({"kind": "strategy", "activity_id": p.activity_id, "name": p.name,
                            "before": p.strategy, "after": strategy})
        try:
            prescriptions.append(PrescriptionIn.model_validate({
                "activity_id": p.activity_id, "name": p.name, "strategy": strategy,
                "dose": DoseIn.model_validate(dose).model_dump(exclude_none=True),
                "sessions_per_week": p.sessions_per_week, "increments": p.increments,
                "progression_order": p.progression_order, "limits": p.limits}))
        except ValidationError as error:  # a strategy that cannot progress this activity as it stands
            raise Invalid(f"activities[{i}]", _first(error)) from None
    sequence = [a.activity_id for a in given.activities]
    if [a for a in sequence if a in before] != order:
        changes.insert(0, {"kind": "sequence", "activity_id": None, "name": None, "before": order, "after": sequence})
    if not changes:
        raise Invalid("activities", "the new plan is the same as the current one: change the order, a strategy or a dose, "
                                    "or add an exercise")
    document = {**(current.document or {}), "sequence": sequence}
    try:
        program = ProgramIn(reason=f"program review: {given.reason}"[:2000], prescriptions=prescriptions, document=document)
    except ValidationError as error:
        raise Invalid("activities", _first(error)) from None
    return program, changes


# ---- an exercise the review adds ------------------------------------------------------------------

def _planner_intake(uow: UnitOfWork, patient: tables.Patient, current: tables.ProgramVersion) -> Intake:
    """This person as the planner sees them: the intake the program in force was planned from with
    what the stored intake adds (the clinician's cautions, the home); for a program set by hand,
    the stored intake alone (comorbidities, cautions, home, kit and dislikes)."""
    stored = (current.document or {}).get("intake")
    if stored is not None:
        return programs.with_intake_record(uow, patient.id, IntakeIn.model_validate(stored)).to_core()
    today = uow.now().date()
    row = uow.session.get(tables.PatientProfile, patient.id)
    prefs = (row.preferences if row else None) or {}
    home = HomeIn.model_validate(row.home).to_core() if row is not None and row.home is not None else None
    return Intake(
        today=today, person=Person(today.year - patient.birth_year if patient.birth_year else 65, ()),
        baseline=Baseline(), goals=(),
        preferences=Preferences(minutes_per_day=int(prefs.get("minutes_per_day") or 180),
                                days_per_week=int(prefs.get("days_per_week") or 7),
                                equipment=frozenset(prefs.get("equipment") or ()),
                                gym_access=bool(prefs.get("gym_access")),
                                dislikes=frozenset(prefs.get("dislikes") or ())),
        constraints=Constraints(
            comorbidities=frozenset(c for c in (row.comorbidities if row else []) if c in COMORBIDITY_CAUTIONS),
            cautions=frozenset((row.cautions or []) if row else ())),
        home=home)


def _added(uow: UnitOfWork, patient: tables.Patient, current: tables.ProgramVersion, planned, i: int,
           limits: dict) -> tuple[PrescriptionIn, dict]:
    """A library exercise the review adds, checked as the planner checks it: what the planner would
    leave out for this person (a comorbidity, the home, a clearance not yet recorded, the
    clinician's cautions, the kit they lack) is refused naming the reason, so a review cannot add
    it (hazard H49). It starts at the low end of the library's dose ranges unless a dose is given,
    with the pain limits of the program in force."""
    library = packaged_library()
    field = f"activities[{i}].activity_id"
    exercise = library.exercises.get(planned.activity_id)
    if exercise is None:
        raise Invalid(field, f"{planned.activity_id!r} is neither in the current program nor an exercise of the library")
    why = reason_left_out(exercise, _planner_intake(uow, patient, current), library)
    if why is not None:
        raise Invalid(field, f"{exercise.name} cannot be added for this person: it {why}" if why.startswith("involves")
                      else f"{exercise.name} cannot be added for this person: {why}")
    dose = (dose_out(planned.dose.to_core()) if planned.dose is not None else
            {r.dimension: (int(r.low) if r.dimension in WHOLE_DIMENSIONS else r.low) for r in exercise.dose})
    strategy = planned.strategy.value if planned.strategy is not None else Strategy.SYMPTOM_CONTINGENT.value
    try:
        prescription = PrescriptionIn.model_validate({
            "activity_id": exercise.id, "name": exercise.name, "strategy": strategy,
            "dose": DoseIn.model_validate(dose).model_dump(exclude_none=True),
            "sessions_per_week": float(ADDED_SESSIONS_PER_WEEK), "limits": limits})
    except ValidationError as error:
        raise Invalid(f"activities[{i}]", _first(error)) from None
    return prescription, {"kind": "added", "activity_id": exercise.id, "name": exercise.name, "before": None,
                          "after": prescription.dose.model_dump(exclude_none=True)}


# An added exercise is done in each session of the usual week: three a week is the planner's usual
# strength and balance frequency (clinical reference §3.6, 2-3 sessions a week).
ADDED_SESSIONS_PER_WEEK = 3


def _week_with_added(uow: UnitOfWork, patient: tables.Patient, program: ProgramIn) -> dict | None:
    """The usual week of the program in force, with each added exercise in the session of the
    activity just before it in the new order (the first session when it comes first); None keeps
    the week as it is when nothing was added or there is no week."""
    current = checkins.current_program(uow, patient.id)
    week = dict(current.week) if current is not None and current.week else None
    if week is None:
        return None
    sessions = dict(week.get("sessions", {}))
    added = [p.activity_id for p in program.prescriptions if p.activity_id not in sessions]
    if not added:
        return None
    order = program.document.get("sequence", [])
    first = next((d["session"] for d in week.get("days", []) if d.get("session")), None)
    for activity in added:
        earlier = [a for a in order[:order.index(activity)] if a in sessions] if activity in order else []
        sessions[activity] = sessions[earlier[-1]] if earlier else first
    return {**week, "sessions": sessions}


def _first(error: ValidationError) -> str:
    return str(error.errors()[0]["msg"]).removeprefix("Value error, ")


def review_out(row: tables.ProgramReview, replayed: bool = False) -> ProgramReviewOut:
    return ProgramReviewOut(
        id=row.id, patient_id=row.patient_id, alert_id=row.alert_id, decision_id=row.decision_id,
        checkpoint_id=row.checkpoint_id,
        barriers=[BarrierOut(barrier=b["barrier"], label=BARRIERS[b["barrier"]], note=b["note"],
                             seen=BarrierSeenOut.model_validate(b["seen"]) if b["seen"] else None) for b in row.barriers],
        goal_ids=[uuid.UUID(g) for g in row.goal_ids], changes=[ChangeOut.model_validate(c) for c in row.changes],
        reason=row.reason, patient_words=row.patient_words, program_version=row.program_version,
        recorded_by=row.recorded_by, created_at=row.created_at, replayed=replayed)


# ---- reading reviews ------------------------------------------------------------------------------

def list_reviews(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> list[ProgramReviewOut]:
    """The patient's program reviews, newest first (the clinician's timeline)."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="program_reviews", roles=CARE_TEAM)
        rows = uow.session.scalars(select(tables.ProgramReview).where(tables.ProgramReview.patient_id == patient_id)
                                   .order_by(tables.ProgramReview.created_at.desc()))
        out = [review_out(r) for r in rows]
        uow.commit()
        return out


REVIEW_ORDER = (tables.ProgramReview.created_at, tables.ProgramReview.id)


def review_page(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, paging: Paging) -> Page[ProgramReviewOut]:
    """The patient's program reviews, newest first, a page at a time (the API's list)."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="program_reviews", roles=CARE_TEAM)
        query = select(tables.ProgramReview).where(tables.ProgramReview.patient_id == patient_id)
        out = read_page(uow.session, query, REVIEW_ORDER, paging, review_out)
        uow.commit()
        return out


def plan_change(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> PlanChangeOut | None:
    """Why the plan in force changed, in the patient's words, when it came out of a review (None
    otherwise): the patient's own pages show it."""
    with uow:
        check_patient(uow, actor, patient_id, action="read", resource="program", roles=CARE_TEAM_AND_PATIENT)
        out = plan_change_of(uow, patient_id, checkins.current_program(uow, patient_id))
        uow.commit()
        return out


def plan_change_of(uow: UnitOfWork, patient_id: uuid.UUID, current: tables.ProgramVersion | None) -> PlanChangeOut | None:
    """Why ``current`` changed, when a review made it; part of the caller's audited read (Today
    reads it inside its one read)."""
    review = (uow.session.get(tables.ProgramReview, (patient_id, current.review_id))
              if current is not None and current.review_id is not None else None)
    return (PlanChangeOut(program_version=current.version, changed_at=current.created_at, why=review.patient_words)
            if review is not None else None)
