"""Two patients of today's planner rules on their phones (review 2026-12-03d and its re-check 03e):
Tom, blood pressure 172/104 not yet checked (hazard H21): his program starts on its date and Today
says his effort cap where he exercises; Priya, 24 weeks pregnant (H23): her help page lists her
warning signs with the maternity unit first and offers no heart signs to send; an urgent answer
there says what to do if the clinic cannot be reached. A clinic of its own, so the demo clinic's
caseload is untouched. Screenshots: bp-today, pregnancy-help, pregnancy-urgent-answer."""

from __future__ import annotations

import pytest
from in_browser import PHONE, ClinicOfItsOwn, assert_accessible, log_in, screenshot


@pytest.fixture(scope="module")
def planner_clinic(demo_logins):
    url, _ = demo_logins
    clinic = ClinicOfItsOwn(url, "BP and pregnancy (browser tests)", "bp.test", "Bea Admin", "Dr Ines Haddad")

    def high_pressure(intake):
        intake["baseline"]["resting_blood_pressure"] = {"systolic": 172, "diastolic": 104}

    def pregnant(intake):
        intake["constraints"]["comorbidities"] = ["pregnancy"]
        intake["constraints"]["gestation_weeks"] = 24

    clinic.enrol("Tom Price", "tom@bp.test", high_pressure)
    clinic.enrol("Priya Shah", "priya@bp.test", pregnant)
    yield
    clinic.close()


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(base_url=server, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_tom_s_today_says_his_effort_cap_and_his_program_starts_on_its_date(phone, planner_clinic):
    log_in(phone, "tom@bp.test")
    phone.goto("/me")
    text = phone.locator("main").inner_text()
    assert "How hard to work" in text and "keep your effort at 5 out of 10 or less" in text
    assert "starts once your clinician" not in text
    assert "Your blood pressure is high" in text
    assert_accessible(phone)
    screenshot(phone, "bp-today")


def test_priya_s_today_says_her_pregnancy_effort_cap_and_holds_on_in_balance_work(phone, planner_clinic):
    """24 weeks pregnant (H23; physiotherapist's check 2026-12-03g, findings 3 and 6): Today tells her
    the effort cap with the talk test, and no balance card tells her to let go."""
    log_in(phone, "priya@bp.test")
    phone.goto("/me")
    text = phone.locator("main").inner_text()
    assert "Because of your pregnancy" in text and "keep your effort at 5 out of 10 or less" in text
    assert "without holding on" not in text and "Let go of" not in text
    assert "You can start" not in text or "Do not start" not in text
    assert_accessible(phone)
    screenshot(phone, "pregnancy-today")


def test_priya_s_help_page_puts_the_maternity_unit_first_and_offers_no_heart_signs(phone, planner_clinic):
    log_in(phone, "priya@bp.test")
    phone.goto("/me/help")
    text = phone.locator("main").inner_text()
    assert "Bleeding from your vagina." in text
    assert "Call your maternity unit now if you bleed, if fluid leaks, or if the tightenings keep coming." in text
    assert phone.get_by_role("checkbox", name="Pain, pressure or tightness in your chest.").count() == 0
    assert_accessible(phone)
    screenshot(phone, "pregnancy-help")
    phone.get_by_role("checkbox", name="Pain at night that stays the same whatever position you are in?").check()
    phone.get_by_role("button", name="Send").last.click()  # the one at the bottom, below the spinal signs
    phone.wait_for_load_state()
    advice = phone.locator("#advice").inner_text()
    assert "out-of-hours health line" in advice and "Call for an ambulance now if an arm or leg" in advice
    screenshot(phone, "pregnancy-urgent-answer")


def test_priya_sends_trouble_seeing_and_is_told_to_call_her_maternity_unit_now(phone, planner_clinic):
    """Her warning signs can be sent from the help page (H23): trouble seeing, a sign of pre-eclampsia,
    reaches her clinic as an emergency, and the answer and Today say the maternity unit, now."""
    log_in(phone, "priya@bp.test")
    phone.goto("/me/help")
    phone.get_by_role("checkbox", name="Trouble seeing, such as blurred vision or flashing lights.").check()
    phone.get_by_role("button", name="Send").first.click()  # the one right after her signs
    phone.wait_for_load_state()
    advice = phone.locator("#advice").inner_text()
    assert "Get help now" in advice and "call your maternity unit now" in advice
    assert "They cannot call your maternity unit for you" in advice
    assert_accessible(phone)
    screenshot(phone, "pregnancy-sign-sent")
    phone.goto("/me")
    assert "Stop all exercise and call your maternity unit now." in phone.locator("main").inner_text()


def test_priya_s_help_page_on_her_phone_says_what_to_do_once_and_sends_right_after_her_signs(phone, planner_clinic):
    """A physiotherapist's re-check (2026-12-03j, findings 2, 3 and 12): her page was 5-6 phone screens, said the
    maternity unit's words twice before her ticks, carried her effort cap, and had one Send at the very
    bottom; it missed the baby moving less, and its swelling box near Send offered puffy hands a slow route."""
    log_in(phone, "priya@bp.test")
    phone.goto("/me/help")
    text = phone.locator("main").inner_text()
    assert text.count("Call your maternity unit now if you bleed") == 1
    assert "out of 10" not in text
    moving = phone.get_by_role("checkbox", name="Your baby is moving less than usual, or in a different way.")
    sends = phone.get_by_role("button", name="Send")
    assert sends.count() == 2
    spinal = phone.get_by_role("checkbox", name="Pain at night that stays the same whatever position you are in?")
    assert moving.bounding_box()["y"] < sends.first.bounding_box()["y"] < spinal.bounding_box()["y"]
    assert "New swelling in one place, such as a joint, that you cannot explain" in text
    assert "New swelling that you cannot explain" not in text
    print("help page height at phone width:", phone.evaluate("document.documentElement.scrollHeight"),
          "first Send at", sends.first.bounding_box()["y"])
    assert_accessible(phone)
    screenshot(phone, "pregnancy-help-short")
    moving.check()
    sends.first.click()
    phone.wait_for_load_state()
    advice = phone.locator("#advice").inner_text()
    assert "Get help now" in advice and "call your maternity unit now" in advice
