"""What the browser tests share: screen sizes, logging in, the accessibility check, screenshots.
(A module of its own, not conftest: test modules import these by name.)"""

from __future__ import annotations

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from rehab.services.demo import DEMO_PASSWORD

CHROMIUM = os.environ.get("REHAB_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core's WCAG 2 A/AA rules find nothing on the page as it is now."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
                for v in results.response["violations"]]
    assert not problems, "\n".join(problems)


def screenshots_folder() -> Path:
    """Where screenshots go: the folder named by REHAB_SCREENSHOTS (for a reviewer to look at), or
    ``test-artifacts/``."""
    return Path(os.environ.get("REHAB_SCREENSHOTS") or ARTIFACTS)


def screenshot(page: Page, name: str) -> None:
    folder = screenshots_folder()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


EXAMPLE_INTAKE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "margaret.json"


class ClinicOfItsOwn:
    """A clinic with one clinician, for browser tests that plan their own patients, so the demo clinic's
    caseload, which other tests read, is untouched. ``enrol`` plans each patient's program today from
    the example intake, changed by ``change`` (a comorbidity, a blood pressure...)."""

    def __init__(self, url: str, name: str, domain: str, admin_name: str, clinician_name: str) -> None:
        from rehab.contracts.records import UserIn
        from rehab.services import accounts
        from rehab.services.access import Actor
        from rehab.store.database import make_engine, session_factory
        from rehab.store.unit_of_work import UnitOfWork

        self.engine = make_engine(url)
        self.uow = UnitOfWork(session_factory(self.engine))
        admin = accounts.create_clinic(self.uow, name, f"admin@{domain}", admin_name, DEMO_PASSWORD)
        clinician = accounts.create_user(self.uow, Actor(admin.id, "admin", admin.clinic_id), UserIn(
            email=f"clinician@{domain}", display_name=clinician_name, role="clinician", password=DEMO_PASSWORD))
        self.clinician = Actor(clinician.id, "clinician", clinician.clinic_id)

    def enrol(self, name: str, email: str, change, condition: str = "back pain") -> None:
        import json
        from datetime import UTC, datetime

        from rehab.contracts.planning import IntakeIn
        from rehab.contracts.records import PatientIn, PlannedProgramIn
        from rehab.services import patients, programs

        day = datetime.now(UTC).date()
        person = patients.enrol_patient(self.uow, self.clinician, PatientIn(
            display_name=name, condition=condition, enrolled_on=day, email=email, password=DEMO_PASSWORD))
        intake = json.loads(EXAMPLE_INTAKE.read_text())
        intake["today"] = day.isoformat()
        change(intake)
        programs.plan_program(self.uow, self.clinician, person.id, PlannedProgramIn(
            reason="planned", intake=IntakeIn.model_validate(intake)))

    def close(self) -> None:
        self.engine.dispose()
