"""Today on a 360 px phone (issue 12 §4): a header of two rows, today's session first with the
rest of the week folded below it; and the caseload at desk size. Screenshots go to test-artifacts/."""

from in_browser import assert_accessible, screenshot


def rows_of(page, selector: str) -> list[float]:
    """The rows the elements matching ``selector`` sit in: their vertical middles, those within
    16 px of the previous one counted as the same row."""
    middles = sorted(box["y"] + box["height"] / 2 for box in (e.bounding_box() for e in page.locator(selector).all()) if box)
    rows: list[float] = []
    for middle in middles:
        if not rows or middle - rows[-1] > 16:
            rows.append(middle)
    return rows


def test_the_phone_header_is_two_rows_and_todays_session_comes_before_the_folded_week(open_as):
    page = open_as("Tom Becker", phone=True)
    page.goto("/me")
    tops = rows_of(page, "header.top .brand, header.top nav li, header.top .logout")
    assert len(tops) <= 2, f"the header wraps to {len(tops)} rows at 360 px"
    assert page.locator("header.top").bounding_box()["height"] < 110
    session = page.get_by_role("heading", name="Today's exercises")
    week = page.locator("details#rest-of-week")
    assert session.bounding_box()["y"] < week.bounding_box()["y"]
    assert not week.evaluate("element => element.open")  # folded until asked for
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    screenshot(page, "patient-today-phone")
    week.locator("summary").click()
    assert week.evaluate("element => element.open")
    assert week.get_by_text("Tomorrow").is_visible()
    assert_accessible(page)
    screenshot(page, "patient-today-phone-week-open")


def test_the_caseload_at_desk_size(open_as):
    page = open_as("clinician")
    page.goto("/clinic")
    assert page.get_by_role("table").is_visible()
    assert_accessible(page)
    screenshot(page, "caseload-desk")
