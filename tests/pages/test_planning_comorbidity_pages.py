"""The planner form with comorbidities: postpartum is offered beside pregnancy, weeks of pregnancy
are asked with it and checked, and a high blood pressure holds intervals until a clearance is
recorded on the same form."""

import json
from datetime import timedelta

from clinic_cast import TODAY
from test_planning_pages import EXAMPLES, planner_form, url, versions

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import PlannedProgramIn
from rehab.services import programs


def test_the_forms_offer_pregnancy_and_postpartum_with_their_weeks_and_the_clearances(browse, cast):
    bob = browse("bob")
    page = bob.get(url(cast.dave, "/program")).text
    assert 'value="pregnancy"' in page and 'value="postpartum"' in page
    assert 'data-shown-with="pregnancy"' in page and 'name="gestation_weeks"' in page
    assert 'name="postpartum_weeks"' in page
    assert 'name="clear_blood_pressure"' in page and 'name="clear_cervical_arterial_screen"' in page
    assert 'name="bp_systolic"' in page and 'name="grip_kg"' in page and 'name="tug_s"' in page
    intake = bob.get(url(cast.dave, "/intake")).text
    assert 'value="postpartum"' in intake and 'value="pregnancy"' in intake


def test_weeks_pregnant_outside_0_to_42_are_refused_next_to_the_field_and_nothing_is_written(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/program/plan"),
                       data=planner_form(bob, comorbidities=["pregnancy"], gestation_weeks="45"))
    assert refused.status_code == 422
    assert 'id="f-gestation_weeks-problem">Enter a number from 0 to 42 (got 45)' in refused.text
    missing = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, comorbidities=["pregnancy"]))
    assert missing.status_code == 422
    assert 'id="f-gestation_weeks-problem">needed when pregnancy is among the comorbidities' in missing.text
    assert versions(cast, cast.dave) == []


def test_high_blood_pressure_holds_intervals_and_the_page_says_what_clears_them(browse, cast):
    bob = browse("bob")
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, bp_systolic="172", bp_diastolic="104"))
    assert built.status_code == 303, built.text[-2000:]
    planned = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).document["planned"]
    assert [h["clearance"] for h in planned["holds"]] == ["blood_pressure"]
    page = bob.get(built.headers["location"]).text
    assert "Held until a clearance is recorded" in page and "172/104" in page


def test_a_blood_pressure_in_the_crisis_range_stores_no_program_and_says_why_next_to_the_field(browse, cast):
    """190/125 holds every exercise until a doctor has seen it (hazard H55): there is nothing to
    start, so nothing is written, and the clinician is told what to tell the person today."""
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, bp_systolic="190", bp_diastolic="125"))
    assert refused.status_code == 422, refused.text[-2000:]
    assert 'id="f-bp_systolic-problem"' in refused.text and "crisis range" in refused.text
    assert "contact their doctor today" in refused.text
    assert versions(cast, cast.dave) == []


def test_a_blood_pressure_high_for_pregnancy_stores_no_program_and_names_the_maternity_unit(browse, cast):
    """30 weeks pregnant at 146/88 (review 2026-12-03g, finding 1; NICE NG133): below the crisis range,
    yet every exercise waits for the maternity unit's check the same day (hazard H23). The clinician is
    told that, not "in the crisis range ... contact their doctor"."""
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, comorbidities=["pregnancy"], gestation_weeks="30", bp_systolic="146", bp_diastolic="88"))
    assert refused.status_code == 422, refused.text[-2000:]
    assert 'id="f-bp_systolic-problem"' in refused.text
    assert "Call your maternity unit today" in refused.text and "crisis range" not in refused.text
    assert versions(cast, cast.dave) == []


def test_a_clearance_dated_after_today_is_refused_next_to_its_field(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, bp_systolic="172", bp_diastolic="104", clear_blood_pressure=(TODAY + timedelta(days=3)).isoformat()))
    assert refused.status_code == 422
    assert 'id="f-clear_blood_pressure-problem"' in refused.text and "is after today" in refused.text
    assert versions(cast, cast.dave) == []


def test_with_the_clearance_recorded_the_program_holds_nothing(browse, cast):
    bob = browse("bob")
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, bp_systolic="172", bp_diastolic="104", clear_blood_pressure=(TODAY - timedelta(days=7)).isoformat()))
    assert built.status_code == 303, built.text[-2000:]
    assert programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).document["planned"]["holds"] == []


def test_the_patient_reads_what_to_do_before_the_held_exercises_on_her_today_page(browse, cast):
    intake = json.loads((EXAMPLES / "margaret.json").read_text())
    intake["today"] = TODAY.isoformat()
    intake["baseline"]["resting_blood_pressure"] = {"systolic": 172, "diastolic": 104}
    programs.plan_program(cast.uow(), cast.bob, cast.carol.patient_id,
                          PlannedProgramIn(reason="planned with a high blood pressure", intake=IntakeIn.model_validate(intake)))
    page = browse("carol").get("/me").text
    assert "Before some exercises" in page and "see your doctor" in page
    assert "ACSM" not in page


def test_without_a_hold_the_today_page_says_nothing_about_clearances(browse, cast):
    page = browse("carol").get("/me").text
    assert "Before some exercises" not in page


# ---- Heart disease: the effort cap and the signs to stop (ACSM 11th ed.; ESC 2021; Piepoli 2011) ----

def plan_carol(cast, *comorbidities: str, patient=None) -> None:
    intake = json.loads((EXAMPLES / "margaret.json").read_text())
    intake["today"] = TODAY.isoformat()
    intake["constraints"]["comorbidities"] = list(comorbidities)
    programs.plan_program(cast.uow(), cast.bob, (patient or cast.carol).patient_id,
                          PlannedProgramIn(reason="planned", intake=IntakeIn.model_validate(intake)))


def test_a_patient_with_heart_failure_reads_the_signs_to_stop_and_her_effort_cap_on_the_help_page(browse, cast):
    plan_carol(cast, "heart_disease")
    page = browse("carol").get("/me/help").text
    assert "Because of your heart condition: stop and get help" in page
    assert "Pain, pressure or tightness in your chest." in page and "Your heart is racing" in page
    assert "call for an ambulance now" in page.lower() and "4 out of 10 or less" in page
    assert "ESC" not in page and "RPE" not in page
    # the red flags are still all there, and the six heart signs can be ticked and sent too (H54)
    assert page.count('type="checkbox" name="sign"') == 15 + 6


def test_her_today_page_says_her_effort_cap_and_links_the_signs_to_stop(browse, cast):
    """She exercises from Today, not from the help page: the cap is where the exercises are (a look
    at the page at phone size, 2026-12-03)."""
    plan_carol(cast, "heart_disease")
    plan_carol(cast, patient=cast.dave)
    today = browse("carol").get("/me").text
    assert "Because of your heart condition" in today and "4 out of 10 or less" in today
    assert 'href="/me/help#heart-signs"' in today
    assert "heart" not in browse("dave").get("/me").text.lower()


def test_her_when_to_get_help_lesson_lists_the_heart_signs_before_saying_pain_is_safe_to_work_with(browse, cast):
    plan_carol(cast, "heart_disease")
    plan_carol(cast, patient=cast.dave)  # the same plan without heart disease
    cast.clock.day = TODAY + timedelta(days=21)
    lesson = browse("carol").get("/me/learn/when_to_seek_help").text
    assert "Because of your heart condition: stop and get help" in lesson
    assert lesson.index("tightness in your chest") < lesson.index("your pain is safe to work with")
    for page in ("/me/learn/when_to_seek_help", "/me/help"):  # Dave has no heart disease: only the red flags
        shown = browse("dave").get(page)
        assert shown.status_code == 200 and "heart" not in shown.text.lower(), page
    assert "your pain is safe to work with" in browse("dave").get("/me/learn/when_to_seek_help").text


def test_the_clinician_sees_the_heart_hold_and_what_the_patient_reads(browse, cast):
    plan_carol(cast, "heart_disease")
    page = browse("bob").get(url(cast.carol, "/program")).text
    assert "Held until a clearance is recorded" in page and "heart condition stable" in page
    assert "Effort cap and signs to stop, as the patient reads them" in page
    assert 'name="clear_heart_condition_stable"' in page


def test_with_a_fall_risk_her_balance_card_says_to_hold_on_from_the_start(browse, cast):
    plan_carol(cast, "fall_risk")
    planned = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id).document["planned"]
    held = {p["id"] for phase in planned["phases"] for p in phase["prescriptions"] if p["support"]}
    assert held, "a standing balance exercise is planned, with what to hold"
    pages = [browse("carol").get("/me").text]
    cast.clock.day = TODAY + timedelta(days=1)
    pages.append(browse("carol").get("/me").text)
    # With a fall risk she lets go only after her clinician's re-check, not by her own judgement
    # (review 2026-12-03i, finding 6).
    assert any("with one hand from the start. Keep holding on until your clinician has checked your balance again." in p
               for p in pages)
    assert not any("Loosen your grip" in p for p in pages)


def test_her_effort_cap_is_the_rule_her_check_ins_advance_by(cast):
    """The plan tells her 4 out of 10; each stored prescription carries it to the engine, so a
    session she rated 6 does not move her up (a physiotherapist's review, 2026-12-03: the check-in
    advanced sit-to-stand at RPE 8). Without heart disease the engine's usual limit stands."""
    from builders import checkin, criterion
    from rehab.core.engine.progression import check_in
    from rehab.core.models import DecisionKind
    from rehab.services.baselines import limits_of

    plan_carol(cast, "heart_disease")
    plan_carol(cast, patient=cast.dave)
    stored = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id).prescriptions
    assert stored and all(p.limits.get("rpe_max_to_advance") == 4 for p in stored)
    assert all(not p.limits for p in programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).prescriptions)
    with cast.uow() as uow:
        hers, his = limits_of(uow, cast.carol.patient_id), limits_of(uow, cast.dave.patient_id)
    assert hers.rpe_max_to_advance == 4
    at_six = check_in(checkin(limits=hers))  # her good sessions, each rated 6 out of 10
    assert at_six.kind is DecisionKind.HOLD and not criterion(at_six, "effort_not_maximal").passed
    assert check_in(checkin(limits=his)).kind is DecisionKind.ADVANCE
