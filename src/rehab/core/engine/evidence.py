"""What the engine knows about one activity on the check-in day, gathered once: the diary as daily
series, the personal baseline, the last dose change, and which sessions count toward what.

Evidence is counted once. Sessions logged on or before the last dose change (advance, regress or
flare in ``history``) were at another dose and do not count toward the next advance. Pain signals
(pain during over the limit, a next-morning rise) count when they became known after the last
change, or on the same day as an advance: an advance never hides a pain signal, and a regression
is not repeated for a signal it has already answered.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter, le

from rehab.core.engine import monitoring
from rehab.core.models import BaselineAnchor, CheckIn, DecisionKind, HistoryEntry, Limits, SessionLog

_by_date = attrgetter("date")


class cached_property:  # noqa: N801 - used as functools.cached_property is
    """Worked out on first use, then a plain attribute. functools.cached_property takes a lock on
    every first use in Python 3.11 (dropped in 3.12); an Evidence lives in one check-in, on one
    thread, and every check-in works out several of these."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
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
    last_advance: date | None  # the last time the load went up (a flare-return step included)
    sessions: list[SessionLog] = field(default_factory=list)  # up to today, by date
    new_sessions: list[SessionLog] = field(default_factory=list)  # after the last dose change
    signal_sessions: list[SessionLog] = field(default_factory=list)  # pain during not yet answered
    morning_sessions: list[SessionLog] = field(default_factory=list)  # next-morning pain not yet answered

    # The check-in's limits and day, read on every rule (plain fields: set by :func:`gather`).
    limits: Limits = field(init=False)
    today: date = field(init=False)
    noise_window: tuple[date, date] = field(init=False)

    @cached_property
    def history(self) -> tuple[HistoryEntry, ...] | list[HistoryEntry]:
        """The earlier decisions in date order (a stable sort keeps a day's in the order given). Several
        rules walk them in order; a history that comes in order, as a server's and the cohort's do, is
        only checked, not sorted again by each."""
        history = self.checkin.history
        days = list(map(_by_date, history))
        return history if all(map(le, days, days[1:])) else sorted(history, key=_by_date)

    @cached_property
    def morning_noise(self) -> monitoring.NoiseEstimate | None:
        first, last = self.noise_window
        return monitoring.noise(self.morning, first, last, self.limits) or self.noise

    @cached_property
    def usual_weeks(self) -> list[list[float]]:
        """Usual pain of each of the last weeks (the latest first), read once for the drift and
        improvement rules."""
        return monitoring.week_values(self.usual, self.today, max(2, self.limits.drift_weeks))

    @cached_property
    def morning_weeks(self) -> list[list[float]]:
        """Next-morning pain of each of the last weeks, read once for the drift and weekly-trend rules."""
        return monitoring.week_values(self.morning, self.today, max(2, self.limits.drift_weeks))

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
    def setback_reference(self) -> monitoring.PersonalBaseline | None:
        """The yardstick of the setback rules (sustained worsening, the week's pain): the anchored
        baseline, or her best sustained level since the anchor when that is lower
        (:func:`monitoring.best_sustained_level`), from windows that end before the weeks being
        judged. A patient who improved is judged from where she got to, not from her intake level."""
        baseline = self.baseline
        if baseline is None or not self._later_windows:
            return baseline
        lowest = monitoring.lowest_window_mean(self.usual, self.anchor.first, self._judged_from, self.limits)
        if lowest is None or lowest[1] >= baseline.mean:
            return baseline
        return monitoring.level_of_window(self.usual, lowest, self.limits, rolling=self.noise)  # her best level

    @cached_property
    def morning_setback_mean(self) -> float | None:
        """The next-morning counterpart of :attr:`setback_reference` (its mean only: what the drift
        rule needs)."""
        anchored = self.morning_anchored_mean
        if anchored is None or not self._later_windows:
            return anchored
        best = monitoring.lowest_window_mean(self.morning, self.anchor.first, self._judged_from, self.limits)
        return best[1] if best is not None and best[1] < anchored else anchored

    @cached_property
    def _later_windows(self) -> bool:
        """Whether any 14-day window other than the anchor itself fits before the judged weeks (with
        none, her best level is the anchored one: nothing to search)."""
        anchor = self.anchor
        if anchor is None:
            return False
        span = self.limits.intake_baseline_days - 1
        return (self._judged_from - anchor.first).days > span or (anchor.last - anchor.first).days != span

    @cached_property
    def _judged_from(self) -> date:
        """The last day a setback reference may include: the day before the weeks the drift rule judges."""
        return self.today - timedelta(days=7 * self.limits.drift_weeks)

    @cached_property
    def morning_before_change(self) -> monitoring.PersonalBaseline | None:
        """The yardstick of the next-morning rules (§3.1: back to the pre-session level by the next
        morning): the mornings of the ``pre_change_days`` before the last *advance*, the last time
        the load went up, or the anchored morning baseline, whichever is lower.

        Not the last dose change of any kind: every regression is a dose change, so a yardstick
        taken before the last one would slide forward over the provoked mornings the regressions
        answered, and a morning at 6/10 would in time pass as "usual" for a patient whose mornings
        were 3/10 (the yardstick would move by itself). For the same reason the mornings a
        regression or flare answered are left out of the window, and the anchored level caps it:
        the yardstick can only be stricter than the anchored one (as for flares, §5.3), never looser.
        With no advance yet, or too few mornings before it, the anchored morning baseline."""
        if self.last_advance is None:
            return self.morning_baseline
        last = self.last_advance - timedelta(days=1)
        first = last - timedelta(days=self.limits.pre_change_days - 1)
        found = monitoring.personal_baseline(self._mornings_not_answered(first, last), first, last, self.limits,
                                             kind="before the last advance", rolling=self.morning_noise)
        anchored = self.morning_anchored_mean  # a plain mean first: the whole baseline only when it is lower
        if found is None or (anchored is not None and anchored < found.mean):
            return self.morning_baseline or found
        return found

    def _mornings_not_answered(self, first: date, last: date) -> monitoring.DailySeries:
        """The mornings, without those a regression or flare on ``first`` to ``last`` + 1 day
        answered: the mornings after the sessions since the dose change before it (at most a week
        back), which were known on its day."""
        answered: set[date] = set()
        previous = None
        session_days = None
        for entry in self.history:
            if entry.decision not in DOSE_CHANGES:
                continue
            day = entry.date
            if entry.decision is not DecisionKind.ADVANCE and first <= day <= last + timedelta(days=1):
                since = max(previous or day, day - timedelta(days=self.limits.recent_days))
                if session_days is None:
                    session_days = {s.date for s in self.checkin.sessions}
                answered.update(d for d in session_days if since <= d < day)
            previous = day
        if not answered:
            return self.morning
        by_day = self.morning.by_day
        return monitoring.DailySeries.of({d: by_day[d] for d in self.morning.days if d not in answered}, ordered=True)


def gather(ci: CheckIn, series: monitoring.DiarySeries | None = None) -> Evidence:
    """``series``: the check-in's diary as daily series, when the caller keeps it already
    (:class:`monitoring.RunningDiary`); else it is read from ``ci.diary``."""
    limits = ci.limits
    if series is None:
        series = monitoring.diary_series(ci.diary)
    usual, morning = series.usual, series.morning
    cut = bisect_left(morning.days, ci.today)
    if cut < len(morning.days):
        # A next morning dated today or later is a morning not yet lived (an entry error or a clock
        # slip): ignored, so the session it belongs to counts as not yet recorded, which holds.
        morning = monitoring.DailySeries(morning.days[:cut], morning.values[:cut])
    window = first, last = monitoring.noise_window(ci.today, limits)
    rolling = monitoring.noise(usual, first, last, limits)
    recent_usual = rolling.mean if rolling is not None else None
    anchor = ci.baseline_anchor or monitoring.intake_anchor(usual, limits)
    baseline = monitoring.anchored_baseline(usual, ci.today, limits, anchor, rolling=rolling)
    reference = None
    if ci.flare_episode is not None:
        reference = monitoring.anchored_baseline(usual, ci.today, limits, None, ci.flare_episode.started, rolling)
    last_change, last_kind, last_advance = _last_changes(ci.history)
    evidence = Evidence(ci, usual, morning, series.flare_declared, anchor, baseline, reference, rolling, recent_usual,
                        last_change, last_kind, last_advance)
    evidence.limits, evidence.today, evidence.noise_window = limits, ci.today, window
    # The sessions by date (a stable sort keeps a day's sessions in the order given), then each
    # list below is a run of days: the sessions up to today, those after the last change (and on
    # its day too when it was an advance: an advance never hides a pain signal), and those whose
    # next morning is known (the next day) since the last change, or since its eve for an advance.
    sessions = ci.sessions
    days = list(map(_by_date, sessions))
    if not all(map(le, days, days[1:])):
        sessions = sorted(sessions, key=_by_date)
        days = list(map(_by_date, sessions))
    today = ci.today
    upto, before_today = bisect_right(days, today), bisect_left(days, today)
    evidence.sessions = list(sessions[:upto])
    if last_change is None:
        evidence.new_sessions = evidence.sessions[:]
        evidence.signal_sessions = evidence.sessions[:]
        evidence.morning_sessions = list(sessions[:before_today])
        return evidence
    after = bisect_right(days, last_change, 0, upto)
    evidence.new_sessions = list(sessions[after:upto])
    if last_kind is DecisionKind.ADVANCE:
        evidence.signal_sessions = list(sessions[bisect_left(days, last_change, 0, upto):upto])
        morning_from = last_change - timedelta(days=1)
    else:
        evidence.signal_sessions = evidence.new_sessions[:]
        morning_from = last_change
    evidence.morning_sessions = list(sessions[bisect_left(days, morning_from, 0, before_today):before_today])
    return evidence


def _last_changes(history: tuple[HistoryEntry, ...]) -> tuple[date | None, DecisionKind | None, date | None]:
    """The day and kind of the last dose change (of several on its day, the last given) and the day
    of the last advance. A history in date order (a server's, the cohort's: a decision nearly every
    day for months) is read from its end, stopping at the last advance."""
    days = list(map(_by_date, history))
    if all(map(le, days, days[1:])):
        last_change = last_kind = None
        for entry in reversed(history):
            decision = entry.decision
            if decision in DOSE_CHANGES:
                if last_change is None:
                    last_change, last_kind = entry.date, decision
                if decision is DecisionKind.ADVANCE:
                    return last_change, last_kind, entry.date
        return last_change, last_kind, None
    last_change = last_kind = last_advance = None
    for entry in history:
        decision = entry.decision
        if decision in DOSE_CHANGES:
            day = entry.date
            if last_change is None or day >= last_change:
                last_change, last_kind = day, decision
            if decision is DecisionKind.ADVANCE and (last_advance is None or day > last_advance):
                last_advance = day
    return last_change, last_kind, last_advance
