"""The schema every content file is validated against when it is loaded.

A content author gets a precise message (file, item, field) instead of a planner that quietly
misbehaves. Only the shape of one item is checked here; how items relate to each other (links that
resolve, ladders without cycles, coverage of every region) is the library check in
:mod:`rehab.content.check`.

Regression links may be left out: they are derived from the progression links, so the two can
never disagree. An item that states one is checked against the derived link.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from rehab.core.planning.goals import ICF_CATEGORIES
from rehab.core.planning.library import (
    CAUTIONS,
    EQUIPMENT,
    EXERCISE_DIMENSIONS,
    QUOTA_DIMENSIONS,
    Component,
    Region,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Line = Annotated[str, StringConstraints(min_length=3, max_length=240, strip_whitespace=True)]
Range = Annotated[list[float], Field(min_length=2, max_length=2)]
Position = Literal["standing", "sitting", "lying", "side_lying", "lying_face_down", "four_point", "kneeling", "walking"]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _one_of(vocabulary, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"unknown {what} {value!r}")
        return value

    return AfterValidator(check)


def _activity_domain(code: str) -> str:
    if not code.startswith("d"):
        raise ValueError(f"ICF code {code!r} is a body function; exercises transfer to activities (d codes)")
    return code


EquipmentName = Annotated[str, _one_of(EQUIPMENT, "equipment")]
CautionName = Annotated[str, _one_of(CAUTIONS, "caution")]
IcfCode = Annotated[str, _one_of(ICF_CATEGORIES, "ICF code")]
ActivityDomain = Annotated[IcfCode, AfterValidator(_activity_domain)]


# Required, with no default: an item without a ``cautions`` line has not been reviewed against the
# caution vocabulary, and the planner would hand it to everyone. ``[]`` is a reviewed answer.
CAUTIONS_REVIEWED = (
    "every caution in the vocabulary this item involves; required: an empty list means "
    "'reviewed against every caution, none applies'"
)


def _range_ok(name: str, pair: list[float]) -> None:
    low, high = pair
    if low < 0 or low > high:
        raise ValueError(f"{name}: range must be low <= high, both >= 0 (got {pair})")


class ExerciseItem(Item):
    id: Id
    name: Line
    regions: Annotated[list[Region], Field(min_length=1)]
    component: Component
    position: Position
    equipment: list[EquipmentName] = Field(default_factory=list, description="empty: needs nothing")
    difficulty: Annotated[int, Field(ge=1, le=5)]
    regression: Id | None = None
    progression: Id | None = None
    dose: dict[str, Range] = Field(description="usual starting range per dimension")
    time_per_set_s: Annotated[int, Field(ge=5, le=1800)]
    icf: Annotated[list[ActivityDomain], Field(min_length=1)]
    cautions: list[CautionName] = Field(description=CAUTIONS_REVIEWED)
    steps: Annotated[list[Line], Field(min_length=2, max_length=7)]
    cues: Annotated[list[Line], Field(min_length=1)]
    errors: Annotated[list[Line], Field(min_length=1)]
    load_in_each: Literal["bag", "hand"] | None = Field(
        None, description="the load is shared equally between two bags (or hands): said as 'N kg in each bag'; "
                          "load_kg stays the total")
    hands_on_support: bool = Field(
        False, description="both hands rest on a wall, table or counter the whole time: the position is the "
                           "support, so the plan adds no 'hold a counter with one hand' line")

    @model_validator(mode="after")
    def _dose(self) -> ExerciseItem:
        for name, pair in self.dose.items():
            if name not in EXERCISE_DIMENSIONS:
                raise ValueError(f"dose.{name}: not a dose dimension ({', '.join(EXERCISE_DIMENSIONS)})")
            _range_ok(f"dose.{name}", pair)
        if "sets" not in self.dose:
            raise ValueError("dose: needs a sets range")
        if not any(d in self.dose for d in QUOTA_DIMENSIONS):
            raise ValueError("dose: needs reps, duration_s, distance_m or steps")
        if self.progression == self.id or (self.regression is not None and self.regression == self.id):
            raise ValueError("a link points to the exercise itself")
        if self.load_in_each is not None and "load_kg" not in self.dose:
            raise ValueError("load_in_each: needs a load_kg range to share")
        return self


class ActivityItem(Item):
    id: Id
    name: Line
    icf: Annotated[list[ActivityDomain], Field(min_length=1)]
    regions: Annotated[list[Region], Field(min_length=1)]
    dimension: Literal["duration_s", "distance_m", "steps", "reps"]
    usual_start: Range
    how: Line
    tips: Annotated[list[Line], Field(min_length=1)]
    equipment: list[EquipmentName] = Field(default_factory=list)
    cautions: list[CautionName] = Field(description=CAUTIONS_REVIEWED)
    per_week: Annotated[int, Field(ge=1, le=7)] = 7

    @model_validator(mode="after")
    def _start(self) -> ActivityItem:
        _range_ok("usual_start", self.usual_start)
        return self


Paragraph = Annotated[str, StringConstraints(min_length=20, max_length=900, strip_whitespace=True)]


Finding = Literal["fear_avoidance", "high_risk", "low_self_efficacy", "sleep", "mood", "work", "flare"]


class EducationItem(Item):
    id: Id
    title: Line
    summary: Line
    minutes: Annotated[int, Field(ge=1, le=30)]
    phase: Literal["foundation", "build", "function", "maintenance"]
    order: Annotated[int, Field(ge=1, le=99)]
    priority_for: list[Finding] = Field(default_factory=list)
    only_if: list[Finding] = Field(default_factory=list)
    body: Annotated[list[Paragraph], Field(min_length=2)]
    try_this: Annotated[list[Line], Field(min_length=1)]
