"""The house rules of the architecture, checked: the clinical core stays pure."""

import ast
import re
import sys
from pathlib import Path

import rehab

SOURCE = Path(rehab.__file__).parent
PURE_PACKAGES = ["core", "instruments"]


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_the_clinical_core_imports_only_the_standard_library_and_itself():
    allowed = set(sys.stdlib_module_names)
    offenders = []
    for package in PURE_PACKAGES:
        for path in (SOURCE / package).rglob("*.py"):
            for module in imported_modules(path):
                top = module.split(".")[0]
                inside = module.startswith(f"rehab.{package}") or module in ("rehab.core",) or module.startswith("rehab.core.")
                if not (top in allowed or inside or module == "__future__"):
                    offenders.append(f"{path.relative_to(SOURCE)} imports {module}")
    assert offenders == []


def test_the_clinical_core_never_reads_the_clock_or_files():
    forbidden = re.compile(r"date\.today\(|datetime\.now\(|time\.time\(|(?<![\w.])open\(|\bPath\(")
    offenders = [f"{path.name}: {found}" for package in PURE_PACKAGES for path in (SOURCE / package).rglob("*.py")
                 for found in forbidden.findall(path.read_text(encoding="utf-8"))]
    assert offenders == []
