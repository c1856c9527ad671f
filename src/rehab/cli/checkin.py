"""``rehab check-in`` and ``rehab schema``: the check-in contract on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from rehab.cli.app import BAD_INPUT, app
from rehab.contracts.checkin import CheckInRequest, DecisionOut
from rehab.contracts.errors import first_error
from rehab.core.progression import check_in

SCHEMAS = {"check-in": CheckInRequest, "decision": DecisionOut}


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


def read_source(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        _fail(f"{source}: no such file")
    return path.read_text(encoding="utf-8")


@app.command("check-in")
def check_in_command(
    source: Annotated[str, typer.Argument(metavar="FILE", help="check-in JSON file, or - for standard input")],
) -> None:
    """Decide what happens next for one activity: read a check-in, print the decision as JSON."""
    text = read_source(source)
    try:
        request = CheckInRequest.model_validate_json(text)
    except ValidationError as error:
        _fail(first_error(error))
    checkin = request.to_core()
    decision = DecisionOut.from_core(check_in(checkin), checkin)
    typer.echo(decision.model_dump_json(indent=2))


@app.command("schema")
def schema_command(
    name: Annotated[str, typer.Argument(help="check-in (the input) or decision (the output)")],
) -> None:
    """Print the JSON Schema of the check-in input or of the decision output."""
    model = SCHEMAS.get(name)
    if model is None:
        _fail(f"schema: unknown name {name!r} (choose from {', '.join(SCHEMAS)})")
    typer.echo(json.dumps(schema_of(model), indent=2))


def schema_of(model) -> dict:
    mode = "serialization" if model is DecisionOut else "validation"
    return model.model_json_schema(mode=mode)
