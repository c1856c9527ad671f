"""The clinician's planning pages: goals with GAS levels, the program built by the planner with
every choice explained, swaps along a ladder, strategy, pain limits and increments, the flare plan
and discharge to maintenance. Every program change is a new version; the old one is kept."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from clinic_cast import TODAY

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import PlannedProgramIn
from rehab.services import assessments, exposure, patients, programs
from rehab.services.errors import NotFound

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
GAS = {"gas_-2": "cannot carry any bag", "gas_-1": "one 2 kg bag 50 m", "gas_0": "two 5 kg bags 200 m",
       "gas_1": "two 5 kg bags 400 m", "gas_2": "two 5 kg bags home from the market"}


def url(who, path=""):
    return f"/clinic/patients/{who.patient_id}{path}"


def versions(cast, who):
    return programs.list_versions(cast.uow(), cast.bob, who.patient_id)


def plan_for_dave(cast):
    """Dave's program built by the planner from Margaret's example intake (knee pain, floor transfers)."""
    intake = IntakeIn.model_validate({**json.loads((EXAMPLES / "margaret.json").read_text()), "today": TODAY.isoformat()})
    return programs.plan_program(cast.uow(), cast.bob, cast.dave.patient_id, PlannedProgramIn(reason="first program", intake=intake))


# ---- goals ------------------------------------------------------------------------------------------

def goal_form(client, **changes):
    return {"csrf": client.csrf, "words": "Carry the shopping home", "icf_code": "d430", "task": "carry two 5 kg bags 200 m",
            "success_criterion": "without stopping, pain during 4/10 or less", "baseline": "one 2 kg bag 50 m",
            "priority": "1", "target_date": (TODAY + timedelta(weeks=12)).isoformat(), **GAS, **changes}


def test_a_goal_set_with_the_patient_is_listed_with_its_gas_levels(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast.carol, "/goals"), data=goal_form(bob))
    assert saved.status_code == 303 and "Goal+set" in saved.headers["location"]
    goal = assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id)[0]
    assert goal.gas_level == -1 and goal.gas_levels["2"] == "two 5 kg bags home from the market"
    page = bob.get(saved.headers["location"]).text
    assert "Carry the shopping home" in page and "two 5 kg bags 400 m" in page and "GAS -1" in page
    assert "d430" in page and "GAS T-score" in page


def test_a_goal_missing_a_gas_level_or_its_icf_code_is_refused_and_what_was_typed_is_kept(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.carol, "/goals"), data=goal_form(bob, **{"gas_2": "", "icf_code": ""}))
    assert refused.status_code == 422
    assert 'id="f-gas_2-problem">Describe what this level looks like' in refused.text
    assert 'id="f-icf_code-problem"' in refused.text
    assert "Carry the shopping home" in refused.text and 'value="two 5 kg bags 400 m"' in refused.text
    assert assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_a_target_date_in_the_past_is_refused(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.carol, "/goals"), data=goal_form(bob, target_date=(TODAY - timedelta(days=1)).isoformat()))
    assert refused.status_code == 422 and "is not after today" in refused.text


def test_rating_a_goal_changes_its_level_and_keeps_its_history(browse, cast):
    bob = browse("bob")
    bob.post(url(cast.carol, "/goals"), data=goal_form(bob))
    goal = assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id)[0]
    rated = bob.post(url(cast.carol, f"/goals/{goal.id}"), data={"csrf": bob.csrf, "gas_level": "1", "status": "achieved"})
    assert rated.status_code == 303
    after = assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id)[0]
    assert (after.gas_level, after.status) == (1, "achieved")
    assert [h["gas_level"] for h in after.history] == [-1, 1]
    page = bob.get(url(cast.carol, "/goals")).text
    assert "History (2 changes)" in page and "GAS +1" in page


def test_a_rating_off_the_scale_is_refused_and_the_goal_is_unchanged(browse, cast):
    bob = browse("bob")
    bob.post(url(cast.carol, "/goals"), data=goal_form(bob))
    goal = assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id)[0]
    refused = bob.post(url(cast.carol, f"/goals/{goal.id}"), data={"csrf": bob.csrf, "gas_level": "3", "status": "active"})
    assert refused.status_code == 422 and "from -2 to +2" in refused.text
    assert assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id)[0].gas_level == -1


def test_a_goal_of_another_patient_cannot_be_rated_through_this_one(browse, cast):
    bob = browse("bob")
    bob.post(url(cast.dave, "/goals"), data=goal_form(bob))
    daves = assessments.list_goals(cast.uow(), cast.bob, cast.dave.patient_id)[0]
    refused = bob.post(url(cast.carol, f"/goals/{daves.id}"), data={"csrf": bob.csrf, "gas_level": "0", "status": "active"})
    assert refused.status_code == 404


# ---- the program: planner ------------------------------------------------------------------------------

def planner_form(client, **changes):
    return {"csrf": client.csrf, "reason": "first program", "age": "68", "regions": ["knee"], "usual_pain": "5",
            "goal_words": "Get down on the floor to play with my grandchildren", "goal_icf": "d410",
            "goal_task": "get down to the floor and up again", "goal_activity": "", "goal_dimension": "reps",
            "goal_baseline": "0", "goal_target": "3", "goal_target_date": (TODAY + timedelta(weeks=12)).isoformat(),
            "minutes_per_day": "15", "days_per_week": "3", "strategy": "", **changes}


def test_the_planner_builds_a_program_and_the_page_shows_why_each_exercise_was_chosen(browse, cast):
    bob = browse("bob")
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob))
    assert built.status_code == 303, built.text[-2000:]
    assert "Program+built+with+the+planner%3A+version+1" in built.headers["location"]
    program = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id)
    planned = program.document["planned"]["phases"][0]["prescriptions"]
    page = bob.get(built.headers["location"]).text
    assert "Why each exercise was chosen" in page
    for p in planned:
        assert p["name"] in page
        assert html_text(p["reasons"][0]) in page
    assert "The planner's decisions" in page


def test_feared_activities_typed_by_the_clinician_lead_to_graded_exposure_being_offered(browse, cast):
    bob = browse("bob")
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, fear_avoidance="high", feared_activities="kneeling on the floor\ncarrying the grandchildren upstairs"))
    assert built.status_code == 303, built.text[-2000:]
    planned = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).document["planned"]
    assert planned["exposure_offered"] == ["kneeling on the floor", "carrying the grandchildren upstairs"]
    assert planned["strategy"] == "time_contingent"
    page = bob.get(built.headers["location"]).text
    assert "Graded exposure offered" in page and "kneeling on the floor" in page
    assert "Clinical rationale" in page and "§3.3" in page


def test_the_feared_activities_named_at_intake_wait_on_the_fear_hierarchy_page_until_rated(browse, cast):
    """What Dave named at intake is not typed again or lost: the hierarchy page lists the planner's
    offered activities, one rating adds each in his words, and an added one leaves the list."""
    bob = browse("bob")
    bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, fear_avoidance="high", feared_activities="kneeling on the floor\ncarrying the grandchildren upstairs"))
    page = bob.get(url(cast.dave, "/exposure")).text
    assert "Named at intake, not rated yet" in page
    assert "kneeling on the floor" in page and "carrying the grandchildren upstairs" in page
    added = bob.post(url(cast.dave, "/exposure/items"),
                     data={"csrf": bob.csrf, "activity": "kneeling on the floor", "harm": "60",
                           "goal": "play on the floor with the grandchildren"})
    assert added.status_code == 303, added.text[-2000:]
    hierarchy = exposure.fear_hierarchy(cast.uow(), cast.bob, cast.dave.patient_id, TODAY)
    assert [i.activity for i in hierarchy.items] == ["kneeling on the floor"]
    assert hierarchy.offered == ["carrying the grandchildren upstairs"]
    page = bob.get(url(cast.dave, "/exposure")).text
    assert 'value="kneeling on the floor"' not in page and 'value="carrying the grandchildren upstairs"' in page


def html_text(text):
    return text.replace("&", "&amp;").replace('"', "&#34;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_planner_problem_is_shown_next_to_its_field_and_nothing_is_stored(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, goal_target_date=(TODAY - timedelta(days=2)).isoformat(), age="twelve"))
    assert refused.status_code == 422
    assert 'id="f-age-problem">Enter a number (got &#39;twelve&#39;)' in refused.text
    assert 'value="Get down on the floor to play with my grandchildren"' in refused.text
    past = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, goal_target_date=(TODAY - timedelta(days=2)).isoformat()))
    assert past.status_code == 422 and 'id="f-goal_target_date-problem"' in past.text and "is not after today" in past.text
    assert versions(cast, cast.dave) == []


def test_graded_exposure_is_offered_per_activity_but_not_as_the_planners_strategy(browse, cast):
    bob = browse("bob")
    page = bob.get(url(cast.carol, "/program")).text
    assert 'name="rx-walking-strategy"' in page and 'value="graded_exposure"' in page
    refused = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, strategy="graded_exposure"))
    assert refused.status_code == 422
    assert versions(cast, cast.dave) == []


# ---- the program: swaps and settings ------------------------------------------------------------------

def test_a_swap_along_the_ladder_writes_a_new_version_and_keeps_the_old(browse, cast):
    first = plan_for_dave(cast)
    assert any(p.activity_id == "sit_to_stand_chair" for p in first.prescriptions)
    bob = browse("bob")
    page = bob.get(url(cast.dave, "/program")).text
    assert "rung 1: Sit to stand from a high seat (easier)" in page and "(harder)</option>" in page
    swapped = bob.post(url(cast.dave, "/program/swap"), data={"csrf": bob.csrf, "activity_id": "sit_to_stand_chair",
                                                              "to": "sit_to_stand_high", "reason": "knee sore on a low chair"})
    assert swapped.status_code == 303 and "version+2" in swapped.headers["location"]
    history = versions(cast, cast.dave)
    assert [v.version for v in history] == [2, 1]
    new = {p.activity_id: p for p in history[0].prescriptions}
    old = {p.activity_id: p for p in history[1].prescriptions}
    assert "sit_to_stand_high" in new and "sit_to_stand_chair" not in new
    assert "sit_to_stand_chair" in old  # the old version is kept as it was
    assert new["sit_to_stand_high"].starting_dose["level"] == 1
    assert history[0].document["swaps"][0]["from"] == "sit_to_stand_chair"
    assert "knee sore on a low chair" in history[0].reason
    after = bob.get(swapped.headers["location"]).text
    assert "Swapped from the planner's Sit to stand from a normal chair along its ladder." in after


def test_a_swap_to_a_rung_off_the_ladder_is_refused(browse, cast):
    plan_for_dave(cast)
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/program/swap"), data={"csrf": bob.csrf, "activity_id": "sit_to_stand_chair",
                                                              "to": "heel_slides"})
    assert refused.status_code == 422 and "Choose another rung" in refused.text
    assert len(versions(cast, cast.dave)) == 1


def test_strategy_pain_limit_and_increments_are_set_per_activity_in_a_new_version(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast.carol, "/program/settings"), data={
        "csrf": bob.csrf, "rx-sit_to_stand-strategy": "time_contingent", "rx-sit_to_stand-pain_during_max": "4",
        "rx-sit_to_stand-reps-step": "2", "rx-sit_to_stand-reps-unit": "absolute", "rx-sit_to_stand-reps-ceiling": "15",
        "rx-walking-strategy": "time_contingent", "rx-walking-duration_s-minimum": "60", "settings_reason": "fear of bending"})
    assert saved.status_code == 303, saved.text[-1500:]
    current, first = versions(cast, cast.carol)[:2]
    sit = next(p for p in current.prescriptions if p.activity_id == "sit_to_stand")
    assert sit.strategy.value == "time_contingent" and sit.limits["pain_during_max"] == 4
    assert sit.increments["reps"] == {"step": 2, "unit": "absolute", "ceiling": 15}
    assert current.reason == "fear of bending" and first.version == current.version - 1
    page = bob.get(url(cast.carol, "/program")).text
    assert "4/10" in page and "reps: 2, up to 15" in page


def test_one_activity_can_be_set_to_graded_exposure_and_a_second_is_refused(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast.carol, "/program/settings"), data={
        "csrf": bob.csrf, "rx-sit_to_stand-strategy": "graded_exposure", "rx-walking-strategy": "time_contingent",
        "settings_reason": "fear of bending: graded exposure"})
    assert saved.status_code == 303, saved.text[-1500:]
    current = versions(cast, cast.carol)[0]
    assert {p.activity_id: p.strategy.value for p in current.prescriptions} == {
        "sit_to_stand": "graded_exposure", "walking": "time_contingent"}
    refused = bob.post(url(cast.carol, "/program/settings"), data={
        "csrf": bob.csrf, "rx-sit_to_stand-strategy": "graded_exposure", "rx-walking-strategy": "graded_exposure"})
    assert refused.status_code == 422 and "only one activity can use graded_exposure" in refused.text
    assert len(versions(cast, cast.carol)) == 2


def test_settings_with_a_wrong_number_are_refused_next_to_the_field(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.carol, "/program/settings"), data={
        "csrf": bob.csrf, "rx-sit_to_stand-strategy": "symptom_contingent", "rx-sit_to_stand-pain_during_max": "12",
        "rx-walking-strategy": "time_contingent", "rx-walking-duration_s-step": "abc"})
    assert refused.status_code == 422
    assert 'id="f-rx-sit_to_stand-pain_during_max-problem">Enter a number from 0 to 10 (got 12).' in refused.text
    assert 'id="f-rx-walking-duration_s-step-problem"' in refused.text and 'value="abc"' in refused.text
    assert len(versions(cast, cast.carol)) == 1


# ---- flare plan -----------------------------------------------------------------------------------------

def test_the_flare_plan_is_kept_in_a_new_program_version_for_the_patient_pages(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast.carol, "/flare-plan"), data={
        "csrf": bob.csrf, "flare_percent": "40", "flare_return_steps": "3", "flare_step_days": "2",
        "what_to_do": "Keep walking, half as far\nUse the heat pack", "contact_clinic_if": "Not settling after a week"})
    assert saved.status_code == 303
    current = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    assert current.version == 2
    assert current.document["flare_plan"] == {"what_to_do": ["Keep walking, half as far", "Use the heat pack"],
                                              "contact_clinic_if": ["Not settling after a week"]}
    assert all(p.limits["flare_dose_fraction"] == 0.4 and p.limits["flare_return_steps"] == 3 for p in current.prescriptions)
    page = bob.get(saved.headers["location"]).text
    assert 'value="40"' in page and "Use the heat pack" in page
    # the patient's program says the same
    assert programs.get_program(cast.uow(), cast.carol, cast.carol.patient_id).document["flare_plan"]["what_to_do"][1] == "Use the heat pack"


def test_a_flare_plan_with_a_wrong_share_or_no_steps_is_refused_and_kept(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.carol, "/flare-plan"), data={
        "csrf": bob.csrf, "flare_percent": "150", "flare_return_steps": "2", "flare_step_days": "3", "what_to_do": "",
        "contact_clinic_if": "Fever"})
    assert refused.status_code == 422
    assert 'id="f-flare_percent-problem">Enter a number from 1 to 99' in refused.text
    assert 'id="f-what_to_do-problem"' in refused.text and ">Fever</textarea>" in refused.text
    assert len(versions(cast, cast.carol)) == 1


def test_a_flare_plan_needs_a_program(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/flare-plan"), data={
        "csrf": bob.csrf, "flare_percent": "50", "flare_return_steps": "2", "flare_step_days": "3", "what_to_do": "Rest a day"})
    assert refused.status_code == 422 and "build one first" in refused.text


# ---- discharge ------------------------------------------------------------------------------------------

def test_discharge_shows_the_maintenance_plan_with_reassessment_dates(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast.carol, "/discharge"), data={"csrf": bob.csrf, "discharged_on": TODAY.isoformat(),
                                                          "re_entry_triggers": "Walking the dog becomes hard again"})
    assert saved.status_code == 303 and "first+reassessment+2027-02-27" in saved.headers["location"]
    page = bob.get(saved.headers["location"]).text
    for day in ("2027-02-27", "2027-05-27", "2027-11-27"):
        assert day in page
    assert "Walking the dog becomes hard again" in page and "Two flares within four weeks." in page
    assert patients.get_patient(cast.uow(), cast.bob, cast.carol.patient_id).status == "maintenance"
    assert "Discharge to maintenance</button>" not in page


def test_a_discharge_without_a_date_is_refused_and_the_patient_stays_active(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.carol, "/discharge"), data={"csrf": bob.csrf, "discharged_on": "next week",
                                                            "re_entry_triggers": "Knee swells"})
    assert refused.status_code == 422 and "Enter a real date" in refused.text and ">Knee swells</textarea>" in refused.text
    assert patients.get_patient(cast.uow(), cast.bob, cast.carol.patient_id).status == "active"


def test_the_program_page_of_a_patient_without_a_program_offers_the_planner(browse, cast):
    page = browse("bob").get(url(cast.dave, "/program")).text
    assert "No program yet" in page and "Build the program with the planner" in page
    with pytest.raises(NotFound):  # showing the page created nothing
        programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id)
