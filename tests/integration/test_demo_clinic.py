"""The demo clinic is made by the real services: its flare, referral and stall come from the engine."""

import pytest
from clinic_cast import TODAY
from databases import rolled_back, sqlite_database
from sqlalchemy import select

from rehab.services.demo import (
    ADMIN_EMAIL,
    CLINICIAN_EMAIL,
    demo_logins,
    seed_demo_clinic,
)
from rehab.store import tables


@pytest.fixture
def demo_sessions(tmp_path):
    """A SQLite database of its own: the demo plays the same on both databases, so once is enough."""
    yield from rolled_back(sqlite_database(tmp_path))


def test_the_first_four_demo_patients_show_a_flare_a_referral_and_a_stall(demo_sessions):
    logins = seed_demo_clinic(demo_sessions, seed=7, today=TODAY, people=4)
    assert logins[:2] == [("admin", ADMIN_EMAIL, "Alex Admin"), ("clinician", CLINICIAN_EMAIL, "Dr Sam Rivera")]
    assert demo_logins(demo_sessions) == logins
    with demo_sessions() as session:
        reasons = dict(session.execute(select(tables.Patient.display_name, tables.Patient.attention_reason)).all())
        kinds = set(session.scalars(select(tables.Decision.kind)))
    assert "refer today (urgent)" in reasons["George Okafor"]
    assert "flare-up" in reasons["Rosa Díaz"]
    assert "stalled" in reasons["Amina Yusuf"]
    assert {"advance", "hold", "flare", "refer", "reformulate"} <= kinds
