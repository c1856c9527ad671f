"""Red flags stop progression and say how urgently to refer; new symptoms go to the clinician."""

import pytest
from builders import DOSE, checkin, criterion, diary

from rehab.core.engine.clinician_words import decision_summary
from rehab.core.engine.progression import check_in
from rehab.core.engine.safety import (
    RED_FLAGS,
    ScreeningAnswers,
    referral_urgency,
    standing_answers,
)
from rehab.core.models import DecisionKind, Dose, Symptoms, Urgency

EXPECTED_URGENCY = {
    "saddle_anaesthesia": Urgency.EMERGENCY,
    "bladder_or_bowel_dysfunction": Urgency.EMERGENCY,
    "bilateral_leg_neuro_symptoms": Urgency.EMERGENCY,
    "significant_trauma": Urgency.EMERGENCY,
    "pulsating_abdominal_mass": Urgency.EMERGENCY,
    "cervical_arterial_symptoms": Urgency.EMERGENCY,
    "progressive_motor_weakness": Urgency.URGENT,
    "history_of_cancer": Urgency.URGENT,
    "unexplained_weight_loss": Urgency.URGENT,
    "fever_or_systemically_unwell": Urgency.URGENT,
    "constant_night_pain": Urgency.URGENT,
    "osteoporosis_or_long_term_steroids": Urgency.ROUTINE,
    "inflammatory_back_pain": Urgency.ROUTINE,
}


def test_every_red_flag_in_the_catalogue_has_an_expected_urgency():
    assert set(RED_FLAGS) == set(EXPECTED_URGENCY)


@pytest.mark.parametrize("flag", sorted(EXPECTED_URGENCY))
def test_each_red_flag_stops_progression_and_refers_with_its_urgency(flag):
    # She is otherwise ready to advance: the red flag alone must stop it.
    decision = check_in(checkin(red_flags=(flag,)))
    assert decision.kind is DecisionKind.REFER
    assert decision.urgency is EXPECTED_URGENCY[flag]
    assert not criterion(decision, "red_flags_absent").passed
    assert any(a.code.startswith("red_flag") for a in decision.alerts)


def test_an_emergency_stops_all_exercise_and_sends_her_to_emergency_care_now():
    decision = check_in(checkin(red_flags=("saddle_anaesthesia",)))
    assert decision.next_dose is None
    assert "emergency" in decision.message_patient.lower()


def test_a_routine_referral_keeps_the_current_dose_without_progressing():
    decision = check_in(checkin(red_flags=("osteoporosis_or_long_term_steroids",)))
    assert decision.next_dose == DOSE


def test_a_flare_she_declares_with_osteoporosis_on_record_still_cuts_her_dose_to_the_flare_plan():
    # A routine referral stops progression; it does not stop a flare from cutting the load (§4.2, §5).
    decision = check_in(checkin(red_flags=("osteoporosis_or_long_term_steroids",),
                                diary_entries=diary(changes={0: {"flare_declared": True}})))
    assert decision.kind is DecisionKind.REFER and decision.urgency is Urgency.ROUTINE
    assert decision.next_dose == Dose(sets=2, reps=5) == decision.flare_plan.reduced_dose  # half of 2 x 10
    assert decision.flare_episode is not None
    assert "2 sets of 5" in decision.message_patient and "2 sets of 10" not in decision.message_patient


def test_a_history_of_cancer_with_neurological_signs_is_an_emergency():
    assert check_in(checkin(red_flags=("history_of_cancer", "progressive_motor_weakness"))).urgency is Urgency.EMERGENCY
    with_new_symptoms = check_in(checkin(red_flags=("history_of_cancer",), symptoms=Symptoms(new_neuro_symptoms=True)))
    assert with_new_symptoms.urgency is Urgency.EMERGENCY
    [alert] = [a for a in with_new_symptoms.alerts if a.code == "red_flag_emergency"]
    assert "suspected metastatic spinal cord compression" in alert.message  # the pair named, not each alone
    # ... in the same sentence: "together" with what is said where it is said (a physiotherapist's review)
    assert alert.message.startswith("Red flag (history_of_cancer, with new numbness, tingling or weakness reported)")


def test_the_most_urgent_of_several_flags_wins():
    decision = check_in(checkin(red_flags=("osteoporosis_or_long_term_steroids", "fever_or_systemically_unwell")))
    assert decision.urgency is Urgency.URGENT


def test_a_red_flag_beats_a_flare():
    flare = diary(changes={1: {"pain": 8}, 0: {"pain": 8}})
    decision = check_in(checkin(red_flags=("constant_night_pain",), diary_entries=flare))
    assert decision.kind is DecisionKind.REFER


def test_new_symptoms_hold_progression_and_alert_the_clinician():
    decision = check_in(checkin(symptoms=Symptoms(unexplained_swelling=True)))
    assert decision.kind is DecisionKind.HOLD
    assert decision.next_dose == DOSE
    assert [a.code for a in decision.alerts] == ["unexplained_swelling"]
    assert "clinician" in decision.message_patient


def test_new_tingling_in_a_foot_outside_a_flare_is_seen_the_same_day():
    """Kwame, 30, low back pain steady at 3-4, no flare, sessions going well, ready to step up,
    reports new tingling in one foot (physiotherapist's review, 2026-12-02). A new or progressive
    neurological deficit is URGENT, same day (clinical reference §4.2), flare or not (H50): not a
    hold until the next contact. Exercise pauses until he is checked; he is told the clinic will
    call today, what to do if it does not, and the cauda equina signs that mean the emergency
    department now."""
    ready = checkin()
    assert check_in(ready).kind is DecisionKind.ADVANCE, "without the sign he would step up"
    decision = check_in(checkin(symptoms=Symptoms(new_neuro_symptoms=True)))
    assert (decision.kind, decision.urgency) == (DecisionKind.REFER, Urgency.URGENT)
    assert decision.next_dose is None  # exercise paused until a clinician has checked him
    sign = next(c for c in decision.criteria if c.name == "no_new_neuro_signs")
    assert not sign.passed and "§4.2" in sign.source
    said = decision.message_patient
    assert "new numbness, tingling or weakness" in said and "a clinician today" in said
    assert "Call for an ambulance now" in said and "bladder or bowels" in said
    said_to_clinician = decision_summary("Bird dog", decision.kind, decision.urgency, decision.criteria, None)
    assert "refer today (urgent)" in said_to_clinician and "seen the same day" in said_to_clinician
    alert = next(a for a in decision.alerts if a.code == "new_neuro_symptoms")
    assert "today" in alert.message


def test_new_symptoms_never_turn_into_a_reformulation():
    stalled = checkin(symptoms=Symptoms(unexplained_swelling=True), sessions_per_week=3,
                      history_entries=(), started=None)
    decision = check_in(stalled)
    assert decision.kind is DecisionKind.HOLD


# ---- which answers stand: a patient's own answers add, only a clinician clears ---------------------

def _by(clinician: bool, *flags: str, neuro: bool = False) -> ScreeningAnswers:
    return ScreeningAnswers(clinician, frozenset(flags), Symptoms(new_neuro_symptoms=neuro))


def test_a_patient_ticking_nothing_does_not_clear_a_referral_the_clinician_recorded():
    flags, _ = standing_answers([_by(True, "saddle_anaesthesia"), _by(False)])
    assert flags == {"saddle_anaesthesia"}


def test_a_patient_ticking_a_milder_sign_does_not_downgrade_an_emergency():
    flags, symptoms = standing_answers([_by(False, "saddle_anaesthesia"), _by(False, "constant_night_pain")])
    assert "saddle_anaesthesia" in flags
    assert referral_urgency(flags, symptoms) is Urgency.EMERGENCY


def test_new_symptoms_the_patient_reported_stand_until_a_clinician_screens_again():
    _, symptoms = standing_answers([_by(False, neuro=True), _by(False)])
    assert symptoms.new_neuro_symptoms
    flags, symptoms = standing_answers([_by(False, "saddle_anaesthesia", neuro=True), _by(True)])
    assert flags == frozenset() and not symptoms.new_neuro_symptoms  # the clinician examined and cleared


def test_new_tingling_after_her_clinician_cleared_her_cancer_referral_is_still_an_emergency():
    """Joyce had breast cancer. She ticked it at intake; her physiotherapist examined her, found no
    sign of spread and cleared the referral (a clinician's screening with nothing ticked). Six weeks
    on she reports new numbness and tingling in her legs from the app. With a history of cancer that
    is suspected metastatic spinal cord compression: an emergency (§4.2, malignancy row), not the
    same-day call a new tingling gets without that history."""
    flags, symptoms = standing_answers([_by(False, "history_of_cancer"), _by(True), _by(False, neuro=True)])
    assert "history_of_cancer" in flags
    assert referral_urgency(flags, symptoms) is Urgency.EMERGENCY
    cleared, quiet = standing_answers([_by(False, "history_of_cancer"), _by(True)])
    assert referral_urgency(cleared, quiet) is None  # cleared, and nothing new: she exercises


def test_a_sign_her_clinician_examined_and_recorded_is_not_escalated_again_at_every_check_in():
    """The same Joyce, after the emergency: her physiotherapist, with the MRI that excluded cord
    compression, records the weakness she still has (progressive_motor_weakness, urgent) and leaves
    the cancer question unticked. The clinician de-escalates (§4.2): urgent as recorded, not an
    emergency again at every nightly check-in."""
    flags, symptoms = standing_answers([_by(False, "history_of_cancer"), _by(False, neuro=True),
                                        _by(True, "progressive_motor_weakness")])
    assert flags == {"progressive_motor_weakness"}
    assert referral_urgency(flags, symptoms) is Urgency.URGENT


def test_new_tingling_beside_her_osteoporosis_flag_is_still_seen_the_same_day():
    """Rose has osteoporosis ticked (a routine flag: tell the clinician at the next contact). She
    now reports new tingling in her foot. The routine flag must not turn a same-day sign (§4.2) into
    a next-contact one: urgent, exercise paused, the sign's safety net said."""
    decision = check_in(checkin(red_flags=("osteoporosis_or_long_term_steroids",),
                                symptoms=Symptoms(new_neuro_symptoms=True)))
    assert (decision.kind, decision.urgency) == (DecisionKind.REFER, Urgency.URGENT)
    assert decision.next_dose is None
    assert "Call for an ambulance now if an arm or leg suddenly gets weak" in decision.message_patient


def test_an_urgent_flag_says_what_to_do_if_the_clinic_cannot_be_reached_and_which_signs_need_an_ambulance():
    """Gareth, a cancer history and weight loss he did not try for: an urgent, same-day referral. He
    was told only "contact your clinic or doctor today": nothing for an evening or a weekend, and not
    which signs mean an ambulance (a physiotherapist's review, 2026-12-03d, finding 13). He reads the
    out-of-hours line, to keep moving gently (exercise stops, daily life does not), and the signs of
    cord or cauda equina compression (§4.2), in plain words."""
    from rehab.content.readability import grade

    decision = check_in(checkin(red_flags=("history_of_cancer", "unexplained_weight_loss")))
    assert decision.kind is DecisionKind.REFER and decision.urgency is Urgency.URGENT
    said = decision.message_patient
    assert "contact your clinic or doctor today" in said
    assert "If you cannot reach them today, call an out-of-hours health line." in said
    assert "Keep moving gently in your day." in said
    assert "Call for an ambulance now if an arm or leg suddenly gets weak" in said
    assert "numb between your legs" in said and "bladder or bowels" in said
    assert all(grade(sentence) <= 8 for sentence in said.split(". ")), said  # each sentence (re-check 03e)
