"""Plausible dates for what a patient did and what a clinician recorded, checked as they come in.

The wire already refuses anything before 1900 or after 2100 (``rehab.contracts.wire``). Here the
dates meet the patient: a diary entry, a session or a flare is dated from a few days before the
patient's enrolment (``REHAB_DAYS_BEFORE_ENROLMENT``, default 7: a baseline week kept before the
first visit, and the morning check of the day before) to one day after the server's UTC date (a
patient east of Greenwich is already in tomorrow). A screening, an assessment, a reassessment or a
discharge records something that has happened, so it is never dated after tomorrow either.

One diary entry dated 0001-01-01 once stopped every clinic's check-ins (hazard H35); the refusal
names the field and the days allowed, so the person can put it right.
"""

from __future__ import annotations

from datetime import date, timedelta

from rehab.services.errors import Invalid
from rehab.store.unit_of_work import UnitOfWork

# A log may be dated up to a day ahead of the server's UTC date (a patient east of Greenwich).
DAYS_AHEAD = 1


def latest(uow: UnitOfWork) -> date:
    """The last day anything can have happened on: tomorrow, by the server's UTC date."""
    return uow.now().date() + timedelta(days=DAYS_AHEAD)


def earliest_log(uow: UnitOfWork, enrolled_on: date) -> date:
    """The first day a patient's diary, sessions and flares may be dated."""
    return enrolled_on - timedelta(days=uow.days_before_enrolment)


def check_logged_day(uow: UnitOfWork, enrolled_on: date, field: str, day: date) -> date:
    """A diary entry's, session's or flare's day, or a refusal naming the days allowed; returns the
    check-in day (the log's own day, or today for a late entry)."""
    first, last = earliest_log(uow, enrolled_on), latest(uow)
    if day > last:
        raise Invalid(field, f"{day} is in the future; a log can be dated from {first} to {last}")
    if day < first:
        raise Invalid(field, f"{day} is before this patient's program (enrolled on {enrolled_on}); "
                             f"a log can be dated from {first} to {last}")
    return max(day, uow.now().date())


def check_happened(uow: UnitOfWork, field: str, day: date, since: date | None = None, what: str = "") -> date:
    """The day of something that has happened (a screening, an assessment, a discharge): not after
    tomorrow and, when ``since`` is given (the enrolment), not before it."""
    last = latest(uow)
    allowed = f"from {since} to {last}" if since is not None else f"up to {last}"
    if day > last:
        raise Invalid(field, f"{day} is in the future; {what or 'it'} can be dated {allowed}")
    if since is not None and day < since:
        raise Invalid(field, f"{day} is before this patient's enrolment ({since}); "
                             f"{what or 'it'} can be dated {allowed}")
    return day
