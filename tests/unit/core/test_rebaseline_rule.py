"""When a clinician may move a patient's yardstick (clinical reference §7.2 steps 1 and 5)."""

from datetime import date, timedelta

from rehab.core.engine.rebaseline import REASONS, refusal
from rehab.core.models import Limits

TODAY = date(2026, 11, 27)


def days(first: date, count: int, every: int = 1) -> list[date]:
    return [first + timedelta(days=n * every) for n in range(count)]


def test_the_reasons_are_those_of_the_reference_and_nothing_else():
    assert set(REASONS) == {"setback", "medication_change", "new_phase"}


def test_fourteen_logged_days_after_a_medication_change_make_a_baseline():
    diary = days(TODAY - timedelta(days=56), 56)
    assert refusal(TODAY - timedelta(days=14), TODAY - timedelta(days=1), TODAY, diary, Limits()) is None


def test_seven_days_with_pain_are_enough_and_six_are_not():
    """§7.2 step 1: at least 7 daily entries. A window with every other day logged needs 13 days."""
    diary = days(TODAY - timedelta(days=30), 16, every=2)
    assert refusal(diary[-7], diary[-1], TODAY, diary, Limits()) is None
    field, words = refusal(diary[-6], diary[-1], TODAY, diary, Limits())
    assert field == "first" and "only 6 days with a pain entry" in words and "at least 7" in words


def test_a_clinician_who_set_a_longer_minimum_gets_it():
    diary = days(TODAY - timedelta(days=30), 30)
    assert refusal(TODAY - timedelta(days=9), TODAY, TODAY, diary, Limits(baseline_min_days=14))[0] == "first"


def test_days_not_yet_lived_are_not_a_baseline():
    diary = days(TODAY - timedelta(days=30), 31)
    field, words = refusal(TODAY - timedelta(days=13), TODAY + timedelta(days=1), TODAY, diary, Limits())
    assert field == "last" and "in the future" in words


def test_a_window_before_the_diary_began_is_refused_even_with_enough_days_in_it():
    diary = days(TODAY - timedelta(days=10), 10)
    field, words = refusal(TODAY - timedelta(days=20), TODAY - timedelta(days=1), TODAY, diary, Limits())
    assert field == "first" and "before the first diary entry" in words


def test_no_diary_no_baseline():
    assert refusal(TODAY - timedelta(days=13), TODAY, TODAY, [], Limits())[0] == "first"


def test_a_window_that_ends_before_it_starts_is_refused():
    assert refusal(TODAY, TODAY - timedelta(days=1), TODAY, days(TODAY - timedelta(days=30), 31), Limits())[0] == "last"
