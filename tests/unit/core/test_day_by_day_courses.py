"""Courses of care checked in day by day with each decision fed back, as the server does: the
hazards of a moving yardstick, a setback in a patient who improved, and a flare's return only show
in that loop (``tests/day_by_day.py``)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from rehab.content.readability import grade
from rehab.core.models import DecisionKind, Dose, HistoryEntry, Limits

from day_by_day import Course, days

START = date(2026, 9, 1)


def improved_patient(event: tuple[int, ...]) -> Course:
    """Intake fortnight at about 6/10 (a point either way); over six weeks her pain comes down to
    about 3/10 and stays there for three weeks, with no re-baseline. Sit to stand every other day,
    pain during 3/10, her last advance two weeks before the end. Then ``event``: her usual pain,
    one value a day, checked in day by day. She wakes each morning at the pain of the day before."""
    wobble = random.Random(5)  # a fixed, reproducible diary
    pains = []
    for k in range(77):
        if k < 14:
            pain = 6 + wobble.choice((0, 0, 1, -1))
        elif k < 56:
            pain = 6 - 3 * (k - 14) / 42 + wobble.choice((-0.5, 0, 0.5))
        else:
            pain = 3 + wobble.choice((0, 0, 1, -1))
        pains.append(max(0, round(pain)))
    course = Course(Dose(sets=2, reps=10))
    course.history.append(HistoryEntry(START + timedelta(days=61), DecisionKind.ADVANCE))
    diary = pains + list(event)
    for k, pain in enumerate(diary):
        day = START + timedelta(days=k)
        course.note(day, pain, woke=diary[k - 1] if k else None)
        if k % 2 == 1:
            course.train(day)
        if k >= len(pains):
            course.check_in(day)
    return course


def test_a_flare_in_a_patient_who_improved_gets_a_decision_every_day_of_its_return():
    """§5.6: after a flare she steps back up once pain settles. The day a return step falls due
    this week's mornings are above last week's (the flare raised them): the check-in must still
    give her a decision and a plain message, every day."""
    course = improved_patient((5, 6, 6, 5, 4, 3, 3, 3, 3, 3, 3, 3))
    for day, decision in course.decisions.items():
        assert decision.message_patient, day
        assert grade(decision.message_patient) <= 8, decision.message_patient
    assert DecisionKind.FLARE in course.kinds()


def provoked_mornings(fortnights: int = 2) -> Course:
    """Mrs Joan Reid, sit to stand at 2 x 11. Her intake fortnight: mornings about 3/10, sessions
    every other day. From then on her usual pain and her pain during stay at 3/10, but she wakes at
    6/10 the morning after every session, for ``fortnights`` x 13 days, checked in every day."""
    course = Course(Dose(sets=2, reps=11))
    first = date(2026, 11, 1)
    course.history.append(HistoryEntry(first, DecisionKind.ADVANCE))
    intake = (3, 3, 4, 3, 3, 2, 3, 3, 4, 3, 3, 3, 2, 3)
    for k, day in enumerate(days(first, 14)):
        course.note(day, intake[k], woke=intake[k - 1] if k else None)
        if k % 2 == 1:
            course.train(day)
    woke = 3
    for k, day in enumerate(days(first + timedelta(days=14), 13 * fortnights)):
        session = k % 2 == 0
        course.live(day, 3, woke=woke, session_pain=3 if session else None)
        woke = 6 if session else 3
    return course


def test_mornings_at_6_after_every_session_never_advance_however_often_the_dose_came_down():
    """§3.1: the next morning must be back to the pre-session level (her mornings were 3/10). Each
    regression is a dose change, but the 6/10 mornings it answered never become her usual: she is
    never told her sessions 'settled by the next morning' while she wakes at 6 after each one."""
    course = provoked_mornings()
    first_provoked = course.on(DecisionKind.REGRESS)[0]
    assert DecisionKind.ADVANCE not in course.kinds(first_provoked)
    for day, decision in course.decisions.items():
        if day >= first_provoked:
            assert "settled by the next morning" not in decision.message_patient, day


def test_two_regressions_of_one_activity_within_a_fortnight_alert_the_clinician():
    """A dose that keeps coming down is not settling: after the second regression in 14 days the
    clinician is asked to reassess (§3.1, §7.2), with what to consider."""
    course = provoked_mornings(fortnights=1)
    regressions = course.on(DecisionKind.REGRESS)
    assert len(regressions) >= 2
    alerted = course.alerts("repeated_regressions")
    assert alerted and alerted[0] == regressions[1]
    message = next(a.message for a in course.decisions[alerted[0]].alerts if a.code == "repeated_regressions")
    assert "reassess" in message and regressions[0].isoformat() in message


SETBACK = (5, 5, 6, 5, 5, 6, 5, 5, 5, 6, 5, 5, 5, 6, 5, 5, 6, 5, 5, 5, 6)


def test_a_setback_to_double_her_new_usual_is_seen_in_a_patient_who_improved():
    """She came down from 6/10 to 3/10 with no re-baseline, then went back to 5-6/10 for three
    weeks. Judged only from her intake level that is no change at all; from her best level since,
    it is a setback (§5, §7.2 step 4): progression holds and the clinician is asked to reassess."""
    course = improved_patient(SETBACK)
    alerted = course.alerts("sustained_worsening")
    assert alerted, "a three-week setback went unseen"
    assert alerted[0] <= START + timedelta(days=77 + 14)
    assert DecisionKind.ADVANCE not in course.kinds(alerted[0])
    worsening = next(c for c in course.decisions[alerted[0]].criteria if c.name == "no_sustained_worsening")
    assert not worsening.passed
    # both her usual pain and her mornings are judged from her best level since (about 3), not 6
    assert worsening.value["usual"]["baseline_mean"] < 4 and worsening.value["morning"]["baseline_mean"] < 4


def test_a_lasting_important_improvement_suggests_a_re_baseline_without_holding():
    """Two weeks at 3/10 against an intake level of 6/10: reliably and importantly better (2 points
    and 30%). The clinician is told to consider a re-baseline (§7.2 step 5); it does not hold."""
    course = improved_patient(())
    decision = course.check_in(START + timedelta(days=76))
    assert any(a.code == "consider_rebaseline" for a in decision.alerts)
    assert decision.kind is DecisionKind.ADVANCE or all(
        c.passed for c in decision.criteria if c.name in ("no_sustained_worsening", "personal_baseline"))


def test_ordinary_ups_and_downs_after_an_improvement_are_not_a_setback():
    """Back at 3-4/10 after a good fortnight at 3/10: inside the 2-point and 30% rule, no alert."""
    course = improved_patient((3, 4, 3, 4, 4, 3, 4, 3, 4, 4, 3, 4, 3, 4))
    assert not course.alerts("sustained_worsening")


def flare_course(after: tuple[int, ...]) -> Course:
    """Mr Sam Okoro, usual pain 2-4/10 for four weeks, sit to stand every other day. Then two days
    at 6/10 start a flare; ``after`` is his usual pain on the days that follow, checked in daily."""
    course = Course(Dose(sets=2, reps=10))
    first = date(2026, 10, 1)
    course.history.append(HistoryEntry(first - timedelta(days=1), DecisionKind.ADVANCE))
    usual = (3, 2, 3, 4, 3, 3, 2)
    for k, day in enumerate(days(first, 28)):
        course.note(day, usual[k % 7], woke=usual[(k - 1) % 7] if k else None)
        if k % 2:
            course.train(day)
    woke = 3
    for k, (day, pain) in enumerate(zip(days(first + timedelta(days=28), 2 + len(after)), (6, 6) + after)):
        course.live(day, pain, woke=woke, session_pain=3 if k % 2 else None)
        woke = pain
    return course


def test_a_flare_that_comes_back_after_a_return_step_is_a_recurrence_reviewed_a_week_from_its_start():
    """§5.7: escalate a flare not settling after about a week, or a second flare within 4 weeks. A
    flare that comes back after he stepped up is a recurrence, and the week is counted from the
    first day of the flare, whatever the return steps."""
    course = flare_course((3, 3, 3, 3, 3, 3, 6, 6, 3, 3, 3, 3))
    started = course.on(DecisionKind.FLARE)[0]
    step = next(day for day in course.on(DecisionKind.ADVANCE) if day > started)
    came_back = next(day for day in course.on(DecisionKind.FLARE) if day > step)
    assert course.alerts("recurring_flares") == [came_back]
    week = started + timedelta(days=7)
    still_going = [day for day, d in course.decisions.items() if day >= week and d.flare_episode is not None]
    assert any(course.decisions[day].kind is not DecisionKind.FLARE for day in still_going), "back on his return steps"
    assert still_going[0] == week
    # Not "not settling" once it has settled again (a physiotherapist's review, 2026-12-03): each day
    # from the week on says which it is, on the dashboard too.
    for day in still_going:
        active = course.decisions[day].kind is DecisionKind.FLARE
        assert [a.code for a in course.decisions[day].alerts if a.code.startswith("flare_")][:1] == \
            (["flare_not_settling"] if active else ["flare_recurred"]), day


def test_a_flare_is_dated_from_its_first_raised_day_and_reviewed_a_week_from_it():
    """Two days at 6/10 make Mr Okoro's flare; it is found on the second but started on the first,
    and §5.7 counts about a week from the start: the clinician is asked to review on the seventh day
    after the first, and he reads that date (a physiotherapist's re-check, 2026-12-03e, finding 8)."""
    course = flare_course((6, 6, 6, 6, 6, 6, 6))
    found = course.on(DecisionKind.FLARE)[0]
    first = found - timedelta(days=1)
    assert course.diary[first].pain == 6 and course.decisions[first].kind is DecisionKind.HOLD
    assert {d.flare_episode.started for d in course.decisions.values() if d.flare_episode} == {first}
    assert course.decisions[found].flare_plan.review_by == first + timedelta(days=7)
    review = first + timedelta(days=7)
    assert review.day < 10, "the case shows a date written without a leading zero"
    # "5 November", as people write it, not "05 November".
    assert f"If it is not settling by {review.day} {review:%B}," in course.decisions[found].message_patient
    assert course.alerts("flare_not_settling")[0] == first + timedelta(days=7)


def test_an_improved_patient_s_dose_is_not_raised_on_the_first_day_of_a_flare_at_her_own_line():
    """She improved from 6 to 3/10. A day at 5 is at her own flare line (two points above her last
    fortnight), though below the line drawn from her intake level: it may be a flare's first day, so
    the sit to stand due to rise that day is held, and when the second day makes it a flare, the
    flare starts on that first day and cuts from, and returns to, the dose she did (§5.5; the
    physiotherapist's re-check 2026-12-03e, finding 8, on the line an improvement draws, H08)."""
    course = improved_patient((4, 5, 5, 5))
    first = sorted(course.decisions)[-3]
    assert course.diary[first].pain == 5
    assert course.decisions[first].kind is DecisionKind.HOLD
    assert "pain_below_flare_line" in {c.name for c in course.decisions[first].criteria if not c.passed}
    found = course.decisions[first + timedelta(days=1)]
    assert found.kind is DecisionKind.FLARE
    assert (found.flare_episode.started, found.flare_episode.pre_flare_dose) == (first, Dose(sets=2, reps=10))
    assert found.flare_plan.steps[-1].dose == Dose(sets=2, reps=10)


def test_an_improved_patient_s_flare_at_her_own_line_is_not_settled_while_her_pain_stays_on_that_line():
    """She improved from 6 to 3/10. Then 5/10 every day: at her own flare line (two points above her
    last fortnight, H08), below the line drawn from the weeks before the flare. Settled means below
    the line that found it, back near her own recent usual (§5.6: return once pain is back near the
    usual level; H07): while she stays at 5 the flare plan goes on at the cut dose with no step back
    up (a helper's check, 2026-12-03: settled the day after it was found, a step up at 5/10). Once
    she is back at 3 for 2 days it has settled, and the steps of a first flare follow, each 4 days,
    the first counted from her first day back at 3."""
    course = improved_patient((5,) * 11 + (3,) * 12)
    first = START + timedelta(days=77)  # her first day at 5
    back = first + timedelta(days=11)  # her first day back at 3
    found = course.on(DecisionKind.FLARE)[0]
    assert found == first + timedelta(days=1)
    assert course.decisions[found].flare_episode.started == first
    for day in days(found, (back - found).days):
        decision = course.decisions[day]
        assert course.diary[day].pain == 5
        assert decision.kind is DecisionKind.FLARE, (day, decision.kind, decision.message_patient)
        assert decision.next_dose == Dose(sets=2, reps=5)
        settled = next(c for c in decision.criteria if c.name == "flare_settled") if day > found else None
        assert settled is None or (not settled.passed and "14 days before the flare" in settled.threshold)
        assert "settled" not in decision.message_patient
    assert course.decisions[back].kind is DecisionKind.FLARE  # one day back at 3 is not yet 2
    steps = [day for day in course.on(DecisionKind.ADVANCE) if day > found]
    assert steps[:1] == [back + timedelta(days=4)]
    # Eleven days at her line: not settled within the week after which §5.7 says contact a clinician, so
    # the last step back to the dose that flared is her clinician's (review 2026-12-03j, finding 9; H07).
    last = course.decisions[back + timedelta(days=8)]
    assert last.kind is DecisionKind.HOLD and last.next_dose != Dose(sets=2, reps=10)
    assert any(c.name == "last_return_step_by_clinician" and not c.passed for c in last.criteria)


def test_a_flare_that_settles_and_steps_back_up_on_schedule_is_not_escalated():
    course = flare_course((3, 3, 3, 3, 3, 3, 3, 3))
    assert DecisionKind.ADVANCE in course.kinds(course.on(DecisionKind.FLARE)[0])
    assert not course.alerts("flare_not_settling") and not course.alerts("recurring_flares")


def test_flare_messages_count_the_days_truly_and_never_point_to_a_day_already_past():
    """He is told how many days his pain has been high only as counted (never "0 days" or
    "1 days"), and once the review date has come he is told to contact the clinic now."""
    course = flare_course((3, 6, 6, 6, 6, 6, 6, 6, 5, 5))
    flares = {day: d for day, d in course.decisions.items() if d.kind is DecisionKind.FLARE}
    assert len(flares) >= 9
    for day, decision in flares.items():
        text = decision.message_patient
        assert " 0 days" not in text and " 1 days" not in text, text
        assert grade(text) <= 8, text
        review = decision.flare_plan.review_by
        if day >= review:
            assert "contact your clinic now" in text and f"{review.day} {review:%B}" not in text, (day, text)
        else:
            assert f"settling by {review.day} {review:%B}," in text, (day, text)


def recurred_flare() -> Course:
    """Mr Okoro's flare settles, he steps up once, and it comes back two days later (6/10 twice);
    then his pain stays at his usual 3/10 for four weeks, checked in daily."""
    return flare_course((3, 3, 3, 3, 3, 3, 6, 6) + (3,) * 28)


def test_after_a_flare_comes_back_the_return_steps_are_a_week_apart_and_the_last_is_the_clinicians():
    """§5.5-5.6 after a recurrence: back to the last well-tolerated level, rebuild at about 10% a
    week (§3.4), and review what triggered it. Each step waits 7 days, and the last step back to
    the dose that flared (2 x 10: no step up on the flare's first day, H06) is not taken by the
    engine: it holds at the step below and the clinician is told (H07)."""
    course = recurred_flare()
    started = course.on(DecisionKind.FLARE)[0]
    first_step = next(day for day in course.on(DecisionKind.ADVANCE) if day > started)
    came_back = next(day for day in course.on(DecisionKind.FLARE) if day > first_step)
    last_flare = course.on(DecisionKind.FLARE)[-1]
    steps_after = [day for day in course.on(DecisionKind.ADVANCE) if day > came_back]
    assert steps_after and (steps_after[0] - last_flare).days >= 7
    assert len(steps_after) == 1, "the last step back to the dose that flared is the clinician's"
    assert course.dose == course.decisions[steps_after[0]].next_dose != Dose(sets=2, reps=10)
    held = course.alerts("flare_return_held")
    assert held and held[-1] == max(course.decisions)
    last = course.decisions[max(course.decisions)]
    assert last.kind is DecisionKind.HOLD and last.flare_episode is not None
    assert "clinician" in last.message_patient and grade(last.message_patient) <= 8
    assert last.flare_episode.pre_flare_dose == Dose(sets=2, reps=10)
    assert "2 sets of 10" in next(a.message for a in last.alerts if a.code == "flare_return_held")


def test_a_flare_that_settles_without_coming_back_still_returns_in_a_few_days_a_step():
    """No recurrence, no change: steps 3 days apart and the engine takes the last one (§5.6)."""
    course = flare_course((3,) * 14)
    steps = [day for day in course.on(DecisionKind.ADVANCE) if day > course.on(DecisionKind.FLARE)[0]]
    assert len(steps) >= 2 and (steps[1] - steps[0]).days < 7
    assert not course.alerts("flare_return_held")


def test_a_flare_that_came_back_is_reviewed_a_week_from_the_day_it_came_back_and_she_is_told_to_call_now():
    """The plan's review date is not left on the first flare's week once it has come back (a past
    date on the flare page); the message says to contact the clinic now (§5.7: it keeps recurring)."""
    course = recurred_flare()
    first_step = next(day for day in course.on(DecisionKind.ADVANCE) if day > course.on(DecisionKind.FLARE)[0])
    came_back = next(day for day in course.on(DecisionKind.FLARE) if day > first_step)
    decision = course.decisions[came_back]
    assert decision.flare_plan.review_by == came_back + timedelta(days=7)
    assert "contact your clinic now" in decision.message_patient
    assert "7 days" in decision.flare_plan.step_rule


def test_waiting_at_a_return_step_is_said_as_the_next_step_up():
    """'the next step back' can be read as stepping down."""
    course = flare_course((3, 3, 3, 3, 3, 3))
    waits = [d.message_patient for d in course.decisions.values() if "You step up after" in d.message_patient]
    assert waits and all("step back." not in text for text in waits)


def test_no_re_baseline_is_suggested_on_a_day_at_the_flare_line():
    """§7.2 step 5 re-baselines on a stable window: a day at 6/10 in a patient now at about 3 is at
    her flare line, so the improvement alert waits (a physiotherapist's review, 2026-12-03)."""
    course = improved_patient((6,))
    last = course.decisions[max(course.decisions)]
    assert not any(a.code == "consider_rebaseline" for a in last.alerts)
    assert improved_patient(()).check_in(START + timedelta(days=76)).alerts  # the alert itself still comes


def test_a_first_flare_returns_to_full_dose_over_at_least_a_week_from_settling():
    """§5.6: once pain is back near the pre-flare level, return to the pre-flare quota over 1-2
    weeks. A physiotherapist's review (2026-12-03, case a2) found 50% -> 75% -> 100% in 6 days from
    the first settled day. Each step now waits 4 days (flare_step_days), the first counted from the
    day pain came back near usual, and the engine still takes the last step of a first flare."""
    course = flare_course((3,) * 16)
    started = course.on(DecisionKind.FLARE)[0]
    settled_from = min(day for day in course.decisions if day > started and course.decisions[day].kind
                       is not DecisionKind.FLARE) - timedelta(days=1)  # pain back near usual the day before
    steps = [day for day in course.on(DecisionKind.ADVANCE) if day > started][:2]
    pre_flare = course.decisions[started].flare_episode.pre_flare_dose
    assert course.decisions[steps[1]].next_dose == pre_flare  # back at the pre-flare dose
    assert (steps[0] - settled_from).days >= 4 and (steps[1] - steps[0]).days >= 4
    assert (steps[-1] - settled_from).days >= 7
    assert not course.alerts("flare_return_held")


def _waits_said(course: Course) -> set[str]:
    """The waits the patient read while waiting at a return step ("You step up after ...")."""
    return {re.search(r"You step up after (.+?) at this step", d.message_patient)[1]
            for d in course.decisions.values() if "You step up after" in d.message_patient}


def _paces_said(course: Course) -> set[str]:
    """The pace the flare plan told her on the days it started or came back."""
    return {re.search(r"step back up (about once a week|one step every [0-9]+ days)", d.message_patient)[1]
            for d in course.decisions.values() if d.kind is DecisionKind.FLARE and "step back up" in d.message_patient}


def test_the_wait_the_patient_reads_is_the_rule_s_own_after_a_first_flare_and_after_a_recurrence():
    """A physiotherapist's review (2026-12-03, case a3): "Stay at 10 minutes for a few days" when the
    rule was 7 days. The days named are the rule's days and the steps come no sooner, after a first
    flare (flare_step_days, 4 and set to 5 for one patient) and after a recurrence (7: "about a week")."""
    first = flare_course((3,) * 16)
    assert _waits_said(first) == {"4 days"} and _paces_said(first) <= {"one step every 4 days"}
    steps = [day for day in first.on(DecisionKind.ADVANCE) if day > first.on(DecisionKind.FLARE)[0]]
    assert (steps[1] - steps[0]).days == 4

    recurred = recurred_flare()
    came_back = recurred.on(DecisionKind.FLARE)[-1]
    after = [day for day in recurred.on(DecisionKind.ADVANCE) if day > came_back]
    assert _waits_said(recurred) >= {"about a week"} and "about once a week" in _paces_said(recurred)
    assert all("few days" not in d.message_patient for day, d in recurred.decisions.items() if day > came_back)
    assert after and (after[0] - came_back).days >= 7

    slower = _flare_with_5_day_steps((6, 6) + (3,) * 16)
    assert _waits_said(slower) == {"5 days"}
    steps = [day for day in slower.on(DecisionKind.ADVANCE) if day > slower.on(DecisionKind.FLARE)[0]]
    assert steps and all((b - a).days >= 5 for a, b in zip(steps, steps[1:]))


def _flare_with_5_day_steps(pains: tuple[int, ...]) -> Course:
    """Four settled weeks, then ``pains`` a day, under a clinician's 5 days at each return step."""
    slower = Course(Dose(sets=2, reps=10), limits=Limits(flare_step_days=5))
    first_day = date(2026, 10, 1)
    slower.history.append(HistoryEntry(first_day - timedelta(days=1), DecisionKind.ADVANCE))
    for k, day in enumerate(days(first_day, 28)):
        slower.note(day, (3, 2, 3, 4, 3, 3, 2)[k % 7])
        if k % 2:
            slower.train(day)
    for k, (day, pain) in enumerate(zip(days(first_day + timedelta(days=28), len(pains)), pains)):
        slower.live(day, pain, session_pain=3 if k % 2 else None)
    return slower


def _step_rules(course: Course) -> set[str]:
    return {d.flare_plan.step_rule for d in course.decisions.values() if d.flare_plan is not None}


def test_the_return_rule_he_reads_is_plain_and_names_the_days_of_his_own_plan():
    """A physiotherapist's review (2026-12-03i, finding 5): the flare plan's step rule, which the
    check-in JSON, the API and his flare page show, was one sentence at reading grade 15.1. He reads
    it in short sentences at grade 8 or below, with the days of his own rule: 2 days near his usual
    before a step up and 4 at each step after a first flare; 7 after a flare came back, and then the
    last step is the clinician's (§5.6, H07); 5 when his clinician set 5."""
    limits = Limits()
    first = _step_rules(flare_course((3,) * 16))
    assert len(first) == 1
    rule = first.pop()
    assert grade(rule) <= 8, (grade(rule), rule)
    assert f"near your usual for {limits.flare_settled_days} days in a row" in rule
    assert f"Stay at each step for at least {limits.flare_step_days} days with your pain near your usual." in rule
    assert "clinician" not in rule

    came_back = _step_rules(recurred_flare())
    recurrence = [r for r in came_back if f"at least {limits.flare_step_days_after_recurrence} days" in r]
    assert recurrence, came_back
    assert all(grade(r) <= 8 for r in came_back), came_back
    assert "Your clinician will set the last step with you." in recurrence[0]

    slower = _flare_with_5_day_steps((6, 6, 3, 3, 3, 3))
    assert {"at least 5 days" in r for r in _step_rules(slower)} == {True}


def test_a_long_flare_is_told_the_true_number_of_raised_days_every_day():
    """Mr Okoro's pain stays at 6/10 for 12 days after his usual 2-4. Each day of the flare he is
    told how long his pain has been well above his usual, and the number is the days he lived: on
    the ninth day "the last 9 days", not "the last 7 days" (the engine looked at a 7-day window and
    said its length on days 8 to 12)."""
    course = flare_course((6,) * 10)
    flares = sorted(day for day, d in course.decisions.items() if d.kind is DecisionKind.FLARE)
    assert len(flares) == 11  # found on the second day at 6, then every day to the twelfth
    for day in flares:
        raised = 0
        while course.diary.get(day - timedelta(days=raised)) and course.diary[day - timedelta(days=raised)].pain == 6:
            raised += 1
        text = course.decisions[day].message_patient
        assert f"well above your usual for the last {raised} days." in text, (day, raised, text)
        assert grade(text) <= 8, text
    assert raised == 12
