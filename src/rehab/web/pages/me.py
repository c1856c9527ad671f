"""The patient's pages: phone-first, plain words, large touch targets. Every page is about the
logged-in patient only; there is no patient id in these addresses to change."""

from __future__ import annotations

from fastapi import APIRouter, Request

from rehab.services import patients, programs
from rehab.services.errors import NotFound
from rehab.web.deps import UoW
from rehab.web.pages.guards import PatientActor
from rehab.web.pages.rendering import page

router = APIRouter(prefix="/me")


@router.get("")
def today_page(request: Request, uow: UoW, actor: PatientActor):
    """Today: the day's exercises and activity quotas."""
    me = patients.get_patient(uow, actor, actor.patient_id)
    try:
        program = programs.get_program(uow, actor, actor.patient_id)
    except NotFound:
        program = None
    return page(request, "me/today.html", actor, me=me, program=program)
