"""What the engine knows about one activity on the check-in day, gathered once: the diary as daily
series, the personal baseline, the last dose change, and which sessions count toward what.

Evidence is counted once. Sessions logged on or before the last dose change (advance, regress or
flare in ``history``) were at another dose and do not count toward the next advance. Pain signals
(pain during over the limit, a next-morning rise) count when they became known after the last
change, or on the same day as an advance: an advance never hides a pain signal, and a regression
is not repeated for a signal it has already answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter

from rehab.core.engine import monitoring
from rehab.core.models import CheckIn, DecisionKind, Limits, SessionLog

_by_date = attrgetter("date")
DOSE_CHANGES = frozenset({DecisionKind.ADVANCE, DecisionKind.REGRESS, DecisionKind.FLARE})


@dataclass
class Evidence:
    """What the engine knows about one activity on the check-in day, prepared once."""

    checkin: CheckIn
    usual: monitoring.DailySeries
    morning: monitoring.DailySeries
    flare_declared: frozenset[date]
    baseline: monitoring.PersonalBaseline | None
    last_change: date | None
    last_change_kind: DecisionKind | None
    sessions: list[SessionLog] = field(default_factory=list)  # up to today, by date
    new_sessions: list[SessionLog] = field(default_factory=list)  # after the last dose change
    signal_sessions: list[SessionLog] = field(default_factory=list)  # pain during not yet answered
    morning_sessions: list[SessionLog] = field(default_factory=list)  # next-morning pain not yet answered

    @property
    def limits(self) -> Limits:
        return self.checkin.limits

    @property
    def today(self) -> date:
        return self.checkin.today

    @cached_property
    def morning_baseline(self) -> monitoring.PersonalBaseline | None:
        """The usual next-morning pain (only the symptom-contingent rules need it); without enough
        morning entries, the usual daily pain stands in."""
        started = self.checkin.flare_episode.started if self.checkin.flare_episode else None
        return _baseline(self.morning, self.today, self.limits, started) or self.baseline


def gather(ci: CheckIn) -> Evidence:
    limits = ci.limits
    series = monitoring.diary_series(ci.diary)
    usual, morning = series.usual, series.morning
    started = ci.flare_episode.started if ci.flare_episode else None
    baseline = _baseline(usual, ci.today, limits, started)
    last_change = last_kind = None
    for entry in ci.history:
        if entry.decision in DOSE_CHANGES and (last_change is None or entry.date >= last_change):
            last_change, last_kind = entry.date, entry.decision
    evidence = Evidence(ci, usual, morning, series.flare_declared, baseline, last_change, last_kind)
    after_advance = last_kind is DecisionKind.ADVANCE
    eve = last_change - timedelta(days=1) if last_change else None
    for session in sorted(ci.sessions, key=_by_date):
        day = session.date
        if day > ci.today:
            continue
        evidence.sessions.append(session)
        if last_change is None or day > last_change:
            evidence.new_sessions.append(session)
            evidence.signal_sessions.append(session)
        elif day == last_change and after_advance:
            evidence.signal_sessions.append(session)
        # The morning after a session is known the next day.
        if day < ci.today and (last_change is None or day >= last_change or (after_advance and day == eve)):
            evidence.morning_sessions.append(session)
    return evidence



def _baseline(series, today: date, limits: Limits, flare_started: date | None):
    first, last = monitoring.baseline_window(today, limits, flare_started)
    baseline = monitoring.personal_baseline(series, first, last, limits)
    if baseline is None and flare_started is None:
        # A new patient: a provisional baseline from every day but those being judged for a flare.
        baseline = monitoring.personal_baseline(series, first, today - timedelta(days=limits.flare_days), limits)
    return baseline
