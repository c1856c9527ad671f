"""SQLite's one writer at a time, as a queue that wakes its next writer at once.

SQLite lets one transaction write at a time. A writer that finds the database locked is parked by
SQLite's busy handler, which polls with growing sleeps (1, 2, 5, 10, ... 100 ms): under a burst of
phone writes, those sleeps, not the work, made the slowest requests slow. So writers queue here
before they ask SQLite: threads of one process on a lock, and processes (the server and its
check-in worker) on an advisory lock of a file next to the database, which the kernel hands to
the next waiter the moment it is released. SQLite's busy handler remains the fallback for writers
that do not queue here (another tool opening the file).
"""

from __future__ import annotations

import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: threads still queue; processes meet at SQLite's busy handler
    fcntl = None  # type: ignore[assignment]


class WriteQueue:
    """Re-entrant for a thread that already holds it (a use case inside another)."""

    def __init__(self, database: Path | None) -> None:
        self._threads = threading.RLock()
        self._path = database.with_name(database.name + ".write-lock") if database and fcntl else None
        self._file = None
        self._depth = 0

    def acquire(self) -> None:
        self._threads.acquire()
        self._depth += 1
        if self._depth == 1 and self._path is not None:
            try:
                # Opened for each hold and closed after (a few microseconds): no descriptor outlives it.
                self._file = open(self._path, "a+b")  # noqa: SIM115
                fcntl.flock(self._file, fcntl.LOCK_EX)
            except BaseException:
                if self._file is not None:
                    self._file.close()
                    self._file = None
                self._depth -= 1
                self._threads.release()
                raise

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._file is not None:
            self._file.close()  # closing releases the file lock
            self._file = None
        self._threads.release()
