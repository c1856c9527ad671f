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
