"""Adherence holds to explore barriers (never regresses); a long stall asks to reformulate."""

from dataclasses import replace

from builders import DOSE, checkin, criterion, history, session

from rehab.core.engine.increments import DEFAULT_INCREMENTS
from rehab.core.engine.progression import check_in
from rehab.core.models import DecisionKind, Limits, Symptoms


def test_fewer_than_60_percent_of_planned_sessions_holds_and_asks_about_barriers():
    decision = check_in(checkin(sessions=(session(3), session(1))))  # 2 of 6 planned in two weeks
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "adherence").value == {"logged": 2, "planned": 6.0, "share": 0.33}
    assert "hard to fit in" in decision.message_patient


def test_low_adherence_never_regresses_by_itself():
    decision = check_in(checkin(sessions=(session(1),)))
    assert decision.kind is DecisionKind.HOLD
    assert decision.next_dose == DOSE


def test_no_sessions_at_all_holds():
    decision = check_in(checkin(sessions=()))
    assert decision.kind is DecisionKind.HOLD
    assert not criterion(decision, "sessions_logged").passed


def test_no_diary_at_all_holds():
    decision = check_in(checkin(diary_entries=()))
    assert decision.kind is DecisionKind.HOLD
    assert not criterion(decision, "pain_monitored").passed


def test_adherence_is_judged_from_the_start_of_a_new_prescription():
    decision = check_in(checkin(sessions=(session(3), session(1)), started=session(4).date))
    assert criterion(decision, "adherence").passed


def _stuck(**changes):
    # Weeks at the same dose, every session done, but each one still feels nearly maximal.
    hard = tuple(session(n, rpe=9) for n in (13, 10, 8, 6, 3, 1))
    defaults = dict(sessions=hard, history_entries=history((45, "advance"), (3, "hold")))
    return check_in(checkin(**{**defaults, **changes}))


def test_no_advance_for_six_weeks_despite_adherence_asks_to_reformulate():
    decision = _stuck()
    assert decision.kind is DecisionKind.REFORMULATE
    assert criterion(decision, "progress_within_stall_window").value == 45
    assert any(a.code == "reformulate" for a in decision.alerts)
    assert decision.next_dose == DOSE


def test_under_six_weeks_it_holds():
    assert _stuck(history_entries=history((40, "advance"))).kind is DecisionKind.HOLD


def test_the_stall_window_can_be_set_per_patient():
    assert _stuck(history_entries=history((30, "advance")), limits=Limits(stall_weeks=4)).kind is DecisionKind.REFORMULATE


def test_a_stall_with_poor_adherence_is_a_barrier_to_explore_not_a_reformulation():
    assert _stuck(sessions=(session(1),)).kind is DecisionKind.HOLD


def test_a_stall_never_overrides_a_safety_hold():
    assert _stuck(symptoms=Symptoms(unexplained_swelling=True)).kind is DecisionKind.HOLD
    assert _stuck(symptoms=Symptoms(new_neuro_symptoms=True)).kind is DecisionKind.REFER  # same day (H50)


def test_a_stall_with_pain_over_the_limit_regresses_rather_than_reformulates():
    decision = _stuck(sessions=tuple(session(n, rpe=9) for n in (13, 10, 8, 6, 3)) + (session(1, pain=8, rpe=9),))
    assert decision.kind is DecisionKind.REGRESS


def test_reaching_the_target_dose_is_success_not_a_stall():
    # Her clinician progresses only sets here, with a target of 2 sets: she is there.
    capped = {"sets": replace(DEFAULT_INCREMENTS["sets"], ceiling=2)}
    at_target = check_in(checkin(increments=capped, order=("sets",), history_entries=history((60, "advance"))))
    assert at_target.kind is DecisionKind.HOLD
    assert not criterion(at_target, "room_to_progress").passed
    assert "reached the target" in at_target.message_patient


def test_a_hold_with_no_dates_to_measure_a_stall_by_is_not_a_stall():
    # Found by the property tests: during a flare return, with no sessions and no history yet.
    from builders import DOSE as PRE
    from builders import ago, diary

    from rehab.core.models import Dose, FlareEpisode
    decision = check_in(checkin(dose=Dose(sets=2, reps=5), sessions=(), history_entries=(),
                                episode=FlareEpisode(ago(5), PRE), diary_entries=diary(changes={6: {"pain": 8}})))
    assert decision.kind is DecisionKind.HOLD
