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
from rehab.core.planning.comorbidities import CLEARANCES, FALL_RISK_TESTS
from rehab.core.planning.intake import COMORBIDITY_CAUTIONS

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


def test_every_comorbidity_clearance_and_fall_risk_test_is_in_the_comorbidities_section():
    section = DOC.split("## Comorbidities", 1)[1].split("\n## ", 1)[0]
    missing = [c for c in [*COMORBIDITY_CAUTIONS, *CLEARANCES] if c != "acute_flare" and f"`{c}`" not in section]
    assert not missing, f"docs/planning.md Comorbidities does not name: {missing}"
    flat = re.sub(r"[^a-z0-9]", "", section.lower())
    assert all(name in flat for name in FALL_RISK_TESTS), "a recognised fall-risk test is not named"
    for source in ("ACSM", "IFOMPT", "ACOG Committee Opinion 804", "RCOG", "STEADI", "a third of the measured grip"):
        assert source in section


def test_every_caution_is_explained_in_the_cautions_section_in_its_plain_words():
    from rehab.core.planning.intake import COMORBIDITY_CAUTIONS
    from rehab.core.planning.library import CAUTIONS

    section = DOC.split("## Cautions")[1].split("\n## ")[0]
    missing = [c for c, words in CAUTIONS.items() if f"| `{c}` | {words} |" not in section]
    assert not missing, f"cautions not explained in docs/planning.md: {missing}"
    unsourced = [c for c in COMORBIDITY_CAUTIONS if c != "acute_flare" and f"| `{c}` |" not in section]
    assert not unsourced, f"comorbidities without a source in docs/planning.md: {unsourced}"
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
