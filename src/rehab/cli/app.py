"""The Typer application every command module registers on."""

import typer

app = typer.Typer(
    name="rehab",
    help="Build, run and adapt progressive rehabilitation programs for chronic musculoskeletal pain.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Exit code for bad input: the same as a usage error, so scripts can tell it from a crash.
BAD_INPUT = 2
