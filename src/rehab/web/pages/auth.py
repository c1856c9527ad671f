"""Logging in and out on the pages, and the front door that sends each person to their home."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from rehab.services import accounts
from rehab.services.errors import TooManyAttempts, Unauthenticated
from rehab.web.deps import CHECKED, SESSION_COOKIE, UoW, client_address, device_cookie, set_login_cookies
from rehab.web.pages.guards import FormChecked, PageActor
from rehab.web.pages.rendering import page, see_other

router = APIRouter(include_in_schema=False, dependencies=CHECKED)

HOME = {"clinician": "/clinic", "patient": "/me", "admin": "/admin"}


def _safe_next(url: str | None) -> str | None:
    """Only a path on this site (an open redirect would let a link send someone elsewhere)."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return None


@router.get("/")
def front_door(actor: PageActor):
    return see_other(HOME.get(actor.role, "/login"))


@router.get("/login")
def login_page(request: Request, next: str | None = None):
    return page(request, "login.html", next=_safe_next(next), email="", problem=None)


@router.post("/login")
def log_in(request: Request, uow: UoW, email: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
           next: Annotated[str | None, Form()] = None):
    settings = request.app.state.settings
    problem = None
    if not email.strip() or not password:
        problem = "Enter your email and your password."
    else:
        try:
            login = accounts.login(uow, settings, email.strip(), password, client_address(request),
                                   device_cookie(request))
        except Unauthenticated:
            problem = "That email and password do not match. Check them and try again."
        except TooManyAttempts as refused:
            problem = f"Too many tries: {refused}."
    if problem:
        return page(request, "login.html", next=_safe_next(next), email=email, problem=problem, status_code=422)
    response = see_other(_safe_next(next) or HOME.get(login.out.user.role, "/"))
    set_login_cookies(request, response, login)
    return response


@router.post("/logout", dependencies=[FormChecked])
def log_out(request: Request, uow: UoW):
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.logout(uow, token)
    response = see_other("/login?notice=You+are+logged+out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
