"""Flares: detected against her own baseline, answered with a reduced dose and a stepped return."""

from datetime import timedelta

from builders import DOSE, ago, checkin, criterion, diary, history, session

from rehab.core.engine.flare import flare_plan
from rehab.core.engine.monitoring import pre_flare_window
from rehab.core.engine.increments import DEFAULT_INCREMENTS
from rehab.core.engine.progression import check_in
from rehab.core.models import DecisionKind, Dose, FlareEpisode, Limits, Strategy

FLARE_DAYS = {1: {"pain": 8}, 0: {"pain": 7}}  # two days well above her usual 4


def test_two_days_of_pain_well_above_her_usual_start_the_flare_plan():
    decision = check_in(checkin(diary_entries=diary(changes=FLARE_DAYS)))
    assert decision.kind is DecisionKind.FLARE
    assert decision.next_dose == Dose(sets=2, reps=5)  # half the volume
    assert decision.flare_episode == FlareEpisode(ago(1), DOSE)  # from the first of the two days (§5.7)
    assert [s.dose for s in decision.flare_plan.steps] == [Dose(sets=2, reps=7), DOSE]
    assert criterion(decision, "no_flare_pain_rise").value == 2
    assert "not damage" in decision.message_patient


def test_a_flare_found_after_days_without_a_check_in_is_dated_from_its_first_raised_day():
    """Three days well above her usual 4 noted in the diary, and her first check-in since on the
    third: the flare started three days ago, and its week is counted from then (§5.7)."""
    raised = {2: {"pain": 8}, 1: {"pain": 7}, 0: {"pain": 8}}
    decision = check_in(checkin(diary_entries=diary(changes=raised)))
    assert decision.kind is DecisionKind.FLARE
    assert decision.flare_episode == FlareEpisode(ago(2), DOSE)
    assert decision.flare_plan.review_by == ago(2) + timedelta(days=7)


def test_a_flare_she_declares_starts_on_the_day_she_says_so():
    decision = check_in(checkin(diary_entries=diary(changes={1: {"pain": 7}, 0: {"flare_declared": True}})))
    assert decision.kind is DecisionKind.FLARE
    assert decision.flare_episode.started == ago(0)


def test_one_bad_day_is_not_a_flare():
    decision = check_in(checkin(diary_entries=diary(changes={0: {"pain": 8}})))
    assert decision.kind is not DecisionKind.FLARE


def test_a_rise_to_seven_two_days_running_is_a_flare_even_for_a_patient_whose_pain_swings_widely():
    # Mean 4, SD about 2.6: her own band would be over 5 points, capped at the NRS MCID of 2 points,
    # so 7/10 two days running (3 points up) is a flare (§5.3) unless her clinician widens the band.
    swings = (1, 7, 2, 6, 3, 7, 2)
    entries = diary(pains=swings, changes={1: {"pain": 7}, 0: {"pain": 7}})
    assert check_in(checkin(diary_entries=entries)).kind is DecisionKind.FLARE
    assert check_in(checkin(diary_entries=entries, limits=Limits(noise_band_max=4))).kind is not DecisionKind.FLARE


def test_a_flare_she_declares_herself_starts_the_plan_at_once():
    decision = check_in(checkin(diary_entries=diary(changes={0: {"flare_declared": True}})))
    assert decision.kind is DecisionKind.FLARE
    assert "You told us" in decision.message_patient


def test_the_flare_dose_never_goes_below_a_floor():
    decision = check_in(checkin(dose=Dose(sets=1, reps=1), sessions=(), diary_entries=diary(changes=FLARE_DAYS)))
    assert decision.next_dose == Dose(sets=1, reps=1)


def test_the_flare_dose_can_be_set_per_patient():
    decision = check_in(checkin(diary_entries=diary(changes=FLARE_DAYS), limits=Limits(flare_dose_fraction=0.7)))
    assert decision.next_dose == Dose(sets=2, reps=7)


def test_a_flare_beats_an_advance_even_when_the_sessions_went_well():
    decision = check_in(checkin(diary_entries=diary(changes={**FLARE_DAYS, 1: {"pain": 8, "pain_next_morning": 4}})))
    assert decision.kind is DecisionKind.FLARE


def _in_flare(days_ago_started, dose, diary_changes, sessions=(), history_entries=None, **more):
    episode = FlareEpisode(ago(days_ago_started), DOSE)
    flare_history = history_entries or history((days_ago_started, "flare"))
    return check_in(checkin(dose=dose, episode=episode, diary_entries=diary(changes=diary_changes),
                            sessions=sessions, history_entries=flare_history, **more))


def test_while_pain_stays_high_the_flare_plan_continues_at_the_reduced_dose():
    decision = _in_flare(2, Dose(sets=2, reps=5), {2: {"pain": 8}, 1: {"pain": 8}, 0: {"pain": 7}})
    assert decision.kind is DecisionKind.FLARE
    assert decision.next_dose == Dose(sets=2, reps=5)
    assert not any(a.code == "flare_not_settling" for a in decision.alerts)


def test_a_flare_not_settling_after_a_week_alerts_the_clinician():
    high = {n: {"pain": 8} for n in range(8)}
    decision = _in_flare(7, Dose(sets=2, reps=5), high)
    assert decision.kind is DecisionKind.FLARE
    assert any(a.code == "flare_not_settling" for a in decision.alerts)


def test_once_settled_she_steps_back_up_after_a_session_and_a_few_days_at_the_step():
    # Pain back near usual 4 days ago: a first flare's first step waits flare_step_days (4) from then.
    settled = {6: {"pain": 8}, 5: {"pain": 8}}
    decision = _in_flare(5, Dose(sets=2, reps=5), settled, sessions=(session(1, Dose(sets=2, reps=5)),))
    assert decision.kind is DecisionKind.ADVANCE
    assert decision.next_dose == Dose(sets=2, reps=7)
    assert decision.flare_episode is not None  # still on the way back
    assert "Step 1 of 2" in decision.message_patient


def test_settled_but_no_session_at_the_step_yet_holds():
    decision = _in_flare(4, Dose(sets=2, reps=5), {5: {"pain": 8}, 4: {"pain": 8}})
    assert decision.kind is DecisionKind.HOLD
    assert not criterion(decision, "return_step_session").passed


def test_each_return_step_lasts_a_few_days():
    changes = {5: {"pain": 8}, 4: {"pain": 8}}
    decision = _in_flare(4, Dose(sets=2, reps=7), changes, sessions=(session(0, Dose(sets=2, reps=7)),),
                         history_entries=history((4, "flare"), (1, "advance")))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "return_step_days").value == 1


def test_back_at_the_pre_flare_dose_the_episode_ends_and_normal_rules_apply():
    decision = _in_flare(12, DOSE, {12: {"pain": 8}, 11: {"pain": 8}},
                         sessions=tuple(session(n) for n in (8, 6, 3, 1)),
                         history_entries=history((12, "flare"), (9, "advance"), (5, "advance")))
    assert decision.flare_episode is None
    assert decision.kind is DecisionKind.ADVANCE
    assert decision.next_dose == Dose(sets=2, reps=11)


def test_the_return_is_judged_against_the_pre_flare_baseline():
    # Pain settled back to 5 after the flare: above her pre-flare mean of 4.1, but within the margin.
    decision = _in_flare(4, Dose(sets=2, reps=5), {5: {"pain": 8}, 4: {"pain": 8}, 1: {"pain": 5}, 0: {"pain": 5}},
                         sessions=(session(1, Dose(sets=2, reps=5)),))
    assert criterion(decision, "flare_settled").passed


def test_recurring_flares_alert_the_clinician():
    decision = check_in(checkin(diary_entries=diary(changes=FLARE_DAYS),
                                history_entries=history((20, "flare"), (19, "flare"), (15, "advance"))))
    assert decision.kind is DecisionKind.FLARE
    assert any(a.code == "recurring_flares" for a in decision.alerts)


def test_a_time_contingent_patient_gets_the_same_flare_rule():
    decision = check_in(checkin(strategy=Strategy.TIME_CONTINGENT, diary_entries=diary(changes=FLARE_DAYS)))
    assert decision.kind is DecisionKind.FLARE


def test_the_flare_plan_returns_in_equal_steps_to_exactly_the_pre_flare_dose():
    plan = flare_plan(Dose(duration_s=1200), ago(0), DEFAULT_INCREMENTS, Limits())
    assert plan.reduced_dose == Dose(duration_s=600)
    assert [(s.dose.duration_s, s.percent_of_pre_flare) for s in plan.steps] == [(900, 75), (1200, 100)]
    assert plan.review_by == ago(-7)


def test_pain_that_would_start_a_flare_today_is_not_a_flare_that_has_settled():
    """Her intake fortnight was 3/10; since then her usual pain crept up to 4 (below her flare line of
    3 + 2). A flare started 5 days ago. Now she has 5.5 every day: settled against the weeks before the
    flare (4 + 2 = 6), but 2 days at 5.5 would start a flare against her anchored level (5). One pain
    cannot be both a flare and a settled flare (§5.3, §5.6): the flare plan goes on, at the cut dose."""
    pains = {n: {"pain": 3, "pain_next_morning": 3} for n in range(46, 60)}
    pains.update({n: {"pain": 7} for n in (6, 5)})
    pains.update({n: {"pain": 5.5} for n in range(5)})
    entries = diary(days=60, pains=(4,), changes=pains)
    decision = check_in(checkin(dose=Dose(sets=2, reps=5), episode=FlareEpisode(ago(5), DOSE),
                                diary_entries=entries, sessions=(session(1, Dose(sets=2, reps=5)),),
                                history_entries=history((5, "flare"), (3, "flare"), (1, "flare"))))
    settled = criterion(decision, "flare_settled")
    assert not settled.passed and settled.value == 0
    assert "the line a new flare starts at" in settled.threshold
    assert decision.kind is DecisionKind.FLARE and decision.next_dose == Dose(sets=2, reps=5)
    assert "settled" not in decision.message_patient


def test_the_weeks_before_a_flare_end_before_the_days_that_made_it():
    """A flare is started on the second day above the line; that day and the one before are the
    flare, not the level it must come back to (§5.6)."""
    first, last = pre_flare_window(ago(0), Limits())
    assert last == ago(Limits().flare_days) and (last - first).days == Limits().baseline_days - 1


def test_a_first_flare_s_first_step_waits_four_days_from_the_day_pain_came_back_not_from_the_cut():
    # Ms Ada Brown's flare started 6 days ago; she checked in only that day, and her pain stayed at
    # 8/10 for two more days before coming back near usual 3 days ago. The dose was cut 6 days ago,
    # but §5.6's return counts from settling: step 1 waits 4 days from the day pain came back (H07).
    decision = _in_flare(6, Dose(sets=2, reps=5), {6: {"pain": 8}, 5: {"pain": 8}, 4: {"pain": 8}},
                         sessions=(session(1, Dose(sets=2, reps=5)),))
    assert decision.kind is DecisionKind.HOLD
    wait = criterion(decision, "return_step_days")
    assert not wait.passed and wait.value == 3 and "since pain came back near usual" in wait.threshold
    assert "You step up after 4 days at this step" in decision.message_patient
