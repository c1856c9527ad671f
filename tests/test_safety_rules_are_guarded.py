"""Each safety rule has a test that fails when the rule is removed: checked here by removing it.

For every rule below, the rule's line in the engine is replaced by one that drops it, and the
engine's unit tests are run against that copy; at least one must fail. If a rule's code is
rewritten, update its line here: the guard must keep guarding it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (file, the rule as written, the same line with the rule removed, what it protects)
RULES = [
    ("engine/progression.py", "    if safety.urgency is not None:\n", "    if False:\n", "a red flag refers"),
    ("engine/progression.py", "    if flare.active:\n        return _decide(DecisionKind.FLARE",
     "    if False:\n        return _decide(DecisionKind.FLARE", "a flare starts the flare plan"),
    ("engine/flare.py", "state.active = state.declared or high >= limits.flare_days",
     "state.active = high >= limits.flare_days", "a declared flare counts"),
    ("engine/flare.py", "state.active = state.declared or high >= limits.flare_days",
     "state.active = state.declared", "a flare is detected from the diary"),
    ("engine/flare.py", "        state.active = not settled", "        state.active = False",
     "a flare lasts until pain settles"),
    ("engine/strategies.py", "readiness = Readiness([pain], regress=not pain.passed)", "readiness = Readiness([pain], regress=False)",
     "pain over the limit regresses"),
    ("engine/strategies.py", "worst is None or worst <= limit, sources", "True, sources", "the pain limit is checked"),
    ("engine/strategies.py", "readiness.regress = readiness.regress or not rise.passed", "readiness.regress = readiness.regress",
     "a next-morning rise regresses"),
    ("engine/safety.py", "not new_symptoms, sources.NEW_SYMPTOMS", "True, sources.NEW_SYMPTOMS", "new symptoms hold and alert"),
    ("engine/safety.py", "        return Urgency.EMERGENCY\n    return urgency", "        return urgency\n    return urgency",
     "cancer with neurological signs is an emergency"),
    ("engine/safety.py", "            flags = flags | screening.flags\n", "            flags = screening.flags\n",
     "a patient's own answers cannot clear a referral"),
    ("engine/safety.py", "            neuro = neuro or screening.symptoms.new_neuro_symptoms\n",
     "            neuro = screening.symptoms.new_neuro_symptoms\n", "a patient cannot clear new neurological signs"),
    ("engine/rebaseline.py", "    if found < limits.baseline_min_days:\n", "    if False:\n",
     "a re-baseline needs at least 7 diary days with pain"),
    ("engine/rebaseline.py", "    if last > today:\n", "    if False:\n", "a re-baseline is days already logged"),
]


def run_core_tests(tmp_path, change=None) -> subprocess.CompletedProcess:
    """The engine's unit tests against a copy of the source, with ``change`` (file, old, new) made."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src", copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    if change is not None:
        module, rule, removed = change
        target = copy / "rehab" / "core" / module
        source = target.read_text(encoding="utf-8")
        assert rule in source, f"the rule is no longer written as this guard expects: update RULES\n{rule}"
        target.write_text(source.replace(rule, removed, 1), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", str(ROOT / "tests" / "unit" / "core"),
         "--ignore", str(ROOT / "tests" / "unit" / "core" / "test_properties.py"),
         "--ignore", str(ROOT / "tests" / "unit" / "core" / "test_planning_properties.py")],
        cwd=tmp_path, env={"PYTHONPATH": f"{copy}:{ROOT / 'tests'}", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=300)


def test_the_unchanged_copy_passes(tmp_path):
    """The control: without a change, the same run passes, so the failures below are the rules'."""
    result = run_core_tests(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize(("module", "rule", "removed", "protects"), RULES, ids=[r[3] for r in RULES])
def test_removing_the_rule_makes_a_test_fail(tmp_path, module, rule, removed, protects):
    result = run_core_tests(tmp_path, (module, rule, removed))
    assert result.returncode == 1, f"no test failed without '{protects}':\n{result.stdout[-2000:]}"
