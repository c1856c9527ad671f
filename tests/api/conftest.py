import pytest
from databases import rolled_back, sqlite_database
from fastapi.testclient import TestClient
from clinic_cast import PASSWORD, make_cast

from rehab.settings import load_settings
from rehab.web.app import create_app


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    return sqlite_database(tmp_path_factory.mktemp("api"))


@pytest.fixture
def cast(database):
    for sessions in rolled_back(database):
        yield make_cast(sessions)


@pytest.fixture
def client(cast, database):
    app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=cast.sessions, clock=cast.clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


EMAILS = {"alice": "alice@riverside.test", "bob": "bob@riverside.test", "carol": "carol@riverside.test",
          "dave": "dave@riverside.test", "erin": "erin@hilltop.test", "frank": "frank@hilltop.test"}


@pytest.fixture
def tokens(client):
    out = {}
    for name, email in EMAILS.items():
        response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        out[name] = response.json()["token"]
    client.cookies.clear()  # each request below says who it is with its bearer token
    return out
