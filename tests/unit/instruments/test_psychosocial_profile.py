"""The psychosocial profile: yellow flags from the screens and what they suggest (clinical reference §4.3)."""

from rehab.core.models import Strategy
from rehab.instruments import lookup, psychosocial_profile, score
from rehab.instruments.psychosocial import GRADED_EXPOSURE, TIME_CONTINGENT


def screen(instrument_id, answers):
    return score(lookup(instrument_id), answers)


HIGH_RISK_BACK = screen("start_back", [0, 0, 0, 0, 1, 1, 1, 0, 4])  # total 4, psychosocial 4, fear item agreed
HIGH_RISK_BACK_NO_FEAR = screen("start_back", [1, 0, 0, 0, 0, 1, 1, 1, 4])  # total 5, psychosocial 4, fear item not
VERY_FEARFUL = screen("tsk11", [4] * 3 + [3] * 8)  # 36: high
LOW_RISK_BACK = screen("start_back", [1, 1, 0, 0, 0, 0, 0, 0, 1])
FEARFUL = screen("tsk11", [3] * 11)  # 33: moderate
UNAFRAID = screen("tsk11", [2] * 11)  # 22: minimal
CATASTROPHISING = screen("pcs", [3] * 10 + [0] * 3)  # 30
LOW_CONFIDENCE = screen("pseq", [2] * 10)  # 20
CONFIDENT = screen("pseq", [5] * 10)  # 50
DEPRESSED = screen("phq9", [2, 2, 1, 1, 1, 1, 1, 1, 0])  # 10
ANXIOUS_ONLY_PHQ4 = screen("phq4", [2, 1, 1, 0])  # anxiety 3, depression 1


def test_high_start_back_risk_with_the_fear_item_suggests_graded_exposure_with_its_reasons():
    profile = psychosocial_profile([HIGH_RISK_BACK])
    assert profile.flags == ("risk of persistent disability",)
    texts = [s.text for s in profile.suggestions]
    assert any(t.startswith("Psychologically informed care") for t in texts)
    assert any("rather than by pain alone" in t for t in texts)
    assert profile.suggested_strategy == GRADED_EXPOSURE
    assert profile.strategy_because == ("STarT Back high risk, with the fear item agreed (not safe to be physically active)",)
    assert "§3.3" in profile.strategy_source and "Leeuw 2008" in profile.strategy_source


def test_high_start_back_risk_without_the_fear_item_suggests_quota_based_progression():
    profile = psychosocial_profile([HIGH_RISK_BACK_NO_FEAR])
    assert profile.suggested_strategy == TIME_CONTINGENT
    assert profile.strategy_because == ("start_back 5: risk of persistent disability (high risk (total >= 4 and "
                                        "psychosocial subscale >= 4))",)
    assert "Lindström 1992" in profile.strategy_source


def test_the_suggested_strategies_are_the_check_in_engines_strategies():
    assert TIME_CONTINGENT == Strategy.TIME_CONTINGENT.value
    assert GRADED_EXPOSURE == Strategy.GRADED_EXPOSURE.value


def test_low_start_back_risk_with_no_other_flags_suggests_nothing():
    profile = psychosocial_profile([LOW_RISK_BACK, UNAFRAID, CONFIDENT])
    assert profile.flags == () and profile.suggestions == ()
    assert profile.suggested_strategy is None
    assert [(s.instrument, s.band, s.flagged) for s in profile.screens] == [
        ("start_back", "low risk", False), ("tsk11", "minimal", False), ("pseq", "high self-efficacy", False)]


def test_moderate_fear_of_movement_suggests_exposure_among_the_options_and_quotas_as_the_strategy():
    profile = psychosocial_profile([FEARFUL])
    assert profile.flags == ("fear of movement",)
    [exposure] = [s for s in profile.suggestions if s.text.startswith("Graded exposure")]
    assert exposure.because == ("fear of movement",)
    assert "Vlaeyen" in exposure.source and "Leeuw 2008" in exposure.source
    assert profile.suggested_strategy == TIME_CONTINGENT
    assert profile.strategy_because == ("tsk11 33: fear of movement (total >= 29 (moderate or high))",)


def test_high_fear_of_movement_suggests_the_graded_exposure_strategy():
    profile = psychosocial_profile([VERY_FEARFUL, CATASTROPHISING])
    assert VERY_FEARFUL.band == "high"
    assert profile.suggested_strategy == GRADED_EXPOSURE
    assert profile.strategy_because == ("TSK-11 36: high pain-related fear (>= 36)",)


def test_a_strategy_is_only_suggested_with_reasons_and_a_source():
    for scores in ([HIGH_RISK_BACK], [FEARFUL], [VERY_FEARFUL], [CATASTROPHISING], [LOW_CONFIDENCE], [DEPRESSED], []):
        profile = psychosocial_profile(scores)
        assert bool(profile.suggested_strategy) == bool(profile.strategy_because) == bool(profile.strategy_source)


def test_catastrophising_suggests_explaining_hurt_versus_harm():
    profile = psychosocial_profile([CATASTROPHISING])
    assert profile.flags == ("catastrophising",)
    assert any("hurt is not the same as harm" in s.text for s in profile.suggestions)


def test_low_self_efficacy_suggests_quotas_that_can_be_met_but_not_a_strategy_change():
    profile = psychosocial_profile([LOW_CONFIDENCE])
    assert profile.flags == ("low self-efficacy",)
    assert any("early success" in s.text and "Lindström 1992" in s.source for s in profile.suggestions)
    assert profile.suggested_strategy is None


def test_depression_and_anxiety_suggest_talking_about_mood_and_a_referral():
    profile = psychosocial_profile([DEPRESSED, ANXIOUS_ONLY_PHQ4])
    assert profile.flags == ("depression", "anxiety")
    [mood] = [s for s in profile.suggestions if "mood" in s.text and "GP" in s.text]
    assert mood.because == ("depression", "anxiety")


def test_a_phq4_subscale_reads_as_a_positive_or_negative_screen():
    profile = psychosocial_profile([ANXIOUS_ONLY_PHQ4])
    readings = {(s.domain, s.score, s.band, s.flagged) for s in profile.screens}
    assert readings == {("depression", 1, "negative screen", False), ("anxiety", 3, "positive screen", True)}


def test_every_suggestion_names_its_source():
    profile = psychosocial_profile([HIGH_RISK_BACK, FEARFUL, CATASTROPHISING, LOW_CONFIDENCE, DEPRESSED])
    assert len(profile.suggestions) == 7
    assert all(s.source and s.because for s in profile.suggestions)


def test_domains_without_a_screen_are_listed_as_not_screened():
    profile = psychosocial_profile([FEARFUL])
    assert profile.not_screened == ("risk of persistent disability", "catastrophising", "low self-efficacy",
                                    "depression", "anxiety")


def test_an_incomplete_screen_is_shown_but_raises_no_flag():
    incomplete = screen("tsk11", [4] * 10 + [None])
    profile = psychosocial_profile([incomplete])
    [reading] = profile.screens
    assert reading.flagged is None and reading.score is None
    assert profile.flags == ()


def test_the_self_harm_alert_passes_through_the_profile_unchanged():
    at_risk = screen("phq9", [1, 1, 0, 0, 0, 0, 0, 0, 2])
    profile = psychosocial_profile([at_risk])
    assert [a.code for a in profile.alerts] == ["phq9_self_harm"]


def test_the_latest_administration_of_a_screen_counts():
    profile = psychosocial_profile([FEARFUL, UNAFRAID])
    assert profile.flags == ()
