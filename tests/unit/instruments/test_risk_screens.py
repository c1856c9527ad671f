"""Keele STarT Back and the Örebro short form (clinical reference §1.10-1.11)."""

import pytest

from rehab.instruments import lookup, score

START_BACK, OMPSQ = lookup("start_back"), lookup("ompsq_sf")
NOT_AT_ALL, SLIGHTLY, MODERATELY, VERY_MUCH, EXTREMELY = range(5)


def start_back(physical=0, psychosocial=0, bothersome=NOT_AT_ALL):
    """Agree with the first ``physical`` of q1-q4 and the first ``psychosocial`` of q5-q8."""
    q1_4 = [1] * physical + [0] * (4 - physical)
    q5_8 = [1] * psychosocial + [0] * (4 - psychosocial)
    return score(START_BACK, q1_4 + q5_8 + [bothersome])


def test_start_back_runs_from_0_to_9_with_a_psychosocial_subscale_of_0_to_5():
    assert start_back().total == 0
    top = start_back(4, 4, EXTREMELY)
    assert top.total == 9 and top.subscale("psychosocial").score == 5
    assert top.subscale("psychosocial").range == (0, 5)


@pytest.mark.parametrize(("answer", "point"), [(NOT_AT_ALL, 0), (SLIGHTLY, 0), (MODERATELY, 0), (VERY_MUCH, 1), (EXTREMELY, 1)])
def test_start_back_bothersomeness_scores_a_point_only_for_very_much_or_extremely(answer, point):
    assert start_back(bothersome=answer).total == point


def test_start_back_total_of_3_is_low_risk():
    assert start_back(physical=3).band == "low risk"


def test_start_back_total_of_4_with_psychosocial_3_is_medium_risk():
    result = start_back(physical=1, psychosocial=3)
    assert (result.total, result.subscale("psychosocial").score, result.band) == (4, 3, "medium risk")


def test_start_back_total_of_4_with_psychosocial_4_is_high_risk():
    result = start_back(psychosocial=3, bothersome=VERY_MUCH)
    assert (result.total, result.subscale("psychosocial").score, result.band) == (4, 4, "high risk")


def test_start_back_high_physical_load_with_little_distress_stays_medium_risk():
    result = start_back(physical=4, psychosocial=3, bothersome=MODERATELY)
    assert (result.total, result.band) == (7, "medium risk")


def test_start_back_worked_example_all_psychosocial_items_agreed_is_high_risk():
    # Keele calculator logic: total >= 4 and psychosocial >= 4 -> high.
    result = start_back(physical=0, psychosocial=4, bothersome=EXTREMELY)
    assert (result.total, result.band) == (5, "high risk")


def test_start_back_risk_groups_carry_keeles_snomed_codes():
    codes = {band.label: band.snomed for band in START_BACK.bands.bands}
    assert codes == {"low risk": "945621000000107", "medium risk": "45641000000100", "high risk": "45601000000103"}


def test_start_back_with_an_item_skipped_has_no_risk_group():
    result = score(START_BACK, [1, 1, 1, 1, 1, None, 1, 1, 4])
    assert result.total is None and result.band is None
    assert result.subscale("psychosocial").score is None


def test_start_back_keeps_keeles_copyright_note_and_stores_no_item_wording():
    assert not START_BACK.licence.reproduce_items
    assert "© Keele University" in START_BACK.licence.note
    assert all(item.text is None for item in START_BACK.items)


def ompsq(duration=1, pain=0, light_work=10, sleep=10, anxious=0, low_mood=0, persist=0, working=10, stop=0, wait=0):
    return score(OMPSQ, [duration, pain, light_work, sleep, anxious, low_mood, persist, working, stop, wait])


def test_ompsq_lowest_risk_answers_total_1_because_duration_is_coded_from_1():
    assert ompsq().total == 1


def test_ompsq_highest_risk_answers_total_100():
    assert ompsq(10, 10, 0, 0, 10, 10, 10, 0, 10, 10).total == 100


def test_ompsq_reverse_scores_light_work_sleep_and_chance_of_working():
    assert ompsq(light_work=0).total == 11
    assert ompsq(sleep=3).total == 8
    assert ompsq(working=10).total == 1


@pytest.mark.parametrize(("persist", "total", "band"), [(9, 49, "below the risk cut-off"), (10, 50, "at or above the risk cut-off")])
def test_ompsq_cut_off_is_50(persist, total, band):
    result = ompsq(duration=10, pain=10, anxious=10, low_mood=10, persist=persist)
    assert (result.total, result.band) == (total, band)


def test_ompsq_with_a_skipped_item_has_no_total():
    assert score(OMPSQ, [5, 5, 5, None, 5, 5, 5, 5, 5, 5]).total is None
