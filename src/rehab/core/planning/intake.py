"""Everything the program builder starts from: the person, their baseline, goals, preferences and
constraints, as plain values.

The psychosocial summary is deliberately small (STarT Back risk group, fear-avoidance, self-efficacy,
mood): it is what the planner acts on, whichever questionnaires produced it. Comorbidities become
cautions here, so the planner only ever sees a set of movements to leave out and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from rehab.core.models import Strategy
from rehab.core.planning.goals import Goal
from rehab.core.planning.home import Home
from rehab.core.planning.library import (
    GYM_EQUIPMENT,
    HOME_KIT,
    HOUSEHOLD_EQUIPMENT,
    Region,
)


class RiskGroup(StrEnum):
    """Keele STarT Back risk group (Hill 2008; clinical reference §1.10)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class Psychosocial:
    start_back: RiskGroup | None = None
    fear_avoidance_high: bool = False  # e.g. TSK-11 >= 29 (§1.7, §4.3)
    self_efficacy_low: bool = False  # e.g. PSEQ well below 40 (§1.9, soft guidance)
    low_mood: bool = False  # e.g. PHQ-4 subscale >= 3 or PHQ-9 >= 10 (§1.4, §1.6)
    # Activities the person names as feared (e.g. "bending to lift"): with high fear, the start of a
    # graded-exposure hierarchy (§3.3).
    feared_activities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How much of an activity the person managed before pain, fatigue or weakness stopped them,
    on up to three occasions (pacing baseline, clinical reference §3.4)."""

    activity: str
    dimension: str
    measures: tuple[float, ...]

    @property
    def mean(self) -> float:
        return sum(self.measures) / len(self.measures)


@dataclass(frozen=True, slots=True)
class PerformanceTest:
    name: str
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class BloodPressure:
    """Resting blood pressure in mmHg, seated, as measured at intake."""

    systolic: int
    diastolic: int

    def __str__(self) -> str:
        return f"{self.systolic}/{self.diastolic} mmHg"


@dataclass(frozen=True, slots=True)
class Baseline:
    tolerances: tuple[Tolerance, ...] = ()
    performance: tuple[PerformanceTest, ...] = ()
    usual_pain: float | None = None  # 0-10 NRS
    psychosocial: Psychosocial = field(default_factory=Psychosocial)
    resting_blood_pressure: BloodPressure | None = None

    def tolerance_of(self, activity_id: str) -> Tolerance | None:
        return next((t for t in self.tolerances if t.activity == activity_id), None)


@dataclass(frozen=True, slots=True)
class Preferences:
    minutes_per_day: int
    days_per_week: int
    equipment: frozenset[str] = frozenset()  # exercise kit the person owns (band, dumbbell...)
    lacks: frozenset[str] = frozenset()  # household things they do not have (e.g. stairs)
    gym_access: bool = False
    likes: frozenset[str] = frozenset()
    dislikes: frozenset[str] = frozenset()
    preferred_time: str | None = None  # morning / afternoon / evening

    @property
    def available_equipment(self) -> frozenset[str]:
        """What the person can use: household things unless they lack them, their own kit, and a
        gym's kit when they go to one."""
        gym = GYM_EQUIPMENT | HOME_KIT if self.gym_access else frozenset()
        return (HOUSEHOLD_EQUIPMENT - self.lacks) | self.equipment | gym


@dataclass(frozen=True, slots=True)
class Job:
    title: str
    demands: tuple[str, ...] = ()  # ICF codes the job asks for (d430 lifting, d4154 standing...)
    shift: str | None = None  # day / night / rotating


@dataclass(frozen=True, slots=True)
class Caregiving:
    who: str
    lifting: bool = False


@dataclass(frozen=True, slots=True)
class Constraints:
    job: Job | None = None
    caregiving: Caregiving | None = None
    sleep_hours: float | None = None
    comorbidities: frozenset[str] = frozenset()
    cautions: frozenset[str] = frozenset()  # set directly by the clinician
    in_flare: bool = False
    gestation_weeks: int | None = None  # completed weeks of pregnancy, when pregnant
    postpartum_weeks: int | None = None  # weeks since giving birth, when postpartum
    # Clearances a clinician has recorded, by name (``blood_pressure``, ``cervical_arterial_screen``),
    # with the date given: an exercise held for want of one returns once it is recorded.
    clearances: dict[str, date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Person:
    age: int
    pain_regions: tuple[Region, ...]


@dataclass(frozen=True, slots=True)
class Intake:
    today: date
    person: Person
    baseline: Baseline
    goals: tuple[Goal, ...]
    preferences: Preferences
    constraints: Constraints = field(default_factory=Constraints)
    strategy: Strategy | None = None  # None: the planner chooses and says why
    home: Home | None = None  # home and environment safety; None: not assessed


# Movements always left out for each comorbidity (rehab convention from common clinical
# precautions; a clinician confirms or adds cautions directly). "acute_flare" follows the issue's
# example: no end-range loaded flexion during an acute flare. These are the absolute cautions; the
# rules that depend on a measurement, on weeks of pregnancy or on a clearance (movements *held*
# until a clinician clears them) are in ``rehab.core.planning.comorbidities``.
COMORBIDITY_CAUTIONS: dict[str, frozenset[str]] = {
    "osteoporosis": frozenset({"loaded_end_range_flexion", "loaded_twisting", "high_impact"}),
    "fall_risk": frozenset({"unsupported_balance", "high_impact", "both_hands_full"}),
    # Avoid the Valsalva manoeuvre with high blood pressure (ACSM's Guidelines for Exercise Testing
    # and Prescription, 11th ed.); interval bursts are held until cleared (comorbidities.py).
    "uncontrolled_hypertension": frozenset({"heavy_straining"}),
    "heart_disease": frozenset({"heavy_straining"}),
    "hip_replacement": frozenset({"deep_hip_flexion"}),
    "dizziness": frozenset({"rapid_head_movement", "unsupported_balance"}),
    # Grip loading is capped from measured grip strength, or held until grip is measured.
    "hand_arthritis": frozenset({"wrist_weight_bearing"}),
    # Prone lying, straining and end-range abdominal loading throughout pregnancy; supine lying
    # from 20 weeks (ACOG Committee Opinion 804, 2020; RCOG). See comorbidities.py.
    "pregnancy": frozenset({"high_impact", "heavy_straining", "prone_lying", "abdominal_end_range"}),
    # Up to 12 weeks after birth the pelvic floor and abdominal wall are still recovering: see
    # comorbidities.py for the weeks-dependent rule (ACOG 804; RCOG; Goom et al. 2019).
    "postpartum": frozenset(),
    "acute_flare": frozenset({"loaded_end_range_flexion", "high_impact"}),
}


def excluded_cautions(constraints: Constraints) -> dict[str, str]:
    """Each caution to respect, with where it comes from (a comorbidity, a flare, the clinician)."""
    why: dict[str, str] = {caution: "your clinician's advice" for caution in constraints.cautions}
    sources = sorted(constraints.comorbidities) + (["acute_flare"] if constraints.in_flare else [])
    for condition in sources:
        for caution in sorted(COMORBIDITY_CAUTIONS[condition]):
            why.setdefault(caution, condition.replace("_", " "))
    return why


def findings(intake: Intake) -> frozenset[str]:
    """What the intake shows that changes emphasis: which education comes first, how long the
    foundation lasts and which strategy suits."""
    p = intake.baseline.psychosocial
    c = intake.constraints
    found = set()
    if p.fear_avoidance_high:
        found.add("fear_avoidance")
    if p.start_back is RiskGroup.HIGH:
        found.add("high_risk")
    if p.self_efficacy_low:
        found.add("low_self_efficacy")
    if p.low_mood:
        found.add("mood")
    # Under 6 hours, or night shifts, make sleep an early topic (rehab convention).
    if (c.sleep_hours is not None and c.sleep_hours < 6) or (c.job and c.job.shift in ("night", "rotating")):
        found.add("sleep")
    if c.job is not None:
        found.add("work")
    if c.in_flare:
        found.add("flare")
    return frozenset(found)
