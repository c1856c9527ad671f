"""Generated diaries for the insight tests: day-to-day pain that drifts like real pain (a first-order
autoregressive series, rounded to the 0-10 scale), sleep, stress, activity and sitting that drift
too, sessions on Mondays, Wednesdays and Fridays, and, when asked, one association planted."""

from __future__ import annotations

import random
from datetime import date, timedelta

from rehab.core.models import DiaryEntry, Dose, SessionLog

TODAY = date(2026, 11, 27)


def ar1(rng: random.Random, n: int, rho: float, sd: float) -> list[float]:
    """A stationary AR(1) series with lag-1 autocorrelation ``rho`` and standard deviation ``sd``."""
    x = rng.gauss(0, sd)
    out = []
    for _ in range(n):
        x = rho * x + rng.gauss(0, sd * (1 - rho * rho) ** 0.5)
        out.append(x)
    return out


def _scale(value: float, low: float = 0, high: float = 10) -> float:
    return max(low, min(high, value))


def random_diary(
    rng: random.Random,
    days: int = 56,
    rho: float = 0.3,
    *,
    exposure_rho: float | None = None,
    short_sleep_effect: float = 0.0,
    heavy_day_effect: float = 0.0,
    monday_effect: float = 0.0,
    boom_bust: bool = False,
    mornings: bool = True,
) -> tuple[list[DiaryEntry], list[SessionLog]]:
    """``days`` of diary ending on TODAY. Effects are in NRS points: after a night under 6 hours
    (that day's pain), after a heavy day (the next morning's pain), on Mondays (that day's pain)."""
    xr = rng.choice((0.0, 0.3, 0.6)) if exposure_rho is None else exposure_rho
    noise = ar1(rng, days + 1, rho, 1.2)
    sleep, stress, activity, sitting = (ar1(rng, days, xr, sd) for sd in (1.0, 2.0, 2.0, 1.5))
    usual = rng.uniform(3, 6)
    entries, sessions = [], []
    pain_today = [usual + noise[k] for k in range(days + 1)]
    levels = [_scale(round(5 + activity[k])) for k in range(days)]
    if boom_bust:  # more done on good days, and a rest day after a busy one
        for k in range(days):
            level = _scale(round(5 - 2.5 * (pain_today[k] - usual) + activity[k] / 4))
            levels[k] = min(level, 2) if k and levels[k - 1] >= 7 else level
    for k in range(days):
        day = TODAY - timedelta(days=days - 1 - k)
        hours = round(_scale(6.6 + sleep[k], 3, 10), 1)
        pain = pain_today[k]
        if hours < 6:
            pain += short_sleep_effect
        if day.weekday() == 0:
            pain += monday_effect
        morning = pain_today[k + 1] + (heavy_day_effect if levels[k] >= 7 else 0)
        entries.append(DiaryEntry(
            day, pain=round(_scale(pain)), pain_next_morning=round(_scale(morning)) if mornings else None,
            sleep_hours=hours, stress=round(_scale(4 + stress[k])), activity_level=levels[k],
            sitting_hours=round(_scale(6 + sitting[k], 0, 16), 1),
        ))
        if day.weekday() in (0, 2, 4):
            sessions.append(SessionLog(day, Dose(reps=10)))
    return entries, sessions
