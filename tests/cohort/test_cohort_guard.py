"""The cohort guard: a small fixed cohort of simulated people runs through the real engine on every
`make test`, under each strategy a walking quota can have, and its safety figures may not get worse
than the expectations recorded in tests/cohort/expected_safety.json.

``engine`` is the quota as the planner prescribes it (time-contingent, §3.4); ``engine-symptom``
lets pain steer the same quota (§3.1), so the pain rules are exercised too; ``engine-exposure``
works it up as a fear hierarchy by behavioural experiments (§3.3), so the exposure rules are too. A rule change that
worsens safety must change the recorded expectation in the same commit, with a reason in the
file's "why" (issue 14). Missed red flags must stay 0 whatever is recorded: every person who
answers a red-flag question yes is referred at that check-in (§4.2).
"""

import json
from pathlib import Path

import pytest

from rehab.cohort.figures import ALL, by_subgroup
from rehab.cohort.policies import NAMED
from rehab.cohort.runner import run

EXPECTED = json.loads(Path(__file__).with_name("expected_safety.json").read_text())


@pytest.mark.parametrize("policy", sorted(EXPECTED["safety_at_most"]))
def test_the_engine_s_safety_on_the_guard_cohort_is_no_worse_than_recorded(policy):
    cohort = EXPECTED["cohort"]
    outcomes = [o for chunk in run(cohort["people"], cohort["weeks"], NAMED[policy], cohort["seed"]) for o in chunk]
    everyone = by_subgroup(outcomes)[ALL]
    safety, efficacy = everyone["safety"], everyone["efficacy"]
    print(f"\ncohort guard, {policy} ({everyone['people']} people x {cohort['weeks']} weeks): reached goal "
          f"{efficacy['reached_goal']:.0%}, median week {efficacy['median_weeks_to_goal']}, "
          f"{efficacy['advances_per_person']} advances a person, referred {efficacy['referred']:.1%}, "
          f"dropped out {efficacy['dropped_out']:.1%}; safety {json.dumps(safety)}")
    assert safety["red_flags"] >= 2, "the guard cohort must include red flags, or the referral check is empty"
    assert safety["missed_red_flags"] == 0
    recorded = EXPECTED["safety_at_most"][policy]
    worse = {name: (safety[name], limit) for name, limit in recorded.items() if safety[name] > limit}
    assert worse == {}, f"safety got worse than recorded (found, recorded): {worse}"
