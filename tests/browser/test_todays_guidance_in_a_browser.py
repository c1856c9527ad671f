"""What a patient sees on Today in a real browser, on a phone, for each combination of a red flag
she ticked and a flare she declared (clinical reference §4.2: a red flag stops exercise until a
clinician has seen her; §5: a flare cuts each dose to about half).

Four patients of a clinic of their own (so the demo clinic's caseload, which other tests read, is
untouched), each with the same program, each doing in the browser what she would do: Nina does
nothing special, Rita ticks a red flag, Fay presses the flare button, Bea does both. Screenshots go
to $REHAB_SCREENSHOTS (or test-artifacts/) as today-<case>*.png.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from in_browser import PHONE, assert_accessible, log_in, screenshot
from playwright.sync_api import Page

from rehab.contracts.records import PatientIn, PrescriptionIn, ProgramIn, UserIn
from rehab.core.engine.messages import REFERRAL_ADVICE, describe_dose
from rehab.core.models import Strategy, Urgency
from rehab.services import accounts, patients, programs
from rehab.services.access import Actor
from rehab.services.demo import DEMO_PASSWORD
from rehab.store.database import make_engine, session_factory
from rehab.store.unit_of_work import UnitOfWork

PROGRAM = [
    PrescriptionIn(activity_id="sit_to_stand_chair", name="Sit to stand", dose={"sets": 2, "reps": 10}, sessions_per_week=3),
    PrescriptionIn(activity_id="bridge", name="Bridge", dose={"sets": 2, "reps": 8}, sessions_per_week=3),
    PrescriptionIn(activity_id="heel_raise_two_legs", name="Heel raises", dose={"sets": 3, "reps": 12}, sessions_per_week=3),
    PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT, dose={"duration_s": 900},
                   sessions_per_week=5, increments={"duration_s": {"minimum": 60}}),
]
STARTING = ["2 sets of 10", "2 sets of 8", "3 sets of 12", "15 minutes"]
PEOPLE = {"neither": "Nina Brandt", "red_flag": "Rita Osei", "flare": "Fay Moreau", "both": "Bea Lindahl"}
WEIGHT_LOSS = "Have you lost weight without trying?"  # an urgent red flag: contact the clinic today


@pytest.fixture(scope="module")
def harbour(demo_logins):
    """Harbour Physio, in the browser tests' database: a clinician and the four patients, each with
    the program above; returns (the way to read their records, emails by case)."""
    url, _ = demo_logins
    engine = make_engine(url)
    sessions = session_factory(engine)
    uow = UnitOfWork(sessions)
    admin = accounts.create_clinic(uow, "Harbour Physio (browser tests)", "admin@harbour.test", "Hal Admin", DEMO_PASSWORD)
    clinician = accounts.create_user(uow, Actor(admin.id, "admin", admin.clinic_id), UserIn(
        email="clinician@harbour.test", display_name="Dr Ada Lowe", role="clinician", password=DEMO_PASSWORD))
    bob = Actor(clinician.id, "clinician", clinician.clinic_id)
    emails, ids = {}, {}
    for case, name in PEOPLE.items():
        email = f"{case.replace('_', '-')}@harbour.test"
        out = patients.enrol_patient(uow, bob, PatientIn(display_name=name, condition="chronic low back pain",
                                                         enrolled_on=datetime.now(UTC).date(), email=email,
                                                         password=DEMO_PASSWORD))
        programs.set_program(uow, bob, out.id, ProgramIn(reason="first program", prescriptions=PROGRAM))
        emails[case], ids[case] = email, out.id

    def current_doses(case: str) -> list[str]:
        program = programs.get_program(UnitOfWork(sessions), bob, ids[case])
        by_id = {p.activity_id: describe_dose_of(p.current_dose) for p in program.prescriptions}
        return [by_id[p.activity_id] for p in PROGRAM]

    yield current_doses, emails
    engine.dispose()


def describe_dose_of(stored: dict) -> str:
    from rehab.contracts.checkin import DoseIn

    return describe_dose(DoseIn.model_validate(stored).to_core())


@pytest.fixture
def as_patient(browser, server, harbour):
    _, emails = harbour
    contexts = []

    def _open(case: str) -> Page:
        context = browser.new_context(base_url=server, viewport=PHONE, is_mobile=True, has_touch=True)
        contexts.append(context)
        page = context.new_page()
        log_in(page, emails[case])
        return page

    yield _open
    for context in contexts:
        context.close()


def tick_a_red_flag(page: Page) -> None:
    page.goto("/me/help")
    page.get_by_label(WEIGHT_LOSS).check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()


def press_the_flare_button(page: Page) -> None:
    page.goto("/me")
    page.get_by_role("button", name="I'm having a flare").click()
    page.wait_for_load_state()
    assert "/me/flare?entry=" in page.url


def card_doses(page: Page) -> list[str]:
    """The dose on each card (of Today or the flare page), top to bottom, as the patient reads it."""
    return [re.sub(r"^\s*(Today|For now):\s*", "", t).strip().lower() for t in page.locator(".card .dose").all_inner_texts()]


def log_buttons(page: Page) -> int:
    return page.get_by_role("link", name=re.compile(r"^Log ")).count()


def guidance(page: Page) -> str:
    return page.locator("#guidance").inner_text()


# ---- neither --------------------------------------------------------------------------------------

def test_on_an_ordinary_day_she_sees_her_exercises_at_their_doses_with_log_buttons(as_patient):
    page = as_patient("neither")
    page.goto("/me")
    assert "Here is what to do today." in guidance(page)
    assert sorted(card_doses(page)) == sorted(STARTING)
    assert log_buttons(page) == 4
    assert page.get_by_role("alert").count() == 0
    assert_accessible(page)
    screenshot(page, "today-neither")


# ---- red flag only --------------------------------------------------------------------------------

def test_after_a_red_flag_she_is_told_to_contact_her_clinic_today_and_sees_nothing_to_do_or_log(as_patient):
    page = as_patient("red_flag")
    tick_a_red_flag(page)
    page.goto("/me")
    alert = page.get_by_role("alert")
    assert alert.is_visible() and REFERRAL_ADVICE[Urgency.URGENT] in alert.inner_text()
    assert alert.bounding_box()["y"] < PHONE["height"]  # on the first screen
    assert page.locator(".card").count() == 0 and log_buttons(page) == 0
    assert not any(dose in page.locator("main").inner_text() for dose in STARTING)
    assert_accessible(page)
    screenshot(page, "today-red-flag")
    # typing the log address does not get round it
    page.goto("/me/log/bridge")
    assert REFERRAL_ADVICE[Urgency.URGENT] in page.get_by_role("alert").inner_text()
    assert page.get_by_role("button", name="Save").count() == 0
    screenshot(page, "today-red-flag-log-address")


# ---- flare only -----------------------------------------------------------------------------------

def test_in_a_flare_she_sees_exactly_the_reduced_doses_on_today_and_on_the_flare_page(as_patient, harbour):
    current_doses, _ = harbour
    page = as_patient("flare")
    press_the_flare_button(page)
    flare_doses = card_doses(page)
    screenshot(page, "today-flare-plan")
    page.goto("/me")
    assert guidance(page).startswith("You are on your flare plan, so do the smaller doses below")
    shown = card_doses(page)
    reduced = current_doses("flare")  # what the engine set, read from her records
    assert sorted(shown) == sorted(reduced) == sorted(flare_doses)
    assert all(now != before for now, before in zip(reduced, STARTING, strict=True))  # each one cut
    assert "2 sets of 5" in shown and "1 sets" not in page.locator("main").inner_text()
    assert log_buttons(page) == 4
    assert_accessible(page)
    screenshot(page, "today-flare")


# ---- both -----------------------------------------------------------------------------------------

def test_a_flare_after_a_red_flag_waits_for_the_clinician_and_today_shows_nothing_to_do_or_log(as_patient):
    page = as_patient("both")
    tick_a_red_flag(page)
    press_the_flare_button(page)
    assert "Your flare is recorded" in page.get_by_role("status").inner_text()
    alert = page.get_by_role("alert")
    assert REFERRAL_ADVICE[Urgency.URGENT] in alert.inner_text()
    assert "Your flare plan waits until your clinician has checked your answers." in alert.inner_text()
    assert page.locator(".card .dose").count() == 0
    screenshot(page, "today-both-flare-page")
    page.goto("/me")
    assert REFERRAL_ADVICE[Urgency.URGENT] in page.get_by_role("alert").inner_text()
    assert "flare plan" not in guidance(page)
    assert page.locator(".card").count() == 0 and log_buttons(page) == 0
    assert_accessible(page)
    screenshot(page, "today-both")
