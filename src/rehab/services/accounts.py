"""Accounts: clinics, users, logins and logouts.

Passwords are hashed with Argon2 (argon2-cffi's defaults, RFC 9106 profile). A login gives a random
token; only its SHA-256 is stored, so a copy of the database does not hand out logins. Tries are
counted in the database (every app process sees them) by rehab.services.login_throttle: growing
waits per account and address, higher ceilings per address and per account, and a device that
logged in before is never held back by strangers' failures. Logout revokes the token. Every failed or refused login is written to the audit
log with the account tried and the address (docs/security.md, Audit of refused attempts).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError

from rehab.contracts.records import LoginOut, UserIn, UserOut
from rehab.services import login_throttle
from rehab.services.access import ADMIN, CLINICIAN, PATIENT, Actor, audit, require_role
from rehab.services.errors import Conflict, Invalid, TooManyAttempts, Unauthenticated
from rehab.settings import Settings
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

_hasher = PasswordHasher()
EMAIL_LENGTH = 254
PASSWORD_LENGTH = 200  # as the login contract (rehab.contracts.records.LoginIn)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_out(user: tables.User, patient_id: uuid.UUID | None = None) -> UserOut:
    return UserOut(id=user.id, email=user.email, display_name=user.display_name, role=user.role,
                   clinic_id=user.clinic_id, patient_id=patient_id)


def create_clinic(uow: UnitOfWork, name: str, admin_email: str, admin_name: str, password: str) -> UserOut:
    """A new clinic with its first admin (run by an operator from the command line)."""
    with uow:
        clinic = tables.Clinic(name=name, created_at=uow.now())
        uow.session.add(clinic)
        uow.session.flush()
        admin = new_user(uow, clinic.id, ADMIN, admin_email, admin_name, password)
        audit(uow, None, "create", "clinic", clinic.id)
        uow.commit()
        return user_out(admin)


def new_user(uow: UnitOfWork, clinic_id: uuid.UUID, role: str, email: str, name: str, password: str) -> tables.User:
    """A login in ``clinic_id``. An address is unique within a clinic only: whether it has an
    account at another clinic is that clinic's business, so it is never looked at here."""
    email = email.lower()
    taken = select(tables.User.id).where(tables.User.clinic_id == clinic_id, tables.User.email == email)
    if uow.session.scalar(taken) is not None:
        raise Conflict(f"email: {email} already has an account in this clinic")
    user = tables.User(clinic_id=clinic_id, role=role, email=email, display_name=name,
                       password_hash=hash_password(password), active=True, created_at=uow.now())
    try:
        # Two admins adding one email at once both pass the check above on PostgreSQL; the unique
        # index refuses the second, which gets the same conflict (not a 500).
        with uow.session.begin_nested():
            uow.session.add(user)
            uow.session.flush()
    except IntegrityError:
        raise Conflict(f"email: {email} already has an account") from None
    return user


def create_user(uow: UnitOfWork, actor: Actor, new: UserIn) -> UserOut:
    """An admin adds a clinician or another admin to their own clinic."""
    require_role(actor, ADMIN)
    with uow:
        user = new_user(uow, actor.clinic_id, new.role, new.email, new.display_name, new.password)
        audit(uow, actor, "create", "user", user.id)
        uow.commit()
        return user_out(user)


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserOut]:
    require_role(actor, ADMIN)
    with uow:
        users = uow.session.scalars(
            select(tables.User).where(tables.User.clinic_id == actor.clinic_id, tables.User.role != PATIENT)
            .order_by(tables.User.display_name)
        ).all()
        audit(uow, actor, "read", "users")
        uow.commit()
        return [user_out(u) for u in users]


def colleagues(uow: UnitOfWork, actor: Actor) -> dict[uuid.UUID, str]:
    """The names of the clinic's clinicians and admins by id, for saying who decided what."""
    require_role(actor, CLINICIAN, ADMIN)
    with uow:
        rows = uow.session.execute(select(tables.User.id, tables.User.display_name).where(
            tables.User.clinic_id == actor.clinic_id, tables.User.role != PATIENT)).all()
        uow.commit()
        return {user_id: name for user_id, name in rows}


class Login(NamedTuple):
    token: str  # the login's bearer token, shown once
    out: LoginOut
    device: str  # this device's cookie: new, or the one it came with


def login(uow: UnitOfWork, settings: Settings, email: str, password: str, address: str,
          device: str | None = None) -> Login:
    """Check the password and open a login. ``device`` is the cookie a device was given at an
    earlier login to this account: with it, only that device's own failures count (see
    rehab.services.login_throttle). Every try, whether the email has an account or not, does the
    same Argon2 work, so timing does not tell who has an account."""
    email = email.lower()
    if len(email) > EMAIL_LENGTH:  # the page form is not a contract: its limits are checked here
        raise Invalid("email", f"at most {EMAIL_LENGTH} characters")
    if len(password) > PASSWORD_LENGTH:
        raise Invalid("password", f"at most {PASSWORD_LENGTH} characters")
    with uow:
        accounts = _accounts_of(uow, email)
        first_id = accounts[0].id if accounts else None  # the account a refused try is audited under
        known = _known_device(uow, accounts, device)
        counted = login_throttle.counters(settings, email, address, str(known.id) if known else None)
        try:
            login_throttle.take_try(uow, settings, counted)
        except TooManyAttempts as error:
            refused = error  # nothing counted; the refusal is audited in a transaction of its own
        else:
            refused = None
            uow.commit()
    if refused is not None:
        with uow:
            _audit_failed_login(uow, "login_refused", uow.session.get(tables.User, first_id) if first_id else None,
                                address)
            uow.commit()
        raise refused
    # The slow part, outside any transaction: no row lock or write queue is held while Argon2 works.
    user = _holder(accounts, password)
    with uow:
        now = uow.now()
        if user is None:
            uow.session.add(tables.LoginAttempt(email=email, address=address, at=now))
            login_throttle.forget_quiet(uow, settings)
            _audit_failed_login(uow, "login_failed", accounts[0] if accounts else None, address)
            uow.commit()
            raise Unauthenticated("wrong email or password")
        login_throttle.give_back(uow, counted)
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(hours=settings.session_hours)
        uow.session.add(tables.AccessToken(user_id=user.id, token_hash=_token_hash(token), created_at=now,
                                           expires_at=expires))
        if known is not None:
            uow.session.get(tables.KnownDevice, known.id).last_login_at = now
        else:
            device = _remember_device(uow, user.id, now)
        patient_id = _patient_of(uow, user)
        audit(uow, Actor(user.id, user.role, user.clinic_id, patient_id, address), "login", "session", user.id,
              patient_id)
        uow.commit()
        return Login(token, LoginOut(token=token, expires_at=expires, user=user_out(user, patient_id)), device)


# An account remembers the devices it logged in from most recently; clients that keep no cookies
# (scripts) would otherwise add a row at every login.
DEVICES_KEPT = 20


def _remember_device(uow: UnitOfWork, user_id: uuid.UUID, now) -> str:
    """A new device cookie for the account; its oldest devices past ``DEVICES_KEPT`` are forgotten
    (rows another login holds are skipped, never waited for)."""
    device = secrets.token_urlsafe(32)
    uow.session.add(tables.KnownDevice(user_id=user_id, token_hash=_token_hash(device), created_at=now,
                                       last_login_at=now))
    uow.session.flush()
    devices = tables.KnownDevice.__table__
    oldest = (select(devices.c.id).where(devices.c.user_id == user_id)
              .order_by(devices.c.last_login_at.desc(), devices.c.id).offset(DEVICES_KEPT)
              .with_for_update(skip_locked=True))
    uow.session.execute(delete(devices).where(devices.c.id.in_(oldest)))
    return device


def _known_device(uow: UnitOfWork, accounts: list[tables.User], device: str | None) -> tables.KnownDevice | None:
    """The device cookie's record when it was given to one of this address's accounts."""
    if not accounts or not device:
        return None
    return uow.session.scalar(select(tables.KnownDevice).where(
        tables.KnownDevice.token_hash == _token_hash(device),
        tables.KnownDevice.user_id.in_([a.id for a in accounts])))


def _accounts_of(uow: UnitOfWork, email: str) -> list[tables.User]:
    """The accounts an address has, oldest first: one, or one at each clinic the person is known to."""
    return list(uow.session.scalars(select(tables.User).where(tables.User.email == email)
                                    .order_by(tables.User.created_at, tables.User.id)))


def _holder(accounts: list[tables.User], password: str) -> tables.User | None:
    """The active account this password opens (the oldest, should two clinics' share one), or
    None. An unknown address is checked against a made-up hash, so it takes as long."""
    if not accounts:
        _verify(_unknown_account_hash(), password)
        return None
    return next((a for a in accounts if _verify(a.password_hash, password) and a.active), None)


def _audit_failed_login(uow: UnitOfWork, action: str, user: tables.User | None, address: str) -> None:
    """A failed or refused login in the audit log, from where it came. The account is named by its
    id when there is one (a patient's also lands in that patient's trail); what was typed is never
    kept, since people type passwords into the email field."""
    patient_id = _patient_of(uow, user) if user is not None else None
    actor = Actor(user.id, user.role, user.clinic_id, patient_id, address) if user is not None else None
    audit(uow, actor, action, "session", user.id if user is not None else "unknown account", patient_id, address)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_unknown: tuple[PasswordHasher, str] | None = None


def _unknown_account_hash() -> str:
    """A hash to check a password against when the email has no account, made by the hasher in
    use (so it costs what a real one costs) on first need: hashing at import slowed every start."""
    global _unknown
    if _unknown is None or _unknown[0] is not _hasher:
        _unknown = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _unknown[1]


def _patient_of(uow: UnitOfWork, user: tables.User) -> uuid.UUID | None:
    if user.role != PATIENT:
        return None
    return uow.session.scalar(select(tables.Patient.id).where(tables.Patient.user_id == user.id))


# Built once: the statement is compiled once and cached, each request only binds the hash.
_WHO_HOLDS = (
    select(tables.AccessToken.revoked_at, tables.AccessToken.expires_at, tables.User.id, tables.User.role,
           tables.User.clinic_id, tables.User.active, tables.Patient.id)
    .join(tables.User, tables.User.id == tables.AccessToken.user_id)
    .outerjoin(tables.Patient, (tables.Patient.user_id == tables.User.id) & (tables.User.role == PATIENT))
    .where(tables.AccessToken.token_hash == bindparam("token_hash"))
)


def authenticate(uow: UnitOfWork, token: str, address: str | None = None) -> Actor:
    """The person behind a token, or Unauthenticated if it is unknown, expired or revoked. Every
    request asks this, so it is one indexed query read as plain rows."""
    found = uow.first_row(_WHO_HOLDS, {"token_hash": _token_hash(token)})
    if found is None:
        raise Unauthenticated("not logged in")
    revoked_at, expires_at, user_id, role, clinic_id, active, patient_id = found
    if revoked_at is not None or expires_at <= uow.now() or not active:
        raise Unauthenticated("the login has ended; please log in again")
    return Actor(user_id, role, clinic_id, patient_id, address)


def logout(uow: UnitOfWork, token: str) -> None:
    with uow:
        access = uow.session.scalar(select(tables.AccessToken).where(tables.AccessToken.token_hash == _token_hash(token)))
        if access is not None and access.revoked_at is None:
            access.revoked_at = uow.now()
        uow.commit()


def me(uow: UnitOfWork, actor: Actor) -> UserOut:
    with uow:
        user = uow.session.get(tables.User, actor.user_id)
        return user_out(user, actor.patient_id)
