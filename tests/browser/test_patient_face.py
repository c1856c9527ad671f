"""The patient's face in a real browser on a phone-sized screen (360 px wide).

The demo patients share one server: Tom (steady) logs sessions, Rosa (already in a flare) declares
another, George (already referred) answers a red-flag question, so no test changes the story
another test relies on.
"""

import re

import pytest
from in_browser import PHONE, assert_accessible, log_in, screenshot

PATIENT_PAGES = ("/me", "/me/log/squat_to_chair", "/me/diary", "/me/flare", "/me/help", "/me/progress", "/me/learn",
                 "/me/learn/how_pain_works")


def test_a_patient_logs_a_session_on_a_phone_and_sees_the_next_prescription(open_as):
    page = open_as("Tom Becker", phone=True)
    page.get_by_role("link", name="Log sit to stand").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Log: Sit to stand").is_visible()
    screenshot(page, "patient-log-session")
    # three taps: as planned is already chosen; pain during, effort, then save
    page.get_by_role("group", name="Your worst pain during it").get_by_text("2", exact=True).click()
    page.get_by_role("group", name="How hard did it feel?").get_by_text("5", exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "/me/log/squat_to_chair/done" in page.url
    assert page.get_by_role("heading", name="What happens next").is_visible()
    assert re.search(r"Next time:\s+\S.*\d", page.locator(".next .dose").first.inner_text(), re.S)
    assert_accessible(page)
    screenshot(page, "patient-next-prescription")


def test_a_patient_declares_a_flare_with_one_tap_and_sees_the_flare_plan(open_as):
    page = open_as("Rosa Díaz", phone=True)
    page.get_by_role("button", name="I'm having a flare").click()
    page.wait_for_load_state()
    assert "/me/flare?entry=" in page.url
    assert page.get_by_role("status").inner_text().startswith("Your flare is recorded")
    assert page.get_by_role("heading", name="What to do today").is_visible()
    assert page.get_by_role("heading", name="When to return").first.is_visible()
    assert page.locator(".return-steps li").count() >= 2
    assert_accessible(page)
    screenshot(page, "patient-flare-plan")


def test_a_patient_answers_a_red_flag_and_sees_the_urgent_advice_at_once(open_as):
    page = open_as("George Okafor", phone=True)
    page.get_by_role("link", name="Get help", exact=True).click()
    page.wait_for_load_state()
    page.get_by_label("Have you lost weight without trying?").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    advice = page.get_by_role("alert").filter(has_text="Get help today")
    assert advice.is_visible()
    assert "contact your clinic or doctor today" in advice.inner_text()
    assert advice.bounding_box()["y"] < 740  # on the first screen, without scrolling
    assert_accessible(page)
    screenshot(page, "patient-red-flag-advice")


def test_a_diary_entry_is_saved_from_a_phone(open_as):
    page = open_as("Tom Becker", phone=True)
    page.goto("/me/diary")
    page.get_by_role("group", name="Your pain now").get_by_text("3", exact=True).click()
    page.get_by_label("Hours you slept last night").fill("7")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Saved" in page.get_by_role("status").inner_text()


@pytest.mark.parametrize("path", PATIENT_PAGES)
def test_each_patient_page_is_accessible_and_fits_a_phone(open_as, path):
    page = open_as("Tom Becker", phone=True)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways on a phone"
    assert_accessible(page)
    screenshot(page, "patient-" + (path.removeprefix("/me/").replace("/", "-").replace("_", "-") if path != "/me" else "today"))


@pytest.mark.parametrize("address", PATIENT_PAGES)
def test_each_patient_page_weighs_less_than_300_kb_on_first_load(browser, server, demo_logins, address):
    _, logins = demo_logins
    login = browser.new_context(base_url=server, viewport=PHONE)
    log_in(login.new_page(), logins["Amina Yusuf"][1])
    # a new context with the login's cookie and an empty cache: everything the page needs is fetched
    context = browser.new_context(base_url=server, viewport=PHONE, is_mobile=True, has_touch=True,
                                  storage_state=login.storage_state())
    login.close()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(address)
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(address)
    kinds = {r.url.split("?")[0].rsplit("/", 1)[-1] for r in responses}
    assert {"rehab.css", "rehab.js"} <= kinds
    weight = sum(len(r.body()) for r in responses if r.status < 300)
    print(f"{address}: {weight / 1024:.0f} KB on first load")
    assert weight <= 300 * 1024, f"{address} weighs {weight / 1024:.0f} KB"
    context.close()
