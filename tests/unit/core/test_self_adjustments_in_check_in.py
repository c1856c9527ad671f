"""The check-in takes the patient's own changes into account: an eased session is not the target
dose, and a run of easier choices is a signal for the clinician, not a failure."""

from builders import (
    DOSE,
    after_earlier_sessions,
    ago,
    checkin,
    criterion,
    diary,
    good_sessions,
    history,
    session,
)

from rehab.core.engine.progression import check_in
from rehab.core.models import (
    AdjustmentKind,
    DecisionKind,
    Dose,
    SelfAdjustment,
    SelfManagementBounds,
    Strategy,
)

EASIER_DOSE = Dose(sets=2, reps=9)
BOUNDS = SelfManagementBounds(easier_steps=1, harder_steps=1, shortest=Dose(sets=1), move_within_days=1,
                              alternatives=("wall_squat",))


def eased(days_ago, kind=AdjustmentKind.EASIER, dose=EASIER_DOSE, **more):
    return SelfAdjustment(ago(days_ago), kind, dose, **more)


def test_the_ready_patient_without_adjustments_advances_and_no_self_management_criterion_is_checked():
    decision = check_in(checkin(bounds=BOUNDS))
    assert decision.kind is DecisionKind.ADVANCE
    assert all(c.group != "self_management" for c in decision.criteria)


def test_a_self_chosen_easier_session_does_not_count_as_the_target_dose():
    # Logged at the target dose, but the patient chose the easier step that day.
    decision = check_in(checkin(bounds=BOUNDS, adjustments=(eased(1),)))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "target_dose_completed").value == 0
    assert criterion(decision, "self_chosen_easier_run").passed
    assert "Self-adjustments so far: 1 easier." in decision.summary_clinician


def test_a_swapped_session_counts_for_adherence_but_not_as_the_target_dose():
    decision = check_in(checkin(bounds=BOUNDS, adjustments=(eased(1, AdjustmentKind.SWAP, None, alternative="wall_squat"),)))
    assert criterion(decision, "adherence").passed
    assert criterion(decision, "target_dose_completed").value == 0


def test_a_moved_session_counts_as_usual():
    decision = check_in(checkin(bounds=BOUNDS, adjustments=(SelfAdjustment(ago(2), AdjustmentKind.MOVE, moved_to=ago(1)),)))
    assert decision.kind is DecisionKind.ADVANCE
    assert "1 move" in decision.summary_clinician


def test_three_easier_sessions_in_a_row_are_a_signal_to_the_clinician_and_a_kind_word_to_the_patient():
    adjustments = (eased(6), eased(3, AdjustmentKind.SHORTEN, Dose(sets=1, reps=10)), eased(1))
    decision = check_in(checkin(bounds=BOUNDS, adjustments=adjustments))
    run = criterion(decision, "self_chosen_easier_run")
    assert (run.value, run.passed, run.group) == (3, False, "self_management")
    assert decision.kind is DecisionKind.HOLD
    [alert] = [a for a in decision.alerts if a.code == "self_chosen_easier_run"]
    assert "a signal, not a failure" in alert.message
    assert decision.message_patient.startswith("You chose the easier option for your last 3 sessions. That is what it is there for.")
    assert "Self-adjustments so far: 2 easier, 1 shorten." in decision.summary_clinician


def test_a_session_at_the_target_breaks_the_run():
    adjustments = (eased(8), eased(6), eased(1))  # the session 3 days ago was at the target
    decision = check_in(checkin(bounds=BOUNDS, adjustments=adjustments))
    assert criterion(decision, "self_chosen_easier_run").value == 1
    assert "self_chosen_easier_run" not in [a.code for a in decision.alerts]


def test_easier_choices_before_the_last_dose_change_are_not_counted_again():
    adjustments = (eased(10), eased(8), eased(6))
    decision = check_in(checkin(bounds=BOUNDS, adjustments=adjustments, history_entries=history((5, "regress")),
                                sessions=after_earlier_sessions(session(3), session(1))))
    assert criterion(decision, "self_chosen_easier_run").value == 0
    assert "Self-adjustments since" not in decision.summary_clinician


def test_the_run_of_easier_choices_is_read_under_a_time_contingent_quota_too():
    walk = Dose(duration_s=1200)
    sessions = good_sessions((13, 12, 10, 8, 7, 6, 5, 3, 2, 1), dose=walk)
    adjustments = tuple(eased(n, dose=Dose(duration_s=900)) for n in (3, 2, 1))
    decision = check_in(checkin(dose=walk, sessions=sessions, strategy=Strategy.TIME_CONTINGENT, sessions_per_week=5,
                                bounds=SelfManagementBounds(easier_steps=3), adjustments=adjustments))
    assert not criterion(decision, "self_chosen_easier_run").passed
    assert decision.kind is DecisionKind.HOLD


def test_a_run_of_harder_choices_alerts_the_clinician_to_look_at_the_target():
    adjustments = tuple(eased(n, AdjustmentKind.HARDER, Dose(sets=2, reps=11)) for n in (6, 3, 1))
    decision = check_in(checkin(bounds=BOUNDS, adjustments=adjustments))
    assert "self_chosen_harder_run" in [a.code for a in decision.alerts]
    assert decision.kind is DecisionKind.ADVANCE  # done more than the target: it counts


def test_a_change_logged_outside_the_agreed_bounds_alerts_the_clinician():
    adjustments = (eased(1, dose=Dose(sets=2, reps=6)),)
    decision = check_in(checkin(bounds=BOUNDS, adjustments=adjustments))
    [alert] = [a for a in decision.alerts if a.code == "adjustment_outside_bounds"]
    assert alert.message == f"1 self-adjustment logged outside the agreed bounds: {ago(1).isoformat()} easier."


def test_safety_still_comes_first_and_the_signal_still_reaches_the_clinician():
    adjustments = (eased(6), eased(3), eased(1))
    decision = check_in(checkin(bounds=BOUNDS, adjustments=adjustments,
                                diary_entries=diary(changes={1: {"pain": 8}, 0: {"pain": 8}})))
    assert decision.kind is DecisionKind.FLARE
    assert "self_chosen_easier_run" in [a.code for a in decision.alerts]


def test_easier_choices_for_six_weeks_turn_a_hold_into_a_reformulation():
    sessions = after_earlier_sessions(session(3), session(1))
    adjustments = (eased(6), eased(3), eased(1))
    decision = check_in(checkin(bounds=BOUNDS, adjustments=adjustments, sessions=sessions,
                                history_entries=history((60, "advance"))))
    assert decision.kind is DecisionKind.REFORMULATE
    assert DOSE == decision.next_dose
