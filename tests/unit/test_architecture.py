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


def core_imports() -> dict[str, set[str]]:
    """Every module of rehab.core and the modules of rehab.core it imports, at run time or for type
    checking alike (a circle through TYPE_CHECKING imports is still a circle a reader must follow)."""
    graph: dict[str, set[str]] = {}
    for path in (SOURCE / "core").rglob("*.py"):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rehab.core"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)  # "from package import module"
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.startswith("rehab.core"))
        graph[name] = found
    return {name: {m for m in found if m in graph and m != name} for name, found in graph.items()}


def _package_of(module: str) -> str:
    return module.rsplit(".", 1)[0]


def test_the_clinical_core_has_no_import_circle():
    """A newcomer can read core from the floor up: no module imports, through others, one that
    imports it. (A package's __init__ re-exporting its own modules is not a circle.)"""
    graph = core_imports()
    edges = {m: {d for d in deps if not (_package_of(d) == m or d.startswith(m + "."))} for m, deps in graph.items()}
    circles, state = [], {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for dep in sorted(edges[module]):
            if state.get(dep) == "open":
                circles.append(" -> ".join(trail[trail.index(dep):] + [dep]) if dep in trail else f"{module} -> {dep}")
            elif dep not in state:
                visit(dep, trail + [dep])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_the_data_types_are_the_floor_of_core():
    """rehab.core.models imports nothing of core outside itself, so every rule can stand on it."""
    outside = {f"{m} imports {d}" for m, deps in core_imports().items() if m.startswith("rehab.core.models")
               for d in deps if not d.startswith("rehab.core.models")}
    assert outside == set()


def test_core_has_a_shape_a_newcomer_can_see():
    """The engine, the planner and the insights are sub-packages; only the floor and the shared
    sources sit beside them."""
    top = sorted(p.name for p in (SOURCE / "core").iterdir() if not p.name.startswith("__"))
    assert top == ["engine", "insights", "models", "planning", "sources.py"]


def test_the_command_line_and_the_pages_reach_the_store_only_through_services():
    """A feature exists once, in a service; the web app's composition root (app.py, deps.py) is the
    one place outside the services that builds or types the store's pieces."""
    roots = {SOURCE / "web" / "app.py", SOURCE / "web" / "deps.py"}
    offenders = [f"{path.relative_to(SOURCE)} imports {module}"
                 for package in ("web", "cli") for path in (SOURCE / package).rglob("*.py") if path not in roots
                 for module in imported_modules(path) if module.startswith("rehab.store") or module.startswith("sqlalchemy")]
    assert offenders == []
