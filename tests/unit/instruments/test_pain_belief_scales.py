"""TSK-11, PCS and PSEQ (clinical reference §1.7-1.9)."""

import pytest

from rehab.instruments import AnswerError, Direction, lookup, score

TSK11, PCS, PSEQ = (lookup(i) for i in ("tsk11", "pcs", "pseq"))


def answers_totalling(total, count, low, high):
    """``count`` answers between ``low`` and ``high`` that add up to ``total``."""
    answers, left = [], total
    for remaining in range(count, 0, -1):
        value = max(low, min(high, left - low * (remaining - 1)))
        answers.append(value)
        left -= value
    assert sum(answers) == total
    return answers


def test_tsk11_runs_from_11_to_44_because_items_score_1_to_4():
    assert score(TSK11, [1] * 11).total == 11
    assert score(TSK11, [4] * 11).total == 44
    assert TSK11.direction is Direction.HIGHER_IS_WORSE


def test_tsk11_refuses_a_zero_because_its_scale_starts_at_1():
    with pytest.raises(AnswerError, match="out of range 1-4"):
        score(TSK11, [0] + [2] * 10)


@pytest.mark.parametrize(
    ("total", "band"),
    [(11, "minimal"), (22, "minimal"), (23, "low"), (28, "low"), (29, "moderate"), (35, "moderate"),
     (36, "high"), (44, "high")],
)
def test_tsk11_bands_follow_chimenti_2021(total, band):
    assert score(TSK11, answers_totalling(total, 11, 1, 4)).band == band


def test_tsk11_has_no_reverse_keyed_items_unlike_the_tsk17():
    assert not any(item.reverse for item in TSK11.items)


def test_tsk11_with_a_skipped_item_has_no_total():
    assert score(TSK11, [2] * 10 + [None]).total is None


def test_pcs_runs_from_0_to_52():
    assert score(PCS, [0] * 13).total == 0
    assert score(PCS, [4] * 13).total == 52


def test_pcs_subscales_sum_rumination_magnification_and_helplessness_items():
    # items 1..13 answered 1,2,3,4,0,1,2,3,4,0,1,2,3
    answers = [1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3]
    result = score(PCS, answers)
    assert result.total == 26
    assert result.subscale("rumination").score == 3 + 4 + 0 + 1  # items 8-11
    assert result.subscale("magnification").score == 1 + 2 + 3  # items 6, 7, 13
    assert result.subscale("helplessness").score == 1 + 2 + 3 + 4 + 0 + 2  # items 1-5 and 12
    assert sum(s.score for s in result.subscales) == result.total


def test_pcs_subscale_ranges_are_16_12_and_24():
    ranges = {s.id: s.range for s in score(PCS, [0] * 13).subscales}
    assert ranges == {"rumination": (0, 16), "magnification": (0, 12), "helplessness": (0, 24)}


@pytest.mark.parametrize(("total", "band"), [(0, "below the clinical threshold"), (29, "below the clinical threshold"),
                                             (30, "clinically relevant catastrophising"), (52, "clinically relevant catastrophising")])
def test_pcs_total_of_30_or_more_is_clinically_relevant_catastrophising(total, band):
    assert score(PCS, answers_totalling(total, 13, 0, 4)).band == band


def test_pcs_with_a_helplessness_item_missing_still_scores_rumination_and_magnification():
    answers = [None] + [2] * 12
    result = score(PCS, answers)
    assert result.total is None
    assert result.subscale("helplessness").score is None
    assert result.subscale("rumination").score == 8 and result.subscale("magnification").score == 6


def test_pcs_mcid_is_8_points_or_11_above_a_baseline_of_30_and_mdc_is_7_73():
    assert PCS.mcid.points_for(25) == 8
    assert PCS.mcid.points_for(30) == 8
    assert PCS.mcid.points_for(31) == 11
    assert PCS.mdc.points == 7.73


def test_pcs_item_wording_is_not_stored_because_commercial_use_needs_the_authors_permission():
    assert not PCS.licence.reproduce_items
    assert all(item.text is None for item in PCS.items)


def test_pseq_runs_from_0_to_60_and_higher_is_better():
    assert score(PSEQ, [0] * 10).total == 0
    assert score(PSEQ, [6] * 10).total == 60
    assert PSEQ.direction is Direction.HIGHER_IS_BETTER


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "low self-efficacy"), (24, "low self-efficacy"), (25, "moderate self-efficacy"),
     (39, "moderate self-efficacy"), (40, "high self-efficacy"), (60, "high self-efficacy")],
)
def test_pseq_bands_follow_nicholas_soft_guidance(total, band):
    assert score(PSEQ, answers_totalling(total, 10, 0, 6)).band == band


def test_pseq_refuses_a_7_because_confidence_is_rated_0_to_6():
    with pytest.raises(AnswerError, match="out of range 0-6"):
        score(PSEQ, [7] + [3] * 9)


def test_pseq_with_a_skipped_item_has_no_total():
    assert score(PSEQ, [None] + [3] * 9).total is None
