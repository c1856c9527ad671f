"""Personal baselines and reliable change, checked against the worked examples of the reference."""

from datetime import date, timedelta

import pytest

from rehab.core.engine.monitoring import (
    DailySeries,
    diary_series,
    lag1_autocorrelation,
    personal_baseline,
    reliable_change_z,
    run_ending_latest,
)
from rehab.core.models import DiaryEntry, Limits

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


def test_the_noise_band_grows_with_her_variability_and_never_drops_below_a_point():
    steady = personal_baseline(_series([4] * 14), DAY, DAY + timedelta(days=13), Limits())
    variable = personal_baseline(_series([2, 6] * 7), DAY, DAY + timedelta(days=13), Limits())
    assert steady.noise_band == 1.0
    # 1.96 x SD x sqrt(1 + 1/n) with SD = 2.075 and n = 14
    assert variable.noise_band == pytest.approx(1.96 * 2.0755 * (1 + 1 / 14) ** 0.5, abs=0.01)


def test_autocorrelation_is_estimated_from_consecutive_days_and_kept_within_bounds():
    window = (DAY, DAY + timedelta(days=9))
    trending = _series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    alternating = _series([2, 6] * 5)
    short = _series([2, 6, 3, 5])
    assert 0.5 < lag1_autocorrelation(trending, personal_baseline(trending, *window, Limits()), 0.4) <= 0.9
    assert lag1_autocorrelation(alternating, personal_baseline(alternating, *window, Limits()), 0.4) == 0.0
    short_baseline = personal_baseline(short, *window, Limits(baseline_min_days=3))
    assert lag1_autocorrelation(short, short_baseline, 0.4) == 0.4  # too few day pairs: the default


def test_runs_of_high_and_low_days_end_on_the_latest_entry_and_need_consecutive_days():
    series = _series([4, 7, 8, 8])
    assert run_ending_latest(series, DAY, DAY + timedelta(days=3), 6.5) == (3, 0)
    gap = DailySeries.of({DAY: 8, DAY + timedelta(days=2): 8})
    assert run_ending_latest(gap, DAY, DAY + timedelta(days=2), 6.5) == (1, 0)
    assert run_ending_latest(_series([8, 8, 4, 4]), DAY, DAY + timedelta(days=3), 6.5) == (0, 2)
