"""People a reviewing physiotherapist wrote on 3 December 2026 (docs/safety/review-2026-12-03b-
exposure-flares-quota-plan.md), run through `rehab check-in` as a clinic would feed them, and
checked against what she expected from the clinical reference before reading the engine's answer.

- Lena: a walking quota of 20 minutes, usual pain 3.4; a flare on 19 November, and since then 5.4
  every day, above the line her flare started at (§5.3, §5.6).

The check-ins are the files in tests/cli/cases/ named after each person.
"""

import json
from pathlib import Path

from typer.testing import CliRunner

from rehab.cli import app

CASES = Path(__file__).parent / "cases"
runner = CliRunner()


def check_in(case: str) -> dict:
    result = runner.invoke(app, ["check-in", str(CASES / f"{case}.json")])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def criteria(decision: dict) -> dict:
    return {c["name"]: c for c in decision["criteria"]}


def test_lena_s_flare_is_not_called_settled_while_her_pain_stays_on_the_line_it_started_at():
    """Five days at 5.4 after a flare that started at 5.3: not settled (§5.6: back within about one
    MCID of the pre-flare level, 3.4), so no step back up and no "your flare has settled"."""
    decision = check_in("lena_flare_pain_stuck_at_5_4")
    assert decision["decision"] == "flare"
    assert decision["next_dose"] == {"duration_s": 600}  # the cut dose, half of 20 minutes
    settled = criteria(decision)["flare_settled"]
    assert not settled["passed"] and settled["value"] == 0
    assert "settled" not in decision["message_patient"]
