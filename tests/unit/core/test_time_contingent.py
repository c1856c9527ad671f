"""Time-contingent progression (operant graded activity): quotas rise on schedule, not by pain."""

from builders import checkin, criterion, diary, history, session

from rehab.core.engine.progression import check_in
from rehab.core.models import DecisionKind, Dose, Strategy

WALK = Dose(duration_s=1200)  # a 20-minute walking quota
TIME = Strategy.TIME_CONTINGENT


def walks(*days_ago, pain=3, dose=WALK):
    return tuple(session(n, dose, pain=pain, rpe=None) for n in sorted(days_ago, reverse=True))


def walking(**changes):
    defaults = dict(dose=WALK, strategy=TIME, sessions_per_week=5, sessions=walks(1, 2, 3, 4, 5, 8, 9, 10, 11, 12),
                    history_entries=history((7, "advance")))
    return checkin(**{**defaults, **changes})


def test_a_met_quota_rises_by_ten_percent_after_a_week():
    decision = check_in(walking())
    assert decision.kind is DecisionKind.ADVANCE
    assert decision.next_dose == Dose(duration_s=1320)
    assert "good days and bad days" in decision.message_patient


def test_the_quota_does_not_rise_before_the_agreed_day():
    decision = check_in(walking(history_entries=history((4, "advance"))))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "raise_due").value == 4


def test_a_quota_met_in_fewer_than_80_percent_of_sessions_holds():
    short = Dose(duration_s=900)
    sessions = walks(1, 2, 3, dose=short) + walks(4, 5)
    decision = check_in(walking(sessions=sessions + walks(8, 9, 10, 11, 12)))
    assert decision.kind is DecisionKind.HOLD
    assert criterion(decision, "quota_met").value["met"] == 2


def test_pain_that_holds_a_symptom_contingent_patient_does_not_hold_a_time_contingent_one():
    # The morning after yesterday's walk was 6/10: above her noise band, a hold under pain monitoring.
    mornings = diary(changes={1: {"pain_next_morning": 6}})
    symptom = check_in(walking(strategy=Strategy.SYMPTOM_CONTINGENT, diary_entries=mornings))
    time = check_in(walking(diary_entries=mornings))
    assert symptom.kind is DecisionKind.HOLD
    assert time.kind is DecisionKind.ADVANCE


def test_pain_during_a_walk_neither_holds_nor_lowers_a_quota():
    # Her last walk hurt (7/10). Under graded activity the quota rises on the agreed day when it was
    # met, whatever the pain (§3.2 rule 3, Lindström 1992; Fordyce): a usual pain of 6 would
    # otherwise never let a "pain during <= 5" quota rise.
    decision = check_in(walking(sessions=walks(2, 3, 4, 5, 8, 9, 10, 11, 12) + walks(1, pain=7)))
    assert decision.kind is DecisionKind.ADVANCE
    assert "pain_during_within_limit" not in {c.name for c in decision.criteria}


def test_a_person_whose_usual_pain_is_six_still_has_her_quota_raised_on_schedule():
    six = diary(pains=(6, 7, 6, 5, 6, 7, 6))
    decision = check_in(walking(diary_entries=six, sessions=walks(1, 2, 3, 4, 5, 8, 9, 10, 11, 12, pain=6)))
    assert decision.kind is DecisionKind.ADVANCE


def test_a_flare_still_stops_a_time_contingent_raise():
    flare = diary(changes={1: {"pain": 8}, 0: {"pain": 8}})
    decision = check_in(walking(diary_entries=flare))
    assert decision.kind is DecisionKind.FLARE


def test_time_contingent_check_ins_do_not_judge_next_morning_pain_or_effort():
    names = {c.name for c in check_in(walking()).criteria}
    assert not names & {"next_morning_back_to_usual", "next_morning_no_rise", "effort_not_maximal"}
