"""Audit a whole engine-exposure run with the rule of tests/cohort/test_exposure_in_the_cohort.py: every
move up the fear hierarchy earned by clean disconfirming experiments (read from the check-in alone, not
from the engine), none during a flare or with a red flag (docs/cohort.md, "Graded exposure").

    .venv/bin/python tools/cohort_exposure_audit.py [--people 1000] [--weeks 16] [--seed 1]
"""

import argparse
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "cohort"))

from test_exposure_in_the_cohort import Watched, _earned  # noqa: E402  (the test's own rule)

from rehab.cohort.course import run_person  # noqa: E402
from rehab.cohort.runner import default_workers, library  # noqa: E402
from rehab.core.models import UP, DecisionKind  # noqa: E402


def _chunk(task: tuple[range, int, int]) -> list[int]:
    people, seed, weeks = task
    policy = Watched("engine-exposure")
    for i in people:
        run_person(i, seed, weeks, policy, library())
    ups = unearned = in_flare = flagged = 0
    for ci, d in policy.seen:
        if d.exposure is not None and d.exposure.move == UP:
            ups += 1
            unearned += not _earned(ci)
            in_flare += d.kind is DecisionKind.FLARE or ci.flare_episode is not None
            flagged += bool(ci.red_flags)
    return [len(policy.seen), ups, unearned, in_flare, flagged]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tasks = [(range(k, min(k + 50, args.people)), args.seed, args.weeks) for k in range(0, args.people, 50)]
    with multiprocessing.get_context("fork").Pool(default_workers()) as pool:
        parts = pool.map(_chunk, tasks)
    checkins, ups, unearned, in_flare, flagged = (sum(p[k] for p in parts) for k in range(5))
    print(f"{args.people} people x {args.weeks} weeks (seed {args.seed}): {checkins} check-ins, {ups} moves up, "
          f"{unearned} unearned, {in_flare} during a flare, {flagged} with a red flag")
    return 1 if unearned or in_flare or flagged else 0


if __name__ == "__main__":
    sys.exit(main())
