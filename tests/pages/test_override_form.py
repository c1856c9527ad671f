"""The override form asks each dose in the unit people use, and never lets a slip of units through.

Carol walks 20 minutes a day. Bob overrides the engine's decision for walking: the form asks the
time in minutes, as every chart and text says it. Typing 10 for a 20-minute walk halves it: a step
bigger than the flare cut, so the form warns and asks him to confirm with a reason first.
"""

import re

from test_clinician_pages import latest_decision, live, overrides
from test_planning_pages import planner_form

from rehab.services import programs


def walking_dose(cast) -> dict:
    program = programs.get_program(cast.uow(), cast.carol, cast.carol.patient_id)
    return next(p.current_dose for p in program.prescriptions if p.activity_id == "walking")


def override_walking(cast, bob, **fields):
    decision = latest_decision(cast, "walking")
    return bob.post(f"/clinic/patients/{cast.carol.patient_id}/decisions/{decision.id}/override",
                    data={"csrf": bob.csrf, "decision": "hold", **fields})


def test_the_override_form_asks_the_walk_in_minutes_and_stores_it_in_the_engines_seconds(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id, days=7)
    assert walking_dose(cast) == {"duration_s": 1200}
    bob = browse("bob")
    page = bob.get(f"/clinic/patients/{cast.carol.patient_id}").text
    assert "Duration (minutes)</label>" in page and "Duration (seconds)" not in page
    assert re.search(r'class="hint" id="override-\d-duration_s-hint">Now 20</p>', page)
    sent = override_walking(cast, bob, dose_duration_min="25", reason="Walks to work now")
    assert sent.status_code == 303, sent.text
    assert walking_dose(cast) == {"duration_s": 1500}


def test_an_override_that_halves_the_walk_is_refused_with_a_warning_until_confirmed_with_a_reason(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id, days=7)
    bob = browse("bob")
    before = overrides(cast)
    refused = override_walking(cast, bob, dose_duration_min="9", reason="Sore knee this week")
    assert refused.status_code == 422
    assert overrides(cast) == before and walking_dose(cast) == {"duration_s": 1200}
    assert re.search(r'class="field-problem" id="override-\d-confirm-problem">This changes the dose from 20 minutes '
                     r"to 9 minutes: less than half of it\. If you mean it, tick to confirm", refused.text)
    assert 'name="confirm_large_change" value="yes"' in refused.text and 'value="9"' in refused.text
    # ticking the box without a reason is still refused: the reason is what makes it safe to keep
    unexplained = override_walking(cast, bob, dose_duration_min="9", reason="", confirm_large_change="yes")
    assert unexplained.status_code == 422 and overrides(cast) == before
    confirmed = override_walking(cast, bob, dose_duration_min="9", reason="Sore knee this week",
                                 confirm_large_change="yes")
    assert confirmed.status_code == 303, confirmed.text
    assert walking_dose(cast) == {"duration_s": 540}


def test_more_than_one_and_a_half_times_the_dose_asks_too_and_a_small_change_does_not(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id, days=7)
    bob = browse("bob")
    assert override_walking(cast, bob, dose_duration_min="31", reason="Feels great").status_code == 422
    assert "more than 1.5 times it" in override_walking(cast, bob, dose_duration_min="31", reason="x").text
    assert override_walking(cast, bob, dose_duration_min="29", reason="Feels great").status_code == 303


def test_the_programs_settings_ask_time_in_minutes_too_and_keep_the_engines_seconds(browse, cast):
    bob = browse("bob")
    saved = bob.post(f"/clinic/patients/{cast.carol.patient_id}/program/settings", data={
        "csrf": bob.csrf, "rx-walking-strategy": "time_contingent", "rx-walking-duration_s-ceiling": "40",
        "rx-walking-duration_s-cap": "3", "rx-walking-duration_s-step": "10", "settings_reason": "longer walks"})
    assert saved.status_code == 303, saved.text[-1500:]
    walking = next(p for p in programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id).prescriptions
                   if p.activity_id == "walking")
    # the step stays a percentage (the default unit for time); the ceiling and the largest move are minutes
    assert walking.increments["duration_s"] == {"minimum": 60, "ceiling": 2400, "cap": 180, "step": 10}
    page = bob.get(f"/clinic/patients/{cast.carol.patient_id}/program").text
    assert "time (minutes): 10%, up to 40" in page
    assert 'id="f-rx-walking-duration_s-ceiling" name="rx-walking-duration_s-ceiling" type="number" step="any" min="0" inputmode="decimal" value="40"' in page
    assert "time (seconds)" not in page


def test_the_planner_takes_a_walking_goal_in_minutes(browse, cast):
    bob = browse("bob")
    built = bob.post(f"/clinic/patients/{cast.dave.patient_id}/program/plan", data=planner_form(
        bob, goal_dimension="duration_s", goal_baseline="10", goal_target="30", goal_task="walk to the shops",
        goal_words="Walk to the shops", goal_icf="d450"))
    assert built.status_code == 303, built.text[-2000:]
    planned = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).document["planned"]
    assert "30 min" in planned["goals"][0]["success"]
