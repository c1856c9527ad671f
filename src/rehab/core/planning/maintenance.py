"""The maintenance plan at discharge: reassessment dates and re-entry triggers.

Reassess at 3, 6 and 12 months in maintenance (clinical reference §8). The re-entry triggers say,
in plain words, when to contact the clinic again: the escalation rules of the flare plan (§5.7)
and the red flags (§4.2), plus anything agreed with this patient.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

REASSESS_AFTER_MONTHS = (3, 6, 12)

STANDARD_TRIGGERS = (
    "A flare that is not settling after a week, even with your flare plan.",
    "Two flares within four weeks.",
    "Any of the warning signs on your 'When to seek help' list: contact your clinic or emergency care at once.",
    "Your pain stays clearly above your usual level for two weeks.",
    "You can no longer do something you worked toward in your goals.",
)


@dataclass(frozen=True, slots=True)
class MaintenancePlan:
    discharged_on: date
    reassessment_dates: tuple[date, ...]
    re_entry_triggers: tuple[str, ...]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def maintenance_plan(discharged_on: date, agreed_triggers: tuple[str, ...] = ()) -> MaintenancePlan:
    dates = tuple(add_months(discharged_on, m) for m in REASSESS_AFTER_MONTHS)
    return MaintenancePlan(discharged_on, dates, STANDARD_TRIGGERS + tuple(agreed_triggers))


def next_reassessment(taken_on: date, weeks: int = 4) -> date:
    """The next checkpoint during active rehabilitation: every 4-6 weeks (§8); 4 by default."""
    return taken_on + timedelta(weeks=weeks)
