"""The clinician's review after a goal changed: "Goal changed — review the proposed program".

The goals page links here for each goal. The clinician says what the changed goal means for the
planner (the task's activity and its amounts now and at the goal), reads the planner's proposal
(each change with its reason; progressed doses kept), ticks the changes to accept and saves them
as the next program version, which records the goal change it follows. The form works without
JavaScript; a refused request answers 422 with the problem next to its field and stores nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from rehab.content.loader import packaged_library
from rehab.contracts.replanning import GoalProposalAcceptIn, GoalProposalIn
from rehab.core.planning.goals import ICF_CATEGORIES
from rehab.services import assessments, patients, program_proposals
from rehab.services.errors import Invalid, NotFound
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages.assess import Posted, base, day, done, given_of, number, patient_page
from rehab.web.pages.guards import ClinicianActor, FormChecked
from rehab.web.pages.plan import DIMENSION_WORDS, GOAL_MEASURES, dose_text
from rehab.web.pages.rendering import form_problems

router = APIRouter(prefix="/clinic/patients/{patient_id}/goals/{goal_id}", include_in_schema=False, dependencies=CHECKED)

# Where a refused field belongs on the form (the request's field path prefix -> form field).
FIELDS = (("goal.words", "words"), ("goal.icf", "icf"), ("goal.task.description", "task"),
          ("goal.task.activity", "activity"), ("goal.task.baseline", "amount_now"),
          ("goal.task.target", "amount_goal"), ("goal.target_date", "target_date"), ("goal.id", "replaces"),
          ("intake.goals[0].task.activity", "activity"), ("intake.goals[0].task", "activity"),
          ("activities", "activities"), ("reason", "reason"))


def _field(path: str) -> str:
    return next((field for prefix, field in FIELDS if path.startswith(prefix)), "form")


def _options() -> dict[str, Any]:
    library = packaged_library()
    activities = sorted([(a.id, f"{a.name} (daily activity)") for a in library.activities.values()] +
                        [(e.id, e.name) for e in library.exercises.values()], key=lambda x: x[1].lower())
    return {"icf_options": [(code, f"{code} {name}") for code, name in ICF_CATEGORIES.items()],
            "activity_options": activities,
            "measure_options": [(d, words) for d, (words, _) in GOAL_MEASURES.items()]}


def _context(uow, actor, patient_id, goal_id) -> dict[str, Any]:
    goal = next((g for g in assessments.list_goals(uow, actor, patient_id) if g.id == goal_id), None)
    if goal is None:
        raise NotFound(f"no goal {goal_id}")
    change_id, planned = program_proposals.goal_to_replan(uow, actor, patient_id, goal_id)
    replaces = [(g["id"], f"“{g['words']}”") for g in planned]
    return {"goal": goal, "change_id": change_id, "planned_goals": planned, "replace_options": replaces, **_options()}


def _defaults(context: dict[str, Any]) -> dict[str, Any]:
    goal = context["goal"]
    return {"words": goal.words, "icf": goal.icf_code if goal.icf_code in ICF_CATEGORIES else "", "task": goal.task,
            "target_date": goal.target_date.isoformat() if goal.target_date else "",
            "replaces": context["planned_goals"][0]["id"] if context["planned_goals"] else "goal1",
            "goal_change_id": str(context["change_id"]), "reason": f"the goal changed: {goal.words}"[:300]}


def _render(request, uow, actor, patient_id, goal_id, given, problems, proposal=None, status_code=200):
    context = _context(uow, actor, patient_id, goal_id)
    patient = patients.get_patient(uow, actor, patient_id)
    return patient_page(request, "plan/proposal.html", actor, patient, given={**_defaults(context), **given},
                        problems=problems, proposal=proposal, status_code=status_code, dose_text=dose_text,
                        dimension_words=DIMENSION_WORDS, **context)


def _asked(form, problems: dict[str, str]) -> dict[str, Any]:
    """The request the form stands for (amounts typed in the measure's own unit: minutes for time)."""
    text = {k: str(form.get(k, "")).strip() for k in ("words", "icf", "task", "activity", "measure", "replaces",
                                                       "goal_change_id", "reason")}
    now = number(form, "amount_now", problems, low=0, high=100000, required=True, whole=text["measure"] in ("reps", "steps", "sets"))
    goal_amount = number(form, "amount_goal", problems, low=0, high=100000, required=True,
                         whole=text["measure"] in ("reps", "steps", "sets"))
    target_date = day(form, "target_date", problems)
    if text["measure"] not in GOAL_MEASURES:
        problems["measure"] = "Choose what the goal task is measured in."
    per = GOAL_MEASURES.get(text["measure"], ("", 1))[1]
    return {
        "goal_change_id": text["goal_change_id"] or None,
        "goal": {"id": text["replaces"] or "goal1", "words": text["words"], "icf": text["icf"], "priority": 1,
                 "target_date": target_date.isoformat() if target_date else None,
                 "task": {"description": text["task"], "activity": text["activity"] or None,
                          "baseline": {text["measure"]: now * per if now is not None else None},
                          "target": {text["measure"]: goal_amount * per if goal_amount is not None else None}}},
        "reason": text["reason"], "activities": [str(a) for a in form.getlist("activities")],
    }


def _problems_of(error: Exception) -> dict[str, str]:
    if isinstance(error, ValidationError):
        return {_field(k): v for k, v in reversed(list(form_problems(error).items()))}
    return {_field(error.field): error.message}


@router.get("/program-proposal")
def proposal_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, goal_id: uuid.UUID):
    return _render(request, uow, actor, patient_id, goal_id, {}, {})


@router.post("/program-proposal", dependencies=[FormChecked])
def review_proposal(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, goal_id: uuid.UUID,
                    form: Posted):
    given, problems = given_of(form), {}
    asked = _asked(form, problems)
    if not problems:
        try:
            proposal = program_proposals.propose(uow, actor, patient_id, goal_id, GoalProposalIn.model_validate(
                {k: asked[k] for k in ("goal_change_id", "goal")}))
        except (ValidationError, Invalid) as error:
            problems = _problems_of(error)
        else:
            given["activities"] = [c.activity_id for c in proposal.changes if c.kind != "kept"]
            return _render(request, uow, actor, patient_id, goal_id, given, {}, proposal=proposal)
    return _render(request, uow, actor, patient_id, goal_id, given, problems, status_code=422)


@router.post("/program-proposal/accept", dependencies=[FormChecked])
def accept_proposal(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, goal_id: uuid.UUID,
                    form: Posted):
    given, problems = given_of(form), {}
    asked = _asked(form, problems)
    if not problems and not asked["activities"]:
        problems["activities"] = "Tick at least one change to accept, or leave the program as it is."
    if not problems:
        try:
            out, replayed = program_proposals.accept(uow, actor, patient_id, goal_id,
                                                     GoalProposalAcceptIn.model_validate(asked))
        except (ValidationError, Invalid) as error:
            problems = _problems_of(error)
        else:
            said = "was already accepted as" if replayed else "accepted as"
            return done(f"{base(patient_id)}/program", f"The goal change {said} program version {out.version}.")
    return _render(request, uow, actor, patient_id, goal_id, given, problems, status_code=422)
