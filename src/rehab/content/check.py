"""The library check: how the items fit together, beyond the shape of each one.

Every link resolves and the two directions agree, no ladder loops back on itself, each ladder keeps
one purpose (component and main region) and gets harder as it climbs, every exercise can be dosed
and coached and transfers to at least one ICF activity domain, every region offers a ladder for each
training component, education stays at reading grade 8 or below, and no exercise or daily activity
describes a movement in the caution vocabulary without carrying its tag (the planner filters on
tags alone, so an untagged floor transfer reaches a person after a hip replacement).
``rehab library check`` prints the problems; the test suite fails on any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rehab.content.readability import grade
from rehab.core.planning.library import (
    BALANCED_COMPONENTS,
    CAUTIONS,
    QUOTA_DIMENSIONS,
    Component,
    DailyActivity,
    Exercise,
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


@dataclass(frozen=True, slots=True)
class CautionWords:
    """Words in an item's name or steps that mean it involves a caution.

    ``pattern`` is a regular expression (matched case-insensitively). ``needs`` must also be found
    somewhere in the text for the words to count (overhead work matters only with a weight in the
    hand); ``unless`` found anywhere in the text means the words are answered (standing on one leg
    next to a chair or wall is supported balance).
    """

    pattern: str
    needs: str | None = None
    unless: str | None = None


_LOAD = r"\b(?:weights?|dumbbells?|kettlebells?|bottles?|box|bags?|tins|barbell)\b"
# Things held in the hand: a bag or box, kit, or "a weight" (not the body's own weight).
_HELD = r"\b(?:dumbbells?|kettlebells?|bottles?|box|bags?|tins)\b|\b(?:a|the|light|small|heavy) weights?\b"
# Walking or turning the body round (not a forearm turning against a band).
_ON_THE_MOVE = r"\bwalk|\bturn\w* (?:with|by) (?:small )?step|\bcarr(?:y|ies|ied)\b"
_SUPPORT = r"\b(?:chair|wall|counter|rail|table)\b|\bholding (?:on|the|a)\b"

# Plain words that mean a caution, as content authors write them. The check is a net for the usual
# phrasings, not a parser: a new exercise must still be reviewed against every caution by a person
# (the schema makes that review explicit: ``cautions`` is required).
CAUTION_WORDS: dict[str, tuple[CautionWords, ...]] = {
    "loaded_end_range_flexion": (
        CautionWords(r"\bdig(?:ging)?\b|\bshovel"),
        CautionWords(r"\bend of (?:the|its|your) range|\bend-? range\b|\bbend\w* (?:fully|all the way)|\bround\w* your back",
                     needs=_LOAD),
    ),
    "loaded_twisting": (
        CautionWords(r"\bdig(?:ging)?\b|\bshovel|\bwood ?chop"),
        CautionWords(r"\b(?:twist|rotat)\w*", needs=_LOAD, unless=r"\b(?:not by|without) twisting"),
    ),
    "high_impact": (CautionWords(r"\b(?:jump|hop|jog|run|skip)(?:s|ped|ping|ning|ged|ging|ed|ing)?\b"),),
    "unsupported_balance": (
        CautionWords(r"\bstand(?:ing)? on one leg\b|\bbalance on one\b|\bwithout holding on\b|\blet go of\b",
                     unless=_SUPPORT),
        CautionWords(r"\bheel-to-toe walk|\bheel of one foot right in front\b"),
        CautionWords(r"\bwalk\w*\b[^.]{0,30}\bon (?:your )?(?:heels|toes)\b|\b(?:heel|toe) walk"),
        CautionWords(r"\b(?:grass|gravel|uneven ground)\b"),
        CautionWords(r"\bstop suddenly\b"),
    ),
    "floor_work": (
        CautionWords(r"\bhands and knees\b|\ball fours\b|\bplank\b|\bon a mat\b"),
        CautionWords(r"\bdown to the floor and (?:back )?up\b|\bget(?:ting)? down (?:to|on) the floor\b"),
        CautionWords(r"\b(?:sit|sitting|lie|lying|play|playing)\b[^.]{0,20}\bon the floor\b"),
        CautionWords(r"\bhands? on the floor\b|\bforward on the floor\b"),
        # A knee put down on the floor (on a towel or a mat) is half-way to the floor, and getting
        # up from it is the same push up from the ground (reviewer's finding: half-kneeling).
        CautionWords(r"\bkneel\w*\b[^.]{0,40}\b(?:towel|floor|mat)\b|\bknees? onto\b"),
    ),
    "kneeling": (
        CautionWords(r"\bkneel|\bhands and knees\b|\ball fours\b|\bknees? onto\b|\bon (?:the|your|one|both) knees?\b"),
    ),
    "heavy_straining": (
        CautionWords(r"\bbarbell\b|\bdeadlift|\bas heavy as\b|\bmaximum (?:weight|effort)\b|\bloaded box\b"),
    ),
    "deep_hip_flexion": (
        CautionWords(r"\bdown to the floor and (?:back )?up\b|\bget(?:ting)? down (?:to|on) the floor\b"),
        CautionWords(r"\b(?:sit|sitting|play|playing)\b[^.]{0,20}\bon the floor\b"),
        CautionWords(r"\bas low as\b|\bsquat(?:ting)? deep|\bdeep squat|\bback squat\b"),
        CautionWords(r"\bknee to chest\b|\b(?:knee|leg|it|thigh)\b[^.]{0,40}\b(?:to|toward) your chest\b"),
        CautionWords(r"\bcross one ankle over the other knee\b|\breach down to (?:touch )?your foot\b"),
        CautionWords(r"\bback toward your (?:heels|knees)\b|\blow stool\b"),
        CautionWords(r"\b(?:from|to)\b[^.]{0,20}\bthe floor\b|\bfloor to\b|\bbetween your feet\b"
                     r"|\b(?:box|bag|kettlebell)\b[^.]{0,20}\bon the floor\b", needs=_HELD),
    ),
    "overhead_loading": (
        CautionWords(r"\boverhead\b|\babove (?:your )?head\b|\bover your head\b|\bhead height\b", needs=_LOAD),
    ),
    "wrist_weight_bearing": (
        CautionWords(r"\bhands and knees\b|\ball fours\b|\bpush-?ups?\b|\bplank on your hands\b"),
        CautionWords(r"\bweight\b[^.]{0,30}\b(?:onto|over|through) (?:your|the|both) hands?\b"),
        CautionWords(r"\bhands?\b(?: flat)? on (?:a|the) (?:table|counter|seat|floor)\b|\blean\w* on (?:a|the) \w+ with\b"),
    ),
    "rapid_head_movement": (
        CautionWords(r"\b(?:quick|fast|rapid)\w*\b[^.]{0,20}\bhead\b|\bhead\b[^.]{0,20}\b(?:quick|fast|rapid)"
                     r"|\bhead (?:\w+ )?(?:from )?side to side\b"),
        CautionWords(r"\bwalk\w* with head turns\b|\bevery few steps, turn your head\b"),
    ),
    "interval_bursts": (CautionWords(r"\binterval|\bbursts?\b|\bsprint|\bharder for (?:one|two|a|\d+)\b"),),
    "neck_rotation": (
        CautionWords(r"\bover (?:your|one|each) shoulder\b|\blook behind you\b|\bturn your head (?:fully|as far)"),
        # The head turns with the eyes when they follow a moving hand (reviewer's finding 5: open book).
        CautionWords(r"\bfollow\w*\b[^.]{0,40}\bwith your eyes\b|\b(?:look at|watch) your hand\b"
                     r"|\b(?:head|eyes)\b[^.]{0,15}\bfollow\b"),
    ),
    "gaze_stability": (
        CautionWords(r"\beyes on (?:a|the) (?:target|letter)\b|\bkeeping (?:your )?eyes on\b|\bkeeping it clear\b"),
    ),
    "prone_lying": (CautionWords(r"\bface down\b|\bon your (?:front|stomach|belly|tummy)\b"),),
    "supine_lying": (CautionWords(r"\b(?:lie|lying|lies)\b[^.]{0,10}\bon your back\b"),),
    "abdominal_end_range": (
        CautionWords(r"\bcurl-?ups?\b|\bsit-?ups?\b|\bcrunch|\blift your head and shoulders\b"),
    ),
    "both_hands_full": (
        # A load in each hand, or a box (held in both), while walking or turning.
        CautionWords(r"\b(?:in|one in) each hand\b|\bboth hands\b|\btwo (?:bags|dumbbells|kettlebells)\b",
                     needs=_ON_THE_MOVE),
        CautionWords(r"\bbox\b", needs=_ON_THE_MOVE),
    ),
    "single_leg_stance": (
        CautionWords(r"\b(?:stand|standing|balance|bend)\w*\b[^.]{0,20}\bon one leg\b|\blong step\b|\ba step in front of the other\b"),
    ),
    "grip_loading": (
        CautionWords(r"\bcarry|\bcarrie"),
        CautionWords(r"\b(?:hold|holding|grip)\b[^.]{0,25}(?:" + _HELD + ")"),
    ),
}

# What a position or a piece of kit always involves, whatever the words say.
POSITION_CAUTIONS: dict[str, frozenset[str]] = {
    "lying": frozenset({"supine_lying"}),
    "lying_face_down": frozenset({"prone_lying"}),
    "four_point": frozenset({"floor_work", "wrist_weight_bearing"}),  # on the knees, or the toes
    # A knee on the floor: getting down to it and up again is floor work (hazard H46).
    "kneeling": frozenset({"kneeling", "floor_work"}),
}
# Loads held in the hand (a barbell sits on the back; a band is not a weight).
HELD_LOADS = frozenset({"dumbbell", "kettlebell", "bag", "box", "bottle", "cable_machine"})


def words_for(caution: str, text: str) -> str | None:
    """The words in ``text`` that mean ``caution``, or None."""
    for words in CAUTION_WORDS.get(caution, ()):
        found = re.search(words.pattern, text, re.I)
        if found is None:
            continue
        if words.needs is not None and not re.search(words.needs, text, re.I):
            continue
        if words.unless is not None and re.search(words.unless, text, re.I):
            continue
        return found.group(0)
    return None


def _implied(item: Exercise | DailyActivity) -> dict[str, str]:
    """Each caution the item's words, position or kit imply, with what implies it (the words first:
    they are what an author reads back)."""
    if isinstance(item, Exercise):
        text = " ".join((item.name, *item.steps))
    else:
        text = " ".join((item.name, item.how, *item.tips))
    implied = {}
    for caution in CAUTIONS:
        word = words_for(caution, text)
        if word is not None:
            implied[caution] = repr(word.lower())
    if isinstance(item, Exercise):
        for caution in POSITION_CAUTIONS.get(item.position, ()):
            implied.setdefault(caution, f"position {item.position}")
        if item.component is Component.BALANCE and item.position == "walking":
            implied.setdefault("unsupported_balance", "balance work while walking")
        if "mat" in item.equipment:
            implied.setdefault("floor_work", "equipment mat")
        held = sorted(item.equipment & HELD_LOADS)
        if held and "load_kg" in item.dimensions:
            implied.setdefault("grip_loading", f"a {held[0].replace('_', ' ')} with a load in kg")
    return implied


def caution_tag_problems(library: Library) -> list[str]:
    """Items whose own words, position or kit show a caution they are not tagged with.

    The planner leaves an exercise out only by its tags; an untagged "hands and knees" would be
    given to a person with hand arthritis and the plan would still say the caution was respected.
    """
    problems = []
    items = [*library.exercises.values(), *library.activities.values()]
    for item in items:
        for caution, evidence in sorted(_implied(item).items()):
            if caution not in item.cautions:
                problems.append(f"{item.id}: says {evidence} but is not tagged {caution} ({CAUTIONS[caution]})")
    return problems


def problems(library: Library) -> list[str]:
    """Every problem found, or an empty list for a sound library."""
    return [
        *link_problems(library),
        *cycle_problems(library),
        *exercise_problems(library),
        *ladder_problems(library),
        *coverage_problems(library),
        *activity_problems(library),
        *caution_tag_problems(library),
        *education_problems(library),
    ]
