"""The clinic admin's page: the clinic's clinicians and admins, and adding one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError

from rehab.contracts.records import UserIn
from rehab.services import accounts
from rehab.services.errors import Invalid
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages.guards import FormChecked, PageActor
from rehab.web.pages.rendering import form_problems, page, see_other

router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=CHECKED)


@router.get("")
@router.get("/users")
def users(request: Request, uow: UoW, actor: PageActor):
    """The users page, at /admin and at /admin/users (where its form posts, so a reload of a
    refused form, or a typed address, finds the page instead of "method not allowed")."""
    return page(request, "admin/users.html", actor, users=accounts.list_users(uow, actor), given={}, problems={})


@router.post("/users", dependencies=[FormChecked])
def add_user(request: Request, uow: UoW, actor: PageActor, email: Annotated[str, Form()] = "",
             display_name: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "clinician",
             password: Annotated[str, Form()] = ""):
    given = {"email": email, "display_name": display_name, "role": role}
    try:
        accounts.create_user(uow, actor, UserIn(email=email, display_name=display_name, role=role, password=password))
    except ValidationError as error:
        problems = form_problems(error)
    except Invalid as error:
        problems = {error.field: error.message}
    else:
        return see_other(f"/admin?notice=Added+{display_name.replace(' ', '+')}.")
    return page(request, "admin/users.html", actor, users=accounts.list_users(uow, actor), given=given,
                problems=problems, status_code=422)
