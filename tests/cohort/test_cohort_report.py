"""The cohort report: every policy side by side, plots, one JSON of every figure, and words that
claim no more than the paired confidence intervals show.

A clinic lead reads "the engine wins against the linear protocol on flares" and acts on it; so the
report may say "wins" or "loses" only when the 95% interval of the paired difference lies wholly on
one side of zero, and must say it the right way round for figures where less is better.
"""

import json

import pytest
from typer.testing import CliRunner

from rehab.cli import app
from rehab.cohort import report, runner
from rehab.cohort.runner import policy_named


def person(n, flares=0, reached=None, subgroup="typical", days=84):
    return {"person": n, "subgroup": subgroup, "strategy": "time_contingent", "days_followed": days,
            "goal_week": reached, "flares": flares, "flare_decisions": flares, "advances": 4,
            "advances_over_tolerance": 0, "red_flag": False, "referred": False, "missed_red_flags": 0,
            "dropped_out": False, "checkins": 12, "days_in": {"hold": 40, "advance": 44}}


def test_fewer_flares_for_every_person_is_a_win_and_fewer_reaching_the_goal_is_a_loss():
    linear = [person(n, flares=2 + n % 2, reached=8) for n in range(60)]
    engine = [person(n, flares=n % 2, reached=8 if n % 3 == 0 else None) for n in range(60)]
    said = report.verdicts([{"engine": "engine", "against": "linear", "subgroup": "everyone",
                             "figures": report.figures.compare(linear, engine)}])
    by_figure = {s["figure"]: s for s in said}
    assert by_figure["flares_per_person_year"]["verdict"] == "wins"
    assert by_figure["reached_goal"]["verdict"] == "loses"
    assert by_figure["dropped_out"]["verdict"] == "no clear difference"  # nobody dropped out in either


def test_a_difference_whose_interval_crosses_zero_is_not_called_a_win():
    linear = [person(n, flares=n % 2) for n in range(40)]
    engine = [person(n, flares=(n + 1) % 2) for n in range(40)]  # as many flares, other people
    said = report.verdicts([{"engine": "engine", "against": "linear", "subgroup": "everyone",
                             "figures": report.figures.compare(linear, engine)}])
    assert {s["figure"]: s["verdict"] for s in said}["flares_per_person_year"] == "no clear difference"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A small real run of the engine and the two comparators on the same 40 people."""
    out = tmp_path_factory.mktemp("cohort")
    for name in ("engine", "linear", "pain-avoidant"):
        policy = policy_named(name)
        outcomes = [o for chunk in runner.run(40, 4, policy, seed=3, workers=1) for o in chunk]
        runner.write(out, policy, outcomes, {"people": 40, "weeks": 4, "seed": 3, "workers": 1, "seconds": 1.0,
                                             "person_weeks_per_second": 160.0})
    return out


def test_the_report_shows_every_policy_with_its_plots_and_a_json_of_every_figure(runs):
    result = CliRunner().invoke(app, ["cohort", "report", str(runs)])
    assert result.exit_code == 0, result.output
    page = (runs / "report.html").read_text()
    assert "Where the personalised engine wins and where it loses" in page
    for name in ("engine", "linear", "pain-avoidant"):
        assert f"<td>{name}</td>" in page
    data = json.loads((runs / "report.json").read_text())
    assert set(data["policies"]) == {"engine", "linear", "pain-avoidant"}
    assert len(data["plots"]) == 4
    for plot in data["plots"]:
        assert (runs / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f'src="{plot}"' in page
    against = {(c["engine"], c["against"]) for c in data["comparisons"]}
    assert against == {("engine", "linear"), ("engine", "pain-avoidant")}
    for verdict in data["verdicts"]:  # each verdict agrees with its own interval
        low, high = verdict["ci95"]
        assert (verdict["verdict"] == "no clear difference") == (low <= 0 <= high)


def test_runs_of_different_people_are_not_put_side_by_side(runs, tmp_path):
    for folder in ("engine", "linear"):
        (tmp_path / folder).mkdir()
        for file in ("figures.json", "people.jsonl"):
            (tmp_path / folder / file).write_bytes((runs / folder / file).read_bytes())
    figures_json = tmp_path / "linear" / "figures.json"
    figures_json.write_text(figures_json.read_text().replace('"seed": 3', '"seed": 4'))
    result = CliRunner().invoke(app, ["cohort", "report", str(tmp_path)])
    assert result.exit_code == 2
    assert "not of the same people" in result.output and "seed" in result.output
    assert not (tmp_path / "report.html").exists()


def test_a_folder_without_runs_is_refused_with_what_to_do(tmp_path):
    result = CliRunner().invoke(app, ["cohort", "report", str(tmp_path)])
    assert result.exit_code == 2 and "rehab cohort run --policy" in result.output
