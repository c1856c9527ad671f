"""A decision as a physiotherapist would write it in the notes: the exercise's name, what happened
in clinical words, the patient's value against the threshold, and what to consider."""

from rehab.core.engine.clinician_words import FINDINGS, HierarchyMove, decision_summary, red_flag_alert
from rehab.core.engine.dose_change import large_changes, warning
from rehab.core.engine.safety import RED_FLAGS
from rehab.core.models import Criterion, DecisionKind, Dose, Urgency

CONCERNS = {f: flag.concern for f, flag in RED_FLAGS.items()}


def criterion(name, value, threshold, passed=False, group="pain"):
    return Criterion(name, group, value, threshold, passed, "source")


def test_a_regression_says_the_pain_against_the_limit_and_the_eased_dose():
    text = decision_summary("Sit to stand", DecisionKind.REGRESS, None,
                            [criterion("pain_during_within_limit", 7, "<= 5")], Dose(sets=2, reps=8))
    assert text == ("Sit to stand: stepped back. Pain during the session reached 7/10 (limit <= 5). Dose eased to "
                    "2 sets of 8. Consider: check technique, load and what else the patient did that day.")


def test_an_emergency_referral_names_the_flag_its_concern_and_what_to_confirm():
    text = decision_summary("Walking", DecisionKind.REFER, Urgency.EMERGENCY,
                            [criterion("red_flags_absent", ["saddle_anaesthesia"], "none answered yes", group="safety")],
                            None, red_flag_concerns=CONCERNS)
    assert text == ("Walking: refer now (emergency). Red flag answered yes: saddle anaesthesia - possible cauda equina "
                    "syndrome. Exercise stopped until reviewed. Consider: contact the patient now to confirm they have "
                    "gone to an emergency department; if you cannot reach them, follow the clinic's escalation "
                    "procedure.")


def test_a_flare_says_the_days_and_the_dose_against_the_one_before_the_flare():
    text = decision_summary("Walking", DecisionKind.FLARE, None,
                            [criterion("no_flare_pain_rise", 1, "< 2 days in a row with pain >= 6.1", group="flare")],
                            Dose(duration_s=600), pre_flare_dose=Dose(duration_s=1200))
    assert "Pain at or above the flare level (6.1/10) on 1 day in a row; 2 days in a row make a flare." in text
    assert "needs <" not in text
    assert "Dose now 10 minutes (from 20 minutes before the flare)." in text


def test_a_hold_is_explained_by_the_criterion_the_patient_is_told_about():
    text = decision_summary("Bridge", DecisionKind.HOLD, None,
                            [criterion("target_dose_completed", 1, ">= 2 sessions in a row at the current dose", group="dose"),
                             criterion("next_morning_recorded", "0 of 1", "each of them")], Dose(sets=2, reps=10))
    assert text.startswith("Bridge: held at the same dose. Next-morning pain recorded for 0 of 1 sessions")
    assert "Consider: remind the patient to note their pain on waking." in text


def test_an_advance_names_the_pain_that_allowed_it():
    text = decision_summary("Bridge", DecisionKind.ADVANCE, None,
                            [criterion("pain_during_within_limit", 3, "<= 5", passed=True)], Dose(sets=2, reps=11))
    assert text == ("Bridge: progressed. All progression criteria met: pain during sessions at most 3/10 (limit <= 5). "
                    "Next dose 2 sets of 11.")


def test_a_criterion_added_later_is_still_worded_from_its_name_value_and_threshold():
    text = decision_summary("Bridge", DecisionKind.HOLD, None, [criterion("new_rule", 4, "< 3")], Dose(reps=5))
    assert "New rule: 4 (needs < 3)." in text and "new_rule" not in text


def test_every_finding_template_fills_without_a_missing_key():
    for name in FINDINGS:
        decision_summary("X", DecisionKind.HOLD, None, [criterion(name, 2, "< 1")], Dose(reps=5))


def test_a_screening_alert_names_each_flag_with_its_concern():
    assert red_flag_alert(("constant_night_pain",), Urgency.URGENT, CONCERNS).startswith(
        "Red flag answered yes at a screening: constant night pain - possible malignancy or infection")


def test_a_dose_below_half_or_above_one_and_a_half_times_is_a_large_change():
    walk = Dose(duration_s=1200)
    assert large_changes(walk, Dose(duration_s=10)) and large_changes(walk, Dose(duration_s=1860))
    assert not large_changes(walk, Dose(duration_s=600)) and not large_changes(walk, Dose(duration_s=1800))
    assert not large_changes(None, walk) and not large_changes(walk, Dose(reps=3))
    assert warning(walk, Dose(duration_s=10), large_changes(walk, Dose(duration_s=10))).startswith(
        "This changes the dose from 20 minutes to 10 seconds: less than half of it.")


def test_a_next_morning_that_did_not_settle_names_the_patients_morning_against_the_limit():
    text = decision_summary("Bridge", DecisionKind.HOLD, None,
                            [criterion("next_morning_back_to_usual", 6, "<= 5.2 (mornings 4.2 + noise 1.0)")],
                            Dose(sets=2, reps=10))
    assert "Next-morning pain 6/10 after a session, not back to usual (limit <= 5.2" in text


def test_a_flare_not_yet_settled_says_the_level_the_days_and_what_is_needed_to_step_back_up():
    text = decision_summary("Walking", DecisionKind.FLARE, None,
                            [criterion("flare_settled", 1, ">= 2 days in a row with pain below 6.3 (pre-flare usual + margin)",
                                       group="flare")], Dose(duration_s=600), pre_flare_dose=Dose(duration_s=1200))
    assert ("Flare not settled yet: pain below 6.3/10 (pre-flare usual + margin) on 1 day in a row; 2 days in a row "
            "are needed before stepping back up.") in text


def test_a_stalled_exposure_asks_for_a_review_of_the_hierarchy_not_of_the_exercise():
    stall = criterion("progress_within_stall_window", 49, "< 42 days since the last advance", group="stall")
    text = decision_summary("Bending", DecisionKind.REFORMULATE, None, [stall], Dose(reps=5),
                            exposure=HierarchyMove("same", "loading the dishwasher", "loading the dishwasher"))
    assert text.startswith('Bending: stalled on "loading the dishwasher" in the fear hierarchy')
    assert "choice of exercise" not in text and "add a smaller step between the items" in text
    assert "Dose" not in text
