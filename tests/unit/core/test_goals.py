"""Goals in the patient's words, measurable, scored with GAS, and open to change."""

from datetime import date

import pytest

from rehab.core.models import Dose
from rehab.core.planning.goals import (
    ICF_CATEGORIES,
    Goal,
    Task,
    gas_t_score,
    icf_related,
)


def carry_goal(**changes) -> Goal:
    values = dict(
        id="shopping",
        words="Carry my shopping home from the bus stop",
        icf="d430",
        task=Task("carry two 5 kg bags 50 m without stopping", Dose(load_kg=10, distance_m=50),
                  Dose(load_kg=4, distance_m=20), "farmer_carry", 4),
        priority=1,
        target_date=date(2027, 3, 1),
    )
    return Goal(**{**values, **changes})


def test_the_success_criterion_says_how_much_and_how_it_may_feel():
    assert carry_goal().task.success == "carry two 5 kg bags 50 m without stopping: 10 kg, 50 m, with pain at most 4/10 during"


def test_gas_levels_put_today_at_minus_one_and_the_target_at_zero():
    levels = carry_goal().gas_levels()
    assert sorted(levels) == [-2, -1, 0, 1, 2]
    assert levels[-1] == "as now: 4 kg, 20 m"
    assert levels[0] == "goal reached: 10 kg, 50 m"
    assert levels[2] == "well beyond the goal: 16 kg, 80 m"


def test_a_clinicians_own_gas_levels_are_kept_as_written():
    own = {-2: "cannot carry", -1: "one bag to the gate", 0: "two bags home", 1: "and up the stairs", 2: "weekly shop"}
    assert carry_goal(gas=own).gas_levels() == own


@pytest.mark.parametrize(
    "achieved, score",
    [(Dose(load_kg=2, distance_m=10), -2), (Dose(load_kg=4, distance_m=20), -1), (Dose(load_kg=10, distance_m=50), 0),
     (Dose(load_kg=13, distance_m=65), 1), (Dose(load_kg=16, distance_m=80), 2), (Dose(load_kg=10, distance_m=30), -1)],
)
def test_attainment_is_scored_on_the_levels(achieved, score):
    assert carry_goal().attainment(achieved) == score


@pytest.mark.parametrize(
    "scores, t",
    [([0, 0, 0], 50.0), ([1, 1, 1], 63.7), ([-1, -1, -1], 36.3), ([2, 2, 2], 77.4)],
)
def test_gas_t_scores_match_the_clinical_reference_checks(scores, t):
    assert gas_t_score(scores) == t


def test_a_gas_t_score_needs_a_goal():
    with pytest.raises(ValueError):
        gas_t_score([])


def test_a_revised_goal_keeps_its_history_and_reason():
    first = carry_goal()
    second = first.revised(date(2027, 1, 10), "managing more than expected", task=Task(
        "carry two 8 kg bags 100 m", Dose(load_kg=16, distance_m=100), Dose(load_kg=8, distance_m=40), "farmer_carry"))
    third = second.revised(date(2027, 2, 1), "new target date after a holiday", target_date=date(2027, 4, 1))
    assert third.task.target.load_kg == 16 and third.target_date == date(2027, 4, 1)
    assert [r.reason for r in third.revisions] == ["managing more than expected", "new target date after a holiday"]
    assert third.revisions[0].previous.task.target.load_kg == 10
    assert third.revisions[1].previous.revisions == ()


def test_icf_subcategories_belong_to_their_category():
    assert icf_related("d4104", "d410") and icf_related("d410", "d4104")
    assert not icf_related("d410", "d415")
    assert ICF_CATEGORIES["d920"] == "recreation and leisure"
