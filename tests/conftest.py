"""Fixtures shared by every tier: the packaged library, loaded once."""

import pytest

from rehab.content.loader import packaged_library
from rehab.core.library import Library


@pytest.fixture(scope="session")
def library() -> Library:
    return packaged_library()


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """Argon2 with its lightest settings: the tests create many users, and hashing cost is not what
    they check (a test checks that stored hashes are Argon2id)."""
    from argon2 import PasswordHasher

    from rehab.services import accounts

    real = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts._hasher = real
