"""Logging in and being sent to one's own home, in a real browser."""

from in_browser import assert_accessible, log_in, screenshot


def test_the_login_page_is_accessible_and_a_wrong_password_is_said_in_words(browser, server):
    page = browser.new_page(base_url=server)
    page.goto("/login")
    assert_accessible(page)
    log_in(page, "clinician@demo.rehab", "not the password")
    assert "do not match" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Email").input_value() == "clinician@demo.rehab"  # nothing typed is lost
    screenshot(page, "login")
    page.close()


def test_a_clinician_lands_on_the_caseload(open_as):
    page = open_as("clinician")
    assert page.url.endswith("/clinic")
    assert page.get_by_role("heading", name="Caseload").is_visible()
    assert page.get_by_role("link", name="Rosa Díaz").is_visible()


def test_a_patient_lands_on_today_on_a_phone(open_as):
    page = open_as("Rosa Díaz", phone=True)
    assert page.url.endswith("/me")
    assert page.get_by_role("heading", name="Hello, Rosa").is_visible()


def test_logging_out_ends_the_login(open_as):
    page = open_as("Tom Becker", phone=True)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert "/login" in page.url
    page.goto("/me")
    assert "/login" in page.url
