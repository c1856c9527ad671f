"""Safety comes first under graded exposure exactly as under the other strategies: every test here
starts from a patient who is ready to move up the hierarchy, so each fails if its safety rule were
skipped for exposure."""

from builders import PRACTICE, READY_EXPERIMENTS, diary, experiment, exposure_checkin

from rehab.core.engine.progression import check_in
from rehab.core.models import DecisionKind, Symptoms, Urgency

FLARE = {1: {"pain": 8}, 0: {"pain": 8}}


def test_the_ready_patient_would_move_up():
    assert check_in(exposure_checkin()).kind is DecisionKind.ADVANCE


def test_an_emergency_red_flag_stops_the_experiments_and_refers_now():
    decision = check_in(exposure_checkin(red_flags=("saddle_anaesthesia",)))
    assert (decision.kind, decision.urgency) == (DecisionKind.REFER, Urgency.EMERGENCY)
    assert decision.next_dose is None and decision.exposure is None
    assert "emergency department" in decision.message_patient


def test_a_routine_red_flag_refers_and_keeps_the_same_activity():
    decision = check_in(exposure_checkin(red_flags=("inflammatory_back_pain",)))
    assert (decision.kind, decision.urgency) == (DecisionKind.REFER, Urgency.ROUTINE)
    assert decision.next_dose == PRACTICE and decision.exposure.move == "same"


def test_new_neurological_symptoms_stop_the_experiments_and_are_seen_today():
    """A new or worsening neurological sign is URGENT, same day (§4.2; H50), under exposure too."""
    decision = check_in(exposure_checkin(symptoms=Symptoms(new_neuro_symptoms=True)))
    assert (decision.kind, decision.urgency) == (DecisionKind.REFER, Urgency.URGENT)
    assert decision.next_dose is None and decision.exposure is None
    assert "new_neuro_symptoms" in [a.code for a in decision.alerts]
    assert decision.message_patient.startswith("You told us about new numbness, tingling or weakness.")


def test_unexplained_swelling_holds_on_the_same_activity_until_reviewed():
    decision = check_in(exposure_checkin(symptoms=Symptoms(unexplained_swelling=True)))
    assert decision.kind is DecisionKind.HOLD and decision.exposure.move == "same"
    assert decision.message_patient.startswith("You told us about new symptoms.")


def test_a_flare_in_the_diary_starts_the_flare_plan_instead_of_moving_up():
    decision = check_in(exposure_checkin(diary_entries=diary(changes=FLARE)))
    assert decision.kind is DecisionKind.FLARE
    assert decision.exposure.move == "same"
    assert decision.next_dose.reps < PRACTICE.reps


def test_a_flare_the_patient_declared_starts_the_flare_plan_instead_of_moving_up():
    decision = check_in(exposure_checkin(diary_entries=diary(changes={0: {"flare_declared": True}})))
    assert decision.kind is DecisionKind.FLARE and decision.exposure.move == "same"


def test_a_flare_beats_a_stopped_experiment():
    experiments = READY_EXPERIMENTS[:3] + (experiment(1, stopped_early=True),)
    decision = check_in(exposure_checkin(experiments=experiments, current="dishwasher", diary_entries=diary(changes=FLARE)))
    assert decision.kind is DecisionKind.FLARE


def test_no_diary_holds_exposure_as_it_holds_every_strategy():
    decision = check_in(exposure_checkin(diary_entries=()))
    assert decision.kind is DecisionKind.HOLD
    assert decision.message_patient.startswith("Keep your pain diary")
