"""The figures of a cohort run, per subgroup and for everyone, and two runs compared.

Safety first: advances made while the dose was above what the person tolerates (the harm the engine
exists to prevent), flares per person-year, and red flags that were not referred (must be 0).
Then efficacy: the share reaching their goal task and the median week they did, referrals,
drop-outs, and the share of followed days under each decision.

A comparison of two runs on the same people (same seed, same person numbers) pairs each person's
figures, so the confidence interval of a difference is narrow where the people are the same; the
intervals are normal approximations (95%), with the delta method for rates per person-year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from statistics import median

ALL = "everyone"
Z95 = 1.96
DAYS_PER_YEAR = 365.25


def _rate(events: float, days: float) -> float:
    return events / (days / DAYS_PER_YEAR) if days else 0.0


def summary(outcomes: Sequence[dict]) -> dict:
    """Every figure of one group of people (outcome dicts as :meth:`Outcome.as_dict` gives them)."""
    n = len(outcomes)
    if n == 0:
        return {"people": 0}
    days = sum(o["days_followed"] for o in outcomes)
    reached = [o["goal_week"] for o in outcomes if o["goal_week"] is not None]
    advances = sum(o["advances"] for o in outcomes)
    over = sum(o["advances_over_tolerance"] for o in outcomes)
    in_force = {}
    for o in outcomes:
        for kind, count in o["days_in"].items():
            in_force[kind] = in_force.get(kind, 0) + count
    total_days = sum(in_force.values()) or 1
    return {
        "people": n,
        "person_years": round(days / DAYS_PER_YEAR, 2),
        "safety": {
            "advances_over_tolerance": over,
            "advances_over_tolerance_per_person_year": round(_rate(over, days), 3),
            "share_of_advances_over_tolerance": round(over / advances, 4) if advances else 0.0,
            "flares_per_person_year": round(_rate(sum(o["flares"] for o in outcomes), days), 3),
            "red_flags": sum(o["red_flag"] for o in outcomes),
            "missed_red_flags": sum(o["missed_red_flags"] for o in outcomes),
        },
        "efficacy": {
            "reached_goal": round(len(reached) / n, 4),
            "median_weeks_to_goal": median(reached) if reached else None,
            "advances_per_person": round(advances / n, 2),
            "referred": round(sum(o["referred"] for o in outcomes) / n, 4),
            "dropped_out": round(sum(o["dropped_out"] for o in outcomes) / n, 4),
            "flare_decisions_per_person_year": round(_rate(sum(o["flare_decisions"] for o in outcomes), days), 3),
        },
        "time_in_decision": {kind: round(count / total_days, 4) for kind, count in sorted(in_force.items())},
    }


def by_subgroup(outcomes: Iterable[dict]) -> dict[str, dict]:
    """The figures for everyone, then for each subgroup."""
    outcomes = list(outcomes)
    groups: dict[str, list[dict]] = {}
    for o in outcomes:
        groups.setdefault(o["subgroup"], []).append(o)
    return {ALL: summary(outcomes), **{name: summary(groups[name]) for name in sorted(groups)}}


def by_strategy(outcomes: Iterable[dict]) -> dict[str, dict]:
    """The figures of the people on each strategy (under ``engine`` the planner's choice differs
    from person to person, so its figures mix the two)."""
    groups: dict[str, list[dict]] = {}
    for o in outcomes:
        groups.setdefault(o["strategy"], []).append(o)
    return {name: summary(groups[name]) for name in sorted(groups)}


# ---- two runs on the same people --------------------------------------------------------------

def _mean_sd(values: list[float]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return mean, sd


def _interval(diffs: list[float], scale: float = 1.0) -> dict:
    mean, sd = _mean_sd(diffs)
    half = Z95 * sd / math.sqrt(len(diffs))
    return {"difference": round(mean * scale, 4), "ci95": [round((mean - half) * scale, 4), round((mean + half) * scale, 4)]}


def _rate_terms(outcomes: list[dict], key: str) -> tuple[float, list[float]]:
    """A rate per person-year and each person's linearised term (delta method), so paired
    differences of two rates have a standard error."""
    days = [o["days_followed"] / DAYS_PER_YEAR for o in outcomes]
    events = [o[key] for o in outcomes]
    mean_days = sum(days) / len(days) or 1.0
    rate = sum(events) / (sum(days) or 1.0)
    return rate, [(e - rate * d) / mean_days for e, d in zip(events, days, strict=True)]


def compare(a: Sequence[dict], b: Sequence[dict]) -> dict:
    """B minus A for the people both runs have, with 95% confidence intervals."""
    by_person = {o["person"]: o for o in b}
    pairs = [(o, by_person[o["person"]]) for o in a if o["person"] in by_person]
    if len(pairs) < 2:
        return {"people": len(pairs)}
    left = [p[0] for p in pairs]
    right = [p[1] for p in pairs]
    figures = {"people": len(pairs)}
    for key in ("flares", "advances_over_tolerance"):
        rate_a, terms_a = _rate_terms(left, key)
        rate_b, terms_b = _rate_terms(right, key)
        diff = _interval([tb - ta for ta, tb in zip(terms_a, terms_b, strict=True)])
        diff["difference"] = round(rate_b - rate_a, 4)
        half = (diff["ci95"][1] - diff["ci95"][0]) / 2
        diff["ci95"] = [round(rate_b - rate_a - half, 4), round(rate_b - rate_a + half, 4)]
        figures[f"{key}_per_person_year"] = {"a": round(rate_a, 4), "b": round(rate_b, 4), **diff}
    for name, value in (("reached_goal", lambda o: o["goal_week"] is not None),
                        ("dropped_out", lambda o: o["dropped_out"]),
                        ("referred", lambda o: o["referred"]),
                        ("missed_red_flags", lambda o: o["missed_red_flags"])):
        va = [float(value(o)) for o in left]
        vb = [float(value(o)) for o in right]
        figures[name] = {"a": round(sum(va) / len(va), 4), "b": round(sum(vb) / len(vb), 4),
                         **_interval([y - x for x, y in zip(va, vb, strict=True)])}
    return figures
