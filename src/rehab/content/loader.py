"""Reading the content files into a :class:`rehab.core.library.Library`.

This is the adapter between data files and the pure core: it reads YAML, validates every item
against :mod:`rehab.content.schema`, derives regression links from progression links and hands back
plain values. A broken file fails loudly with the file, the item and the field.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from rehab.content.schema import ActivityItem, EducationItem, ExerciseItem
from rehab.contracts.errors import first_error
from rehab.core.planning.library import (
    DailyActivity,
    DoseRange,
    EducationModule,
    Exercise,
    Library,
    Region,
)

DATA = resources.files("rehab.content") / "data"


# libyaml's C loader parses the library several times faster than the pure-Python one (every server, worker,
# CLI and test process loads it); both are the safe loader, so the data read is the same.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A content file that does not match the schema, or links that contradict each other."""


def _items(path: Path, model: type[BaseModel]) -> list:
    """Every item of a file holding a list of items, or the one item of a file holding a mapping."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise ContentError(f"{path.name}: must be a list of items or one item")
    items = []
    for index, entry in enumerate(raw):
        try:
            items.append(model.model_validate(entry))
        except ValidationError as error:
            label = entry.get("id", f"item {index}") if isinstance(entry, dict) else f"item {index}"
            raise ContentError(f"{path.name}: {label}: {first_error(error)}") from None
    return items


def _exercise(item: ExerciseItem, regression: str | None) -> Exercise:
    return Exercise(
        id=item.id,
        name=item.name,
        regions=tuple(item.regions),
        component=item.component,
        position=item.position,
        equipment=frozenset(item.equipment),
        difficulty=item.difficulty,
        dose=tuple(DoseRange(d, low, high) for d, (low, high) in item.dose.items()),
        time_per_set_s=item.time_per_set_s,
        icf=tuple(item.icf),
        cautions=frozenset(item.cautions),
        steps=tuple(item.steps),
        cues=tuple(item.cues),
        errors=tuple(item.errors),
        regression=regression,
        progression=item.progression,
        load_in_each=item.load_in_each,
        hands_on_support=item.hands_on_support,
    )


def exercises_from(items: list[ExerciseItem]) -> dict[str, Exercise]:
    """Exercises with regression links derived from progression links (checked where stated)."""
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContentError(f"exercise ids used twice: {', '.join(duplicates)}")
    below: dict[str, str] = {}
    for item in items:
        if item.progression is not None:
            if item.progression in below:
                raise ContentError(
                    f"{item.progression}: is the progression of both {below[item.progression]} and {item.id}"
                )
            below[item.progression] = item.id
    for item in items:
        if item.regression is not None and below.get(item.id) != item.regression:
            raise ContentError(f"{item.id}: regression {item.regression} does not list it as its progression")
    return {item.id: _exercise(item, below.get(item.id)) for item in items}


def _activity(item: ActivityItem) -> DailyActivity:
    low, high = item.usual_start
    return DailyActivity(
        id=item.id,
        name=item.name,
        icf=tuple(item.icf),
        regions=tuple(Region(r) for r in item.regions),
        dimension=item.dimension,
        usual_start=DoseRange(item.dimension, low, high),
        how=item.how,
        tips=tuple(item.tips),
        equipment=frozenset(item.equipment),
        cautions=frozenset(item.cautions),
        per_week=item.per_week,
    )


def _module(item: EducationItem) -> EducationModule:
    return EducationModule(
        id=item.id,
        title=item.title,
        summary=item.summary,
        minutes=item.minutes,
        phase=item.phase,
        order=item.order,
        body=tuple(item.body),
        try_this=tuple(item.try_this),
        priority_for=frozenset(item.priority_for),
        only_if=frozenset(item.only_if),
    )


def load_library(root: Path | None = None) -> Library:
    """Load and validate every content file under ``root`` (the packaged data by default)."""
    base = Path(str(root if root is not None else DATA))
    exercise_items = [i for f in sorted((base / "exercises").glob("*.yaml")) for i in _items(f, ExerciseItem)]
    activities = [_activity(i) for i in _items(base / "activities.yaml", ActivityItem)]
    modules = [_module(i) for f in sorted((base / "education").glob("*.yaml")) for i in _items(f, EducationItem)]
    exercises = exercises_from(exercise_items)
    clash = sorted(set(exercises) & {a.id for a in activities})
    if clash:
        raise ContentError(f"ids used by both an exercise and a daily activity: {', '.join(clash)}")
    return Library(
        exercises=exercises,
        activities={a.id: a for a in activities},
        education={m.id: m for m in sorted(modules, key=lambda m: m.order)},
    )


@cache
def packaged_library() -> Library:
    """The library shipped with rehab, loaded once per process."""
    return load_library()
