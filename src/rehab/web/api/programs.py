"""Goals, programs, checkpoints and discharge."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, status

from rehab.contracts.records import (
    DischargeIn,
    GoalIn,
    GoalOut,
    GoalUpdate,
    MaintenanceOut,
    PlannedProgramIn,
    ProgramIn,
    ProgramVersionOut,
    ReassessmentIn,
    ReassessmentOut,
)
from rehab.services import assessments, care, programs
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute
from rehab.web.deps import CHECKED, CurrentActor, UoW

router = APIRouter(prefix=API, tags=["programs"], route_class=DocumentedRoute, dependencies=CHECKED)


@router.post("/patients/{patient_id}/goals", status_code=status.HTTP_201_CREATED)
def set_goal(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, goal: GoalIn) -> GoalOut:
    return assessments.set_goal(uow, actor, patient_id, goal)


@router.get("/patients/{patient_id}/goals")
def list_goals(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> list[GoalOut]:
    return assessments.list_goals(uow, actor, patient_id)


@router.patch("/goals/{goal_id}")
def update_goal(uow: UoW, actor: CurrentActor, goal_id: uuid.UUID, update: GoalUpdate) -> GoalOut:
    """Change a goal or rate it on its GAS levels; every change is kept in its history."""
    return assessments.update_goal(uow, actor, goal_id, update)


@router.post("/patients/{patient_id}/program", status_code=status.HTTP_201_CREATED)
def set_program(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, program: ProgramIn) -> ProgramVersionOut:
    """A new program version from the clinician's prescriptions."""
    return programs.set_program(uow, actor, patient_id, program)


@router.post("/patients/{patient_id}/program/plan", status_code=status.HTTP_201_CREATED)
def plan_program(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, request: PlannedProgramIn) -> ProgramVersionOut:
    """A new program version built by the planner from an intake."""
    return programs.plan_program(uow, actor, patient_id, request)


@router.get("/patients/{patient_id}/program")
def get_program(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> ProgramVersionOut:
    return programs.get_program(uow, actor, patient_id)


PROGRAM_VERSIONS = 2**31 - 1  # the largest number a version column holds on both databases


@router.get("/patients/{patient_id}/program/versions/{version}")
def get_program_version(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
                        version: Annotated[int, Path(ge=1, le=PROGRAM_VERSIONS)]) -> ProgramVersionOut:
    # Bounded: a number past the database's integer (2**63 on SQLite, 2**31 on PostgreSQL) answered
    # 500 instead of 422; versions start at 1.
    return programs.get_program(uow, actor, patient_id, version)


@router.post("/patients/{patient_id}/reassessments", status_code=status.HTTP_201_CREATED)
def reassess(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, given: ReassessmentIn) -> ReassessmentOut:
    """A checkpoint: red flags and outcome measures, and whether to advance, pause, reformulate or refer."""
    return care.reassess(uow, actor, patient_id, given)


@router.post("/patients/{patient_id}/discharge")
def discharge(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, given: DischargeIn) -> MaintenanceOut:
    """Discharge to maintenance with reassessment dates and re-entry triggers."""
    return care.discharge(uow, actor, patient_id, given)
