"""Fixtures shared by every tier: the packaged library, loaded once."""

import pytest

from rehab.content.loader import packaged_library
from rehab.core.library import Library


@pytest.fixture(scope="session")
def library() -> Library:
    return packaged_library()
