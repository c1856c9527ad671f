"""Settings, read from the environment in a function (never at import) and checked loudly.

``REHAB_DATABASE_URL`` selects the database: SQLite by default (a file under ``./var/``), or
PostgreSQL (``postgresql+psycopg://user@host:5432/db``) to scale out. ``REHAB_DATA_DIR`` moves
``./var/``.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


DAYS_BEFORE_ENROLMENT = 7
# How many days back a session or diary entry may be dated when it is recorded after the fact.
LATE_ENTRY_DAYS = 3


class SettingsError(ValueError):
    """A setting is missing or wrong; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    # How long a login lasts, for API tokens and page sessions alike.
    session_hours: int = 12
    # Failed logins allowed for one account from one address before each further try waits (1, 2,
    # 4, ... minutes); the higher ceilings for one address over all its accounts (a clinic's NAT)
    # and for one account from unknown devices over all addresses; the window (docs/security.md).
    login_attempts: int = 5
    login_address_attempts: int = 50
    login_account_attempts: int = 50
    login_window_minutes: int = 15
    # The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses or networks);
    # none by default, so a client cannot choose the address the audit log records.
    trusted_proxies: tuple[str, ...] = ()
    # A diary entry's check-ins run this long after it, gathering a burst of entries into one round.
    checkin_delay_seconds: float = 2.0
    # How many days before enrolment a diary entry, session or flare may be dated (a baseline week
    # kept before the first visit; see rehab.services.record_dates).
    days_before_enrolment: int = DAYS_BEFORE_ENROLMENT
    # How many days before the day it is recorded a session or diary entry may be dated (a late
    # entry; see rehab.services.record_dates).
    late_entry_days: int = LATE_ENTRY_DAYS

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be above 0, got {value}")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    data_dir = Path(env.get("REHAB_DATA_DIR", "var"))
    url = env.get("REHAB_DATABASE_URL") or f"sqlite:///{data_dir / 'rehab.db'}"
    if not (url.startswith("sqlite:///") or url.startswith("postgresql+psycopg://")):
        raise SettingsError(
            f"REHAB_DATABASE_URL must start with sqlite:/// or postgresql+psycopg://, got {url.split(':')[0]}:..."
        )
    return Settings(
        database_url=url,
        data_dir=data_dir,
        session_hours=_positive_int(env, "REHAB_SESSION_HOURS", 12),
        login_attempts=_positive_int(env, "REHAB_LOGIN_ATTEMPTS", 5),
        login_address_attempts=_positive_int(env, "REHAB_LOGIN_ADDRESS_ATTEMPTS", 50),
        login_account_attempts=_positive_int(env, "REHAB_LOGIN_ACCOUNT_ATTEMPTS", 50),
        login_window_minutes=_positive_int(env, "REHAB_LOGIN_WINDOW_MINUTES", 15),
        checkin_delay_seconds=_seconds(env, "REHAB_CHECKIN_DELAY_SECONDS", 2.0),
        days_before_enrolment=_days(env, "REHAB_DAYS_BEFORE_ENROLMENT", DAYS_BEFORE_ENROLMENT),
        late_entry_days=_days(env, "REHAB_LATE_ENTRY_DAYS", LATE_ENTRY_DAYS),
        trusted_proxies=_networks(env, "REHAB_TRUSTED_PROXIES"),
    )


def _days(env: Mapping[str, str], name: str, default: int) -> int:
    return int(_number(env, name, default, int, "a whole number of days", 366, "days"))


def _networks(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated addresses or networks (``10.0.0.5``, ``10.0.0.0/24``), each checked."""
    found = []
    for part in env.get(name, "").split(","):
        if part.strip():
            try:
                found.append(str(ipaddress.ip_network(part.strip(), strict=False)))
            except ValueError:
                raise SettingsError(f"{name} must list IP addresses or networks separated by commas, "
                                    f"got {part.strip()!r}") from None
    return tuple(found)


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    return _number(env, name, default, float, "a number of seconds", 3600, "seconds")


def _number(env: Mapping[str, str], name: str, default: float, kind: type, what: str, highest: float,
            unit: str) -> float:
    """A setting from 0 to ``highest``, read as ``kind``; a clear error naming it otherwise."""
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name} must be {what}, got {raw!r}") from None
    if not 0 <= value <= highest:
        raise SettingsError(f"{name} must be from 0 to {highest:g} {unit}, got {value:g}")
    return value
