"""docs/planning.md cannot drift from the code: its schema is the generated one, its example plans,
and every intake field it has is described."""

import json
import re
from pathlib import Path

import pytest

from rehab.content.loader import packaged_library
from rehab.content.readability import grade
from rehab.contracts.planning import IntakeIn, library_problem
from rehab.core.planning import build_program

DOC = (Path(__file__).resolve().parents[2] / "docs" / "planning.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n```json\n(.*?)\n```\n<!-- {name}:end -->", DOC, re.S)
    assert match, f"docs/planning.md has no {name} block"
    return match.group(1)


def test_the_documented_schema_is_the_generated_one():
    assert json.loads(block("schema")) == IntakeIn.model_json_schema(), "regenerate with: rehab plan --schema"


def test_the_full_example_is_valid_and_plans():
    intake = IntakeIn.model_validate_json(block("example"))
    assert library_problem(intake, packaged_library()) is None
    assert build_program(intake.to_core(), packaged_library()).phases


def test_every_intake_field_is_described_in_the_prose():
    prose = DOC.split("<!-- schema:start -->")[0]
    schema = IntakeIn.model_json_schema()
    models = [schema, *schema["$defs"].values()]
    fields = {name for model in models for name in model.get("properties", {})}
    missing = sorted(f for f in fields if not re.search(rf"[`.]{f}(\[\]|[`.])", prose))
    assert not missing, f"undocumented intake fields: {missing}"


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "docs" / "examples").glob("*.json"))
CITATION = re.compile(r"\b[A-Z][a-z]+(?: et al\.?)?,? (?:19|20)\d{2}\b|NSCA|ACSM|§|\breference\b|\bd\d{3,5}\b")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_documented_example_plans_with_plain_patient_text_and_sourced_clinician_text(path):
    intake = IntakeIn.model_validate_json(path.read_text(encoding="utf-8"))
    assert library_problem(intake, packaged_library()) is None
    program = build_program(intake.to_core(), packaged_library())
    for text in program.patient_texts():
        ours = re.sub(r"\"[^\"]*\"", "it", text)  # the person's own goal words are theirs
        assert text.strip() and not CITATION.search(text) and grade(ours) <= 8, text
    assert any("§" in r for r in program.rationale)
