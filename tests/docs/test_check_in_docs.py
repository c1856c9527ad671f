"""docs/check-in.md cannot drift from the code: every field, criterion, limit, default step and red
flag is documented, the schemas are the generated ones, and the examples give the outputs shown."""

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app
from rehab.cli.checkin import SCHEMAS, schema_of
from rehab.core.engine.increments import DEFAULT_INCREMENTS
from rehab.core.engine.safety import RED_FLAGS
from rehab.core.models import RULE_VERSION, Limits

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGE = (DOCS / "check-in.md").read_text(encoding="utf-8")
CORE = ROOT / "src" / "rehab" / "core"


def table_rows() -> dict[str, list[str]]:
    """Rows of the page's tables keyed by their first cell (without backticks)."""
    rows = {}
    for line in PAGE.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


ROWS = table_rows()


def property_names(schema: dict) -> set[str]:
    names = set()
    for definition in [schema, *schema.get("$defs", {}).values()]:
        names |= set(definition.get("properties", {}))
    return names


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_schema_files_are_the_ones_the_code_generates(name):
    on_disk = json.loads((DOCS / "schema" / f"{name}.json").read_text(encoding="utf-8"))
    assert on_disk == schema_of(SCHEMAS[name]), f"regenerate: rehab schema {name} > docs/schema/{name}.json"


@pytest.mark.parametrize("name", sorted(set(SCHEMAS) - {"insights"}))  # insights: docs/insights.md
def test_every_field_of_the_contract_is_documented(name):
    documented = set(re.findall(r"`(?:[a-z_]+\.)*([a-z_]+)`", PAGE))
    missing = sorted(property_names(schema_of(SCHEMAS[name])) - documented)
    assert missing == []


def test_every_criterion_the_engine_checks_is_in_the_criteria_table():
    source = "".join(path.read_text(encoding="utf-8") for path in CORE.rglob("*.py"))
    names = set(re.findall(r'Criterion\(\s*"([a-z_]+)"', source))
    assert len(names) >= 20
    assert sorted(names - set(ROWS)) == []


def test_every_limit_is_documented_with_its_default():
    for limit in fields(Limits):
        assert limit.name in ROWS, limit.name
        assert float(ROWS[limit.name][0]) == limit.default, limit.name


def test_every_default_dose_step_is_documented():
    for dimension, inc in DEFAULT_INCREMENTS.items():
        step, minimum, cap, floor, ceiling = ROWS[dimension][:5]
        assert step == (f"{inc.step:g}%" if inc.percent else f"{inc.step:g}"), dimension
        assert (float(minimum), float(cap), float(floor)) == (inc.minimum, inc.cap, inc.floor), dimension
        assert ceiling == ("-" if inc.ceiling is None else f"{inc.ceiling:g}"), dimension


def test_every_red_flag_is_documented_with_its_urgency_and_question():
    for flag in RED_FLAGS.values():
        assert ROWS[flag.id][:2] == [flag.urgency.value, flag.question], flag.id


def test_the_documented_rule_version_is_the_current_one():
    assert f'"rule_version": "{RULE_VERSION}"' in PAGE


def _subset(shown, actual, where="decision"):
    if isinstance(shown, dict):
        for key, value in shown.items():
            assert key in actual, f"{where}.{key} is not in the output"
            _subset(value, actual[key], f"{where}.{key}")
    else:
        assert shown == actual, f"{where}: the docs show {shown!r}, the engine gives {actual!r}"


EXAMPLES = re.findall(r"<!-- decision: ([\w-]+) -->\n```json\n(.*?)\n```", PAGE, re.S)


def test_every_example_file_is_shown_on_the_page():
    assert sorted(name for name, _ in EXAMPLES) == sorted(p.stem for p in (DOCS / "examples" / "check-in").glob("*.json"))


@pytest.mark.parametrize(("name", "shown"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_each_example_gives_the_decision_shown(name, shown):
    result = CliRunner().invoke(app, ["check-in", str(DOCS / "examples" / "check-in" / f"{name}.json")])
    assert result.exit_code == 0, result.stderr
    _subset(json.loads(shown), json.loads(result.stdout))
