"""Errors as JSON: bad input names the field (422), refusals say why, and an unexpected error is
logged with a reference and never shows a stack trace to the caller."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from rehab.contracts.errors import problem
from rehab.services.errors import Conflict, Denied, Invalid, NotFound, ServiceError, TooManyAttempts, Unauthenticated

log = logging.getLogger("rehab.web")

STATUS = {NotFound: 404, Denied: 403, Unauthenticated: 401, TooManyAttempts: 429, Conflict: 409, Invalid: 422}


def _problem(error: dict) -> dict:
    field, message = problem(error, skip=("body", "query", "path"))
    return {"field": field, "message": message}


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in exc.errors()]
        first = problems[0]
        return JSONResponse(status_code=422, content={"error": f"{first['field']}: {first['message']}",
                                                      "problems": problems})

    @app.exception_handler(ServiceError)
    async def refused(_: Request, exc: ServiceError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        content: dict = {"error": str(exc)}
        if isinstance(exc, Invalid):
            content["problems"] = [{"field": exc.field, "message": exc.message}]
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(status_code=status, content=content, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        reference = uuid.uuid4().hex[:12]
        log.exception("unexpected error %s", reference, exc_info=exc)
        return JSONResponse(status_code=500, content={"error": "something went wrong on our side; nothing was saved",
                                                      "reference": reference})
