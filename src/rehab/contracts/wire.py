"""Wire primitives shared by every contract: strict numbers, ISO dates, doses, and the base model
that rejects unknown fields (a misspelt ``pain_durin`` must never be silently ignored)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
    model_validator,
)

from rehab.core.models import DIMENSIONS, Dose

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Every date that comes in lies between these. Nothing in a clinic's records happened before 1900,
# and nothing is planned after 2100; a date like 0001-01-01 or 9999-12-31 is a typo or an attack,
# and date arithmetic near the ends of the calendar overflows (one such diary entry once stopped
# every patient's check-ins: hazard H35). Records of what a patient did have tighter bounds, set by
# the services against the patient's enrolment and today (services/record_dates.py).
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        day = value
    elif not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f"must be a date written YYYY-MM-DD, got {value!r}")
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"is not a real calendar date: {value!r}") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"must be a date from {EARLIEST} to {LATEST}, got {day}")
    return day


IsoDate = Annotated[
    date, BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _ISO_DATE.pattern,
                    "description": f"YYYY-MM-DD, from {EARLIEST} to {LATEST}"}),
]
Score = Annotated[float, Strict(), Field(ge=0, le=10)]
Count = Annotated[int, Strict(), Field(ge=0)]
Amount = Annotated[float, Strict(), Field(ge=0)]
Flag = Annotated[bool, Strict()]
Dimension = Literal[DIMENSIONS]  # type: ignore[valid-type]


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DoseIn(Wire):
    """A dose: any of these dimensions; at least one."""

    sets: Count | None = Field(None, le=20)
    reps: Count | None = Field(None, le=1000)
    load_kg: Amount | None = Field(None, le=500)
    duration_s: Amount | None = Field(None, le=86_400, description="seconds")
    distance_m: Amount | None = Field(None, le=100_000, description="metres")
    steps: Count | None = Field(None, le=100_000)
    level: Count | None = Field(None, le=100, description="rung on the exercise's ladder")

    @model_validator(mode="after")
    def _not_empty(self) -> DoseIn:
        if all(getattr(self, d) is None for d in DIMENSIONS):
            raise ValueError(f"needs at least one of {', '.join(DIMENSIONS)}")
        return self

    def to_core(self) -> Dose:
        return Dose(**self.model_dump())


DoseOut = dict[Dimension, int | float]


def dose_out(dose: Dose) -> dict[str, int | float]:
    """A dose as JSON: whole numbers without a decimal point (1320, not 1320.0)."""
    return {d: int(v) if float(v).is_integer() else v for d, v in dose.items()}
