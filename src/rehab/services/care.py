"""Checkpoints and discharge: reassess and decide advance, pause, reformulate or refer; discharge
to maintenance with reassessment dates and re-entry triggers."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from rehab.contracts.records import (
    DischargeIn,
    MaintenanceOut,
    PrescriptionIn,
    ProgramIn,
    ReassessmentIn,
    ReassessmentOut,
)
from rehab.core.planning.checkpoints import MeasureChange, checkpoint
from rehab.core.planning.maintenance import maintenance_plan, next_reassessment
from rehab.services import assessments, baselines, checkins, programs, tolerances
from rehab.services.access import CARE_TEAM, Actor, open_patient
from rehab.services.patients import screen_red_flags, screening_out
from rehab.services.record_dates import check_happened
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# In maintenance, each activity is kept up twice a week (rehab convention, as the planner's
# maintenance phase).
MAINTENANCE_SESSIONS_PER_WEEK = 2.0


def reassess(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: ReassessmentIn) -> ReassessmentOut:
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="reassessment", roles=CARE_TEAM)
        check_happened(uow, "taken_on", given.taken_on, since=patient.enrolled_on, what="a reassessment")
        screening, _ = screen_red_flags(uow, actor, patient, given.red_flags, field="red_flags.")
        recorded = [assessments.record(uow, actor, patient, a, field=f"assessments[{i}].")
                    for i, a in enumerate(given.assessments)]
        changes = [MeasureChange(a.instrument, a.score.change.verdict, a.score.change.mcid_met,
                                 a.score.change.interpretation) for a in recorded if a.score.change is not None]
        previous = uow.session.scalar(
            select(tables.Screening.result).where(tables.Screening.patient_id == patient.id,
                                                  tables.Screening.kind == "checkpoint")
            .order_by(tables.Screening.taken_on.desc(), tables.Screening.created_at.desc()).limit(1))
        result = checkpoint(screening.result["urgency"], changes, previous["recommendation"] if previous else None)
        following = next_reassessment(given.taken_on)
        uow.session.add(tables.Screening(patient_id=patient.id, kind="checkpoint", taken_on=given.taken_on,
                                         answers={"assessments": [str(a.id) for a in recorded]},
                                         result={"recommendation": result.recommendation, "reasons": list(result.reasons)},
                                         recorded_by=actor.user_id, created_at=uow.now()))
        patient.reassess_on = following
        anchor = None
        if given.rebaseline is not None:  # "re-baseline from these dates": the same rule and audit
            anchor, _ = baselines.record_rebaseline(uow, actor, patient.id, given.rebaseline, uow.now().date(),
                                                    field="rebaseline.")
        measured = None
        if given.tolerances is not None:  # "re-baseline the tolerances": the same rule and audit
            measured, _ = tolerances.record_tolerances(uow, actor, patient.id, given.tolerances, field="tolerances.")
        if result.recommendation == "reformulate":
            checkins.raise_alert(uow, patient, "checkpoint_reformulate", "routine",
                                 "Checkpoint: no important improvement twice in a row; reformulate goals and plan.")
        uow.commit()
        return ReassessmentOut(taken_on=given.taken_on, screening=screening_out(screening), assessments=recorded,
                               recommendation=result.recommendation, reasons=list(result.reasons),
                               next_reassessment=following, rebaseline=anchor, tolerances=measured)


def discharge(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: DischargeIn) -> MaintenanceOut:
    """Discharge to maintenance: the current activities kept up at their current dose twice a week,
    reassessment at 3, 6 and 12 months, and the re-entry triggers."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="update", resource="discharge", roles=CARE_TEAM)
        check_happened(uow, "discharged_on", given.discharged_on, since=patient.enrolled_on, what="a discharge")
        plan = maintenance_plan(given.discharged_on, tuple(given.re_entry_triggers))
        current = checkins.prescriptions(uow, patient.id)
        kept = []
        for p in current:
            state = uow.session.get(tables.ActivityState, (patient.id, p.activity_id))
            kept.append(PrescriptionIn.model_validate({
                "activity_id": p.activity_id, "name": p.name, "strategy": p.strategy,
                "dose": state.current_dose if state else p.starting_dose,
                "sessions_per_week": min(p.sessions_per_week, MAINTENANCE_SESSIONS_PER_WEEK),
                "increments": p.increments, "progression_order": p.progression_order, "limits": p.limits}))
        document = {"maintenance": {"discharged_on": plan.discharged_on.isoformat(),
                                    "reassessment_dates": [d.isoformat() for d in plan.reassessment_dates],
                                    "re_entry_triggers": list(plan.re_entry_triggers)}}
        # The patient's own flare plan stays with them in maintenance.
        earlier = checkins.current_program(uow, patient.id)
        if earlier is not None and "flare_plan" in (earlier.document or {}):
            document["flare_plan"] = earlier.document["flare_plan"]
        patient.status = "maintenance"
        patient.reassess_on = plan.reassessment_dates[0]
        # Maintenance is about twice a week, not the active phase's week: no usual week is kept.
        version = programs.write_version(uow, actor, patient, ProgramIn(
            reason="discharge to maintenance", prescriptions=kept, document=document), keep_week=False) if kept else None
        uow.commit()
    return MaintenanceOut(discharged_on=plan.discharged_on, reassessment_dates=list(plan.reassessment_dates),
                          re_entry_triggers=list(plan.re_entry_triggers),
                          plan=version.prescriptions if version else [])
