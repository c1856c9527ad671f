"""Opening the clinic's database for the commands (``rehab serve``, ``worker``, ``seed-demo``...).

The command line never reaches into the store itself: it asks here for a unit of work, the
migrations or whether a clinic exists, so the store's details stay behind the services (the web
app's composition root, ``rehab.web.app``, is the one other place that builds an engine).
"""

from __future__ import annotations

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from rehab.settings import DAYS_BEFORE_ENROLMENT
from rehab.store import tables
from rehab.store.database import make_engine, session_factory
from rehab.store.database import upgrade as apply_migrations
from rehab.store.unit_of_work import UnitOfWork


def sessions(url: str) -> sessionmaker[Session]:
    """A session factory on the database at ``url`` (one engine, one pool)."""
    return session_factory(make_engine(url))


def unit_of_work(on: str | sessionmaker[Session], days_before_enrolment: int = DAYS_BEFORE_ENROLMENT) -> UnitOfWork:
    """A unit of work on the database at a URL, or from a session factory already made (the
    check-in worker makes one per round on the same pool)."""
    return UnitOfWork(sessions(on) if isinstance(on, str) else on, days_before_enrolment=days_before_enrolment)


def migrate(url: str) -> None:
    """Apply every migration not yet applied."""
    apply_migrations(url)


def has_a_clinic(url: str) -> bool:
    """True when the database holds at least one clinic (a fresh or unmigrated one holds none)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(tables.Clinic.__tablename__):
                return False
            return connection.scalar(select(func.count()).select_from(tables.Clinic)) > 0
    finally:
        engine.dispose()
