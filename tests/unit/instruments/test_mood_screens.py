"""PHQ-9, GAD-7 and PHQ-4 (clinical reference §1.4-1.6), and the same-day self-harm alert."""

import pytest

from rehab.instruments import lookup, score

PHQ9, GAD7, PHQ4 = (lookup(i) for i in ("phq9", "gad7", "phq4"))


def phq9(self_harm=0, **others):
    """A PHQ-9 with every item 0 unless named."""
    answers = {item.id: 0 for item in PHQ9.items}
    answers.update(others, self_harm=self_harm)
    return score(PHQ9, answers)


def test_phq9_item_9_above_zero_raises_same_day_risk_alert_whatever_the_total():
    result = phq9(self_harm=1)
    assert result.total == 1 and result.band == "minimal"
    [alert] = result.alerts
    assert alert.code == "phq9_self_harm"
    assert alert.item == "self_harm" and alert.answer == 1
    assert "same-day risk assessment" in alert.message


@pytest.mark.parametrize("answer", [1, 2, 3])
def test_phq9_every_answer_above_zero_on_item_9_raises_the_alert(answer):
    assert [a.code for a in phq9(self_harm=answer).alerts] == ["phq9_self_harm"]


def test_phq9_item_9_at_zero_raises_no_alert_even_with_severe_depression():
    result = score(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert result.band == "severe"
    assert result.alerts == ()


def test_phq9_self_harm_alert_is_raised_even_when_other_items_are_missing():
    result = score(PHQ9, [None, 2, None, 1, 0, 0, 0, 0, 2])
    assert result.total is None
    assert [a.code for a in result.alerts] == ["phq9_self_harm"]


def test_phq9_with_item_9_skipped_asks_a_clinician_to_ask_about_self_harm():
    result = score(PHQ9, [1, 1, 1, 1, 1, 1, 1, 1, None])
    assert result.total is None
    [alert] = result.alerts
    assert alert.code == "phq9_self_harm_unanswered" and alert.answer is None


def test_phq9_runs_from_0_to_27():
    assert phq9().total == 0
    assert score(PHQ9, [3] * 9).total == 27
    assert PHQ9.score_range == (0, 27)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe")],
)
def test_phq9_bands_follow_kroenke_2001(total, band):
    answers = [min(3, max(0, total - 3 * i)) for i in range(8)] + [0]
    if total > 24:
        answers[8] = total - 24
    assert sum(answers) == total
    assert score(PHQ9, answers).band == band


def test_phq9_keeps_the_published_wording_because_pfizer_allows_reproduction():
    assert PHQ9.licence.reproduce_items
    assert PHQ9.item("interest").text == "Little interest or pleasure in doing things"
    assert PHQ9.item("self_harm").text.startswith("Thoughts that you would be better off dead")


def test_phq9_carries_panel_and_total_loinc_codes():
    assert (PHQ9.loinc.panel, PHQ9.loinc.total) == ("44249-1", "44261-6")


def test_gad7_runs_from_0_to_21():
    assert score(GAD7, [0] * 7).total == 0
    assert score(GAD7, [3] * 7).total == 21


@pytest.mark.parametrize(
    ("answers", "band"),
    [([1, 1, 1, 1, 0, 0, 0], "minimal"), ([1, 1, 1, 1, 1, 0, 0], "mild"), ([2, 2, 2, 2, 1, 0, 0], "mild"),
     ([2, 2, 2, 2, 2, 0, 0], "moderate"), ([2, 2, 2, 2, 2, 2, 2], "moderate"), ([3, 3, 3, 2, 2, 1, 1], "severe")],
)
def test_gad7_bands_change_at_5_10_and_15(answers, band):
    assert score(GAD7, answers).band == band


def test_gad7_with_a_skipped_item_has_no_total_and_no_band():
    result = score(GAD7, [2, 2, 2, None, 2, 2, 2])
    assert result.total is None and result.band is None


def test_gad7_mcid_is_four_points_per_toussaint_2020():
    assert GAD7.mcid.points == 4 and "Toussaint 2020" in GAD7.mcid.cited.source


def test_phq4_total_and_subscales_are_scored_by_item_not_position():
    result = score(PHQ4, {"down": 2, "interest": 1, "worrying": 3, "nervous": 0})
    assert result.total == 6 and result.band == "moderate"
    assert result.subscale("anxiety").score == 3 and result.subscale("anxiety").positive
    assert result.subscale("depression").score == 3 and result.subscale("depression").positive


def test_phq4_subscale_of_2_is_a_negative_screen_and_3_is_positive():
    result = score(PHQ4, [1, 1, 2, 1])
    assert result.subscale("anxiety").score == 2 and result.subscale("anxiety").positive is False
    assert result.subscale("depression").score == 3 and result.subscale("depression").positive is True


@pytest.mark.parametrize(
    ("answers", "band"),
    [([0, 0, 1, 1], "none"), ([1, 1, 1, 0], "mild"), ([2, 1, 1, 1], "mild"), ([2, 2, 1, 1], "moderate"),
     ([2, 2, 2, 2], "moderate"), ([3, 2, 2, 2], "severe"), ([3, 3, 3, 3], "severe")],
)
def test_phq4_bands_change_at_3_6_and_9(answers, band):
    assert score(PHQ4, answers).band == band


def test_phq4_runs_from_0_to_12_with_subscales_of_0_to_6():
    assert score(PHQ4, [0, 0, 0, 0]).total == 0
    top = score(PHQ4, [3, 3, 3, 3])
    assert top.total == 12
    assert top.subscale("anxiety").range == (0, 6) and top.subscale("depression").range == (0, 6)


def test_phq4_with_a_depression_item_missing_still_scores_the_anxiety_subscale():
    result = score(PHQ4, {"nervous": 2, "worrying": 2, "interest": 1, "down": None})
    assert result.total is None
    assert result.subscale("anxiety").score == 4 and result.subscale("anxiety").positive
    assert result.subscale("depression").score is None and result.subscale("depression").positive is None


def test_phq4_leaves_out_the_conflicting_total_loinc_code():
    assert PHQ4.loinc.panel == "69724-3" and PHQ4.loinc.total is None
