"""Graded exposure for a simulated person: a fear hierarchy, a belief of harm per item, safety
behaviours, and what an experiment with an item does to the belief (issue 14, ``engine-exposure``).

The one simulated activity is walking, so the hierarchy is walking that the person fears more the
longer it is: from the planner's starting dose (the least feared item) to the goal task (the most
feared), in steps of at most :data:`STEP` (assumption: a clinician may build a hierarchy of one
activity's grades, as for a person who fears that walking far will damage their back). Each number
below is in docs/cohort.md with its source (clinical reference §3.3) or marked "assumption".

- **Harm ratings** (PHODA-like, 0-100) rise with the item's load and with the person's fear of
  movement (TSK-like, :attr:`Traits.fear`); the hierarchy is ordered by them (§3.3 step 2).
- **Belief** that the feared outcome ("my back will give way and I will be laid up") will happen,
  0-100, per item: it starts near the item's harm rating. An experiment done to the end in which
  the feared outcome did not happen lowers it (expectancy violation, Craske 2014, §3.3); one done
  with a safety behaviour lowers it far less, because the person credits the behaviour
  (Salkovskis 1991); one in which it happened raises it; part of a drop spreads to the items above.
- **Safety behaviours** (bracing, holding the breath, a back brace) are used with a chance that
  starts with fear and fades with each experiment (§3.3: they should be faded).
- **Avoidance**: the chance of doing the day's experiment falls with the belief for the item, and a
  person who starts may stop early, more often the stronger the belief (§3.3, the fear-avoidance model).

The person reports honestly what the engine's input asks: what they feared and how strongly they
believed it before, whether they finished, what happened, how strongly they believe it after, the
safety behaviours used and the pain during. The feared outcome "happened" when pain during was 3
or more points above the day's pain (the model's painful session; assumption).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from rehab.cohort.people import Traits
from rehab.core.models import BehaviouralExperiment, ExposureItem, FearHierarchy

# Largest step between two items of the hierarchy, as a share of the lower one's load (assumption:
# as a pacing increment, §3.4, so no item is a leap).
STEP = 0.15
# The most feared item's harm rating is 20 + 80 x fear, the least feared 30% of it (assumption).
HARM_FLOOR, HARM_PER_FEAR, LEAST_SHARE = 20.0, 80.0, 0.3
# Belief of harm at the start: the item's harm rating +- N(0, 5) (assumption).
BELIEF_SD = 5.0
# Share of the belief lost in one clean disconfirming experiment: a person's own rate (assumption).
LEARN_LOW, LEARN_HIGH = 0.25, 0.45
# With a safety behaviour only this share of that drop happens (Salkovskis 1991; size assumption).
WITH_SAFETY_BEHAVIOUR = 0.1
# Share of a drop that spreads to each item above (generalisation; assumption).
SPREAD = 0.25
# Belief added when the feared outcome happened, and when the person stopped early (assumption).
CONFIRMED_RISE, STOPPED_RISE = 15.0, 5.0
# Chance of using a safety behaviour: fear + 0.1 at the start, x 0.93 after each experiment (assumption).
SAFETY_START_EXTRA, SAFETY_FADE = 0.1, 0.93
# Avoidance: the day's experiment is done with chance x (1 - 0.6 x belief/100), the factor the model
# uses for a feared new level; one started is stopped early with chance 0.4 x belief/100 (assumption).
AVOID_PER_BELIEF, STOP_PER_BELIEF = 0.6, 0.4

SAFETY_BEHAVIOURS = ("bracing my back", "holding my breath", "wearing a back brace")
FEARED = "My back will give way and I will be laid up"


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def item_loads(start_s: float, goal_s: float) -> list[float]:
    """The load of each item, least feared first: the starting dose, then equal ratio steps of at
    most :data:`STEP` up to the goal, rounded to 5 seconds."""
    if goal_s <= start_s:
        return [start_s]
    steps = max(1, math.ceil(math.log(goal_s / start_s) / math.log(1 + STEP) - 1e-9))
    ratio = (goal_s / start_s) ** (1 / steps)
    return [round(start_s * ratio ** k / 5) * 5 for k in range(steps)] + [goal_s]


def hierarchy_for(traits: Traits, start_s: float) -> tuple[FearHierarchy, dict[str, float]]:
    """The person's fear hierarchy (harm ratings from their fear of movement) and each item's load."""
    loads = item_loads(start_s, traits.goal_s)
    top = HARM_FLOOR + HARM_PER_FEAR * traits.fear
    n = len(loads)
    items, by_id = [], {}
    for k, load in enumerate(loads):
        share = LEAST_SHARE + (1 - LEAST_SHARE) * (k / (n - 1) if n > 1 else 1)
        words = "walk to the market and back" if k == n - 1 else f"walk for {load / 60:.0f} minutes"
        item = ExposureItem(f"walk-{k + 1}", words, round(top * share, 1), "walk to the market and back")
        items.append(item)
        by_id[item.id] = load
    return FearHierarchy(tuple(items)), by_id


@dataclass(frozen=True, slots=True)
class Trial:
    """An experiment about to be done: the item, the belief before, the safety behaviours the
    person will use, and whether they will stop early."""

    item: str
    belief: float
    safety_behaviours: tuple[str, ...]
    stops_early: bool


@dataclass(slots=True)
class FearMind:
    """What the person believes about each item, and how they go about an experiment."""

    start: date
    belief: dict[str, float]
    order: tuple[str, ...]  # item ids, least feared first
    learn: float
    safety_chance: float

    @classmethod
    def of(cls, traits: Traits, hierarchy: FearHierarchy, start: date, rng: random.Random) -> FearMind:
        belief = {i.id: _clip(i.harm + rng.gauss(0, BELIEF_SD), 0, 100) for i in hierarchy.items}
        return cls(start, belief, tuple(i.id for i in hierarchy.items), rng.uniform(LEARN_LOW, LEARN_HIGH),
                   _clip(traits.fear + SAFETY_START_EXTRA, 0, 0.95))

    def doing_chance(self, item: str) -> float:
        return 1 - AVOID_PER_BELIEF * self.belief[item] / 100

    def before(self, item: ExposureItem, rng: random.Random) -> Trial:
        belief = self.belief[item.id]
        used = ()
        if rng.random() < self.safety_chance:
            used = (SAFETY_BEHAVIOURS[rng.randrange(len(SAFETY_BEHAVIOURS))],)
        return Trial(item.id, belief, used, rng.random() < STOP_PER_BELIEF * belief / 100)

    def after(self, trial: Trial, day: int, feared_happened: bool, pain_during: int | None) -> BehaviouralExperiment:
        """The experiment as the person writes it down, and what it did to their beliefs."""
        item, before = trial.item, trial.belief
        if trial.stops_early:
            after, outcome, happened = min(100.0, before + STOPPED_RISE), "I stopped before the end", None
        elif feared_happened:
            after, outcome, happened = min(100.0, before + CONFIRMED_RISE), "the pain shot up", True
        else:
            drop = self.learn * (WITH_SAFETY_BEHAVIOUR if trial.safety_behaviours else 1.0)
            after, outcome, happened = before * (1 - drop), "my back held up", False
            for above in self.order[self.order.index(item) + 1:]:
                self.belief[above] *= 1 - SPREAD * drop
        self.belief[item] = after
        self.safety_chance *= SAFETY_FADE
        experiment = BehaviouralExperiment(
            self.start + timedelta(days=day), item, FEARED, _said(before), stopped_early=trial.stops_early,
            outcome=outcome, feared_outcome_happened=happened, belief_after=_said(after),
            safety_behaviours=trial.safety_behaviours, pain_during=pain_during)
        return experiment


def _said(belief: float) -> float:
    """A 0-100 rating as a person gives it: to the nearest 5."""
    return float(5 * round(belief / 5))
