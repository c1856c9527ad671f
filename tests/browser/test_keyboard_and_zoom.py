"""Keyboard and zoom: the first Tab reaches "Skip to content" and shows where focus is; the
clinician's pages reflow at 200 % zoom (a 1280 px screen at 200 % is 640 CSS px wide) without the
page scrolling sideways (wide tables scroll inside their own box)."""

from in_browser import assert_accessible


def _focus_outline(page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_the_first_tab_reaches_skip_to_content_and_focus_is_visible(open_as):
    page = open_as("clinician")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
    assert _focus_outline(page) == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_a_patient_can_reach_and_press_the_flare_button_with_the_keyboard_alone(open_as):
    page = open_as("Amina Yusuf", phone=True)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "I'm having a flare":
            break
    else:
        raise AssertionError("the flare button cannot be reached with Tab")
    assert _focus_outline(page) == "solid"


def test_the_clinicians_pages_reflow_at_200_percent_zoom(open_as):
    page = open_as("clinician")
    page.set_viewport_size({"width": 640, "height": 800})
    page.goto("/clinic")
    link = page.get_by_role("link", name="Rosa Díaz")
    patient_page = link.get_attribute("href")
    for url in ("/clinic", patient_page):
        page.goto(url)
        wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wide <= 1, f"{url} scrolls sideways by {wide} px at 200 % zoom"
    assert_accessible(page)
