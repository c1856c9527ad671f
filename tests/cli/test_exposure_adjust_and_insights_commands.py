"""Graded exposure, `rehab adjust` and `rehab insights` on the command line: JSON in, JSON out; bad
input exits 2 with one line naming the field; a check-in without the new fields writes exactly what
it wrote before they existed."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example(path):
    return json.loads((EXAMPLES / path).read_text(encoding="utf-8"))


def run(command, document):
    return runner.invoke(app, [command, "-"], input=json.dumps(document))


def changed(document, path, value):
    document = json.loads(json.dumps(document))
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


def one_line_error(result, expected):
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {expected}"), lines[0]


def test_a_check_in_without_exposure_has_no_exposure_key():
    decision = json.loads(run("check-in", example("check-in/advance.json")).stdout)
    assert "exposure" not in decision


def test_an_exposure_check_in_returns_the_item_to_pass_back():
    decision = json.loads(run("check-in", example("check-in/exposure.json")).stdout)
    assert decision["exposure"]["item"] == "shopping"
    follow_up = changed(example("check-in/exposure.json"), ["hierarchy", "current"], decision["exposure"]["item"])
    follow_up["history"] = [{"date": "2026-11-27", "decision": "advance"}]
    follow_up["today"] = "2026-11-28"
    again = json.loads(run("check-in", follow_up).stdout)
    assert again["decision"] == "hold" and again["exposure"]["item"] == "shopping"
    assert again["message_patient"].startswith("Next, try carrying a full shopping bag home as an experiment.")


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["hierarchy"], KeyError, "hierarchy: is required when the strategy is graded_exposure"),
        (["hierarchy", "current"], "piano", "hierarchy.current: 'piano' is not an item of the hierarchy"),
        (["hierarchy", "items", 1, "id"], "dishwasher", "hierarchy.items[1].id: 'dishwasher' is listed twice"),
        (["hierarchy", "items", 0, "harm"], 120, "hierarchy.items[0].harm: Input should be less than or equal to 100"),
        (["hierarchy", "items", 0, "goal"], KeyError, "hierarchy.items[0].goal: is required"),
        (["experiments", 0, "item"], "piano", "experiments[0].item: 'piano' is not an item of the hierarchy"),
        (["experiments", 0, "belief_before"], "80", "experiments[0].belief_before: Input should be a valid number"),
        (["experiments", 0, "date"], "2026-12-01", "experiments[0].date: 2026-12-01 is after today (2026-11-27)"),
        (["sessions"], [{"date": "2026-11-20", "completed": {"reps": 5}}],
         "sessions: under graded_exposure each exposure is logged in experiments, not sessions"),
    ],
)
def test_bad_exposure_input_exits_2_with_one_line_naming_the_field(path, value, expected):
    one_line_error(run("check-in", changed(example("check-in/exposure.json"), path, value)), expected)


def test_a_hierarchy_under_another_strategy_is_refused_rather_than_ignored():
    document = dict(example("check-in/advance.json"), hierarchy=example("check-in/exposure.json")["hierarchy"])
    one_line_error(run("check-in", document), "hierarchy: is read only when the strategy is graded_exposure")


def test_adjust_prints_whether_the_change_is_allowed_and_the_entry_to_log():
    answer = json.loads(run("adjust", example("adjust/easier.json")).stdout)
    assert answer["allowed"] is True
    document = example("check-in/self-adjusted.json")
    document["adjustments"].append(answer["log"])
    assert run("check-in", document).exit_code == 0


def test_a_refused_change_is_a_normal_answer():
    result = run("adjust", example("adjust/harder.json"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["log"] is None


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["proposal"], KeyError, "proposal: is required"),
        (["proposal", "kind"], "faster", "proposal.kind: Input should be"),
        (["proposal", "dose"], KeyError, "proposal.dose: is required when kind is easier"),
        (["bounds", "move_within_days"], 9, "bounds.move_within_days: Input should be less than or equal to 6"),
        (["bounds", "easier_steps"], 1.5, "bounds.easier_steps: Input should be a valid integer"),
    ],
)
def test_bad_adjust_input_exits_2_with_one_line_naming_the_field(path, value, expected):
    one_line_error(run("adjust", changed(example("adjust/easier.json"), path, value)), expected)


def test_a_move_needs_the_new_day():
    one_line_error(run("adjust", changed(example("adjust/move.json"), ["proposal", "moved_to"], KeyError)),
                   "proposal.moved_to: is required when kind is move")


def test_insights_read_the_check_in_document_and_print_every_pattern():
    report = json.loads(run("insights", example("insights/sleep.json")).stdout)
    assert [i["id"] for i in report["insights"]] == ["short_sleep", "high_stress", "heavy_day", "long_sitting",
                                                    "exercise_days", "day_of_week", "boom_bust"]
    assert "Associations to explore, not causes." in report["method"]


def test_insights_under_graded_exposure_read_experiments_as_sessions():
    report = json.loads(run("insights", example("check-in/exposure.json")).stdout)
    exercise = next(i for i in report["insights"] if i["id"] == "exercise_days")
    assert "no sessions logged" not in exercise["summary_clinician"]


def test_bad_insights_input_exits_2_with_one_line_naming_the_field():
    one_line_error(run("insights", changed(example("insights/sleep.json"), ["diary", 3, "sleep_hours"], 25)),
                   "diary[3].sleep_hours: Input should be less than or equal to 24")


@pytest.mark.parametrize("name", ["adjust", "adjust-result", "insights"])
def test_the_new_schemas_are_printed(name):
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0 and json.loads(result.stdout)["type"] == "object"
