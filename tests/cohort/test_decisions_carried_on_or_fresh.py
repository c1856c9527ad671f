"""The cohort guard's people decide the same whether each check-in carries on from the window
search of the one before (``monitoring._SCANS``) and reads the diary series the person's running
diary kept (``monitoring.RunningDiary``), what makes a 10,000-person cohort fast enough (issue 14),
or starts afresh from the check-in alone: every decision, its dose, criteria, alerts and words."""

import json
from pathlib import Path

import pytest

import rehab.cohort.policies as policies
from rehab.cohort.policies import NAMED
from rehab.cohort.runner import run
from rehab.core.engine import monitoring

EXPECTED = json.loads(Path(__file__).with_name("expected_safety.json").read_text())


@pytest.mark.parametrize("policy", ["engine", "engine-symptom"])
def test_every_decision_of_the_guard_cohort_is_the_same_carried_on_or_fresh(policy, monkeypatch):
    made = []

    def recorded(ci, diary=None):
        assert diary is not None, "the cohort passes each person's running diary"
        decision = policies_check_in(ci, diary)
        made.append((ci, decision))
        return decision

    policies_check_in = policies.check_in
    monkeypatch.setattr(policies, "check_in", recorded)
    cohort = EXPECTED["cohort"]
    monitoring._SCANS.clear()
    for _ in run(cohort["people"], cohort["weeks"], NAMED[policy], cohort["seed"]):
        pass
    assert len(made) > 1000
    differ = []
    for ci, carried in made:
        monitoring._SCANS.clear()
        fresh = policies_check_in(ci)
        if fresh != carried or repr(fresh) != repr(carried):
            differ.append((ci.today, carried.kind, fresh.kind))
    assert differ == []
