"""The demo clinic: an admin, a clinician and 20 patients with weeks of history.

Nothing here is canned. Each patient is a seeded simulated person (see :mod:`rehab.simulation`)
whose diary and sessions are logged day by day through the same services the API uses, with the
clock set to that day; every decision, flare plan, referral and alert comes from the real engine
and is stored as it would be in use. Among them: a flare, a red-flag referral, a stall that asks
to reformulate, and a patient who has stopped logging.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import count

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rehab.contracts.checkin import DoseIn
from rehab.contracts.records import (
    AssessmentIn,
    DiaryEntryIn,
    GoalIn,
    PatientIn,
    PrescriptionIn,
    ProgramIn,
    RedFlagScreeningIn,
    SessionLogIn,
    UserIn,
)
from rehab.core.models import Dose, Strategy
from rehab.services import accounts, assessments, checkins, logs, patients, programs
from rehab.services.access import Actor
from rehab.simulation import SimulatedActivity, SimulatedPerson, nrs
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

DEMO_PASSWORD = "demo-rehab-2026"
ADMIN_EMAIL = "admin@demo.rehab"
CLINICIAN_EMAIL = "clinician@demo.rehab"

# (name, birth year, sex, condition, goal in their words, ICF code, story)
PEOPLE = [
    ("Rosa Díaz", 1963, "female", "chronic low back pain, 3 years", "Get down on the floor and up again to play with my grandchildren", "d410", "flare"),
    ("Tom Becker", 1985, "male", "chronic low back pain, warehouse work", "Lift 15 kg boxes for a full shift", "d430", "steady"),
    ("Amina Yusuf", 1979, "female", "neck and shoulder pain, office work", "Garden for an hour on Saturdays", "d650", "stall"),
    ("George Okafor", 1958, "male", "knee osteoarthritis", "Walk to the market and back", "d450", "referral"),
    ("Lena Novak", 1990, "female", "chronic widespread pain", "Carry the shopping home from the bus stop", "d430", "quiet"),
    ("Hiroshi Sato", 1967, "male", "chronic low back pain", "Sit through a film at the cinema", "d415", "steady"),
    ("Maria Rossi", 1955, "female", "hip osteoarthritis", "Climb the stairs to my flat without stopping", "d455", "steady"),
    ("Kofi Mensah", 1982, "male", "shoulder pain after a fall, 1 year", "Put the dishes away on the top shelf", "d445", "steady"),
    ("Sofia Lindqvist", 1971, "female", "chronic neck pain", "Work a full day at the computer", "d850", "slow"),
    ("Daniel Cohen", 1993, "male", "patellofemoral pain", "Run for the bus", "d455", "steady"),
    ("Fatima Zahra", 1966, "female", "chronic low back pain", "Make dinner for the family standing at the stove", "d630", "steady"),
    ("Peter Walsh", 1949, "male", "lumbar spinal stenosis", "Walk the dog around the park", "d450", "slow"),
    ("Ines Moreau", 1988, "female", "chronic pelvic girdle pain after pregnancy", "Carry my toddler up the stairs", "d430", "steady"),
    ("Raj Patel", 1975, "male", "chronic low back pain, taxi driver", "Drive a full shift", "d475", "steady"),
    ("Elena Petrova", 1960, "female", "knee pain after surgery", "Kneel in church again", "d410", "steady"),
    ("Samuel Adeyemi", 1998, "male", "ankle instability after sprains", "Play five-a-side football", "d920", "steady"),
    ("Chloe Martin", 1984, "female", "chronic low back pain", "Do the housework in one morning", "d640", "slow"),
    ("Yusuf Demir", 1970, "male", "shoulder tendinopathy", "Paint the ceiling at home", "d650", "steady"),
    ("Grace Kim", 1952, "female", "chronic low back pain and osteopenia", "Walk to my friend's house", "d450", "steady"),
    ("Marco Bianchi", 1987, "male", "chronic neck pain, cyclist", "Cycle 20 km at the weekend", "d920", "steady"),
]


@dataclass
class DemoActivity:
    prescription: PrescriptionIn
    model: SimulatedActivity


@dataclass
class DemoPatient:
    patient_id: uuid.UUID
    actor: Actor
    person: SimulatedPerson
    story: str
    start: date
    activities: list[DemoActivity] = field(default_factory=list)


def seed_demo_clinic(sessions: sessionmaker[Session], seed: int = 7,
                     progress: Callable[[int, int], None] | None = None, today: date | None = None,
                     people: int = len(PEOPLE)) -> list[tuple[str, str, str]]:
    """Create the demo clinic and play the history of its first ``people`` patients up to
    ``today``; return the logins as (role, email, name)."""
    rng = random.Random(seed)
    today = today or datetime.now(UTC).date()
    setup_day = today - timedelta(weeks=13)
    uow = _uow_on(sessions, setup_day)
    admin = accounts.create_clinic(uow, "Riverside Physiotherapy (demo)", ADMIN_EMAIL, "Alex Admin", DEMO_PASSWORD)
    admin_actor = Actor(admin.id, "admin", admin.clinic_id)
    clinician = accounts.create_user(uow, admin_actor, UserIn(email=CLINICIAN_EMAIL, display_name="Dr Sam Rivera",
                                                              role="clinician", password=DEMO_PASSWORD))
    clinician_actor = Actor(clinician.id, "clinician", clinician.clinic_id)
    logins = [("admin", ADMIN_EMAIL, admin.display_name), ("clinician", CLINICIAN_EMAIL, clinician.display_name)]
    demo_patients = []
    for number, person in enumerate(PEOPLE[:people], start=1):
        weeks = 12 if person[6] in ("flare", "stall") else rng.randint(4, 12)
        start = today - timedelta(weeks=weeks)
        demo = _enrol(sessions, clinician_actor, number, person, start, weeks, rng)
        demo_patients.append(demo)
        logins.append(("patient", f"patient{number:02d}@demo.rehab", person[0]))
    total = sum((today - d.start).days for d in demo_patients)
    done = 0
    for demo in demo_patients:
        done = _play(sessions, demo, today, done, total, progress)
    return logins


def demo_logins(sessions: sessionmaker[Session]) -> list[tuple[str, str, str]]:
    """The demo clinic's logins, if it is in this database (role, email, name)."""
    with sessions() as session:
        users = session.scalars(select(tables.User).where(tables.User.email.like("%@demo.rehab"))
                                .order_by(tables.User.email)).all()
    order = {"admin": 0, "clinician": 1, "patient": 2}
    return sorted(((u.role, u.email, u.display_name) for u in users), key=lambda row: (order[row[0]], row[1]))


def _uow_on(sessions: sessionmaker[Session], day: date, hour: int = 19) -> UnitOfWork:
    """A unit of work whose clock reads that day, a second later at each look (so records made
    that day keep their order)."""
    ticks = count()
    start = datetime.combine(day, time(hour), tzinfo=UTC)
    return UnitOfWork(sessions, clock=lambda: start + timedelta(seconds=next(ticks)))


def _enrol(sessions, clinician: Actor, number: int, person: tuple, start: date, weeks: int, rng: random.Random) -> DemoPatient:
    name, born, sex, condition, words, icf, story = person
    uow = _uow_on(sessions, start, hour=9)
    out = patients.enrol_patient(uow, clinician, PatientIn(
        display_name=name, condition=condition, birth_year=born, sex=sex, enrolled_on=start,
        email=f"patient{number:02d}@demo.rehab", password=DEMO_PASSWORD))
    patients.record_red_flags(uow, clinician, out.id, RedFlagScreeningIn(taken_on=start))
    usual = rng.uniform(3.5, 6.5)
    assessments.record_assessment(uow, clinician, out.id, AssessmentIn(instrument="nprs", taken_on=start, answers=[nrs(usual)]))
    assessments.set_goal(uow, clinician, out.id, GoalIn(
        words=words, icf_code=icf, task=f"{words} (measured at each checkpoint)",
        success_criterion="done on two occasions with pain during no higher than 5/10",
        baseline="not possible at the moment", gas_levels={
            "-2": "worse than now", "-1": "as now", "0": "the goal as stated",
            "1": "the goal with less pain than expected", "2": "the goal and more"}, priority=1,
        target_date=start + timedelta(weeks=16)))
    exercise, walking = _activities(story, rng)
    programs.set_program(uow, clinician, out.id, ProgramIn(reason="first program",
                                                          prescriptions=[exercise.prescription, walking.prescription]))
    flare_day = weeks * 7 - 4 if story == "flare" else None  # a flare in progress now
    improvement = {"slow": 0.3, "stall": 0.0}.get(story, rng.uniform(0.8, 1.8))
    simulated = SimulatedPerson(rng, usual_start=usual, improvement=improvement, days=weeks * 7, flare_day=flare_day)
    patient_actor = Actor(out.user_id, "patient", clinician.clinic_id, out.id)
    return DemoPatient(out.id, patient_actor, simulated, story, start, [exercise, walking])


def _activities(story: str, rng: random.Random) -> tuple[DemoActivity, DemoActivity]:
    reps = rng.choice((6, 8, 10))
    exercise = DemoActivity(
        PrescriptionIn(activity_id="squat_to_chair", name="Sit to stand", strategy=Strategy.SYMPTOM_CONTINGENT,
                       dose={"sets": 2, "reps": reps}, sessions_per_week=3),
        SimulatedActivity(capacity=2 * reps * rng.uniform(1.1, 1.4), growth_per_week=rng.uniform(0.03, 0.07),
                          weekdays=frozenset({0, 2, 4}), adherence=rng.uniform(0.8, 0.97),
                          effort_bias=5.0 if story == "stall" else 0.0))
    minutes = rng.choice((8, 10, 15))
    walking = DemoActivity(
        PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                       dose={"duration_s": minutes * 60}, sessions_per_week=5,
                       increments={"duration_s": {"minimum": 60}}),
        SimulatedActivity(capacity=minutes * 60 * rng.uniform(1.2, 1.5), growth_per_week=rng.uniform(0.04, 0.08),
                          weekdays=frozenset({0, 1, 2, 3, 4}), adherence=0.5 if story == "stall" else rng.uniform(0.8, 0.95)))
    return exercise, walking


def _play(sessions, demo: DemoPatient, today: date, done: int, total: int,
          progress: Callable[[int, int], None] | None) -> int:
    """Log the patient's days through the services, each on its own simulated day."""
    rng = demo.person.rng
    days = (today - demo.start).days
    for day in range(days):
        current = demo.start + timedelta(days=day)
        if demo.story == "quiet" and day >= days - 6:
            break  # stopped logging a few days ago: the caseload shows the missed logs
        uow = _uow_on(sessions, current)
        pain_today = demo.person.pain(day)
        strain = 0.0
        referred = demo.story == "referral" and day > days - 3
        for activity in demo.activities if not referred else ():  # told to pause exercise until seen
            dose = _current_dose(sessions, demo, activity.prescription.activity_id, current)
            result = activity.model.session(demo.person, day, current.weekday(), dose, pain_today)
            if result is None:
                continue
            pain_during, rpe, session_strain = result
            strain = max(strain, session_strain)
            logs.log_session(uow, demo.actor, demo.patient_id, SessionLogIn(
                id=uuid.UUID(int=rng.getrandbits(128)), activity_id=activity.prescription.activity_id, date=current,
                completed=dose.as_dict(), pain_during=pain_during, rpe=rpe))
        if rng.random() < 0.92 or demo.person.flare_bump(day) > 0:
            logs.log_diary(uow, demo.actor, demo.patient_id, DiaryEntryIn(
                id=uuid.UUID(int=rng.getrandbits(128)), date=current, pain=nrs(pain_today),
                pain_next_morning=demo.person.next_morning(day, strain), sleep_hours=round(rng.uniform(5, 8.5), 1),
                mood=nrs(7 - pain_today / 2 + rng.gauss(0, 1)), stress=nrs(4 + rng.gauss(0, 1.5))))
        checkins.run_due(uow)  # what the server's check-in worker does after the diary entry
        if demo.story == "referral" and day == days - 3:
            patients.record_red_flags(uow, demo.actor, demo.patient_id, RedFlagScreeningIn(
                taken_on=current, red_flags=["constant_night_pain"]))
        done += 1
        if progress is not None:
            progress(done, total)
    return done


def _current_dose(sessions, demo: DemoPatient, activity_id: str, day: date) -> Dose:
    """Today's prescription, as the patient's app would show it."""
    with sessions() as session:
        state = session.get(tables.ActivityState, (demo.patient_id, activity_id))
        return DoseIn.model_validate(state.current_dose).to_core()
