"""The library check: how the items fit together, beyond the shape of each one.

Every link resolves and the two directions agree, no ladder loops back on itself, each ladder keeps
one purpose (component and main region) and gets harder as it climbs, every exercise can be dosed
and coached and transfers to at least one ICF activity domain, every region offers a ladder for each
training component, and education stays at reading grade 8 or below. ``rehab library check`` prints
the problems; the test suite fails on any.
"""

from __future__ import annotations

from rehab.content.readability import grade
from rehab.core.planning.library import (
    BALANCED_COMPONENTS,
    QUOTA_DIMENSIONS,
    Component,
    Library,
    Region,
)

# Plain-language limit for patient texts (see rehab.content.readability).
MAX_READING_GRADE = 8.0

# The education every program may draw on (issue 4's list of topics).
REQUIRED_EDUCATION = (
    "how_pain_works", "pacing", "flare_plan", "sleep", "stress_and_mood", "active_at_work",
    "when_to_seek_help", "setting_goals", "recovery", "keeping_it_going",
)


def link_problems(library: Library) -> list[str]:
    problems = []
    for exercise in library.exercises.values():
        for kind in ("progression", "regression"):
            target = getattr(exercise, kind)
            if target is not None and target not in library.exercises:
                problems.append(f"{exercise.id}: {kind} {target} is not in the library")
        up = library.exercises.get(exercise.progression or "")
        if up is not None and up.regression != exercise.id:
            problems.append(f"{exercise.id}: progresses to {up.id}, whose regression is {up.regression}")
    return problems


def cycle_problems(library: Library) -> list[str]:
    problems = []
    for start in library.exercises:
        seen = [start]
        current = library.exercises[start].progression
        while current in library.exercises:
            if current in seen:
                if current == start:
                    problems.append(f"{start}: its ladder loops back: {' -> '.join([*seen, current])}")
                break
            seen.append(current)
            current = library.exercises[current].progression
    return problems


def exercise_problems(library: Library) -> list[str]:
    problems = []
    for e in library.exercises.values():
        if not any(d in QUOTA_DIMENSIONS for d in e.dimensions) or "sets" not in e.dimensions:
            problems.append(f"{e.id}: dose needs sets and one of {', '.join(QUOTA_DIMENSIONS)}")
        if not e.cues:
            problems.append(f"{e.id}: has no cues")
        if not any(code.startswith("d") for code in e.icf):
            problems.append(f"{e.id}: transfers to no ICF activity domain")
        # A phrase with a comma in a YAML flow list ([Touch, don't sit.]) silently becomes two
        # items; each piece a patient reads must start as a sentence does.
        for kind, items in (("cue", e.cues), ("step", e.steps), ("common error", e.errors)):
            problems += [f"{e.id}: {kind} {item!r} does not start with a capital: quote the whole phrase"
                         for item in items if not item[:1].isupper()]
    return problems


def ladder_problems(library: Library) -> list[str]:
    problems = []
    for ladder in library.ladders():
        for lower, upper in zip(ladder.rungs, ladder.rungs[1:]):
            if (upper.component, upper.region) != (lower.component, lower.region):
                problems.append(f"{upper.id}: changes component or main region from {lower.id} on the same ladder")
            if upper.difficulty < lower.difficulty:
                problems.append(f"{upper.id}: is easier than {lower.id}, the rung below it")
    return problems


def coverage_problems(library: Library) -> list[str]:
    offered = {(ladder.region, ladder.component) for ladder in library.ladders()}
    wanted = [(region, component) for region in Region for component in BALANCED_COMPONENTS]
    wanted.append((Region.WHOLE_BODY, Component.AEROBIC))
    return [f"{region}: has no {component} ladder" for region, component in wanted if (region, component) not in offered]


def education_problems(library: Library) -> list[str]:
    problems = [f"education: {m} is missing" for m in REQUIRED_EDUCATION if m not in library.education]
    for module in library.education.values():
        level = grade(module.text)
        if level > MAX_READING_GRADE:
            problems.append(f"{module.id}: reading grade {level} is above {MAX_READING_GRADE:g}")
    return problems


def activity_problems(library: Library) -> list[str]:
    return [
        f"{a.id}: usual start {a.usual_start.low:g}-{a.usual_start.high:g} is not a range"
        for a in library.activities.values()
        if a.usual_start.low > a.usual_start.high
    ]


def problems(library: Library) -> list[str]:
    """Every problem found, or an empty list for a sound library."""
    return [
        *link_problems(library),
        *cycle_problems(library),
        *exercise_problems(library),
        *ladder_problems(library),
        *coverage_problems(library),
        *activity_problems(library),
        *education_problems(library),
    ]
