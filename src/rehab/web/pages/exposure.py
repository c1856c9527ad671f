"""The clinician's fear-hierarchy page (graded exposure, clinical reference §3.3).

One screen to build and review the hierarchy with the patient: the activities from the least to the
most feared, each with every harm rating (0-100, PHODA-style) and whether it changed by more than
the true-change margin (20 points); the one practised now; the safety behaviours agreed; the
patient's experiments with what each showed. Forms add an activity (one of the library's daily
activities or the person's own words), re-rate one, and set the agreed safety behaviours. The
same services as the API, so the rules and the audit are the same.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from pydantic import ValidationError

from rehab.content.loader import packaged_library
from rehab.contracts.fear_hierarchy import FearItemIn, FearRatingIn, SafetyBehavioursIn
from rehab.services import exposure, patients
from rehab.services.errors import Conflict, Invalid, NotFound
from rehab.services.paging import Paging
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages.assess import Posted, base, done, given_of, lines, number, patient_page
from rehab.web.pages.guards import ClinicianActor, FormChecked
from rehab.web.pages.rendering import form_problems, see_other, today

router = APIRouter(prefix="/clinic/patients/{patient_id}/exposure", include_in_schema=False, dependencies=CHECKED)


# Experiments on the clinician's page at a time, newest first; older ones behind a link, so a
# patient two years into graded exposure does not load every experiment on every visit.
EXPERIMENTS_SHOWN = 50


def _page(request, uow, actor, patient_id, *, given=None, problems=None, status_code=200, older=None):
    patient = patients.get_patient(uow, actor, patient_id)
    day = today(request)
    hierarchy = exposure.fear_hierarchy(uow, actor, patient_id, day)
    prescription = exposure.exposure_program_activity(uow, actor, patient_id)
    library = sorted((a.id, a.name) for a in packaged_library().activities.values())
    shown = exposure.experiment_page(uow, actor, patient_id, Paging(limit=EXPERIMENTS_SHOWN, cursor=older))
    return patient_page(request, "clinic/exposure.html", actor, patient, status_code=status_code,
                        hierarchy=hierarchy, prescription=prescription, library=library,
                        experiments=shown.items, older=shown.next_cursor,
                        given={"behaviours": "\n".join(hierarchy.safety_behaviours), **(given or {})},
                        problems=problems or {})


@router.get("")
def hierarchy_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, older: str | None = None):
    try:
        return _page(request, uow, actor, patient_id, older=older)
    except Invalid:  # an "older" link edited or from another list: start from the newest
        return see_other(f"{base(patient_id)}/exposure")


def _saved(patient_id: uuid.UUID, notice: str):
    return done(f"{base(patient_id)}/exposure", notice)


@router.post("/items", dependencies=[FormChecked])
def add_item(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    harm = number(form, "harm", problems, whole=True, low=0, high=100, required=True)
    library_id = str(form.get("library_activity", "")).strip() or None
    words = str(form.get("activity", "")).strip()
    if not words and library_id:
        words = packaged_library().activities[library_id].name if library_id in packaged_library().activities else ""
    if not words:
        problems["activity"] = "Write the activity in the person's words, or choose a daily activity."
    if not problems:
        try:
            exposure.add_item(uow, actor, patient_id, FearItemIn(
                activity=words, library_activity=library_id, harm=harm, goal=str(form.get("goal", "")).strip()),
                today(request))
        except ValidationError as error:
            problems = form_problems(error)
        except (Invalid, Conflict) as error:
            problems = {getattr(error, "field", "activity"): getattr(error, "message", str(error))}
        else:
            return _saved(patient_id, f"Added: {words} (harm {harm:g}).")
    return _page(request, uow, actor, patient_id, given=given, problems=problems, status_code=422)


@router.post("/ratings", dependencies=[FormChecked])
def rerate(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    item_id = str(form.get("item", ""))
    field = f"harm_{item_id}"
    problems: dict[str, str] = {}
    harm = number(form, field, problems, whole=True, low=0, high=100, required=True)
    if not problems:
        try:
            exposure.rerate(uow, actor, patient_id, item_id, FearRatingIn(harm=harm), today(request))
        except NotFound:
            problems["form"] = "That activity is not on this hierarchy."
        else:
            return _saved(patient_id, f"Re-rated: harm {harm:g}.")
    return _page(request, uow, actor, patient_id, given=given_of(form), problems=problems, status_code=422)


@router.post("/safety-behaviours", dependencies=[FormChecked])
def set_safety_behaviours(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    try:
        exposure.set_safety_behaviours(uow, actor, patient_id,
                                       SafetyBehavioursIn(behaviours=lines(str(form.get("behaviours", "")))),
                                       today(request))
    except ValidationError as error:
        problems = {"behaviours": next(iter(form_problems(error).values()))}
        return _page(request, uow, actor, patient_id, given=given_of(form), problems=problems, status_code=422)
    return _saved(patient_id, "Safety behaviours saved.")
