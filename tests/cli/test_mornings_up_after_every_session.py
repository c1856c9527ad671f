"""Mornings one point up after every session (hazard H12), found by a reviewing physiotherapist.

Pain 4/10 every day of the intake fortnight; then the morning after each of six sessions is 5/10 and
the other mornings 4/10. Each rise alone is inside the noise band's 1-point floor, but six of six
raised mornings against a baseline that never varied is the session not settling by the next
morning (clinical reference §3.1: back to the pre-session level; §7.2 step 2). Before this rule the
engine advanced her and told her that her pain had settled by the next morning.
"""

import json
from pathlib import Path

from typer.testing import CliRunner

from rehab.cli import app
from rehab.content.readability import grade

CASES = Path(__file__).parent / "cases"


def check_in(case: dict | str) -> dict:
    if isinstance(case, dict):
        result = CliRunner().invoke(app, ["check-in", "-"], input=json.dumps(case))
    else:
        result = CliRunner().invoke(app, ["check-in", str(CASES / f"{case}.json")])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_mornings_one_point_up_after_every_session_in_a_person_whose_pain_never_varies_do_not_advance():
    decision = check_in("steady_mornings_one_point_up")
    assert decision["decision"] == "hold"
    failed = [c for c in decision["criteria"] if not c["passed"]]
    assert [c["name"] for c in failed] == ["next_mornings_not_all_raised"]
    assert failed[0]["value"] == [5, 5, 5, 5, 5, 5] and "§3.1" in failed[0]["source"]
    said = decision["message_patient"]
    assert "higher after each of your last sessions" in said and "settled" not in said
    assert grade(said) <= 8


def test_when_only_some_mornings_after_sessions_are_up_she_still_advances():
    """The same woman with one of the six mornings back at 4: not every session left her worse the
    next day, so the day-to-day noise rule decides as before (here: she steps up)."""
    case = json.loads((CASES / "steady_mornings_one_point_up.json").read_text())
    first_raised = next(e for e in case["diary"] if e.get("pain_next_morning") == 5 and e["date"] >= "2026-11-16")
    first_raised["pain_next_morning"] = 4
    assert check_in(case)["decision"] == "advance"
