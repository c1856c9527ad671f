"""The test cast, made through the real services: who may see what reads like a story.

Riverside clinic: Alice (admin), Bob (clinician), Carol and Dave (his patients, each with a login).
Hilltop clinic: Erin (clinician) and her patient Frank.
Carol has a program: sit-to-stand (symptom-contingent) and walking (time-contingent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from rehab.contracts.records import PatientIn, PrescriptionIn, ProgramIn, UserIn
from rehab.core.models import Strategy
from rehab.services import accounts, patients, programs
from rehab.services.access import Actor
from rehab.store.unit_of_work import UnitOfWork

TODAY = date(2026, 11, 27)
PASSWORD = "correct horse battery"
EMAILS = {"alice": "alice@riverside.test", "bob": "bob@riverside.test", "carol": "carol@riverside.test",
          "dave": "dave@riverside.test", "erin": "erin@hilltop.test", "frank": "frank@hilltop.test"}


class Clock:
    """A clock the test moves: it reads ``day`` at noon UTC."""

    def __init__(self, day: date = TODAY) -> None:
        self.day = day
        self.at = time(12)

    def __call__(self) -> datetime:
        return datetime.combine(self.day, self.at, tzinfo=UTC)

    def hour_later(self) -> None:
        """An hour on, the same day: what a clinician records after a patient's answer comes after
        it (at the same moment the patient's answer would stand beside the clinician's)."""
        self.at = time(self.at.hour + 1, self.at.minute)


@dataclass
class Cast:
    alice: Actor
    bob: Actor
    carol: Actor
    dave: Actor
    erin: Actor
    frank: Actor
    clock: Clock
    sessions: object

    def uow(self) -> UnitOfWork:
        """A unit of work at the cast's clock. The history a test writes through it (weeks of diary
        dated before TODAY) stands for entries each made on its own day, so the limit on late entries
        does not apply here; tests of that limit use the clinic's setting (tests/*/test_late_entries.py)."""
        return UnitOfWork(self.sessions, self.clock, late_entry_days=HISTORY_DAYS)


# How far back a test's history reaches through Cast.uow (see there).
HISTORY_DAYS = 366


def _patient(uow, clinician: Actor, name: str, email: str) -> Actor:
    out = patients.enrol_patient(uow, clinician, PatientIn(display_name=name, condition="chronic low back pain",
                                                           enrolled_on=date(2026, 10, 1), email=email, password=PASSWORD))
    return Actor(out.user_id, "patient", clinician.clinic_id, out.id)


CAROLS_PROGRAM = ProgramIn(reason="first program", prescriptions=[
    PrescriptionIn(activity_id="sit_to_stand", name="Sit to stand", strategy=Strategy.SYMPTOM_CONTINGENT,
                   dose={"sets": 2, "reps": 10}, sessions_per_week=3),
    PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                   dose={"duration_s": 1200}, sessions_per_week=5, increments={"duration_s": {"minimum": 60}}),
])


def make_cast(sessions) -> Cast:
    clock = Clock(date(2026, 10, 1))
    uow = UnitOfWork(sessions, clock)
    admin = accounts.create_clinic(uow, "Riverside", "alice@riverside.test", "Alice", PASSWORD)
    alice = Actor(admin.id, "admin", admin.clinic_id)
    clinician = accounts.create_user(uow, alice, UserIn(email="bob@riverside.test", display_name="Bob",
                                                        role="clinician", password=PASSWORD))
    bob = Actor(clinician.id, "clinician", clinician.clinic_id)
    carol = _patient(uow, bob, "Carol", "carol@riverside.test")
    dave = _patient(uow, bob, "Dave", "dave@riverside.test")
    hilltop = accounts.create_clinic(uow, "Hilltop", "hank@hilltop.test", "Hank", PASSWORD)
    erin_user = accounts.create_user(uow, Actor(hilltop.id, "admin", hilltop.clinic_id),
                                     UserIn(email="erin@hilltop.test", display_name="Erin", role="clinician", password=PASSWORD))
    erin = Actor(erin_user.id, "clinician", erin_user.clinic_id)
    frank = _patient(uow, erin, "Frank", "frank@hilltop.test")
    programs.set_program(uow, bob, carol.patient_id, CAROLS_PROGRAM)
    clock.day = TODAY
    return Cast(alice, bob, carol, dave, erin, frank, clock, sessions)


def as_(tokens: dict[str, str], name: str) -> dict[str, str]:
    """The headers of a request made by ``name`` (with the tokens the API test fixture logs in)."""
    return {"Authorization": f"Bearer {tokens[name]}"}
