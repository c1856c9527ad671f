"""A fear-avoidant patient's course of graded exposure, end to end, with a real server and chromium.

Priya Shah has avoided bending and lifting since her back pain began: she believes her back will
give way. Her clinician has prescribed graded exposure (enrolled here through the services, with two
weeks of her diary, into the demo clinic's database the server runs on). In the browser: Dr Rivera
builds the fear hierarchy with her (one of the library's daily activities and her own words, each
rated for harm), and agrees which safety behaviours to note; Priya, on a phone-sized screen, runs two
behavioural experiments with the least feared activity; the feared outcome does not happen twice in
a row, so the check-in moves her up the hierarchy; Dr Rivera sees the move and the experiments.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from in_browser import DESK, PHONE, assert_accessible, log_in, screenshot
from playwright.sync_api import expect
from sqlalchemy import select

from rehab.contracts.records import DiaryEntryIn, PatientIn, PrescriptionIn, ProgramIn
from rehab.core.models import Strategy
from rehab.services import logs, patients, programs
from rehab.services.access import Actor
from rehab.services.demo import CLINICIAN_EMAIL
from rehab.store import tables
from rehab.store.database import make_engine, session_factory
from rehab.store.unit_of_work import UnitOfWork

PRIYA = ("Priya Shah", "priya@demo.rehab", "a long password for priya")


@pytest.fixture(scope="module")
def priya(demo_logins):
    """Priya enrolled in the demo clinic with a graded-exposure program and two weeks of diary."""
    url, _ = demo_logins
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = lambda: datetime.now(UTC)  # noqa: E731 - the server's clock
    with sessions() as session:
        user = session.scalar(select(tables.User).where(tables.User.email == CLINICIAN_EMAIL))
        clinician = Actor(user.id, "clinician", user.clinic_id)
    today = clock().date()
    name, email, password = PRIYA
    out = patients.enrol_patient(UnitOfWork(sessions, clock), clinician, PatientIn(
        display_name=name, condition="chronic low back pain, fear of bending", enrolled_on=today - timedelta(days=20),
        email=email, password=password))
    programs.set_program(UnitOfWork(sessions, clock), clinician, out.id, ProgramIn(reason="fear of bending", prescriptions=[
        PrescriptionIn(activity_id="graded_exposure", name="Feared activities, step by step",
                       strategy=Strategy.GRADED_EXPOSURE, dose={"reps": 5}, sessions_per_week=2)]))
    me = Actor(out.user_id, "patient", clinician.clinic_id, out.id)
    for n in range(14, 0, -1):  # two weeks written now, as the test clinic does (the late-entry limit lifted)
        logs.log_diary(UnitOfWork(sessions, clock, late_entry_days=366), me, out.id,
                       DiaryEntryIn(id=uuid.uuid4(), date=today - timedelta(days=n), pain=(4, 3, 4, 5)[n % 4]))
    engine.dispose()
    return out


def _page(browser, server, email, password=None, phone=False):
    context = browser.new_context(base_url=server, viewport=PHONE if phone else DESK, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    log_in(page, email, *(() if password is None else (password,)))
    return context, page


def _add(page, harm: str, goal: str, library: str | None = None, words: str = ""):
    form = page.locator('form[action$="/exposure/items"]')
    if library:
        form.get_by_label("One of the library's daily activities").select_option(label=library)
    form.get_by_label("The activity in the person's words").fill(words)
    form.get_by_label("How harmful it feels, 0-100").fill(harm)
    form.get_by_label("The goal it stands in the way of").fill(goal)
    form.get_by_role("button", name="Add to the hierarchy").click()
    page.wait_for_load_state()


def _experiment(page, outcome: str, belief_after: str):
    page.goto("/me")
    page.get_by_role("link", name="Try one of your activities").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Start an experiment").click()
    page.wait_for_load_state()
    expect(page.get_by_role("radio", name="bending to load the dishwasher")).to_be_checked()  # the current item
    page.get_by_label("What do you fear will happen?").fill("my back will give way")
    page.get_by_role("group", name="How sure are you that it will happen?").get_by_text("8", exact=True).click()
    page.get_by_role("button", name="Next: do the activity").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Now do it: bending to load the dishwasher")).to_be_visible()
    page.get_by_label("What happened?").fill(outcome)
    page.get_by_role("group", name="Did what you feared happen?").get_by_text("No", exact=True).click()
    page.get_by_role("group", name="If you did it again, how sure are you that it would happen?").get_by_text(belief_after, exact=True).click()
    page.get_by_role("group", name="Your worst pain during it").get_by_text("4", exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the form scrolls sideways"
    page.get_by_role("button", name="Save my experiment").click()
    page.wait_for_load_state()
    assert page.url.endswith("/me/experiments")


def test_a_fear_avoidant_patient_moves_up_her_hierarchy_after_two_experiments(browser, server, priya):
    # Dr Rivera builds the hierarchy with Priya.
    desk, clinician = _page(browser, server, CLINICIAN_EMAIL)
    clinician.goto(f"/clinic/patients/{priya.id}")
    clinician.get_by_role("link", name="Fear hierarchy").click()
    clinician.wait_for_load_state()
    _add(clinician, "40", "keep the kitchen going", words="bending to load the dishwasher")
    _add(clinician, "55", "do the weekly shop on foot", library="Carrying shopping")
    _add(clinician, "70", "look after my grandson on Fridays", words="lifting my grandson")
    clinician.get_by_label("One a line").fill("bracing\nholding my breath")
    clinician.get_by_role("button", name="Save the list").click()
    clinician.wait_for_load_state()
    rows = clinician.locator("table.hierarchy tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("practised now")
    expect(rows.nth(0)).to_contain_text("bending to load the dishwasher")
    expect(rows.nth(1)).to_contain_text("Carrying shopping")
    assert_accessible(clinician)
    screenshot(clinician, "clinician-fear-hierarchy")

    # Priya runs two experiments on her phone.
    phone, patient = _page(browser, server, PRIYA[1], PRIYA[2], phone=True)
    _experiment(patient, "it ached a bit, then it settled", "3")
    expect(patient.locator(".evidence")).to_contain_text("You were 8 out of 10 sure it would happen")
    expect(patient.locator(".next")).to_contain_text("bending to load the dishwasher")  # not yet: once is not enough
    _experiment(patient, "stiff at first, fine after", "2")
    evidence = patient.locator(".evidence li")
    expect(evidence).to_have_count(2)
    expect(evidence.first).to_contain_text("What you feared did not happen")
    expect(evidence.first).to_contain_text("After, you were 2 out of 10 sure")
    # The check-in moved her up the hierarchy.
    expect(patient.locator(".next")).to_contain_text("Next activity to try: Carrying shopping")
    assert patient.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(patient)
    screenshot(patient, "patient-experiments-evidence")

    # Dr Rivera sees the move and the experiments.
    clinician.reload()
    rows = clinician.locator("table.hierarchy tbody tr")
    expect(rows.nth(1)).to_contain_text("practised now")
    expect(rows.nth(1)).to_contain_text("Carrying shopping")
    expect(clinician.locator("table.experiments tbody tr")).to_have_count(2)
    screenshot(clinician, "clinician-fear-hierarchy-moved-up")
    desk.close()
    phone.close()
