"""Turning a validation failure into one line that names the field and the problem."""

from __future__ import annotations

import re

from pydantic import ValidationError

# A message that starts with its own field path, e.g. "sessions[2].date: is after today".
_PATH_FIRST = re.compile(r"^[A-Za-z_][\w.\[\]]*: ")


def field_path(location: tuple) -> str:
    """('sessions', 2, 'pain_during') -> 'sessions[2].pain_during'."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "input"


def problem(error: dict, skip: tuple[str, ...] = ()) -> tuple[str, str]:
    """One validation problem as (field path, message in plain words); ``skip`` drops leading
    location parts an adapter adds (FastAPI's "body")."""
    message = error["msg"].removeprefix("Value error, ")
    location = field_path(tuple(part for part in error["loc"] if part not in skip))
    if error["type"] == "value_error" and _PATH_FIRST.match(message):
        inner, _, message = message.partition(": ")
        location = inner if location == "input" else f"{location}.{inner}"
    elif error["type"] == "json_invalid":
        location, message = "input", f"not valid JSON ({error.get('ctx', {}).get('error', 'syntax error')})"
    elif error["type"] == "extra_forbidden":
        message = "is not a known field"
    elif error["type"] == "missing":
        message = "is required"
    elif "input" in error and error["type"] not in ("value_error", "model_type", "dict_type"):
        message += f" (got {error['input']!r})"
    return location, message


def first_error(error: ValidationError) -> str:
    """The first problem as 'field: message (got value)', with a count of any others."""
    problems = error.errors(include_url=False)
    location, message = problem(problems[0])
    more = len(problems) - 1
    return f"{location}: {message}" + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")
