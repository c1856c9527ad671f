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


def test_every_number_of_the_graded_exposure_model_is_in_the_docs():
    from rehab.cohort import exposure as e

    said = [
        f"steps of at most {e.STEP:.0%}",
        f"{e.HARM_FLOOR:g} + {e.HARM_PER_FEAR:g} × fear of movement",
        f"the least feared {e.LEAST_SHARE:.0%} of that",
        f"± N(0, {e.BELIEF_SD:g})",
        f"{e.LEARN_LOW:.0%}".rstrip("%") + f"–{e.LEARN_HIGH:.0%}",
        "each item above loses a quarter of that share" if e.SPREAD == 0.25 else f"SPREAD {e.SPREAD}",
        "a tenth of the drop" if e.WITH_SAFETY_BEHAVIOUR == 0.1 else f"WITH_SAFETY_BEHAVIOUR {e.WITH_SAFETY_BEHAVIOUR}",
        f"the belief rises {e.CONFIRMED_RISE:g} points",
        f"the belief rises {e.STOPPED_RISE:g} points",
        f"fear + {e.SAFETY_START_EXTRA:g} at the start",
        f"× {e.SAFETY_FADE:g} after each experiment",
        f"(1 − {e.AVOID_PER_BELIEF:g} × belief/100)",
        f"chance {e.STOP_PER_BELIEF:g} × belief/100",
    ]
    assert [words for words in said if words not in DOC] == []
