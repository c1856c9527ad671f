"""The hazard log names real controls and real tests, and every hazard has a mutation guard.

`docs/safety/hazard-log.md` is only worth something while it is true: a control renamed or a test
deleted would leave a hazard that looks controlled and is not. These tests read the log the way an
auditor would and check each claim against the code.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from test_safety_rules_are_guarded import GUARDS

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"

_HAZARD = re.compile(r"^### (H\d\d) (.+)$", re.MULTILINE)
_FIELD = re.compile(r"^- \*\*(\w[\w ]*):\*\* (.+)$", re.MULTILINE)
_CODE = re.compile(r"`([^`]+)`")


def hazards() -> dict[str, dict[str, str]]:
    """Each hazard's fields (Severity, Cause, Controls, Tests, Residual risk) by its id."""
    text = LOG.read_text(encoding="utf-8")
    found = {}
    heads = list(_HAZARD.finditer(text))
    for head, following in zip(heads, [*heads[1:], None]):
        body = text[head.end(): following.start() if following else len(text)]
        found[head.group(1)] = {"title": head.group(2), **dict(_FIELD.findall(body))}
    return found


HAZARDS = hazards()


def resolve(dotted: str) -> object:
    """Import the longest module prefix of a dotted path, then walk attributes (class members too)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if name in getattr(target, "__dataclass_fields__", {}) and not hasattr(target, name):
                target = target.__dataclass_fields__[name]
                continue
            target = getattr(target, name)
        return target
    raise ModuleNotFoundError(dotted)


def test_the_log_holds_the_classes_the_safety_case_must_cover():
    assert len(HAZARDS) >= 16
    for hazard_id, fields in HAZARDS.items():
        for field in ("Severity", "Cause", "Controls", "Tests", "Residual risk"):
            assert fields.get(field, "").strip(), f"{hazard_id} has no {field}"


@pytest.mark.parametrize("hazard_id", sorted(HAZARDS))
def test_every_named_control_exists(hazard_id):
    controls = _CODE.findall(HAZARDS[hazard_id]["Controls"])
    assert controls, f"{hazard_id} names no control"
    for dotted in controls:
        assert dotted.startswith("rehab."), dotted
        try:
            resolve(dotted)
        except (ImportError, AttributeError) as error:
            pytest.fail(f"{hazard_id}: the control {dotted} does not exist ({error})")


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


@pytest.mark.parametrize("hazard_id", sorted(HAZARDS))
def test_every_named_test_exists(hazard_id):
    tests = _CODE.findall(HAZARDS[hazard_id]["Tests"])
    assert tests, f"{hazard_id} names no test"
    for node in tests:
        file, _, name = node.partition("::")
        path = ROOT / file
        assert path.is_file(), f"{hazard_id}: {file} does not exist"
        assert name.split("[")[0] in _test_functions(path), f"{hazard_id}: {node} does not exist"


@pytest.mark.parametrize("hazard_id", sorted(HAZARDS))
def test_every_hazard_has_a_mutation_guard_run_by_one_of_its_own_tests(hazard_id):
    guards = [guard for guard in GUARDS if guard.hazard == hazard_id]
    assert guards, f"{hazard_id} has no mutation guard in tests/test_safety_rules_are_guarded.py"
    listed = set(_CODE.findall(HAZARDS[hazard_id]["Tests"]))
    for guard in guards:
        assert set(guard.tests) <= listed, f"{hazard_id}: guard '{guard.protects}' runs tests the log does not list"


def test_every_guard_names_a_hazard_in_the_log():
    assert {guard.hazard for guard in GUARDS} <= set(HAZARDS)
