"""Diary insights: patterns in a person's own diary worth talking about, never causes.

People with persistent pain often want to know what makes it worse. Their own diary can point to
patterns worth a conversation: nights under 6 hours of sleep followed by more pain, high-stress or
heavy days followed by a worse next morning, long sitting, exercise days, a day of the week, or the
boom-bust cycle of doing a lot on good days and resting after. A diary of a few weeks is also full
of chance patterns, so every claim here has to clear a bar that respects small samples and the
day-to-day dependence of diary data (:mod:`rehab.core.insights.within_person`):

1. each pattern compares the days after an exposure with the other days, using only the last
   ``window_days`` and only days where both were recorded; with fewer than ``min_days`` such days,
   or fewer than ``min_group_days`` on either side, it says "not enough data" and what is missing;
2. a t-test with the effective-n correction for lag-1 autocorrelation (clinical reference §7.2)
   and conservative degrees of freedom gives a p-value per pattern;
3. Holm's correction over every pattern tested in one report keeps the chance of any false claim
   on a diary of pure noise at most ``alpha`` (5%); the test suite measures it on random diaries;
4. a pattern is only claimed when the difference is also at least ``min_difference`` (1 point on
   the 0-10 scale: smaller differences are within the noise of an integer scale).

"High" stress, activity or sitting means the person's own top quarter (and above their median), so
every pattern is against their own usual, not a population norm. Everything is worded as an
association to explore with the clinician, in plain words for the patient and in numbers for the
clinician.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from rehab.core.insights.within_person import (
    Comparison,
    compare,
    holm,
    lag1_autocorrelation,
)
from rehab.core.models import TRIGGER_TAGS, DiaryEntry, SessionLog

ASSOCIATION, NO_CLEAR_ASSOCIATION, NOT_ENOUGH_DATA = "association", "no_clear_association", "not_enough_data"
_ONE_DAY = timedelta(days=1)
WEEKDAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


@dataclass(frozen=True, slots=True)
class InsightRules:
    """The method's settings, with where each comes from."""

    window_days: int = 84  # the last 12 weeks: patterns of this phase of the program
    min_days: int = 14  # §7.2: a personal baseline wants 7, ideally 14 days
    min_group_days: int = 5  # fewest days on each side of a comparison (engine convention)
    alpha: float = 0.05  # family-wise, over every pattern in one report (Holm 1979)
    min_difference: float = 1.0  # NRS points: the engine's noise floor (Limits.noise_band_min)
    short_sleep_hours: float = 6.0  # "nights under 6 hours" (issue 7; engine convention)
    high_share: float = 0.25  # "high" = the person's own top quarter
    sd_floor: float = 0.5  # an integer 0-10 scale never varies less (as in monitoring.weekly_change)
    autocorrelation_default: float = 0.4  # with too few day pairs to estimate it (§7.2: 0.3-0.5)


METHOD = (
    "Each pattern compares the days after an exposure with the other days of the person's own diary "
    "(last {window} days, days with both recorded). Difference of means with a standard error on the "
    "effective number of days n(1 - r)/(1 + r), r the product of the exposure's and the outcome's "
    "lag-1 autocorrelations (bias-corrected; clinical reference §7.2); Student's t with the smaller "
    "effective group minus 1 degrees of freedom; Holm's correction over the {tested} pattern{plural} tested "
    "(family-wise {alpha:.0%}); claimed only when the difference is also at least {difference:g} point. "
    "Fewer than {min_days} days, or fewer than {group} on either side: not enough data. Associations to "
    "explore, not causes."
)


@dataclass(frozen=True, slots=True)
class Insight:
    """One pattern looked for: its status, the numbers, and the words for patient and clinician."""

    id: str
    topic: str
    exposure: str
    outcome: str
    status: str
    days: int
    comparison: Comparison | None
    p_adjusted: float | None
    detail: str | None  # the weekday, for the day-of-week pattern
    follow_up: Comparison | None  # the second half of the boom-bust pattern
    message_patient: str
    summary_clinician: str


@dataclass(frozen=True, slots=True)
class InsightReport:
    today: date
    first: date
    last: date
    days: int  # diary days with a pain rating in the window
    method: str
    insights: tuple[Insight, ...]
    message_patient: str
    summary_clinician: str


# ---- the data, one value a day ------------------------------------------------------------------


def _daily(diary: Iterable[DiaryEntry], measure: str, first: date, last: date) -> dict[date, float]:
    values: dict[date, list[float]] = {}
    for entry in diary:
        value = getattr(entry, measure)
        if value is not None and first <= entry.date <= last:
            values.setdefault(entry.date, []).append(value)
    return {day: sum(v) / len(v) for day, v in values.items()}


def _median(values: Iterable[float]) -> float:
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _high(by_day: dict[date, float], share: float) -> set[date]:
    """The person's own top ``share`` of days (and above their median)."""
    if not by_day:
        return set()
    ordered = sorted(by_day.values())
    cut = ordered[max(0, math.ceil((1 - share) * len(ordered)) - 1)]
    median = _median(ordered)
    return {day for day, v in by_day.items() if v >= cut and v > median}


@dataclass(slots=True)
class _Test:
    """A pattern ready to be judged: its comparison(s) and p-value, or why it cannot be."""

    id: str
    topic: str
    exposure: str
    outcome: str
    days: int
    comparison: Comparison | None = None
    follow_up: Comparison | None = None
    p: float = 1.0
    detail: str | None = None
    missing: str | None = None  # why there is not enough data
    direction_ok: bool = True
    others: str = "other days"  # what the exposed days are compared with, in words


@dataclass(slots=True)
class _Split:
    exposed: list[float]
    other: list[float]
    days: dict[date, float]  # every day compared: 1 after the exposure, 0 otherwise


def _split(exposed_days: set[date], outcome: dict[date, float], candidates: Iterable[date]) -> _Split:
    split = _Split([], [], {})
    for day in candidates:
        if day in outcome:
            exposed = day in exposed_days
            (split.exposed if exposed else split.other).append(outcome[day])
            split.days[day] = float(exposed)
    return split


def _two_groups(test: _Test, split: _Split, outcome: dict[date, float], rules: InsightRules, what: str) -> _Test:
    exposed, other = split.exposed, split.other
    test.days = len(exposed) + len(other)
    if test.days < rules.min_days or min(len(exposed), len(other)) < rules.min_group_days:
        test.missing = (f"{test.days} days with both recorded (needs {rules.min_days}), {len(exposed)} {what} "
                        f"(needs {rules.min_group_days}) and {len(other)} other days (needs {rules.min_group_days})")
        return test
    test.comparison = compare(exposed, other, _shared_autocorrelation(split.days, outcome, rules), rules.sd_floor)
    test.p = test.comparison.p
    return test


def _shared_autocorrelation(exposure: dict[date, float], outcome: dict[date, float], rules: InsightRules) -> float:
    """Bartlett's product of the exposure's and the outcome's lag-1 autocorrelations (each
    bias-corrected, at least 0): how much serial dependence inflates the variance of a difference
    between two groups of days. A steady exposure (a run of short nights) with a sticky outcome
    inflates it a lot; an exposure that comes and goes hardly at all."""
    rho_x = lag1_autocorrelation(exposure, rules.autocorrelation_default)
    rho_y = lag1_autocorrelation(outcome, rules.autocorrelation_default)
    return rho_x * rho_y


def find_insights(diary: Iterable[DiaryEntry], sessions: Iterable[SessionLog], today: date,
                  rules: InsightRules = InsightRules()) -> InsightReport:
    """Look for every pattern in the last ``window_days`` of the diary and session log."""
    diary = tuple(diary)
    first, last = today - timedelta(days=rules.window_days - 1), today
    pain = _daily(diary, "pain", first, last)
    mornings = _daily(diary, "pain_next_morning", first, last)
    if len(mornings) >= rules.min_days:
        morning, morning_words = mornings, "pain the next morning"
    else:  # no next-morning ratings: the next day's usual pain stands in
        morning = {day - _ONE_DAY: v for day, v in pain.items() if day - _ONE_DAY >= first}
        morning_words = "pain the next day"
    sleep = _daily(diary, "sleep_hours", first, last)
    stress = _daily(diary, "stress", first, last)
    activity = _daily(diary, "activity_level", first, last)
    sitting = _daily(diary, "sitting_hours", first, last)
    session_days = {s.date for s in sessions if first <= s.date <= last}

    short = rules.short_sleep_hours
    tests = [
        _two_groups(_Test("short_sleep", "sleep and pain", f"a night under {short:g} hours of sleep", "pain that day", 0,
                          others="other nights"),
                    _split({d for d, h in sleep.items() if h < short}, pain, sleep), pain, rules, "short nights"),
        _two_groups(_Test("high_stress", "stress and pain", "a high-stress day", morning_words, 0),
                    _split(_high(stress, rules.high_share), morning, stress), morning, rules, "high-stress days"),
        _two_groups(_Test("heavy_day", "busy days and pain", "a busy or heavy day", morning_words, 0),
                    _split(_high(activity, rules.high_share), morning, activity), morning, rules, "heavy days"),
        _two_groups(_Test("long_sitting", "sitting and pain", "a day with long sitting", morning_words, 0),
                    _split(_high(sitting, rules.high_share), morning, sitting), morning, rules, "long-sitting days"),
        _exercise_days(session_days, morning, morning_words, first, rules),
        _day_of_week(pain, rules),
        _boom_bust(pain, activity, rules),
        *_tagged(diary, morning, morning_words, first, last, rules),
    ]
    tested = [t for t in tests if t.missing is None]
    for t, adjusted in zip(tested, holm([t.p for t in tested])):
        t.p = adjusted
    insights = tuple(_insight(t, rules) for t in tests)
    found = [i for i in insights if i.status == ASSOCIATION]
    method = METHOD.format(window=rules.window_days, tested=len(tested), plural="s" * (len(tested) != 1),
                           alpha=rules.alpha, difference=rules.min_difference, min_days=rules.min_days,
                           group=rules.min_group_days)
    return InsightReport(today, first, last, len(pain), method, insights, _overall_patient(found, tested, len(pain), rules),
                         _overall_clinician(found, tested, len(pain), rules))


def _tagged(diary: tuple[DiaryEntry, ...], morning: dict[date, float], words: str, first: date, last: date,
            rules: InsightRules) -> list[_Test]:
    """One pattern per trigger the patient marked at least once in the window: the days marked
    against the other diary days. A trigger never marked is not tested, so a diary without tags
    is judged by the same family of patterns (and the same false-positive rate) as before."""
    diary_days = {e.date for e in diary if first <= e.date <= last}
    tests = []
    for tag, words_for_tag in TRIGGER_TAGS.items():
        marked = {e.date for e in diary if tag in e.tags and first <= e.date <= last}
        if not marked:
            continue
        test = _Test(f"tag_{tag}", f"{words_for_tag} and pain", f"a day you marked {words_for_tag}", words, 0)
        tests.append(_two_groups(test, _split(marked, morning, diary_days), morning, rules, f"days marked {tag}"))
    return tests


def _exercise_days(session_days: set[date], morning: dict[date, float], words: str, first: date,
                   rules: InsightRules) -> _Test:
    test = _Test("exercise_days", "exercise days and pain", "a day with an exercise session", words, 0)
    if not session_days:
        test.missing = "no sessions logged"
        return test
    start = min(session_days)  # days before the first session are not "rest days" of the program
    candidates = [d for d in morning if d >= start]
    return _two_groups(test, _split(session_days, morning, candidates), morning, rules, "exercise days")


def _day_of_week(pain: dict[date, float], rules: InsightRules) -> _Test:
    """Each weekday against the others; the most different one, Bonferroni-corrected for the number
    of weekdays tested, stands for the pattern in Holm's family."""
    test = _Test("day_of_week", "the day of the week and pain", "a particular day of the week", "pain that day", len(pain))
    results = []
    for weekday in range(7):
        exposed = [v for d, v in pain.items() if d.weekday() == weekday]
        other = [v for d, v in pain.items() if d.weekday() != weekday]
        if len(exposed) >= max(3, rules.min_group_days - 2) and len(pain) >= rules.min_days:
            results.append((weekday, exposed, other))
    if len(pain) < rules.min_days or not results:
        test.missing = f"{len(pain)} days of pain ratings (needs {rules.min_days}, and at least 3 of each weekday)"
        return test
    compared = [
        (weekday, compare(exposed, other,
                          _shared_autocorrelation({d: float(d.weekday() == weekday) for d in pain}, pain, rules),
                          rules.sd_floor))
        for weekday, exposed, other in results
    ]
    weekday, best = min(compared, key=lambda wc: wc[1].p)
    test.comparison, test.detail = best, WEEKDAYS[weekday]
    test.p = min(1.0, best.p * len(compared))
    return test


def _boom_bust(pain: dict[date, float], activity: dict[date, float], rules: InsightRules) -> _Test:
    """Two halves, both needed (an intersection-union test: the larger p-value stands): more done on
    days with less pain than usual, and less done the day after a heavy day."""
    test = _Test("boom_bust", "boom and bust", "a day with less pain than usual", "how much you did", 0)
    both = {d: a for d, a in activity.items() if d in pain}
    if len(both) < rules.min_days:
        test.missing = f"{len(both)} days with pain and activity recorded (needs {rules.min_days})"
        test.days = len(both)
        return test
    median = _median(pain[d] for d in both)
    good = {d for d in both if pain[d] < median}
    first = _two_groups(_Test("", "", "", "", 0), _split(good, both, both), both, rules, "good days")
    next_day = {d: activity[d + _ONE_DAY] for d in activity if d + _ONE_DAY in activity}
    heavy = _high(activity, rules.high_share)
    second = _two_groups(_Test("", "", "", "", 0), _split(heavy, next_day, next_day), next_day, rules, "heavy days")
    test.days = first.days
    if first.missing or second.missing:
        test.missing = first.missing or second.missing
        return test
    test.comparison, test.follow_up = first.comparison, second.comparison
    test.p = max(first.p, second.p)
    test.direction_ok = first.comparison.difference > 0 and second.comparison.difference < 0
    return test


# ---- the words ------------------------------------------------------------------------------------


def _strength(d: float) -> str:
    """Cohen's (1988) conventions for a standardised difference."""
    size = abs(d)
    return "very small" if size < 0.2 else "small" if size < 0.5 else "moderate" if size < 0.8 else "large"


def _insight(t: _Test, rules: InsightRules) -> Insight:
    c = t.comparison
    if t.missing is not None:
        status = NOT_ENOUGH_DATA
    else:
        big = abs(c.difference) >= rules.min_difference and (t.follow_up is None or abs(t.follow_up.difference) >= rules.min_difference)
        status = ASSOCIATION if t.p < rules.alpha and big and t.direction_ok else NO_CLEAR_ASSOCIATION
    return Insight(t.id, t.topic, t.exposure, t.outcome, status, t.days, c, None if t.missing else t.p, t.detail,
                   t.follow_up, _patient(t, status, rules), _clinician(t, status))


def _n(value: float) -> str:
    return f"{value:.1f}"


def _patient(t: _Test, status: str, rules: InsightRules) -> str:
    c = t.comparison
    if status == NOT_ENOUGH_DATA:
        return (f"Not enough data yet to look at {t.topic}: we need at least {rules.min_days} days with both "
                f"recorded and at least {rules.min_group_days} of each kind of day. Keep your diary going.")
    if status == NO_CLEAR_ASSOCIATION:
        return f"We looked at {t.topic} over {t.days} days of your diary, and found no clear pattern."
    if t.id == "boom_bust":
        f = t.follow_up
        return (f"On days with less pain than usual you tended to do more ({_n(c.mean_exposed)} against "
                f"{_n(c.mean_other)} out of 10), and the day after a busy day you tended to do less "
                f"({_n(f.mean_exposed)} against {_n(f.mean_other)}). This up-and-down pattern is common. Pacing, "
                "doing about the same on good days and bad days, can help; talk it over with your clinician.")
    direction = "higher" if c.difference > 0 else "lower"
    if t.id == "day_of_week":
        opening = f"On {t.detail} your pain was {_n(c.mean_exposed)} on average, against {_n(c.mean_other)} on other days"
    else:
        opening = (f"On the {c.exposed_days} days after {t.exposure}, your {t.outcome} was {_n(c.mean_exposed)} on "
                   f"average, against {_n(c.mean_other)} after {t.others}")
    return (f"{opening}: {_n(abs(c.difference))} points {direction}. This is a pattern in your own diary, not "
            "proof that one leads to the other. It may be worth talking over with your clinician.")


def _clinician(t: _Test, status: str) -> str:
    if status == NOT_ENOUGH_DATA:
        return f"{t.id}: not enough data ({t.missing})."
    parts = [_numbers(t.comparison, t.detail)]
    if t.follow_up is not None:
        parts.append("next-day activity after heavy days " + _numbers(t.follow_up, None))
    return f"{t.id}: " + "; ".join(parts) + f"; Holm p {t.p:.3f}: {status.replace('_', ' ')}."


def _numbers(c: Comparison, detail: str | None) -> str:
    label = f"{detail} " if detail else ""
    return (f"{label}{_n(c.mean_exposed)} (n {c.exposed_days}) vs {_n(c.mean_other)} (n {c.other_days}), diff "
            f"{c.difference:+.1f}, d {c.effect_size:.2f} ({_strength(c.effect_size)}), lag-1 r {c.autocorrelation:.2f}, "
            f"effective n {c.effective_days:.1f}, t {c.t:.2f}, df {c.df:.1f}, p {c.p:.3f}")


def _overall_patient(found: list[Insight], tested: list[_Test], days: int, rules: InsightRules) -> str:
    if not tested:
        return (f"Keep your diary going. Once there are at least {rules.min_days} days in it, we can start looking "
                "for patterns with you.")
    if not found:
        return (f"We looked for patterns in the last {days} days of your diary and found none clear enough to "
                "point out. That is useful to know too.")
    topics = ", ".join(i.topic for i in found)
    return (f"We found {len(found)} pattern{'s' * (len(found) > 1)} in your diary worth talking about ({topics}). "
            "They show what tends to go together for you, not what causes what.")


def _overall_clinician(found: list[Insight], tested: list[_Test], days: int, rules: InsightRules) -> str:
    claimed = ", ".join(i.id for i in found) or "none"
    return (f"{days} diary days; {len(tested)} pattern{'s' * (len(tested) != 1)} tested (Holm, family-wise alpha "
            f"{rules.alpha:g}); "
            f"associations: {claimed}.")
