"""The clinician's pages: the caseload first, then each patient."""

from __future__ import annotations

from fastapi import APIRouter, Request

from rehab.services import patients
from rehab.web.deps import UoW
from rehab.web.pages.guards import ClinicianActor
from rehab.web.pages.rendering import page, today

router = APIRouter(prefix="/clinic")


@router.get("")
def caseload(request: Request, uow: UoW, actor: ClinicianActor, status: str | None = None):
    """Patients sorted by what needs attention now, each with the reason in words."""
    rows = patients.caseload(uow, actor, today(request), status=status)
    return page(request, "clinic/caseload.html", actor, rows=rows, status=status)
