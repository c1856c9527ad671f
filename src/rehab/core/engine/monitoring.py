"""Personal baselines: telling real change from noise with the patient's own diary.

Pain varies from day to day, and by how much differs between people. A rise of 2 points is noise
for someone whose pain swings widely and a clear signal for someone whose pain is steady, so every
comparison here is against the person's own usual level and its variability, never a population
number (single-case logic, clinical reference §7.2).

Two questions are kept apart, because mixing them lets a worsening hide itself:

- **What is usual for this person?** The *anchored* baseline: the mean of a fixed window of diary
  days. It is the baseline phase at the start of the diary (§7.2 step 1: at least 7, ideally 14
  days), or a window a clinician confirmed when re-baselining after a setback, a medication change
  or a new phase of the programme (§7.2 step 5). During a flare the return is judged against the
  weeks before the flare (§5.6). The yardstick never moves by itself: a rise that lasts weeks does
  not become the new "usual" until a clinician says so.
- **How much does it vary from day to day?** The *noise*: a rolling window (the ``baseline_days``
  before the last ``recent_days``) with its linear trend taken out, so a slow rise does not pass for
  noise. The band a single day may stray within is 1.96 x SD x sqrt(1 + 1/n) (§7.2 step 2), never
  narrower than ``noise_band_min`` (a 1-point move on an integer scale is not a signal) and never
  wider than ``noise_band_max``: the NRS minimal important change of 2 points (Farrar 2001, §1.1)
  unless a clinician sets another width for this patient.

The rolling window may only make the engine more careful: for spotting a flare, the yardstick is
the lower of the anchored level and the recent one, so a person whose usual pain has come down is
not allowed a bigger rise before a flare is seen; it never raises the yardstick. The setback rules
(the weekly trend and drift) do the same with her best sustained level since the anchor
(:func:`best_sustained_level`).

A slow worsening that stays inside the band day by day is caught by the drift rule: the weekly mean
up by at least 2 points and 30% from the anchored baseline (the NRS MCID, Farrar 2001; §1.1, §7.2
step 4), in each of the last ``drift_weeks`` weeks (a setback, not a flare: §5).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, lt, mul
from datetime import date, timedelta

from rehab.core.models import BaselineAnchor, DiaryEntry, Limits

# NRS minimal clinically important change: 2 points and 30% (Farrar 2001; Suzuki 2020; §1.1).
NRS_MCID_POINTS = 2.0
NRS_MCID_SHARE = 0.30
_ONE_DAY = timedelta(days=1)

# Kinds of anchor, as the clinician reads them.
INTAKE = "intake"  # the baseline phase at the start of the diary (§7.2 step 1)
PRE_FLARE = "pre-flare"  # the weeks before the flare in progress (§5.6)
BEST_SINCE_ANCHOR = "best since the anchor"  # her lowest 14-day level since then, when lower (§5, §7.2 step 4)
ANCHORED, PROVISIONAL = "anchored", "provisional"


@dataclass(frozen=True, slots=True)
class NoiseEstimate:
    """How much a diary measure varies from day to day once its trend is taken out: the residual SD
    of a straight-line fit over ``first..last``. The lag-1 autocorrelation of the residuals is worked
    out from the same fit only when a rule asks for it (:func:`autocorrelation`)."""

    sd: float
    mean: float
    days: int
    first: date
    last: date
    fit: tuple[list[int], list[float], float, float, float, float] = field(repr=False, compare=False, default=((), (), 0, 0, 0, 0))

    def describe(self) -> dict[str, object]:
        return {"first": self.first.isoformat(), "last": self.last.isoformat(), "days": self.days,
                "sd_detrended": round(self.sd, 2)}


@dataclass(frozen=True, slots=True)
class PersonalBaseline:
    """A patient's usual level of one diary measure (the anchored mean over ``first..last``) and the
    band a single day stays within 95% of the time (§7.2 step 2). ``kind`` says where the anchor
    came from (intake, pre-flare, or the clinician's reason for a re-baseline); ``status`` is
    *provisional* while the baseline phase is still being collected, else *anchored*; ``noise`` is
    the rolling estimate the band was taken from (None: the anchor's own days)."""

    mean: float
    sd: float
    days: int
    first: date
    last: date
    noise_band: float
    kind: str = INTAKE
    status: str = ANCHORED
    noise: NoiseEstimate | None = None
    confirmed_on: date | None = None

    def describe(self) -> dict[str, object]:
        described: dict[str, object] = {
            "kind": self.kind, "status": self.status, "first": self.first.isoformat(), "last": self.last.isoformat(),
            "mean": round(self.mean, 2), "sd": round(self.sd, 2), "days": self.days,
            "noise_band": round(self.noise_band, 2)}
        if self.confirmed_on is not None:
            described["confirmed_on"] = self.confirmed_on.isoformat()
        if self.noise is not None:
            described["noise_from"] = self.noise.describe()
        return described


@dataclass(frozen=True, slots=True)
class WeeklyChange:
    """The recent week's mean against the baseline mean (§7.2 step 3)."""

    recent_mean: float
    baseline_mean: float
    difference: float  # recent - baseline: positive means more pain
    z: float
    reliable: bool
    important: bool

    @property
    def interpretation(self) -> str:
        if not self.reliable:
            return "no reliable change" if not self.important else "possible change: collect more data"
        direction = "worse" if self.difference > 0 else "better"
        if self.important:
            return f"reliably {direction}, clinically important"
        return f"reliably {direction}, not yet clinically important"

    def describe(self) -> dict[str, float | str]:
        return {"recent_mean": round(self.recent_mean, 2), "baseline_mean": round(self.baseline_mean, 2),
                "z": round(self.z, 2), "interpretation": self.interpretation}

    def describe_weeks(self) -> dict[str, float | str]:
        """As :meth:`describe`, for this week against last week (the weekly morning rule): the means
        labelled by their week, so last week's is never read as a baseline (a physiotherapist's
        review, 2026-12-02: "6.0, 5.14" could be taken as oldest first)."""
        return {"this_week": round(self.recent_mean, 2), "last_week": round(self.baseline_mean, 2),
                "z": round(self.z, 2), "interpretation": self.interpretation}


@dataclass(frozen=True, slots=True)
class Drift:
    """The last weeks' means against the anchored baseline: sustained when every week is up by at
    least the NRS MCID (2 points and 30%)."""

    weekly_means: tuple[float | None, ...]  # the latest week first, up to the first not up; None: too few days
    baseline_mean: float
    rise_needed: float
    sustained: bool

    def describe(self) -> dict[str, object]:
        """The weekly means labelled by their week, newest first ("this_week" ends today), so they are
        not misread as oldest first (a physiotherapist's review, 2026-12-02), and whether the rise is
        sustained (the setback the clinician is alerted to)."""
        return {"weekly_means": {week_label(i): None if m is None else round(m, 2)
                                 for i, m in enumerate(self.weekly_means)},
                "baseline_mean": round(self.baseline_mean, 2), "rise_needed": round(self.rise_needed, 2),
                "sustained": self.sustained}


def week_label(weeks_back: int) -> str:
    """The label of a week counted back from the one ending today: this_week, last_week, 2_weeks_ago."""
    return "this_week" if weeks_back == 0 else "last_week" if weeks_back == 1 else f"{weeks_back}_weeks_ago"


@dataclass(frozen=True, slots=True)
class DailySeries:
    """One value per calendar day: in date order (so a window is a binary search), and by date for
    lookups."""

    days: list[date]
    values: list[float]
    # Made from the days and values when first asked for (most series of a check-in never are).
    _by_day: dict[date, float] | None = field(default=None, repr=False, compare=False)

    @property
    def by_day(self) -> dict[date, float]:
        """The values by day."""
        if self._by_day is None:
            object.__setattr__(self, "_by_day", dict(zip(self.days, self.values)))
        return self._by_day

    @classmethod
    def of(cls, by_day: dict[date, float], ordered: bool = False) -> DailySeries:
        """From values by day; ``ordered`` says the dict was filled in date order already."""
        if ordered:
            return cls(list(by_day), list(by_day.values()), by_day)
        days = sorted(by_day)
        return cls(days, [by_day[d] for d in days], by_day)

    def window(self, first: date, last: date) -> tuple[list[date], list[float]]:
        """The days and values from ``first`` to ``last`` inclusive."""
        low = bisect_left(self.days, first)
        high = bisect_right(self.days, last)
        return self.days[low:high], self.values[low:high]

    def numbered(self, first: date, last: date) -> tuple[list[int], list[float]]:
        """The day numbers (``date.toordinal``, for fitting a trend) and values from ``first`` to
        ``last`` inclusive."""
        low = bisect_left(self.days, first)
        high = bisect_right(self.days, last)
        return [d.toordinal() for d in self.days[low:high]], self.values[low:high]

    def count(self, first: date, last: date) -> int:
        return bisect_right(self.days, last) - bisect_left(self.days, first)

    def mean(self, first: date, last: date, at_least: int = 1) -> float | None:
        _, values = self.window(first, last)
        return sum(values) / len(values) if len(values) >= at_least else None


@dataclass(frozen=True, slots=True)
class DiarySeries:
    """The diary as one value per day: usual pain, next-morning pain (each the mean of that day's
    entries; several a day are allowed) and the days a flare was declared."""

    usual: DailySeries
    morning: DailySeries
    flare_declared: frozenset[date]


def diary_series(diary: Iterable[DiaryEntry]) -> DiarySeries:
    """Read the diary once. Entries usually come one a day in date order; then the day lists are
    read straight off it, a field at a time (``map`` over the entries, then the days whose value is
    there: the same values in the same order as a loop over the entries, without one Python step per
    entry and field). Several entries on a day, or entries out of order, take the general path:
    daily means, then sorting."""
    diary = diary if isinstance(diary, (list, tuple)) else list(diary)
    days = list(map(_DATE, diary))
    flags = list(map(_FLARE_DECLARED, diary))
    declared = frozenset(compress(days, flags)) if any(flags) else frozenset()
    if all(map(lt, days, days[1:])):  # one entry a day, in date order
        return DiarySeries(_present(days, list(map(_PAIN, diary))),
                           _present(days, list(map(_PAIN_NEXT_MORNING, diary))), declared)
    return DiarySeries(DailySeries.of(_daily_means(diary, "pain")),
                       DailySeries.of(_daily_means(diary, "pain_next_morning")), declared)


_DATE, _PAIN, _PAIN_NEXT_MORNING, _FLARE_DECLARED = (attrgetter(name) for name in (
    "date", "pain", "pain_next_morning", "flare_declared"))


def _present(days: list[date], values: list[float | None]) -> DailySeries:
    """The days (distinct, in order) that have a value, with their values."""
    if None not in values:
        return DailySeries(days[:], values)
    by_day = {day: value for day, value in zip(days, values) if value is not None}
    return DailySeries(list(by_day), list(by_day.values()), by_day)


class RunningDiary:
    """One person's diary as it grows, day by day, with its daily series kept as it goes.

    A caller that checks the same person in again and again as their diary grows (the virtual
    cohort: a check-in nearly every day for 16 weeks) would otherwise have each check-in read every
    entry of the diary window again (:func:`diary_series`: up to a tenth of a check-in in a profile,
    with a 70-day window). This keeps the days that have each value as the entries come, so a check-in's series is
    a slice of them. It holds nothing between callers: the caller owns it, one per person, and passes
    :meth:`series` to :func:`rehab.core.engine.progression.check_in` with a check-in whose diary is
    the same entries from the same day on.

    ``entries`` is the caller's list of entries, which this fills: one a day in date order, the latest
    replaceable (a next-morning pain added to yesterday's entry). Anything else (an earlier day, two
    entries on a day) is refused: that diary takes :func:`diary_series`'s general path. A list changed
    behind its back is seen by :meth:`in_step` (then read the diary itself)."""

    def __init__(self, entries: list[DiaryEntry]) -> None:
        if entries:
            raise ValueError("a running diary starts empty")
        self.entries = entries
        self._usual: tuple[list[date], list[float]] = ([], [])
        self._morning: tuple[list[date], list[float]] = ([], [])
        self._declared: list[date] = []
        self._latest: DiaryEntry | None = None
        self._count = 0

    def append(self, entry: DiaryEntry) -> None:
        """A new day's entry, after every day so far."""
        if self._latest is not None and entry.date <= self._latest.date:
            raise ValueError(f"diary entry for {entry.date} is not after {self._latest.date}")
        self.entries.append(entry)
        self._count += 1
        self._add(entry)

    def replace_latest(self, entry: DiaryEntry) -> None:
        """The latest day's entry again, with what has been added to it since."""
        if self._latest is None or entry.date != self._latest.date:
            raise ValueError(f"diary entry for {entry.date} does not replace the latest day")
        day = entry.date
        for days, values in (self._usual, self._morning):
            if days and days[-1] == day:
                days.pop()
                values.pop()
        if self._declared and self._declared[-1] == day:
            self._declared.pop()
        self.entries[-1] = entry
        self._add(entry)

    def _add(self, entry: DiaryEntry) -> None:
        for (days, values), value in ((self._usual, entry.pain), (self._morning, entry.pain_next_morning)):
            if value is not None:
                days.append(entry.date)
                values.append(value)
        if entry.flare_declared:
            self._declared.append(entry.date)
        self._latest = entry

    def in_step(self, entries: list[DiaryEntry]) -> bool:
        """Whether ``entries`` is this diary's list, changed only through it."""
        return (entries is self.entries and len(entries) == self._count
                and (entries[-1] if entries else None) is self._latest)

    def series(self, first: date) -> DiarySeries:
        """What :func:`diary_series` gives for the entries from ``first`` on."""
        return DiarySeries(_tail(self._usual, first), _tail(self._morning, first),
                           frozenset(self._declared[bisect_left(self._declared, first):]))


def _tail(kept: tuple[list[date], list[float]], first: date) -> DailySeries:
    all_days, all_values = kept
    low = bisect_left(all_days, first)
    days, values = all_days[low:], all_values[low:]
    return DailySeries(days, values)


def _daily_means(diary: Iterable[DiaryEntry], measure: str) -> dict[date, float]:
    values: dict[date, list[float]] = {}
    for entry in diary:
        value = getattr(entry, measure)
        if value is not None:
            values.setdefault(entry.date, []).append(value)
    return {day: sum(v) / len(v) for day, v in values.items()}


# ---- windows --------------------------------------------------------------------------------------

def noise_window(today: date, limits: Limits) -> tuple[date, date]:
    """The rolling window the noise is estimated from: the ``baseline_days`` before the last
    ``recent_days`` (the days being judged are not part of their own yardstick)."""
    last = today - timedelta(days=limits.recent_days)
    return last - timedelta(days=limits.baseline_days - 1), last


def pre_flare_window(flare_started: date, limits: Limits) -> tuple[date, date]:
    """The weeks before a flare: the level a flare's return is judged against (§5.6). They end
    ``flare_days`` days before the flare started, so its own first days do not lift the level it
    must come back to (a physiotherapist's review, 2026-12-03: a first day at 6/10 made "settled"
    5.5 where the flare had started at 5.3). A flare found from the diary starts on the first of the
    raised days that made it (:func:`rehab.core.engine.flare.flare_state`), so the window ends a day
    or more before that; the margin also leaves out the day before a flare she declares (it may
    already be raised) and the first day of an episode stored when flares were dated from their
    second day (rule sets up to 2026.12.10)."""
    last = flare_started - timedelta(days=limits.flare_days)
    return last - timedelta(days=limits.baseline_days - 1), last


def intake_anchor(series: DailySeries, limits: Limits) -> BaselineAnchor | None:
    """The baseline phase at the start of the diary (§7.2 step 1): from the first entry, at least
    ``intake_baseline_days`` calendar days and at least ``baseline_min_days`` entries."""
    if not series.days:
        return None
    first = series.days[0]
    last = first + timedelta(days=limits.intake_baseline_days - 1)
    if len(series.days) >= limits.baseline_min_days:
        last = max(last, series.days[limits.baseline_min_days - 1])
    return BaselineAnchor(first, last, INTAKE)


# ---- statistics ------------------------------------------------------------------------------------

def _mean_sd(values: list[float]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    return mean, math.sqrt(sum([(v - mean) ** 2 for v in values]) / (n - 1))


def _trend(xs: list[int], values: list[float]) -> tuple[float, float, float, float]:
    """The straight line through the values (least squares on the day number): mean day, mean
    value, slope, and the residual sum of squares, i.e. what is left once the trend is taken out
    (a steady rise is trend, not noise). Sums over the values: every check-in fits a few windows."""
    n = len(values)
    sx, sy = sum(xs), sum(values)
    x_mean, y_mean = sx / n, sy / n
    cxx = sum(map(mul, xs, xs)) - sx * x_mean
    cxy = sum(map(mul, xs, values)) - sx * y_mean
    cyy = sum(map(mul, values, values)) - sy * y_mean
    slope = cxy / cxx if cxx > 1e-9 else 0.0
    return x_mean, y_mean, slope, max(0.0, cyy - slope * cxy)


def detrended_sd(xs: list[int], values: list[float]) -> float:
    """The SD of the values around their straight line (n - 2 degrees of freedom; 0 for n < 3)."""
    n = len(values)
    return math.sqrt(_trend(xs, values)[3] / (n - 2)) if n >= 3 else 0.0


def autocorrelation(estimate: NoiseEstimate) -> float | None:
    """Lag-1 autocorrelation of the noise's residuals over pairs of consecutive calendar days, kept
    within 0..0.9; None with fewer than 5 day pairs or no residual variation (§7.2 step 3)."""
    xs, values, x_mean, y_mean, slope, residual_ss = estimate.fit
    if residual_ss < 1e-9:
        return None
    residuals = [y - y_mean - slope * (x - x_mean) for x, y in zip(xs, values)]
    if xs[-1] - xs[0] == len(xs) - 1:  # no gap: every neighbour is the next day
        numerator, pairs = sum(map(mul, residuals, residuals[1:])), len(xs) - 1
    else:
        numerator, pairs = 0.0, 0
        for k in range(len(xs) - 1):
            if xs[k + 1] - xs[k] == 1:
                numerator += residuals[k] * residuals[k + 1]
                pairs += 1
    if pairs < 5:
        return None
    return min(0.9, max(0.0, numerator / residual_ss))


def noise(series: DailySeries, first: date, last: date, limits: Limits) -> NoiseEstimate | None:
    """The day-to-day noise over ``first..last`` with the trend taken out; None with fewer than
    ``baseline_min_days`` days."""
    low = bisect_left(series.days, first)
    high = bisect_right(series.days, last)
    n = high - low
    if n < max(3, limits.baseline_min_days):
        return None
    xs, values = list(map(date.toordinal, series.days[low:high])), series.values[low:high]
    x_mean, y_mean, slope, residual_ss = _trend(xs, values)
    return NoiseEstimate(math.sqrt(residual_ss / (n - 2)), y_mean, n, series.days[low], series.days[high - 1],
                         (xs, values, x_mean, y_mean, slope, residual_ss))


def noise_band(sd: float, n: int, limits: Limits) -> float:
    """1.96 x SD x sqrt(1 + 1/n) (§7.2 step 2), between ``noise_band_min`` and ``noise_band_max``."""
    band = limits.reliable_z * sd * math.sqrt(1 + 1 / n)
    return min(limits.noise_band_max, max(limits.noise_band_min, band))


def personal_baseline(series: DailySeries, first: date, last: date, limits: Limits, *,
                      kind: str = INTAKE, status: str = ANCHORED, rolling: NoiseEstimate | None = None,
                      confirmed_on: date | None = None) -> PersonalBaseline | None:
    """The baseline anchored on ``first..last``, or None with fewer than ``baseline_min_days`` days.
    Its band comes from ``rolling`` when given (the current noise), else from the anchor's own days
    with their trend taken out."""
    days, values = series.window(first, last)
    n = len(values)
    if n < limits.baseline_min_days:
        return None
    mean = sum(values) / n
    sd = rolling.sd if rolling is not None else detrended_sd([d.toordinal() for d in days], values)
    return PersonalBaseline(mean, sd, n, first, last, noise_band(sd, n, limits), kind, status, rolling, confirmed_on)


def anchored_baseline(series: DailySeries, today: date, limits: Limits, anchor: BaselineAnchor | None,
                      flare_started: date | None = None, rolling: NoiseEstimate | None = None) -> PersonalBaseline | None:
    """The yardstick for one diary measure on ``today``: the weeks before a flare in progress, else
    the clinician's anchor, else the intake baseline phase of this diary. While the baseline phase is
    still running it is *provisional*, taken from the days so far but for the ``flare_days`` being
    judged for a flare."""
    if flare_started is not None:
        first, last = pre_flare_window(flare_started, limits)
        return personal_baseline(series, first, last, limits, kind=PRE_FLARE, rolling=rolling)
    if anchor is None:
        anchor = intake_anchor(series, limits)
        if anchor is None:
            return None
    if anchor.last >= today - timedelta(days=limits.flare_days - 1):
        last = min(anchor.last, today - timedelta(days=limits.flare_days))
        return personal_baseline(series, anchor.first, last, limits, kind=anchor.reason, status=PROVISIONAL,
                                 rolling=rolling, confirmed_on=anchor.confirmed_on)
    return personal_baseline(series, anchor.first, anchor.last, limits, kind=anchor.reason, rolling=rolling,
                             confirmed_on=anchor.confirmed_on)


def best_sustained_level(series: DailySeries, first: date, last: date, limits: Limits,
                         rolling: NoiseEstimate | None = None) -> PersonalBaseline | None:
    """Her best sustained level between ``first`` (the anchor's first day) and ``last``: the lowest
    mean of any window of ``intake_baseline_days`` (14) calendar days with at least
    ``baseline_min_days`` (7) entries; None when no window has enough.

    Why: a patient who improved without a re-baseline would otherwise be judged against her old,
    higher level, and a setback back to double her current pain could stay invisible for weeks
    (§5, §7.2 step 4). The window is the evidence a baseline itself needs (§7.2 step 1: 7, ideally
    14 days), so a good day or a good week never becomes the reference; a change against it still
    has to pass the 2-point AND 30% rule (Farrar 2001), so noise cannot trigger a setback. It can
    only lower the yardstick, as her recent level does for flares (§5.3)."""
    return level_of_window(series, lowest_window_mean(series, first, last, limits), limits, rolling)


def level_of_window(series: DailySeries, found: tuple[date, float] | None, limits: Limits,
                    rolling: NoiseEstimate | None = None) -> PersonalBaseline | None:
    """Her level over the window :func:`lowest_window_mean` found (None when it found none), for a
    caller that has already looked for it."""
    if found is None:
        return None
    start = found[0]
    return personal_baseline(series, start, start + timedelta(days=limits.intake_baseline_days - 1), limits,
                             kind=BEST_SINCE_ANCHOR, rolling=rolling)


def lowest_window_mean(series: DailySeries, first: date, last: date, limits: Limits) -> tuple[date, float] | None:
    """The first day and mean of the lowest ``intake_baseline_days`` window within ``first..last``
    with at least ``baseline_min_days`` entries (:func:`best_sustained_level`); None without one.
    One pass: the window slides from entry to entry.

    Each check-in asks this of every day since the anchor, and a patient's next check-in asks it
    again of the same days plus one or two: the pass carries on from where the last one over the
    same entries stopped (:class:`_WindowScan`), with the same sums, so the answer is the one a
    pass from the start gives, to the last bit."""
    span = timedelta(days=limits.intake_baseline_days - 1)
    if last - first < span:
        return None
    days, values = series.days, series.values
    low, high = bisect_left(days, first), bisect_right(days, last)
    at_least = limits.baseline_min_days
    scan = _earlier_scan(days, values, low, first, last, span, at_least)
    if scan is None:
        best_mean = best_start = None
        total, i, j = 0.0, low, low
    else:
        best_mean, best_start = scan.best_mean, scan.best_start
        total, i, j = scan.total, low + scan.next_start, low + len(scan.days)
    while i < high:
        end = days[i] + span
        if end > last:
            break
        while j < high and days[j] <= end:
            total += values[j]
            j += 1
        count = j - i
        if count >= at_least and (best_mean is None or total / count < best_mean):
            best_mean, best_start = total / count, days[i]
        total -= values[i]
        i += 1
    if scan is None or i > low + scan.next_start:
        _SCANS.append(_WindowScan(first, span, at_least, last, days[low:j], values[low:j],
                                  days[i - 1] + span if i > low else None, i - low, total, best_mean, best_start))
    return None if best_start is None else (best_start, best_mean)


@dataclass(frozen=True, slots=True)
class _WindowScan:
    """Where one pass of :func:`lowest_window_mean` stopped: the entries it read from ``first`` on
    (``days``, ``values``), the end of the last window it judged (``judged_through``), the index of
    the next window's first entry, the running sum and the lowest window so far. A later pass over
    a series holding exactly these entries, and no other up to ``judged_through``, carries on from
    here and does the same additions in the same order as a pass from the start."""

    first: date
    span: timedelta
    at_least: int
    last: date
    days: list[date]
    values: list[float]
    judged_through: date | None
    next_start: int
    total: float
    best_mean: float | None
    best_start: date | None


# The last few passes (a patient's usual and next-morning pain, a few patients in turn). A deque
# with a bound: appends from several threads are safe and old passes fall off.
_SCANS: deque[_WindowScan] = deque(maxlen=8)


def _earlier_scan(days: list[date], values: list[float], low: int, first: date, last: date, span: timedelta,
                  at_least: int) -> _WindowScan | None:
    """The latest kept pass this one can carry on from: same window rule and first day, a last day
    no later than this one's, and the same entries from ``first`` on up to where it judged."""
    for scan in reversed(tuple(_SCANS)):
        if scan.first != first or scan.span != span or scan.at_least != at_least or scan.last > last:
            continue
        read = len(scan.days)
        if low + read > len(days) or days[low:low + read] != scan.days or values[low:low + read] != scan.values:
            continue
        # No entry of this series that the pass did not read may fall in a window it judged.
        if scan.judged_through is not None and low + read < len(days) and days[low + read] <= scan.judged_through:
            continue
        return scan
    return None


def week_values(series: DailySeries, today: date, weeks: int) -> list[list[float]]:
    """The values of each of the last ``weeks`` calendar weeks, the latest (ending ``today``) first.
    The drift, improvement and weekly-trend rules all read these weeks, so a check-in reads them once."""
    days, values = series.days, series.values
    # Week k holds the days after ``today - 7(k+1)`` up to ``today - 7k``: one binary search per
    # boundary, each shared by the two weeks it divides.
    ends = [bisect_right(days, today - timedelta(days=7 * week)) for week in range(weeks + 1)]
    return [values[ends[week + 1]:ends[week]] for week in range(weeks)]


def _week_mean(values: list[float], at_least: int) -> float | None:
    return sum(values) / len(values) if len(values) >= at_least else None


def improvement(series: DailySeries, anchored_mean: float, today: date, limits: Limits,
                weeks: list[list[float]] | None = None) -> tuple[float, ...] | None:
    """The last ``drift_weeks`` weekly means when each (with at least ``drift_min_days`` diary days) is
    down by the NRS MCID from the anchored mean, 2 points and 30% (a reliable, important improvement
    that has lasted, §7.2 step 5: time to consider a re-baseline); else None."""
    needed = max(NRS_MCID_POINTS, NRS_MCID_SHARE * anchored_mean)
    means = []
    for values in weeks if weeks is not None else week_values(series, today, limits.drift_weeks):
        found = _week_mean(values, limits.drift_min_days)
        if found is None or anchored_mean - found < needed:
            return None
        means.append(found)
    return tuple(means)


def baseline_of_diary(diary: Iterable[DiaryEntry], today: date, limits: Limits,
                      anchor: BaselineAnchor | None = None) -> PersonalBaseline | None:
    """The anchored baseline of usual pain a check-in on ``today`` judges by, with the noise of the
    rolling window: what the pages draw as the patient's usual range."""
    usual = diary_series(diary).usual
    first, last = noise_window(today, limits)
    return anchored_baseline(usual, today, limits, anchor, rolling=noise(usual, first, last, limits))


def flare_threshold(baseline: PersonalBaseline, limits: Limits, recent_usual: float | None = None) -> float:
    """A day is clearly above usual at ``flare_rise_min`` points above the personal level and beyond
    the noise band, whichever is higher (§5.3). The level is the anchored mean, or the recent usual
    level when that is lower (an improvement makes a flare visible sooner; a rise never hides one)."""
    level = baseline.mean if recent_usual is None else min(baseline.mean, recent_usual)
    return level + max(limits.flare_rise_min, baseline.noise_band)


def run_ending_latest(series: DailySeries, since: date, today: date, above: float,
                      below_too: bool = True) -> tuple[int, int]:
    """For the days ``since..today`` with an entry: the number of consecutive calendar days ending
    on the latest entry whose value is >= ``above``, and the number of consecutive days ending on
    the latest entry whose value is below it (one of the two is 0). ``below_too=False``: the caller
    needs only the first (a flare not yet started), and a latest entry below ``above`` gives (0, 0)."""
    days, values = series.window(since, today)
    high = low = 0
    if not below_too and (not values or values[-1] < above):
        return 0, 0
    expected = None
    for k in range(len(days) - 1, -1, -1):
        if expected is not None and days[k] != expected:
            break
        if values[k] >= above:
            if low:
                break
            high += 1
        else:
            if high:
                break
            low += 1
        expected = days[k] - _ONE_DAY
    return high, low


def reliable_change_z(
    baseline_mean: float, baseline_sd: float, baseline_n: int,
    recent_mean: float, recent_sd: float, recent_n: int, autocorrelation: float,
) -> float:
    """z for the difference of two means of serially dependent daily values (§7.2 step 3):
    SE = sqrt(s0^2/n0_eff + s1^2/n1_eff), n_eff = n (1 - rho) / (1 + rho)."""
    shrink = (1 - autocorrelation) / (1 + autocorrelation)
    n0 = max(1.0, baseline_n * shrink)
    n1 = max(1.0, recent_n * shrink)
    se = math.sqrt(baseline_sd**2 / n0 + recent_sd**2 / n1)
    return (recent_mean - baseline_mean) / se


def is_important(difference: float, baseline_mean: float) -> bool:
    """At least the NRS MCID: 2 points and 30% of the baseline level (Farrar 2001; §1.1, §7.2 step 4)."""
    return abs(difference) >= NRS_MCID_POINTS and abs(difference) >= NRS_MCID_SHARE * max(baseline_mean, 1e-9)


def weekly_change(series: DailySeries, baseline: PersonalBaseline, today: date, limits: Limits,
                  rho: float | None = None) -> WeeklyChange | None:
    """The last ``recent_days`` against the anchored mean (§7.2 step 3); None with fewer than 3
    recent days. ``rho`` is the lag-1 autocorrelation of the noise (the default when unknown).

    SDs are never taken below the noise floor of an integer scale (``noise_band_min`` / z, about
    half a point), so a perfectly steady baseline does not turn a 0.3-point wobble into a signal."""
    _, values = series.window(today - timedelta(days=limits.recent_days - 1), today)
    n = len(values)
    if n < 3:
        return None
    mean, sd = _mean_sd(values)
    floor = limits.noise_band_min / limits.reliable_z
    rho = limits.autocorrelation_default if rho is None else rho
    z = reliable_change_z(baseline.mean, max(baseline.sd, floor), baseline.days, mean, max(sd, floor), n, rho)
    difference = mean - baseline.mean
    return WeeklyChange(mean, baseline.mean, difference, z, abs(z) > limits.reliable_z, is_important(difference, baseline.mean))


def drift(series: DailySeries, anchored_mean: float, today: date, limits: Limits,
          weeks: list[list[float]] | None = None) -> Drift:
    """The last ``drift_weeks`` weekly means against the anchored mean; sustained when each (with at
    least ``drift_min_days`` diary days) is up by the NRS MCID: 2 points and 30%. ``weeks``: the
    weeks' values when already read (:func:`week_values`)."""
    needed = max(NRS_MCID_POINTS, NRS_MCID_SHARE * anchored_mean)
    means: list[float | None] = []
    sustained = True
    for values in weeks if weeks is not None else week_values(series, today, limits.drift_weeks):
        found = _week_mean(values, limits.drift_min_days)
        means.append(found)
        if found is None or found - anchored_mean < needed:
            sustained = False
            break  # the earlier weeks cannot make it sustained
    return Drift(tuple(means), anchored_mean, needed, sustained)


def weekly_trend(series: DailySeries, today: date, limits: Limits, rolling: NoiseEstimate | None,
                 rho: float | None = None, weeks: list[list[float]] | None = None) -> WeeklyChange | None:
    """This week's mean against last week's (Silbernagel's weekly morning rule: morning pain must not
    rise from week to week, §3.1), with the autocorrelation-corrected z of §7.2 step 3 and the noise
    of the rolling window as each week's SD (its own SD when there is no rolling estimate); None
    without ``drift_min_days`` days in each week."""
    this, last = weeks[:2] if weeks is not None and len(weeks) >= 2 else week_values(series, today, 2)
    if len(this) < limits.drift_min_days or len(last) < limits.drift_min_days:
        return None
    floor = limits.noise_band_min / limits.reliable_z
    rho = limits.autocorrelation_default if rho is None else rho
    if rolling is not None:  # each week's own SD is not needed
        this_mean, last_mean = sum(this) / len(this), sum(last) / len(last)
        this_sd = last_sd = rolling.sd
    else:
        this_mean, this_sd = _mean_sd(this)
        last_mean, last_sd = _mean_sd(last)
    z = reliable_change_z(last_mean, max(last_sd, floor), len(last), this_mean, max(this_sd, floor), len(this), rho)
    difference = this_mean - last_mean
    return WeeklyChange(this_mean, last_mean, difference, z, abs(z) > limits.reliable_z, is_important(difference, last_mean))
