import pytest
from clinic_cast import EMAILS, PASSWORD
from fastapi.testclient import TestClient

from rehab.settings import load_settings
from rehab.web.app import create_app


@pytest.fixture
def client(cast, database):
    app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=cast.sessions, clock=cast.clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def tokens(client):
    out = {}
    for name, email in EMAILS.items():
        response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        out[name] = response.json()["token"]
    client.cookies.clear()  # each request below says who it is with its bearer token
    return out
