"""The first minutes with rehab: `make run` installs only what running needs and takes a port,
`rehab db upgrade` says what it created, and seeding the demo clinic shows how far it has got."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rehab(folder, *args):
    env = {"REHAB_DATA_DIR": str(folder / "var"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "rehab", *args], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=300)


def planned(*target: str) -> str:
    """The commands `make` would run for a target from scratch (a dry run: nothing is run)."""
    result = subprocess.run(["make", "--dry-run", "--always-make", "-C", str(ROOT), *target], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_installs_only_what_running_needs_and_serves_on_the_port_asked():
    commands = planned("run", "PORT=8080")
    installs = [line for line in commands.splitlines() if "pip install" in line and " -e " in line]
    assert installs and all("[dev]" not in line for line in installs), installs
    assert "--port 8080" in commands
    assert "--port 8000" in planned("run")


def test_make_run_compiles_the_bytecode_before_it_serves():
    """Without it, an editable install under PYTHONDONTWRITEBYTECODE compiles every module at each start."""
    commands = planned("run").splitlines()
    compiles = [number for number, line in enumerate(commands) if "-m compileall" in line and line.endswith(" src")]
    serves = [number for number, line in enumerate(commands) if "rehab serve" in line]
    assert compiles and serves and compiles[0] < serves[0], commands


def test_make_test_adds_the_test_extras():
    installs = [line for line in planned("test").splitlines() if "pip install" in line and " -e " in line]
    assert any("'.[dev]'" in line for line in installs), installs


def test_a_new_database_says_what_was_created_and_a_second_upgrade_that_nothing_was(tmp_path):
    first = rehab(tmp_path, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("created a new database at sqlite:///"), first.stdout
    assert "0001  The first tables" in first.stdout
    assert "no clinic yet" in first.stdout
    again = rehab(tmp_path, "db", "upgrade")
    assert again.stdout.startswith("database is up to date (migration "), again.stdout


def test_seeding_the_demo_clinic_shows_its_progress_before_it_is_ready(tmp_path):
    result = rehab(tmp_path, "seed-demo", "--people", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Seeding the demo clinic: 1 patient,")
    ready = lines.index("Demo clinic ready.")
    progress = [line for line in lines[1:ready] if "days played" in line]
    assert len(progress) >= 10 and progress[-1].strip().startswith("100% ("), progress
