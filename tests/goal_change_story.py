"""Dave's story for the goal-change and tolerance tests (issue 13), through the real services.

Dave started with one goal: walk to the shops (walking measured at 10, 12 and 11 minutes). Bob
planned his program and, after a good fortnight, advanced his walking to 10 minutes. Then the goal
changes: carry his groceries up the stairs to his flat. Later, after a setback, his walking is
measured again at 5, 6 and 5.5 minutes.
"""

from datetime import timedelta

from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import GoalIn, GoalUpdate, OverrideIn, PlannedProgramIn
from rehab.services import assessments, logs, programs
from rehab.store import tables

TARGET = (TODAY + timedelta(days=90)).isoformat()
SHOPS = {"id": "main", "words": "Walk to the shops", "icf": "d450", "priority": 1, "target_date": TARGET,
         "task": {"description": "walk to the corner shop and back", "activity": "walking",
                  "baseline": {"duration_s": 660}, "target": {"duration_s": 1800}}}
STAIRS = {"id": "main", "words": "Carry my groceries up the stairs", "icf": "d4551", "priority": 1,
          "target_date": TARGET,
          "task": {"description": "carry two bags up the two flights to my flat", "activity": "stairs",
                   "baseline": {"reps": 1}, "target": {"reps": 3}}}
INTAKE = {"today": TODAY.isoformat(), "person": {"age": 62, "pain_regions": ["knee"]},
          "baseline": {"tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [600, 720, 660]}],
                       "usual_pain": 4},
          "goals": [SHOPS], "preferences": {"minutes_per_day": 20, "days_per_week": 3}}
TEN_MINUTES = {"duration_s": 600.0}


def versions(cast) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.ProgramVersion)
                              .where(tables.ProgramVersion.patient_id == cast.dave.patient_id))


def walking_now(cast) -> dict:
    program = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id)
    return next(p.current_dose for p in program.prescriptions if p.activity_id == "walking")


def daves_course(cast):
    """Dave's goal, his planned program, and walking advanced by Bob to 10 minutes."""
    goal = assessments.set_goal(cast.uow(), cast.bob, cast.dave.patient_id, GoalIn(
        words="Walk to the shops", icf_code="d450", task="walk to the corner shop and back",
        success_criterion="30 minutes without stopping", baseline="11 minutes",
        gas_levels={"1": "35 minutes", "2": "to the market and back"}))
    programs.plan_program(cast.uow(), cast.bob, cast.dave.patient_id,
                          PlannedProgramIn(reason="first program", intake=IntakeIn.model_validate(INTAKE)))
    decision = logs.run_check_in(cast.uow(), cast.bob, cast.dave.patient_id, "walking", TODAY)
    decisions = logs.list_decisions(cast.uow(), cast.bob, cast.dave.patient_id, "walking")
    logs.override_decision(cast.uow(), cast.bob, next(d.id for d in decisions if d.decision == decision), OverrideIn(
        decision="advance", next_dose=TEN_MINUTES, reason="a good fortnight: ten minutes now"))
    assert walking_now(cast) == TEN_MINUTES
    return goal


def changed_goal(cast, goal):
    """Bob changes the goal with Dave; the change is kept in the goal's history."""
    out = assessments.update_goal(cast.uow(), cast.bob, goal.id, GoalUpdate(
        words="Carry my groceries up the stairs", task="carry two bags up the two flights to my flat",
        success_criterion="both flights without stopping"))
    with cast.sessions() as session:
        return session.scalar(select(tables.GoalChange.id).where(tables.GoalChange.goal_id == goal.id)
                              .order_by(tables.GoalChange.changed_at.desc()).limit(1)), out


SETBACK = {"measured_on": TODAY.isoformat(), "note": "after the knee flare in November",
           "tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [300, 360, 330]}]}
