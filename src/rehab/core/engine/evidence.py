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
from rehab.core.models import BaselineAnchor, CheckIn, DecisionKind, Limits, SessionLog

_by_date = attrgetter("date")
DOSE_CHANGES = frozenset({DecisionKind.ADVANCE, DecisionKind.REGRESS, DecisionKind.FLARE})


@dataclass
class Evidence:
    """What the engine knows about one activity on the check-in day, prepared once.

    ``baseline`` is the anchored yardstick of usual pain (the clinician's re-baseline, else the
    intake baseline phase); ``flare_reference`` the weeks before a flare in progress, which its
    return is judged against; ``noise`` the rolling, detrended day-to-day noise; ``recent_usual``
    the rolling window's mean, which may only lower the level a flare is spotted from."""

    checkin: CheckIn
    usual: monitoring.DailySeries
    morning: monitoring.DailySeries
    flare_declared: frozenset[date]
    anchor: BaselineAnchor | None
    baseline: monitoring.PersonalBaseline | None
    flare_reference: monitoring.PersonalBaseline | None
    noise: monitoring.NoiseEstimate | None
    recent_usual: float | None
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
    def morning_noise(self) -> monitoring.NoiseEstimate | None:
        first, last = monitoring.noise_window(self.today, self.limits)
        return monitoring.noise(self.morning, first, last, self.limits) or self.noise

    @cached_property
    def usual_rho(self) -> float | None:
        """Lag-1 autocorrelation of the usual-pain noise (None: too few day pairs)."""
        return monitoring.autocorrelation(self.noise) if self.noise is not None else None

    @cached_property
    def morning_rho(self) -> float | None:
        noise = self.morning_noise
        return monitoring.autocorrelation(noise) if noise is not None else None

    @cached_property
    def morning_baseline(self) -> monitoring.PersonalBaseline | None:
        """The usual next-morning pain on the same anchor as the usual pain; without enough morning
        entries there, the usual daily pain stands in."""
        found = None
        if self.anchor is not None:
            found = monitoring.anchored_baseline(self.morning, self.today, self.limits, self.anchor,
                                                 rolling=self.morning_noise)
        return found or self.baseline

    @cached_property
    def morning_anchored_mean(self) -> float | None:
        """The mean next-morning pain over the anchor's days (what the drift rule needs of it)."""
        if self.anchor is None:
            return None
        last = min(self.anchor.last, self.today - timedelta(days=self.limits.flare_days))
        return self.morning.mean(self.anchor.first, last, self.limits.baseline_min_days)

    @cached_property
    def morning_before_change(self) -> monitoring.PersonalBaseline | None:
        """The yardstick of the next-morning rules: the mornings of the ``pre_change_days`` before the
        last dose change, so the days after a change are never part of their own yardstick (§3.1:
        back to the pre-session level by the next morning). With no change yet, or too few mornings
        before it, the anchored morning baseline."""
        if self.last_change is not None:
            last = self.last_change - timedelta(days=1)
            first = last - timedelta(days=self.limits.pre_change_days - 1)
            found = monitoring.personal_baseline(self.morning, first, last, self.limits, kind="before the last dose change",
                                                 rolling=self.morning_noise)
            if found is not None:
                return found
        return self.morning_baseline


def gather(ci: CheckIn) -> Evidence:
    limits = ci.limits
    series = monitoring.diary_series(ci.diary)
    usual, morning = series.usual, series.morning
    first, last = monitoring.noise_window(ci.today, limits)
    rolling = monitoring.noise(usual, first, last, limits)
    recent_usual = rolling.mean if rolling is not None else None
    anchor = ci.baseline_anchor or monitoring.intake_anchor(usual, limits)
    baseline = monitoring.anchored_baseline(usual, ci.today, limits, anchor, rolling=rolling)
    reference = None
    if ci.flare_episode is not None:
        reference = monitoring.anchored_baseline(usual, ci.today, limits, None, ci.flare_episode.started, rolling)
    last_change = last_kind = None
    for entry in ci.history:
        if entry.decision in DOSE_CHANGES and (last_change is None or entry.date >= last_change):
            last_change, last_kind = entry.date, entry.decision
    evidence = Evidence(ci, usual, morning, series.flare_declared, anchor, baseline, reference, rolling, recent_usual,
                        last_change, last_kind)
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
