"""Who is in the cohort: the subgroups and the distributions each person's traits are drawn from.

Every number here is listed in docs/cohort.md with its source in the clinical reference, or marked
there plainly as an assumption (most are: nobody has measured these rates for one person, which is
why the cohort shows what a rule set does across a wide range of them). A person's traits come
from their own seeded random stream, so person 17 of seed 1 is the same person under every policy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

# Red-flag questions a simulated person may answer yes to during the program (keys of
# rehab.core.engine.safety.RED_FLAGS; both must be referred, §4.2).
RED_FLAG_CHOICES = ("progressive_motor_weakness", "saddle_anaesthesia", "unexplained_weight_loss",
                    "fever_or_systemically_unwell")


@dataclass(frozen=True, slots=True)
class Traits:
    """One simulated person, as drawn at the start. Rates are per week unless said otherwise."""

    subgroup: str
    capacity_s: float  # walking tolerated at the start, in seconds (the intake's tolerance measure)
    goal_s: float  # the goal task: walking this long (e.g. to the market and back)
    strength_rate: float  # weekly gain of the slow component (share of the starting capacity) at full stimulus
    endurance_rate: float  # weekly gain of the fast component; it is also lost faster
    usual_pain: float  # usual pain at the start, NRS 0-10
    pain_sd: float  # day-to-day noise of usual pain (NRS points)
    pain_rho: float  # lag-1 autocorrelation of that noise (§7.2: 0.3-0.5)
    sensitivity: float  # how much pain a dose over tolerance provokes (1 = typical)
    flare_threshold: float  # load over tolerance (ratio) beyond which an overload may set off a flare
    flare_chance: float  # chance that such an overload sets off a flare
    life_events_per_year: float  # flares that come from life (illness, family crisis), not from load
    adherence: float  # chance of doing a planned session on an ordinary day
    boredom: float  # adherence lost per week of the same activity
    self_efficacy: float  # 0-1; low self-efficacy lowers adherence
    fear: float  # 0-1 fear of movement: avoids doses above what was done before
    diary_missing: float  # chance a diary day is not filled in
    morning_forgotten: float  # chance the next-morning question is not answered
    session_unlogged: float  # chance a session done is not logged
    rounds_to_even: bool  # reports pain in steps of 2 (a reporting habit)
    red_flag_day: int | None  # program day a red flag appears (None: never)
    red_flag: str | None


TYPICAL = "typical"
FAST = "fast adapters"
SLOW = "slow adapters"
FEARFUL = "high fear-avoidance"
LOW_ADHERENCE = "low adherence"
FLARE_PRONE = "flare-prone"
HIGH_PAIN = "high usual pain"
SPARSE = "sparse diarists"

# Share of the cohort in each subgroup (assumption: enough of each for its own figures).
SUBGROUP_SHARES = {TYPICAL: 0.40, FAST: 0.10, SLOW: 0.10, FEARFUL: 0.10, LOW_ADHERENCE: 0.08, FLARE_PRONE: 0.08,
                   HIGH_PAIN: 0.08, SPARSE: 0.06}
SUBGROUPS = tuple(SUBGROUP_SHARES)

# Chance that a person has a red flag during the program (assumption: serious pathology is rare in
# primary-care back pain, but the cohort needs some to show that every one is referred).
RED_FLAG_CHANCE = 0.02


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def draw_typical(rng: random.Random, weeks: int) -> Traits:
    """A person from the typical distributions (docs/cohort.md, table "typical")."""
    capacity = _clip(rng.lognormvariate(6.7, 0.35), 240, 2400)  # median ~810 s (13.5 min)
    days = weeks * 7
    red_flag_day = rng.randrange(days) if rng.random() < RED_FLAG_CHANCE else None
    return Traits(
        subgroup=TYPICAL,
        capacity_s=capacity,
        goal_s=_clip(round(capacity * rng.uniform(1.5, 2.2) / 300) * 300, 900, 3600),
        strength_rate=rng.uniform(0.015, 0.03),
        endurance_rate=rng.uniform(0.04, 0.07),
        usual_pain=_clip(rng.gauss(4.5, 1.2), 1.5, 8),
        pain_sd=rng.uniform(0.5, 1.0),
        pain_rho=rng.uniform(0.3, 0.5),
        sensitivity=_clip(rng.lognormvariate(0, 0.3), 0.4, 2.5),
        flare_threshold=rng.uniform(1.2, 1.35),
        flare_chance=rng.uniform(0.2, 0.4),
        life_events_per_year=rng.uniform(1, 3),
        adherence=rng.uniform(0.75, 0.95),
        boredom=rng.uniform(0.0, 0.01),
        self_efficacy=rng.uniform(0.5, 0.9),
        fear=rng.uniform(0.0, 0.2),
        diary_missing=rng.uniform(0.0, 0.1),
        morning_forgotten=rng.uniform(0.05, 0.15),
        session_unlogged=rng.uniform(0.0, 0.05),
        rounds_to_even=rng.random() < 0.15,
        red_flag_day=red_flag_day,
        red_flag=rng.choice(RED_FLAG_CHOICES) if red_flag_day is not None else None,
    )


def draw(rng: random.Random, weeks: int) -> Traits:
    """A person: a subgroup by its share, then the typical draws with that subgroup's own."""
    subgroup = rng.choices(SUBGROUPS, weights=tuple(SUBGROUP_SHARES.values()))[0]
    return draw_in(subgroup, rng, weeks)


def draw_in(subgroup: str, rng: random.Random, weeks: int) -> Traits:
    t = replace(draw_typical(rng, weeks), subgroup=subgroup)
    if subgroup == FAST:
        return replace(t, strength_rate=rng.uniform(0.03, 0.05), endurance_rate=rng.uniform(0.08, 0.12))
    if subgroup == SLOW:
        return replace(t, strength_rate=rng.uniform(0.005, 0.01), endurance_rate=rng.uniform(0.01, 0.025))
    if subgroup == FEARFUL:  # TSK-11 >= 36 territory (§1.7): avoids, and believes pain means harm
        return replace(t, fear=rng.uniform(0.6, 0.9), self_efficacy=rng.uniform(0.2, 0.5))
    if subgroup == LOW_ADHERENCE:
        return replace(t, adherence=rng.uniform(0.4, 0.65), boredom=rng.uniform(0.01, 0.03),
                       self_efficacy=rng.uniform(0.2, 0.6))
    if subgroup == FLARE_PRONE:
        return replace(t, flare_threshold=rng.uniform(1.05, 1.15), flare_chance=rng.uniform(0.5, 0.8),
                       life_events_per_year=rng.uniform(4, 8), sensitivity=t.sensitivity * 1.3)
    if subgroup == HIGH_PAIN:
        return replace(t, usual_pain=_clip(rng.gauss(6.8, 0.8), 5.5, 9), pain_sd=rng.uniform(0.8, 1.4))
    if subgroup == SPARSE:
        return replace(t, diary_missing=rng.uniform(0.3, 0.6), morning_forgotten=rng.uniform(0.3, 0.6),
                       session_unlogged=rng.uniform(0.1, 0.3))
    return t
