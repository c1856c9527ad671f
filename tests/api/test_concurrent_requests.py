"""Many requests at once over real HTTP, on SQLite and on PostgreSQL: same-id retries, concurrent
overrides, concurrent logins and a poisoned patient get the answers one request at a time would get.

The server is the app as `rehab serve` runs it (rehab.cli.server.uvicorn_config), in a thread of
this process on a free port, over a database of its own whose commits are real. The same tests run
scaled out: two `rehab serve --no-worker` processes and two `rehab worker` processes over one
PostgreSQL database, each request going to the next server in turn, so a retry lands on the other
process: nothing that matters may live in one process's memory.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from clinic_cast import PASSWORD, TODAY, make_cast
from databases import committed_database
from live_server import Server, in_a_thread, rehab_env, serve_processes, start, stop, stop_all
from sqlalchemy import func, select

from rehab.settings import load_settings
from rehab.store import tables
from rehab.store.database import session_factory
from rehab.web.app import create_app


@pytest.fixture(scope="module", params=["sqlite", "postgresql", "postgresql-scaled-out"])
def server(request, tmp_path_factory):
    kind, _, scaled_out = request.param.partition("-")
    folder = tmp_path_factory.mktemp("live")
    for database in committed_database(kind, folder):
        sessions = session_factory(database.engine)
        cast = make_cast(sessions)
        env = rehab_env(database.url_for_a_process(), folder, REHAB_CHECKIN_DELAY_SECONDS="0")
        if not scaled_out:
            app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=sessions, clock=cast.clock)
            with in_a_thread(app) as base:
                yield _with_workers(Server(base, cast), env, folder, running=0)
            continue
        workers = [start(["worker"], env, folder) for _ in range(2)]
        servers = serve_processes(2, env, folder, "--no-worker")
        try:
            yield _with_workers(Server([base for _, base in servers], cast), env, folder, running=2)
        finally:
            stop_all([*workers, *(process for process, _ in servers)])


def _with_workers(server: Server, env: dict, folder, running: int) -> Server:
    """What a test needs to start a `rehab worker` of its own when the server has none running."""
    server.env, server.folder, server.workers_running = env, folder, running
    return server


def at_once(count: int, call) -> list[tuple[int, dict, dict]]:
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        start.wait()
        results[i] = call(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_retries_of_one_session_at_once_all_get_the_stored_answer(server):
    carol = server.token("carol@riverside.test")
    patient = server.cast.carol.patient_id
    session = {"id": str(uuid.uuid4()), "activity_id": "sit_to_stand", "date": TODAY.isoformat(),
               "completed": {"sets": 2, "reps": 10}, "pain_during": 3, "rpe": 6}
    results = at_once(20, lambda _: server.call("POST", f"/api/v1/patients/{patient}/sessions", session, carol))
    assert sorted(status for status, _, _ in results) == [200] * 19 + [201]
    first = next(body for status, _, body in results if status == 201)
    for _, _, body in results:
        assert {**body, "replayed": False} == first


def test_ten_overrides_of_one_decision_at_once_answer_one_201_and_nine_409s(server):
    carol, bob = server.token("carol@riverside.test"), server.token("bob@riverside.test")
    patient = server.cast.carol.patient_id
    status, _, logged = server.call("POST", f"/api/v1/patients/{patient}/sessions", {
        "id": str(uuid.uuid4()), "activity_id": "walking", "date": TODAY.isoformat(),
        "completed": {"duration_s": 1200}, "pain_during": 2}, carol)
    assert status == 201, logged
    with server.cast.sessions() as db:
        decision_id = db.scalar(select(tables.Decision.id).where(tables.Decision.trigger == f"session:{logged['session']['id']}"))
    results = at_once(10, lambda i: server.call("POST", f"/api/v1/decisions/{decision_id}/override", {
        "decision": "hold", "next_dose": {"duration_s": 1200}, "reason": f"Bob's click number {i}"}, bob))
    assert Counter(status for status, _, _ in results) == {201: 1, 409: 9}
    _, _, decisions = server.call("GET", f"/api/v1/patients/{patient}/decisions", token=bob)
    shown = [d for d in decisions["items"] if d["id"] == str(decision_id)]
    assert len(shown) == 1 and shown[0]["override"]["reason"].startswith("Bob's click number")


def test_sixty_wrong_passwords_at_once_get_five_tries_and_then_wait(server):
    attempts = load_settings({}).login_attempts
    results = at_once(60, lambda _: server.call("POST", "/api/v1/auth/login",
                                                {"email": "dave@riverside.test", "password": "not his password"}))
    assert Counter(status for status, _, _ in results) == {401: attempts, 429: 60 - attempts}
    assert all(int(headers["retry-after"]) > 0 for status, headers, _ in results if status == 429)


def test_a_forwarded_for_header_from_an_untrusted_client_does_not_change_the_audited_address(server):
    status, _, out = server.call("POST", "/api/v1/auth/login", {"email": "erin@hilltop.test", "password": PASSWORD},
                                 headers={"X-Forwarded-For": "203.0.113.99"})
    assert status == 200, out
    with server.cast.sessions() as db:
        addresses = set(db.scalars(select(tables.AuditEntry.address).where(
            tables.AuditEntry.action == "login", tables.AuditEntry.user_id == uuid.UUID(out["user"]["id"]))))
    assert addresses == {"127.0.0.1"}


def test_a_nul_character_in_any_text_is_refused_naming_the_field(server):
    """PostgreSQL cannot store NUL in text: it answered 500. Both databases now answer 422."""
    carol = server.token("carol@riverside.test")
    patient = server.cast.carol.patient_id
    status, _, out = server.call("POST", "/api/v1/auth/login", {"email": "carol\u0000@riverside.test", "password": "x"})
    assert (status, out["problems"][0]["field"]) == (422, "email")
    status, _, out = server.call("POST", f"/api/v1/patients/{patient}/diary", {
        "id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": 3, "note": "slept badly\u0000"}, carol)
    assert (status, out["problems"][0]["field"]) == (422, "note")
    status, _, out = server.call("GET", f"/api/v1/patients/{patient}/decisions?activity_id=walking%00", token=carol)
    assert (status, out["problems"][0]["field"]) == (422, "activity_id")


@pytest.mark.parametrize("version", ["0", "-3659654364", "3659654364", "543927020659569459200"])
def test_a_program_version_no_database_integer_holds_is_refused_naming_the_field(server, version):
    """Found by Schemathesis: past the database's integer (2**31 on PostgreSQL, 2**63 on SQLite) it
    answered 500."""
    bob = server.token("bob@riverside.test")
    status, _, out = server.call("GET", f"/api/v1/patients/{server.cast.carol.patient_id}/program/versions/{version}",
                                 token=bob)
    assert (status, out["problems"][0]["field"]) == (422, "version")


def _poison(server: Server) -> uuid.UUID:
    """Dave, with a diary entry dated 0001-01-01 written straight into the database (past every check
    at the edge), due since long ago, so every worker takes him before anyone else."""
    dave, bob = server.cast.dave, server.cast.bob
    with server.cast.sessions() as db:
        db.add(tables.DiaryEntry(id=uuid.uuid4(), patient_id=dave.patient_id, date=date(1, 1, 1), pain=4,
                                 recorded_by=bob.user_id, recorded_at=datetime(2000, 1, 1, tzinfo=UTC)))
        patient = db.get(tables.Patient, dave.patient_id)
        patient.last_entry_on, patient.checkins_due_since = date(1, 1, 1), datetime(2000, 1, 1, tzinfo=UTC)
        db.commit()
    return dave.patient_id


def _check_in_state(server: Server, patient_id: uuid.UUID) -> tuple:
    with server.cast.sessions() as db:
        patient = db.get(tables.Patient, patient_id)
        return patient.checkins_due_since, patient.checkin_failures, patient.checkin_error


def test_the_workers_put_a_poisoned_patient_aside_once_and_run_the_others(server):
    dave = _poison(server)
    carol = server.token("carol@riverside.test")
    patient = server.cast.carol.patient_id
    own = [] if server.workers_running else [start(["worker"], server.env, server.folder)]
    try:
        status, _, out = server.call("POST", f"/api/v1/patients/{patient}/diary", {
            "id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": 3}, carol)
        assert status == 201, out
        deadline = time.monotonic() + 60
        while _check_in_state(server, patient)[0] is not None:  # polling the workers' progress
            assert time.monotonic() < deadline, "Carol's check-ins never ran"
            time.sleep(0.05)
    finally:
        for process in own:
            stop(process)
    assert _check_in_state(server, patient)[1:] == (0, None)
    assert _check_in_state(server, dave)[1:] == (1, "date value out of range")  # one worker took him, once
    with server.cast.sessions() as db:
        alerts = db.scalar(select(func.count()).select_from(tables.Alert).where(
            tables.Alert.patient_id == dave, tables.Alert.code == "checkin_failed"))
    assert alerts == 1


def test_twelve_reads_of_a_diary_at_once_each_get_the_page_and_each_is_on_the_audit_record(server):
    """Each read checks the login, reads and writes its audit entry on one connection of its own
    (UnitOfWork.one_connection); twelve at once, mixed with Carol's own writes, must neither share
    a transaction nor lose an audit entry, and a refused read (Erin, another clinic) reads nothing."""
    bob, carol, erin = (server.token(f"{name}@{place}.test") for name, place in
                        (("bob", "riverside"), ("carol", "riverside"), ("erin", "hilltop")))
    patient = server.cast.carol.patient_id
    url = f"/api/v1/patients/{patient}/diary"

    def audited_reads() -> int:
        with server.cast.sessions() as db:
            return db.scalar(select(func.count()).select_from(tables.AuditEntry).where(
                tables.AuditEntry.action == "read", tables.AuditEntry.resource == "diary_entries",
                tables.AuditEntry.patient_id == patient))

    for pain in (3, 4):
        assert server.call("POST", url, {"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": pain}, carol)[0] == 201
    before = audited_reads()
    results = at_once(16, lambda i: server.call("GET", url, token=bob) if i < 12 else
                      server.call("POST", url, {"id": str(uuid.uuid4()), "date": TODAY.isoformat(), "pain": i % 10}, carol)
                      if i < 15 else server.call("GET", url, token=erin))
    assert [status for status, _, _ in results] == [200] * 12 + [201] * 3 + [404]
    assert all(body["items"] and body["next_cursor"] is None for _, _, body in results[:12])
    assert audited_reads() == before + 12
    _, _, after = server.call("GET", url, token=bob)
    assert {str(e["id"]) for e in after["items"]} >= {body["diary_entry"]["id"] for _, _, body in results[12:15]}


def test_a_diary_read_takes_one_connection_from_the_pool(tmp_path):
    """Login check, access check, the page and its audit entry: one connection, not three."""
    from sqlalchemy import event
    from starlette.testclient import TestClient

    for database in committed_database("sqlite", tmp_path):
        sessions = session_factory(database.engine)
        cast = make_cast(sessions)
        app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=sessions, clock=cast.clock)
        with TestClient(app) as client:
            token = client.post("/api/v1/auth/login", json={"email": "bob@riverside.test", "password": PASSWORD}).json()["token"]
            taken = []
            event.listen(database.engine, "checkout", lambda *_: taken.append(1))
            answer = client.get(f"/api/v1/patients/{cast.carol.patient_id}/diary", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200
            assert len(taken) == 1
