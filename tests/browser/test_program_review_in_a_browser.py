"""A stall, end to end, with a real server and chromium: reformulate, the guided review, a new
program version the patient sees on her phone.

Hana Ito (enrolled here through the services into the demo clinic's database the server runs on)
has done her sit-to-stand at 2 x 10 for eight weeks; every session is hard work (effort 9/10), so
it has never advanced and the engine decided "reformulate". Her walks mostly have not happened and
her diary says about 5 hours of sleep a night. In the browser: Dr Rivera starts the review from the
alert, finds her low adherence and short sleep already ticked with her numbers, is told on the form
that a review needs a reason, then moves walking first and makes the sit-to-stand a time-based
quota. The review shows on Hana's page; on a phone-sized screen Hana reads why her plan changed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from in_browser import DESK, PHONE, assert_accessible, log_in, screenshot
from playwright.sync_api import expect
from sqlalchemy import select

from rehab.contracts.records import DiaryEntryIn, PatientIn, PrescriptionIn, ProgramIn, SessionLogIn
from rehab.core.models import Strategy
from rehab.services import logs, patients, programs
from rehab.services.access import Actor
from rehab.services.demo import CLINICIAN_EMAIL
from rehab.store import tables
from rehab.store.database import make_engine, session_factory
from rehab.store.unit_of_work import UnitOfWork

HANA = ("Hana Ito", "hana@demo.rehab", "a long password for hana")


@pytest.fixture(scope="module")
def hana(demo_logins):
    """Hana enrolled 60 days ago, her program started then, eight weeks of her records written now
    (the late-entry limit lifted, as the test clinic does)."""
    url, _ = demo_logins
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = lambda: datetime.now(UTC)  # noqa: E731 - the server's clock
    with sessions() as session:
        user = session.scalar(select(tables.User).where(tables.User.email == CLINICIAN_EMAIL))
        clinician = Actor(user.id, "clinician", user.clinic_id)
    today = clock().date()
    name, email, password = HANA
    uow = lambda: UnitOfWork(sessions, clock, late_entry_days=366, days_before_enrolment=366)  # noqa: E731
    out = patients.enrol_patient(uow(), clinician, PatientIn(
        display_name=name, condition="chronic low back pain", enrolled_on=today - timedelta(days=60),
        email=email, password=password))
    programs.set_program(uow(), clinician, out.id, ProgramIn(reason="first program", prescriptions=[
        PrescriptionIn(activity_id="sit_to_stand", name="Sit to stand", strategy=Strategy.SYMPTOM_CONTINGENT,
                       dose={"sets": 2, "reps": 10}, sessions_per_week=3),
        PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                       dose={"duration_s": 1200}, sessions_per_week=5, increments={"duration_s": {"minimum": 60}})]))
    with sessions() as session, session.begin():
        for state in session.scalars(select(tables.ActivityState).where(tables.ActivityState.patient_id == out.id)):
            state.started_on = today - timedelta(days=60)
    me = Actor(out.user_id, "patient", clinician.clinic_id, out.id)
    for n in range(56, 0, -1):
        day = today - timedelta(days=n)
        logs.log_diary(uow(), me, out.id, DiaryEntryIn(id=uuid.uuid4(), date=day, pain=4, pain_next_morning=4,
                                                       sleep_hours=5.0))
        if day.weekday() in (0, 2, 4):
            logs.log_session(uow(), me, out.id, SessionLogIn(
                id=uuid.uuid4(), activity_id="sit_to_stand", date=day, completed={"sets": 2, "reps": 10},
                pain_during=3, pain_after=3, rpe=9))
        if n in (27, 20, 13, 6):
            logs.log_session(uow(), me, out.id, SessionLogIn(
                id=uuid.uuid4(), activity_id="walking", date=day, completed={"duration_s": 1200},
                pain_during=3, pain_after=3, rpe=5))
    engine.dispose()
    return out


def _page(browser, server, email, password=None, phone=False):
    context = browser.new_context(base_url=server, viewport=PHONE if phone else DESK, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    log_in(page, email, *(() if password is None else (password,)))
    return context, page


def test_a_stall_leads_through_the_guided_review_to_a_new_plan_the_patient_sees(browser, server, hana):
    clinic, page = _page(browser, server, CLINICIAN_EMAIL)
    page.goto(f"/clinic/patients/{hana.id}")
    alerts = page.locator("section#alerts")
    expect(alerts).to_contain_text("Sit to stand")
    alerts.get_by_role("link", name="Start review").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("program review")

    # What the records show is ticked already, with Hana's numbers and the rule's source.
    barriers = page.locator("fieldset#barriers")
    expect(barriers.locator('input[value="adherence"]')).to_be_checked()
    expect(barriers.locator('input[value="sleep"]')).to_be_checked()
    expect(barriers.locator('[data-barrier="sleep"] .seen')).to_contain_text("5.0 hours of sleep a night")
    expect(barriers.locator('[data-barrier="adherence"] .seen')).to_contain_text("planned sessions")
    expect(barriers.locator('input[value="dose_too_high"]')).not_to_be_checked()
    assert_accessible(page)

    # Walking first, the sit-to-stand by quota; without a reason nothing is saved.
    page.locator('[data-activity="walking"]').get_by_label("Place in the order").fill("1")
    stand = page.locator('[data-activity="sit_to_stand"]')
    stand.get_by_label("Place in the order").fill("2")
    stand.get_by_label("Strategy").select_option("time_contingent")
    barriers.locator('input[value="workload"]').check()
    page.get_by_label("Note on workload and other demands on time (optional)").fill("long shifts at the shop")
    page.get_by_role("button", name="Save the review and the new plan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    expect(page.locator("#f-reason-problem")).to_be_visible()
    expect(page.locator('[data-activity="sit_to_stand"]').get_by_label("Strategy")).to_have_value("time_contingent")

    page.get_by_label("Your reason for the change").fill(
        "Short nights and long shifts: walk first, and build the sit-to-stand by quota, not by how it feels.")
    page.get_by_role("button", name="Save the review and the new plan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Review saved: program version 2")
    review = page.locator("section#reviews article.review")
    expect(review).to_contain_text("Sleep")
    expect(review).to_contain_text("Sit to stand: symptom contingent → time contingent")
    expect(page.locator("section#alerts")).not_to_contain_text("Start review")
    assert_accessible(page)
    screenshot(page, "clinician-program-review")
    clinic.close()

    phone, me = _page(browser, server, HANA[1], HANA[2], phone=True)
    me.goto("/me")
    changed = me.locator("#plan-change")
    expect(changed).to_contain_text("Your plan changed")
    expect(changed).to_contain_text("your sleep has been short")
    expect(changed).to_contain_text("how your exercise will build up")
    assert "§" not in changed.inner_text() and "contingent" not in changed.inner_text()
    assert me.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing off the side
    assert_accessible(me)
    screenshot(me, "patient-plan-changed-after-review")
    phone.close()
