"""The patient's behavioural experiments (graded exposure, clinical reference §3.3), phone-first.

An experiment has two halves with the activity between them, so the form has two steps: before,
which activity, what they fear will happen in their own words, and how sure they are (0-10); then
they do it; after, what happened, whether the feared thing happened, how sure they are now, and any
of the safety behaviours agreed with the clinician. The first step stores nothing (its answers ride
along in the second form), so a phone that loses the page loses nothing stored half-way; the
second stores the whole experiment once (its id is made when the form is shown) and runs the
check-in. The list shows each experiment back as evidence, newest first.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from pydantic import ValidationError

from rehab.contracts.fear_hierarchy import ExperimentLogIn
from rehab.services import exposure, logs, programs
from rehab.services.errors import ExercisePaused, Invalid, NotFound
from rehab.services.paging import Paging
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages.assess import Posted, given_of
from rehab.web.pages.guards import FormChecked, PatientActor
from rehab.web.pages.rendering import form_problems, page, see_other, today

router = APIRouter(prefix="/me/experiments", include_in_schema=False, dependencies=CHECKED)

SCORES = tuple(range(11))
BEFORE = ("item", "expected", "belief_before")


def _exposure_activity(uow, actor):
    try:
        program = programs.get_program(uow, actor, actor.patient_id)
    except NotFound:
        return None
    return next((p for p in program.prescriptions if p.strategy.value == "graded_exposure"), None)


def _context(uow, actor, day):
    hierarchy = exposure.fear_hierarchy(uow, actor, actor.patient_id, day)
    return {"hierarchy": hierarchy, "items": [(i.id, i.activity) for i in hierarchy.items],
            "activities": {i.id: i.activity for i in hierarchy.items}, "scores": SCORES}


# Experiments shown on the page at a time, newest first; the rest behind an "older" link.
EXPERIMENTS_SHOWN = 20


@router.get("")
def experiments_page(request: Request, uow: UoW, actor: PatientActor, older: str | None = None):
    """What the experiments showed, newest first (the latest few, then older ones a page at a time);
    what to try next; the button to start one. It reads the exposure activity's latest decision
    alone and one page of experiments, however long the person has been at it."""
    day = today(request)
    activity = _exposure_activity(uow, actor)
    latest = None
    if activity is not None:
        stored = logs.latest_decisions(uow, actor, actor.patient_id, day).get(activity.activity_id)
        latest = stored.decision if stored is not None else None
    try:
        shown = exposure.experiment_page(uow, actor, actor.patient_id, Paging(limit=EXPERIMENTS_SHOWN, cursor=older))
    except Invalid:  # an "older" link from another list, or edited: start from the newest
        return see_other("/me/experiments")
    return page(request, "me/experiments.html", actor, activity=activity, latest=latest, experiments=shown.items,
                older=shown.next_cursor, paged=older is not None, **_context(uow, actor, day))


def _before_form(request, uow, actor, given, problems, status_code=200):
    return page(request, "me/experiment_before.html", actor, given=given, problems=problems, status_code=status_code,
                **_context(uow, actor, today(request)))


@router.get("/new")
def before_form(request: Request, uow: UoW, actor: PatientActor):
    """Step 1, before the activity: which one, what you fear, how sure you are."""
    hierarchy = exposure.fear_hierarchy(uow, actor, actor.patient_id, today(request))
    return _before_form(request, uow, actor, {"item": hierarchy.current or ""}, {})


def _belief(text: str, field: str, problems: dict[str, str]) -> float | None:
    """A 0-10 answer on the form, stored as 0-100 as the core model keeps a belief."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 10:
        problems[field] = "Choose how sure you are, from 0 to 10."
        return None
    return value * 10


def _check_before(form, activities, problems) -> None:
    if str(form.get("item", "")) not in activities:
        problems["item"] = "Choose the activity you will try."
    expected = str(form.get("expected", "")).strip()
    if not expected:
        problems["expected"] = "Write what you fear will happen, in your own words."
    elif len(expected) > 300:
        problems["expected"] = "Keep it under 300 letters."
    _belief(str(form.get("belief_before", "")), "belief_before", problems)


@router.post("/new", dependencies=[FormChecked])
def after_form(request: Request, uow: UoW, actor: PatientActor, form: Posted):
    """Step 1 sent: nothing is stored yet; the form for after the activity, carrying these answers."""
    given = given_of(form)
    problems: dict[str, str] = {}
    context = _context(uow, actor, today(request))
    _check_before(form, context["activities"], problems)
    if problems:
        return _before_form(request, uow, actor, given, problems, status_code=422)
    return page(request, "me/experiment_after.html", actor, given={**given, "id": str(uuid.uuid4())}, problems={},
                **context)


@router.post("", dependencies=[FormChecked])
def save_experiment(request: Request, uow: UoW, actor: PatientActor, form: Posted):
    """Step 2 sent: the whole experiment is stored once and the check-in runs."""
    given = given_of(form)
    context = _context(uow, actor, today(request))
    problems: dict[str, str] = {}
    _check_before(form, context["activities"], problems)
    if problems:  # the carried answers were changed on the way: start again
        return _before_form(request, uow, actor, given, problems, status_code=422)
    happened = str(form.get("feared_outcome_happened", ""))
    if happened not in ("yes", "no"):
        problems["feared_outcome_happened"] = "Say whether what you feared happened."
    outcome = str(form.get("outcome", "")).strip()
    if not outcome:
        problems["outcome"] = "Write what happened, in a few words."
    belief_after = _belief(str(form.get("belief_after", "")), "belief_after", problems)
    pain_text = str(form.get("pain_during", "")).strip()
    pain = None
    if pain_text:
        try:
            pain = float(pain_text)
        except ValueError:
            problems["pain_during"] = "Choose your worst pain from 0 to 10."
    behaviours = form.getlist("safety_behaviours")
    if not problems:
        try:
            entry = ExperimentLogIn(
                id=str(form.get("id", "")), date=today(request), item=str(form["item"]),
                expected=str(form["expected"]).strip(),
                belief_before=_belief(str(form["belief_before"]), "belief_before", problems),
                stopped_early=form.get("stopped_early") == "yes", outcome=outcome,
                feared_outcome_happened=happened == "yes", belief_after=belief_after,
                safety_behaviours=[str(b) for b in behaviours], pain_during=pain)
            exposure.log_experiment(uow, actor, actor.patient_id, entry)
        except ValidationError as error:
            problems = form_problems(error)
        except Invalid as error:
            problems = {error.field if error.field in given else "form": error.message}
        except ExercisePaused:
            return see_other("/me")
        else:
            return see_other("/me/experiments")
    given["safety_behaviours"] = behaviours
    return page(request, "me/experiment_after.html", actor, given=given, problems=problems, status_code=422,
                **context)
