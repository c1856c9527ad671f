"""One simulated person's days: what load does to them, what they do, and what they write down.

The model is deliberately small (docs/cohort.md gives each rule and its source or "assumption"):

- **Tolerance** (what they can walk without a pain or fatigue response) is the starting capacity
  plus a slow *strength* part and a fast *endurance* part. Both grow when a session is near
  capacity (half to all of it), endurance faster; an overload takes endurance away, and so do
  days without a session (endurance detrains faster than strength).
- **Pain** is a usual level that eases as tolerance grows, plus AR(1) day-to-day noise (§7.2).
  A session over tolerance hurts during it, and the strain shows the next morning (§3.1).
- **Flares** follow an overload spike (with a person's own chance) or a life event (§5): a run of
  days well above usual that also costs some endurance.
- **Adherence** falls with pain above usual, boredom, low self-efficacy and during a flare.
- **Fear of movement** makes a person skip or stop short of a dose above anything done before;
  a session that goes well fades it (a disconfirming experience, §3.3), a painful one feeds it.
- **Reporting**: pain written as whole numbers (or even numbers), diary days missed, the morning
  question forgotten, a session done but not logged.
- **Graded exposure** (only under the ``engine-exposure`` policy): the day's session is a behavioural
  experiment with an item of the person's fear hierarchy (:mod:`rehab.cohort.exposure`); avoidance,
  stopping early, safety behaviours and the belief in harm then come from the item, not from the
  step above the most done, and the experiment is written down as the engine's input asks.

It knows nothing of rules or decisions: it is given the day's dose and says what happened.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rehab.cohort.people import Traits

if TYPE_CHECKING:
    from rehab.cohort.exposure import FearMind
    from rehab.core.models import BehaviouralExperiment, ExposureItem

# Extra pain (NRS points) on the days of a flare, from its first day: 2-7 days above usual,
# disrupting function (§5). The same shape as the demo's flare.
FLARE_BUMP = (3.5, 3.5, 3.0, 2.0, 1.0, 0.5)

# Load ratio (dose / tolerance) from which a session adapts, and from which it fully adapts:
# "near capacity" (assumption: half of capacity does little, 90% and more does the most).
ADAPT_FROM, ADAPT_FULL = 0.5, 0.9
# Above this ratio a session is an overload: endurance is lost in proportion (assumption).
OVERLOAD_FROM = 1.15
# Tolerance cannot grow past this many times the starting capacity in a program (assumption).
MAX_GAIN = 3.0
# Daily detraining on a day without a session (assumption: endurance goes in weeks, strength slower).
ENDURANCE_KEPT_PER_DAY, STRENGTH_KEPT_PER_DAY = 0.985, 0.998
# Usual pain eases this many points per starting capacity gained, at most USUAL_EASE_MAX (assumption;
# exercise therapy eases chronic pain modestly).
USUAL_EASE_PER_GAIN, USUAL_EASE_MAX = 1.0, 2.0
# Pain during a session rises 5 points and the next morning 2.5 points per 100% over tolerance, for a
# typical sensitivity (the demo's model; assumption).
DURING_PER_OVER, MORNING_PER_OVER = 5.0, 2.5
# No session for this many days in a row: the person has stopped (a drop-out; assumption).
DROP_OUT_DAYS = 14


def nrs(value: float) -> int:
    """A value on the 0-10 numeric rating scale, as a person would write it."""
    return max(0, min(10, round(value)))


@dataclass(slots=True)
class Day:
    """What happened on one program day, as lived and as reported (None: not reported)."""

    tolerance: float  # before the day's session
    done_s: float  # walked in the session (0: no session)
    logged: bool  # the session was logged
    pain_during: int | None
    rpe: int | None
    pain: int | None  # the diary's usual pain for the day
    flare_started: bool
    experiment: BehaviouralExperiment | None = None  # under graded exposure: the session as an experiment


class SimulatedPerson:
    """One person's state from day to day, driven by their own seeded random stream."""

    def __init__(self, traits: Traits, rng: random.Random) -> None:
        self.traits = traits
        self.rng = rng
        self.strength = 0.0  # gains, as shares of the starting capacity
        self.endurance = 0.0
        self.noise = rng.gauss(0, traits.pain_sd)
        self.fear = traits.fear
        self.self_efficacy = traits.self_efficacy
        self.flare_day: int | None = None  # program day the current or last flare started
        self.strain = 0.0  # tonight's strain, felt tomorrow morning
        self.most_done = 0.0  # the most walked in one session so far
        self.days_without_session = 0
        self.dropped_out = False
        self.mind: FearMind | None = None  # under graded exposure: beliefs per hierarchy item

    # ---- the body ----------------------------------------------------------------------------

    @property
    def tolerance(self) -> float:
        return self.traits.capacity_s * (1 + self.strength + self.endurance)

    def usual(self) -> float:
        return self.traits.usual_pain - min(USUAL_EASE_MAX, USUAL_EASE_PER_GAIN * (self.strength + self.endurance))

    def flare_bump(self, day: int) -> float:
        if self.flare_day is None:
            return 0.0
        offset = day - self.flare_day
        return FLARE_BUMP[offset] if 0 <= offset < len(FLARE_BUMP) else 0.0

    def in_flare(self, day: int) -> bool:
        return self.flare_bump(day) > 0

    def _adapt(self, ratio: float) -> None:
        t = self.traits
        room = max(0.0, 1 - (self.strength + self.endurance) / MAX_GAIN)
        stimulus = min(1.0, max(0.0, (ratio - ADAPT_FROM) / (ADAPT_FULL - ADAPT_FROM)))
        self.strength += t.strength_rate / 7 * stimulus * room
        self.endurance += t.endurance_rate / 7 * stimulus * room
        if ratio > OVERLOAD_FROM:
            self.endurance *= max(0.0, 1 - (ratio - OVERLOAD_FROM))

    def _start_flare(self, day: int) -> None:
        self.flare_day = day
        self.endurance *= 0.9  # a few days of doing less (assumption)
        self.self_efficacy = max(0.0, self.self_efficacy - 0.1)

    # ---- the person --------------------------------------------------------------------------

    def _will_do(self, day: int, week: int, dose_s: float, pain_today: float,
                 item: ExposureItem | None = None) -> bool:
        t = self.traits
        chance = t.adherence * (1 - t.boredom * week) * (0.7 + 0.3 * self.self_efficacy)
        chance *= 1 - 0.07 * max(0.0, pain_today - t.usual_pain)
        if self.in_flare(day):
            chance *= 0.6
        if item is not None and self.mind is not None:  # avoidance of the feared item (§3.3)
            chance *= self.mind.doing_chance(item.id)
        elif dose_s > self.most_done * 1.02 and self.most_done > 0:  # a step up: the feared new level
            chance *= 1 - 0.6 * self.fear
        return self.rng.random() < max(0.02, min(1.0, chance))

    def _report(self, value: float) -> int:
        if self.traits.rounds_to_even:
            return max(0, min(10, 2 * round(value / 2)))
        return nrs(value)

    def wake(self, day: int) -> int | None:
        """The pain on waking on program day ``day`` as reported (None: the question forgotten).
        It tracks yesterday's strain (§3.1: the 24-hour response)."""
        felt = self.usual() + self.noise + self.flare_bump(day) + self.strain
        if self.dropped_out or self.rng.random() < self.traits.morning_forgotten:
            return None
        return self._report(felt)

    def live(self, day: int, dose_s: float | None, item: ExposureItem | None = None) -> Day:
        """Live the rest of program day ``day`` with ``dose_s`` seconds of walking prescribed (None:
        no session planned, e.g. the baseline weeks); with ``item`` (graded exposure) the session is
        a behavioural experiment with that item of the fear hierarchy."""
        t, rng = self.traits, self.rng
        tolerance = self.tolerance
        # AR(1) noise of usual pain (§7.2: diary pain is serially dependent).
        self.noise = t.pain_rho * self.noise + t.pain_sd * math.sqrt(1 - t.pain_rho ** 2) * rng.gauss(0, 1)
        if self.flare_day is None or day - self.flare_day >= len(FLARE_BUMP):
            if rng.random() < t.life_events_per_year / 365:
                self._start_flare(day)
        pain_today = self.usual() + self.noise + self.flare_bump(day) + 0.5 * self.strain
        flare_started = self.flare_day == day

        done = 0.0
        pain_during = rpe = None
        self.strain = 0.0
        experiment = None
        trial = self.mind.before(item, rng) if item is not None and self.mind is not None else None
        if dose_s and not self.dropped_out and self._will_do(day, day // 7, dose_s, pain_today, item):
            done = dose_s
            stepped_up = dose_s > self.most_done * 1.02 and self.most_done > 0
            if trial is not None:
                if trial.stops_early:  # stops before the end of the experiment out of fear
                    done = dose_s * (1 - 0.3 * trial.belief / 100)
            elif stepped_up and rng.random() < self.fear:  # stops short of a new level out of fear
                done = max(self.most_done, dose_s * (1 - 0.3 * self.fear))
            ratio = done / tolerance
            over = max(0.0, ratio - 1)
            during = pain_today - 0.5 + DURING_PER_OVER * t.sensitivity * over + rng.gauss(0, 0.6)
            pain_during = self._report(during)
            rpe = nrs(2 + 5 * ratio + rng.gauss(0, 0.7))
            self.strain = MORNING_PER_OVER * t.sensitivity * over
            self._adapt(ratio)
            if ratio > t.flare_threshold and not self.in_flare(day + 1) and rng.random() < t.flare_chance:
                self._start_flare(day + 1)
            # A session that goes well disconfirms the fear; a painful one confirms it (§3.3).
            if done >= 0.95 * dose_s and during <= pain_today + 1:
                self.fear *= 0.93
                self.self_efficacy = min(1.0, self.self_efficacy + 0.02)
            elif during >= pain_today + 3:
                self.fear = min(1.0, self.fear + 0.05)
                self.self_efficacy = max(0.0, self.self_efficacy - 0.05)
            if trial is not None:
                experiment = self.mind.after(trial, day, during >= pain_today + 3, pain_during)
            self.most_done = max(self.most_done, done)
            self.days_without_session = 0
        elif dose_s:
            self.strength *= STRENGTH_KEPT_PER_DAY
            self.endurance *= ENDURANCE_KEPT_PER_DAY
            self.days_without_session += 1
            if self.days_without_session >= DROP_OUT_DAYS:
                self.dropped_out = True

        writes_diary = not self.dropped_out and rng.random() >= t.diary_missing
        return Day(
            tolerance=tolerance,
            done_s=done,
            logged=done > 0 and rng.random() >= t.session_unlogged,
            pain_during=pain_during,
            rpe=rpe,
            pain=self._report(pain_today) if writes_diary else None,
            flare_started=flare_started,
            experiment=experiment,
        )

    def red_flag(self, day: int) -> str | None:
        """A red flag the person reports on ``day`` (from the day it appears on)."""
        t = self.traits
        return t.red_flag if t.red_flag_day is not None and day >= t.red_flag_day else None
