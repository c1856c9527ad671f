"""Change between two administrations: better, worse or no reliable change, with the numbers
(clinical reference §7.1)."""

import math

import pytest

from rehab.instruments import ChangeError, compare, lookup, reliable_change_index

NPRS, PHQ9, PSEQ, LEFS, PCS, PEG, PHQ4 = (lookup(i) for i in ("nprs", "phq9", "pseq", "lefs", "pcs", "peg", "phq4"))
FIVE_TIMES_SIT_TO_STAND, SIX_MINUTE_WALK = lookup("five_times_sit_to_stand"), lookup("six_minute_walk")


def test_depression_score_falling_by_the_mcid_is_better_on_a_higher_is_worse_scale():
    change = compare(PHQ9, 15, 9)
    assert (change.raw, change.percent, change.mcid_met, change.verdict) == (-6, -40, True, "better")
    assert change.interpretation.startswith("better: -6 points (-40%); reaches the MCID of 5 points")


def test_depression_score_rising_by_the_mcid_is_worse_on_a_higher_is_worse_scale():
    change = compare(PHQ9, 8, 14)
    assert (change.raw, change.mcid_met, change.verdict) == (6, True, "worse")


def test_self_efficacy_rising_by_the_mcid_is_better_on_a_higher_is_better_scale():
    change = compare(PSEQ, 20, 32)
    assert (change.raw, change.percent, change.verdict) == (12, 60, "better")


def test_self_efficacy_falling_by_the_mcid_is_worse_on_a_higher_is_better_scale():
    assert compare(PSEQ, 40, 28).verdict == "worse"


def test_a_change_smaller_than_the_mcid_with_no_reliability_data_is_no_reliable_change():
    change = compare(PHQ9, 12, 9)
    assert (change.mcid_met, change.reliable, change.verdict) == (False, None, "no reliable change")
    assert "below the MCID of 5 points" in change.interpretation
    assert "reliability not known" in change.interpretation


def test_pain_needs_two_points_and_thirty_percent_to_reach_the_mcid():
    assert compare(NPRS, 6, 4).mcid_met is True  # -2 points, -33%
    assert compare(NPRS, 8, 6).mcid_met is False  # -2 points but only -25%
    assert compare(NPRS, 2, 1).mcid_met is False  # -50% but only 1 point
    assert compare(NPRS, 10, 7).mcid_met is True  # exactly -3 points and -30%


def test_pain_rising_from_zero_counts_as_an_unbounded_percentage():
    change = compare(NPRS, 0, 3)
    assert change.percent is None
    assert (change.mcid_met, change.verdict) == (True, "worse")


def test_peg_mcid_is_a_thirty_percent_reduction_of_the_mean():
    assert compare(PEG, 6.0, 4.2).mcid_met is True
    assert compare(PEG, 6.0, 4.4).mcid_met is False


def test_lefs_gain_beyond_the_mdc_is_reliably_better():
    change = compare(LEFS, 40, 50)
    assert (change.beyond_mdc, change.reliable, change.mcid_met, change.verdict) == (True, True, True, "better")
    assert "beyond the MDC of 9 points" in change.interpretation


def test_lefs_loss_beyond_the_mdc_is_reliably_worse():
    assert compare(LEFS, 60, 48).verdict == "worse"


def test_lefs_change_within_the_mdc_is_no_reliable_change():
    change = compare(LEFS, 40, 46)
    assert (change.beyond_mdc, change.verdict) == (False, "no reliable change")


def test_pcs_uses_the_larger_mcid_of_11_for_baselines_above_30():
    high = compare(PCS, 40, 31)
    assert (high.mcid, high.mcid_met) == (11, False)
    low = compare(PCS, 28, 19)
    assert (low.mcid, low.mcid_met) == (8, True)


def test_reliable_change_index_follows_jacobson_and_truax_with_the_root_two_correction():
    # SD 10, r 0.84: SEM = 10 x sqrt(0.16) = 4; S_diff = 4 x sqrt(2) = 5.657
    assert reliable_change_index(30, 20, 10, 0.84) == pytest.approx(-10 / (4 * math.sqrt(2)))


def test_smallest_reliable_change_is_2_77_sem_the_mdc95():
    sem = 10 * math.sqrt(1 - 0.84)
    just_above = 2.78 * sem
    just_below = 2.76 * sem
    assert abs(reliable_change_index(0, just_above, 10, 0.84)) > 1.96
    assert abs(reliable_change_index(0, just_below, 10, 0.84)) < 1.96


def test_an_rci_beyond_1_96_makes_a_change_reliable_whatever_the_mcid():
    change = compare(PSEQ, 20, 28, reference_sd=9, reliability=0.92)
    assert change.reliable_change_index == pytest.approx(8 / (9 * math.sqrt(0.08) * math.sqrt(2)))
    assert (change.reliable, change.mcid_met, change.verdict) == (True, False, "better")
    assert "RCI +2.22, beyond +/-1.96" in change.interpretation


def test_an_rci_within_1_96_is_no_reliable_change_even_past_the_mcid():
    change = compare(PHQ9, 14, 8, reference_sd=6, reliability=0.6)
    assert change.mcid_met is True
    assert (change.reliable, change.verdict) == (False, "no reliable change")


def test_the_rci_takes_precedence_over_the_published_mdc():
    change = compare(LEFS, 40, 50, reference_sd=15, reliability=0.7)
    assert change.beyond_mdc is True and change.reliable is False


def test_an_rci_needs_both_a_reference_sd_and_a_reliability():
    with pytest.raises(ChangeError, match="both"):
        compare(PHQ9, 10, 5, reference_sd=5)


@pytest.mark.parametrize(("sd", "r"), [(0, 0.8), (-2, 0.8), (5, 1.0), (5, -0.1)])
def test_an_rci_refuses_impossible_sd_or_reliability(sd, r):
    with pytest.raises(ChangeError):
        reliable_change_index(10, 5, sd, r)


def test_without_mcid_mdc_or_reliability_the_change_is_unclear_not_guessed():
    change = compare(PHQ4, 8, 4)
    assert (change.mcid_met, change.reliable, change.verdict) == (None, None, "unclear")
    assert "no MCID known" in change.interpretation


def test_no_change_at_all_is_no_reliable_change():
    assert compare(PHQ4, 5, 5).verdict == "no reliable change"


def test_a_faster_sit_to_stand_beyond_the_mdc_is_better_on_a_lower_is_better_test():
    change = compare(FIVE_TIMES_SIT_TO_STAND, 18.0, 13.5)
    assert (change.raw, change.reliable, change.mcid_met, change.verdict) == (-4.5, True, True, "better")
    assert change.interpretation.startswith("better: -4.5 s (-25%)")


def test_a_slower_sit_to_stand_beyond_the_mdc_is_worse():
    assert compare(FIVE_TIMES_SIT_TO_STAND, 12.0, 16.5).verdict == "worse"


def test_a_longer_walk_past_the_mcid_is_better_when_no_mdc_is_known():
    change = compare(SIX_MINUTE_WALK, 380, 420)
    assert (change.reliable, change.mcid_met, change.verdict) == (None, True, "better")


def test_a_change_equal_to_the_mdc_is_said_to_be_at_or_beyond_it_not_beyond_it():
    """PSFS from 3 to 5: +2 points, exactly its MDC of 2. It counts as a reliable change (>= the MDC),
    and the clinician reads "at or beyond", which is true; "beyond" alone was not (a physiotherapist's
    re-check, 2026-12-03e, the checkpoint of case A5)."""
    change = compare(lookup("psfs"), 3, 5)
    assert (change.raw, change.beyond_mdc, change.reliable) == (2, True, True)
    assert "at or beyond the MDC of 2 points" in change.interpretation
    assert "; beyond the MDC" not in change.interpretation
