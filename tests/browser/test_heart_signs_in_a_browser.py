"""A patient with heart disease, on her phone, sends chest pain from 'When to get help' (hazard H54;
review 2026-12-03c). The page tells her to call for an ambulance before she ticks anything; after
Send it says so again, and that the clinic cannot send one. Her clinician sees the emergency on the
caseload. A patient of a clinic of its own, so the demo clinic's caseload, read by other tests, is
untouched. Screenshots: heart-signs-*.png."""

from __future__ import annotations

import pytest
from in_browser import DESK, PHONE, ClinicOfItsOwn, assert_accessible, log_in, screenshot

CALL_FIRST = "Call for an ambulance now if chest pain does not go after a few minutes of rest."


@pytest.fixture(scope="module")
def heart_clinic(demo_logins):
    """A clinic with a clinician and Hana, whose program was planned with heart disease today."""
    url, _ = demo_logins
    clinic = ClinicOfItsOwn(url, "Heart signs (browser tests)", "heart.test", "Hal Admin", "Dr Kofi Mensah")
    clinic.enrol("Hana Novak", "hana@heart.test", lambda intake: intake["constraints"].update(
        comorbidities=["heart_disease"]), condition="knee osteoarthritis")
    yield
    clinic.close()


def test_she_is_told_to_call_an_ambulance_first_then_sends_chest_pain_and_her_clinician_sees_the_emergency(
        browser, server, heart_clinic):
    phone = browser.new_context(base_url=server, viewport=PHONE, is_mobile=True, has_touch=True)
    desk = browser.new_context(base_url=server, viewport=DESK)
    try:
        page = phone.new_page()
        log_in(page, "hana@heart.test")
        page.goto("/me/help")
        call = page.get_by_text(CALL_FIRST).first  # said again in the signs to stop below
        chest = page.get_by_role("checkbox", name="Pain, pressure or tightness in your chest.")
        assert call.is_visible() and call.bounding_box()["y"] < chest.bounding_box()["y"]
        assert_accessible(page)
        screenshot(page, "heart-signs-before-send")
        chest.check()
        page.get_by_role("button", name="Send").click()
        page.wait_for_load_state()
        advice = page.locator("#advice")
        assert "Get help now" in advice.inner_text() and "Call for an ambulance now" in advice.inner_text()
        assert "They cannot send an ambulance" in advice.inner_text()
        assert advice.bounding_box()["y"] < PHONE["height"]  # on the first screen
        screenshot(page, "heart-signs-sent")
        page.goto("/me")
        assert page.locator('a[href^="/me/log/"]').count() == 0  # exercise paused until her clinician has seen her
        clinic = desk.new_page()
        log_in(clinic, "clinician@heart.test")
        clinic.goto("/clinic")
        assert "heart chest pain - chest pain with heart disease" in clinic.locator("main").inner_text()
        screenshot(clinic, "heart-signs-caseload")
    finally:
        phone.close()
        desk.close()
