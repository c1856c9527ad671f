"""Which of the program's activities fall on which day, so Today shows today's session first and
the rest of the week folded away below it.

The days come from the week stored with the program version (issue 13: weekdays, session A or B,
rest days); for a version saved before the week was kept, they come
from what the program already says: a planned program's usual week (each day's session, each
exercise's session A, B or both) and, for anything else, its sessions a week spread over the
week as the planner spreads training days (:func:`rehab.core.planning.sessions.training_days`),
counted from the program's first day. Seven or more a week is every day.

Within a day, the gentle work comes first: mobility warms up, balance is done while fresh, then
functional and strength work, then endurance; daily activity quotas are kept across the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rehab.contracts.records import ProgramVersionOut
from rehab.core.planning.library import Component, Library
from rehab.core.planning.sessions import training_days

# The order of a session: warm up, balance before tiredness, then the harder work.
SESSION_ORDER = (Component.MOBILITY, Component.BALANCE, Component.FUNCTIONAL, Component.RESISTANCE,
                 Component.AEROBIC)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# How many days ahead "the rest of the week" shows.
DAYS_AHEAD = 6


@dataclass(frozen=True)
class Day:
    """One day of the week as the patient sees it: its name, its session (A or B in a planned
    program) and the activities due, in the order to do them."""

    on: date
    name: str
    session: str | None
    activity_ids: tuple[str, ...]

    @property
    def rest(self) -> bool:
        return not self.activity_ids


def _phase(program: ProgramVersionOut) -> dict:
    planned = program.document.get("planned") or {}
    phases = planned.get("phases") or []
    wanted = program.document.get("phase")
    return next((p for p in phases if p.get("name") == wanted), phases[0] if phases else {})


def _first_day(program: ProgramVersionOut) -> date:
    planned = program.document.get("planned") or {}
    return date.fromisoformat(planned["start"]) if planned.get("start") else program.created_at.date()


def _usual_week(program: ProgramVersionOut) -> tuple[dict[int, str | None], dict[str, str | None]]:
    """The session of each weekday (0 = Monday) and the session each activity sits in: the week
    stored with the program version, else the planned phase's week in its document."""
    if program.week is not None:
        return {d.weekday: d.session for d in program.week.days}, dict(program.week.sessions)
    phase = _phase(program)
    week = {WEEKDAYS.index(d["day"]): d.get("session") for d in phase.get("week", []) if d.get("day") in WEEKDAYS}
    return week, {p["id"]: p.get("session") for p in phase.get("prescriptions", []) if p.get("id")}


def weekdays_of(program: ProgramVersionOut) -> dict[str, tuple[frozenset[int], str | None]]:
    """Each activity's weekdays (0 = Monday) and its session label (A, B, A+B or None). An activity
    the stored week does not name (added by hand later) or a quota is due every day."""
    week, placed = _usual_week(program)
    stored = program.week is not None
    offset = _first_day(program).weekday()
    out = {}
    for p in program.prescriptions:
        session = placed.get(p.activity_id)
        if stored and not session:
            days = frozenset(range(7))
        elif session and week:
            days = frozenset(day for day, label in week.items() if label and label in session.split("+"))
        elif p.sessions_per_week >= 7:
            days = frozenset(range(7))
        else:
            days = frozenset((offset + d) % 7 for d in training_days(max(round(p.sessions_per_week), 1)))
        out[p.activity_id] = (days, session)
    return out


def session_rank(program: ProgramVersionOut, library: Library) -> dict[str, int]:
    """Where each activity comes in a session. A program review's order comes first: the
    clinician and the patient chose it (``sequence``, services.program_reviews), and Today, the
    week and the program page all follow it. Otherwise, and for an activity the review did not
    place, by component (the planned one, else the library's), then in the program's own order."""
    planned = {p["id"]: p.get("component") for p in _phase(program).get("prescriptions", []) if p.get("id")}
    sequence = [a for a in (program.document or {}).get("sequence", []) if isinstance(a, str)]
    order = [c.value for c in SESSION_ORDER]
    ranks = {}
    for index, p in enumerate(program.prescriptions):
        if p.activity_id in sequence:
            ranks[p.activity_id] = sequence.index(p.activity_id)
            continue
        component = planned.get(p.activity_id)
        if component is None and p.activity_id in library.exercises:
            component = library.exercises[p.activity_id].component.value
        ranks[p.activity_id] = len(sequence) + (order.index(component) if component in order else len(order)) * 1000 + index
    return ranks


def week_ahead(program: ProgramVersionOut, library: Library, today: date) -> list[Day]:
    """Today and the next days, each with its activities in the order to do them."""
    days_of = weekdays_of(program)
    rank = session_rank(program, library)
    week, _ = _usual_week(program)
    out = []
    for ahead in range(DAYS_AHEAD + 1):
        on = today + timedelta(days=ahead)
        due = sorted((a for a, (days, _) in days_of.items() if on.weekday() in days), key=rank.__getitem__)
        name = "Today" if ahead == 0 else "Tomorrow" if ahead == 1 else WEEKDAYS[on.weekday()]
        out.append(Day(on, name, week.get(on.weekday()), tuple(due)))
    return out


def times_a_week(count: float) -> str:
    """'once a week', 'twice a week', '3 times a week', 'every day'."""
    if count >= 7:
        return "every day"
    whole = round(count)
    return {1: "once a week", 2: "twice a week"}.get(whole, f"{whole} times a week")


def in_order(ids: Sequence[str], rank: dict[str, int]) -> list[str]:
    return sorted(ids, key=lambda a: rank.get(a, 10**6))
