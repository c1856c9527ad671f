"""The exercise and education library as plain values: exercises on ladders, graded daily
activities, education modules.

The library is content (``rehab.content`` loads and validates it from data files); here it is only
values, so the planner can be handed any library, a real one or a small one built in a test.
An exercise sits on a ladder: its regression is the easier rung below, its progression the harder
rung above. A ladder shares one training component and one main body region, so moving a rung
changes the difficulty, never the purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Region(StrEnum):
    LUMBAR = "lumbar"
    CERVICAL_THORACIC = "cervical_thoracic"
    SHOULDER = "shoulder"
    ELBOW_WRIST_HAND = "elbow_wrist_hand"
    HIP = "hip"
    KNEE = "knee"
    ANKLE_FOOT = "ankle_foot"
    WHOLE_BODY = "whole_body"


class Component(StrEnum):
    """Training components a program balances (the guide: resistance, mobility, balance and
    functional tasks rather than isolated gym routines), plus aerobic endurance."""

    RESISTANCE = "resistance"
    MOBILITY = "mobility"
    BALANCE = "balance"
    FUNCTIONAL = "functional"
    AEROBIC = "aerobic"


# The components every region must offer a ladder for (the library check enforces it). Aerobic
# work is whole-body by nature, so it is required of the whole-body region only.
BALANCED_COMPONENTS: tuple[Component, ...] = (
    Component.RESISTANCE, Component.MOBILITY, Component.BALANCE, Component.FUNCTIONAL,
)

# Things found in most homes, small kit a person may buy, and machines found in a gym.
HOUSEHOLD_EQUIPMENT = frozenset({"chair", "wall", "table", "stairs", "towel", "stick", "bag", "box", "bottle"})
HOME_KIT = frozenset({"band", "dumbbell", "kettlebell", "ball", "mat"})
GYM_EQUIPMENT = frozenset({"bench", "barbell", "cable_machine", "exercise_bike", "treadmill"})
EQUIPMENT = HOUSEHOLD_EQUIPMENT | HOME_KIT | GYM_EQUIPMENT

# Movements some people should leave out, in plain words. Exercises carry these tags; comorbidities
# and clinicians' notes turn into a set of tags to exclude (see ``rehab.core.planning.intake``).
CAUTIONS: dict[str, str] = {
    "loaded_end_range_flexion": "bending the spine fully forward while holding a weight",
    "loaded_twisting": "twisting the spine while holding a weight",
    "high_impact": "jumping, hopping or jogging",
    "unsupported_balance": "balance work with nothing within reach to hold",
    "floor_work": "getting down to the floor and back up",
    "kneeling": "putting weight through the knees",
    "heavy_straining": "heavy efforts that make you hold your breath",
    "deep_hip_flexion": "bending the hip past a right angle",
    "overhead_loading": "holding a weight above head height",
    "wrist_weight_bearing": "taking body weight through the hands",
    "rapid_head_movement": "quick turns of the head",
    "interval_bursts": "short bursts of hard effort",
    "neck_rotation": "turning the head to the end of its range",
    "gaze_stability": "keeping your eyes on one spot as your head moves",
    "prone_lying": "lying on your front",
    "supine_lying": "lying flat on your back",
    # Full planks on the toes or with the legs straight load the belly wall the most; late in
    # pregnancy many clinicians go back to the knees (review 2026-12-03i, finding 7; not in the
    # clinical reference: a rehab choice).
    "abdominal_end_range": "curl-ups, full planks and other hard work for the belly muscles",
    "grip_loading": "holding a weight in the hand",
    # Walking or turning holding a bag in each hand, or a box in both: no hand free to steady yourself
    # on a worktop, rail or stick (a measured fall risk, review 2026-12-03i finding 1; hazard H25).
    "both_hands_full": "walking or turning with both hands full",
    # Standing on one leg, or with the feet a long step apart, loads one side of the pelvis: left out in
    # pregnancy with hip pain, read as pelvic girdle pain (review 2026-12-03j, finding 4; POGP advice,
    # not in the clinical reference: a rehab choice).
    "single_leg_stance": "standing on one leg or in a long step",
}
# Cautions a body region implies, whatever the exercise's tags: every exercise that works the neck
# and upper back is held with neck pain and dizziness until a cervical arterial screen is recorded
# (IFOMPT 2020; clinical reference §4.2). Not a library tag: no author needs to remember it.
CERVICAL_REGION = "cervical_region"
# Two more cautions an exercise implies by what it is, for the home rules
# (``rehab.core.planning.home``): every balance exercise done standing or walking needs something
# sturdy within reach, and every exercise done on stairs needs a rail to hold (the Otago programme
# holds a kitchen bench or rail for balance and step work; CDC STEADI "Check for Safety").
STANDING_BALANCE = "standing_balance"
STEP_WORK = "step_work"
# Every exercise and daily activity, held as a whole: a resting blood pressure in the crisis range
# waits for a doctor (hazard H55; ``selection.blocked`` and the quotas check it before anything else).
EVERY_EXERCISE = "every_exercise"
REGION_CAUTIONS: dict[str, str] = {
    EVERY_EXERCISE: "every exercise and daily activity",
    CERVICAL_REGION: "neck and upper back exercise",
    STANDING_BALANCE: "balance work on your feet",
    STEP_WORK: "exercises on a step or stairs",
}
# Kit in poor condition is left out by name: "equipment:band" (see ``rehab.core.planning.home``).
EQUIPMENT_CAUTION = "equipment:"


def caution_words(caution: str) -> str:
    """A caution in the person's words (a tagged movement, a region held as a whole, an exercise
    kind, or a piece of kit)."""
    if caution.startswith(EQUIPMENT_CAUTION):
        return f"using your {caution.removeprefix(EQUIPMENT_CAUTION).replace('_', ' ')}"
    return CAUTIONS.get(caution) or REGION_CAUTIONS[caution]

# Dose dimensions an exercise is measured in (units are in the names; ``level`` is a rung number
# and belongs to a prescription, not to an exercise).
EXERCISE_DIMENSIONS: tuple[str, ...] = ("sets", "reps", "load_kg", "duration_s", "distance_m", "steps")
QUOTA_DIMENSIONS: tuple[str, ...] = ("duration_s", "distance_m", "steps", "reps")


@dataclass(frozen=True, slots=True)
class DoseRange:
    """The usual starting range of one dose dimension, e.g. reps 5 to 10."""

    dimension: str
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    regions: tuple[Region, ...]
    component: Component
    position: str
    equipment: frozenset[str]
    difficulty: int
    dose: tuple[DoseRange, ...]
    time_per_set_s: int
    icf: tuple[str, ...]
    cautions: frozenset[str]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    errors: tuple[str, ...]
    regression: str | None = None
    progression: str | None = None
    # Two bags (or hands) share the load equally: the plan says "2 kg in each bag", since load_kg
    # is the total held (a physiotherapist could not tell per bag from in total; review 2026-12-03b).
    load_in_each: str | None = None
    # Both hands rest on a wall, table or counter throughout (a hands-on-wall hold): the position is
    # the support, so no "hold a counter with one hand" line is added (review 2026-12-03g, finding 7).
    hands_on_support: bool = False

    @property
    def region(self) -> Region:
        """The main region: the one the exercise's ladder belongs to."""
        return self.regions[0]

    def range_of(self, dimension: str) -> DoseRange | None:
        return next((r for r in self.dose if r.dimension == dimension), None)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(r.dimension for r in self.dose)

    @property
    def involves(self) -> frozenset[str]:
        """Its tagged cautions, the region caution of any region it works, what it implies by its
        kind (standing balance, step work) and the kit it uses."""
        implied = {EQUIPMENT_CAUTION + e for e in self.equipment}
        if Region.CERVICAL_THORACIC in self.regions:
            implied.add(CERVICAL_REGION)
        if self.component is Component.BALANCE and self.position in ("standing", "walking"):
            implied.add(STANDING_BALANCE)
        if "stairs" in self.equipment:
            implied.add(STEP_WORK)
        return self.cautions | implied


@dataclass(frozen=True, slots=True)
class DailyActivity:
    """A graded daily activity (walking, sitting, gardening...) paced by a quota in one dimension."""

    id: str
    name: str
    icf: tuple[str, ...]
    regions: tuple[Region, ...]
    dimension: str
    usual_start: DoseRange
    how: str
    tips: tuple[str, ...]
    equipment: frozenset[str] = frozenset()
    cautions: frozenset[str] = frozenset()
    per_week: int = 7  # a daily quota is kept on good and bad days alike


@dataclass(frozen=True, slots=True)
class EducationModule:
    """A short plain-language lesson, delivered in a given phase, earlier for those it helps most."""

    id: str
    title: str
    summary: str
    minutes: int
    phase: str
    order: int
    body: tuple[str, ...]
    try_this: tuple[str, ...]
    # Intake findings that bring the module forward to week 1 (e.g. ``fear_avoidance``, ``sleep``).
    priority_for: frozenset[str] = frozenset()
    # When set, the module is given only to people with one of these findings (e.g. ``work``).
    only_if: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return "\n".join((self.title, self.summary, *self.body, *self.try_this))


@dataclass(frozen=True, slots=True)
class ExerciseLadder:
    """Rungs from easiest to hardest; named by its first rung."""

    rungs: tuple[Exercise, ...]

    @property
    def id(self) -> str:
        return self.rungs[0].id

    @property
    def component(self) -> Component:
        return self.rungs[0].component

    @property
    def region(self) -> Region:
        return self.rungs[0].region

    @property
    def icf(self) -> frozenset[str]:
        return frozenset(code for rung in self.rungs for code in rung.icf)

    def rung_of(self, exercise_id: str) -> int:
        """The 1-based rung number of an exercise on this ladder."""
        return next(i for i, rung in enumerate(self.rungs, start=1) if rung.id == exercise_id)


@dataclass(frozen=True, slots=True)
class Library:
    exercises: dict[str, Exercise]
    activities: dict[str, DailyActivity] = field(default_factory=dict)
    education: dict[str, EducationModule] = field(default_factory=dict)

    def ladder_of(self, exercise_id: str) -> ExerciseLadder:
        """The whole ladder an exercise stands on, walking regression links down and progression
        links up (stopping at any repeat, so a faulty cycle cannot hang the caller)."""
        bottom = self.exercises[exercise_id]
        seen = {bottom.id}
        while bottom.regression in self.exercises and bottom.regression not in seen:
            bottom = self.exercises[bottom.regression]
            seen.add(bottom.id)
        rungs = [bottom]
        while rungs[-1].progression in self.exercises and rungs[-1].progression not in {r.id for r in rungs}:
            rungs.append(self.exercises[rungs[-1].progression])
        return ExerciseLadder(tuple(rungs))

    def ladders(self) -> list[ExerciseLadder]:
        """Every ladder once, in a stable order (by region, component, then first rung)."""
        bottoms = {self.ladder_of(e).id for e in self.exercises}
        found = [self.ladder_of(b) for b in bottoms]
        return sorted(found, key=lambda ladder: (list(Region).index(ladder.region), ladder.component, ladder.id))

    def knows(self, activity_id: str) -> bool:
        return activity_id in self.exercises or activity_id in self.activities
