"""A person's likes and dislikes in their own words, read against the library.

People say "running", "squats" or "swimming", not ``walk_jog_intervals`` or ``bodyweight_squat``.
Each word is read as a library word where it can be (the word itself, a common synonym, a plural,
or a close spelling of an exercise's id or name); the rest is kept as said, so the plan shows it and
the clinician can talk it over. A person's words are never refused and never dropped.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rehab.core.planning.library import Library
from rehab.core.planning.selection import vocabulary

# Everyday words for things the library has under another name. A word with no fair match (such
# as swimming: the library has no pool exercise) is left out here and kept as said.
SYNONYMS = {
    "running": "walk_jog_intervals", "jogging": "walk_jog_intervals", "run": "walk_jog_intervals",
    "jog": "walk_jog_intervals", "cycling": "exercise_bike", "biking": "exercise_bike", "bike": "exercise_bike",
    "bicycle": "exercise_bike", "spinning": "exercise_bike", "walk": "walking", "walks": "walking",
    "hiking": "hill_walk", "stretching": "mobility", "stretches": "mobility", "weights": "dumbbell",
    "weight_training": "dumbbell", "strength_training": "resistance",
    "squats": "bodyweight_squat", "squat": "bodyweight_squat", "push_ups": "push_up", "pushups": "push_up",
    "lunges": "split_stance_hold", "lunge": "split_stance_hold",
    "floor": "floor_work", "floor_exercises": "floor_work", "on_the_floor": "floor_work", "lying_down": "lying",
    "kneel": "kneeling",
    "climbing_stairs": "stairs", "stair_climbing": "stairs", "garden": "gardening",
    "shopping": "carrying", "cleaning": "housework", "chores": "housework", "computer": "screen_work",
    "desk_work": "screen_work", "bands": "band", "resistance_band": "band", "dumbbells": "dumbbell",
    "kettlebells": "kettlebell", "machines": "gym", "gym_machines": "gym", "cardio": "aerobic",
}
# How close a spelling must be to an id or a name to be read as it (difflib's ratio).
CLOSE_ENOUGH = 0.85


@dataclass(frozen=True, slots=True)
class ReadWords:
    """What a list of the person's words was read as."""

    library_words: tuple[str, ...]  # the words the planner uses, each once
    read_as: tuple[tuple[str, str], ...]  # (as said, library word) where they differ
    kept: tuple[str, ...]  # words with no match in the library, as said


def read_words(said: tuple[str, ...] | frozenset[str] | list[str], library: Library) -> ReadWords:
    """Each word as a library word where it can be, the rest kept as said (sorted, for a stable plan)."""
    words = vocabulary(library)
    names = _names(library)
    found: list[str] = []
    read_as: list[tuple[str, str]] = []
    kept: list[str] = []
    for original in sorted({w.strip() for w in said if w.strip()}):
        word = _library_word(original, words, names)
        if word is None:
            kept.append(original)
            continue
        if word not in found:
            found.append(word)
        if word != original:
            read_as.append((original, word))
    return ReadWords(tuple(found), tuple(read_as), tuple(kept))


def _library_word(said: str, words: frozenset[str], names: dict[str, str]) -> str | None:
    key = "_".join(said.lower().replace("-", " ").split())
    for candidate in (key, key.removesuffix("s"), key.removesuffix("es")):
        if candidate in words:
            return candidate
        if candidate in SYNONYMS and SYNONYMS[candidate] in words:
            return SYNONYMS[candidate]
        if candidate in names:
            return names[candidate]
    close = difflib.get_close_matches(key, [*words, *names], n=1, cutoff=CLOSE_ENOUGH)
    if close:
        return names.get(close[0], close[0])
    return None


def _names(library: Library) -> dict[str, str]:
    """Each exercise's and activity's name, as a key like the words are made into, to its id."""
    out = {}
    for item in (*library.exercises.values(), *library.activities.values()):
        out["_".join(item.name.lower().replace("-", " ").split())] = item.id
    return out
