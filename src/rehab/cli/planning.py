"""``rehab plan``: a phased program from an intake file."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from rehab.cli.app import BAD_INPUT, app
from rehab.cli.checkin import read_request
from rehab.cli.program_text import program_text
from rehab.content.loader import packaged_library
from rehab.contracts.planning import IntakeIn, library_problem
from rehab.contracts.program import ProgramOut
from rehab.core.planning import build_program


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


@app.command("plan")
def plan_command(
    source: Annotated[str | None, typer.Argument(metavar="FILE", help="intake JSON file, or - for standard input")] = None,
    text: Annotated[bool, typer.Option("--text", help="write the program out for the person")] = False,
    schema: Annotated[bool, typer.Option("--schema", help="print the intake's JSON Schema and stop")] = False,
) -> None:
    """Build a phased program from an intake (baseline, goals, preferences, constraints)."""
    if schema:
        typer.echo(json.dumps(IntakeIn.model_json_schema(), indent=2))
        return
    if source is None:
        _fail("FILE: give an intake file, or - for standard input")
    intake = read_request(source, IntakeIn)
    library = packaged_library()
    problem = library_problem(intake, library)
    if problem is not None:
        _fail(problem)
    program = build_program(intake.to_core(), library)
    if text:
        typer.echo(program_text(program, library))
    else:
        typer.echo(ProgramOut.from_core(program).model_dump_json(indent=2))
