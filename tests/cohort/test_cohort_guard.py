"""The cohort guard: a small fixed cohort of simulated people runs through the real engine on every
`make test`, and its safety figures may not get worse than the expectations recorded in
tests/cohort/expected_safety.json.

A rule change that worsens safety must change the recorded expectation in the same commit, with a
reason in the file's "why" (issue 14). Missed red flags must stay 0 whatever is recorded: every
person who answers a red-flag question yes is referred at that check-in (§4.2).
"""

import json
from pathlib import Path

from rehab.cohort.figures import ALL, by_subgroup
from rehab.cohort.policies import NAMED
from rehab.cohort.runner import run

EXPECTED = Path(__file__).with_name("expected_safety.json")


def guard_cohort() -> dict:
    expected = json.loads(EXPECTED.read_text())
    cohort = expected["cohort"]
    outcomes = [o for chunk in run(cohort["people"], cohort["weeks"], NAMED["engine"], cohort["seed"]) for o in chunk]
    return by_subgroup(outcomes)


def test_the_engine_s_safety_on_the_guard_cohort_is_no_worse_than_recorded():
    expected = json.loads(EXPECTED.read_text())
    figures = guard_cohort()
    everyone = figures[ALL]
    safety, efficacy = everyone["safety"], everyone["efficacy"]
    print(f"\ncohort guard, efficacy ({everyone['people']} people): reached goal {efficacy['reached_goal']:.0%}, "
          f"median week {efficacy['median_weeks_to_goal']}, {efficacy['advances_per_person']} advances a person, "
          f"referred {efficacy['referred']:.1%}, dropped out {efficacy['dropped_out']:.1%}; "
          f"safety {json.dumps(safety)}")
    assert safety["red_flags"] >= 1, "the guard cohort must include red flags, or the referral check is empty"
    assert safety["missed_red_flags"] == 0
    worse = {name: (safety[name], limit) for name, limit in expected["safety_at_most"].items() if safety[name] > limit}
    assert worse == {}, f"safety got worse than recorded (found, recorded): {worse}"
