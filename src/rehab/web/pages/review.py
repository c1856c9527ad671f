"""The clinician's program review after a stall (seed: "when progress stalls").

Opened from a "reformulate" alert on the patient page ("Start review"): one form that starts from
what the records show (the barriers found, each with the patient's values and the rule's source,
ticked already), the goals to re-express with the patient, and the current plan to change (the
order, each activity's strategy and dose). Sending it stores the review, writes the new program
version and resolves the alert, through the same service as the API.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote_plus

from fastapi import APIRouter, Request
from pydantic import ValidationError

from rehab.content.loader import packaged_library
from rehab.contracts.program_review import ProgramReviewIn
from rehab.core.models import WHOLE_DIMENSIONS, Strategy
from rehab.services import patients, program_reviews
from rehab.services.errors import Conflict, Invalid
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages.assess import Posted, base, given_of, patient_page
from rehab.web.pages.clinic import DOSE_FIELDS, in_unit
from rehab.web.pages.guards import ClinicianActor, FormChecked
from rehab.web.pages.rendering import form_problems, see_other, today

router = APIRouter(prefix="/clinic/patients/{patient_id}/alerts/{alert_id}/review", include_in_schema=False,
                   dependencies=CHECKED)

STRATEGIES = {Strategy.SYMPTOM_CONTINGENT.value: "Symptom-contingent (pain-monitoring model)",
              Strategy.TIME_CONTINGENT.value: "Time-contingent quota (operant graded activity)",
              Strategy.GRADED_EXPOSURE.value: "Graded exposure (fear hierarchy)"}


def _page(request, uow, actor, patient_id, alert_id, *, given=None, problems=None, status_code=200):
    patient = patients.get_patient(uow, actor, patient_id)
    start = program_reviews.start_review(uow, actor, patient_id, alert_id, today(request))
    prescriptions = start.program.prescriptions if start.program else []
    order = (start.program.document or {}).get("sequence", []) if start.program else []
    ranked = sorted(prescriptions, key=lambda p: order.index(p.activity_id) if p.activity_id in order else len(order))
    first = {"id": str(uuid.uuid4()), "barrier": [b.barrier for b in start.barriers_seen]}
    for n, p in enumerate(ranked, start=1):
        first[f"order_{p.activity_id}"] = str(n)
        first[f"strategy_{p.activity_id}"] = p.strategy.value
        for dimension in (p.current_dose or p.starting_dose):
            first[f"dose_{p.activity_id}_{dimension}"] = in_unit(p.current_dose or p.starting_dose, dimension)
    for goal in start.goals:
        first[f"goal_{goal.id}_words"] = goal.words
        first[f"goal_{goal.id}_success_criterion"] = goal.success_criterion
    return patient_page(request, "clinic/review.html", actor, patient, status_code=status_code, start=start,
                        prescriptions=ranked, seen={b.barrier: b for b in start.barriers_seen},
                        strategies=STRATEGIES, dose_fields=DOSE_FIELDS, addable=_addable(prescriptions),
                        given={**first, **(given or {})}, problems=problems or {})


@router.get("")
def review_form(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, alert_id: uuid.UUID):
    return _page(request, uow, actor, patient_id, alert_id)


@router.post("", dependencies=[FormChecked])
def record_review(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, alert_id: uuid.UUID,
                  form: Posted):
    given = {**given_of(form), "barrier": [str(b) for b in form.getlist("barrier")]}
    problems: dict[str, str] = {}
    start = program_reviews.start_review(uow, actor, patient_id, alert_id, today(request))
    body = _review_of(form, start, problems)
    if not problems:
        try:
            out = program_reviews.record_review(uow, actor, patient_id, ProgramReviewIn.model_validate(
                {k: v for k, v in body.items() if k != "added"}))
        except ValidationError as error:
            problems = _named(form_problems(error), body)
        except Invalid as error:
            problems = _named({error.field: error.message}, body)
        except Conflict as error:
            problems = {"form": str(error).split(": ", 1)[-1]}
        else:
            notice = quote_plus(f"Review saved: program version {out.program_version}.")
            return see_other(f"{base(patient_id)}?notice={notice}#review-{out.id}")
    return _page(request, uow, actor, patient_id, alert_id, given=given, problems=problems, status_code=422)


def _review_of(form, start, problems: dict[str, str]) -> dict[str, Any]:
    """The review the form describes, in the API's shape; numbers typed badly go to ``problems``."""
    barriers = []
    for barrier in form.getlist("barrier"):
        note = str(form.get(f"note_{barrier}", "")).strip()
        barriers.append({"barrier": str(barrier), "note": note or None})
    goals = []
    for goal in start.goals:
        change = {}
        for name in ("words", "success_criterion"):
            typed = str(form.get(f"goal_{goal.id}_{name}", "")).strip()
            if typed and typed != getattr(goal, name):
                change[name] = typed
        if change:
            goals.append({"goal_id": str(goal.id), "change": change})
    planned = []
    for p in (start.program.prescriptions if start.program else []):
        order = str(form.get(f"order_{p.activity_id}", "")).strip()
        if not order:
            continue  # left without a place in the order: it stops
        try:
            rank = int(order)
        except ValueError:
            problems[f"order_{p.activity_id}"] = "Write its place in the order as a whole number, or leave it empty to stop it."
            continue
        entry: dict[str, Any] = {"activity_id": p.activity_id, "strategy": str(form.get(f"strategy_{p.activity_id}", "")) or None}
        dose: dict[str, float] = {}
        for dimension in (p.current_dose or p.starting_dose):
            field = f"dose_{p.activity_id}_{dimension}"
            text = str(form.get(field, "")).strip().replace(",", ".")
            if not text:
                continue
            try:
                value = float(text) * DOSE_FIELDS[dimension][2]
            except ValueError:
                problems[field] = "Write a number."
                continue
            dose[dimension] = int(round(value)) if dimension in WHOLE_DIMENSIONS else round(value, 3)
        if dose:
            entry["dose"] = dose
        planned.append((rank, entry))
    added = str(form.get("add_activity", "")).strip()
    if added:
        order = str(form.get("add_order", "")).strip()
        try:
            rank = int(order) if order else len(planned) + 1
        except ValueError:
            problems["add_order"] = "Write its place in the order as a whole number, or leave it empty to put it last."
            rank = len(planned) + 1
        planned.append((rank - 0.5, {"activity_id": added}))  # before the activity already in that place
    return {"id": str(form.get("id", "")) or str(uuid.uuid4()), "alert_id": str(start.alert.id), "barriers": barriers,
            "goals": goals, "activities": [e for _, e in sorted(planned, key=lambda r: r[0])], "added": added or None,
            "reason": str(form.get("reason", ""))}


def _addable(prescriptions) -> list[tuple[str, str]]:
    """The library's exercises not in the program, by name (the service checks each for safety)."""
    present = {p.activity_id for p in prescriptions}
    return sorted(((e.id, e.name) for e in packaged_library().exercises.values() if e.id not in present),
                  key=lambda x: x[1].lower())


def _named(found: dict[str, str], body: dict[str, Any]) -> dict[str, str]:
    """The service's and the contract's field names as the form's: ``activities[1].dose.reps`` is
    the reps box of the second activity in the new order."""
    named: dict[str, str] = {}
    for field, message in found.items():
        head, _, rest = field.partition(".")
        if head.startswith("activities[") and head.endswith("]"):
            activity = body["activities"][int(head[11:-1])]["activity_id"]
            what = rest.split(".") if rest else ["strategy"]  # the activity as a whole: beside its strategy
            if activity == body.get("added"):  # the exercise being added: beside its choice
                named.setdefault("add_activity", message)
                continue
            if what[0] == "dose":
                dimension = what[1] if len(what) > 1 else next(iter(DOSE_FIELDS))
                named.setdefault(f"dose_{activity}_{dimension}" if len(what) > 1 else f"dose_{activity}", message)
            else:
                named.setdefault(f"{what[0]}_{activity}", message)
        elif head.startswith("barriers"):
            named.setdefault("barrier", message)
        elif head.startswith("goals"):
            named.setdefault("form", message)
        else:
            named.setdefault(head if head in ("activities", "reason") else "form", message)
    return named
