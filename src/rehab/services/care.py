"""Checkpoints and discharge: reassess and decide advance, pause, reformulate or refer; discharge
to maintenance with reassessment dates and re-entry triggers."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from rehab.content.loader import packaged_library
from rehab.contracts.instruments import scored
from rehab.contracts.records import (
    AssessmentOut,
    DischargeIn,
    MaintenanceOut,
    PrescriptionIn,
    ProgramIn,
    ReassessmentIn,
    ReassessmentOut,
)
from rehab.core.planning.checkpoints import NO_EARLIER, MeasureChange, checkpoint
from rehab.core.planning.maintenance import maintenance_plan, next_reassessment
from rehab.instruments import PerformanceTest, lookup
from rehab.instruments.change import number
from rehab.instruments.performance import fall_risk_news
from rehab.services import assessments, baselines, checkins, programs, referrals, tolerances
from rehab.services.access import CARE_TEAM, Actor, open_patient
from rehab.services.patients import screen_red_flags, screening_out
from rehab.services.record_dates import check_happened
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

# In maintenance, exercise is kept up twice a week (rehab convention, as the planner's maintenance
# phase, rehab.core.planning.builder.MAINTENANCE_SESSIONS). A daily activity's paced quota (walking 5-7
# times a week) is part of life, not a session: it keeps its days, as the planner's maintenance phase
# keeps "Walking: keep to 30 min (7 times a week)" (a physiotherapist's review, 2026-12-03d, finding 9).
MAINTENANCE_SESSIONS_PER_WEEK = 2.0


def maintenance_sessions(activity_id: str, sessions_per_week: float) -> float:
    """How often an activity is kept up in maintenance: exercise at most twice a week; a daily
    activity (the library's walking, sitting, gardening...) as often as before."""
    if activity_id in packaged_library().activities:
        return sessions_per_week
    return min(sessions_per_week, MAINTENANCE_SESSIONS_PER_WEEK)


def reassess(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: ReassessmentIn) -> ReassessmentOut:
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="reassessment", roles=CARE_TEAM)
        check_happened(uow, "taken_on", given.taken_on, since=patient.enrolled_on, what="a reassessment")
        screening, _ = screen_red_flags(uow, actor, patient, given.red_flags, field="red_flags.")
        recorded = [assessments.record(uow, actor, patient, a, field=f"assessments[{i}].")
                    for i, a in enumerate(given.assessments)]
        since = baselines.rebaselined_from(uow, patient.id)
        changes = [_measure_change(uow, patient.id, a, given.assessments[i].answers, since)
                   for i, a in enumerate(recorded)]
        previous = uow.session.scalar(
            select(tables.Screening.result).where(tables.Screening.patient_id == patient.id,
                                                  tables.Screening.kind == "checkpoint")
            .order_by(tables.Screening.taken_on.desc(), tables.Screening.created_at.desc()).limit(1))
        # Checkpoints stored before 2026-12-03 carry no "stalled": their pauses and reformulations were.
        stalled = bool(previous) and previous.get("stalled", previous["recommendation"] in ("pause", "reformulate"))
        symptoms = screening.result.get("symptoms") or []
        result = checkpoint(screening.result["urgency"], changes, stalled,
                            new_neuro="new_neuro_symptoms" in symptoms, swelling="unexplained_swelling" in symptoms,
                            risk_assessment_due=referrals.risk_assessment_due(uow, patient.id))
        following = next_reassessment(given.taken_on)
        uow.session.add(tables.Screening(patient_id=patient.id, kind="checkpoint", taken_on=given.taken_on,
                                         answers={"assessments": [str(a.id) for a in recorded]},
                                         result={"recommendation": result.recommendation, "reasons": list(result.reasons),
                                                 "stalled": result.stalled},
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


def _improved(direction: str, raw: float) -> bool:
    return raw > 0 if direction == "higher_is_better" else raw < 0


def _measure_change(uow: UnitOfWork, patient_id: uuid.UUID, recorded: AssessmentOut, answers,
                    rebaselined_from: date | None) -> MeasureChange:
    """One measure at a checkpoint: its change from baseline (importance is judged from there, §7.1,
    §7.2 step 4), the last step beside it, and whether a performance test newly reached its
    fall-risk cut-off or a higher band, or got worse past it by more than its MDC (§2.3, §2.6)."""
    score, step = recorded.score, recorded.score.change
    instrument = lookup(recorded.instrument)
    fall_risk = (fall_risk_news(instrument, score.total, step.previous_total if step else None)
                 if isinstance(instrument, PerformanceTest) else None)
    baseline, previous = assessments.baseline_of(uow, patient_id, recorded, rebaselined_from)
    change = scored(recorded.instrument, answers, baseline.answers).change if baseline is not None else None
    if change is None or step is None:
        shown = f"{number(score.total)} {score.unit}" if score.total is not None else "no total"
        band = f" ({score.band})" if score.band else ""
        why = "nothing earlier to compare" if baseline is None else "no change reported: a total is missing"
        return MeasureChange(recorded.instrument, NO_EARLIER, None, f"{shown}{band}; {why}", fall_risk=fall_risk)
    since = ("the re-baseline" if rebaselined_from is not None and baseline.taken_on >= rebaselined_from
             else "the first score" if rebaselined_from is None else "the last score before the re-baseline")
    text = f"from {since} on {baseline.taken_on.isoformat()}: {change.interpretation}"
    same = previous is None or baseline.id == previous.id
    if not same:
        text += f"; last step, since {previous.taken_on.isoformat()}: {step.interpretation}"
    return MeasureChange(
        recorded.instrument, change.verdict, change.mcid_met, text,
        better_than_baseline=_improved(score.direction, change.raw),
        step_better=None if same else _improved(score.direction, step.raw),
        step_verdict=None if same else step.verdict, fall_risk=fall_risk)


def discharge(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, given: DischargeIn) -> MaintenanceOut:
    """Discharge to maintenance: the current activities kept up at their current dose, exercise twice a
    week and daily-activity quotas on their usual days,
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
                "sessions_per_week": maintenance_sessions(p.activity_id, p.sessions_per_week),
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
