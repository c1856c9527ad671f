"""A real server and a real browser: `rehab serve` on a demo clinic in a temporary SQLite file,
driven by Debian's chromium through Playwright.

The server is the same command a clinic runs (with its check-in worker); the clinic is the demo
clinic cut to its first four people (a flare, a steady one, a stall and a red-flag referral), their
history played through the real engine. Screenshots of key pages go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from rehab.services.demo import CLINICIAN_EMAIL, DEMO_PASSWORD, seed_demo_clinic
from rehab.store.database import make_engine, session_factory, upgrade

CHROMIUM = os.environ.get("REHAB_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}
PEOPLE = 4  # Rosa (flare), Tom (steady), Amina (stall), George (red-flag referral)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_logins(tmp_path_factory):
    """The demo clinic in a fresh database; its logins by name (role, email, name)."""
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'rehab.db'}"
    upgrade(url)
    engine = make_engine(url)
    logins = seed_demo_clinic(session_factory(engine), people=PEOPLE)
    engine.dispose()
    return url, {name: (role, email) for role, email, name in logins}


@pytest.fixture(scope="session")
def server(demo_logins, tmp_path_factory):
    """`rehab serve` (with its worker) on a free port; its base address. What it prints goes to a
    file, shown if it fails to start."""
    url, _ = demo_logins
    port = _free_port()
    env = {**os.environ, "REHAB_DATABASE_URL": url, "REHAB_CHECKIN_DELAY_SECONDS": "0"}
    log = tmp_path_factory.mktemp("server") / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "rehab", "serve", "--port", str(port)], env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"rehab serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: `make test` installs Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, server, demo_logins):
    """``open_as("Rosa Díaz", phone=True)``: a page in a fresh browser context, logged in as that person."""
    _, logins = demo_logins
    contexts = []

    def _open(name: str, phone: bool = False) -> Page:
        email = CLINICIAN_EMAIL if name == "clinician" else logins[name][1]
        context = browser.new_context(base_url=server, viewport=PHONE if phone else DESK,
                                      is_mobile=phone, has_touch=phone)
        contexts.append(context)
        page = context.new_page()
        log_in(page, email)
        return page

    yield _open
    for context in contexts:
        context.close()


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


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
