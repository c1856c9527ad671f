"""Check-in engine throughput: 100,000 synthetic check-ins (28 diary days + 12 sessions each).

Prints check-ins per second for the engine and for a baseline pass that only reads the same data
(every diary entry and session field the engine looks at), measured side by side in one run on one
core, and their ratio. Targets (issue 2): >= 10,000 check-ins/s and a ratio <= 10.

    python bench/checkin.py [--count N] [--batch N] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import date, timedelta

from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.progression import check_in
from rehab.core.models import (
    Activity,
    CheckIn,
    DecisionKind,
    DiaryEntry,
    Dose,
    HistoryEntry,
    SessionLog,
    Strategy,
)

TODAY = date(2026, 11, 27)
DAYS = [TODAY - timedelta(days=n) for n in range(28)]
DOSES = [Dose(sets=2, reps=10), Dose(sets=3, reps=12, load_kg=8), Dose(duration_s=1200), Dose(distance_m=800),
         Dose(steps=4000), Dose(level=3, reps=8)]


def synthetic(rng: random.Random) -> CheckIn:
    """A plausible patient: usual pain 2-7 with day-to-day noise, now and then a bad spell or a
    hard session, 12 sessions over four weeks, a few earlier decisions."""
    usual = rng.uniform(2, 7)
    spell = rng.random() < 0.1
    diary = []
    for n in range(27, -1, -1):
        pain = usual + rng.gauss(0, 0.8) + (3 if spell and n < 3 else 0)
        diary.append(DiaryEntry(DAYS[n], pain=max(0, min(10, round(pain))),
                                pain_next_morning=max(0, min(10, round(usual + rng.gauss(0, 0.8)))),
                                flare_declared=rng.random() < 0.002 or None))
    dose = rng.choice(DOSES)
    session_days = sorted(rng.sample(range(28), 12), reverse=True)
    sessions = [SessionLog(DAYS[n], dose, pain_during=max(0, min(10, round(usual - 1 + rng.gauss(0, 1.5)))),
                           rpe=rng.randint(4, 9)) for n in session_days]
    history = [HistoryEntry(DAYS[n], rng.choice((DecisionKind.HOLD, DecisionKind.ADVANCE))) for n in (21, 14, 7)]
    strategy = Strategy.TIME_CONTINGENT if rng.random() < 0.3 else Strategy.SYMPTOM_CONTINGENT
    activity = Activity("activity", dose, 3, DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER)
    red_flags = frozenset({"constant_night_pain"}) if rng.random() < 0.01 else frozenset()
    return CheckIn(TODAY, activity, strategy, sessions=tuple(sessions), diary=tuple(diary), history=tuple(history),
                   red_flags=red_flags)


def read_only(checkin: CheckIn) -> float:
    """The baseline: touch every field of the same data the engine reads, and nothing more."""
    total = 0.0
    for entry in checkin.diary:
        total += entry.date.toordinal() + entry.pain + entry.pain_next_morning + bool(entry.flare_declared)
    for session in checkin.sessions:
        total += session.date.toordinal() + session.pain_during + session.rpe + len(session.completed.items())
    for entry in checkin.history:
        total += entry.date.toordinal()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    engine_s = baseline_s = 0.0
    kinds: Counter[str] = Counter()
    done = 0
    while done < args.count:
        batch = [synthetic(rng) for _ in range(min(args.batch, args.count - done))]
        start = time.perf_counter()
        for checkin in batch:
            read_only(checkin)
        middle = time.perf_counter()
        for checkin in batch:
            kinds[check_in(checkin).kind.value] += 1
        end = time.perf_counter()
        baseline_s += middle - start
        engine_s += end - middle
        done += len(batch)
    print(f"check-ins:             {done:,} (28 diary days + 12 sessions each)")
    print(f"engine:                {done / engine_s:,.0f} check-ins/s ({engine_s * 1e6 / done:.1f} us each)")
    print(f"read-only baseline:    {done / baseline_s:,.0f} check-ins/s ({baseline_s * 1e6 / done:.1f} us each)")
    print(f"ratio engine/baseline: {engine_s / baseline_s:.1f}")
    print("decisions:             " + ", ".join(f"{k} {v / done:.1%}" for k, v in kinds.most_common()))


if __name__ == "__main__":
    main()
