"""The intake contract: the JSON a program is planned from (``rehab plan``).

Shape and ranges are checked here (unknown fields rejected, numbers strict, dates ``YYYY-MM-DD``,
target dates after today); what needs the library (activity ids, likes and dislikes, dose
dimensions an activity really has) is checked by :func:`library_problem`. Either way the first
problem is reported as one line naming the field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from rehab.contracts.checkin import DoseIn, Flag, IsoDate, Score, Wire
from rehab.core.models import Strategy
from rehab.core.planning.goals import ICF_CATEGORIES, Goal, Task
from rehab.core.planning.comorbidities import CLEARANCES
from rehab.core.planning.home import FLOOR_HAZARDS, Home
from rehab.core.planning.intake import (
    COMORBIDITY_CAUTIONS,
    Baseline,
    BloodPressure,
    Caregiving,
    Constraints,
    Intake,
    Job,
    PerformanceTest,
    Person,
    Preferences,
    Psychosocial,
    RiskGroup,
    Tolerance,
)
from rehab.core.planning.library import (
    CAUTIONS,
    GYM_EQUIPMENT,
    HOME_KIT,
    HOUSEHOLD_EQUIPMENT,
    Library,
    Region,
)

IcfCode = Literal[tuple(ICF_CATEGORIES)]  # type: ignore[valid-type]
KitName = Literal[tuple(sorted(HOME_KIT | GYM_EQUIPMENT))]  # type: ignore[valid-type]
HouseholdName = Literal[tuple(sorted(HOUSEHOLD_EQUIPMENT))]  # type: ignore[valid-type]
CautionName = Literal[tuple(CAUTIONS)]  # type: ignore[valid-type]
Comorbidity = Literal[tuple(c for c in COMORBIDITY_CAUTIONS if c != "acute_flare")]  # type: ignore[valid-type]
ClearanceName = Literal[tuple(CLEARANCES)]  # type: ignore[valid-type]
QuotaDimension = Literal["duration_s", "distance_m", "steps", "reps", "sets", "load_kg"]
Text = Annotated[str, Field(min_length=1, max_length=300)]
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


class PersonIn(Wire):
    age: Annotated[int, Field(strict=True, ge=16, le=110)]
    pain_regions: Annotated[list[Region], Field(min_length=1, description="where it hurts")]


class ToleranceIn(Wire):
    """How much of one activity the person managed before pain, fatigue or weakness stopped them."""

    activity: Id = Field(description="an exercise or daily activity id from the library")
    dimension: QuotaDimension
    measures: Annotated[list[Annotated[float, Field(strict=True, gt=0)]], Field(min_length=1, max_length=3)] = Field(
        description="one to three measurements on different days; the planner uses their mean"
    )


class PerformanceIn(Wire):
    name: Text = Field(description="e.g. 30-second chair stand")
    value: Annotated[float, Field(strict=True)]
    unit: Annotated[str, Field(min_length=1, max_length=20)]


class PsychosocialIn(Wire):
    """A short summary of psychosocial screening, whichever questionnaires produced it."""

    start_back: RiskGroup | None = Field(None, description="Keele STarT Back risk group")
    fear_avoidance: Literal["high", "low"] | None = Field(None, description="e.g. high when TSK-11 >= 29")
    self_efficacy: Literal["low", "ok"] | None = Field(None, description="e.g. low when PSEQ is well below 40")
    low_mood: Flag = Field(False, description="e.g. PHQ-4 subscale >= 3 or PHQ-9 >= 10")
    feared_activities: list[Text] = Field(
        default_factory=list, max_length=10,
        description="activities the person fears, in their words; with high fear, graded exposure is offered",
    )


class BloodPressureIn(Wire):
    """Resting blood pressure, seated, in mmHg."""

    systolic: Annotated[int, Field(strict=True, ge=60, le=300)]
    diastolic: Annotated[int, Field(strict=True, ge=30, le=200)]

    @model_validator(mode="after")
    def _diastolic_below_systolic(self) -> BloodPressureIn:
        if self.diastolic >= self.systolic:
            raise ValueError(f"diastolic: {self.diastolic} is not below the systolic {self.systolic}")
        return self


class BaselineIn(Wire):
    tolerances: list[ToleranceIn] = Field(default_factory=list, max_length=30)
    performance: list[PerformanceIn] = Field(default_factory=list, max_length=30)
    usual_pain: Score | None = Field(None, description="usual pain, 0-10 NRS")
    psychosocial: PsychosocialIn = Field(default_factory=PsychosocialIn)
    resting_blood_pressure: BloodPressureIn | None = Field(
        None, description="160/100 mmHg or more holds interval bursts until a blood_pressure clearance is recorded"
    )


class TaskIn(Wire):
    description: Text = Field(description="the measurable task, e.g. carry two 5 kg bags 50 m")
    activity: Id | None = Field(None, description="library exercise or daily activity that practises the task itself")
    baseline: DoseIn = Field(description="what the person can do now (zeros allowed)")
    target: DoseIn = Field(description="what counts as success")
    pain_max_during: Score | None = Field(None, description="highest pain during the task that still counts as success")

    @model_validator(mode="after")
    def _same_measures(self) -> TaskIn:
        extra = sorted(set(self.baseline.model_dump(exclude_none=True)) - set(self.target.model_dump(exclude_none=True)))
        if extra:
            raise ValueError(f"baseline.{extra[0]}: the target does not measure {extra[0]}")
        return self


class GoalIn(Wire):
    id: Id
    words: Text = Field(description="the goal in the person's own words")
    icf: IcfCode = Field(description="ICF category (clinical reference §6.3)")
    task: TaskIn
    priority: Annotated[int, Field(strict=True, ge=1, le=5)] = Field(description="1 = matters most")
    target_date: IsoDate
    gas: dict[Literal["-2", "-1", "0", "1", "2"], Text] | None = Field(
        None, description="the clinician's own GAS level descriptions; all five, or leave out to generate them"
    )

    @model_validator(mode="after")
    def _all_levels(self) -> GoalIn:
        if self.gas is not None and len(self.gas) != 5:
            raise ValueError("gas: needs all five levels -2, -1, 0, 1 and 2")
        return self


class PreferencesIn(Wire):
    minutes_per_day: Annotated[int, Field(strict=True, ge=5, le=180)] = Field(description="longest session the person can give")
    days_per_week: Annotated[int, Field(strict=True, ge=1, le=7)]
    equipment: list[KitName] = Field(default_factory=list, description="exercise kit the person has at home")
    lacks: list[HouseholdName] = Field(default_factory=list, description="household things the person does not have")
    gym_access: Flag = False
    likes: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=20)
    dislikes: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=20)
    preferred_time: Literal["morning", "afternoon", "evening"] | None = None


class JobIn(Wire):
    title: Text
    demands: list[IcfCode] = Field(default_factory=list, description="ICF categories the job asks for")
    shift: Literal["day", "night", "rotating"] | None = None


class CaregivingIn(Wire):
    who: Text
    lifting: Flag = False


class ConstraintsIn(Wire):
    job: JobIn | None = None
    caregiving: CaregivingIn | None = None
    sleep_hours: Annotated[float, Field(strict=True, ge=0, le=24)] | None = None
    comorbidities: list[Comorbidity] = Field(default_factory=list)
    cautions: list[CautionName] = Field(default_factory=list, description="movements the clinician wants left out")
    in_flare: Flag = False
    gestation_weeks: Annotated[int, Field(strict=True, ge=0, le=42)] | None = Field(
        None, description="completed weeks of pregnancy; needed with pregnancy"
    )
    postpartum_weeks: Annotated[int, Field(strict=True, ge=0, le=104)] | None = Field(
        None, description="weeks since giving birth; needed with postpartum"
    )
    clearances: dict[ClearanceName, IsoDate] = Field(
        default_factory=dict, description="clearances a clinician has recorded, with the date: blood_pressure, cervical_arterial_screen, heart_condition_stable, pregnancy_cleared"
    )

    @model_validator(mode="after")
    def _weeks_with_their_condition(self) -> ConstraintsIn:
        for condition, weeks in (("pregnancy", "gestation_weeks"), ("postpartum", "postpartum_weeks")):
            listed, given = condition in self.comorbidities, getattr(self, weeks) is not None
            if listed and not given:
                raise ValueError(f"{weeks}: needed when {condition} is among the comorbidities")
            if given and not listed:
                raise ValueError(f"{weeks}: given, but {condition} is not among the comorbidities")
        return self


class HomeIn(Wire):
    """Home and environment safety: where the exercises are done. Leave a question out when it
    was not asked; only an answer changes the program."""

    space_to_exercise: Flag | None = Field(None, description="clear floor space to lie down and step in every direction")
    floor_hazards: list[Literal[tuple(FLOOR_HAZARDS)]] = Field(  # type: ignore[valid-type]
        default_factory=list, description="slippery floors, loose rugs, clutter")
    stairs: Flag | None = Field(None, description="stairs at home")
    stair_rail: Flag | None = Field(None, description="a rail to hold on those stairs")
    sturdy_support: Flag | None = Field(None, description="something sturdy to hold at hip height (kitchen counter, heavy chair)")
    support_words: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        None, description="what they will hold, in their words, e.g. the kitchen counter")
    lives_alone: Flag | None = None
    fall_in_last_year: Flag | None = None
    gets_up_from_floor: Flag | None = Field(None, description="can get down to the floor and up again safely, alone")
    worn_equipment: list[Literal[tuple(sorted(HOUSEHOLD_EQUIPMENT | HOME_KIT | GYM_EQUIPMENT))]] = Field(  # type: ignore[valid-type]
        default_factory=list, description="kit in poor condition, left out until replaced")

    @model_validator(mode="after")
    def _rail_with_stairs(self) -> HomeIn:
        if self.stair_rail is not None and self.stairs is False:
            raise ValueError("stair_rail: given, but stairs is false")
        return self

    def to_core(self) -> Home:
        return Home(space_to_exercise=self.space_to_exercise, floor_hazards=frozenset(self.floor_hazards),
                    stairs=self.stairs, stair_rail=self.stair_rail, sturdy_support=self.sturdy_support,
                    support_words=self.support_words, lives_alone=self.lives_alone,
                    fall_in_last_year=self.fall_in_last_year, gets_up_from_floor=self.gets_up_from_floor,
                    worn_equipment=frozenset(self.worn_equipment))


class IntakeIn(Wire):
    """Everything a program is planned from."""

    today: IsoDate
    person: PersonIn
    baseline: BaselineIn = Field(default_factory=BaselineIn)
    goals: Annotated[list[GoalIn], Field(min_length=1, max_length=5)]
    preferences: PreferencesIn
    constraints: ConstraintsIn = Field(default_factory=ConstraintsIn)
    strategy: Strategy | None = Field(None, description="leave out to let the planner choose and explain")
    home: HomeIn | None = Field(None, description="home and environment safety; leave out when not assessed")

    @model_validator(mode="after")
    def _consistent(self) -> IntakeIn:
        ids = [g.id for g in self.goals]
        for i, goal in enumerate(self.goals):
            if ids.count(goal.id) > 1:
                raise ValueError(f"goals[{i}].id: {goal.id!r} is used by more than one goal")
            if goal.target_date <= self.today:
                raise ValueError(f"goals[{i}].target_date: {goal.target_date} is not after today ({self.today})")
        for name, given in self.constraints.clearances.items():
            if given > self.today:
                raise ValueError(f"constraints.clearances.{name}: {given} is after today ({self.today})")
        clash = sorted(set(self.preferences.likes) & set(self.preferences.dislikes))
        if clash:
            raise ValueError(f"preferences.dislikes: {clash[0]!r} is also in likes")
        return self

    def to_core(self) -> Intake:
        b, p, c = self.baseline, self.preferences, self.constraints
        psycho = b.psychosocial
        return Intake(
            today=self.today,
            person=Person(self.person.age, tuple(self.person.pain_regions)),
            baseline=Baseline(
                tolerances=tuple(Tolerance(t.activity, t.dimension, tuple(t.measures)) for t in b.tolerances),
                performance=tuple(PerformanceTest(t.name, t.value, t.unit) for t in b.performance),
                usual_pain=b.usual_pain,
                resting_blood_pressure=(BloodPressure(b.resting_blood_pressure.systolic, b.resting_blood_pressure.diastolic)
                                        if b.resting_blood_pressure else None),
                psychosocial=Psychosocial(
                    start_back=psycho.start_back,
                    fear_avoidance_high=psycho.fear_avoidance == "high",
                    self_efficacy_low=psycho.self_efficacy == "low",
                    low_mood=psycho.low_mood,
                    feared_activities=tuple(psycho.feared_activities),
                ),
            ),
            goals=tuple(
                Goal(
                    id=g.id, words=g.words, icf=g.icf,
                    task=Task(g.task.description, g.task.target.to_core(), g.task.baseline.to_core(),
                              g.task.activity, g.task.pain_max_during),
                    priority=g.priority, target_date=g.target_date,
                    gas={int(k): v for k, v in g.gas.items()} if g.gas else None,
                )
                for g in self.goals
            ),
            preferences=Preferences(
                minutes_per_day=p.minutes_per_day, days_per_week=p.days_per_week,
                equipment=frozenset(p.equipment), lacks=frozenset(p.lacks), gym_access=p.gym_access,
                likes=frozenset(p.likes), dislikes=frozenset(p.dislikes), preferred_time=p.preferred_time,
            ),
            constraints=Constraints(
                job=Job(c.job.title, tuple(c.job.demands), c.job.shift) if c.job else None,
                caregiving=Caregiving(c.caregiving.who, c.caregiving.lifting) if c.caregiving else None,
                sleep_hours=c.sleep_hours,
                comorbidities=frozenset(c.comorbidities),
                cautions=frozenset(c.cautions),
                in_flare=c.in_flare,
                gestation_weeks=c.gestation_weeks,
                postpartum_weeks=c.postpartum_weeks,
                clearances=dict(c.clearances),
            ),
            strategy=self.strategy,
            home=self.home.to_core() if self.home is not None else None,
        )


def _measures(library: Library, activity: str) -> tuple[str, ...]:
    if activity in library.exercises:
        return library.exercises[activity].dimensions
    return (library.activities[activity].dimension,)


def library_problem(intake: IntakeIn, library: Library) -> str | None:
    """The first thing in the intake the library cannot honour, as 'field: problem', or None."""
    for i, t in enumerate(intake.baseline.tolerances):
        if not library.knows(t.activity):
            return f"baseline.tolerances[{i}].activity: {t.activity!r} is not in the library"
        if t.dimension not in _measures(library, t.activity):
            return f"baseline.tolerances[{i}].dimension: {t.activity} is not measured in {t.dimension}"
    for i, g in enumerate(intake.goals):
        activity = g.task.activity
        if activity is None:
            continue
        if not library.knows(activity):
            return f"goals[{i}].task.activity: {activity!r} is not in the library"
        dims = set(g.task.target.model_dump(exclude_none=True)) - {"level"}
        wrong = sorted(dims - set(_measures(library, activity)))
        if wrong:
            return f"goals[{i}].task.target.{wrong[0]}: {activity} is not measured in {wrong[0]}"
    # Likes and dislikes are the person's own words: never refused; the planner reads them as
    # library words where it can and keeps the rest as said (core.planning.preference_words).
    return None

