"""Two rules for the way back from a flare (a physiotherapist's review, 2026-12-03j; hazards H07, H21,
H23, H54).

Usual pain 3, a walking quota of 20 minutes five days a week; a flare from 21 November (pain 6 for ten
days) cut the walk to 10 minutes; back near her usual since 1 December.

Finding 1 (SAFETY): a step back up is a rise like any other, so the effort limit holds it. Her heart
disease caps every walk at 4 out of 10 ("Only a flare, a safety warning or effort above 4 out of 10
pauses a rise", her plan says). Walks logged at 8 out of 10 stepped her up ("All criteria met"): the
return step never asked the effort, though the same walks outside a flare are held. Now the cap holds
the step, with the capped words, and walks within it still step up. Under the symptom-contingent
strategy the usual limit (8/10) holds a step too, as it holds every raise there (clinical reference
§3.1, effort autoregulation). Checked on her first step back, 6 December (10 -> 15 minutes).

Finding 9: a flare that had not settled within a week (the review alert went out on day 8, §5.7) stepped
back up to the dose that flared with no review recorded. Now its last step is the clinician's, as after
a recurrence: held at 15 minutes on 10 December, the clinician told, and she reads why."""

import copy
import json
from pathlib import Path

from cli_cases import check_in

CASES = Path(__file__).parent / "cases"
FIRST_STEP = CASES / "walk_back_from_a_ten_day_flare_first_step.json"  # 6 December, walks since 2 December
LAST_STEP = CASES / "walk_back_from_a_ten_day_flare_last_step.json"  # 10 December, at 15 minutes since 6 December


def walks_at(rpe: float, cap: float | None = 4, strategy: str = "time_contingent", case_file: Path = FIRST_STEP) -> dict:
    case = copy.deepcopy(json.loads(case_file.read_text()))
    for session in case["sessions"]:
        if session["date"] >= "2026-12-02":
            session["rpe"] = rpe
    case["limits"] = {} if cap is None else {"rpe_max_to_advance": cap}
    case["strategy"] = strategy
    return case


def effort(decision: dict) -> dict:
    return next(c for c in decision["criteria"] if c["name"].startswith("effort"))


def test_walks_at_8_out_of_10_under_her_heart_cap_of_4_hold_the_step_back_up():
    decision = check_in(walks_at(8))
    assert decision["decision"] == "hold"
    assert decision["next_dose"]["duration_s"] == 600  # stays at 10 minutes
    assert effort(decision) == {**effort(decision), "name": "effort_within_cap", "value": 8.0, "passed": False}
    assert decision["message_patient"].startswith("A recent session was harder than your plan allows for now: up to 4 out of 10.")
    assert "Stay at 10 minutes" in decision["message_patient"]


def test_one_walk_at_6_under_a_pregnancy_cap_of_5_holds_it_too():
    case = walks_at(5, cap=5)
    case["sessions"][-2]["rpe"] = 6
    decision = check_in(case)
    assert decision["decision"] == "hold" and effort(decision)["value"] == 6.0


def test_walks_within_her_cap_still_step_back_up():
    decision = check_in(walks_at(4))
    assert decision["decision"] == "advance" and decision["next_dose"]["duration_s"] == 900
    assert effort(decision)["passed"]


def test_without_a_cap_a_quota_steps_back_up_whatever_the_effort_as_graded_activity_does():
    decision = check_in(walks_at(8, cap=None))
    assert decision["decision"] == "advance"
    assert not any(c["name"].startswith("effort") for c in decision["criteria"])


def test_symptom_contingent_a_near_maximal_walk_holds_the_step_as_it_holds_any_raise():
    decision = check_in(walks_at(9, cap=None, strategy="symptom_contingent"))
    assert decision["decision"] != "advance"
    assert effort(decision)["name"] == "effort_not_maximal" and not effort(decision)["passed"]


def test_after_a_flare_that_took_ten_days_to_settle_the_last_step_back_is_her_clinicians():
    decision = check_in(walks_at(3, case_file=LAST_STEP))
    assert decision["decision"] == "hold" and decision["next_dose"]["duration_s"] == 900  # not back to 20 minutes
    held = next(c for c in decision["criteria"] if c["name"] == "last_return_step_by_clinician")
    assert held["value"] == {"flare_started": "2026-11-21", "recurred": False, "slow_to_settle": True}
    [alert] = [a for a in decision["alerts"] if a["code"] == "flare_return_held"]
    assert "took 10 days to settle" in alert["message"] and "is yours" in alert["message"]
    assert "Your flare took a week or more to settle." in decision["message_patient"]
    assert decision["flare_plan"]["step_rule"].endswith("Your clinician will set the last step with you.")


def test_her_first_step_back_is_not_held_for_the_clinician():
    decision = check_in(walks_at(3))
    assert decision["decision"] == "advance" and decision["next_dose"]["duration_s"] == 900


def test_the_not_settling_alert_counts_the_days_as_she_is_told_them():
    case = copy.deepcopy(json.loads(FIRST_STEP.read_text()))
    case["today"] = "2026-11-30"
    case["diary"] = [d for d in case["diary"] if d["date"] <= "2026-11-30"]
    case["sessions"] = [s for s in case["sessions"] if s["date"] <= "2026-11-30"]
    case["history"] = [h for h in case["history"] if h["date"] < "2026-11-30"]
    decision = check_in(case)
    assert "for the last 10 days" in decision["message_patient"]
    [alert] = [a for a in decision["alerts"] if a["code"] == "flare_not_settling"]
    assert "is not settling on day 10" in alert["message"]


def test_walks_above_her_cap_are_said_even_when_the_clinician_holds_her_last_step():
    """A physiotherapist's review, 2026-12-03k, finding 1: with the last step held for her clinician, walks at
    8/10 under her heart cap of 4 read only "your clinician will go over it"; the talk test was hidden."""
    decision = check_in(walks_at(8, case_file=LAST_STEP))
    assert decision["decision"] == "hold"
    text = decision["message_patient"]
    assert "Your flare took a week or more to settle." in text
    assert "A recent session was also harder than your plan allows: up to 4 out of 10." in text
    assert "Keep your effort at a level where you can still talk." in text


def test_from_day_8_of_the_flare_she_is_not_promised_a_last_step_she_will_not_be_given():
    """A physiotherapist's review, 2026-12-03k, finding 3: from the day the review date came, the flare
    message still said "step back up one step every 4 days: 15 minutes then 20 minutes", though a flare
    of a week or more has its last step set by the clinician."""
    case = copy.deepcopy(json.loads(FIRST_STEP.read_text()))
    case["today"] = "2026-11-30"
    case["diary"] = [d for d in case["diary"] if d["date"] <= "2026-11-30"]
    case["sessions"] = [s for s in case["sessions"] if s["date"] <= "2026-11-30"]
    case["history"] = [h for h in case["history"] if h["date"] < "2026-11-30"]
    text = check_in(case)["message_patient"]
    assert "15 minutes then 20 minutes. Your clinician will set the last step with you." in text
