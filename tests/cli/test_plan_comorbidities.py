"""``rehab plan`` with comorbidities: weeks of pregnancy and since birth are part of the intake and
checked, clearances are dated, and a hold is said to the person first."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app
from rehab.contracts.program import ProgramOut

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
runner = CliRunner()


def margaret(**constraints) -> dict:
    intake = json.loads((EXAMPLES / "margaret.json").read_text(encoding="utf-8"))
    intake.setdefault("constraints", {}).update(constraints)
    return intake


def plan(intake: dict, *options: str):
    return runner.invoke(app, ["plan", "-", *options], input=json.dumps(intake))


@pytest.mark.parametrize("constraints, line", [
    ({"comorbidities": ["pregnancy"], "gestation_weeks": 43},
     "error: constraints.gestation_weeks: Input should be less than or equal to 42 (got 43)"),
    ({"comorbidities": ["pregnancy"], "gestation_weeks": -1},
     "error: constraints.gestation_weeks: Input should be greater than or equal to 0 (got -1)"),
    ({"comorbidities": ["pregnancy"]},
     "error: constraints.gestation_weeks: needed when pregnancy is among the comorbidities"),
    ({"gestation_weeks": 20},
     "error: constraints.gestation_weeks: given, but pregnancy is not among the comorbidities"),
    ({"comorbidities": ["postpartum"]},
     "error: constraints.postpartum_weeks: needed when postpartum is among the comorbidities"),
    ({"clearances": {"blood_pressure": "2026-12-02"}},
     "error: constraints.clearances.blood_pressure: 2026-12-02 is after today (2026-12-01)"),
    ({"clearances": {"blood_pressur": "2026-11-20"}}, "error: constraints.clearances.blood_pressur"),
])
def test_an_intake_with_wrong_weeks_or_clearances_exits_2_naming_the_field(constraints, line):
    result = plan(margaret(**constraints))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(line), result.stderr


def test_a_blood_pressure_with_the_diastolic_above_the_systolic_is_refused():
    intake = margaret()
    intake["baseline"]["resting_blood_pressure"] = {"systolic": 90, "diastolic": 120}
    result = plan(intake)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: baseline.resting_blood_pressure.diastolic: 120 is not below the systolic 90")


def test_a_held_program_lists_its_holds_and_tells_the_person_first():
    intake = margaret()
    intake["baseline"]["resting_blood_pressure"] = {"systolic": 172, "diastolic": 104}
    program = ProgramOut.model_validate_json(plan(intake).stdout)
    assert [h.clearance for h in program.holds] == ["blood_pressure"]
    text = plan(intake, "--text").stdout
    assert text.index("BEFORE YOU START") < text.index("YOUR GOALS")
    assert "see your doctor" in text


def test_with_the_clearance_recorded_nothing_is_held():
    intake = margaret(clearances={"blood_pressure": "2026-11-20"})
    intake["baseline"]["resting_blood_pressure"] = {"systolic": 172, "diastolic": 104}
    result = plan(intake)
    assert result.exit_code == 0, result.output
    assert ProgramOut.model_validate_json(result.stdout).holds == []


def test_a_pregnancy_with_its_weeks_plans():
    result = plan(margaret(comorbidities=["pregnancy"], gestation_weeks=24))
    assert result.exit_code == 0, result.output
    assert any("24 weeks pregnant" in d for d in ProgramOut.model_validate_json(result.stdout).rationale)
