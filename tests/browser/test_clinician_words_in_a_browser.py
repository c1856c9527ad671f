"""An alert and the override form as a clinician meets them, at phone and desk size (screenshots in
test-artifacts/). The override is refused with its warning and not confirmed, so the demo clinic the
other browser tests see is unchanged."""

import re

import pytest
from in_browser import DESK, PHONE, assert_accessible, screenshots_folder
from test_clinician_forms import patient_address


@pytest.mark.parametrize("size", ["phone", "desk"])
def test_an_alert_reads_as_a_clinician_writes_and_a_halved_walk_asks_to_be_confirmed(open_as, size):
    page = open_as("clinician")
    page.set_viewport_size(PHONE if size == "phone" else DESK)
    page.goto(patient_address(page, "George Okafor"))
    alerts = page.locator("#alerts .alert")
    texts = [alerts.nth(i).inner_text() for i in range(alerts.count())]
    assert any("refer today (urgent). Red flag answered yes: constant night pain" in t for t in texts), texts
    assert not any(re.search(r"REFER|Failed:|squat_to_chair|red_flags_absent", t) for t in texts), texts
    screenshot_section(page, "#alerts", f"clinician-alert-{size}")

    page.goto(patient_address(page, "Tom Becker"))
    walking = page.locator("article.decision", has=page.get_by_label("Duration (minutes)")).first
    walking.get_by_label("Your decision").select_option("hold")
    walking.get_by_label("Duration (minutes)").fill("1")
    walking.get_by_label("Reason", exact=True).fill("Typed in a hurry")
    walking.get_by_role("button", name="Override").click()
    page.wait_for_load_state()
    warned = page.locator(".field.warning")
    assert re.search(r"This changes the dose from \d+ minutes to 1 minute: less than half of it", warned.inner_text())
    assert page.get_by_label("Yes, I mean this change").is_visible()
    assert_accessible(page)
    screenshot_section(page, "form:has(.field.warning)", f"clinician-override-warning-{size}")


def screenshot_section(page, selector: str, name: str) -> None:
    """A screenshot of the part of the page that matters (the whole patient page is very long)."""
    folder = screenshots_folder()
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(selector).first.screenshot(path=str(folder / f"{name}.png"))
