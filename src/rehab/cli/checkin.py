"""The commands that read a check-in document: ``rehab check-in`` (the decision), ``rehab adjust`` (a
proposed self-adjustment), ``rehab insights`` (patterns in the diary), and ``rehab schema``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from rehab.cli.app import BAD_INPUT, app
from rehab.contracts.adjust import AdjustRequest, AdjustResultOut
from rehab.contracts.checkin import CheckInRequest, DecisionOut
from rehab.contracts.errors import first_error
from rehab.contracts.insights import InsightsOut
from rehab.core.engine.exposure import with_experiment_sessions
from rehab.core.engine.progression import check_in
from rehab.core.insights.patterns import find_insights
from rehab.core.models import Strategy

SCHEMAS = {"check-in": CheckInRequest, "decision": DecisionOut, "adjust": AdjustRequest,
           "adjust-result": AdjustResultOut, "insights": InsightsOut}
# Output models: their schema describes what is written, not what is read.
OUTPUTS = (DecisionOut, AdjustResultOut, InsightsOut)


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


M = TypeVar("M", bound=BaseModel)


def read_request(source: str, model: type[M]) -> M:
    """Read ``source`` and validate it as ``model``, or exit 2 with one line naming the field."""
    try:
        return model.model_validate_json(read_source(source))
    except ValidationError as error:
        _fail(first_error(error))


@app.command("check-in")
def check_in_command(
    source: Annotated[str, typer.Argument(metavar="FILE", help="check-in JSON file, or - for standard input")],
) -> None:
    """Decide what happens next for one activity: read a check-in, print the decision as JSON."""
    checkin = read_request(source, CheckInRequest).to_core()
    decision = DecisionOut.from_core(check_in(checkin), checkin)
    typer.echo(decision.to_json())


@app.command("adjust")
def adjust_command(
    source: Annotated[str, typer.Argument(metavar="FILE", help="check-in JSON with a proposal, or - for standard input")],
) -> None:
    """Check a change the patient proposes against the bounds agreed with the clinician; print the answer as JSON."""
    request = read_request(source, AdjustRequest)
    typer.echo(AdjustResultOut.from_core(request.check()).model_dump_json(indent=2))


@app.command("insights")
def insights_command(
    source: Annotated[str, typer.Argument(metavar="FILE", help="check-in JSON file, or - for standard input")],
) -> None:
    """Find patterns worth discussing in a patient's diary (associations, not causes); print them as JSON."""
    checkin = read_request(source, CheckInRequest).to_core()
    if checkin.strategy is Strategy.GRADED_EXPOSURE:  # each experiment is a session of the activity
        checkin = with_experiment_sessions(checkin)
    report = find_insights(checkin.diary, checkin.sessions, checkin.today)
    typer.echo(InsightsOut.from_core(report).model_dump_json(indent=2))


@app.command("schema")
def schema_command(
    name: Annotated[str, typer.Argument(help="check-in, decision, adjust, adjust-result or insights")],
) -> None:
    """Print the JSON Schema of a command's input or output (check-in, decision, adjust, adjust-result, insights)."""
    model = SCHEMAS.get(name)
    if model is None:
        _fail(f"schema: unknown name {name!r} (choose from {', '.join(SCHEMAS)})")
    typer.echo(json.dumps(schema_of(model), indent=2))


def schema_of(model) -> dict:
    mode = "serialization" if model in OUTPUTS else "validation"
    return model.model_json_schema(mode=mode)
