"""A clinician's intake, assessment and planning forms in a real browser on the demo clinic.

Writes go to George Okafor (already the red-flag referral of the demo) and add to his records
only, so the other browser tests see the clinic as seeded."""

import re

from in_browser import assert_accessible, screenshot
from playwright.sync_api import Page

PAGES = ("/intake", "/screenings/red-flags", "/assessments", "/assessments?instrument=phq9", "/reassessment", "/goals", "/program",
         "/flare-plan", "/discharge")


def patient_address(page: Page, name: str) -> str:
    """The patient's address, from the caseload link."""
    page.goto("/clinic")
    href = page.get_by_role("link", name=name).get_attribute("href")
    assert href and re.fullmatch(r"/clinic/patients/[0-9a-f-]+", href)
    return href


def answer(page: Page, name: str, value: str) -> None:
    page.locator(f'label:has(input[name="{name}"][value="{value}"])').click()


def test_a_clinician_records_a_red_flag_referral_and_sees_the_urgent_result_at_once(open_as):
    page = open_as("clinician")
    page.goto(patient_address(page, "George Okafor") + "/screenings/red-flags")
    questions = page.locator('input[type="radio"][value="no"]')
    for i in range(questions.count()):
        answer(page, questions.nth(i).get_attribute("name"), "no")
    answer(page, "q_unexplained_weight_loss", "yes")
    page.get_by_role("button", name="Save screening").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "Refer: urgent" in alert.inner_text()
    assert "medical review today" in alert.inner_text()
    assert "possible malignancy or systemic disease" in alert.inner_text()
    assert_accessible(page)
    screenshot(page, "clinician-red-flag-referral")


def test_a_red_flag_screening_with_a_question_skipped_keeps_the_answers_given(open_as):
    page = open_as("clinician")
    page.goto(patient_address(page, "George Okafor") + "/screenings/red-flags")
    answer(page, "q_history_of_cancer", "no")
    page.get_by_role("button", name="Save screening").click()
    page.wait_for_load_state()
    assert "Nothing was saved" in page.get_by_role("alert").inner_text()
    assert page.locator('input[name="q_history_of_cancer"][value="no"]').is_checked()
    assert_accessible(page)


def test_a_clinician_sets_a_goal_with_the_patient(open_as):
    page = open_as("clinician")
    page.goto(patient_address(page, "George Okafor") + "/goals")
    page.get_by_label("The goal in the patient's own words").fill("Dance at my granddaughter's wedding")
    page.get_by_label("ICF category").select_option("d920")
    page.get_by_label("The measurable task").fill("dance two songs in a row")
    page.get_by_label("Success when").fill("two songs, knee pain during 4/10 or less")
    page.get_by_label("Baseline: what they can do now").fill("half a song")
    for level, text in (("-2", "cannot dance"), ("-1", "half a song"), ("0", "two songs"), ("+1", "three songs"),
                        ("+2", "the whole evening")):
        page.get_by_role("textbox", name=re.compile(rf"^{re.escape(level)}:")).fill(text)
    page.get_by_role("button", name="Set goal").click()
    page.wait_for_load_state()
    assert "Goal set" in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", name="“Dance at my granddaughter's wedding”").is_visible()
    assert_accessible(page)
    screenshot(page, "clinician-goals")


def test_a_clinician_records_a_measure_and_sees_its_band(open_as):
    page = open_as("clinician")
    page.goto(patient_address(page, "George Okafor") + "/assessments")
    page.get_by_label("Instrument").select_option("gad7")
    page.get_by_role("button", name="Show its items").click()
    page.wait_for_load_state()
    for name in page.locator('form[action$="/assessments"] input[type="radio"][value="2"]').evaluate_all(
            "inputs => inputs.map(i => i.name)"):
        answer(page, name, "2")
    page.get_by_role("button", name="Score and save").click()
    page.wait_for_load_state()
    assert "14 points" in page.locator(".score-total").inner_text()
    assert "moderate" in page.locator("dl.score").inner_text()
    assert_accessible(page)
    screenshot(page, "clinician-measure-result")


def test_each_intake_assessment_and_planning_page_is_accessible(open_as):
    page = open_as("clinician")
    address = patient_address(page, "Amina Yusuf")
    for path in PAGES:
        page.goto(address + path)
        assert page.get_by_role("heading", level=1).is_visible(), path
        assert_accessible(page)
        screenshot(page, "clinician" + path.replace("/", "-").replace("?instrument=", "-"))


def test_the_program_page_is_usable_on_a_narrow_screen(open_as):
    page = open_as("clinician")
    address = patient_address(page, "Tom Becker")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(address + "/program")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert_accessible(page)


def test_weeks_pregnant_are_asked_only_once_pregnancy_is_ticked(open_as):
    page = open_as("clinician")
    page.goto(patient_address(page, "Tom Becker") + "/program")
    page.locator("details.planner summary").click()
    weeks = page.locator('input[name="gestation_weeks"]')
    assert not weeks.is_visible()
    page.locator('label:has(input[name="comorbidities"][value="pregnancy"])').click()
    assert weeks.is_visible()
    assert_accessible(page)
