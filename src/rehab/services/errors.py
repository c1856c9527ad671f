"""What a use case can refuse, in words an adapter turns into an HTTP status or a CLI message."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of refusals; ``str()`` is safe to show to the person who asked. ``patient_id`` is the
    patient whose record was refused, for the audit log only (never shown: telling an outsider
    whose record an id is would give away that it exists)."""

    def __init__(self, *args: object, patient_id: object = None) -> None:
        super().__init__(*args)
        self.patient_id = patient_id


class NotFound(ServiceError):
    """No such record, or none this person may know exists (HTTP 404)."""


class Denied(ServiceError):
    """The record exists and is visible, but this person may not do this to it (HTTP 403)."""


class Unauthenticated(ServiceError):
    """No valid login (HTTP 401)."""


class TooManyAttempts(ServiceError):
    """Too many failed logins; try again later (HTTP 429, with ``Retry-After`` in seconds)."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(ServiceError):
    """The request clashes with what is stored, e.g. a reused id with other content (HTTP 409)."""


class ExercisePaused(Conflict):
    """A red flag answered yes (an emergency or urgent referral) waits for a clinician: no session
    can be logged until a clinician's screening clears it (HTTP 409)."""

    def __init__(self, urgency: str) -> None:
        super().__init__(f"exercise is paused: a red flag answered yes needs a clinician's review ({urgency} referral), "
                         "so no session can be logged until a clinician has reviewed it")
        self.urgency = urgency


class Invalid(ServiceError):
    """Bad input that only the use case can see (HTTP 422); names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
