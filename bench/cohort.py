"""Cohort throughput: person-weeks per second on one core and on every core (multiprocessing).

Runs the same people (same seed) under the same policy first in this process, then in one worker
per core, and prints person-weeks per second for each, their ratio, and the load average before
and after (the machine may be shared: the numbers are indicative only). The ``linear`` policy
measures the simulated people alone (it never calls the engine); ``engine`` measures them with
the real check-in, which is most of the cost. Target (issue 14): 10,000 people x 16 weeks in
<= 2 minutes on 2 cores, i.e. >= 1,333 person-weeks/s.

    python bench/cohort.py [--people N] [--weeks N] [--policy NAME] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import time

from rehab.cohort.runner import default_workers, library, policy_named, run

TARGET = 10_000 * 16 / 120


def measure(people: int, weeks: int, policy, seed: int, workers: int) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this process and its finished workers: what a loaded machine
    does not stretch) and check-ins."""
    start, cpu = time.perf_counter(), os.times()
    checkins = 0
    for chunk in run(people, weeks, policy, seed, workers):
        checkins += sum(o["checkins"] for o in chunk)
    end = os.times()
    used = (end.user + end.system + end.children_user + end.children_system
            - cpu.user - cpu.system - cpu.children_user - cpu.children_system)
    return time.perf_counter() - start, used, checkins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--policy", default="engine")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    policy = policy_named(args.policy)
    library()  # the content library is loaded once, before the clock starts
    cores = default_workers()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({cores} cores)")
    person_weeks = args.people * args.weeks
    one_s, one_cpu, checkins = measure(args.people, args.weeks, policy, args.seed, 1)
    all_s, _, _ = measure(args.people, args.weeks, policy, args.seed, cores)
    print(f"cohort:                {args.people:,} people x {args.weeks} weeks, policy {policy.name}, "
          f"{checkins:,} check-ins")
    print(f"one core:              {person_weeks / one_s:,.0f} person-weeks/s ({checkins / one_s:,.0f} check-ins/s); "
          f"{person_weeks / one_cpu:,.0f} per CPU-second")
    print(f"{cores} processes:           {person_weeks / all_s:,.0f} person-weeks/s (x{one_s / all_s:.2f})")
    print(f"10,000 x 16 weeks:     {10_000 * 16 / (person_weeks / all_s) / 60:.1f} min at this rate "
          f"(target <= 2 min, {TARGET:,.0f} person-weeks/s)")
    print(f"if the cores were idle: {10_000 * 16 / (person_weeks / one_cpu * cores) / 60:.1f} min for 10,000 x 16 weeks "
          f"on {cores} cores (from CPU time)")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
