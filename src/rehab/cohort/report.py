"""The cohort report: every policy of a run side by side, for everyone and per subgroup, as one HTML
page with PNG plots (matplotlib) and one JSON of every figure it shows.

It reads what ``rehab cohort run`` wrote (``OUT/<policy>/figures.json`` and ``people.jsonl``) and
adds nothing of its own but the comparisons: each engine policy against each fixed comparator
(the linear protocol, the pain-avoidant policy) on the same people, with 95% confidence intervals
(:func:`rehab.cohort.figures.compare`), and graded exposure (``engine-exposure``) against the engine as
configured too, with its verdicts for the high fear-avoidance subgroup always said. Where it says the engine "wins" or "loses", the interval of
the paired difference lies wholly on one side of zero; otherwise it says the run cannot tell them
apart. So the words never claim more than the run shows.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rehab.cohort import figures
from rehab.cohort.people import FEARFUL
from rehab.cohort.runner import read

COMPARATORS = ("linear", "pain-avoidant")
# Graded exposure is also set against the engine as configured (the time-contingent quota) on the same
# people, and its verdicts for the people it is meant for (high fear of movement, §3.3) are always said.
EXPOSURE, AS_CONFIGURED, EXPOSURE_GROUP = "engine-exposure", "engine", FEARFUL

# (figure in compare(), words, True when a higher value is better). The safety figures come first:
# they are what the engine exists for.
JUDGED = (
    ("advances_over_tolerance_per_person_year", "advances made while over tolerance per person-year", False),
    ("flares_per_person_year", "flares per person-year", False),
    ("missed_red_flags", "share of people with a missed red flag", False),
    ("reached_goal", "share reaching their goal task", True),
    ("dropped_out", "share dropping out", False),
)


@dataclass(frozen=True)
class PolicyRun:
    name: str
    meta: dict
    people: list[dict]


def load(out: Path) -> list[PolicyRun]:
    """Every policy run found under ``out`` (one folder each), engine policies first."""
    runs = []
    for folder in sorted(p for p in out.iterdir() if (p / "figures.json").is_file() and (p / "people.jsonl").is_file()):
        meta, people = read(folder)
        runs.append(PolicyRun(meta["policy"], meta, people))
    return sorted(runs, key=lambda r: (not r.name.startswith("engine"), r.name))


def _same_people(runs: Sequence[PolicyRun]) -> None:
    seen = {(r.meta.get("people"), r.meta.get("weeks"), r.meta.get("seed")) for r in runs}
    if len(seen) > 1:
        raise ValueError("report: the runs under this folder are not of the same people (people, weeks and seed "
                         f"differ: {sorted(seen, key=str)}); run every policy with the same --people, --weeks and --seed")


def comparisons(runs: Sequence[PolicyRun]) -> list[dict]:
    """Each engine policy against each comparator present, for everyone and per subgroup."""
    by_name = {r.name: r for r in runs}
    found = []
    for engine in (r for r in runs if r.name.startswith("engine") or r.name not in COMPARATORS):
        against = [c for c in COMPARATORS if c in by_name]
        if engine.name == EXPOSURE and AS_CONFIGURED in by_name:
            against.insert(0, AS_CONFIGURED)
        for other in (by_name[c] for c in against):
            groups = sorted({p["subgroup"] for p in engine.people})
            for group in (figures.ALL, *groups):
                left = [p for p in other.people if group == figures.ALL or p["subgroup"] == group]
                right = [p for p in engine.people if group == figures.ALL or p["subgroup"] == group]
                found.append({"engine": engine.name, "against": other.name, "subgroup": group,
                              "figures": figures.compare(left, right)})
    return found


def verdicts(found: Sequence[dict]) -> list[dict]:
    """Per comparison and figure: "wins", "loses" or "no clear difference", with the numbers."""
    said = []
    for c in found:
        for key, words, higher_better in JUDGED:
            f = c["figures"].get(key)
            if not isinstance(f, dict):
                continue
            low, high = f["ci95"]
            if low > 0 or high < 0:
                better = (low > 0) == higher_better
                verdict = "wins" if better else "loses"
            else:
                verdict = "no clear difference"
            said.append({"engine": c["engine"], "against": c["against"], "subgroup": c["subgroup"], "figure": key,
                         "words": words, "verdict": verdict, "engine_value": f["b"], "other_value": f["a"],
                         "difference": f["difference"], "ci95": f["ci95"]})
    return said


def _plots(runs: Sequence[PolicyRun], out: Path) -> list[tuple[str, str]]:
    """Four PNGs: the two safety figures and the goal share per subgroup, and the time spent under
    each decision for everyone. Returns (file name, caption) pairs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = [figures.ALL, *sorted({g for r in runs for g in r.meta["figures"] if g != figures.ALL})]
    made = []

    def grouped(name: str, caption: str, value) -> None:
        fig, ax = plt.subplots(figsize=(10, 4.2), dpi=100)
        width = 0.8 / max(1, len(runs))
        for i, run in enumerate(runs):
            xs = [g + i * width for g in range(len(groups))]
            ys = [value(run.meta["figures"].get(group)) for group in groups]
            ax.bar(xs, ys, width=width, label=run.name)
        ax.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))], groups, rotation=20, ha="right")
        ax.set_title(caption)
        ax.legend(fontsize="small", ncols=min(5, len(runs)))
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        fig.savefig(out / name, metadata={"Software": None})
        plt.close(fig)
        made.append((name, caption))

    def safety(key):
        return lambda f: f["safety"][key] if f else 0.0

    grouped("advances_over_tolerance.png", "Advances made while over tolerance, per person-year",
            safety("advances_over_tolerance_per_person_year"))
    grouped("flares.png", "Flares per person-year", safety("flares_per_person_year"))
    grouped("reached_goal.png", "Share reaching their goal task", lambda f: f["efficacy"]["reached_goal"] if f else 0.0)

    kinds = sorted({k for r in runs for k in r.meta["figures"][figures.ALL]["time_in_decision"]})
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(runs) + 1.6), dpi=100)
    for run in runs:
        share = run.meta["figures"][figures.ALL]["time_in_decision"]
        left = 0.0
        for n, kind in enumerate(kinds):
            width = share.get(kind, 0.0)
            ax.barh(run.name, width, left=left, color=f"C{n}", label=kind if run is runs[0] else None)
            left += width
    ax.set_xlim(0, 1)
    ax.set_title("Share of followed days under each decision (everyone)")
    ax.legend(fontsize="small", ncols=min(6, len(kinds)), loc="upper center", bbox_to_anchor=(0.5, -0.12))
    fig.tight_layout()
    fig.savefig(out / "time_in_decision.png", metadata={"Software": None})
    plt.close(fig)
    made.append(("time_in_decision.png", "Share of followed days under each decision (everyone)"))
    return made


def _percent(value: float) -> str:
    return f"{value:.1%}"


def _sentences(said: Sequence[dict]) -> list[str]:
    """The verdicts for everyone in words, then the subgroups where a verdict differs from it."""
    lines = []
    overall = {(s["engine"], s["against"], s["figure"]): s["verdict"] for s in said if s["subgroup"] == figures.ALL}
    for s in said:
        key = (s["engine"], s["against"], s["figure"])
        always = s["engine"] == EXPOSURE and s["subgroup"] == EXPOSURE_GROUP
        if s["subgroup"] != figures.ALL and s["verdict"] == overall.get(key) and not always:
            continue
        who = "everyone" if s["subgroup"] == figures.ALL else f"the {s['subgroup']} subgroup"
        if s["engine_value"] == s["other_value"] == 0 and s["ci95"] == [0, 0]:
            lines.append(f"For {who}, neither {s['engine']} nor {s['against']} had any {_none_of(s['words'])}.")
            continue
        say = _percent if s["words"].startswith("share") else "{:.3g}".format
        numbers = (f"{say(s['engine_value'])} against {say(s['other_value'])}; difference "
                   f"{'+' if s['difference'] >= 0 else '-'}{say(abs(s['difference']))}, "
                   f"95% CI {say(s['ci95'][0])} to {say(s['ci95'][1])}")
        if s["verdict"] == "no clear difference":
            lines.append(f"For {who}, {s['engine']} and {s['against']} cannot be told apart on {s['words']} ({numbers}).")
        else:
            lines.append(f"For {who}, {s['engine']} {s['verdict']} against {s['against']} on {s['words']} ({numbers}).")
    return lines


def _none_of(words: str) -> str:
    """'share of people with a missed red flag' -> 'missed red flag' (the thing counted)."""
    for lead in ("share of people with a ", "share of people ", "share ", ""):
        if words.startswith(lead):
            return words[len(lead):].split(" per ")[0]
    return words


def _table(runs: Sequence[PolicyRun], group: str) -> str:
    head = ("policy", "people", "reached goal", "median weeks to goal", "advances over tolerance /py",
            "share of advances over tolerance", "flares /py", "missed red flags", "referred", "dropped out",
            "time in each decision")
    rows = []
    for run in runs:
        f = run.meta["figures"].get(group)
        if not f or not f.get("people"):
            continue
        s, e = f["safety"], f["efficacy"]
        cells = (run.name, f["people"], _percent(e["reached_goal"]), e["median_weeks_to_goal"] or "-",
                 f"{s['advances_over_tolerance_per_person_year']:.2f}", _percent(s["share_of_advances_over_tolerance"]),
                 f"{s['flares_per_person_year']:.2f}", s["missed_red_flags"], _percent(e["referred"]),
                 _percent(e["dropped_out"]),
                 ", ".join(f"{kind} {share:.0%}" if share >= 0.005 else f"{kind} <1%"
                           for kind, share in f.get("time_in_decision", {}).items() if share))
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    header = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in head)
    return f"<table><caption>{html.escape(group)}</caption><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def write_report(out: Path) -> Path:
    """``out/report.html``, its PNGs and ``out/report.json``, from the policy runs under ``out``."""
    runs = load(out)
    if not runs:
        raise ValueError(f"report: no policy runs under {out} (run `rehab cohort run --policy NAME --out {out}` first)")
    _same_people(runs)
    found = comparisons(runs)
    said = verdicts(found)
    plots = _plots(runs, out)
    meta = {k: runs[0].meta.get(k) for k in ("people", "weeks", "seed")}
    (out / "report.json").write_text(json.dumps({
        **meta,
        "policies": {r.name: {k: v for k, v in r.meta.items() if k != "policy"} for r in runs},
        "comparisons": found, "verdicts": said, "plots": [name for name, _ in plots],
    }, indent=2) + "\n")
    groups = [figures.ALL, *sorted({g for r in runs for g in r.meta["figures"] if g != figures.ALL})]
    speed = "".join(f"<li>{html.escape(r.name)}: {r.meta.get('seconds')} s on {r.meta.get('workers')} processes "
                    f"({r.meta.get('person_weeks_per_second'):,} person-weeks/s)</li>" for r in runs)
    words = "".join(f"<li>{html.escape(line)}</li>" for line in _sentences(said)) or "<li>No engine policy and comparator to compare.</li>"
    pictures = "".join(f'<figure><img src="{name}" alt="{html.escape(caption)}"><figcaption>{html.escape(caption)}'
                       "</figcaption></figure>" for name, caption in plots)
    tables = "".join(_table(runs, g) for g in groups)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Virtual cohort: {meta['people']} people x {meta['weeks']} weeks</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;line-height:1.45}}
table{{border-collapse:collapse;margin:1rem 0;font-size:.9rem}}td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}}
td:first-child{{text-align:left}}caption{{text-align:left;font-weight:bold}}img{{max-width:100%}}</style></head>
<body><h1>Virtual cohort: {meta['people']:,} simulated people x {meta['weeks']} weeks (seed {meta['seed']})</h1>
<p>Every policy ran on the same simulated people (docs/cohort.md gives the model and each assumption). The engine
policies ran the real check-in engine ("engine-exposure" under graded exposure: each person's walking as a fear
hierarchy worked up by behavioural experiments); "linear" adds 10% a week whatever happens; "pain-avoidant" advances only when
pain is at most 2/10. Safety figures first: advances made while the dose was above what the person tolerates, flares,
and red flags not referred (which must be 0).</p>
<h2>Where the personalised engine wins and where it loses</h2>
<p>Paired on the same people; a verdict is given only when the 95% confidence interval of the difference excludes zero.
Subgroups are listed only where their verdict differs from everyone's, except that graded exposure's verdicts
for the high fear-avoidance subgroup, the people it is meant for, are always listed.</p>
<ul>{words}</ul>
<h2>Plots</h2>{pictures}
<h2>Every figure, for everyone and per subgroup</h2>{tables}
<h2>Run time</h2><ul>{speed}</ul>
</body></html>
"""
    path = out / "report.html"
    path.write_text(page)
    return path
