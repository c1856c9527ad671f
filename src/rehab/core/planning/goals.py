"""Goals that matter in a person's life, made measurable.

A goal keeps the patient's own words ("lift my grandchildren") beside what a clinic can measure: an
ICF domain, a task with a success criterion, the baseline, Goal Attainment Scaling levels -2..+2,
a priority and a target date. Goals change as life does; a revision keeps the old version and the
reason, and the program is simply rebuilt from the revised goals.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date

from rehab.core.models import Dose

# ICF categories used for goals and for what exercises transfer to (WHO ICF 2001; clinical
# reference §6.3). d920 is Recreation and leisure, not Travel (§6.3 correction).
ICF_CATEGORIES: dict[str, str] = {
    "d230": "carrying out daily routine",
    "d240": "handling stress",
    "d410": "changing basic body position",
    "d4104": "standing up",
    "d4105": "bending",
    "d415": "maintaining a body position",
    "d4153": "maintaining a sitting position",
    "d4154": "maintaining a standing position",
    "d420": "transferring oneself",
    "d430": "lifting and carrying objects",
    "d440": "fine hand use",
    "d445": "hand and arm use",
    "d450": "walking",
    "d4500": "walking short distances",
    "d4501": "walking long distances",
    "d455": "moving around (climbing, running)",
    "d4551": "climbing",
    "d4552": "running",
    "d460": "moving around in different locations",
    "d470": "using transportation",
    "d475": "driving",
    "d510": "washing oneself",
    "d520": "caring for body parts",
    "d540": "dressing",
    "d620": "shopping",
    "d630": "preparing meals",
    "d640": "doing housework",
    "d650": "caring for household objects and gardening",
    "d660": "assisting others",
    "d760": "family relationships",
    "d845": "acquiring and keeping a job",
    "d850": "paid work",
    "d910": "community life",
    "d920": "recreation and leisure",
    "b134": "sleep functions",
    "b280": "sensation of pain",
    "b455": "exercise tolerance",
    "b730": "muscle power",
    "b710": "joint mobility",
}

# The same categories in everyday words, for the patient's side of the plan (the codes and the ICF
# names stay on the clinician's side).
PLAIN_CATEGORIES: dict[str, str] = {
    "d230": "getting through your day", "d240": "handling stress", "d410": "getting up and down",
    "d4104": "standing up", "d4105": "bending", "d415": "holding a position", "d4153": "sitting",
    "d4154": "standing", "d420": "moving from one seat to another", "d430": "lifting and carrying",
    "d440": "using your hands", "d445": "using your arms", "d450": "walking", "d4500": "short walks",
    "d4501": "long walks", "d455": "climbing and running", "d4551": "climbing", "d4552": "running", "d460": "getting around",
    "d470": "using buses, trains or cars", "d475": "driving", "d510": "washing", "d520": "looking after yourself",
    "d540": "dressing", "d620": "shopping", "d630": "cooking", "d640": "housework", "d650": "gardening and home jobs",
    "d660": "helping others", "d760": "family life", "d845": "keeping a job", "d850": "paid work",
    "d910": "life in your community", "d920": "hobbies and fun", "b134": "sleep", "b280": "pain",
    "b455": "stamina", "b730": "strength", "b710": "moving your joints",
}

# Goal Attainment Scaling, 5 points per goal (Kiresuk & Sherman 1968; Turner-Stokes 2009;
# clinical reference §6.2).
GAS_MEANINGS = {
    -2: "much less than expected",
    -1: "somewhat less than expected",
    0: "expected outcome",
    1: "somewhat more than expected",
    2: "much more than expected",
}
# Assumed correlation between goals in the GAS T-score (Kiresuk & Sherman; §6.2).
GAS_RHO = 0.3


def icf_related(a: str, b: str) -> bool:
    """True when two ICF codes are the same category or one is a subcategory of the other
    (d4104 standing up belongs to d410 changing basic body position)."""
    return a.startswith(b) or b.startswith(a)


# How closely an exercise's ICF categories match a goal's or a demand's (most specific first):
# the same category, a subcategory of it, the broader category it belongs to, or nothing.
EXACT, NARROWER, BROADER, NO_MATCH = 3, 2, 1, 0
MATCH_WORDS = {EXACT: "same category", NARROWER: "a subcategory of it", BROADER: "only its broader category"}
# Major life areas, community life and general tasks (ICF chapters d2, d7, d8, d9) say where a
# person takes part, not which movement they need: "paid work" names no movement (WHO ICF 2001).
LIFE_AREA_CHAPTERS = ("d2", "d7", "d8", "d9")


def most_specific(codes: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """An item's codes without those a more specific code of the same item already covers: a
    seated screen break tagged d415 and d4153 is about sitting (d4153), not about standing."""
    return frozenset(c for c in codes if not any(o != c and o.startswith(c) for o in codes))


def icf_match(codes: tuple[str, ...] | frozenset[str], wanted: str) -> int:
    """How closely an item's most specific codes match ``wanted``: EXACT, NARROWER, BROADER or NO_MATCH."""
    best = NO_MATCH
    for code in most_specific(codes):
        if code == wanted:
            return EXACT
        if code.startswith(wanted):
            best = max(best, NARROWER)
        elif wanted.startswith(code):
            best = max(best, BROADER)
    return best


def life_area(code: str) -> bool:
    return code.startswith(LIFE_AREA_CHAPTERS)


@dataclass(frozen=True, slots=True)
class Task:
    """The measurable task: what is done, how much (the target dose), how it feels at most, and
    optionally which library activity practises it."""

    description: str
    target: Dose
    baseline: Dose
    activity: str | None = None
    pain_max_during: float | None = None

    @property
    def success(self) -> str:
        """The success criterion in words, e.g. 'load 15 kg, 10 reps, with pain at most 4/10 during'."""
        pain = f", with pain at most {self.pain_max_during:g}/10 during" if self.pain_max_during is not None else ""
        if self.target.items() and all(says_amount(self.description, d, v) for d, v in self.target.items()):
            return f"{self.description}{pain}"  # not "walk to the shops, 20 minutes: 20 min"
        amount = ", ".join(describe(d, v) for d, v in self.target.items())
        return f"{self.description}: {amount}{pain}"


@dataclass(frozen=True, slots=True)
class Revision:
    """An earlier version of a goal, kept when it changed, with when and why."""

    changed: date
    reason: str
    previous: Goal


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    words: str
    icf: str
    task: Task
    priority: int  # 1 = matters most
    target_date: date
    gas: dict[int, str] | None = None  # the clinician's own level descriptions, or None for generated
    revisions: tuple[Revision, ...] = ()

    @property
    def domain(self) -> str:
        return ICF_CATEGORIES[self.icf]

    def gas_levels(self) -> dict[int, str]:
        """The five GAS levels. Unless written by the clinician: the baseline is -1 and worse than
        baseline -2 (Turner-Stokes convention, §6.2), the target is 0, and +1 / +2 go beyond the
        target by half and by the whole of the baseline-to-target gap (rehab convention)."""
        if self.gas is not None:
            return dict(self.gas)
        return suggested_levels(dose_words(self.task.baseline), dose_words(self.task.target),
                                self.task.baseline, self.task.target)

    def attainment(self, achieved: Dose) -> int:
        """GAS score for what the patient achieved, on generated levels."""
        if achieved.covers(beyond(self.task, 1.0)):
            return 2
        if achieved.covers(beyond(self.task, 0.5)):
            return 1
        if achieved.covers(self.task.target):
            return 0
        if achieved.covers(self.task.baseline):
            return -1
        return -2

    def revised(self, changed: date, reason: str, **changes: object) -> Goal:
        """A new version of the goal; the old one is kept in ``revisions``."""
        keep = replace(self, revisions=())
        return replace(self, **changes, revisions=(*self.revisions, Revision(changed, reason, keep)))


def suggested_levels(baseline: str, goal: str, baseline_dose: Dose | None = None,
                     target_dose: Dose | None = None) -> dict[int, str]:
    """GAS levels from the baseline and the goal, for the clinician to edit: -2 worse than now, -1
    as now, 0 the goal reached (Turner-Stokes convention, §6.2). +1 and +2 go beyond the target by
    half and by the whole of the baseline-to-target gap, so they need both amounts; without them
    they are left for the clinician to describe."""
    levels = {-2: f"worse than now ({baseline})", -1: f"as now: {baseline}", 0: f"goal reached: {goal}"}
    if baseline_dose is not None and target_dose is not None:
        task = Task("", target_dose, baseline_dose)
        levels[1] = f"beyond the goal: {dose_words(beyond(task, 0.5))}"
        levels[2] = f"well beyond the goal: {dose_words(beyond(task, 1.0))}"
    return levels


def beyond(task: Task, share: float) -> Dose:
    """The target pushed further by ``share`` of the baseline-to-target gap, on each dimension."""
    values = {}
    for dimension, target in task.target.items():
        start = task.baseline.get(dimension) or 0
        value = target + share * max(target - start, 0)
        values[dimension] = math.ceil(value) if dimension in ("sets", "reps", "steps", "level") else round(value, 1)
    return Dose(**values)


def gas_t_score(scores: list[int], weights: list[float] | None = None, rho: float = GAS_RHO) -> float:
    """Kiresuk-Sherman GAS T-score: 50 when every goal is met as expected (clinical reference §6.2,
    formula as corrected by the Turner-Stokes erratum)."""
    if not scores:
        raise ValueError("a GAS T-score needs at least one goal")
    w = weights or [1.0] * len(scores)
    weighted = sum(wi * xi for wi, xi in zip(w, scores, strict=True))
    spread = math.sqrt((1 - rho) * sum(wi * wi for wi in w) + rho * sum(w) ** 2)
    return round(50 + 10 * weighted / spread, 1)


_UNITS = {
    "sets": ("set", "sets"),
    "reps": ("rep", "reps"),
    "steps": ("step", "steps"),
    "level": ("level", "level"),
}


def describe(dimension: str, value: float) -> str:
    """One dose dimension in words: '10 reps', '12 min', '50 m', '15 kg'."""
    if dimension == "duration_s":
        minutes, seconds = divmod(round(value), 60)
        if not minutes:
            return f"{seconds} s"
        return f"{minutes} min {seconds} s" if seconds and minutes < 10 else f"{round(value / 60)} min"
    if dimension == "distance_m":
        return f"{value:g} m"
    if dimension == "load_kg":
        return f"{value:g} kg"
    one, many = _UNITS[dimension]
    return f"{value:g} {one if value == 1 else many}"


def says_amount(words: str, dimension: str, value: float) -> bool:
    """Whether the person's own task words already give this amount ("20 minutes", "3 hours",
    "50 metres"), so the success criterion does not say it twice."""
    said = []
    if dimension == "duration_s":
        for per, units in ((1, "s|secs?|seconds?"), (60, "mins?|minutes?"), (3600, "h|hrs?|hours?")):
            if value % per == 0:
                said.append((value / per, units))
    elif dimension == "distance_m":
        said = [(value, "m|metres?|meters?")] + ([(value / 1000, "km|kilometres?|kilometers?")] if value % 100 == 0 else [])
    elif dimension == "load_kg":
        said = [(value, "kg|kilos?|kilograms?")]
    elif dimension in _UNITS:
        said = [(value, "|".join(_UNITS[dimension]))]
    return any(re.search(rf"(?<![\d.]){number:g}\s*(?:{units})\b", words, re.IGNORECASE) for number, units in said)


def dose_words(dose: Dose) -> str:
    return ", ".join(describe(d, v) for d, v in dose.items()) or "nothing yet"

