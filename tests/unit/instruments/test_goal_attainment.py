"""Goal Attainment Scaling: levels -2..+2 and the Kiresuk-Sherman T-score (clinical reference §6.2)."""

import pytest

from rehab.instruments import GasLevel, GoalAttainmentError, t_score
from rehab.instruments.goal_attainment import level_when_expected_not_reached


def test_goals_all_met_as_expected_give_a_t_score_of_50():
    assert t_score([0, 0, 0]) == pytest.approx(50)


def test_three_goals_somewhat_better_than_expected_give_63_7():
    assert round(t_score([1, 1, 1]), 1) == 63.7


def test_three_goals_somewhat_short_of_expected_give_36_3():
    assert round(t_score([-1, -1, -1]), 1) == 36.3


def test_three_goals_much_better_than_expected_give_77_4():
    assert round(t_score([2, 2, 2]), 1) == 77.4


def test_one_goal_exceeded_and_one_missed_balance_out_to_50():
    assert t_score([1, -1]) == pytest.approx(50)


def test_unweighted_score_matches_the_closed_form_with_rho_0_3():
    levels = [2, 0, -1, 1]
    n = len(levels)
    assert t_score(levels) == pytest.approx(50 + 10 * sum(levels) / (0.7 * n + 0.3 * n * n) ** 0.5)


def test_weights_make_an_important_goal_count_more():
    heavy_on_success = t_score([2, -1], weights=[6, 1])
    heavy_on_failure = t_score([2, -1], weights=[1, 6])
    assert heavy_on_success > 50 > heavy_on_failure


def test_equal_weights_give_the_same_score_as_no_weights():
    assert t_score([1, 0, -1, 2], weights=[3, 3, 3, 3]) == pytest.approx(t_score([1, 0, -1, 2]))


@pytest.mark.parametrize("levels", [[], [3], [-3], [0.5]])
def test_levels_outside_minus_2_to_plus_2_are_refused(levels):
    with pytest.raises(GoalAttainmentError):
        t_score(levels)


def test_weights_must_match_the_goals_and_not_all_be_zero():
    with pytest.raises(GoalAttainmentError, match="2 goals but 1 weights"):
        t_score([0, 1], weights=[1])
    with pytest.raises(GoalAttainmentError):
        t_score([0, 1], weights=[0, 0])


def test_turner_stokes_convention_a_goal_left_at_baseline_scores_minus_1_and_worse_scores_minus_2():
    assert level_when_expected_not_reached(worse_than_baseline=False) is GasLevel.SOMEWHAT_LESS_THAN_EXPECTED
    assert level_when_expected_not_reached(worse_than_baseline=True) is GasLevel.MUCH_LESS_THAN_EXPECTED


def test_gas_levels_read_in_words():
    assert GasLevel(0).meaning == "expected"
    assert GasLevel(2).meaning == "much more than expected"
