"""Personal baselines and reliable change, checked against the worked examples of the reference
(§7.2) and against the ways a baseline can fool itself: a drift walking into its own yardstick, a
ramp passing for noise, a noisy week widening the band past a clinically important change."""

from datetime import date, timedelta

import pytest

from rehab.core.engine.monitoring import (
    ANCHORED,
    PROVISIONAL,
    DailySeries,
    autocorrelation,
    anchored_baseline,
    diary_series,
    drift,
    intake_anchor,
    noise,
    personal_baseline,
    reliable_change_z,
    run_ending_latest,
)
from rehab.core.models import BaselineAnchor, DiaryEntry, Limits

DAY = date(2026, 11, 1)


def _series(values):
    return DailySeries.of({DAY + timedelta(days=i): v for i, v in enumerate(values)})


def test_reliable_change_matches_the_reference_worked_example():
    # Clinical reference §7.2: baseline 14 days m 5.6 s 0.9; week 4: 7 days m 4.4 s 0.8.
    assert reliable_change_z(5.6, 0.9, 14, 4.4, 0.8, 7, 0.0) == pytest.approx(-3.11, abs=0.01)
    assert reliable_change_z(5.6, 0.9, 14, 4.4, 0.8, 7, 0.4) == pytest.approx(-2.03, abs=0.01)


def test_several_entries_on_one_day_are_averaged():
    diary = [DiaryEntry(DAY, pain=4, pain_next_morning=5), DiaryEntry(DAY, pain=6),
             DiaryEntry(DAY + timedelta(days=1), pain=3, flare_declared=True)]
    series = diary_series(diary)
    assert series.usual.by_day == {DAY: 5.0, DAY + timedelta(days=1): 3.0}
    assert series.morning.by_day == {DAY: 5.0}
    assert series.flare_declared == {DAY + timedelta(days=1)}


def test_a_baseline_needs_seven_days_by_default():
    six_days = _series([4, 5, 4, 3, 4, 5])
    assert personal_baseline(six_days, DAY, DAY + timedelta(days=30), Limits()) is None
    baseline = personal_baseline(_series([4, 5, 4, 3, 4, 5, 4]), DAY, DAY + timedelta(days=30), Limits())
    assert baseline.days == 7
    assert baseline.mean == pytest.approx(29 / 7)


def test_the_noise_band_grows_with_her_variability_between_one_point_and_the_mcid():
    steady = personal_baseline(_series([4] * 14), DAY, DAY + timedelta(days=13), Limits())
    a_little = personal_baseline(_series([4, 5] * 7), DAY, DAY + timedelta(days=13), Limits())
    variable = personal_baseline(_series([2, 6] * 7), DAY, DAY + timedelta(days=13), Limits())
    assert steady.noise_band == 1.0
    # 1.96 x SD x sqrt(1 + 1/n), SD of the detrended values (about 0.54 here), n = 14
    assert 1.0 < a_little.noise_band < 1.2
    # A swing of 4 points a day would give a band of about 4.2: capped at the NRS MCID of 2 points
    # (Farrar 2001), so no diary can make a clinically important rise look like noise.
    assert variable.noise_band == 2.0


def test_a_clinician_can_set_a_wider_band_for_one_patient():
    variable = personal_baseline(_series([2, 6] * 7), DAY, DAY + timedelta(days=13), Limits(noise_band_max=3.0))
    assert variable.noise_band == 3.0


def test_a_steady_ramp_is_trend_not_noise():
    # Pain creeping up by a third of a point a day: the plain SD is 1.4, the detrended one near 0.
    ramp = _series([2 + k / 3 for k in range(21)])
    estimate = noise(ramp, DAY, DAY + timedelta(days=20), Limits())
    assert estimate.sd < 0.01
    assert estimate.days == 21


def test_autocorrelation_is_estimated_from_consecutive_days_with_the_trend_taken_out():
    window = (DAY, DAY + timedelta(days=9))
    trending = _series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    alternating = _series([2, 6] * 5)
    slow_waves = _series([3, 3, 4, 4, 5, 5, 4, 4, 3, 3])
    assert autocorrelation(noise(trending, *window, Limits())) in (None, 0.0)  # a ramp is not autocorrelated noise
    assert autocorrelation(noise(alternating, *window, Limits())) == 0.0
    assert autocorrelation(noise(slow_waves, *window, Limits())) > 0.3
    gaps = DailySeries.of({DAY + timedelta(days=2 * k): v for k, v in enumerate([2, 6, 3, 5, 4, 6, 2, 5])})
    assert autocorrelation(noise(gaps, DAY, DAY + timedelta(days=20), Limits())) is None  # no consecutive days


def test_the_intake_baseline_is_the_first_fortnight_of_the_diary():
    series = _series([4] * 30)
    anchor = intake_anchor(series, Limits())
    assert (anchor.first, anchor.last, anchor.reason) == (DAY, DAY + timedelta(days=13), "intake")


def test_a_sparse_diarist_s_intake_baseline_waits_for_seven_entries():
    series = DailySeries.of({DAY + timedelta(days=3 * k): 4 for k in range(10)})
    anchor = intake_anchor(series, Limits())
    assert anchor.last == DAY + timedelta(days=18)  # the 7th entry, on day 18


def test_the_anchored_baseline_does_not_move_when_pain_rises_for_weeks():
    # Two weeks at 3, then four weeks at 6: the yardstick stays at 3 until a clinician re-baselines.
    series = _series([3] * 14 + [6] * 28)
    today = DAY + timedelta(days=41)
    baseline = anchored_baseline(series, today, Limits(), None)
    assert baseline.mean == 3 and baseline.status == ANCHORED and baseline.kind == "intake"
    rebaselined = anchored_baseline(series, today, Limits(), BaselineAnchor(DAY + timedelta(days=20), DAY + timedelta(days=33),
                                                                          "reassessment", DAY + timedelta(days=34)))
    assert rebaselined.mean == 6 and rebaselined.kind == "reassessment"


def test_the_baseline_is_provisional_while_the_baseline_phase_runs():
    series = _series([4] * 10)
    baseline = anchored_baseline(series, DAY + timedelta(days=9), Limits(), None)
    assert baseline.status == PROVISIONAL
    assert baseline.days == 8  # the last 2 days are judged for a flare, not part of the yardstick


def test_the_pre_flare_weeks_are_the_yardstick_during_a_flare():
    series = _series([3] * 20 + [5] * 10 + [8, 8, 8])
    flare_started = DAY + timedelta(days=30)
    baseline = anchored_baseline(series, DAY + timedelta(days=32), Limits(), None, flare_started)
    assert baseline.kind == "pre-flare" and baseline.last == flare_started - timedelta(days=Limits().flare_days)


def test_a_sustained_rise_of_the_mcid_is_drift_and_a_smaller_or_shorter_one_is_not():
    anchor = personal_baseline(_series([3] * 14), DAY, DAY + timedelta(days=13), Limits())
    today = DAY + timedelta(days=41)
    two_weeks_up = _series([3] * 28 + [5] * 14)
    one_week_up = _series([3] * 35 + [6] * 7)
    a_bit_up = _series([3] * 28 + [4.5] * 14)
    assert drift(two_weeks_up, anchor.mean, today, Limits()).sustained
    assert not drift(one_week_up, anchor.mean, today, Limits()).sustained
    assert not drift(a_bit_up, anchor.mean, today, Limits()).sustained


def test_drift_needs_thirty_percent_as_well_as_two_points_from_a_high_baseline():
    anchor = personal_baseline(_series([7] * 14), DAY, DAY + timedelta(days=13), Limits())
    today = DAY + timedelta(days=41)
    assert not drift(_series([7] * 28 + [9] * 14), anchor.mean, today, Limits()).sustained  # +2 is 29% of 7
    assert drift(_series([7] * 28 + [9.2] * 14), anchor.mean, today, Limits()).sustained


def test_runs_of_high_and_low_days_end_on_the_latest_entry_and_need_consecutive_days():
    series = _series([4, 7, 8, 8])
    assert run_ending_latest(series, DAY, DAY + timedelta(days=3), 6.5) == (3, 0)
    gap = DailySeries.of({DAY: 8, DAY + timedelta(days=2): 8})
    assert run_ending_latest(gap, DAY, DAY + timedelta(days=2), 6.5) == (1, 0)
    assert run_ending_latest(_series([8, 8, 4, 4]), DAY, DAY + timedelta(days=3), 6.5) == (0, 2)
