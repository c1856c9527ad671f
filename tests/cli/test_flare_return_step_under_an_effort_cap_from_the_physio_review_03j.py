"""A step back up after a flare is a rise like any other: the effort limit holds it (a physiotherapist's
review, 2026-12-03j, finding 1: SAFETY; hazards H07, H21, H23, H54).

Usual pain 3, a walking quota of 20 minutes five days a week, a flare from 21 November cut the walk to 10
minutes; back near her usual since 1 December, she is on the last step, 15 minutes, since 6 December.
Her heart disease caps every walk at 4 out of 10 ("Only a flare, a safety warning or effort above 4 out
of 10 pauses a rise", her plan says). Her walks on 8, 9 and 10 December were logged at 8 out of 10. The
step up to 20 minutes went ahead ("All criteria met"): the return step never asked the effort, though
the same walks outside a flare are held. Now the cap holds the step, with the capped words, and walks
within it still step up. Under the symptom-contingent strategy the usual limit (8/10) holds a step too,
as it holds every raise there (clinical reference §3.1, effort autoregulation)."""

import copy
import json
from pathlib import Path

from typer.testing import CliRunner

from rehab.cli import app

CASE = Path(__file__).parent / "cases" / "walk_back_from_a_flare_heart_cap_4_walks_at_8.json"
runner = CliRunner()


def walks_at(rpe: float, cap: float | None = 4, strategy: str = "time_contingent") -> dict:
    case = copy.deepcopy(json.loads(CASE.read_text()))
    for session in case["sessions"]:
        if session["date"] >= "2026-12-08":
            session["rpe"] = rpe
    case["limits"] = {} if cap is None else {"rpe_max_to_advance": cap}
    case["strategy"] = strategy
    return case


def check_in(case: dict) -> dict:
    result = runner.invoke(app, ["check-in", "-"], input=json.dumps(case))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def effort(decision: dict) -> dict:
    return next(c for c in decision["criteria"] if c["name"].startswith("effort"))


def test_walks_at_8_out_of_10_under_her_heart_cap_of_4_hold_the_step_back_up():
    decision = check_in(walks_at(8))
    assert decision["decision"] == "hold"
    assert decision["next_dose"]["duration_s"] == 900  # stays at 15 minutes
    assert effort(decision) == {**effort(decision), "name": "effort_within_cap", "value": 8.0, "passed": False}
    assert decision["message_patient"].startswith("A recent session was harder than your plan allows for now: up to 4 out of 10.")
    assert "Stay at 15 minutes" in decision["message_patient"]


def test_one_walk_at_6_under_a_pregnancy_cap_of_5_holds_it_too():
    case = walks_at(5, cap=5)
    case["sessions"][-2]["rpe"] = 6
    decision = check_in(case)
    assert decision["decision"] == "hold" and effort(decision)["value"] == 6.0


def test_walks_within_her_cap_still_step_back_up():
    decision = check_in(walks_at(4))
    assert decision["decision"] == "advance" and decision["next_dose"]["duration_s"] == 1200
    assert effort(decision)["passed"]


def test_without_a_cap_a_quota_steps_back_up_whatever_the_effort_as_graded_activity_does():
    decision = check_in(walks_at(8, cap=None))
    assert decision["decision"] == "advance"
    assert not any(c["name"].startswith("effort") for c in decision["criteria"])


def test_symptom_contingent_a_near_maximal_walk_holds_the_step_as_it_holds_any_raise():
    decision = check_in(walks_at(9, cap=None, strategy="symptom_contingent"))
    assert decision["decision"] != "advance"
    assert effort(decision)["name"] == "effort_not_maximal" and not effort(decision)["passed"]
