"""PHQ-9 item 9 above 0 pauses automated advice until a clinician has assessed the risk the same day
(clinical reference §1.4). Before, the alert reached the clinician but the check-in went on
advancing the person's exercise and sending cheerful messages as if nothing had been said."""

from dataclasses import replace

from builders import DOSE, checkin, diary

from rehab.core.engine.messages import SELF_HARM_IN_FLARE
from rehab.core.engine.progression import check_in
from rehab.content.readability import grade, sentences
from rehab.core.models import DecisionKind, Symptoms


def test_a_person_ready_to_advance_is_held_while_a_risk_assessment_is_due():
    ready = checkin()
    assert check_in(ready).kind is DecisionKind.ADVANCE, "she is otherwise ready to step up"
    decision = check_in(replace(ready, risk_assessment_due=True))
    assert decision.kind is DecisionKind.HOLD
    assert decision.next_dose == DOSE
    assert "self_harm_risk_assessment" in [a.code for a in decision.alerts]
    assert decision.message_patient.startswith("Thank you for your honest answers")
    assert "Your clinician will contact you today" in decision.message_patient
    failed = [c for c in decision.criteria if not c.passed]
    assert [c.name for c in failed] == ["self_harm_risk_assessed"] and "§1.4" in failed[0].source


def test_once_the_risk_assessment_is_recorded_the_check_in_decides_as_before():
    assert check_in(replace(checkin(), risk_assessment_due=False)).kind is DecisionKind.ADVANCE


def test_a_red_flag_referral_still_comes_first():
    decision = check_in(replace(checkin(red_flags=("history_of_cancer",)), risk_assessment_due=True))
    assert decision.kind is DecisionKind.REFER


def test_new_swelling_with_a_risk_assessment_due_still_holds_and_says_the_clinician_will_call_today():
    decision = check_in(replace(checkin(symptoms=Symptoms(unexplained_swelling=True)), risk_assessment_due=True))
    assert decision.kind is DecisionKind.HOLD
    assert "today" in decision.message_patient


def test_a_referral_during_the_pause_says_both_the_referral_and_the_call_about_how_she_feels():
    """New numbness (seen the same day, H50) while a self-harm risk assessment waits (H48): the
    referral is said, and so is the call about her answers; the clinician sees both."""
    decision = check_in(replace(checkin(symptoms=Symptoms(new_neuro_symptoms=True)), risk_assessment_due=True))
    assert decision.kind is DecisionKind.REFER
    assert decision.message_patient.endswith(SELF_HARM_IN_FLARE)
    assert "self_harm_risk_assessment" in [a.code for a in decision.alerts]


def test_a_flare_during_the_pause_still_cuts_the_dose_and_she_still_hears_the_clinician_will_call_today():
    """A flare comes before the pause (it only lowers the load), but a person who said they have
    thoughts of self-harm is not left with the flare's cheerful words alone."""
    flaring = replace(checkin(diary_entries=diary(changes={0: {"flare_declared": True}})), risk_assessment_due=True)
    decision = check_in(flaring)
    assert decision.kind is DecisionKind.FLARE
    assert decision.next_dose == check_in(replace(flaring, risk_assessment_due=False)).next_dose
    assert "self_harm_risk_assessment" in [a.code for a in decision.alerts]
    assert "Your clinician will also contact you today about your answers on how you feel." in decision.message_patient
    assert "call your local emergency number now" in decision.message_patient
    assert all(grade(s) <= 8 for s in sentences(SELF_HARM_IN_FLARE))
