"""Accounts: clinics, users, logins and logouts.

Passwords are hashed with Argon2 (argon2-cffi's defaults, RFC 9106 profile). A login gives a random
token; only its SHA-256 is stored, so a copy of the database does not hand out logins. Failed logins
are counted in the database (every app process sees them): more than ``login_attempts`` failures
for one account or from one address within ``login_window_minutes`` refuses further tries until the
window passes. Logout revokes the token. Every failed or refused login is written to the audit
log with the account tried and the address (docs/security.md, Audit of refused attempts).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, func, select

from rehab.contracts.records import LoginOut, UserIn, UserOut
from rehab.services.access import ADMIN, CLINICIAN, PATIENT, Actor, audit, require_role
from rehab.services.errors import Conflict, TooManyAttempts, Unauthenticated
from rehab.settings import Settings
from rehab.store import tables
from rehab.store.unit_of_work import UnitOfWork

_hasher = PasswordHasher()
# Verifying against this when the email is unknown makes a wrong email take as long as a wrong
# password, so timing does not reveal who has an account.
_UNKNOWN = _hasher.hash("an account that does not exist")


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
    uow.session.add(user)
    uow.session.flush()
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


def login(uow: UnitOfWork, settings: Settings, email: str, password: str, address: str) -> tuple[str, LoginOut]:
    """Check the password and open a login; returns the token (shown once) and who logged in."""
    email = email.lower()
    with uow:
        now = uow.now()
        since = now - timedelta(minutes=settings.login_window_minutes)
        failures = uow.session.scalar(
            select(func.count()).select_from(tables.LoginAttempt)
            .where(tables.LoginAttempt.at >= since)
            .where((tables.LoginAttempt.email == email) | (tables.LoginAttempt.address == address))
        )
        if failures >= settings.login_attempts:
            _audit_failed_login(uow, "login_refused", next(iter(_accounts_of(uow, email)), None), address)
            uow.commit()
            raise TooManyAttempts(f"too many failed logins; try again in {settings.login_window_minutes} minutes")
        accounts = _accounts_of(uow, email)
        user = _holder(accounts, password)
        if user is None:
            uow.session.add(tables.LoginAttempt(email=email, address=address, at=now))
            _audit_failed_login(uow, "login_failed", accounts[0] if accounts else None, address)
            uow.commit()
            raise Unauthenticated("wrong email or password")
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(hours=settings.session_hours)
        uow.session.add(tables.AccessToken(user_id=user.id, token_hash=_token_hash(token), created_at=now,
                                           expires_at=expires))
        patient_id = _patient_of(uow, user)
        audit(uow, Actor(user.id, user.role, user.clinic_id, patient_id, address), "login", "session", user.id,
              patient_id)
        uow.commit()
        return token, LoginOut(token=token, expires_at=expires, user=user_out(user, patient_id))


def _accounts_of(uow: UnitOfWork, email: str) -> list[tables.User]:
    """The accounts an address has, oldest first: one, or one at each clinic the person is known to."""
    return list(uow.session.scalars(select(tables.User).where(tables.User.email == email)
                                    .order_by(tables.User.created_at, tables.User.id)))


def _holder(accounts: list[tables.User], password: str) -> tables.User | None:
    """The active account this password opens (the oldest, should two clinics' share one), or
    None. An unknown address is checked against a made-up hash, so it takes as long."""
    if not accounts:
        _verify(_UNKNOWN, password)
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
