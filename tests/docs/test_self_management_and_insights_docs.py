"""docs/check-in.md (self-management) and docs/insights.md cannot drift from the code: the `rehab
adjust` and `rehab insights` examples give the outputs shown, and every insight setting and output
field is documented."""

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app
from rehab.cli.checkin import SCHEMAS, schema_of
from rehab.core.insights.patterns import InsightRules

DOCS = Path(__file__).resolve().parents[2] / "docs"
CHECK_IN = (DOCS / "check-in.md").read_text(encoding="utf-8")
INSIGHTS = (DOCS / "insights.md").read_text(encoding="utf-8")


def _subset(shown, actual, where="output"):
    if isinstance(shown, dict):
        for key, value in shown.items():
            assert key in actual, f"{where}.{key} is not in the output"
            _subset(value, actual[key], f"{where}.{key}")
    elif isinstance(shown, list):
        assert len(shown) <= len(actual), where
        for k, value in enumerate(shown):
            _subset(value, actual[k], f"{where}[{k}]")
    else:
        assert shown == actual, f"{where}: the docs show {shown!r}, the command gives {actual!r}"


def examples(page, command):
    return re.findall(rf"<!-- {command}: ([\w-]+) -->\n```json\n(.*?)\n```", page, re.S)


@pytest.mark.parametrize(("page", "command"), [(CHECK_IN, "adjust"), (INSIGHTS, "insights")])
def test_every_example_file_is_shown_on_its_page(page, command):
    shown = sorted(name for name, _ in examples(page, command))
    assert shown and shown == sorted(p.stem for p in (DOCS / "examples" / command).glob("*.json"))


@pytest.mark.parametrize(("command", "name", "shown"),
                         [("adjust", n, s) for n, s in examples(CHECK_IN, "adjust")]
                         + [("insights", n, s) for n, s in examples(INSIGHTS, "insights")])
def test_each_example_gives_the_output_shown(command, name, shown):
    result = CliRunner().invoke(app, [command, str(DOCS / "examples" / command / f"{name}.json")])
    assert result.exit_code == 0, result.stderr
    _subset(json.loads(shown), json.loads(result.stdout))


def test_every_field_of_the_insights_output_is_documented():
    documented = set(re.findall(r"`([a-z_]+)`", INSIGHTS))
    schema = schema_of(SCHEMAS["insights"])
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names |= set(definition.get("properties", {}))
    assert sorted(names - documented) == []


def test_every_insight_setting_is_documented_with_its_default():
    rows = {}
    for line in INSIGHTS.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    for setting in fields(InsightRules):
        assert float(rows[setting.name][0]) == setting.default, setting.name


def test_every_pattern_is_documented():
    from datetime import date

    from rehab.core.insights.patterns import find_insights
    from rehab.core.models import DiaryEntry
    ids = [i.id for i in find_insights([DiaryEntry(date(2026, 11, 27), pain=4)], [], date(2026, 11, 27)).insights]
    assert len(ids) == 7
    for insight_id in ids:
        assert f"| `{insight_id}` |" in INSIGHTS
