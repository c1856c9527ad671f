"""The cohort report as one HTML page: for each subgroup, every policy's figures side by side, and
sentences saying where the personalised engine wins and where it loses against each other policy.
Pure: it is given the runs' figures.json contents and returns the page (the CLI writes it).
"""

from __future__ import annotations

from html import escape

from rehab.cohort.figures import ALL

ENGINE = "engine"
COLUMNS = (
    ("reached goal", lambda f: f"{f['efficacy']['reached_goal']:.0%}"),
    ("median weeks to goal", lambda f: str(f["efficacy"]["median_weeks_to_goal"] or "–")),
    ("flares per person-year", lambda f: f"{f['safety']['flares_per_person_year']:.1f}"),
    ("advances over tolerance per person-year", lambda f: f"{f['safety']['advances_over_tolerance_per_person_year']:.1f}"),
    ("missed red flags", lambda f: str(f["safety"]["missed_red_flags"])),
    ("referred", lambda f: f"{f['efficacy']['referred']:.1%}"),
    ("dropped out", lambda f: f"{f['efficacy']['dropped_out']:.1%}"),
    ("days advancing / holding / regressing / in a flare plan",
     lambda f: " / ".join(f"{f['time_in_decision'].get(k, 0):.0%}" for k in ("advance", "hold", "regress", "flare"))),
)


def verdicts(engine: dict, other: dict, other_name: str, group: str) -> list[str]:
    """Plain sentences: where the engine does better or worse than ``other`` for ``group``."""
    said = []
    es, os_ = engine["safety"], other["safety"]
    ee, oe = engine["efficacy"], other["efficacy"]
    who = "everyone" if group == ALL else f"the {group}"
    over_e, over_o = es["advances_over_tolerance_per_person_year"], os_["advances_over_tolerance_per_person_year"]
    if over_e < over_o:
        said.append(f"For {who}, the engine advanced past tolerance less often than {other_name} "
                    f"({over_e:.1f} against {over_o:.1f} a person-year).")
    elif over_e > over_o:
        said.append(f"For {who}, the engine advanced past tolerance more often than {other_name} "
                    f"({over_e:.1f} against {over_o:.1f} a person-year).")
    flares_e, flares_o = es["flares_per_person_year"], os_["flares_per_person_year"]
    if abs(flares_e - flares_o) >= 0.1:
        better = "fewer" if flares_e < flares_o else "more"
        said.append(f"People had {better} flares under the engine than under {other_name} ({flares_e:.1f} against {flares_o:.1f} a person-year).")
    goal_e, goal_o = ee["reached_goal"], oe["reached_goal"]
    if goal_e != goal_o:
        word = "more" if goal_e > goal_o else "fewer"
        said.append(f"{word.capitalize()} reached their goal under the engine than under {other_name} ({goal_e:.0%} against {goal_o:.0%}).")
    return said


def render(runs: dict[str, dict], title: str = "Virtual cohort") -> str:
    """``runs``: policy name -> the run's figures.json content."""
    names = list(runs)
    first = runs[names[0]]
    groups = list(first["figures"])
    parts = [f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{escape(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}"
             "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
             "text-align:right}th:first-child,td:first-child{text-align:left}</style>",
             f"<h1>{escape(title)}</h1>",
             f"<p>{first['people']:,} simulated people × {first['weeks']} weeks (seed {first['seed']}); the same people "
             "under every policy. The model and its assumptions: docs/cohort.md. These figures compare rule sets "
             "on simulated people; they are not predictions for real patients.</p>"]
    for group in groups:
        parts.append(f"<h2>{escape(group)} ({first['figures'][group]['people']} people)</h2><table><tr><th>policy</th>")
        parts.extend(f"<th>{escape(label)}</th>" for label, _ in COLUMNS)
        parts.append("</tr>")
        for name in names:
            f = runs[name]["figures"].get(group)
            if not f or not f.get("people"):
                continue
            parts.append(f"<tr><td>{escape(name)}</td>" + "".join(f"<td>{escape(cell(f))}</td>" for _, cell in COLUMNS)
                         + "</tr>")
        parts.append("</table>")
        if ENGINE in runs:
            said = [s for name in names if name != ENGINE and group in runs[name]["figures"]
                    for s in verdicts(runs[ENGINE]["figures"][group], runs[name]["figures"][group], name, group)]
            if said:
                parts.append("<ul>" + "".join(f"<li>{escape(s)}</li>" for s in said) + "</ul>")
    parts.append("</html>")
    return "\n".join(parts)
