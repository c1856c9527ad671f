"""Flare returns and a late flare, from two physiotherapists' reviews on 3 December 2026
(docs/safety/review-2026-12-03c-three-people-after-the-changes.md, cases a, a2 and a3;
docs/safety/review-2026-12-03b-exposure-flares-quota-plan.md, finding 6, case c3a), run through
`rehab check-in` as a clinic would feed them.

- A walker (pain-guided, usual pain about 3): a first flare on 17-20 November, 20 minutes cut to 10;
  pain back near usual from 21 November; step 1 (15 minutes) on 24 November.
- The same walker when the flare came back after step 1 (a recurrence).
- A walking quota: usual pain 6 at intake, about 3 for four weeks, then a bad week at 5.

The check-ins are the files in tests/cli/cases/ named walk_* and quota_improved_*.
"""

import json
import re

from cli_cases import CASES, check_in, failed

from rehab.content.readability import grade


def test_three_days_after_step_1_of_a_first_flare_she_is_not_yet_back_at_full_dose():
    """§5.6: return to the pre-flare quota over 1-2 weeks. Pain came back near usual on 21
    November; 50% -> 75% -> 100% by 27 November was the whole return in 6 days. Each step now
    waits 4 days (flare_step_days), so she stays at 15 minutes today and is told how long."""
    decision = check_in("walk_first_flare_3_days_after_step_1")
    assert decision["decision"] == "hold"
    assert decision["next_dose"] == {"duration_s": 900}
    wait = failed(decision)["return_step_days"]
    assert wait["value"] == 3 and wait["threshold"].startswith(">= 4 days")
    assert "flare_return_held" not in [a["code"] for a in decision["alerts"]]  # a first flare: the step is the engine's
    said = decision["message_patient"]
    assert "after 4 days at this step" in said and "a few days" not in said
    assert grade(said) <= 8


def test_seven_days_after_step_1_of_a_first_flare_she_steps_back_to_full_dose_and_is_reminded_of_her_mornings():
    """The control: a week at 15 minutes, sessions calm. The engine takes the last step of a first
    flare itself (no clinician hold), and the step up reminds her to keep noting her mornings."""
    decision = check_in("walk_first_flare_7_days_after_step_1")
    assert decision["decision"] == "advance" and decision["next_dose"] == {"duration_s": 1200}
    assert "Keep noting your pain when you wake each morning." in decision["message_patient"]
    assert grade(decision["message_patient"]) <= 8


def test_a_flare_that_came_back_and_settled_again_is_not_called_not_settling_on_the_dashboard():
    """9 December: the flare of 17 November came back after step 1 and has settled again; the
    return is held for the clinician. The alert says it recurred, not that it is not settling."""
    decision = check_in("walk_flare_recurred_settled_again")
    codes = [a["code"] for a in decision["alerts"]]
    assert "flare_recurred" in codes and "flare_not_settling" not in codes
    assert "flare_return_held" in codes
    assert next(c for c in decision["criteria"] if c["name"] == "flare_settled")["passed"]


def test_waiting_after_a_recurrence_says_about_a_week_as_the_rule_is_seven_days():
    """1 December, back at 10 minutes after the flare came back: the step waits 7 days
    (flare_step_days_after_recurrence), so she reads "about a week", never "a few days"."""
    decision = check_in("walk_flare_recurred_waiting_at_10_minutes")
    assert decision["decision"] == "hold"
    assert failed(decision)["return_step_days"]["threshold"].startswith(">= 7 days")
    said = decision["message_patient"]
    assert "about a week" in said and "few days" not in said
    assert grade(said) <= 8


def test_a_bad_week_after_an_improvement_is_a_flare_by_its_third_day():
    """Review b, finding 6: usual pain 6 at intake, about 3 for four weeks, then 5, 5, 5.5. Her level
    just before the bad days is 3.0, so the line is 5.0 (§5.3; H08). The noise window ended a week
    before today and still held her improvement's tail (line 5.03), so the flare came only on day 7.
    The case's history is the engine's own, driven day by day (a physiotherapist's check, 2026-12-03g,
    finding 8: it raised her walk on 26 November, her first day at her line, which the engine holds):
    the flare was called on day 2 (27 November), dated from 26 November, and on day 3 it stands, from
    the 24 minutes 10 seconds she really reached."""
    decision = check_in("quota_improved_6_to_3_bad_week_day_3")
    assert decision["decision"] == "flare"
    assert decision["flare_episode"] == {"started": "2026-11-26", "pre_flare_dose": {"duration_s": 1450}}
    settled = failed(decision)["flare_settled"]
    assert settled["value"] == 0
    assert float(re.search(r"pain below ([0-9.]+)", settled["threshold"])[1]) == 5
    assert "for the last 3 days" in decision["message_patient"]
    assert "24 minutes 10 seconds" in decision["message_patient"]


def test_the_bad_week_case_holds_the_history_the_engine_gives_day_by_day():
    """Each day of the case from 15 October, checked in with the dose and history the days before
    gave, decides what the case's history says (finding 8 of the 03g check: the history is test data
    no engine of today would have written)."""
    case = json.loads((CASES / "quota_improved_6_to_3_bad_week_day_3.json").read_text(encoding="utf-8"))
    dose, episode, history = {"duration_s": 900}, None, []
    for logged in case["history"]:
        day = logged["date"]
        assert [s["completed"] for s in case["sessions"] if s["date"] == day] == [dose], day
        out = check_in({**case, "today": day, "activity": {**case["activity"], "dose": dose},
                        "sessions": [s for s in case["sessions"] if s["date"] <= day],
                        "diary": [e for e in case["diary"] if e["date"] <= day],
                        "history": history, "flare_episode": episode})
        assert out["decision"] == logged["decision"], day
        history = [*history, {"date": day, "decision": out["decision"]}]
        dose, episode = out["next_dose"] or dose, out["flare_episode"]
    assert case["activity"]["dose"] == dose and case["flare_episode"] == episode
    assert {"date": "2026-11-26", "decision": "hold"} in case["history"]  # her first day at her own line
