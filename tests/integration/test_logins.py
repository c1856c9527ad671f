"""Logins that strangers cannot use as a weapon (docs/security.md, "Logins"), on both databases.

Carol is a patient of Riverside; Dave is another, logging in from the same clinic NAT. Mallory is
whoever is guessing passwords.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from clinic_cast import PASSWORD, TODAY
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from rehab.services import accounts
from rehab.services.errors import TooManyAttempts, Unauthenticated
from rehab.settings import load_settings
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

CAROL = "carol@riverside.test"
NAT = "192.0.2.10"  # the clinic's one public address
MALLORY = "198.51.100.66"


class Minutes:
    """A clock the test moves by minutes."""

    def __init__(self, cast) -> None:
        self.now = cast.clock()

    def __call__(self):
        return self.now

    def wait(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def try_login(cast, clock, password, address, email=CAROL, device=None, **settings):
    env = {f"REHAB_{name.upper()}": str(value) for name, value in settings.items()}
    with_device = {"device": device} if device else {}
    return accounts.login(UnitOfWork(cast.sessions, clock), load_settings(env), email, password, address, **with_device)


def fail(cast, clock, address, times, email=CAROL, **settings):
    for _ in range(times):
        with pytest.raises(Unauthenticated):
            try_login(cast, clock, "a guess", address, email, **settings)


def test_wrong_tries_from_one_address_do_not_lock_the_account_out_from_another(cast):
    clock = Minutes(cast)
    fail(cast, clock, MALLORY, 5)
    with pytest.raises(TooManyAttempts):
        try_login(cast, clock, PASSWORD, MALLORY)
    assert try_login(cast, clock, PASSWORD, NAT).out.user.patient_id == cast.carol.patient_id


def test_one_persons_failures_behind_the_clinic_nat_do_not_lock_out_the_others(cast):
    clock = Minutes(cast)
    fail(cast, clock, NAT, 5)
    assert try_login(cast, clock, PASSWORD, NAT, email="dave@riverside.test").out.user.patient_id == cast.dave.patient_id


def test_after_the_free_tries_each_wait_is_longer_and_the_429_says_how_long(cast):
    clock = Minutes(cast)
    fail(cast, clock, MALLORY, 5)
    for wait in (1, 2, 4):
        with pytest.raises(TooManyAttempts) as refused:
            try_login(cast, clock, "a guess", MALLORY)
        assert refused.value.retry_after == wait * 60 and f"try again in {wait} minute" in str(refused.value)
        clock.wait(wait)
        fail(cast, clock, MALLORY, 1)


def test_failures_are_forgotten_after_a_quiet_window_and_a_success_clears_them(cast):
    clock = Minutes(cast)
    fail(cast, clock, NAT, 4)
    try_login(cast, clock, PASSWORD, NAT)
    fail(cast, clock, NAT, 5)  # the success cleared the four before it
    clock.wait(1 + 15)  # the wait, then a quiet window
    fail(cast, clock, NAT, 5)


def test_one_address_has_a_higher_ceiling_over_all_its_accounts(cast):
    clock = Minutes(cast)
    for n in range(8):
        fail(cast, clock, MALLORY, 1, email=f"nobody{n}@riverside.test", login_address_attempts=8)
    with pytest.raises(TooManyAttempts):
        try_login(cast, clock, PASSWORD, MALLORY, login_address_attempts=8)


def test_a_known_device_gets_in_while_strangers_hold_the_account_back(cast):
    clock = Minutes(cast)
    device = try_login(cast, clock, PASSWORD, NAT).device  # Carol's phone, logged in before
    for n in range(6):  # Mallory, from six addresses
        fail(cast, clock, f"203.0.113.{n}", 1, login_account_attempts=6)
    with pytest.raises(TooManyAttempts):  # an unknown device now waits...
        try_login(cast, clock, PASSWORD, "192.0.2.77", login_account_attempts=6)
    again = try_login(cast, clock, PASSWORD, "192.0.2.77", device=device, login_account_attempts=6)
    assert again.out.user.patient_id == cast.carol.patient_id  # ...Carol's phone does not
    assert again.device == device


def test_an_account_remembers_its_most_recent_devices(cast):
    clock = Minutes(cast)
    first = try_login(cast, clock, PASSWORD, NAT).device
    for _ in range(accounts.DEVICES_KEPT):  # a script that keeps no cookies
        clock.wait(1)
        try_login(cast, clock, PASSWORD, NAT)
    with cast.sessions() as session:
        kept = session.scalar(select(func.count()).select_from(tables.KnownDevice)
                              .where(tables.KnownDevice.user_id == cast.carol.user_id))
    assert kept == accounts.DEVICES_KEPT
    assert try_login(cast, clock, PASSWORD, NAT, device=first).device != first  # forgotten: a new cookie


def test_a_device_cookie_counts_only_for_its_own_account(cast):
    clock = Minutes(cast)
    carols_phone = try_login(cast, clock, PASSWORD, NAT).device
    fail(cast, clock, MALLORY, 5, email="dave@riverside.test")
    with pytest.raises(TooManyAttempts):  # Carol's cookie does not open Dave's throttle
        try_login(cast, clock, PASSWORD, MALLORY, email="dave@riverside.test", device=carols_phone)


def test_guesses_at_made_up_emails_leave_no_rows_behind_once_quiet(cast):
    clock = Minutes(cast)
    for n in range(3):
        fail(cast, clock, MALLORY, 1, email=f"made-up{n}@nowhere.test")

    def kept() -> int:
        with cast.sessions() as session:
            return session.scalar(select(func.count()).select_from(tables.LoginThrottle)
                                  .where(tables.LoginThrottle.key.like("%made-up%")))

    assert kept() == 6  # each email, and each email from this address
    clock.wait(15)
    fail(cast, clock, NAT, 1)  # someone's later failure sweeps up after them
    assert kept() == 0


def test_an_unknown_email_takes_as_long_as_a_wrong_password(cast):
    """The same Argon2 work either way, so timing does not tell who has an account."""
    real = accounts._hasher
    # Argon2 costly enough to dwarf the database work (the suite's quick hasher would hide the gap),
    # yet quicker than the real settings, to keep the suite fast.
    accounts._hasher = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)
    try:
        with cast.sessions() as session:
            session.execute(text("UPDATE users SET password_hash = :hash WHERE email = :email"),
                            {"hash": accounts.hash_password(PASSWORD), "email": CAROL})
            session.commit()
        clock = Minutes(cast)

        def median(email: str) -> float:
            # The work done, as this thread's CPU time: wall time on a busy machine (a loaded CI
            # runner) measures the neighbours too. Argon2 runs in the calling thread.
            times = []
            for n in range(5):
                began = time.thread_time()
                with pytest.raises(Unauthenticated):
                    try_login(cast, clock, "a guess", f"192.0.2.{n}", email=email, login_attempts=100)
                times.append(time.thread_time() - began)
            return statistics.median(times)

        median("someone@nowhere.test")  # the first unknown email makes the stand-in hash
        known, unknown = median(CAROL), median("someone@nowhere.test")
    finally:
        accounts._hasher = real
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_no_stand_in_hash_is_computed_at_import():
    import subprocess
    import sys

    script = ("import argon2, time; calls = []; real = argon2.PasswordHasher.hash\n"
              "argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or real(self, *a, **k)\n"
              "import rehab.services.accounts; print(len(calls))")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip() == "0"


def test_the_audit_log_cannot_be_truncated(cast, database):
    """Every way a database has to empty the log is refused: TRUNCATE on PostgreSQL; SQLite has no
    TRUNCATE, and its way to empty a table, a DELETE without WHERE, is refused the same."""
    emptying = "TRUNCATE audit_log" if database.name == "postgresql" else "DELETE FROM audit_log"
    with cast.sessions() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(emptying))


def test_the_audit_log_cannot_be_emptied_with_delete(cast):
    with cast.sessions() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text("DELETE FROM audit_log"))


assert TODAY  # the cast's day: Minutes starts from its noon
