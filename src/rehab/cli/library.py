"""``rehab library``: list the exercise library, show one exercise with its ladder, check it."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from rehab.cli.app import BAD_INPUT, app
from rehab.cli.program_text import plain_dose
from rehab.content.check import problems
from rehab.content.loader import packaged_library
from rehab.core.models import Dose
from rehab.core.planning.goals import ICF_CATEGORIES
from rehab.core.planning.library import CAUTIONS, Component, Exercise, Library, Region

library_app = typer.Typer(no_args_is_help=False, add_completion=False)
app.add_typer(library_app, name="library")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


def _choice(value: str | None, options: type, option: str):
    if value is None:
        return None
    try:
        return options(value)
    except ValueError:
        _fail(f"{option}: unknown value {value!r} (choose from {', '.join(o.value for o in options)})")


def exercise_json(e: Exercise) -> dict:
    return {
        "id": e.id, "name": e.name, "regions": [r.value for r in e.regions], "component": e.component.value,
        "position": e.position, "equipment": sorted(e.equipment), "difficulty": e.difficulty,
        "regression": e.regression, "progression": e.progression,
        "dose": {r.dimension: [r.low, r.high] for r in e.dose}, "time_per_set_s": e.time_per_set_s,
        "icf": list(e.icf), "cautions": sorted(e.cautions),
        "steps": list(e.steps), "cues": list(e.cues), "errors": list(e.errors),
    }


@library_app.callback(invoke_without_command=True)
def library_command(
    ctx: typer.Context,
    region: Annotated[str | None, typer.Option("--region", help="only this body region")] = None,
    component: Annotated[str | None, typer.Option("--component", help="only this training component")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the exercises as JSON")] = False,
) -> None:
    """List the exercise library by region and training component, ladder by ladder."""
    if ctx.invoked_subcommand is not None:
        return
    wanted_region = _choice(region, Region, "--region")
    wanted_component = _choice(component, Component, "--component")
    library = packaged_library()
    ladders = [
        ladder for ladder in library.ladders()
        if (wanted_region is None or ladder.region is wanted_region)
        and (wanted_component is None or ladder.component is wanted_component)
    ]
    if as_json:
        typer.echo(json.dumps([exercise_json(r) for ladder in ladders for r in ladder.rungs], indent=2))
        return
    heading = None
    for ladder in ladders:
        if (ladder.region, ladder.component) != heading:
            heading = (ladder.region, ladder.component)
            typer.echo(f"\n{ladder.region.value} / {ladder.component.value}")
        typer.echo("  " + " -> ".join(f"{r.name} [{r.id}]" for r in ladder.rungs))
    count = sum(len(ladder.rungs) for ladder in ladders)
    typer.echo(f"\n{count} exercises on {len(ladders)} ladders")


def _show_exercise(e: Exercise, library: Library) -> None:
    ladder = library.ladder_of(e.id)
    typer.echo(f"{e.name} [{e.id}]")
    typer.echo(f"{e.component.value}, {', '.join(r.value for r in e.regions)}; difficulty {e.difficulty} of 5; {e.position}")
    typer.echo(f"Equipment: {', '.join(sorted(e.equipment)) or 'none'}")
    start = {r.dimension: r.low for r in e.dose}
    top = {r.dimension: r.high for r in e.dose}
    typer.echo(f"Usual start: {plain_dose(Dose(**start))} up to {plain_dose(Dose(**top))}; about {e.time_per_set_s} s a set")
    typer.echo("Steps:")
    for i, step in enumerate(e.steps, start=1):
        typer.echo(f"  {i}. {step}")
    typer.echo("Think about: " + " ".join(e.cues))
    typer.echo("Watch out for: " + " ".join(e.errors))
    typer.echo("Helps with: " + "; ".join(f"{ICF_CATEGORIES[c]} ({c})" for c in e.icf))
    if e.cautions:
        typer.echo("Take care: not for everyone: " + "; ".join(CAUTIONS[c] for c in sorted(e.cautions)))
    typer.echo(f"Ladder ({ladder.component.value}, {ladder.region.value}):")
    for i, rung in enumerate(ladder.rungs, start=1):
        here = "  <- this one" if rung.id == e.id else ""
        typer.echo(f"  {i}. {rung.name} [{rung.id}]{here}")


@library_app.command("show")
def show_command(
    item: Annotated[str, typer.Argument(metavar="ID", help="an exercise or daily activity id")],
    as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
) -> None:
    """Show one exercise with its ladder (or one daily activity)."""
    library = packaged_library()
    if item in library.exercises:
        e = library.exercises[item]
        if as_json:
            body = exercise_json(e) | {"ladder": [r.id for r in library.ladder_of(e.id).rungs]}
            typer.echo(json.dumps(body, indent=2))
        else:
            _show_exercise(e, library)
        return
    if item in library.activities:
        a = library.activities[item]
        if as_json:
            typer.echo(json.dumps({"id": a.id, "name": a.name, "icf": list(a.icf), "dimension": a.dimension,
                                   "usual_start": [a.usual_start.low, a.usual_start.high], "how": a.how,
                                   "tips": list(a.tips)}, indent=2))
        else:
            typer.echo(f"{a.name} [{a.id}] (daily activity, paced in {a.dimension})")
            typer.echo(a.how)
            for tip in a.tips:
                typer.echo(f"  - {tip}")
        return
    _fail(f"ID: {item!r} is not an exercise or daily activity in the library")


@library_app.command("check")
def check_command() -> None:
    """Check the library: links resolve, no ladder loops, every exercise dosed, cued and ICF-coded,
    and tagged with every caution its own words, position or kit show."""
    library = packaged_library()
    found = problems(library)
    for problem in found:
        typer.echo(problem)
    if found:
        typer.echo(f"{len(found)} problem{'s' * (len(found) > 1)} found", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"ok: {len(library.exercises)} exercises on {len(library.ladders())} ladders, "
        f"{len(library.activities)} daily activities, {len(library.education)} education modules"
    )
