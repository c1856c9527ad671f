"""Self-management within bounds, end to end with a real server and chromium: the clinician agrees
on Amina's program page that she may move a session by a day; on her phone (360 px wide) a move of
three days is refused with the reason in plain words, a move to tomorrow is saved and she is told
so; the clinician sees the change on her patient page."""

from datetime import UTC, datetime, timedelta

from in_browser import assert_accessible, screenshot
from test_clinician_forms import patient_address


def test_a_patient_moves_a_session_within_the_agreed_bounds_on_a_phone(open_as):
    clinician = open_as("clinician")
    address = patient_address(clinician, "Amina Yusuf")
    clinician.goto(address + "/program#bounds")
    form = clinician.locator("form[id^='bounds-']").first
    form.get_by_label("Move a session up to this many days (0-6)").fill("1")
    form.get_by_role("button").click()
    clinician.wait_for_load_state()
    assert "Bounds saved" in clinician.get_by_role("status").inner_text()
    assert_accessible(clinician)

    today = datetime.now(UTC).date()
    amina = open_as("Amina Yusuf", phone=True)
    amina.locator("a[href^='/me/adjust/']").first.click()
    amina.wait_for_load_state()
    assert amina.get_by_role("heading", level=1).inner_text().startswith("Change today:")
    amina.get_by_label("Move it to another day").check()
    amina.get_by_label("To move it: the new day").fill((today + timedelta(days=3)).isoformat())
    amina.get_by_role("button", name="Check and save").click()
    amina.wait_for_load_state()
    refusal = amina.get_by_role("alert")
    assert refusal.inner_text().startswith("You can move a session up to 1 day earlier or later.")
    assert_accessible(amina)
    screenshot(amina, "patient-adjust-refused")

    amina.get_by_label("Move it to another day").check()
    amina.get_by_label("To move it: the new day").fill((today + timedelta(days=1)).isoformat())
    amina.get_by_role("button", name="Check and save").click()
    amina.wait_for_load_state()
    assert amina.url.rstrip("/").split("?")[0].endswith("/me")
    assert amina.get_by_role("status").inner_text().startswith("Fine: your session moves from")
    screenshot(amina, "patient-adjust-saved")

    clinician.goto(address)
    changes = clinician.locator("#adjustments").inner_text()
    assert f"{today.isoformat()}" in changes and "move to " + (today + timedelta(days=1)).isoformat() in changes
