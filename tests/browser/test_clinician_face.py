"""The clinician's desk in a real browser: triage the caseload, open the patient with a flare,
override a decision with a reason. And a patient on a phone cannot open another patient's page.

The demo clinic is shared by every browser test, so these tests write only what cannot move
another test's patient: the override keeps Rosa's flare plan for walking (she stays a flare on
the caseload) and changes only today's sit-to-stand decision, once.
"""

import re

from in_browser import assert_accessible, screenshot
from playwright.sync_api import Page, expect


def caseload_rows(page: Page) -> list[tuple[str, str, str]]:
    """(name, badge, reason) of each row, top to bottom."""
    rows = page.locator("table.caseload tbody tr")
    out = []
    for n in range(rows.count()):
        row = rows.nth(n)
        out.append((row.locator("th a").inner_text(), row.locator(".badge").inner_text(),
                    row.locator("td").nth(1).inner_text()))
    return out


def test_a_clinician_triages_the_caseload_with_the_referral_and_the_flare_on_top(open_as):
    page = open_as("clinician")
    assert page.url.endswith("/clinic")
    rows = caseload_rows(page)
    top = {name: (badge, reason) for name, badge, reason in rows[:2]}
    assert set(top) == {"George Okafor", "Rosa Díaz"}, rows
    assert top["George Okafor"][0] == "Referral" and "refer today (urgent). Red flag answered yes" in top["George Okafor"][1]
    assert top["Rosa Díaz"][0] == "Flare" and "flare-up" in top["Rosa Díaz"][1]
    assert re.search(r"\d+ open alerts?", page.locator(".caseload-alerts").inner_text())
    assert_accessible(page)
    screenshot(page, "clinic-caseload")
    # The filters are a plain form: choose, press Show, and the address says what is shown.
    page.get_by_label("Need").select_option("flare")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "need=flare" in page.url
    assert [name for name, _, _ in caseload_rows(page)] == ["Rosa Díaz"]


def test_a_clinician_opens_the_patient_with_a_flare_and_overrides_a_decision_with_a_reason(open_as):
    page = open_as("clinician")
    page.get_by_role("link", name="Rosa Díaz").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Rosa Díaz", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Pain, 0 to 10"))).to_be_visible()
    assert page.get_by_role("heading", name="Latest decisions").is_visible()
    assert_accessible(page)
    screenshot(page, "clinic-patient")

    decision = page.locator("article.decision", has=page.get_by_role("heading", name=re.compile("^Sit to stand:")))
    # Without a reason nothing is stored: the problem is said next to the field, the choice is kept.
    decision.get_by_label("Your decision").select_option("hold")
    decision.get_by_role("button", name="Override").click()
    page.wait_for_load_state()
    decision = page.locator("article.decision", has=page.get_by_role("heading", name=re.compile("^Sit to stand:")))
    expect(decision.locator(".field-problem").first).to_be_visible()
    expect(decision.get_by_label("Your decision")).to_have_value("hold")
    # With a reason it is stored and shown beside the engine's decision.
    reason = "Sit to stand did not hurt at today's visit; keep the dose while walking follows the flare plan"
    decision.get_by_label("Reason", exact=True).fill(reason)
    decision.get_by_role("button", name="Override").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_have_text("Decision overridden.")
    decision = page.locator("article.decision", has=page.get_by_role("heading", name=re.compile("^Sit to stand:")))
    expect(decision.locator(".verdict")).to_contain_text(f"Overridden: hold - {reason}")
    page.reload()
    expect(page.locator(".verdict").first).to_contain_text(reason)  # stored, not just shown once
    screenshot(page, "clinic-patient-overridden")


def test_a_patient_on_a_phone_cannot_open_another_patients_page(open_as):
    clinician = open_as("clinician")
    rosa = clinician.get_by_role("link", name="Rosa Díaz").get_attribute("href")
    tom = open_as("Tom Becker", phone=True)
    response = tom.goto(rosa)
    assert response.status in (403, 404)
    assert "Rosa" not in tom.content()
    screenshot(tom, "clinic-refused-to-a-patient")


def test_the_enrol_form_says_what_is_missing_and_keeps_what_was_typed(open_as):
    page = open_as("clinician")
    page.get_by_role("link", name="Enrol a patient").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Name").fill("Nadia Haddad")
    page.get_by_label("Year of birth (optional)").fill("nineteen seventy")
    page.get_by_role("button", name="Enrol").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Nadia Haddad")
    expect(page.get_by_label("Year of birth (optional)")).to_have_value("nineteen seventy")
    expect(page.locator("#f-condition-problem")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "clinic-enrol-problems")
