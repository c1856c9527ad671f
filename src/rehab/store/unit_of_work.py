"""The unit of work: one transaction per use case, committed once at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import Executable

from rehab.settings import DAYS_BEFORE_ENROLMENT, LATE_ENTRY_DAYS
from rehab.store.database import write_lock


def utc_now() -> datetime:
    return datetime.now(UTC)


class UnitOfWork:
    """Everything one use case reads and writes. Leaving the ``with`` block without ``commit()``
    (an error, bad input, a refusal) rolls it all back: nothing half-written is ever kept."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = utc_now,
                 read_only: bool = False, days_before_enrolment: int = DAYS_BEFORE_ENROLMENT,
                 late_entry_days: int = LATE_ENTRY_DAYS, connection: Connection | None = None) -> None:
        self._sessions = sessions
        # The request's one connection, while :meth:`one_connection` holds it (see there).
        self._connection = connection
        self.clock = clock
        self.read_only = read_only
        # The clinic's setting for how far before enrolment a log may be dated: like the clock, part
        # of the world a use case runs in (rehab.services.record_dates).
        self.days_before_enrolment = days_before_enrolment
        # How many days back a session or diary entry may be dated when it is recorded late.
        self.late_entry_days = late_entry_days
        self.session: Session
        self._lock = None if read_only else write_lock(sessions.kw.get("bind"))

    def __enter__(self) -> UnitOfWork:
        if self._lock is not None:
            self._lock.acquire()
        held = self._connection
        if held is not None and not held.in_transaction():
            # The request's connection, read-only or writing as this unit of work is (the option is
            # set on the connection itself, and the BEGIN it sends follows it: store/database.py).
            held.execution_options(read_only=self.read_only)
            self.session = self._sessions(bind=held)
        else:  # none held, or held by a unit of work still open around this one: a connection of its own
            self.session = self._sessions()
        if self.read_only:
            self.session.connection(execution_options={"read_only": True})
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()

    def first_row(self, statement: Executable, parameters: dict[str, Any]) -> Row[Any] | None:
        """One read on a plain connection, without an ORM session: for the check every request
        makes (who holds this login?), where a session's set-up and tear-down cost more than the
        read. It takes no write lock and sees what is committed."""
        held = self._connection
        if held is not None and not held.in_transaction():
            held.execution_options(read_only=True)
            try:
                return held.execute(statement, parameters).first()
            finally:
                held.rollback()
        bind = self._sessions.kw.get("bind")
        if not isinstance(bind, Engine):  # tests: sessions share one connection; read through a session
            with self._sessions() as session:
                return session.connection(execution_options={"read_only": True}).execute(statement, parameters).first()
        with bind.connect() as connection:
            connection.execution_options(read_only=True)
            return connection.execute(statement, parameters).first()

    def reading(self) -> UnitOfWork:
        """A unit of work like this one that only reads (it never takes the write lock)."""
        return UnitOfWork(self._sessions, self.clock, read_only=True, days_before_enrolment=self.days_before_enrolment,
                          late_entry_days=self.late_entry_days, connection=self._connection)

    @contextmanager
    def one_connection(self) -> Iterator[None]:
        """Inside this block, this unit of work, the read-only ones it hands out (:meth:`reading`)
        and :meth:`first_row` all use one connection, one transaction after another: a read of a
        patient's list checks the login, reads and writes its audit entry on one connection taken
        from the pool once, not three (each taking and giving back cost as much as a small query).
        A unit of work opened while another still has the connection in a transaction takes a
        connection of its own, so nothing joins a transaction it did not begin. Only for an
        engine: the tests' sessions already share one connection."""
        bind = self._sessions.kw.get("bind")
        if self._connection is not None or not isinstance(bind, Engine):
            yield
            return
        with bind.connect() as connection:
            self._connection = connection
            try:
                yield
            finally:
                self._connection = None

    def now(self) -> datetime:
        return self.clock()
