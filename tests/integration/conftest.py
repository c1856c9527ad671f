import pytest
from clinic_cast import make_cast
from databases import postgres_database, rolled_back, sqlite_database


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    if request.param == "sqlite":
        yield sqlite_database(tmp_path_factory.mktemp("sqlite"))
    else:
        yield from postgres_database()


@pytest.fixture
def sessions(database):
    yield from rolled_back(database)


@pytest.fixture
def cast(sessions):
    return make_cast(sessions)
