"""Who is asking, for pages: not logged in means the login page, not a JSON 401; and every form
post carries the login's CSRF token."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request

from rehab.services.access import Actor
from rehab.services.errors import Denied, Unauthenticated
from rehab.web.deps import SESSION_COOKIE, UoW, current_actor
from rehab.web.pages.rendering import csrf_token


class LoginRequired(Exception):
    """Raised by a page when nobody (or an ended login) is asking; answered with the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__("login required")
        self.next_url = next_url


def page_actor(request: Request, uow: UoW) -> Actor:
    token = request.cookies.get(SESSION_COOKIE)
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not token:
        raise LoginRequired(quote(wanted, safe="/?=&"))
    try:
        return current_actor(request, uow, token)
    except Unauthenticated:
        raise LoginRequired(quote(wanted, safe="/?=&")) from None


def checked_form(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """Refuse a form post whose token does not belong to this login."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token or not csrf or csrf != csrf_token(token):
        raise Denied("this form has expired; please reload the page and try again")


PageActor = Annotated[Actor, Depends(page_actor)]
FormChecked = Depends(checked_form)


def clinician(actor: PageActor) -> Actor:
    if actor.role != "clinician":
        raise Denied("this page is for clinicians")
    return actor


def patient(actor: PageActor) -> Actor:
    if actor.role != "patient" or actor.patient_id is None:
        raise Denied("this page is for patients")
    return actor


ClinicianActor = Annotated[Actor, Depends(clinician)]
PatientActor = Annotated[Actor, Depends(patient)]
