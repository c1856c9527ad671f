"""docs/security.md names real tests: a control whose test was renamed or deleted would look
tested and not be. Each test the page names (`tests/...py::test_name`, a file alone, or a bare
`test_name` beside a named file) must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "security.md"
TESTS = ROOT / "tests"

_NAMED = re.compile(r"`((?:tests/)?[\w/]*test_\w+\.py)?(?:::)?(test_\w+)?`")
_STRIDE = ("**S**poofing", "**T**ampering", "**R**epudiation", "**I**nformation disclosure",
           "**D**enial of service", "**E**levation of privilege")


def _functions(path: Path) -> set[str]:
    return {node.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def _find(file: str) -> list[Path]:
    """A file named with its folder, or (as a few rows do) by its name alone."""
    if file.startswith("tests/"):
        return [ROOT / file] if (ROOT / file).is_file() else []
    return sorted(TESTS.rglob(file))


def named_tests() -> list[tuple[str | None, str | None]]:
    text = PAGE.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in _NAMED.finditer(text) if m.group(1) or m.group(2)]


ALL_TESTS = {name for path in TESTS.rglob("test_*.py") for name in _functions(path)}


def test_the_page_names_tests_for_each_stride_threat():
    text = PAGE.read_text(encoding="utf-8")
    assert all(category in text for category in _STRIDE)
    assert len(named_tests()) >= 40


@pytest.mark.parametrize(("file", "test"), named_tests(), ids=lambda part: part or "-")
def test_every_test_the_page_names_exists(file, test):
    if file:
        found = _find(file)
        assert found, f"docs/security.md names {file}, which does not exist"
        if test:
            assert any(test in _functions(path) for path in found), f"{file} has no {test}"
    else:
        assert test in ALL_TESTS, f"docs/security.md names {test}, which no test file defines"
