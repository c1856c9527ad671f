"""Errors as JSON for the API and as a page for people: bad input names the field (422), refusals
say why, and an unexpected error is logged with a reference and never shows a stack trace."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from rehab.contracts.errors import problem
from rehab.services import access
from rehab.services.errors import (
    Conflict,
    Denied,
    Invalid,
    NotFound,
    ServiceError,
    TooManyAttempts,
    Unauthenticated,
)
from rehab.web.deps import unit_of_work
from rehab.web.headers import with_security_headers

log = logging.getLogger("rehab.web")

STATUS = {NotFound: 404, Denied: 403, Unauthenticated: 401, TooManyAttempts: 429, Conflict: 409, Invalid: 422}


def _problem(error: dict) -> dict:
    field, message = problem(error, skip=("body", "query", "path"))
    return {"field": field, "message": message}


HEADINGS = {404: "Not found", 403: "Not allowed", 401: "Please log in", 429: "Too many tries", 409: "Already changed",
            422: "Something is not right", 400: "Something is not right", 500: "Something went wrong"}


def for_people(request: Request) -> bool:
    """A page (not the API) asked: answer with a page in words."""
    return not request.url.path.startswith("/api/")


def error_page(request: Request, status: int, message: str, reference: str | None = None) -> Response:
    from rehab.web.pages.rendering import (
        page,  # the templates load only when a page is served
    )

    return page(request, "error.html", None, status_code=status, heading=HEADINGS.get(status, "Something went wrong"),
                message=message, reference=reference)


def audit_refusal(request: Request, exc: ServiceError, uow) -> None:
    """A refused attempt by someone logged in goes to the audit log: who (the login), what (the
    method and the address with each id as ``{}``, ``PATCH /api/v1/goals/{}``, which always fits
    the log's column; the last id of the address; and the patient: the one whose record it was,
    else the one the address names), from where (the address). An auditor looks for exactly
    these; the answer itself says nothing more than before."""
    actor = getattr(request.state, "actor", None)
    if actor is None:
        return
    ids = {str(value) for value in request.path_params.values()}
    asked = f"{request.method} {'/'.join('{}' if part in ids else part for part in request.url.path.split('/'))}"
    record_id = str(list(request.path_params.values())[-1]) if request.path_params else None
    patient_id = exc.patient_id or _patient_in_address(request)
    access.record_refusal(uow, actor, asked, record_id, patient_id)


def _patient_in_address(request: Request) -> uuid.UUID | None:
    value = request.path_params.get("patient_id")
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


def install(app: FastAPI) -> None:
    from rehab.web.pages.guards import LoginRequired

    @app.exception_handler(LoginRequired)
    async def login_first(_: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={exc.next_url}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if for_people(request) and exc.status_code in (404, 405):
            message = "There is no page at this address." if exc.status_code == 404 else "This page cannot do that."
            return error_page(request, exc.status_code, message)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [_problem(e) for e in exc.errors()]
        first = problems[0]
        if for_people(request):
            return error_page(request, 422, f"{first['field']}: {first['message']}")
        return JSONResponse(status_code=422, content={"error": f"{first['field']}: {first['message']}",
                                                      "problems": problems})

    @app.exception_handler(ServiceError)
    async def refused(request: Request, exc: ServiceError) -> Response:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        if status in (403, 404):
            await run_in_threadpool(audit_refusal, request, exc, await unit_of_work(request))
        if for_people(request):
            return error_page(request, status, str(exc)[:1].upper() + str(exc)[1:] + ".")
        content: dict = {"error": str(exc)}
        if isinstance(exc, Invalid):
            content["problems"] = [{"field": exc.field, "message": exc.message}]
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, TooManyAttempts) and exc.retry_after:
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse(status_code=status, content=content, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        reference = uuid.uuid4().hex[:12]
        log.exception("unexpected error %s", reference, exc_info=exc)
        if for_people(request):
            response = error_page(request, 500, "Something went wrong on our side; nothing was saved.", reference)
        else:
            response = JSONResponse(status_code=500, content={
                "error": "something went wrong on our side; nothing was saved", "reference": reference})
        # Starlette answers an unexpected error outside every middleware, so the headers are set here too.
        return with_security_headers(response)
