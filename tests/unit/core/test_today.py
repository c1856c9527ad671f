"""What a patient is told to do today: one answer, in the engine's order (refer > flare > regress >
hold > advance), so no page can say "pause your exercises" above exercises to do (clinical
reference §4.2: a red flag stops progression until a clinician has seen the person; §5: a flare
cuts the load to about half)."""

import pytest
from builders import checkin, diary

from rehab.content.readability import grade
from rehab.core.engine.messages import describe_dose
from rehab.core.engine.progression import check_in
from rehab.core.engine.safety import RED_FLAGS, stops_exercise
from rehab.core.engine.today import (
    NEW_SYMPTOMS_SENTENCE,
    SENTENCES,
    ActivityNow,
    TodayState,
    todays_guidance,
)
from rehab.core.models import DecisionKind, Dose, Symptoms, Urgency

NONE = Symptoms()
SQUAT = ActivityNow("sit_to_stand", Dose(sets=2, reps=10), DecisionKind.ADVANCE)
WALK = ActivityNow("walking", Dose(duration_s=1200), DecisionKind.HOLD)
# Her flare plan: about half of each dose (what the engine set as the current dose).
SQUAT_FLARE = ActivityNow("sit_to_stand", Dose(sets=2, reps=5), DecisionKind.FLARE, on_flare_plan=True)
WALK_FLARE = ActivityNow("walking", Dose(duration_s=600), DecisionKind.FLARE, on_flare_plan=True)
DECLARED_FLARE = {0: {"flare_declared": True}}


def test_a_sign_of_cauda_equina_tells_her_to_get_help_now_and_shows_no_exercise_to_log():
    today = todays_guidance(frozenset({"saddle_anaesthesia"}), NONE, [SQUAT, WALK])
    assert today.state is TodayState.REFER_EMERGENCY and today.urgency is Urgency.EMERGENCY
    assert "ambulance" in today.sentence and "emergency room" in today.sentence
    assert today.activities == () and not today.logging_allowed and today.exercise_stopped


def test_night_pain_that_never_eases_pauses_exercise_and_sends_her_to_the_clinic_today():
    today = todays_guidance(frozenset({"constant_night_pain"}), NONE, [SQUAT, WALK])
    assert today.state is TodayState.REFER_URGENT
    assert "contact your clinic or doctor today" in today.sentence
    assert today.activities == () and not today.logging_allowed


def test_a_red_flag_beats_a_flare_she_declared_after_it():
    today = todays_guidance(frozenset({"unexplained_weight_loss"}), NONE, [SQUAT_FLARE, WALK_FLARE])
    assert today.state is TodayState.REFER_URGENT
    assert today.activities == () and not today.logging_allowed
    assert "flare" not in today.sentence


def test_a_history_of_cancer_with_new_numbness_is_an_emergency_as_the_engine_says():
    today = todays_guidance(frozenset({"history_of_cancer"}), Symptoms(new_neuro_symptoms=True), [SQUAT])
    assert today.state is TodayState.REFER_EMERGENCY


def test_osteoporosis_is_a_routine_referral_she_keeps_exercising_without_going_up():
    today = todays_guidance(frozenset({"osteoporosis_or_long_term_steroids"}), NONE, [SQUAT, WALK])
    assert today.state is TodayState.REFER_ROUTINE and today.logging_allowed
    assert [a.dose_text for a in today.activities] == ["2 sets of 10", "20 minutes"]
    assert "do not go up" in today.sentence


def test_in_a_flare_without_a_red_flag_she_sees_exactly_the_reduced_doses():
    today = todays_guidance(frozenset(), NONE, [SQUAT_FLARE, WALK_FLARE])
    assert today.state is TodayState.FLARE and today.logging_allowed and today.on_flare_plan
    assert [(a.activity_id, a.dose_text) for a in today.activities] == [("sit_to_stand", "2 sets of 5"),
                                                                         ("walking", "10 minutes")]
    assert "flare plan" in today.sentence


def test_a_flare_beats_a_regression_and_a_regression_beats_a_hold_and_a_hold_beats_an_advance():
    regress = ActivityNow("bridge", Dose(sets=2, reps=6), DecisionKind.REGRESS)
    assert todays_guidance(frozenset(), NONE, [regress, SQUAT_FLARE]).state is TodayState.FLARE
    assert todays_guidance(frozenset(), NONE, [WALK, regress]).state is TodayState.REGRESS
    assert todays_guidance(frozenset(), NONE, [SQUAT, WALK]).state is TodayState.HOLD
    assert todays_guidance(frozenset(), NONE, [SQUAT]).state is TodayState.ADVANCE


def test_a_plan_that_needs_rethinking_is_a_hold_for_today():
    stalled = ActivityNow("sit_to_stand", Dose(sets=2, reps=10), DecisionKind.REFORMULATE)
    assert todays_guidance(frozenset(), NONE, [stalled, SQUAT]).state is TodayState.HOLD


def test_before_any_check_in_she_sees_her_starting_doses():
    today = todays_guidance(frozenset(), NONE, [ActivityNow("sit_to_stand", Dose(sets=1, reps=2))])
    assert today.state is TodayState.USUAL and today.logging_allowed
    assert today.activities[0].dose_text == "1 set of 2"


def test_new_swelling_holds_her_doses_until_checked():
    swollen = Symptoms(unexplained_swelling=True)
    held = todays_guidance(frozenset(), swollen, [SQUAT])
    assert held.state is TodayState.HOLD and held.sentence == NEW_SYMPTOMS_SENTENCE and held.logging_allowed


def test_new_numbness_outside_a_flare_pauses_exercise_today_as_the_check_in_refers_it():
    """A new neurological sign is seen the same day, flare or not (§4.2; H50): Today says what the
    check-in decides, in its words."""
    today = todays_guidance(frozenset(), Symptoms(new_neuro_symptoms=True), [SQUAT, WALK])
    assert today.state is TodayState.REFER_URGENT and today.urgency is Urgency.URGENT
    assert today.activities == () and not today.logging_allowed
    decided = check_in(checkin(symptoms=Symptoms(new_neuro_symptoms=True)))
    assert today.sentence == decided.message_patient
    assert "flare" not in today.sentence


def test_new_numbness_during_a_flare_pauses_exercise_today_as_the_check_in_refers_it():
    """Hurt vs harm (§5.2): with a new neurological sign the flare plan's reassurance is not true;
    a new deficit is seen the same day (§4.2). The page says what the check-in decides (H40)."""
    today = todays_guidance(frozenset(), Symptoms(new_neuro_symptoms=True), [SQUAT_FLARE, WALK])
    assert today.state is TodayState.REFER_URGENT and today.urgency is Urgency.URGENT
    assert today.activities == () and not today.logging_allowed


def test_a_referral_decided_before_a_clinician_cleared_it_no_longer_stops_exercise():
    earlier = ActivityNow("sit_to_stand", Dose(sets=2, reps=10), DecisionKind.REFER)
    today = todays_guidance(frozenset(), NONE, [earlier])
    assert today.state is TodayState.HOLD and today.logging_allowed and len(today.activities) == 1


@pytest.mark.parametrize("flag", sorted(RED_FLAGS))
def test_every_red_flag_stops_exercise_on_today_exactly_when_the_engine_gives_no_dose(flag):
    decision = check_in(checkin(red_flags=(flag,)))
    today = todays_guidance(frozenset({flag}), NONE, [SQUAT])
    assert today.urgency is decision.urgency
    assert today.logging_allowed is (decision.next_dose is not None)
    assert stops_exercise(decision.urgency) is (decision.next_dose is None)


def test_today_shows_the_flare_dose_the_engine_decided_in_the_same_words():
    decision = check_in(checkin(diary_entries=diary(changes=DECLARED_FLARE)))
    assert decision.kind is DecisionKind.FLARE
    stands = ActivityNow("sit_to_stand", decision.next_dose, decision.kind, decision.flare_episode is not None)
    today = todays_guidance(frozenset(), NONE, [stands])
    assert today.activities[0].dose_text == describe_dose(decision.next_dose)
    assert describe_dose(decision.next_dose) in decision.message_patient


def test_a_red_flag_and_a_declared_flare_in_the_engine_and_on_today_both_stop_exercise():
    decision = check_in(checkin(red_flags=("fever_or_systemically_unwell",), diary_entries=diary(changes=DECLARED_FLARE)))
    assert decision.kind is DecisionKind.REFER and decision.next_dose is None
    today = todays_guidance(frozenset({"fever_or_systemically_unwell"}), NONE,
                            [ActivityNow("sit_to_stand", Dose(sets=2, reps=10), decision.kind, True)])
    assert today.activities == () and not today.logging_allowed


@pytest.mark.parametrize("state", list(TodayState))
def test_every_sentence_is_plain_and_never_empty(state):
    assert SENTENCES[state].strip() and grade(SENTENCES[state]) <= 8
    assert SENTENCES[state].count(".") == 1  # one sentence
    assert grade(NEW_SYMPTOMS_SENTENCE) <= 8


def test_one_set_is_said_as_one_set():
    assert describe_dose(Dose(sets=1, reps=2)) == "1 set of 2"
    assert describe_dose(Dose(sets=3, reps=1)) == "3 sets of 1"
    assert describe_dose(Dose(reps=1)) == "1 repetition"
    assert describe_dose(Dose(duration_s=61)) == "1 minute 1 second"
    assert describe_dose(Dose(duration_s=1)) == "1 second"
    assert describe_dose(Dose(steps=1)) == "1 step"
    assert describe_dose(Dose(sets=2, reps=10, duration_s=150)) == "2 sets of 10, 2 minutes 30 seconds"


@pytest.mark.parametrize("flag", ["osteoporosis_or_long_term_steroids", "constant_night_pain"])
def test_new_numbness_beside_a_routine_or_urgent_flag_pauses_exercise_with_the_signs_safety_net(flag):
    """George's night pain (urgent) or Rose's osteoporosis (routine) already stands when new
    numbness comes: Today pauses exercise and says what to do if a limb suddenly weakens (H50).
    Seen on a phone-size screenshot, 3 December: only "pause and contact your clinic today"."""
    today = todays_guidance(frozenset({flag}), Symptoms(new_neuro_symptoms=True), [SQUAT, WALK])
    assert today.urgency is Urgency.URGENT and today.activities == () and not today.logging_allowed
    assert "new numbness, tingling or weakness" in today.sentence and "ambulance" in today.sentence
