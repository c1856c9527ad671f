"""When a goal changes, the program follows: the planner proposes, the clinician accepts.

A goal's change is stored with its history (``assessments.update_goal``). This use case re-runs the
planner on the intake with the changed goal and the latest confirmed tolerances, and compares its
prescriptions with the program in force (:func:`rehab.core.planning.replanning.changes_for_goal`):
what to add, remove or change, each with its reason, and progressed doses kept. The proposal is
only read (audited), never stored; accepting it, all of it or some changes, is a new program
version through :func:`rehab.services.programs.write_version` that records the goal change it
follows. Accepting the same goal change again gives back that version: one goal change, one
version.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from rehab.content.loader import packaged_library
from rehab.contracts.checkin import dose_out
from rehab.contracts.errors import problem as problem_of
from rehab.contracts.planning import IntakeIn, library_problem
from rehab.contracts.program import ProgramOut as PlannedProgramOut
from rehab.contracts.records import PrescriptionIn, ProgramIn, ProgramVersionOut
from rehab.contracts.replanning import GoalProposalAcceptIn, GoalProposalIn, GoalProposalOut, ProposedChangeOut
from rehab.core.models import Dose
from rehab.core.planning import build_program
from rehab.core.planning.program import Phase, Program
from rehab.core.planning.replanning import (
    ADDED,
    KEPT,
    REMOVED,
    Change,
    MeasuredTolerances,
    Running,
    changes_for_goal,
    with_measured,
)
from rehab.services import checkins, tolerances
from rehab.services.access import CARE_TEAM, Actor, open_patient
from rehab.services.errors import Invalid, NotFound
from rehab.services.programs import from_planner, with_intake_record, usual_week, version_out, write_version
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork


class _Proposal:
    """Everything a proposal was worked out from, so accepting it stores what was shown."""

    def __init__(self, goal: tables.Goal, change: tables.GoalChange, version: tables.ProgramVersion,
                 intake: IntakeIn, program: Program, phase: Phase, measured: MeasuredTolerances | None,
                 changes: tuple[Change, ...], previous: dict[str, tables.Prescription]) -> None:
        self.goal, self.change, self.version, self.intake = goal, change, version, intake
        self.program, self.phase, self.measured, self.changes, self.previous = program, phase, measured, changes, previous


def _dose(values: dict[str, Any] | None) -> Dose | None:
    return Dose(**values) if values else None


def _intake(version: tables.ProgramVersion, given: GoalProposalIn, today) -> IntakeIn:
    """The intake to re-plan from: the one sent, else the one the program in force was planned
    from, with the changed goal in place of the planned goal of the same id (or added)."""
    if given.intake is not None:
        data = given.intake.model_dump(mode="json")
        field = "intake"
    elif (version.document or {}).get("intake") is not None:
        data, field = dict(version.document["intake"]), "intake"
    else:
        raise Invalid("intake", f"program version {version.version} was not built by the planner from a stored "
                                "intake; send the intake to re-plan from")
    if given.goal.target_date <= today:
        raise Invalid("goal.target_date", f"{given.goal.target_date} is not after today ({today})")
    goal = given.goal.model_dump(mode="json")
    goals = [g for g in data.get("goals", []) if g.get("id") != goal["id"]]
    data["goals"], data["today"] = [goal, *goals][:5], today.isoformat()
    try:
        intake = IntakeIn.model_validate(data)
    except ValidationError as error:
        where, message = problem_of(error.errors()[0])
        raise Invalid(f"{field}.{where}", message) from None
    problem = library_problem(intake, packaged_library())
    if problem is not None:
        where, _, message = problem.partition(": ")
        raise Invalid(f"{field}.{where}", message)
    return intake


def _work_out(uow: UnitOfWork, patient: tables.Patient, goal_id: uuid.UUID, given: GoalProposalIn) -> _Proposal:
    goal = uow.session.get(tables.Goal, goal_id)
    if goal is None or goal.patient_id != patient.id:
        raise NotFound(f"no goal {goal_id}")
    change = uow.session.get(tables.GoalChange, given.goal_change_id)
    if change is None or change.goal_id != goal.id:
        raise Invalid("goal_change_id", "is not a change of this goal")
    newest = uow.session.scalar(select(tables.GoalChange).where(tables.GoalChange.goal_id == goal.id)
                                .order_by(tables.GoalChange.changed_at.desc()).limit(1))
    if newest is not None and newest.id != change.id:
        raise Invalid("goal_change_id", f"the goal has changed again since; review its latest change ({newest.id})")
    version = checkins.current_program(uow, patient.id)
    if version is None:
        raise Invalid("goal_change_id", "there is no program in force to change yet; build one with the planner")
    today = uow.now().date()
    intake = with_intake_record(uow, patient.id, _intake(version, given, today))
    measured = tolerances.latest(uow, patient.id)
    program = build_program(with_measured(intake.to_core(), measured), packaged_library())
    # The same phase as the program in force: a goal change is not a phase change.
    phase_name = (version.document or {}).get("phase")
    phase = next((p for p in program.phases if p.name == phase_name), program.phases[0])
    previous = {p.activity_id: p for p in checkins.prescriptions(uow, patient.id, version)}
    running = []
    for p in previous.values():
        state = uow.session.get(tables.ActivityState, (patient.id, p.activity_id))
        ceilings = {d: inc["ceiling"] for d, inc in (p.increments or {}).items() if inc.get("ceiling") is not None}
        running.append(Running(p.activity_id, p.name, Dose(**p.starting_dose),
                               _dose(state.current_dose) if state else None, p.sessions_per_week, ceilings))
    changes = changes_for_goal(running, phase.prescriptions, given.goal.words, measured)
    return _Proposal(goal, change, version, intake, program, phase, measured, changes, previous)


def _accepted_version(uow: UnitOfWork, patient_id: uuid.UUID, goal_change_id: uuid.UUID) -> tables.ProgramVersion | None:
    return uow.session.scalar(select(tables.ProgramVersion).where(tables.ProgramVersion.patient_id == patient_id,
                                                                  tables.ProgramVersion.goal_change_id == goal_change_id))


def _out(proposal: _Proposal, accepted: int | None) -> GoalProposalOut:
    return GoalProposalOut(
        goal_id=proposal.goal.id, goal_change_id=proposal.change.id, program_version=proposal.version.version,
        phase=proposal.phase.name, accepted_version=accepted,
        tolerance_baseline=proposal.measured.measured_on if proposal.measured else None,
        changes=[ProposedChangeOut(kind=c.kind, activity_id=c.activity_id, name=c.name,
                                   dose=dose_out(c.dose) if c.dose is not None else None,
                                   carries_progress=c.carries_progress, reasons=list(c.reasons),
                                   rationale=list(c.planned.rationale) if c.planned else [])
                 for c in proposal.changes])


def propose(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, goal_id: uuid.UUID,
            given: GoalProposalIn) -> GoalProposalOut:
    """The planner's proposal for the program in force after the goal changed. Nothing is stored
    but the audit entry of the read: a proposal is not a program version until accepted."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="read", resource="program_proposal", roles=CARE_TEAM,
                               resource_id=goal_id)
        proposal = _work_out(uow, patient, goal_id, given)
        accepted = _accepted_version(uow, patient.id, proposal.change.id)
        out = _out(proposal, accepted.version if accepted else None)
        uow.commit()
        return out


def _stored(row: tables.Prescription) -> dict[str, Any]:
    return {"activity_id": row.activity_id, "name": row.name, "strategy": row.strategy, "dose": row.starting_dose,
            "sessions_per_week": row.sessions_per_week, "increments": row.increments,
            "progression_order": row.progression_order, "limits": row.limits}


def _prescriptions(proposal: _Proposal, chosen: set[str]) -> tuple[list[PrescriptionIn], dict[str, Dose]]:
    """The new version's prescriptions: accepted changes applied, the rest as they were. Returns
    also the activities whose dose must be set (lowered below a newer tolerance)."""
    # The patient's thresholds as set on the program in force carry over to added activities.
    limits = next(iter(proposal.previous.values())).limits if proposal.previous else {}
    out: list[PrescriptionIn] = []
    reset: dict[str, Dose] = {}
    for c in proposal.changes:
        previous = proposal.previous.get(c.activity_id)
        if c.activity_id not in chosen and c.kind != KEPT:
            if previous is not None:  # not accepted: stays exactly as it was
                out.append(PrescriptionIn.model_validate(_stored(previous)))
            continue
        if c.kind == REMOVED:
            continue
        planned = from_planner(c.planned).model_dump(mode="json")
        if c.kind == ADDED:
            out.append(PrescriptionIn.model_validate({**planned, "limits": limits}))
            continue
        carried = {**planned, "limits": previous.limits, "progression_order": previous.progression_order}
        if c.carries_progress:
            # The previous starting dose keeps the activity's state, so the dose it reached goes on
            # (services.programs.write_version keeps it when the starting dose is unchanged).
            carried["dose"] = previous.starting_dose
        else:
            reset[c.activity_id] = c.dose
        out.append(PrescriptionIn.model_validate(carried))
    return out, reset


def accept(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID, goal_id: uuid.UUID,
           given: GoalProposalAcceptIn) -> tuple[ProgramVersionOut, bool]:
    """The clinician accepts the proposal (all changes, or those named in ``activities``) as a new
    program version that follows the goal change. Accepting a goal change already accepted gives
    back its version with ``True`` and stores nothing new (a form sent twice, a retry)."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="create", resource="program", roles=CARE_TEAM,
                               resource_id=f"goal_change:{given.goal_change_id}")
        uow.session.execute(select(tables.Patient.id).where(tables.Patient.id == patient.id).with_for_update())
        goal = uow.session.get(tables.Goal, goal_id)
        if goal is None or goal.patient_id != patient.id:
            raise NotFound(f"no goal {goal_id}")
        done = _accepted_version(uow, patient.id, given.goal_change_id)
        if done is not None:
            out = version_out(uow, patient.id, done)
            uow.commit()  # the audit entry of the retry
            return out, True
        proposal = _work_out(uow, patient, goal_id, given)
        proposed = {c.activity_id for c in proposal.changes if c.kind != KEPT}
        chosen = proposed if given.activities is None else set(given.activities)
        for i, activity in enumerate(given.activities or []):
            if activity not in proposed:
                raise Invalid(f"activities[{i}]", f"{activity} is not among the proposed changes")
        prescriptions, reset = _prescriptions(proposal, chosen)
        if not prescriptions:
            raise Invalid("activities", "accepting these changes would leave the program empty")
        week = usual_week(proposal.phase)
        kept_week = (proposal.version.week or {}).get("sessions", {})
        for p in prescriptions:  # an activity not changed keeps its place in the week
            if p.activity_id not in week["sessions"] and p.activity_id in kept_week:
                week["sessions"][p.activity_id] = kept_week[p.activity_id]
        document = {
            "phase": proposal.phase.name,
            "planned": PlannedProgramOut.from_core(proposal.program).model_dump(mode="json"),
            "intake": proposal.intake.model_dump(mode="json"),
            "tolerance_baseline": tolerances.used(proposal.measured),
            "goal_change": {"id": str(proposal.change.id), "goal_id": str(goal.id), "words": given.goal.words,
                            "follows_version": proposal.version.version, "accepted": sorted(chosen),
                            "changes": [c.model_dump(mode="json") for c in _out(proposal, None).changes]},
        }
        # Where each lowered activity stands before the new version resets it: a flare in progress
        # goes on, and a dose already below the new start (a flare's cut) is not raised.
        standing = {a: uow.session.get(tables.ActivityState, (patient.id, a)) for a in reset}
        standing = {a: (dict(s.current_dose), s.flare_episode) for a, s in standing.items() if s is not None}
        out = write_version(uow, actor, patient, ProgramIn(reason=given.reason, prescriptions=prescriptions,
                                                           document=document), week=week)
        row = uow.session.scalar(select(tables.ProgramVersion).where(tables.ProgramVersion.patient_id == patient.id,
                                                                     tables.ProgramVersion.version == out.version))
        row.goal_change_id = proposal.change.id
        for activity, dose in reset.items():  # lowered below a newer tolerance, whatever it had reached
            state = uow.session.get(tables.ActivityState, (patient.id, activity))
            lowered = dose_out(dose)
            before, flare = standing.get(activity, ({}, None))
            for dimension, value in before.items():
                if dimension in lowered and value < lowered[dimension]:
                    lowered[dimension] = value
            state.current_dose, state.started_on, state.flare_episode = lowered, uow.now().date(), flare
            state.updated_at = uow.now()
        uow.session.flush()
        out = version_out(uow, patient.id, row)
        uow.commit()
        return out, False


def goal_to_replan(uow: UnitOfWork, actor: Actor, patient_id: uuid.UUID,
                   goal_id: uuid.UUID) -> tuple[uuid.UUID, list[dict[str, Any]]]:
    """What the clinician's review page starts from: the goal's latest change (the one a proposal
    follows) and the goals of the intake the program in force was planned from (one of which the
    changed goal replaces). One audited read."""
    with uow:
        patient = open_patient(uow, actor, patient_id, action="read", resource="program_proposal", roles=CARE_TEAM,
                               resource_id=goal_id)
        goal = uow.session.get(tables.Goal, goal_id)
        if goal is None or goal.patient_id != patient.id:
            raise NotFound(f"no goal {goal_id}")
        change = uow.session.scalar(select(tables.GoalChange.id).where(tables.GoalChange.goal_id == goal.id)
                                    .order_by(tables.GoalChange.changed_at.desc()).limit(1))
        version = checkins.current_program(uow, patient.id)
        planned = list(((version.document or {}).get("intake") or {}).get("goals", [])) if version else []
        uow.commit()
        return change, planned
