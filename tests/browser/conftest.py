"""A real server and a real browser: `rehab serve` on a demo clinic in a temporary SQLite file,
driven by Debian's chromium through Playwright.

The server is the same command a clinic runs (with its check-in worker); the clinic is the demo
clinic cut to its first four people (a flare, a steady one, a stall and a red-flag referral), their
history played through the real engine. Screenshots of key pages go to ``test-artifacts/``.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from in_browser import CHROMIUM, DESK, PHONE, log_in
from playwright.sync_api import Browser, Page, sync_playwright

from rehab.services.demo import CLINICIAN_EMAIL, seed_demo_clinic
from rehab.store.database import make_engine, session_factory, upgrade

PEOPLE = 4  # Rosa (flare), Tom (steady), Amina (stall), George (red-flag referral)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_logins(tmp_path_factory):
    """The demo clinic in a database of this test process; its logins by name (role, email, name).

    Seeding plays weeks of history through the engine (about half a minute of CPU), so the test
    processes of one run (pytest-xdist's workers) seed it once: the first makes it under a lock in
    the run's shared folder, each copies it and then changes only its copy."""
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else \
        tmp_path_factory.getbasetemp()
    seeded, logins_file = shared / "demo-clinic.db", shared / "demo-clinic-logins.json"
    with (shared / "demo-clinic.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not logins_file.exists():
            url = f"sqlite:///{seeded}"
            upgrade(url)
            engine = make_engine(url)
            logins = seed_demo_clinic(session_factory(engine), people=PEOPLE)
            engine.dispose()
            logins_file.write_text(json.dumps(logins))
        logins = json.loads(logins_file.read_text())
    folder = tmp_path_factory.mktemp("browser")
    with closing(sqlite3.connect(seeded)) as source, closing(sqlite3.connect(folder / "rehab.db")) as copy:
        source.backup(copy)  # a whole, consistent copy, whatever the journal mode
    url = f"sqlite:///{folder / 'rehab.db'}"
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
