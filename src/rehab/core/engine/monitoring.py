"""Personal baselines: telling real change from noise with the patient's own diary.

Pain varies from day to day, and by how much differs between people. A rise of 2 points is noise
for someone whose pain swings widely and a clear signal for someone whose pain is steady, so every
comparison here is against the person's own usual level and its variability, never a population
number (single-case logic, clinical reference §7.2).

The baseline window is the ``baseline_days`` before the most recent ``recent_days`` (by default
the 28 days before the last week), so the days being judged are not part of the yardstick. During
a flare the window ends the day before the flare started: the return is judged against the
pre-flare level.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from rehab.core.models import DiaryEntry, Limits

# NRS minimal clinically important change: 2 points and 30% (Farrar 2001; Suzuki 2020; §1.1).
NRS_MCID_POINTS = 2.0
NRS_MCID_SHARE = 0.30
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PersonalBaseline:
    """A patient's usual level of one diary measure, and how much it varies."""

    mean: float
    sd: float
    days: int
    first: date  # the window the baseline was taken over
    last: date
    # Half-width of the band a single day stays within 95% of the time (§7.2 step 2).
    noise_band: float

    def describe(self) -> dict[str, float]:
        return {"mean": round(self.mean, 2), "sd": round(self.sd, 2), "days": self.days,
                "noise_band": round(self.noise_band, 2)}


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


@dataclass(frozen=True, slots=True)
class DailySeries:
    """One value per calendar day: in date order (so a window is a binary search), and by date
    for lookups."""

    days: list[date]
    values: list[float]
    by_day: dict[date, float]

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

    def count(self, first: date, last: date) -> int:
        return bisect_right(self.days, last) - bisect_left(self.days, first)


@dataclass(frozen=True, slots=True)
class DiarySeries:
    """The diary as one value per day: usual pain, next-morning pain (each the mean of that day's
    entries; several a day are allowed) and the days a flare was declared."""

    usual: DailySeries
    morning: DailySeries
    flare_declared: frozenset[date]


def diary_series(diary: Iterable[DiaryEntry]) -> DiarySeries:
    """Read the diary once. Entries usually come one a day in date order; then the day lists are
    built as they are read. Several entries on a day, or entries out of order, take the general
    path: daily means, then sorting."""
    usual: dict[date, float] = {}
    morning: dict[date, float] = {}
    declared = set()
    ordered = True
    previous = None
    for entry in diary:
        day = entry.date
        if previous is not None and day <= previous:
            ordered = False
        previous = day
        if entry.pain is not None:
            usual[day] = entry.pain
        if entry.pain_next_morning is not None:
            morning[day] = entry.pain_next_morning
        if entry.flare_declared:
            declared.add(day)
    if not ordered:
        usual = _daily_means(diary, "pain")
        morning = _daily_means(diary, "pain_next_morning")
    return DiarySeries(DailySeries.of(usual, ordered), DailySeries.of(morning, ordered), frozenset(declared))


def _daily_means(diary: Iterable[DiaryEntry], measure: str) -> dict[date, float]:
    values: dict[date, list[float]] = {}
    for entry in diary:
        value = getattr(entry, measure)
        if value is not None:
            values.setdefault(entry.date, []).append(value)
    return {day: sum(v) / len(v) for day, v in values.items()}


def baseline_window(today: date, limits: Limits, flare_started: date | None = None) -> tuple[date, date]:
    """The first and last day of the baseline window (inclusive)."""
    last = flare_started - timedelta(days=1) if flare_started else today - timedelta(days=limits.recent_days)
    return last - timedelta(days=limits.baseline_days - 1), last


def _mean_sd(values: list[float]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    return mean, math.sqrt(sum([(v - mean) ** 2 for v in values]) / (n - 1))


def personal_baseline(series: DailySeries, first: date, last: date, limits: Limits) -> PersonalBaseline | None:
    """The baseline over ``first..last``, or None with fewer than ``baseline_min_days`` days."""
    _, values = series.window(first, last)
    n = len(values)
    if n < limits.baseline_min_days:
        return None
    mean, sd = _mean_sd(values)
    band = max(limits.noise_band_min, limits.reliable_z * sd * math.sqrt(1 + 1 / n))
    return PersonalBaseline(mean, sd, n, first, last, band)


def lag1_autocorrelation(series: DailySeries, baseline: PersonalBaseline, default: float) -> float:
    """Lag-1 autocorrelation of the baseline days, over pairs of consecutive calendar days, kept
    within 0..0.9.

    Diary days are not independent (a bad day tends to follow a bad day), which makes averages look
    more certain than they are; the correction in :func:`weekly_change` needs this. With fewer than
    5 day pairs the conservative default is used (§7.2 step 3)."""
    days, values = series.window(baseline.first, baseline.last)
    ordinals = [d.toordinal() for d in days]
    mean = baseline.mean
    deviations = [v - mean for v in values]
    denominator = sum(d * d for d in deviations)
    numerator = 0.0
    pairs = 0
    for k in range(len(ordinals) - 1):
        if ordinals[k + 1] - ordinals[k] == 1:
            numerator += deviations[k] * deviations[k + 1]
            pairs += 1
    if pairs < 5 or denominator == 0:
        return default
    return min(0.9, max(0.0, numerator / denominator))


def flare_threshold(baseline: PersonalBaseline, limits: Limits) -> float:
    """A day is clearly above usual at ``flare_rise_min`` points above the personal mean and beyond
    the noise band, whichever is higher (§5.3)."""
    return baseline.mean + max(limits.flare_rise_min, baseline.noise_band)


def run_ending_latest(series: DailySeries, since: date, today: date, above: float) -> tuple[int, int]:
    """For the days ``since..today`` with an entry: the number of consecutive calendar days ending
    on the latest entry whose value is >= ``above``, and the number of consecutive days ending on
    the latest entry whose value is below it (one of the two is 0)."""
    days, values = series.window(since, today)
    high = low = 0
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


def weekly_change(series: DailySeries, baseline: PersonalBaseline, today: date, limits: Limits) -> WeeklyChange | None:
    """The last ``recent_days`` against the baseline; None with fewer than 3 recent days.

    SDs are never taken below the noise floor of an integer scale (``noise_band_min`` / z, about
    half a point), so a perfectly steady baseline does not turn a 0.3-point wobble into a signal."""
    _, values = series.window(today - timedelta(days=limits.recent_days - 1), today)
    n = len(values)
    if n < 3:
        return None
    mean, sd = _mean_sd(values)
    floor = limits.noise_band_min / limits.reliable_z
    rho = lag1_autocorrelation(series, baseline, limits.autocorrelation_default)
    z = reliable_change_z(baseline.mean, max(baseline.sd, floor), baseline.days, mean, max(sd, floor), n, rho)
    difference = mean - baseline.mean
    important = abs(difference) >= NRS_MCID_POINTS and abs(difference) >= NRS_MCID_SHARE * max(baseline.mean, 1e-9)
    return WeeklyChange(mean, baseline.mean, difference, z, abs(z) > limits.reliable_z, important)
