"""Which referral each screen calls for, with the readings behind it (clinical reference §1.4-1.9,
§4.3): moderate or worse depression or anxiety to the GP, high catastrophising to a psychologist,
low self-efficacy to a pain-management programme, and thoughts of self-harm to a same-day risk
assessment whatever the total."""

from rehab.instruments import lookup, psychosocial_profile, score
from rehab.instruments.referrals import referral_needs

PHQ9, GAD7, PCS, PSEQ = (lookup(i) for i in ("phq9", "gad7", "pcs", "pseq"))


def needs(*scores):
    return {n.destination: n for n in referral_needs(psychosocial_profile(scores))}


def test_a_phq9_of_ten_opens_a_gp_referral_naming_the_score():
    found = needs(score(PHQ9, [2, 2, 1, 1, 1, 1, 1, 1, 0]))
    assert set(found) == {"gp"}
    assert found["gp"].scores == {"phq9": 10}
    assert "PHQ9 10" in found["gp"].reason and "Kroenke" in found["gp"].source


def test_a_phq9_of_nine_and_a_gad7_of_nine_open_nothing():
    assert needs(score(PHQ9, [2, 2, 1, 1, 1, 1, 1, 0, 0]), score(GAD7, [2, 2, 1, 1, 1, 1, 1])) == {}


def test_depression_and_anxiety_together_are_one_gp_referral_with_both_scores():
    found = needs(score(PHQ9, [2, 2, 2, 2, 2, 2, 2, 0, 0]), score(GAD7, [2, 2, 2, 2, 2, 1, 1]))
    assert list(found) == ["gp"] and found["gp"].scores == {"phq9": 14, "gad7": 12}


def test_catastrophising_of_30_goes_to_psychology_and_low_self_efficacy_to_a_pain_programme():
    found = needs(score(PCS, [3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2]), score(PSEQ, [2] * 10))
    assert set(found) == {"psychology", "pain_management"}
    assert found["psychology"].scores == {"pcs": 30} and found["pain_management"].scores == {"pseq": 20}


def test_pcs_of_29_and_pseq_of_25_open_nothing():
    assert needs(score(PCS, [3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), score(PSEQ, [3, 3, 3, 3, 3, 2, 2, 2, 2, 2])) == {}


def test_thoughts_of_self_harm_ask_for_a_same_day_risk_assessment_whatever_the_total():
    found = needs(score(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert list(found) == ["risk_assessment"]
    assert found["risk_assessment"].same_day and found["risk_assessment"].scores == {"phq9.self_harm": 1}
    assert "paused" in found["risk_assessment"].reason


def test_item_9_left_unanswered_is_not_a_no_and_asks_for_the_same_same_day_risk_assessment():
    """A person may skip the one question they do not want to answer: a missing answer to the
    self-harm item is not known to be safe, so a clinician asks it today (clinical reference §1.4)."""
    found = needs(score(PHQ9, [1, 1, 0, 0, 0, 0, 0, 0, None]))
    assert list(found) == ["risk_assessment"]
    step = found["risk_assessment"]
    assert step.same_day and step.instruments == ("phq9",) and step.scores == {}
    assert "left unanswered" in step.reason and "not a no" in step.reason and "paused" in step.reason


def test_item_9_answered_0_opens_no_risk_assessment():
    assert "risk_assessment" not in needs(score(PHQ9, [1, 1, 0, 0, 0, 0, 0, 0, 0]))
