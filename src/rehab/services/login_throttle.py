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

from sqlalchemy import delete, select
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
_ENSURE = {
    name: insert(tables.LoginThrottle.__table__).on_conflict_do_nothing(index_elements=["key"])
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}


def take_try(uow: UnitOfWork, settings: Settings, found: list[Counter]) -> None:
    """Count this try as a failure on every counter, or refuse it (TooManyAttempts, nothing
    counted) when any of them is waiting. Call inside the unit of work, and commit."""
    now = uow.now()
    window = timedelta(minutes=settings.login_window_minutes)
    connection = uow.session.connection()
    # Counters quiet for a window after their last wait count nothing any more: drop them, so
    # guesses at many made-up emails do not pile up rows.
    connection.execute(delete(_throttles).where(_throttles.c.wait_until <= now - window))
    connection.execute(_ENSURE[connection.dialect.name],
                       [{"key": c.key, "failures": 0, "last_failure_at": now, "wait_until": now} for c in found])
    rows = {row.key: row for row in uow.session.scalars(
        select(tables.LoginThrottle).where(tables.LoginThrottle.key.in_([c.key for c in found]))
        .order_by(tables.LoginThrottle.key).with_for_update().execution_options(populate_existing=True))}
    waiting = [rows[c.key].wait_until for c in found if rows[c.key].wait_until > now]
    if waiting:
        minutes = math.ceil((max(waiting) - now).total_seconds() / 60)
        raise TooManyAttempts(f"too many failed logins; try again in {minutes} minute{'s' * (minutes != 1)}",
                              retry_after=math.ceil((max(waiting) - now).total_seconds()))
    for counter in found:
        row = rows[counter.key]
        if now >= row.wait_until + window:  # quiet for a window after the last wait: forgotten
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        row.wait_until = now + wait_after(row.failures, counter.free, window)


def give_back(uow: UnitOfWork, found: list[Counter]) -> None:
    """The password was right: the try counted in advance was no failure."""
    rows = {row.key: row for row in uow.session.scalars(
        select(tables.LoginThrottle).where(tables.LoginThrottle.key.in_([c.key for c in found]))
        .order_by(tables.LoginThrottle.key).with_for_update())}
    now = uow.now()
    for counter in found:
        row = rows.get(counter.key)
        if row is None:
            continue
        if counter.forgotten_on_success:
            row.failures = 0
            row.wait_until = min(row.wait_until, now)
        else:
            row.failures = max(0, row.failures - 1)
            if row.failures < counter.free:
                row.wait_until = min(row.wait_until, now)
