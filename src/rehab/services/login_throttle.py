"""How many password tries a login may have: growing waits per account and address, a higher
ceiling per address and per account, and a known device that strangers cannot lock out.

Following OWASP's authentication guidance (see docs/security.md, "Logins"):

- An account tried from one address has ``login_attempts`` free failures; after them each further
  try waits: 1 minute, then 2, 4, 8, ... up to the window. A failure is forgotten once the wait
  after it has passed and a window more has gone by without another.
- One address (a clinic behind one NAT) has a separate, higher ceiling over all its accounts, and
  one account tried from unknown devices has the same higher ceiling over all addresses.
- A device that logged in to the account before (a random cookie, its hash in ``known_devices``)
  is counted on its own: strangers' failures, from any address, never stop its right password.

A try is counted *before* the password is checked, in a short transaction holding each counter's
row lock (PostgreSQL; SQLite's writers queue), so concurrent tries from many app processes count
exactly: 60 tries at once get ``login_attempts`` password checks, not 33. A success gives its try
back (and clears the account's failures). The Argon2 work runs outside any transaction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from rehab.services.errors import TooManyAttempts
from rehab.settings import Settings
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

FIRST_WAIT = timedelta(minutes=1)


@dataclass(frozen=True)
class Counter:
    """One thing whose failures are counted, and how many it has free before waits begin."""

    key: str
    free: int
    # Whether a success forgets every failure (the account's own) or only gives its try back (an
    # address or an account over all addresses: one success must not wipe a stranger's failures).
    forgotten_on_success: bool


def counters(settings: Settings, email: str, address: str, device_id: str | None) -> list[Counter]:
    """What a try is counted against: a known device alone, or an unknown device's account and
    address, the address, and the account. Sorted, so concurrent tries take the row locks in one
    order and never deadlock."""
    if device_id is not None:
        found = [Counter(f"device:{device_id}", settings.login_attempts, True)]
    else:
        found = [Counter(f"account+address:{email} {address}", settings.login_attempts, True),
                 Counter(f"address:{address}", settings.login_address_attempts, False),
                 Counter(f"account:{email}", settings.login_account_attempts, False)]
    return sorted(found, key=lambda c: c.key)


def wait_after(failures: int, free: int, window: timedelta) -> timedelta:
    """No wait for the first ``free`` failures, then 1, 2, 4, ... minutes, at most the window."""
    if failures < free:
        return timedelta(0)
    return min(window, FIRST_WAIT * 2 ** min(failures - free, 20))


_throttles = tables.LoginThrottle.__table__
# A counter's row, made when missing, locked until the transaction ends: an upsert that changes
# nothing still takes the row's lock (PostgreSQL), and unlike SELECT … FOR UPDATE it cannot miss a
# row that another transaction removed meanwhile.
_LOCK = {
    name: insert(_throttles).on_conflict_do_update(index_elements=["key"], set_={"failures": _throttles.c.failures})
    .returning(_throttles.c.failures, _throttles.c.wait_until)
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}
PRUNED_AT_ONCE = 100


def _locked(uow: UnitOfWork, found: list[Counter], now: datetime) -> dict[str, tuple[int, datetime]]:
    connection = uow.session.connection()
    statement = _LOCK[connection.dialect.name]
    return {counter.key: tuple(connection.execute(statement, {"key": counter.key, "failures": 0, "last_failure_at": now,
                                                              "wait_until": now}).one())
            for counter in found}  # in key order: concurrent tries never deadlock


def _store(uow: UnitOfWork, key: str, **values: object) -> None:
    uow.session.connection().execute(update(_throttles).where(_throttles.c.key == key).values(**values))


def take_try(uow: UnitOfWork, settings: Settings, found: list[Counter]) -> None:
    """Count this try as a failure on every counter, or refuse it (TooManyAttempts, nothing
    counted) when any of them is waiting. Call inside the unit of work, and commit."""
    now = uow.now()
    window = timedelta(minutes=settings.login_window_minutes)
    rows = _locked(uow, found, now)
    waiting = [wait_until for _, wait_until in rows.values() if wait_until > now]
    if waiting:
        seconds = math.ceil((max(waiting) - now).total_seconds())
        minutes = math.ceil(seconds / 60)
        raise TooManyAttempts(f"too many failed logins; try again in {minutes} minute{'s' * (minutes != 1)}",
                              retry_after=seconds)
    for counter in found:
        failures, wait_until = rows[counter.key]
        if now >= wait_until + window:  # quiet for a window after the last wait: forgotten
            failures = 0
        failures += 1
        _store(uow, counter.key, failures=failures, last_failure_at=now,
               wait_until=now + wait_after(failures, counter.free, window))


def give_back(uow: UnitOfWork, found: list[Counter]) -> None:
    """The password was right: the try counted in advance was no failure."""
    now = uow.now()
    for counter in found:
        failures, wait_until = _locked(uow, [counter], now)[counter.key]
        if counter.forgotten_on_success:
            failures = 0
        else:
            failures = max(0, failures - 1)
        if failures < counter.free:
            wait_until = min(wait_until, now)
        _store(uow, counter.key, failures=failures, wait_until=wait_until)


def forget_quiet(uow: UnitOfWork, settings: Settings) -> None:
    """Drop counters quiet for a window after their last wait (they count nothing any more), so
    guesses at many made-up emails do not pile up rows. Run by a failed try, in a transaction that
    holds no counter's lock: rows another try holds are skipped, never waited for."""
    cutoff = uow.now() - timedelta(minutes=settings.login_window_minutes)
    quiet = (select(_throttles.c.key).where(_throttles.c.wait_until <= cutoff).limit(PRUNED_AT_ONCE)
             .with_for_update(skip_locked=True))
    uow.session.connection().execute(delete(_throttles).where(_throttles.c.key.in_(quiet)))
