"""Programs: versioned, built by the planner or set by the clinician.

Every change is a new version and the old one is kept. An activity that carries on into a new
version keeps where it has got to (its current dose and any flare in progress) unless the new
version sets a different starting dose for it on purpose.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from rehab.content.loader import packaged_library
from rehab.contracts.checkin import dose_out
from rehab.contracts.planning import IntakeIn, library_problem
from rehab.contracts.program import ProgramOut as PlannedProgramOut
from rehab.contracts.records import (
    PlannedProgramIn,
    PrescriptionIn,
    PrescriptionOut,
    ProgramIn,
    ProgramVersionOut,
    UsualWeekOut,
)
from rehab.core.planning import build_program
from rehab.core.planning.library import EVERY_EXERCISE
from rehab.core.planning.program import Phase
from rehab.core.planning.program import Prescription as PlannedPrescription
from rehab.core.planning.replanning import with_measured
from rehab.services import checkins, tolerances
from rehab.services.access import CARE_TEAM, CARE_TEAM_AND_PATIENT, Actor, open_patient
from rehab.services.errors import Invalid, NotFound
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork


def from_planner(prescription: PlannedPrescription) -> PrescriptionIn:
    """A planned prescription as the program stores it: the phase target becomes each dimension's
    ceiling, so the check-ins progress toward it and stop there."""
    increments = {d: inc for d, inc in prescription.increments_with_ceilings().items()
                  if prescription.dose.get(d) is not None}
    return PrescriptionIn.model_validate({
        "activity_id": prescription.activity_id,
        "name": prescription.name,
        "strategy": prescription.strategy.value,
        "dose": dose_out(prescription.dose),
        "sessions_per_week": float(prescription.sessions_per_week),
        "increments": {d: {"step": inc.step, "unit": "percent" if inc.percent else "absolute", "minimum": inc.minimum,
                           "cap": inc.cap, "floor": inc.floor, "ceiling": inc.ceiling}
                       for d, inc in increments.items()},
        "limits": prescription.limits(),
    })


def with_intake_record(uow: UnitOfWork, patient_id: uuid.UUID, intake: IntakeIn) -> IntakeIn:
    """The intake a plan is built from, with what the patient's stored intake says added to it: the
    clinician's cautions join any sent (a caution recorded once is never dropped by a form or a
    client that leaves it out), and the home, when the request does not bring one. Every plan and
    every re-plan (a goal change, a review's new exercise) goes through here, so a caution on the
    intake acts on all of them."""
    row = uow.session.get(tables.PatientProfile, patient_id)
    if row is None or (not row.cautions and row.home is None):
        return intake
    data = intake.model_dump(mode="json")
    sent = list(data["constraints"].get("cautions", []))
    data["constraints"]["cautions"] = sent + [c for c in (row.cautions or []) if c not in sent]
    if data.get("home") is None and row.home is not None:
        data["home"] = row.home
    return IntakeIn.model_validate(data)


def plan_program(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, request: PlannedProgramIn) -> ProgramVersionOut:
    """Build the program with the planner; the first phase starts now, the whole plan is kept."""
    library = packaged_library()
    problem = library_problem(request.intake, library)
    if problem is not None:
        field, _, message = problem.partition(": ")
        raise Invalid(f"intake.{field}" if message else "intake", message or problem)
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="program", roles=CARE_TEAM)
        # The latest tolerances a clinician confirmed at a reassessment replace the intake's, so the
        # first doses start below the tolerance as it is now (clinical reference §3.4: "reduce by
        # 20%, i.e. start at 80%" of the measured tolerance); the version names which it used.
        measured = tolerances.latest(uow, patient.id)
        intake = with_intake_record(uow, patient.id, request.intake)
        program = build_program(with_measured(intake.to_core(), measured), library)
        first = program.phases[0]
        held = next((h for h in program.holds if EVERY_EXERCISE in h.cautions), None)
        if not first.prescriptions and held is not None and held.checked_by:
            # In pregnancy from 140/90 (NICE NG133): the maternity unit checks it, not the crisis words below.
            raise Invalid("intake.baseline.resting_blood_pressure",
                          f"{held.reason} Tell the person: {held.advice} Record the blood pressure clearance, "
                          "then plan again.")
        if not first.prescriptions and held is not None:
            # A blood pressure in the crisis range holds every exercise (hazard H55): nothing to store.
            raise Invalid("intake.baseline.resting_blood_pressure",
                          "in the crisis range (180 systolic or 110 diastolic or more): every exercise waits for a "
                          "doctor, the same day. Tell the person to contact their doctor today, and to call an "
                          "ambulance with chest pain, a severe headache, or a change in vision or speech. Record the "
                          "blood pressure clearance, then plan again.")
        out = write_version(uow, actor, patient, ProgramIn(
            reason=request.reason,
            prescriptions=[from_planner(p) for p in first.prescriptions],
            document={"phase": first.name, "planned": PlannedProgramOut.from_core(program).model_dump(mode="json"),
                      "intake": intake.model_dump(mode="json"), "tolerance_baseline": tolerances.used(measured)},
        ), week=usual_week(first))
        uow.commit()
        return out


def usual_week(phase: Phase) -> dict[str, Any]:
    """The phase's week as the program version keeps it: the planner counts days from the
    program's first day, the stored week from Monday, so a weekday is the same day every week."""
    days = sorted(((phase.start + timedelta(days=i)).weekday(), d.day, d.session) for i, d in enumerate(phase.week))
    return UsualWeekOut(days=[{"weekday": w, "day": name, "session": session} for w, name, session in days],
                        sessions={p.activity_id: p.session for p in phase.prescriptions}).model_dump(mode="json")


def set_program(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, program: ProgramIn,
                week: dict[str, Any] | None = None) -> ProgramVersionOut:
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="program", roles=CARE_TEAM)
        out = write_version(uow, actor, patient, program, week)
        uow.commit()
        return out


def write_version(uow: UnitOfWork, actor: Actor, patient: tables.Patient, program: ProgramIn,
                  week: dict[str, Any] | None = None, keep_week: bool = True,
                  review_id: uuid.UUID | None = None) -> ProgramVersionOut:
    """A new program version inside the caller's transaction. Two clinicians saving at once take
    turns on the patient's row lock (PostgreSQL; SQLite's writers queue), so the second becomes the
    next version instead of a clash over the same number. A version changed by hand keeps the usual
    week of the one before (``week`` None; not with ``keep_week`` False, as at discharge): an
    activity the week does not name is due every day. ``review_id`` names the program review this
    version came out of (:mod:`rehab.services.program_reviews`)."""
    uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient.id).with_for_update())
    today = uow.now().date()
    previous = checkins.current_program(uow, patient.id)
    before = {p.activity_id: p for p in checkins.prescriptions(uow, patient.id)} if previous else {}
    version = tables.ProgramVersion(patient_id=patient.id, version=(previous.version + 1) if previous else 1,
                                    reason=program.reason, document=program.document,
                                    week=week if week is not None else (previous.week if previous and keep_week else None),
                                    created_by=actor.user_id, created_at=uow.now(), review_id=review_id)
    uow.session.add(version)
    uow.session.flush()
    for p in program.prescriptions:
        row = tables.Prescription(
            program_version_id=version.id, activity_id=p.activity_id, name=p.name, strategy=p.strategy.value,
            starting_dose=dose_out(p.dose.to_core()), sessions_per_week=p.sessions_per_week,
            increments={d: inc.model_dump(exclude_none=True) for d, inc in p.increments.items()},
            progression_order=p.progression_order, limits=p.limits.model_dump(exclude_none=True))
        uow.session.add(row)
        state = uow.session.get(tables.ActivityState, (patient.id, p.activity_id))
        earlier = before.get(p.activity_id)
        if state is None or earlier is None or earlier.starting_dose != row.starting_dose:
            if state is None:
                state = tables.ActivityState(patient_id=patient.id, activity_id=p.activity_id)
                uow.session.add(state)
            state.current_dose, state.started_on, state.flare_episode = row.starting_dose, today, None
            state.updated_at = uow.now()
    uow.session.flush()
    return version_out(uow, patient.id, version)


def get_program(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, version: int | None = None) -> ProgramVersionOut:
    with uow:
        patient = open_patient(uow, actor, patient_id, action="read", resource="program", roles=CARE_TEAM_AND_PATIENT)
        query = select(tables.ProgramVersion).where(tables.ProgramVersion.patient_id == patient.id)
        if version is not None:
            query = query.where(tables.ProgramVersion.version == version)
        row = uow.session.scalar(query.order_by(tables.ProgramVersion.version.desc()).limit(1))
        if row is None:
            raise NotFound("no program yet" if version is None else f"no program version {version}")
        out = version_out(uow, patient.id, row)
        uow.commit()
        return out


def list_versions(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID) -> list[ProgramVersionOut]:
    """Every version of the program, newest first (one audited read): the history a clinician
    reads before changing it."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="read", resource="program_history",
                               roles=CARE_TEAM_AND_PATIENT)
        rows = uow.session.scalars(select(tables.ProgramVersion).where(tables.ProgramVersion.patient_id == patient.id)
                                   .order_by(tables.ProgramVersion.version.desc()))
        out = [version_out(uow, patient.id, row) for row in rows]
        uow.commit()
        return out


def version_out(uow: UnitOfWork, patient_id: uuid.UUID, version: tables.ProgramVersion) -> ProgramVersionOut:
    rows = uow.session.scalars(select(tables.Prescription).where(tables.Prescription.program_version_id == version.id)
                               .order_by(tables.Prescription.activity_id))
    prescriptions = []
    for p in rows:
        state = uow.session.get(tables.ActivityState, (patient_id, p.activity_id))
        prescriptions.append(PrescriptionOut(
            activity_id=p.activity_id, name=p.name, strategy=p.strategy, starting_dose=p.starting_dose,
            current_dose=state.current_dose if state else None, sessions_per_week=p.sessions_per_week,
            increments=p.increments, progression_order=p.progression_order, limits=p.limits))
    return ProgramVersionOut(version=version.version, reason=version.reason, created_at=version.created_at,
                             prescriptions=prescriptions, document=version.document,
                             week=UsualWeekOut.model_validate(version.week) if version.week else None,
                             review_id=version.review_id)
