"""Fixtures shared by every tier: the packaged library, loaded once; and, for the HTTP tiers (api,
pages), the test clinic in a SQLite database of the session, each test rolled back.
(tests/integration runs the same cast on both SQLite and PostgreSQL with fixtures of its own.)"""

from pathlib import Path

import pytest

from rehab.content.loader import packaged_library
from rehab.core.planning.library import Library

UNIT = Path(__file__).parent / "unit"

# The cast and the databases are imported inside their fixtures: importing them loads the store and
# every service, which a unit test of the core does not need (and the safety guards of
# tests/test_safety_rules_are_guarded.py start a fresh pytest for each guard).


@pytest.fixture(scope="session")
def library() -> Library:
    return packaged_library()


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing(request):
    """Argon2 with its lightest settings: the tests create many users, and hashing cost is not what
    they check (a test checks that stored hashes are Argon2id). A run of unit tests alone (as each
    safety guard starts) creates no users and does not load the accounts."""
    if all(item.path.is_relative_to(UNIT) for item in request.session.items):
        yield
        return
    from argon2 import PasswordHasher

    from rehab.services import accounts

    real = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts._hasher = real


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    from databases import sqlite_database

    return sqlite_database(tmp_path_factory.mktemp("web"))


@pytest.fixture
def cast(database):
    from clinic_cast import make_cast
    from databases import rolled_back

    for sessions in rolled_back(database):
        yield make_cast(sessions)
