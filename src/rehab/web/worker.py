"""The check-in worker: runs diary check-ins in the server process, moments after the entries.

A diary write only marks the patient as due (see :func:`rehab.services.logs.log_diary`), so a
phone gets its answer at once; this thread then runs the check-ins, once for all the entries that
arrived meanwhile (``REHAB_CHECKIN_DELAY_SECONDS`` after the first of them, 2 s by default).
The marks live in the database: after a restart, or with several server
processes, nothing is missed or done twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from rehab.services.checkins import run_due
from rehab.store.unit_of_work import UnitOfWork

log = logging.getLogger("rehab.worker")


class CheckInWorker:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime], delay_seconds: float,
                 interval: float = 0.2) -> None:
        self._sessions, self._clock, self._delay, self._interval = sessions, clock, delay_seconds, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rehab-check-ins", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                done = run_due(UnitOfWork(self._sessions, self._clock), self._delay)
            except Exception:  # noqa: BLE001 - keep running; the marks stay and are retried
                log.exception("check-in worker failed; will retry")
                done = 0
            if not done:
                self._stop.wait(self._interval)
