"""Each behavioural experiment shown back to the patient as evidence: what they feared and how sure
they were, what happened, how sure they are now; plain (reading grade 8 or below), true, never empty."""

from datetime import date

from rehab.content.readability import grade
from rehab.core.engine.exposure_evidence import evidence
from rehab.core.models import BehaviouralExperiment

DAY = date(2026, 11, 27)


def experiment(**changes):
    fields = {"date": DAY, "item": "dishwasher", "expected": "my back will give way", "belief_before": 80,
              "outcome": "it ached a bit and settled", "feared_outcome_happened": False, "belief_after": 20,
              "pain_during": 4}
    return BehaviouralExperiment(**{**fields, **changes})


def test_a_disconfirming_experiment_says_what_was_expected_and_what_happened():
    words = evidence(experiment(), "bending to load the dishwasher")
    assert 'You feared: "my back will give way". You were 8 out of 10 sure it would happen.' in words
    assert "What you feared did not happen." in words and "After, you were 2 out of 10 sure." in words
    assert "Your worst pain was 4 out of 10." in words


def test_a_feared_outcome_that_happened_is_said_as_it_was_and_points_to_the_clinician():
    words = evidence(experiment(feared_outcome_happened=True, belief_after=80), "lifting my grandson")
    assert "Your clinician has been told and will talk it over with you." in words
    assert "did not happen" not in words


def test_a_stopped_experiment_is_information_not_failure():
    words = evidence(experiment(stopped_early=True, feared_outcome_happened=True), "running for the bus")
    assert "You stopped before the end. That is useful to know: next time the step can be smaller." in words
    assert "did not happen" not in words


def test_safety_behaviours_used_are_named():
    assert "You used: bracing, holding my breath." in evidence(
        experiment(safety_behaviours=("bracing", "holding my breath")), "gardening")


def test_every_variant_reads_at_grade_8_or_below():
    for changes in ({}, {"feared_outcome_happened": True}, {"stopped_early": True}, {"outcome": None},
                    {"safety_behaviours": ("bracing",)}, {"pain_during": None, "belief_after": None}):
        words = evidence(experiment(**changes), "gardening")
        assert words.strip() and grade(words) <= 8, (changes, grade(words), words)
