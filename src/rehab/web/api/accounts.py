"""Logging in and out, and the clinic's users."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from rehab.contracts.records import LoginIn, LoginOut, UserIn, UserOut
from rehab.services import accounts
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute, refusals
from rehab.web.deps import (
    CHECKED,
    SESSION_COOKIE,
    CurrentActor,
    Token,
    UoW,
    client_address,
    device_cookie,
    set_login_cookies,
)

router = APIRouter(prefix=API, tags=["accounts"], route_class=DocumentedRoute, dependencies=CHECKED)


@router.post("/auth/login", responses=refusals(401, 429))
def login(request: Request, response: Response, uow: UoW, credentials: LoginIn) -> LoginOut:
    """Log in. The token works as a bearer token; a session cookie is set for pages, and a device
    cookie that keeps this device's logins apart from strangers' failed ones (429 after too many
    failures, with Retry-After)."""
    login = accounts.login(uow, request.app.state.settings, credentials.email, credentials.password,
                           client_address(request), device_cookie(request))
    set_login_cookies(request, response, login)
    return login.out


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(response: Response, uow: UoW, token: Token) -> None:
    """End this login: the token and the session cookie stop working."""
    accounts.logout(uow, token)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/me")
def me(uow: UoW, actor: CurrentActor) -> UserOut:
    return accounts.me(uow, actor)


@router.get("/users")
def list_users(uow: UoW, actor: CurrentActor) -> list[UserOut]:
    """The clinic's admins and clinicians (admins only)."""
    return accounts.list_users(uow, actor)


@router.post("/users", status_code=status.HTTP_201_CREATED, responses=refusals(409))
def create_user(uow: UoW, actor: CurrentActor, new: UserIn) -> UserOut:
    """Add a clinician or an admin to the clinic (admins only)."""
    return accounts.create_user(uow, actor, new)
