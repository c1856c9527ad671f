"""``rehab demo``: a 12-week journey through the real engine, week by week."""

from __future__ import annotations

from typing import Annotated

import typer

from rehab.cli.app import app

# The demo's journey and Rich are imported when the demo is played, not with the command line
# (`rehab serve` imports every command's module).


@app.command("demo")
def demo_command(
    seed: Annotated[int, typer.Option(help="seed of the simulated patient; the same seed gives the same journey")] = 7,
) -> None:
    """Play a 12-week demo journey (with a flare in week 5) through the real check-in engine."""
    from rich.console import Console
    from rich.table import Table

    from rehab.core.engine.messages import describe_dose
    from rehab.demo import FLARE_WEEK, WEEKS, deciding_reasons, play

    journey = play(seed)
    console = Console()
    table = Table(title=f"Rosa, 63, chronic low back pain: {WEEKS} weeks (flare in week {FLARE_WEEK}; seed {seed})")
    table.add_column("Week", justify="right")
    table.add_column("Pain\n(mean)", justify="right")
    table.add_column("Activity")
    table.add_column("Dose at week end")
    table.add_column("Decisions")
    table.add_column("Deciding reasons (headline decision)")
    for row in journey.rows:
        headline = row.headline
        counts = ", ".join(f"{v} {k}" for k, v in sorted(row.decisions.items()))
        reasons = f"[b]{headline.kind.value}[/b]: {deciding_reasons(headline)}" if headline else ""
        table.add_row(str(row.week), f"{row.mean_pain:.1f}", row.activity, describe_dose(row.dose), counts, reasons,
                      end_section=row.activity == journey.rows[-1].activity)
    console.print(table)
    for plan in journey.plans:
        flares = [(day, d) for day, d in plan.decisions if d.kind.value == "flare"]
        if flares:
            first_day, first = flares[0]
            pre = first.flare_episode.pre_flare_dose
            back = next((day for day, d in plan.decisions if day > first_day and d.flare_episode is None), None)
            console.print(
                f"{plan.name}: flare from {first_day:%d %b}; dose cut from {describe_dose(pre)} to "
                f"{describe_dose(first.next_dose)}; back to the pre-flare dose on "
                f"{back:%d %b}." if back else "; still returning at week 12."
            )
