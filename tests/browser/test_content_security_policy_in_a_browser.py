"""The pages under their Content Security Policy in a real browser: chromium reports no violation
(nothing inline was blocked), the stylesheet is applied and the script of progressive enhancement
runs. (Each page's headers are checked without a browser in tests/pages/test_response_headers.py.)"""

from test_clinician_forms import patient_address

# Recorded before any page script runs (an init script is not subject to the page's policy).
WATCH = ("window.__violations = [];"
         "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
         "e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


def _violations(page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state()
    assert "content-security-policy" in (page.context.request.get(path).headers)
    return page.evaluate("window.__violations")


def test_the_clinicians_pages_run_under_the_policy(open_as):
    page = open_as("clinician")
    page.add_init_script(WATCH)
    address = patient_address(page, "Tom Becker")
    for path in ("/clinic", address, address + "/program", address + "/goals", address + "/assessments"):
        assert _violations(page, path) == [], path
    # the stylesheet is applied: the skip link sits off screen until focused
    assert page.evaluate("document.styleSheets.length") >= 1
    assert page.evaluate("getComputedStyle(document.querySelector('.skip')).position") != "static"
    # the script runs: weeks pregnant are asked only once pregnancy is ticked
    page.goto(address + "/program")
    page.locator("details.planner summary").click()
    weeks = page.locator('input[name="gestation_weeks"]')
    assert not weeks.is_visible()
    page.locator('label:has(input[name="comorbidities"][value="pregnancy"])').click()
    assert weeks.is_visible()


def test_the_patients_pages_run_under_the_policy(open_as):
    page = open_as("Tom Becker", phone=True)
    page.add_init_script(WATCH)
    for path in ("/me", "/me/diary", "/me/progress", "/me/flare", "/me/help", "/me/learn"):
        assert _violations(page, path) == [], path
