"""The home and environment safety part of the intake, and the follow-up of a referral step on the
reassessment page, on a phone-sized screen in a real browser (clinical reference §1.4; seed:
safety, psychosocial support).

Dr Rivera sees George Okafor at home with a tablet. George lives alone, fell last winter, has
stairs without a rail and loose rugs. An answer that makes no sense (a rail on stairs he does not
have) is refused beside the question, with everything else kept; the sound answers are saved,
shown again, and the planner form says it takes them from the intake. George's PHQ-9 is in the
moderately severe range, which opens a GP referral step; at the reassessment Dr Rivera records that
he took it up. Writes go to George only (as in test_clinician_forms.py).
"""

from in_browser import assert_accessible, screenshot
from playwright.sync_api import expect
from test_clinician_forms import answer, patient_address


def test_home_safety_is_recorded_on_the_intake_at_phone_size_and_reaches_the_planner_form(open_as):
    page = open_as("clinician", phone=True)
    address = patient_address(page, "George Okafor")
    page.goto(address + "/intake")
    expect(page.get_by_role("heading", name="Home and environment safety")).to_be_visible()
    answer(page, "home_lives_alone", "yes")
    answer(page, "home_fall_in_last_year", "yes")
    answer(page, "home_stairs", "no")
    answer(page, "home_stair_rail", "yes")
    page.get_by_label("Loose rugs").check()
    page.get_by_role("button", name="Save context").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("#f-home_stair_rail-problem")).to_contain_text("stairs is false")
    expect(page.locator('input[name="home_lives_alone"][value="yes"]')).to_be_checked()
    expect(page.get_by_label("Loose rugs")).to_be_checked()
    assert_accessible(page)

    answer(page, "home_stairs", "yes")
    answer(page, "home_stair_rail", "no")
    page.get_by_role("button", name="Save context").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Context saved")
    expect(page.locator('input[name="home_fall_in_last_year"][value="yes"]')).to_be_checked()
    expect(page.locator('input[name="home_stair_rail"][value="no"]')).to_be_checked()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert_accessible(page)
    screenshot(page, "clinician-intake-home-safety-phone")

    page.goto(address + "/program")
    expect(page.locator("#home-safety-note")).to_contain_text("taken from the intake")


def test_a_gp_referral_step_is_followed_up_on_the_reassessment_page_at_phone_size(open_as):
    page = open_as("clinician", phone=True)
    address = patient_address(page, "George Okafor")
    page.goto(address + "/assessments")
    page.get_by_label("Instrument").select_option("phq9")
    with page.expect_navigation():
        page.get_by_role("button", name="Show its items").click()
    names = page.locator('form[action$="/assessments"] input[type="radio"][value="2"]').evaluate_all(
        "inputs => inputs.map(i => i.name)")
    for name in names[:-1]:
        answer(page, name, "2")
    answer(page, names[-1], "0")  # item 9: no thoughts of self-harm
    # Wait for the saved page itself: going on at once could cancel the form's post under load.
    with page.expect_navigation():
        page.get_by_role("button", name="Score and save").click()

    page.goto(address + "/reassessment")
    section = page.locator("section#referrals")
    # The GP step: opened by this PHQ-9, or already open from another screen of his (one open step
    # per destination: a GAD-7 another test saved on this shared demo clinic opens the same one).
    step = section.locator("li.card", has_text="Refer to the GP").first
    expect(step).to_contain_text("Scores:")
    # Saved without an answer: refused on the same page, nothing stored, the step still open.
    step.get_by_role("button", name="Save the answer").click()
    page.wait_for_load_state()
    expect(page.locator("section#referrals").get_by_role("alert").first).to_be_visible()
    assert_accessible(page)

    step = page.locator("section#referrals li.card", has_text="Refer to the GP").first
    step_id = step.get_attribute("id")
    step.locator('label:has(input[value="taken_up"])').click()
    step.get_by_label("Note").fill("Saw his GP on Tuesday; started talking therapy")
    step.get_by_role("button", name="Save the answer").click()
    page.wait_for_load_state()
    assert "/reassessment" in page.url
    expect(page.get_by_role("status")).to_contain_text("Referral follow-up saved.")
    expect(page.locator(f"#{step_id}")).to_have_count(0)
    closed = page.locator("section#referrals details")
    closed.locator("summary").click()
    expect(closed).to_contain_text("taken up")
    expect(closed).to_contain_text("started talking therapy")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert_accessible(page)
    screenshot(page, "clinician-reassessment-referral-followed-up-phone")
