"""Every status an operation can answer, in the OpenAPI description, with the body it carries.

Generated clients and Schemathesis read the description: a status it does not list is a surprise
to them. Each API route is a :class:`DocumentedRoute`, which adds the refusals that follow from the
route itself: 401 and 403 when it needs a login (no valid login; a role that may not do this), 404
when it names a record (a path id, or a ``..._id`` query), and 422 when it takes input. What only the
use case knows is declared on the route with :func:`refusals`: 409 (a reused id, a decision already
overridden, an e-mail already in use, exercise paused by a red flag), 429 (too many failed logins),
and the 200 a retried write answers with.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from fastapi.params import Depends
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict

from rehab.web.deps import current_actor, login_token


class ProblemOut(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every refusal's body: the first problem in words, and for bad input (422) each field."""

    model_config = ConfigDict(extra="forbid")
    error: str
    problems: list[ProblemOut] | None = None


WHY = {
    401: "Not logged in, or the login has ended (send `Authorization: Bearer <token>`).",
    403: "Logged in, but this role may not do this to this record.",
    404: "No such record, or none this login may know exists.",
    409: "Clashes with what is stored: an id used before for other content, a decision already "
         "overridden, an e-mail already in use, or exercise paused until a clinician reviews a red flag.",
    422: "Bad input: `error` names the first field and the problem, `problems` lists each one.",
    429: "Too many failed logins; try again later.",
}


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of these refusal statuses, each with the error body."""
    return {status: {"model": ErrorOut, "description": WHY[status]} for status in statuses}


_LOGIN = {current_actor, login_token}


def _needs_login(parameter: inspect.Parameter) -> bool:
    return any(isinstance(meta, Depends) and meta.dependency in _LOGIN
               for meta in typing.get_args(parameter.annotation)[1:])


def _is_input(parameter: inspect.Parameter) -> bool:
    annotation = parameter.annotation
    if annotation in (Request, Response):
        return False
    return not any(isinstance(meta, Depends) for meta in typing.get_args(annotation)[1:])


def implied(path: str, endpoint: Callable[..., Any]) -> list[int]:
    """The refusals a route's own shape implies (see the module's docstring)."""
    parameters = inspect.signature(endpoint, eval_str=True).parameters.values()
    statuses = []
    if any(_needs_login(p) for p in parameters):
        statuses += [401, 403]
    if "{" in path or any(p.name.endswith("_id") and _is_input(p) for p in parameters):
        statuses.append(404)
    if any(_is_input(p) for p in parameters):
        statuses.append(422)
    return statuses


@functools.cache
def _refusal_field() -> Any:
    """The one description of a refusal's body (ErrorOut) that every route's refusals share."""
    from fastapi.utils import create_model_field

    return create_model_field(name="ErrorOut", type_=ErrorOut, mode="serialization")


class DocumentedRoute(APIRoute):
    """An API route whose OpenAPI description lists the refusals its shape implies.

    Every refusal carries the same body, so its statuses share one description of it: FastAPI
    would build one for each route and status (about 250, each with its own validator, none ever
    used to validate anything), a thirtieth of the server's cold start."""

    def __init__(self, path: str, endpoint: Callable[..., Any], *,
                 responses: dict[int | str, dict[str, Any]] | None = None, **kwargs: Any) -> None:
        documented = {**refusals(*implied(path, endpoint)), **(responses or {})}
        others = {status: response for status, response in documented.items() if response.get("model") is not ErrorOut}
        super().__init__(path, endpoint, responses=others, **kwargs)
        own = self.response_fields
        self.responses = documented
        self.response_fields = {status: own[status] if status in own else _refusal_field()
                                for status, response in documented.items() if "model" in response}
