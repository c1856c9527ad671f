"""Many requests at once keep the promises one request keeps, on SQLite and on PostgreSQL alike.

Threads call the use cases at the same moment against a database whose commits are real (a
rolled-back test shares one connection, which would make them take turns). SQLite's writers queue;
PostgreSQL's do not, so there the guarantees come from INSERT … ON CONFLICT, row locks and unique
indexes, never from luck.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable

import pytest
from clinic_cast import PASSWORD, TODAY, make_cast
from databases import committed_database
from sqlalchemy import func, select

from rehab.contracts.records import OverrideIn, SessionLogIn, UserIn
from rehab.services import accounts, logs
from rehab.services.errors import Conflict, TooManyAttempts, Unauthenticated
from rehab.settings import load_settings
from rehab.store import tables
from rehab.store.database import session_factory


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def cast(request, tmp_path_factory):
    for database in committed_database(request.param, tmp_path_factory.mktemp("concurrent")):
        yield make_cast(session_factory(database.engine))


def at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in ``count`` threads released together; each one's result or refusal."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = work(i)
        except Exception as refused:  # noqa: BLE001 - the refusal is the result
            results[i] = refused

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def rows(cast, table, *where) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(table).where(*where))


def test_twenty_retries_of_one_session_at_once_store_it_once_and_all_get_its_answer(cast):
    entry = SessionLogIn(id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 10},
                         pain_during=3, rpe=6)
    results = at_once(20, lambda _: logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, entry))
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert sorted(r.replayed for r in results) == [False] + [True] * 19
    first = next(r for r in results if not r.replayed)
    assert all(r.session == first.session and r.decisions == first.decisions for r in results)
    assert rows(cast, tables.SessionLog, tables.SessionLog.id == entry.id) == 1
    assert rows(cast, tables.Decision, tables.Decision.trigger == f"session:{entry.id}") == 1


def test_ten_overrides_of_one_decision_at_once_keep_one_and_refuse_nine(cast):
    logged = logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="walking", date=TODAY, completed={"duration_s": 1200}, pain_during=2))
    decision_id = next(d.id for d in logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, "walking")
                       if d.trigger == "session" and d.decided_at and d.decision == logged.decisions[0])
    results = at_once(10, lambda i: logs.override_decision(cast.uow(), cast.bob, decision_id, OverrideIn(
        decision="hold", next_dose={"duration_s": 1200}, reason=f"Bob's click number {i}")))
    assert Counter(type(r).__name__ for r in results) == {"OverrideOut": 1, "Conflict": 9}
    assert all("already been overridden" in str(r) for r in results if isinstance(r, Conflict))
    assert rows(cast, tables.Override, tables.Override.decision_id == decision_id) == 1
    shown = [d for d in logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id) if d.id == decision_id]
    assert len(shown) == 1 and shown[0].override.reason.startswith("Bob's click number")


def test_sixty_wrong_passwords_at_once_get_five_tries(cast):
    settings = load_settings({})
    results = at_once(60, lambda _: accounts.login(cast.uow(), settings, "dave@riverside.test", "not his password",
                                                   "203.0.113.60"))
    kinds = Counter(type(r).__name__ for r in results)
    assert kinds == {"Unauthenticated": settings.login_attempts, "TooManyAttempts": 60 - settings.login_attempts}
    assert rows(cast, tables.LoginAttempt, tables.LoginAttempt.address == "203.0.113.60") == settings.login_attempts
    assert all(isinstance(r, Unauthenticated | TooManyAttempts) for r in results)


def test_logins_at_once_with_the_right_password_all_get_in(cast):
    settings = load_settings({})
    results = at_once(12, lambda i: accounts.login(cast.uow(), settings, "bob@riverside.test", PASSWORD,
                                                   f"198.51.100.{i % 3}"))
    assert [r for r in results if isinstance(r, Exception)] == []
    assert len({r[0] for r in results}) == 12  # twelve logins, each with its own token


def test_one_email_added_twice_at_once_gets_one_account_and_conflicts(cast):
    new = UserIn(email="grace@riverside.test", display_name="Grace", role="clinician", password=PASSWORD)
    results = at_once(6, lambda _: accounts.create_user(cast.uow(), cast.alice, new))
    assert Counter(type(r).__name__ for r in results) == {"UserOut": 1, "Conflict": 5}
    assert rows(cast, tables.User, tables.User.email == "grace@riverside.test") == 1


def test_four_programs_saved_at_once_become_four_versions(cast):
    from clinic_cast import CAROLS_PROGRAM

    from rehab.services import programs

    before = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id).version
    results = at_once(4, lambda i: programs.set_program(cast.uow(), cast.bob, cast.carol.patient_id,
                                                        CAROLS_PROGRAM.model_copy(update={"reason": f"change {i}"})))
    assert sorted(r.version for r in results) == [before + 1, before + 2, before + 3, before + 4]
