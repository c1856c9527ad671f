"""Broken content fails loudly at load, naming the file, the item and the field; the library check
catches what no single item can show."""

from pathlib import Path

import pytest
import yaml

from rehab.content.check import problems
from rehab.content.loader import ContentError, exercises_from, load_library
from rehab.content.schema import ExerciseItem
from rehab.core.planning.library import Library

GOOD = {
    "id": "wall_push_up",
    "name": "Wall push-up",
    "regions": ["shoulder"],
    "component": "resistance",
    "position": "standing",
    "equipment": ["wall"],
    "difficulty": 1,
    "dose": {"sets": [1, 3], "reps": [6, 12]},
    "time_per_set_s": 40,
    "icf": ["d445"],
    "cautions": ["wrist_weight_bearing"],
    "steps": ["Stand facing a wall.", "Bend and push back."],
    "cues": ["Body straight."],
    "errors": ["Sagging hips."],
}


def item(**changes):
    return {**GOOD, **changes}


def write_library(root: Path, exercises: list[dict]) -> Path:
    (root / "exercises").mkdir(parents=True)
    (root / "education").mkdir()
    (root / "exercises" / "test.yaml").write_text(yaml.safe_dump(exercises), encoding="utf-8")
    (root / "activities.yaml").write_text("[]", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"equipment": ["trampoline"]}, "equipment"),
        ({"cues": []}, "cues"),
        ({"icf": []}, "icf"),
        ({"icf": ["b280"]}, "icf"),
        ({"dose": {"reps": [6, 12]}}, "sets"),
        ({"dose": {"sets": [1, 3]}}, "reps"),
        ({"dose": {"sets": [3, 1], "reps": [6, 12]}}, "dose.sets"),
        ({"dose": {"sets": [1, 3], "furlongs": [1, 2]}}, "furlongs"),
        ({"cautions": ["juggling"]}, "cautions"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_broken_exercise_is_refused_with_its_file_id_and_field(tmp_path, changes, field):
    root = write_library(tmp_path, [item(**changes)])
    with pytest.raises(ContentError) as error:
        load_library(root)
    message = str(error.value)
    assert message.startswith("test.yaml: wall_push_up: ") and field in message


def test_an_exercise_never_reviewed_against_the_cautions_is_refused(tmp_path):
    """No ``cautions`` line means nobody checked it: it would reach every patient unfiltered."""
    unreviewed = {key: value for key, value in item().items() if key != "cautions"}
    with pytest.raises(ContentError) as error:
        load_library(write_library(tmp_path, [unreviewed]))
    assert str(error.value).startswith("test.yaml: wall_push_up: ") and "cautions" in str(error.value)


def test_an_empty_cautions_list_is_a_reviewed_answer(tmp_path):
    library = load_library(write_library(tmp_path, [item(cautions=[])]))
    assert library.exercises["wall_push_up"].cautions == frozenset()


def test_two_exercises_cannot_progress_to_the_same_one():
    items = [ExerciseItem.model_validate(item(id=i, progression="c")) for i in ("a", "b")]
    with pytest.raises(ContentError, match="progression of both a and b"):
        exercises_from([*items, ExerciseItem.model_validate(item(id="c"))])


def test_a_stated_regression_must_match_the_progression_links():
    items = [ExerciseItem.model_validate(item(id="a", progression="b")),
             ExerciseItem.model_validate(item(id="b", regression="c"))]
    with pytest.raises(ContentError, match="regression c"):
        exercises_from(items)


def test_the_check_reports_a_link_to_nowhere():
    exercises = exercises_from([ExerciseItem.model_validate(item(id="a", progression="missing"))])
    assert any("progression missing is not in the library" in p for p in problems(Library(exercises)))


def test_the_check_reports_a_ladder_that_loops_back():
    exercises = exercises_from([
        ExerciseItem.model_validate(item(id="a", progression="b")),
        ExerciseItem.model_validate(item(id="b", progression="a")),
    ])
    assert any("loops back" in p for p in problems(Library(exercises)))


def test_the_check_reports_regions_missing_a_component_and_missing_education():
    exercises = exercises_from([ExerciseItem.model_validate(item())])
    found = problems(Library(exercises))
    assert "knee: has no balance ladder" in found
    assert "education: pacing is missing" in found


def test_the_check_reports_a_ladder_that_gets_easier_or_changes_purpose():
    exercises = exercises_from([
        ExerciseItem.model_validate(item(id="a", difficulty=3, progression="b")),
        ExerciseItem.model_validate(item(id="b", difficulty=2, component="mobility")),
    ])
    found = problems(Library(exercises))
    assert any("b: is easier than a" in p for p in found)
    assert any("b: changes component" in p for p in found)


def test_the_check_reports_a_cue_split_on_its_comma_by_a_yaml_flow_list():
    written = yaml.safe_load("cues: [Touch, don't sit., Chest up.]")["cues"]  # three items, not two
    exercises = exercises_from([ExerciseItem.model_validate(item(cues=written))])
    assert any("cue \"don't sit.\" does not start with a capital" in p for p in problems(Library(exercises)))
