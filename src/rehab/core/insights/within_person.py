"""Within-person statistics for short, serially dependent diaries.

A diary of a few weeks is a small sample, and its days are not independent: a bad day tends to
follow a bad day. Treating 28 diary days as 28 independent observations makes chance patterns look
certain. Everything here answers one question, whether the days after some exposure (a short
night, a heavy day) differ from the other days, in a way that keeps both facts in view:

- the difference of means with a Welch standard error, inflated for serial dependence by the
  effective sample size n_eff = n (1 - r) / (1 + r) (clinical reference §7.2 step 3), where r is
  Bartlett's product of the exposure's and the outcome's lag-1 autocorrelations: what inflates the
  variance of a difference between two groups of days of two autocorrelated series (Bartlett 1935);
- each autocorrelation is estimated over consecutive calendar days, corrected for its small-sample
  bias (E[r] is about rho - (1 + 4 rho) / n, Kendall 1954), kept within 0..0.9, and replaced by a
  conservative default (0.4, §7.2) with fewer than 5 day pairs;
- the p-value comes from Student's t with Hsu's conservative degrees of freedom, the smaller
  effective group size minus one, not from the normal curve, which would overstate certainty in
  small samples;
- when several patterns are tested on one diary, Holm's step-down correction keeps the chance of
  any false claim at the stated level (Holm 1979).

Standard library only: the t distribution is the regularised incomplete beta function, evaluated by
its continued fraction (Lentz's method).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1) if len(values) > 1 else 0.0


def lag1_autocorrelation(by_day: Mapping[date, float], default: float) -> float:
    """Lag-1 autocorrelation over consecutive calendar days, bias-corrected, within 0..0.9."""
    days = sorted(by_day)
    values = [by_day[d] for d in days]
    n = len(values)
    pairs = [(by_day[d], by_day[d + _ONE_DAY]) for d in days if d + _ONE_DAY in by_day]
    if len(pairs) < 5 or n < 6:
        return default
    m = mean(values)
    denominator = sum((v - m) ** 2 for v in values) / n
    if denominator == 0:
        return default
    r = sum((a - m) * (b - m) for a, b in pairs) / len(pairs) / denominator
    corrected = (n * r + 1) / (n - 4)  # inverts E[r] = rho - (1 + 4 rho) / n
    return min(0.9, max(0.0, corrected))


@dataclass(frozen=True, slots=True)
class Comparison:
    """The days after an exposure against the other days."""

    exposed_days: int
    other_days: int
    mean_exposed: float
    mean_other: float
    difference: float  # exposed - other
    effect_size: float  # standardised: difference / pooled SD (Cohen's d)
    autocorrelation: float
    effective_days: float  # both groups together, after the autocorrelation correction
    t: float
    df: float
    p: float  # two-sided


def compare(exposed: Sequence[float], other: Sequence[float], autocorrelation: float, sd_floor: float) -> Comparison:
    """Two groups of diary days compared with the effective-n correction for ``autocorrelation``."""
    n1, n0 = len(exposed), len(other)
    m1, m0 = mean(exposed), mean(other)
    floor = sd_floor**2  # an integer scale never varies less than its rounding
    v1, v0 = max(variance(exposed), floor), max(variance(other), floor)
    inflation = (1 + autocorrelation) / (1 - autocorrelation)
    ne1, ne0 = n1 / inflation, n0 / inflation
    a, b = v1 / ne1, v0 / ne0
    se = math.sqrt(a + b)
    difference = m1 - m0
    t = difference / se
    df = max(1.0, min(ne1, ne0) - 1)  # Hsu's conservative degrees of freedom
    pooled = math.sqrt(((n1 - 1) * v1 + (n0 - 1) * v0) / max(1, n1 + n0 - 2))
    return Comparison(n1, n0, m1, m0, difference, difference / pooled, autocorrelation, ne1 + ne0, t, df,
                      t_two_sided_p(t, df))


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with ``df`` degrees of freedom."""
    if math.isinf(t):
        return 0.0
    return regularized_beta(df / (df + t * t), df / 2, 0.5)


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularised incomplete beta function."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(x, a, b) / a
    return 1.0 - front * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return h


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given: a pattern is claimed at level alpha when its
    adjusted p is below alpha, and the chance of any false claim stays at most alpha."""
    order = sorted(range(len(p_values)), key=lambda k: p_values[k])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    m = len(p_values)
    for rank, k in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[k]))
        adjusted[k] = running
    return adjusted
