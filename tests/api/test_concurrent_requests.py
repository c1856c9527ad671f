"""Many requests at once over real HTTP, on SQLite and on PostgreSQL: same-id retries, concurrent
overrides and concurrent logins get the answers one request at a time would get.

The server is the app as `rehab serve` runs it (rehab.cli.server.uvicorn_config), in a thread of
this process on a free port, over a database of its own whose commits are real.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter

import pytest
import uvicorn
from clinic_cast import PASSWORD, TODAY, make_cast
from databases import committed_database
from sqlalchemy import select

from rehab.cli.server import uvicorn_config
from rehab.settings import load_settings
from rehab.store import tables
from rehab.store.database import session_factory
from rehab.web.app import create_app


class Server:
    def __init__(self, base: str, cast) -> None:
        self.base = base
        self.cast = cast

    def call(self, method: str, path: str, body: dict | None = None, token: str | None = None,
             headers: dict | None = None) -> tuple[int, dict, dict]:
        request = urllib.request.Request(self.base + path, method=method, headers={
            "Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {}),
            **(headers or {})}, data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), json.loads(response.read() or b"null")
        except urllib.error.HTTPError as refused:
            return refused.code, dict(refused.headers), json.loads(refused.read() or b"null")

    def token(self, email: str) -> str:
        status, _, out = self.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
        assert status == 200, out
        return out["token"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    for database in committed_database(request.param, tmp_path_factory.mktemp("live")):
        sessions = session_factory(database.engine)
        cast = make_cast(sessions)
        app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=sessions, clock=cast.clock)
        port = _free_port()
        running = uvicorn.Server(uvicorn_config(app, "127.0.0.1", port))
        thread = threading.Thread(target=running.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not running.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        yield Server(f"http://127.0.0.1:{port}", cast)
        running.should_exit = True
        thread.join(timeout=20)


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
