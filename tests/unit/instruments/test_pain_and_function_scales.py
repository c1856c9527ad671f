"""NPRS, PEG-3, PSFS and LEFS scored as a clinician would read them (clinical reference §1.1-1.3, §1.13)."""

import pytest

from rehab.instruments import AnswerError, Direction, compare, lookup, score

NPRS, PEG, PSFS, LEFS = (lookup(i) for i in ("nprs", "peg", "psfs", "lefs"))


def test_nprs_runs_from_no_pain_at_0_to_worst_imaginable_at_10():
    assert NPRS.score_range == (0, 10)
    assert score(NPRS, [0]).total == 0
    assert score(NPRS, [10]).total == 10
    assert NPRS.direction is Direction.HIGHER_IS_WORSE


@pytest.mark.parametrize(
    ("rating", "band"),
    [(0, "none"), (1, "mild"), (3, "mild"), (4, "moderate"), (6, "moderate"), (7, "severe"), (10, "severe")],
)
def test_nprs_bands_follow_the_common_1_3_4_6_7_10_scheme(rating, band):
    assert score(NPRS, [rating]).band == band


def test_nprs_without_a_rating_has_no_score():
    result = score(NPRS, [None])
    assert result.total is None and result.band is None
    assert "no total" in result.notes[0]


def test_nprs_refuses_a_half_point_rating_because_the_scale_is_whole_numbers():
    with pytest.raises(AnswerError, match="whole number"):
        score(NPRS, [4.5])


def test_nprs_carries_its_loinc_code_and_the_two_points_and_thirty_percent_mcid():
    assert NPRS.loinc.total == "72514-3"
    assert (NPRS.mcid.points, NPRS.mcid.percent) == (2, 30)


def test_peg_is_the_mean_of_pain_enjoyment_and_general_activity():
    result = score(PEG, {"pain": 6, "enjoyment": 5, "activity": 7})
    assert result.total == pytest.approx(6.0)
    assert score(PEG, [7, 4, 5]).total == pytest.approx(16 / 3)


def test_peg_runs_from_0_to_10_and_higher_is_worse():
    assert score(PEG, [0, 0, 0]).total == 0
    assert score(PEG, [10, 10, 10]).total == 10
    assert PEG.direction is Direction.HIGHER_IS_WORSE


def test_peg_with_a_skipped_item_is_not_averaged_over_the_other_two():
    result = score(PEG, [6, None, 8])
    assert result.total is None
    assert "enjoyment" in result.notes[0]


def test_peg_has_no_severity_bands_and_uses_a_thirty_percent_reduction_as_mcid():
    assert score(PEG, [5, 5, 5]).band is None
    assert PEG.mcid.points is None and PEG.mcid.percent == 30


def test_peg_item_wording_is_not_reproduced_while_its_licence_is_unclear():
    assert not PEG.licence.reproduce_items
    assert all(item.text is None for item in PEG.items)


def test_psfs_is_the_mean_of_the_activities_the_patient_names():
    result = score(PSFS, {"climbing stairs": 3, "lifting my grandson": 2, "gardening for an hour": 7})
    assert result.total == pytest.approx(4.0)
    assert [name for name, _ in result.answers] == ["climbing stairs", "lifting my grandson", "gardening for an hour"]


def test_psfs_runs_from_unable_at_0_to_pre_problem_level_at_10():
    assert score(PSFS, [0, 0, 0]).total == 0
    assert score(PSFS, [10, 10, 10, 10, 10]).total == 10
    assert PSFS.direction is Direction.HIGHER_IS_BETTER


@pytest.mark.parametrize("ratings", [[5, 5], [1, 2, 3, 4, 5, 6]])
def test_psfs_needs_three_to_five_activities(ratings):
    with pytest.raises(AnswerError, match="3-5 rated activities"):
        score(PSFS, ratings)


def test_psfs_with_an_activity_named_but_not_rated_has_no_mean():
    result = score(PSFS, {"walking the dog": 4, "driving": None, "carrying shopping": 6})
    assert result.total is None
    assert "driving" in result.notes[0]


def test_psfs_states_that_it_is_the_original_version_not_psfs_2():
    assert "PSFS 2.0 reverses" in PSFS.version


def test_lefs_runs_from_0_to_80_and_higher_is_better():
    assert score(LEFS, [0] * 20).total == 0
    assert score(LEFS, [4] * 20).total == 80
    assert LEFS.direction is Direction.HIGHER_IS_BETTER


def test_lefs_sums_twenty_activities_scored_0_to_4():
    answers = [3] * 10 + [2] * 10
    assert score(LEFS, answers).total == 50


def test_lefs_with_one_activity_skipped_has_no_total():
    answers = [4] * 19 + [None]
    result = score(LEFS, answers)
    assert result.total is None and "q20" in result.notes[0]


def test_lefs_mcid_and_mdc_are_nine_points_at_ninety_percent_confidence_per_binkley():
    assert LEFS.mcid.points == 9
    assert (LEFS.mdc.points, LEFS.mdc.confidence) == (9, 0.90)
    assert "Binkley 1999" in LEFS.mdc.cited.source


def test_lefs_items_are_short_labels_not_the_published_wording():
    assert not LEFS.licence.reproduce_items
    assert len(LEFS.items) == 20 and all(item.text is None for item in LEFS.items)


def test_ruths_back_pain_psfs_up_1_67_reaches_the_all_region_mid_of_1_3_and_says_which_value_it_used():
    """A physiotherapist's review (2026-12-03d, finding 11): the shoulder MIC of 2.0 was used for every
    region. Abbott & Schmitt 2014 give 1.3 (small) across body regions (clinical reference §1.3)."""
    before = {"bending to put on socks": 3, "sitting 1 hour": 3, "walking to the shop": 3}
    after = {"bending to put on socks": 4, "sitting 1 hour": 5, "walking to the shop": 5}
    change = compare(PSFS, score(PSFS, before).total, score(PSFS, after).total)
    assert change.mcid == 1.3 and change.mcid_met
    assert "reaches the MCID of 1.3 points (all body regions, Abbott & Schmitt 2014)" in change.interpretation
    assert "within the MDC of 2 points" in change.interpretation  # not yet beyond measurement error
