"""The cases reviewing physiotherapists wrote (tests/cli/cases/), run through `rehab check-in` as a
clinic would feed them: one way to run them and read the answer, shared by the tests built on them."""

import json
from pathlib import Path

from typer.testing import CliRunner

from rehab.cli import app

CASES = Path(__file__).parent / "cli" / "cases"


def check_in(case: dict | str) -> dict:
    """The decision for a case: a file of tests/cli/cases/ by name, or a check-in given as a dict."""
    if isinstance(case, dict):
        result = CliRunner().invoke(app, ["check-in", "-"], input=json.dumps(case))
    else:
        result = CliRunner().invoke(app, ["check-in", str(CASES / f"{case}.json")])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def failed(decision: dict) -> dict:
    """The criteria a decision failed, by name."""
    return {c["name"]: c for c in decision["criteria"] if not c["passed"]}


def plan(intake: dict, *options: str) -> str:
    """The plan for an intake given as a dict, as `rehab plan -` prints it (JSON, or text with --text)."""
    result = CliRunner().invoke(app, ["plan", *options, "-"], input=json.dumps(intake))
    assert result.exit_code == 0, result.output
    return result.stdout
