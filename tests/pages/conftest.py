"""Pages through HTTP without a browser: fast checks of what each page shows and refuses, and of
forms that keep what was typed when something is wrong. The browser tests are in tests/browser."""

import re

import pytest
from clinic_cast import EMAILS, PASSWORD
from fastapi.testclient import TestClient

from rehab.settings import load_settings
from rehab.web.app import create_app


@pytest.fixture
def app(cast, database):
    return create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=cast.sessions, clock=cast.clock)


@pytest.fixture
def browse(app):
    """``browse("carol")``: a client logged in through the login form as that person; its
    ``csrf`` attribute is the token their forms carry. ``browse(None)``: nobody logged in."""
    clients = []

    def _as(name: str | None) -> TestClient:
        client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        clients.append(client)
        client.csrf = ""
        if name is not None:
            response = client.post("/login", data={"email": EMAILS[name], "password": PASSWORD})
            assert response.status_code == 303, response.text
            client.csrf = csrf_of(client.get(response.headers["location"], follow_redirects=True).text)
        return client

    yield _as
    for client in clients:
        client.close()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)
