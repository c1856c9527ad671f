"""Symptom-contingent progression (pain-monitoring model): the pain response steers the dose."""

from datetime import timedelta

from builders import (
    DOSE,
    TODAY,
    after_earlier_sessions,
    ago,
    checkin,
    criterion,
    diary,
    history,
    session,
)

from rehab.core.engine.progression import check_in
from rehab.core.models import DecisionKind, DiaryEntry, Dose, Limits


def test_two_good_sessions_in_a_row_advance_the_dose_by_one_step():
    decision = check_in(checkin())
    assert decision.kind is DecisionKind.ADVANCE
    assert decision.next_dose == Dose(sets=2, reps=11)  # +10% reps
    assert all(c.passed for c in decision.criteria)
    assert "2 sets of 11" in decision.message_patient


def test_one_session_at_a_new_dose_is_not_enough_to_advance_again():
    # She advanced to 2 x 10 three days ago and has done one session since.
    decision = check_in(checkin(sessions=(session(8), session(5), session(1)), history_entries=history((3, "advance"))))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "target_dose_completed").value == 1
    assert decision.next_dose == DOSE


def test_sessions_before_the_last_advance_do_not_count_even_when_she_did_more():
    # Both sessions were logged before yesterday's advance, at 12 reps: evidence is counted once.
    sessions = (session(4, Dose(sets=2, reps=12)), session(2, Dose(sets=2, reps=12)))
    decision = check_in(checkin(sessions=sessions, history_entries=history((1, "advance"))))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "target_dose_completed").value == 0


def test_doing_less_than_prescribed_holds():
    sessions = (session(3), session(1, Dose(sets=2, reps=8)))
    decision = check_in(checkin(sessions=sessions))
    assert decision.kind is DecisionKind.HOLD
    assert not criterion(decision, "target_dose_completed").passed


def test_pain_during_above_the_limit_regresses_one_step():
    decision = check_in(checkin(sessions=(session(3), session(1, pain=7))))
    assert decision.kind is DecisionKind.REGRESS
    assert decision.next_dose == Dose(sets=2, reps=9)
    pain = criterion(decision, "pain_during_within_limit")
    assert (pain.value, pain.threshold, pain.passed) == (7, "<= 5", False)
    assert "7/10" in decision.message_patient


def test_pain_exactly_at_the_limit_is_within_it():
    decision = check_in(checkin(sessions=after_earlier_sessions(session(3, pain=5), session(1, pain=5))))
    assert decision.kind is DecisionKind.ADVANCE


def test_a_clinician_can_lower_the_pain_limit_for_one_patient():
    decision = check_in(checkin(sessions=(session(3, pain=4), session(1, pain=4)), limits=Limits(pain_during_max=3)))
    assert decision.kind is DecisionKind.REGRESS


def test_a_clear_next_morning_rise_regresses():
    # The morning after yesterday's session: 7/10 against a usual morning of about 4.
    decision = check_in(checkin(diary_entries=diary(changes={1: {"pain_next_morning": 7}})))
    assert decision.kind is DecisionKind.REGRESS
    assert criterion(decision, "next_morning_no_rise").value == 7


def test_a_next_morning_a_little_above_usual_holds_without_regressing():
    # 6/10 is outside her noise band (about 4.1 + 1.4) but under the 2-point rise that regresses.
    decision = check_in(checkin(diary_entries=diary(changes={1: {"pain_next_morning": 6}})))
    assert decision.kind is DecisionKind.HOLD
    assert not criterion(decision, "next_morning_back_to_usual").passed
    assert criterion(decision, "next_morning_no_rise").passed


def test_an_unrecorded_next_morning_holds():
    decision = check_in(checkin(diary_entries=diary(changes={3: {"pain_next_morning": None}})))
    assert decision.kind is DecisionKind.HOLD
    recorded = criterion(decision, "next_morning_recorded")
    assert not recorded.passed and recorded.value == "1 of 2" and ago(3).isoformat() in recorded.threshold


def test_a_session_today_cannot_count_until_its_next_morning_is_in():
    # §3.1: the 24-hour response matters more than pain during. After a session today, the morning
    # after it is not known yet: she holds today and advances tomorrow once it is in and settled.
    sessions = after_earlier_sessions(session(2), session(0))
    today = check_in(checkin(sessions=sessions))
    assert today.kind is DecisionKind.HOLD
    assert not criterion(today, "next_morning_recorded").passed
    assert "settled by the next morning" not in today.message_patient
    tomorrow = check_in(checkin(sessions=sessions, today=TODAY + timedelta(days=1),
                                diary_entries=diary() + (DiaryEntry(TODAY + timedelta(days=1), pain=4),)))
    assert tomorrow.kind is DecisionKind.ADVANCE


def test_a_next_morning_noted_for_a_morning_not_yet_lived_is_ignored():
    # A next-morning pain on today's own entry is the morning of tomorrow: it cannot be known, so it
    # cannot settle today's session (an entry error must not advance her).
    sessions = after_earlier_sessions(session(2), session(0))
    decision = check_in(checkin(sessions=sessions, diary_entries=diary(changes={0: {"pain_next_morning": 1}})))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "next_morning_recorded").value == "1 of 2"


def test_maximal_effort_holds():
    decision = check_in(checkin(sessions=(session(3), session(1, rpe=10))))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "effort_not_maximal").value == 10


def test_reps_in_reserve_count_as_effort_when_logged():
    decision = check_in(checkin(sessions=(session(3, rpe=None, rir=0), session(1, rpe=None, rir=3))))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "effort_not_maximal").value == {"rpe": None, "rir": 0}


def test_pain_not_logged_for_a_session_holds():
    decision = check_in(checkin(sessions=(session(3), session(1, pain=None))))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "pain_reported").value == "1 of 2"


def test_a_week_of_reliably_higher_pain_holds():
    week = {n: {"pain": 6, "pain_next_morning": 4} for n in range(7)}
    decision = check_in(checkin(diary_entries=diary(changes=week)))
    assert decision.kind is DecisionKind.HOLD
    trend = criterion(decision, "weekly_pain_not_rising")
    assert not trend.passed and trend.value["z"] > 1.96


def test_a_pain_signal_on_the_day_of_an_advance_is_not_hidden_by_it():
    # Advanced this morning; the session logged later today at the new dose hurt: 8/10.
    decision = check_in(checkin(sessions=(session(2), session(0, pain=8)), history_entries=history((0, "advance"))))
    assert decision.kind is DecisionKind.REGRESS


def test_a_regression_is_not_repeated_for_the_pain_it_already_answered():
    # Yesterday's session hurt (8/10) and yesterday's check-in regressed; nothing new since.
    decision = check_in(checkin(dose=Dose(sets=2, reps=9), sessions=(session(3), session(1, Dose(sets=2, reps=10), pain=8)),
                                history_entries=history((1, "regress"))))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "pain_during_within_limit").passed


def test_without_a_personal_baseline_the_engine_holds_and_asks_for_the_diary():
    decision = check_in(checkin(diary_entries=diary(days=5)))
    assert decision.kind is DecisionKind.HOLD
    baseline = criterion(decision, "personal_baseline")
    assert not baseline.passed and baseline.value == {"days": 3}
    assert "diary" in decision.message_patient


def test_a_new_patient_gets_a_provisional_baseline_after_nine_diary_days():
    decision = check_in(checkin(diary_entries=diary(days=9), sessions=(session(3), session(1)), sessions_per_week=1))
    assert criterion(decision, "personal_baseline").passed
    assert decision.kind is DecisionKind.ADVANCE


def test_the_baseline_is_her_own_a_steady_patient_and_a_variable_one_differ():
    steady = check_in(checkin(diary_entries=diary(pains=(4, 4, 4, 4, 4, 4, 4), changes={1: {"pain_next_morning": 6}})))
    variable = check_in(checkin(diary_entries=diary(pains=(2, 6, 3, 5, 4, 6, 3), changes={1: {"pain_next_morning": 6}})))
    assert steady.kind is DecisionKind.REGRESS  # 6 is 2 points above a flat 4
    assert variable.kind is DecisionKind.ADVANCE  # 6 is within the usual swing (band 2) of someone whose pain varies


def test_a_wide_daily_swing_never_widens_the_band_past_two_points_unless_her_clinician_says_so():
    # Her mornings swing from 2 to 7: her own band would be over 4 points. Capped at the NRS MCID of
    # 2 points, a 7 after a session is a clear rise over her usual 4.1 and regresses; her clinician,
    # who knows the swings, can widen the band for her (Limits.noise_band_max).
    swings = diary(pains=(2, 6, 3, 7, 4, 5, 2), changes={1: {"pain_next_morning": 6}})
    assert check_in(checkin(diary_entries=swings)).kind is DecisionKind.REGRESS
    wider = check_in(checkin(diary_entries=swings, limits=Limits(noise_band_max=3.5)))
    assert wider.kind is DecisionKind.ADVANCE
