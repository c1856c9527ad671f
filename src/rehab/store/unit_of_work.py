"""The unit of work: one transaction per use case, committed once at the end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Row
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import Executable

from rehab.settings import DAYS_BEFORE_ENROLMENT
from rehab.store.database import write_lock


def utc_now() -> datetime:
    return datetime.now(UTC)


class UnitOfWork:
    """Everything one use case reads and writes. Leaving the ``with`` block without ``commit()``
    (an error, bad input, a refusal) rolls it all back: nothing half-written is ever kept."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = utc_now,
                 read_only: bool = False, days_before_enrolment: int = DAYS_BEFORE_ENROLMENT) -> None:
        self._sessions = sessions
        self.clock = clock
        self.read_only = read_only
        # The clinic's setting for how far before enrolment a log may be dated: like the clock, part
        # of the world a use case runs in (rehab.services.record_dates).
        self.days_before_enrolment = days_before_enrolment
        self.session: Session
        self._lock = None if read_only else write_lock(sessions.kw.get("bind"))

    def __enter__(self) -> UnitOfWork:
        if self._lock is not None:
            self._lock.acquire()
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
        bind = self._sessions.kw.get("bind")
        if not isinstance(bind, Engine):  # tests: sessions share one connection; read through a session
            with self._sessions() as session:
                return session.connection(execution_options={"read_only": True}).execute(statement, parameters).first()
        with bind.connect() as connection:
            connection.execution_options(read_only=True)
            return connection.execute(statement, parameters).first()

    def reading(self) -> UnitOfWork:
        """A unit of work like this one that only reads (it never takes the write lock)."""
        return UnitOfWork(self._sessions, self.clock, read_only=True, days_before_enrolment=self.days_before_enrolment)

    def now(self) -> datetime:
        return self.clock()
