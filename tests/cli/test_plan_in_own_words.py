"""``rehab plan`` takes likes and dislikes in the person's own words: read as library words where it
can be, kept as said where not, and never refused or dropped.

Margaret (the example intake) says she likes swimming and gardenning (sic) and would rather not do
running or squats. The library has no pool, so swimming is kept for her clinician to talk over.
"""

import json
from pathlib import Path

from typer.testing import CliRunner

from rehab.cli import app
from rehab.content.loader import packaged_library
from rehab.content.readability import grade
from rehab.contracts.program import ProgramOut

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
runner = CliRunner()


def margaret(likes, dislikes) -> dict:
    intake = json.loads((EXAMPLES / "margaret.json").read_text(encoding="utf-8"))
    intake["preferences"].update(likes=likes, dislikes=dislikes)
    return intake


def test_plain_words_are_read_as_library_words_and_the_rest_kept_as_said():
    from rehab.core.planning.preference_words import read_words  # here, so the other tests run on older code

    read = read_words(["Running", "squats", "gardenning", "swimming", "Cycling", "push-ups"], packaged_library())
    assert dict(read.read_as) == {"Running": "walk_jog_intervals", "squats": "bodyweight_squat",
                                  "gardenning": "gardening", "Cycling": "exercise_bike", "push-ups": "push_up"}
    assert read.kept == ("swimming",)


def test_a_plan_keeps_every_word_the_person_said_and_never_offers_what_they_dislike():
    result = runner.invoke(app, ["plan", "-"], input=json.dumps(margaret(["swimming", "gardenning"], ["running", "squats"])))
    assert result.exit_code == 0, result.stderr
    program = ProgramOut.model_validate_json(result.stdout)
    assert program.likes_kept == ["swimming"]
    assert program.words_read_as == {"gardenning": "gardening", "running": "walk_jog_intervals",
                                     "squats": "bodyweight_squat"}
    offered = {p.id for phase in program.phases for p in phase.prescriptions}
    assert "walk_jog_intervals" not in offered and "bodyweight_squat" not in offered
    said = [d for d in program.decisions if "swimming" in d]
    assert said == ["You said you like swimming. It is not one of the exercises here, so talk with your clinician "
                    "about how to fit it into your week."]
    assert all(grade(d) <= 8 for d in program.decisions if "You said" in d)
    assert any("Kept as said, not in the library (talk them over): likes swimming" in r for r in program.rationale)


def test_the_text_plan_shows_the_words_kept_as_said():
    result = runner.invoke(app, ["plan", "-", "--text"], input=json.dumps(margaret(["swimming"], ["yoga"])))
    assert result.exit_code == 0, result.stderr
    assert "You like: swimming" in result.stdout and "You would rather not: yoga" in result.stdout
