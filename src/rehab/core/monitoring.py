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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from rehab.core.limits import Limits
from rehab.core.models import DiaryEntry

# NRS minimal clinically important change: 2 points and 30% (Farrar 2001; Suzuki 2020; §1.1).
NRS_MCID_POINTS = 2.0
NRS_MCID_SHARE = 0.30


@dataclass(frozen=True, slots=True)
class PersonalBaseline:
    """A patient's usual level of one diary measure, and how much it varies."""

    mean: float
    sd: float
    days: int
    first: date
    last: date
    autocorrelation: float
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


def daily_series(diary: Iterable[DiaryEntry], measure: str) -> dict[date, float]:
    """One value per day: the mean of that day's entries for ``measure`` (several a day allowed)."""
    sums: dict[date, list[float]] = {}
    for entry in diary:
        value = getattr(entry, measure)
        if value is not None:
            acc = sums.get(entry.date)
            if acc is None:
                sums[entry.date] = [value, 1]
            else:
                acc[0] += value
                acc[1] += 1
    return {day: total / count for day, (total, count) in sums.items()}


def baseline_window(today: date, limits: Limits, flare_started: date | None = None) -> tuple[date, date]:
    """The first and last day of the baseline window (inclusive)."""
    last = flare_started - timedelta(days=1) if flare_started else today - timedelta(days=limits.recent_days)
    return last - timedelta(days=limits.baseline_days - 1), last


def personal_baseline(
    series: Mapping[date, float], first: date, last: date, limits: Limits
) -> PersonalBaseline | None:
    """The baseline over ``first..last``, or None with fewer than ``baseline_min_days`` days."""
    days = sorted(d for d in series if first <= d <= last)
    n = len(days)
    if n < limits.baseline_min_days:
        return None
    values = [series[d] for d in days]
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    band = max(limits.noise_band_min, limits.reliable_z * sd * math.sqrt(1 + 1 / n))
    rho = lag1_autocorrelation(series, days, mean, limits.autocorrelation_default)
    return PersonalBaseline(mean, sd, n, days[0], days[-1], rho, band)


def lag1_autocorrelation(series: Mapping[date, float], days: list[date], mean: float, default: float) -> float:
    """Lag-1 autocorrelation over pairs of consecutive calendar days, kept within 0..0.9.

    Diary days are not independent (a bad day tends to follow a bad day), which makes averages look
    more certain than they are; the correction in :func:`weekly_change` needs this. With fewer than
    5 day pairs the conservative default is used (§7.2 step 3)."""
    denominator = sum((series[d] - mean) ** 2 for d in days)
    pairs = 0
    numerator = 0.0
    one_day = timedelta(days=1)
    for d in days:
        nxt = series.get(d + one_day)
        if nxt is not None and d + one_day <= days[-1]:
            numerator += (series[d] - mean) * (nxt - mean)
            pairs += 1
    if pairs < 5 or denominator == 0:
        return default
    return min(0.9, max(0.0, numerator / denominator))


def clearly_above(value: float, baseline: PersonalBaseline, limits: Limits) -> bool:
    """At least ``flare_rise_min`` points above usual and beyond the personal noise band."""
    return value - baseline.mean >= max(limits.flare_rise_min, baseline.noise_band)


def flare_threshold(baseline: PersonalBaseline, limits: Limits) -> float:
    return baseline.mean + max(limits.flare_rise_min, baseline.noise_band)


def run_ending_latest(series: Mapping[date, float], since: date, today: date, above: float) -> tuple[int, int]:
    """For the days ``since..today`` with an entry: the number of consecutive calendar days ending
    on the latest entry whose value is >= ``above``, and the number of consecutive days ending on
    the latest entry whose value is below it."""
    days = sorted(d for d in series if since <= d <= today)
    high = low = 0
    expected = None
    for d in reversed(days):
        if expected is not None and d != expected:
            break
        value = series[d]
        if value >= above:
            if low:
                break
            high += 1
        else:
            if high:
                break
            low += 1
        expected = d - timedelta(days=1)
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


def weekly_change(
    series: Mapping[date, float], baseline: PersonalBaseline, today: date, limits: Limits
) -> WeeklyChange | None:
    """The last ``recent_days`` against the baseline; None with fewer than 3 recent days.

    SDs are never taken below the noise floor of an integer scale (``noise_band_min`` / z, about
    half a point), so a perfectly steady baseline does not turn a 0.3-point wobble into a signal."""
    since = today - timedelta(days=limits.recent_days - 1)
    values = [v for d, v in series.items() if since <= d <= today]
    n = len(values)
    if n < 3:
        return None
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    floor = limits.noise_band_min / limits.reliable_z
    z = reliable_change_z(
        baseline.mean, max(baseline.sd, floor), baseline.days, mean, max(sd, floor), n, baseline.autocorrelation
    )
    difference = mean - baseline.mean
    important = abs(difference) >= NRS_MCID_POINTS and abs(difference) >= NRS_MCID_SHARE * max(baseline.mean, 1e-9)
    return WeeklyChange(mean, baseline.mean, difference, z, abs(z) > limits.reliable_z, important)
