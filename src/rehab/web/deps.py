"""What every route is given: a unit of work and the person asking, decided once here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from rehab.contracts.paging import DEFAULT_LIMIT, MAX_LIMIT, Page, RowPage
from rehab.contracts.wire import NUL
from rehab.services import accounts
from rehab.services.access import Actor
from rehab.services.accounts import Login
from rehab.services.errors import Invalid, Unauthenticated
from rehab.services.paging import Paging
from rehab.store.unit_of_work import UnitOfWork

SESSION_COOKIE = "rehab_session"
# Set at a successful login and kept for a year: the right password from this device is never held
# back by other people's failed logins (docs/security.md, "Logins").
DEVICE_COOKIE = "rehab_device"
DEVICE_DAYS = 365
T = TypeVar("T")
_bearer = HTTPBearer(auto_error=False, description="the token from POST /api/v1/auth/login")


# The cheap dependencies are ``async def``: FastAPI runs a plain ``def`` dependency in its thread
# pool, and a hop to a thread for a few attribute reads cost more than the reads.
async def unit_of_work(request: Request) -> UnitOfWork:
    state = request.app.state
    return UnitOfWork(state.sessions, state.clock, days_before_enrolment=state.settings.days_before_enrolment,
                      late_entry_days=state.settings.late_entry_days)


async def refuse_nul_characters(request: Request) -> None:
    """Every route's path, query and form values get the rule the contracts give every body text
    (rehab.contracts.wire): no NUL character, 422 naming the field. Installed once, on the app."""
    values = [*request.path_params.items(), *request.query_params.multi_items()]
    if request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        values += [(name, value) for name, value in (await request.form()).multi_items() if isinstance(value, str)]
    for name, value in values:
        if isinstance(value, str) and NUL in value:
            raise Invalid(name, "must not contain the NUL character (\\u0000)")


# The dependency of every route, given to each router (rehab.web.app puts their routes on the app).
CHECKED = [Depends(refuse_nul_characters)]


def client_address(request: Request) -> str:
    """The address that asked: the connecting peer, or, behind a proxy named in
    ``REHAB_TRUSTED_PROXIES``, the address that proxy forwarded (rehab.web.app installs that)."""
    return request.client.host if request.client else "unknown"


def set_login_cookies(request: Request, response: Response, login: Login) -> None:
    """The cookies of a login: the session (for pages) and this device's cookie."""
    settings = request.app.state.settings
    secure = request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, login.token, max_age=settings.session_hours * 3600, httponly=True,
                        samesite="lax", secure=secure, path="/")
    response.set_cookie(DEVICE_COOKIE, login.device, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="lax",
                        secure=secure, path="/")


def device_cookie(request: Request) -> str | None:
    return request.cookies.get(DEVICE_COOKIE)


async def login_token(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str:
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return credentials.credentials
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return cookie
    raise Unauthenticated("not logged in")


UoW = Annotated[UnitOfWork, Depends(unit_of_work)]
Token = Annotated[str, Depends(login_token)]


def current_actor(request: Request, uow: UoW, token: Token) -> Actor:
    """The person asking; kept on the request too, so a refusal can be audited with who asked."""
    actor = accounts.authenticate(uow.reading(), token, client_address(request))
    request.state.actor = actor
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


async def in_one_hop(request: Request, uow: UnitOfWork, token: str, work: Callable[[Actor], T]) -> T:
    """Check the login and do ``work`` for that person in one hop to a worker thread.

    FastAPI runs each plain ``def`` dependency and endpoint (and the response's serialisation
    after it) in a thread hop of its own, and each hop costs about a tenth of a millisecond of CPU:
    three of them were a third of a diary write. The phones' writes, the busiest routes, take one
    hop and never block the event loop."""
    return await run_in_threadpool(lambda: work(current_actor(request, uow, token)))


async def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page, newest first (1 to {MAX_LIMIT})")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=400, description="the `next_cursor` of the page before")] = None,
    total: Annotated[bool, Query(description="also count the whole list (costs a count; off by default)")] = False,
) -> Paging:
    """How much of a growing list to answer: every list of records pages the same way."""
    return Paging(limit=limit, cursor=cursor, with_total=total)


PageAsked = Annotated[Paging, Depends(paging)]


async def one_page(request: Request, uow: UnitOfWork, token: str, read: Callable[[Actor], Page | RowPage]) -> Response:
    """A page of a list, read in one thread hop (as :func:`in_one_hop`) and written out as JSON by
    its own model: FastAPI would otherwise turn the page into dicts, validate them again against
    the route's model and serialise them, three passes over a hundred rows where one does. A
    :class:`RowPage` (the diary) is written from its stored rows without a model at all. The login
    check, the read and its audit entry use one connection (UnitOfWork.one_connection)."""
    def on_one_connection() -> Page | RowPage:
        with uow.one_connection():
            return read(current_actor(request, uow, token))

    page = await run_in_threadpool(on_one_connection)
    return Response(page.to_json() if isinstance(page, RowPage) else page.model_dump_json(), media_type="application/json")
