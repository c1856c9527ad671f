"""``rehab cohort run`` and ``rehab cohort compare``: a rule set tried on simulated people before it
reaches a real one (rehab.cohort; docs/cohort.md)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rehab.cli.app import BAD_INPUT, app

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

# Rich (tables, progress bars) is imported by the commands that print with it: every command,
# `rehab serve` too, imports this module, and Rich was a fiftieth of the server's cold start.

cohort_app = typer.Typer(help="Run rule sets on a cohort of simulated people (docs/cohort.md).", no_args_is_help=True)
app.add_typer(cohort_app, name="cohort")

PeopleOpt = Annotated[int, typer.Option("--people", min=1, help="how many simulated people")]
WeeksOpt = Annotated[int, typer.Option("--weeks", min=1, max=52, help="program weeks per person")]
SeedOpt = Annotated[int, typer.Option("--seed", help="the same seed gives the same people")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", min=1, help="processes (default: one per core)")]
StrategyOpt = Annotated[str | None, typer.Option(
    "--strategy", help="with a settings file: symptom_contingent or time_contingent for everyone (default: the planner's)")]


def _policy(name: str, strategy: str | None):
    from rehab.cohort.runner import PolicyError, policy_named

    try:
        return policy_named(name, strategy)
    except PolicyError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(BAD_INPUT) from None


def _run(policy, people: int, weeks: int, seed: int, workers: int | None, console: Console) -> tuple[list[dict], dict]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from rehab.cohort.runner import default_workers, run

    workers = workers or default_workers()
    outcomes: list[dict] = []
    columns = (TextColumn(f"{policy.name}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("people", total=people)
        for chunk in run(people, weeks, policy, seed, workers):
            outcomes.extend(chunk)
            progress.advance(task, len(chunk))
    seconds = time.perf_counter() - started
    meta = {"people": people, "weeks": weeks, "seed": seed, "workers": workers, "seconds": round(seconds, 1),
            "person_weeks_per_second": round(people * weeks / seconds, 1)}
    return outcomes, meta


def _figures_table(title: str, by_group: dict[str, dict]) -> Table:
    from rich.table import Table

    table = Table(title=title)
    for column in ("subgroup", "people", "reached goal", "median weeks", "flares /py", "adv. over tol.",
                   "missed red flags", "referred", "dropped out"):
        table.add_column(column, justify="left" if column == "subgroup" else "right")
    for name, f in by_group.items():
        s, e = f["safety"], f["efficacy"]
        table.add_row(name, str(f["people"]), f"{e['reached_goal']:.0%}", str(e["median_weeks_to_goal"] or "-"),
                      f"{s['flares_per_person_year']:.1f}", str(s["advances_over_tolerance"]),
                      str(s["missed_red_flags"]), f"{e['referred']:.1%}", f"{e['dropped_out']:.1%}")
    return table


@cohort_app.command("run")
def run_command(
    policy: Annotated[str, typer.Option("--policy", help="engine, engine-symptom, engine-time, engine-exposure, linear, pain-avoidant, "
                                                         "or a .json/.yaml file of the engine's limits")],
    people: PeopleOpt = 1000,
    weeks: WeeksOpt = 16,
    seed: SeedOpt = 1,
    out: Annotated[Path, typer.Option("--out", help="directory for the results")] = Path("var/cohort"),
    workers: WorkersOpt = None,
    strategy: StrategyOpt = None,
) -> None:
    """Run one policy on a simulated cohort; write figures.json and people.jsonl to OUT/<policy>/."""
    from rich.console import Console

    from rehab.cohort.runner import write

    chosen = _policy(policy, strategy)
    console = Console()
    outcomes, meta = _run(chosen, people, weeks, seed, workers, console)
    folder = write(out, chosen, outcomes, meta)
    console.print(_figures_table(f"{chosen.name}: {people} people x {weeks} weeks (seed {seed})",
                                 json.loads((folder / "figures.json").read_text())["figures"]))
    console.print(f"{meta['person_weeks_per_second']:,.0f} person-weeks/s on {meta['workers']} processes; "
                  f"results in {folder}")


@cohort_app.command("compare")
def compare_command(
    a: Annotated[str, typer.Argument(help="a result directory (OUT/<policy>) or a policy name")],
    b: Annotated[str, typer.Argument(help="a result directory or a policy name")],
    people: PeopleOpt = 300,
    weeks: WeeksOpt = 12,
    seed: SeedOpt = 1,
    workers: WorkersOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="also write comparison.json here")] = None,
) -> None:
    """B against A on the same people, with 95% confidence intervals. Policies named (not
    directories) are run first with --people, --weeks and --seed."""
    from rich.console import Console
    from rich.table import Table

    from rehab.cohort.figures import compare
    from rehab.cohort.runner import read

    console = Console()
    sides = []
    for side in (a, b):
        folder = Path(side)
        if (folder / "people.jsonl").is_file():
            meta, outcomes = read(folder)
            sides.append((meta["policy"], {k: meta.get(k) for k in ("seed", "weeks")}, outcomes))
        else:
            policy = _policy(side, None)
            outcomes, meta = _run(policy, people, weeks, seed, workers, console)
            sides.append((policy.name, {"seed": seed, "weeks": weeks}, outcomes))
    (name_a, meta_a, left), (name_b, meta_b, right) = sides
    if meta_a != meta_b:
        typer.echo(f"compare: the runs differ in seed or weeks ({meta_a} and {meta_b}): not the same people", err=True)
        raise typer.Exit(BAD_INPUT)
    result = compare(left, right)
    table = Table(title=f"{name_b} minus {name_a}, the same {result['people']} people (95% CI)")
    for column in ("figure", name_a, name_b, "difference", "95% CI"):
        table.add_column(column, justify="left" if column == "figure" else "right")
    for key, f in result.items():
        if isinstance(f, dict):
            table.add_row(key, f"{f['a']:.3f}", f"{f['b']:.3f}", f"{f['difference']:+.3f}",
                          f"{f['ci95'][0]:+.3f} to {f['ci95'][1]:+.3f}")
    console.print(table)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "comparison.json").write_text(json.dumps({"a": name_a, "b": name_b, **result}, indent=2) + "\n")


@cohort_app.command("report")
def report_command(
    out: Annotated[Path, typer.Argument(help="the --out directory of the runs to report (one folder per policy)")]
        = Path("var/cohort"),
) -> None:
    """Write OUT/report.html (plots as PNG) and OUT/report.json from every policy run under OUT."""
    try:
        import matplotlib  # noqa: F401

        from rehab.cohort.report import write_report
    except ImportError as error:  # matplotlib is an optional extra
        typer.echo(f"report: needs matplotlib ({error}); install it with pip install 'rehab[cohort]'", err=True)
        raise typer.Exit(BAD_INPUT) from None
    if not out.is_dir():
        typer.echo(f"report: {out} is not a directory of cohort runs", err=True)
        raise typer.Exit(BAD_INPUT)
    try:
        path = write_report(out)
    except ValueError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(BAD_INPUT) from None
    from rich.console import Console

    Console().print(f"report written: {path} (and {out / 'report.json'})")
