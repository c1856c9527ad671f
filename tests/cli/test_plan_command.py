"""``rehab plan``: a program as JSON or for a person; an invalid intake is one line and exit 2."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app
from rehab.contracts.program import ProgramOut

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
runner = CliRunner()


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def plan(intake: dict, *options: str):
    return runner.invoke(app, ["plan", "-", *options], input=json.dumps(intake))


@pytest.mark.parametrize("name", ["margaret", "dev", "aisha"])
def test_each_example_intake_plans_to_a_valid_program(name):
    result = runner.invoke(app, ["plan", str(EXAMPLES / f"{name}.json")])
    assert result.exit_code == 0, result.output
    program = ProgramOut.model_validate_json(result.stdout)
    assert [p.name for p in program.phases] == ["foundation", "build", "function", "maintenance"]
    minutes = example(name)["preferences"]["minutes_per_day"]
    assert all(p.minutes_per_session <= minutes for p in program.phases)


def test_text_output_speaks_to_the_person():
    result = plan(example("margaret"), "--text")
    assert result.exit_code == 0
    assert "Get down on the floor and up again to play with my grandchildren" in result.stdout
    assert "FOUNDATION" in result.stdout and "Why:" in result.stdout and "How:" in result.stdout


def test_the_schema_option_prints_the_intake_schema():
    result = runner.invoke(app, ["plan", "--schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "IntakeIn"


def broken(path: str, value=None, remove: bool = False) -> dict:
    intake = example("margaret")
    *parents, last = path.split(".")
    node = intake
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if remove:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return intake


@pytest.mark.parametrize(
    "intake, line",
    [
        (broken("preferences.minutes_per_day", remove=True), "error: preferences.minutes_per_day: is required"),
        (broken("preferences.minutes_per_day", "15"), "error: preferences.minutes_per_day: Input should be a valid integer (got '15')"),
        (broken("preferences.colour", "blue"), "error: preferences.colour: is not a known field"),
        (broken("goals.0.target_date", "2026-11-01"), "error: goals[0].target_date: 2026-11-01 is not after today (2026-12-01)"),
        (broken("goals.0.task.activity", "flor_sit"), "error: goals[0].task.activity: 'flor_sit' is not in the library"),
        (broken("goals.0.task.target", {"load_kg": 5}), "error: goals[0].task.baseline.reps: the target does not measure reps"),
        (broken("baseline.tolerances.0.dimension", "reps"), "error: baseline.tolerances[0].dimension: walking is not measured in reps"),
        (broken("preferences.equipment", ["trampoline"]), "error: preferences.equipment[0]: Input should be"),
        (broken("goals.0.icf", "d999"), "error: goals[0].icf: Input should be"),
    ],
)
def test_an_invalid_intake_exits_2_with_one_line_naming_the_field(intake, line):
    result = plan(intake)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(line)


def test_text_that_is_not_json_is_one_line_too():
    result = runner.invoke(app, ["plan", "-"], input="{not json")
    assert result.exit_code == 2 and result.stderr.startswith("error: input: not valid JSON")


def test_a_missing_file_is_named():
    result = runner.invoke(app, ["plan", "no-such-intake.json"])
    assert result.exit_code == 2 and "no-such-intake.json: no such file" in result.stderr
