"""Running a cohort: the only part of rehab.cohort with I/O (the packaged content library, worker
processes, settings and result files). The model and the figures stay plain functions.

People are split into chunks and run in worker processes (one per core by default); each chunk's
outcomes come back as they finish, so a caller can show progress. Person ``i`` of seed ``s`` is the
same person in any chunk, on any number of workers, under any policy.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from rehab.cohort import figures
from rehab.cohort.course import run_person
from rehab.cohort.policies import NAMED, Policy, with_limits
from rehab.content.loader import packaged_library
from rehab.contracts.checkin import LimitsIn
from rehab.core.models import Strategy
from rehab.core.planning.library import Library

CHUNK = 20  # people per task: small enough for a smooth progress bar, big enough to be cheap


class PolicyError(ValueError):
    """A policy name or settings file that cannot be used; the message says which and why."""


@cache
def library() -> Library:
    return packaged_library()


def policy_named(name: str, strategy: str | None = None) -> Policy:
    """A named policy, or the engine with the thresholds in a settings file (JSON or YAML: the
    engine's limits by name, as in docs/check-in.md), under the strategy given or the planner's."""
    if name in NAMED:
        return NAMED[name]
    path = Path(name)
    if path.suffix not in (".json", ".yaml", ".yml"):
        raise PolicyError(f"policy: {name!r} is not one of {', '.join(NAMED)} nor a .json/.yaml settings file")
    if not path.is_file():
        raise PolicyError(f"policy: settings file {name} not found")
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise PolicyError(f"policy: {name} is not valid YAML or JSON ({error})") from None
    settings = data or {}
    if not isinstance(settings, dict):
        raise PolicyError(f"policy: {name} must hold a mapping of limits")
    settings = dict(settings)
    chosen = settings.pop("strategy", strategy)
    try:
        limits = LimitsIn.model_validate(settings).to_core()
        forced = Strategy(chosen) if chosen else None
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "settings"
        raise PolicyError(f"policy: {name}: {field}: {first['msg']}") from None
    except ValueError:
        raise PolicyError(f"policy: {name}: strategy: {chosen!r} is not one of "
                          f"{', '.join(s.value for s in Strategy)}") from None
    return with_limits(path.stem, limits, forced)


def _run_chunk(task: tuple[range, int, int, Policy]) -> list[dict]:
    people, seed, weeks, policy = task
    content = library()
    return [run_person(i, seed, weeks, policy, content).as_dict() for i in people]


def run(people: int, weeks: int, policy: Policy, seed: int = 1, workers: int = 1) -> Iterator[list[dict]]:
    """The outcomes of people 0..people-1, a chunk at a time as they finish (in any order)."""
    tasks = [(range(first, min(first + CHUNK, people)), seed, weeks, policy) for first in range(0, people, CHUNK)]
    if workers <= 1:
        for task in tasks:
            yield _run_chunk(task)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_run_chunk, tasks)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write(out: Path, policy: Policy, outcomes: list[dict], meta: dict) -> Path:
    """``out/<policy>/figures.json`` (every figure per subgroup) and ``people.jsonl`` (one line
    per person, what a comparison pairs). Returns the policy's directory."""
    folder = out / policy.name
    folder.mkdir(parents=True, exist_ok=True)
    outcomes = sorted(outcomes, key=lambda o: o["person"])
    (folder / "figures.json").write_text(json.dumps(
        {**meta, "policy": policy.name, "figures": figures.by_subgroup(outcomes),
         "by_strategy": figures.by_strategy(outcomes)}, indent=2) + "\n")
    with (folder / "people.jsonl").open("w") as f:
        for o in outcomes:
            f.write(json.dumps(o, separators=(",", ":")) + "\n")
    return folder


def read(folder: Path) -> tuple[dict, list[dict]]:
    """A run written by :func:`write`: its figures.json and its people."""
    meta = json.loads((folder / "figures.json").read_text())
    with (folder / "people.jsonl").open() as f:
        return meta, [json.loads(line) for line in f if line.strip()]
