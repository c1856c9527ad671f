"""A clinician re-baselines from the patient page in a real browser (clinical reference §7.2 step 5).

George Okafor's GP changed his analgesic; his pain settled at a new level. Dr Rivera first tries a
window too short for a baseline and is told why on the form, then re-baselines on the last 14 days
and sees the new baseline, its reason and her name. Writes go to George only (as in
test_clinician_forms.py), so the other browser tests see the clinic as seeded.
"""

import re
from datetime import date, timedelta

from in_browser import assert_accessible, screenshot
from playwright.sync_api import expect


def test_a_clinician_re_baselines_after_a_medication_change_and_sees_the_new_baseline(open_as):
    page = open_as("clinician")
    page.goto("/clinic")
    page.get_by_role("link", name="George Okafor").click()
    page.wait_for_load_state()
    section = page.locator("section#baseline")
    expect(section.get_by_role("heading", name="Personal baseline")).to_be_visible()
    form = section.locator('form[action$="/baseline"]')
    default_first = form.get_by_label("First day").input_value()
    default_last = form.get_by_label("Last day").input_value()
    assert (date.fromisoformat(default_last) - date.fromisoformat(default_first)).days + 1 == 14  # up to yesterday

    # Three days are not a baseline (§7.2 step 1): refused on the form, with what was typed kept.
    form.get_by_label("Why").select_option("medication_change")
    form.get_by_label("First day").fill((date.fromisoformat(default_last) - timedelta(days=2)).isoformat())
    form.get_by_role("button", name="Re-baseline").click()
    page.wait_for_load_state()
    section = page.locator("section#baseline")
    expect(section.get_by_role("alert")).to_contain_text("The baseline was not moved")
    expect(section.locator("#f-first-problem")).to_contain_text("a baseline needs at least 7")
    expect(section.get_by_label("Why")).to_have_value("medication_change")
    assert_accessible(page)

    # The last 14 days, with a note of what changed.
    form = section.locator('form[action$="/baseline"]')
    form.get_by_label("First day").fill(default_first)
    form.get_by_label("Last day").fill(default_last)
    form.get_by_label("Note (optional)").fill("GP changed his analgesic; pain settled at a new level")
    form.get_by_role("button", name="Re-baseline").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Baseline moved")
    section = page.locator("section#baseline")
    text = section.inner_text()
    assert "Medication change" in text and "by Dr Sam Rivera on" in text, text
    assert f"{default_first} to " in text
    assert "GP changed his analgesic" in text
    assert re.search(r"Usual pain\s*\d+\.\d/10", text), text
    assert_accessible(page)
    screenshot(page, "clinician-rebaseline")
