"""docs/cohort.md cannot drift from the cohort: every subgroup with its share and every policy
is documented."""

from pathlib import Path

from rehab.cohort.people import SUBGROUP_SHARES
from rehab.cohort.policies import NAMED

DOC = (Path(__file__).resolve().parents[2] / "docs" / "cohort.md").read_text()


def test_every_subgroup_is_documented_with_its_share_of_the_cohort():
    missing = [f"{name} ({share:.0%})" for name, share in SUBGROUP_SHARES.items() if f"{name} ({share:.0%})" not in DOC]
    assert missing == []


def test_every_policy_is_documented():
    assert [name for name in NAMED if f"`{name}`" not in DOC] == []
