"""Pulling the plug: `rehab serve` and its check-in worker are killed with SIGKILL while a phone is
sending diary entries and session logs, then started again, on SQLite and on PostgreSQL.

What the server acknowledged (a 201) is there after the restart, once; what it never answered is
sent again by the phone, as it would, and is then stored once too; the worker, started again, runs
the check-ins that were due and decides on each session log once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections import Counter
from datetime import date, timedelta

import pytest
from clinic_cast import make_cast
from databases import committed_database
from live_server import Server, rehab_env, serve_process, stop
from sqlalchemy import select

from rehab.store import tables
from rehab.store.database import session_factory


def _writes(count: int) -> list[tuple[str, dict]]:
    """Carol's phone's queue: diary entries and session logs, each with its own id, on recent days."""
    today = date.today()
    queue = []
    for i in range(count):
        day = (today - timedelta(days=i % 20)).isoformat()
        if i % 2:
            queue.append(("diary", {"id": str(uuid.uuid4()), "date": day, "pain": i % 8, "note": f"entry {i}"}))
        else:
            queue.append(("sessions", {"id": str(uuid.uuid4()), "activity_id": "walking", "date": day,
                                       "completed": {"duration_s": 1200}, "pain_during": 2}))
    return queue


def _send_until_killed(server: Server, token: str, patient: uuid.UUID, queue, kill_after: int, kill) -> set[str]:
    """Two threads send the queue; once `kill_after` writes are acknowledged, `kill` runs while the
    others are still on the wire. Returns the ids that were acknowledged."""
    acknowledged: set[str] = set()
    lock = threading.Lock()
    killed = threading.Event()

    def send(share) -> None:
        for kind, body in share:
            if killed.is_set():
                return
            try:
                status, _, out = server.call("POST", f"/api/v1/patients/{patient}/{kind}", body, token)
            except OSError:  # the server is gone mid-request: not acknowledged
                return
            assert status in (200, 201), out
            with lock:
                acknowledged.add(body["id"])
                if len(acknowledged) >= kill_after and not killed.is_set():
                    killed.set()
                    kill()

    threads = [threading.Thread(target=send, args=(queue[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert killed.is_set(), "the writes ended before the kill"
    return acknowledged


def _stored(sessions, patient: uuid.UUID) -> Counter:
    with sessions() as db:
        diary = db.scalars(select(tables.DiaryEntry.id).where(tables.DiaryEntry.patient_id == patient))
        logs = db.scalars(select(tables.SessionLog.id).where(tables.SessionLog.patient_id == patient))
        return Counter(str(i) for i in [*diary, *logs])


def _due_since(sessions, patient: uuid.UUID):
    with sessions() as db:
        return db.scalar(select(tables.Patient.checkins_due_since).where(tables.Patient.id == patient))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_nothing_acknowledged_is_lost_or_doubled_when_server_and_worker_are_killed(kind, tmp_path):
    for database in committed_database(kind, tmp_path):
        sessions = session_factory(database.engine)
        cast = make_cast(sessions)
        carol = cast.carol.patient_id
        env = rehab_env(database.url_for_a_process(), tmp_path, REHAB_CHECKIN_DELAY_SECONDS="0")
        process, base = serve_process(env, tmp_path)
        server = Server(base, cast)
        token = server.token("carol@riverside.test")
        queue = _writes(24)

        def kill() -> None:  # the server and the worker it started: one process group
            os.killpg(process.pid, signal.SIGKILL)

        acknowledged = _send_until_killed(server, token, carol, queue, 8, kill)
        process.wait(timeout=30)

        stored = _stored(sessions, carol)
        assert acknowledged <= set(stored), "an acknowledged write was lost"
        assert max(stored.values()) == 1

        process, base = serve_process(env, tmp_path)  # the same login still works after the restart
        try:
            server = Server(base, cast)
            for kind_of_write, body in queue:  # the phone sends again whatever it has not seen answered
                status, _, out = server.call("POST", f"/api/v1/patients/{carol}/{kind_of_write}", body, token)
                assert status == 200 if body["id"] in acknowledged else status in (200, 201), out
            stored = _stored(sessions, carol)
            assert set(stored) == {body["id"] for _, body in queue} and max(stored.values()) == 1

            deadline = time.monotonic() + 60
            while _due_since(sessions, carol) is not None:  # the restarted worker runs what was due
                assert time.monotonic() < deadline, "the restarted worker never ran Carol's check-ins"
                time.sleep(0.05)
            with sessions() as db:  # each session log decided on once, however the kill fell
                per_log = Counter(db.scalars(select(tables.Decision.trigger).where(
                    tables.Decision.patient_id == carol, tables.Decision.trigger.like("session:%"))))
                assert per_log and max(per_log.values()) == 1
                assert len(per_log) == sum(1 for kind_of_write, _ in queue if kind_of_write == "sessions")
        finally:
            stop(process)
