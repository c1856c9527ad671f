"""Every date that comes in through a contract is a plausible one.

A diary entry dated 0001-01-01 was once accepted (201), and from then on the check-in worker failed
every round for every clinic (hazard H35). The check is a class, not an instance: this walks every
wire model in ``rehab.contracts`` that a request, a form or a CLI file can fill (all but the
``...Out`` answers) and tries the ends of the calendar on each of its date fields, wherever they
sit (optional, in a list, as a dictionary's values).
"""

from __future__ import annotations

import importlib
import pkgutil
import typing
from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

import rehab.contracts
from rehab.contracts.wire import EARLIEST, LATEST


def _holds_a_date(annotation) -> bool:
    return annotation is date or any(_holds_a_date(arg) for arg in typing.get_args(annotation))


def _shaped(annotation, day: str):
    """``day`` placed where the annotation wants a date: in a list, as a dictionary's value, or as is."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shaped(typing.get_args(annotation)[0], day)
    if origin in (list, tuple, set, frozenset):
        return [day]
    if origin is dict:
        keys = typing.get_args(typing.get_args(annotation)[0])
        return {keys[0] if keys else "key": day}
    if origin in (typing.Union, type(int | None)):
        inner = next(arg for arg in typing.get_args(annotation) if _holds_a_date(arg))
        return _shaped(inner, day)
    return day


def incoming_date_fields() -> list[tuple[type[BaseModel], str]]:
    found = []
    for module_info in pkgutil.iter_modules(rehab.contracts.__path__):
        module = importlib.import_module(f"rehab.contracts.{module_info.name}")
        for name, model in vars(module).items():
            if not (isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == module.__name__):
                continue
            if name.endswith("Out"):
                continue  # what the server answers, from records already checked on the way in
            found += [(model, field) for field, info in model.model_fields.items() if _holds_a_date(info.annotation)]
    return found


FIELDS = incoming_date_fields()


def test_the_walk_finds_the_dates_of_every_kind_of_record():
    named = {f"{model.__name__}.{field}" for model, field in FIELDS}
    assert {"DiaryEntryIn.date", "SessionLogIn.date", "FlareIn.date", "PatientIn.enrolled_on",
            "RedFlagScreeningIn.taken_on", "AssessmentIn.taken_on", "ReassessmentIn.taken_on",
            "DischargeIn.discharged_on", "GoalIn.target_date", "GoalUpdate.target_date", "RebaselineIn.first",
            "CheckInRequest.today", "ConstraintsIn.clearances"} <= named
    assert len(FIELDS) >= 25


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f in FIELDS])
def test_a_date_at_the_ends_of_the_calendar_is_refused_naming_the_field_and_the_range(model, field, day):
    with pytest.raises(ValidationError) as refused:
        model.model_validate({field: _shaped(model.model_fields[field].annotation, day)})
    about_the_date = [e for e in refused.value.errors() if e["loc"][:1] == (field,) and "from 1900-01-01" in e["msg"]]
    assert about_the_date, refused.value.errors()
    assert about_the_date[0]["msg"].endswith(f"must be a date from {EARLIEST} to {LATEST}, got {day}")


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f in FIELDS])
def test_the_first_and_last_days_of_the_range_are_accepted(model, field):
    for day in (EARLIEST.isoformat(), LATEST.isoformat()):
        try:
            model.model_validate({field: _shaped(model.model_fields[field].annotation, day)})
        except ValidationError as error:
            assert not [e for e in error.errors() if e["loc"][:1] == (field,) and e["type"] == "value_error"
                        and "must be a date" in e["msg"]], error.errors()
