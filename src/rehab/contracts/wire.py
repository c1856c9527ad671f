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
    ValidationInfo,
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


NUL = "\x00"


def nul_at(value: Any, path: str = "") -> str | None:
    """The path of the first text holding a NUL character (``notes[2]``, ``dose.unit``), or None.
    PostgreSQL cannot store one in text or JSON (it answered 500), and no person types one."""
    if isinstance(value, str):
        return (path or "input") if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            key_path = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and NUL in key:
                return key_path
            found = nul_at(item, key_path)
            if found:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = nul_at(item, f"{path}[{index}]")
            if found:
                return found
    return None


# The validation context of records read back from the database (``validate_python(rows,
# context=STORED)``): no NUL can have been stored, so an input model used to read them back (a diary
# page of 100 entries) skips the walk, which had tripled that page's validation.
STORED: dict[str, bool] = {"stored": True}


class WireOut(BaseModel):
    """What the server says, read back from what it stored: unknown fields refused, and no walk
    for NUL characters (none can be stored; the walk would cost a page of decisions a quarter of
    its time)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Wire(WireOut):
    """What a client may send. Unknown fields are refused, and so is the NUL character in any text
    at any depth: this one check covers every text a client can send in a body (422 naming the
    field; rehab.web.deps.refuse_nul_characters does the same for path, query and form values)."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) and not (info.context or {}).get("stored"):
            found = nul_at(data)
            if found:
                raise ValueError(f"{found}: must not contain the NUL character (\\u0000)")
        return data


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
