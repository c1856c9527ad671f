"""The patient's pages through HTTP: Today, logging a session, the diary, a flare, when to seek
help, progress and lessons. Carol has a program (sit-to-stand and a daily walking quota); Dave,
another patient of the same clinic, has none unless a test gives him one."""

import html
import re
import uuid
from datetime import date, timedelta

import pytest
from clinic_cast import TODAY

from rehab.contracts.records import (
    AssessmentIn,
    DiaryEntryIn,
    DischargeIn,
    GoalIn,
    PrescriptionIn,
    ProgramIn,
    SessionLogIn,
)
from rehab.content.readability import grade
from rehab.core.models import Limits, Strategy
from rehab.services import assessments, care, logs, patients, programs


def form_id(html: str, name: str = "id") -> str:
    found = re.search(rf'name="{name}" value="([0-9a-f-]{{36}})"', html)
    assert found, f"the form has no hidden {name}"
    return found.group(1)


def sessions_of(cast, who):
    return logs.list_sessions(cast.uow(), cast.bob, who.patient_id)


def diary_of(cast, who):
    return logs.list_diary(cast.uow(), cast.bob, who.patient_id)


def give_program(cast, who, *prescriptions, document=None):
    programs.set_program(cast.uow(), cast.bob, who.patient_id, ProgramIn(
        reason="first program", prescriptions=list(prescriptions), document=document or {}))


CHAIR = PrescriptionIn(activity_id="sit_to_stand_chair", name="Sit to stand", dose={"sets": 2, "reps": 8},
                       sessions_per_week=3)
WALKING = PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                         dose={"duration_s": 900}, sessions_per_week=7)


# ---- Today ----------------------------------------------------------------------------------------

def test_today_shows_each_exercise_with_its_dose_and_the_daily_walking_quota(browse):
    page = browse("carol").get("/me")
    assert page.status_code == 200
    assert "Today's exercises" in page.text and "Sit to stand" in page.text and "2 sets of 10" in page.text
    assert "Your daily activity" in page.text and "Today: 20 minutes" in page.text
    assert 'href="/me/log/sit_to_stand"' in page.text and 'href="/me/log/walking"' in page.text
    assert "I&#39;m having a flare" in page.text or "I'm having a flare" in page.text


def test_today_shows_the_librarys_steps_and_cues_for_an_exercise_and_how_to_walk(cast, browse):
    give_program(cast, cast.dave, CHAIR, WALKING)
    page = browse("dave").get("/me").text
    assert "Sit near the front of a firm chair without arms, feet flat." in page  # a step
    assert "Weight through the heels." in page  # a cue
    assert "Walk for your quota at an easy pace" in page  # how to do the daily activity
    assert "15 minutes" in page


def test_today_counts_the_sessions_done_this_week(cast, browse):
    logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 10}, pain_during=2))
    page = browse("carol").get("/me").text
    assert "Done this week: 1. Done today." in page


def test_a_patient_without_a_program_is_told_so(browse):
    assert "has not set your program yet" in browse("dave").get("/me").text


def test_a_discharged_patient_sees_the_maintenance_plan_with_dates_and_when_to_come_back(cast, browse):
    care.discharge(cast.uow(), cast.bob, cast.carol.patient_id,
                   DischargeIn(discharged_on=TODAY, re_entry_triggers=["You cannot climb the stairs at home."]))
    page = browse("carol").get("/me").text
    assert "Keeping it going" in page
    assert "27 February 2027" in page and "27 May 2027" in page and "27 November 2027" in page
    assert "Contact your clinic if:" in page
    assert "Two flares within four weeks." in page and "You cannot climb the stairs at home." in page


GRASS = PrescriptionIn(activity_id="uneven_ground_walk", name="Walking on grass", dose={"sets": 1, "duration_s": 300},
                       sessions_per_week=7)
ONE_LEG = PrescriptionIn(activity_id="single_leg_stand_supported", name="Standing on one leg with support",
                         dose={"sets": 2, "duration_s": 20}, sessions_per_week=7)


def test_after_discharge_today_keeps_the_level_reached_as_the_printed_plan_does(cast, browse):
    """Maintenance keeps the level reached (§8): the printed plan's maintenance phase leaves out the
    steps that ask for more (re-check 2026-12-03e, finding 8). Dave's Today said "Add a little time
    each week as it feels easy" and "Use less support from your hand as it gets easier" after his
    discharge too. Before it, they are his to follow; after it, the rest of each step stays."""
    give_program(cast, cast.dave, GRASS, ONE_LEG)
    dave = browse("dave")
    before = dave.get("/me").text
    assert "Add a little time each week as it feels easy." in before
    assert "Use less support from your hand as it gets easier." in before
    care.discharge(cast.uow(), cast.bob, cast.dave.patient_id, DischargeIn(discharged_on=TODAY))
    page = dave.get("/me").text
    assert "Keeping it going" in page
    assert "Walk at an easy pace, looking a few steps ahead." in page and "Swap legs." in page
    assert "Add a little" not in page and "each week" not in page.split("Keeping it going")[1]
    assert "as it gets easier" not in page and "as it feels easy" not in page


# ---- Log a session --------------------------------------------------------------------------------

def test_logging_a_session_as_planned_takes_three_answers_and_shows_the_next_prescription(cast, browse):
    carol = browse("carol")
    form = carol.get("/me/log/sit_to_stand")
    assert form.status_code == 200 and "Your plan: <strong>2 sets of 10</strong>" in form.text
    assert 'value="prescribed" checked' in form.text  # "as planned" is already chosen
    sent = carol.post("/me/log/sit_to_stand", data={"csrf": carol.csrf, "id": form_id(form.text),
                                                     "amount": "prescribed", "pain_during": "3", "rpe": "5"})
    assert sent.status_code == 303
    assert sent.headers["location"].startswith("/me/log/sit_to_stand/done?log=")
    [stored] = sessions_of(cast, cast.carol)
    assert stored.completed == {"sets": 2, "reps": 10} and stored.pain_during == 3 and stored.rpe == 5
    done = carol.get(sent.headers["location"])
    decision = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand")[-1].decision
    assert "What happens next" in done.text
    assert decision.message_patient.split(".")[0] in done.text.replace("&#39;", "'")
    assert "Next time: <strong>2 sets of 10</strong>" in done.text


def test_less_than_planned_stores_the_numbers_typed_and_minutes_become_seconds(cast, browse):
    carol = browse("carol")
    form = carol.get("/me/log/walking").text
    assert 'name="dose_duration_s"' in form and 'value="20"' in form  # the plan, in minutes
    sent = carol.post("/me/log/walking", data={"csrf": carol.csrf, "id": form_id(form), "amount": "less",
                                               "dose_duration_s": "12.5", "pain_during": "4"})
    assert sent.status_code == 303
    [stored] = sessions_of(cast, cast.carol)
    assert stored.completed == {"duration_s": 750} and stored.rpe is None


def test_a_log_form_with_a_problem_comes_back_with_it_next_to_the_field_keeps_what_was_typed_and_stores_nothing(cast, browse):
    carol = browse("carol")
    id_ = form_id(carol.get("/me/log/sit_to_stand").text)
    sent = carol.post("/me/log/sit_to_stand", data={"csrf": carol.csrf, "id": id_, "amount": "less",
                                                     "dose_sets": "2", "dose_reps": "ten", "rpe": "6"})
    assert sent.status_code == 422
    assert 'id="f-dose_reps-problem">Enter a number' in sent.text
    assert 'id="f-pain_during-problem">Choose your pain from 0 to 10.' in sent.text
    assert 'value="ten"' in sent.text  # what was typed is kept
    assert 'value="less" checked' in sent.text and 'name="rpe" value="6" checked' in sent.text
    assert f'name="id" value="{id_}"' in sent.text  # the same form: a retry is still one record
    assert sessions_of(cast, cast.carol) == []


def test_choosing_less_with_the_planned_numbers_is_asked_again(cast, browse):
    carol = browse("carol")
    sent = carol.post("/me/log/sit_to_stand", data={"csrf": carol.csrf, "id": str(uuid.uuid4()), "amount": "less",
                                                     "dose_sets": "2", "dose_reps": "10", "pain_during": "2"})
    assert sent.status_code == 422
    assert "You chose less, but the numbers are not less than your plan" in sent.text
    assert sessions_of(cast, cast.carol) == []


def test_sending_the_same_log_form_twice_stores_one_session(cast, browse):
    carol = browse("carol")
    data = {"csrf": carol.csrf, "id": form_id(carol.get("/me/log/sit_to_stand").text), "amount": "prescribed",
            "pain_during": "2", "rpe": "4"}
    first = carol.post("/me/log/sit_to_stand", data=data)
    again = carol.post("/me/log/sit_to_stand", data=data)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert len(sessions_of(cast, cast.carol)) == 1


def test_an_activity_outside_the_program_has_no_log_page(browse):
    assert browse("carol").get("/me/log/skipping_rope").status_code == 404


def test_a_patient_cannot_see_another_patients_session_result(cast, browse):
    give_program(cast, cast.dave, WALKING)
    carol = browse("carol")
    sent = carol.post("/me/log/walking", data={"csrf": carol.csrf, "id": str(uuid.uuid4()), "amount": "prescribed",
                                               "pain_during": "2"})
    address = sent.headers["location"]
    assert carol.get(address).status_code == 200
    dave = browse("dave").get(address)
    assert dave.status_code == 404 and "Carol" not in dave.text


# ---- Diary ----------------------------------------------------------------------------------------

def test_a_diary_entry_and_the_morning_check_are_stored_on_their_days_and_the_check_in_is_queued(cast, browse):
    carol = browse("carol")
    form = carol.get("/me/diary").text
    sent = carol.post("/me/diary", data={"csrf": carol.csrf, "id": form_id(form), "morning_id": form_id(form, "morning_id"),
                                         "pain": "4", "pain_next_morning": "3", "sleep_hours": "6,5", "mood": "7",
                                         "stress": "2", "note": "Walked to the shops"})
    assert sent.status_code == 303
    page = carol.get(sent.headers["location"]).text
    assert "Saved. Your plan is checked against your diary in a moment" in page
    entries = {e.date: e for e in diary_of(cast, cast.carol)}
    assert entries[TODAY].pain == 4 and entries[TODAY].sleep_hours == 6.5 and entries[TODAY].note == "Walked to the shops"
    assert entries[TODAY].pain_next_morning is None
    # the pain on waking this morning is the "next morning" of yesterday
    assert entries[TODAY - timedelta(days=1)].pain_next_morning == 3
    assert "Walked to the shops" in page  # listed among recent entries


def test_several_diary_entries_a_day_are_kept_and_a_resent_form_is_kept_once(cast, browse):
    carol = browse("carol")
    for pain in ("3", "6"):
        form = carol.get("/me/diary").text
        data = {"csrf": carol.csrf, "id": form_id(form), "morning_id": form_id(form, "morning_id"), "pain": pain}
        assert carol.post("/me/diary", data=data).status_code == 303
        assert carol.post("/me/diary", data=data).status_code == 303  # a retry
    # both stored at the test clock's one moment: their order is the id's, not the typing's
    assert sorted(e.pain for e in diary_of(cast, cast.carol)) == [3, 6]


def test_a_diary_answer_that_is_not_a_number_is_shown_next_to_it_with_everything_kept(cast, browse):
    carol = browse("carol")
    form = carol.get("/me/diary").text
    sent = carol.post("/me/diary", data={"csrf": carol.csrf, "id": form_id(form), "morning_id": form_id(form, "morning_id"),
                                         "pain": "5", "sleep_hours": "lots", "note": "Gardening"})
    assert sent.status_code == 422
    assert 'id="f-sleep_hours-problem">Enter the hours you slept as a number' in sent.text
    assert 'value="lots"' in sent.text and ">Gardening</textarea>" in sent.text
    assert 'name="pain" value="5" checked' in sent.text
    assert diary_of(cast, cast.carol) == []


def test_an_empty_diary_form_stores_nothing_and_says_why(cast, browse):
    carol = browse("carol")
    sent = carol.post("/me/diary", data={"csrf": carol.csrf, "id": str(uuid.uuid4()), "morning_id": str(uuid.uuid4())})
    assert sent.status_code == 422 and "Fill in at least one thing" in sent.text
    assert diary_of(cast, cast.carol) == []


def test_the_diary_lists_only_the_patients_own_entries(cast, browse):
    logs.log_diary(cast.uow(), cast.dave, cast.dave.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=2,
                                                                            note="Dave's own note"))
    assert "Dave&#39;s own note" not in browse("carol").get("/me/diary").text
    assert "Dave&#39;s own note" in browse("dave").get("/me/diary").text


# ---- Flare ----------------------------------------------------------------------------------------

def declare(client):
    form = client.get("/me").text
    flare_id = re.search(r'action="/me/flare".*?name="id" value="([0-9a-f-]{36})"', form, re.S).group(1)
    return client.post("/me/flare", data={"csrf": client.csrf, "id": flare_id}), flare_id


def test_one_tap_on_the_flare_button_records_it_and_shows_the_reduced_dose_and_the_way_back(cast, browse):
    carol = browse("carol")
    sent, flare_id = declare(carol)
    assert sent.status_code == 303 and sent.headers["location"] == f"/me/flare?entry={flare_id}"
    page = carol.get(sent.headers["location"]).text
    assert "Your flare is recorded" in page and "What to do today" in page
    assert [e.flare_declared for e in diary_of(cast, cast.carol)] == [True]
    walking = next(d for d in logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, "walking")).decision
    assert walking.decision.value == "flare"
    assert "For now: <strong>10 minutes</strong>" in page  # about half of 20 minutes
    assert "When to return" in page and page.count('<ol class="return-steps">') == 2
    assert "If it is not settling by" in page
    # no steps written for Carol: the flare plan lesson's advice, said for someone in a flare now
    assert "Call your clinician if the flare is not settling" in page


def test_the_flare_page_says_how_long_to_stay_at_each_step_in_plain_words(cast, browse):
    """A physiotherapist's review (2026-12-03i, finding 5): the page showed the steps back but not
    how long to stay at each ("build up again in steps"). Carol reads her plan's own rule: the days
    of the rule set's flare limits, in short sentences at reading grade 8 or below."""
    carol = browse("carol")
    sent, _ = declare(carol)
    page = carol.get(sent.headers["location"]).text
    limits = Limits()
    rules = re.findall(r'<p class="step-rule">([^<]+)</p>', page)
    assert len(rules) == 2, "one for each activity on the flare plan"
    for rule in rules:
        rule = html.unescape(rule)
        assert f"Stay at each step for at least {limits.flare_step_days} days" in rule
        assert f"{limits.flare_settled_days} days in a row" in rule
        assert grade(rule) <= 8, (grade(rule), rule)


def test_in_a_flare_the_page_says_the_doses_shown_are_already_cut_and_asks_for_no_planning(cast, browse):
    """The reviewer's finding 11: beside doses the flare has already cut to about half, the lesson's
    "cut your exercise and activity to about half" invites a second cut (§5 step 5: reduce once,
    keep moving); and "write your plan now, while you feel well" is said to someone who may be in
    a flare now."""
    carol = browse("carol")
    sent, _ = declare(carol)
    page = carol.get(sent.headers["location"]).text
    assert "For now: <strong>10 minutes</strong>" in page
    assert "already cut back for your flare. Do not cut them again." in page
    assert "about half" not in page
    assert "while you feel well" not in page and "Write your plan now" not in page
    assert "You do not need to plan anything now." in page
    # the same page, opened later while the flare goes on, still shows the reduced dose and says so
    again = carol.get("/me/flare").text
    assert "For now: <strong>10 minutes</strong>" in again and "already cut back" in again and "about half" not in again


def test_before_a_flare_the_page_says_the_button_does_the_cutting(cast, browse):
    page = browse("carol").get("/me/flare").text
    assert "For now:" not in page
    assert "your amounts are cut back for you" in page and "about half" not in page


def test_the_flare_plan_shows_the_steps_the_clinician_wrote_for_this_patient(cast, browse):
    give_program(cast, cast.dave, WALKING, document={"flare_plan": {
        "what_to_do": ["Use the hot water bottle", "Short walks around the garden"],
        "contact_clinic_if": ["It is not better in 5 days"]}})
    page = browse("dave").get("/me/flare").text
    assert "Your steps, agreed with your clinician" in page
    assert "Use the hot water bottle" in page and "It is not better in 5 days" in page
    assert "cut your exercise" not in page


def test_pressing_the_flare_button_twice_records_one_flare(cast, browse):
    carol = browse("carol")
    sent, flare_id = declare(carol)
    again = carol.post("/me/flare", data={"csrf": carol.csrf, "id": flare_id})
    assert again.headers["location"] == sent.headers["location"]
    assert len(diary_of(cast, cast.carol)) == 1


def test_while_a_flare_is_in_progress_today_and_the_flare_page_say_so(cast, browse):
    carol = browse("carol")
    declare(carol)
    assert "You are on your flare plan" in carol.get("/me").text
    assert "Your flare plan now" in carol.get("/me/flare").text


def test_a_patient_cannot_open_another_patients_flare(cast, browse):
    _, flare_id = declare(browse("carol"))
    other = browse("dave").get(f"/me/flare?entry={flare_id}")
    assert other.status_code == 404 and "Carol" not in other.text


# ---- When to get help ----------------------------------------------------------------------------

def test_the_warning_signs_are_listed_by_what_to_do(browse):
    page = browse("carol").get("/me/help").text
    assert "Call for an ambulance now, or go to an emergency department, if you have:" in page
    assert "Numbness or tingling between your legs" in page
    assert "Contact your clinic or a doctor today if you have:" in page
    assert page.count('type="checkbox" name="sign"') == 15  # 13 red flags and 2 new symptoms
    # New numbness is a same-day referral (H50): never "soon" (seen on a phone-size screenshot, 3 Dec)
    assert "Tell your clinic today if you notice:" in page and "clinician soon" not in page


def test_a_red_flag_answer_shows_the_urgent_advice_at_once_and_stops_progression(cast, browse):
    carol = browse("carol")
    sent = carol.post("/me/help", data={"csrf": carol.csrf, "sign": ["constant_night_pain"]})
    assert sent.status_code == 303 and sent.headers["location"].startswith("/me/help?answered=")
    page = carol.get(sent.headers["location"]).text
    advice = re.search(r'<div class="urgent" role="alert" id="advice">(.*?)</div>', page, re.S).group(1)
    assert "Get help today" in advice and "contact your clinic or doctor today" in advice
    # What to do when the clinic cannot be reached today, and which signs mean an ambulance (review
    # 2026-12-03d, finding 13: the urgent advice had no fallback).
    assert "out-of-hours health line" in advice and "Call for an ambulance now if an arm or leg" in advice
    [screening] = patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id)
    assert screening.result["urgency"] == "urgent" and screening.answers["red_flags"] == ["constant_night_pain"]
    today = carol.get("/me").text
    assert 'class="urgent" role="alert"' in today and "Please pause your exercises" in today


def test_an_emergency_sign_says_to_go_to_an_emergency_department(browse):
    carol = browse("carol")
    sent = carol.post("/me/help", data={"csrf": carol.csrf, "sign": ["saddle_anaesthesia", "history_of_cancer"]})
    page = carol.get(sent.headers["location"]).text
    assert "Get help now" in page and "emergency department" in page


def test_sending_the_help_form_with_nothing_ticked_records_nothing(cast, browse):
    carol = browse("carol")
    sent = carol.post("/me/help", data={"csrf": carol.csrf})
    assert sent.status_code == 200 and "You did not tick any sign, so nothing was sent" in sent.text
    assert patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_a_sign_that_is_not_on_the_page_is_refused_with_her_ticks_kept_and_nothing_recorded(cast, browse):
    """A form out of date, or altered, is bad input (422): nothing is sent, so nothing half-sent,
    and what she ticked stays ticked for her to send again."""
    carol = browse("carol")
    sent = carol.post("/me/help", data={"csrf": carol.csrf, "sign": ["constant_night_pain", "not_a_sign"]})
    assert sent.status_code == 422 and "Nothing was sent" in sent.text
    assert 'value="constant_night_pain" checked' in sent.text
    malformed = carol.post("/me/help", data={"csrf": carol.csrf, "sign": ["constant_night_pain"], "id": "not-an-id"})
    assert malformed.status_code == 422
    assert patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_a_patient_cannot_read_another_patients_answers(browse):
    carol = browse("carol")
    address = carol.post("/me/help", data={"csrf": carol.csrf, "sign": ["unexplained_swelling"]}).headers["location"]
    assert "new symptoms" in carol.get(address).text
    assert browse("dave").get(address).status_code == 404


# ---- My progress ----------------------------------------------------------------------------------

@pytest.fixture
def carols_weeks(cast):
    """Five weeks of Carol's diary and sessions, a goal she has reached the expected level of,
    and two PSFS scores."""
    start = TODAY - timedelta(days=35)
    for n in range(36):
        day = start + timedelta(days=n)
        cast.clock.day = day
        pain = 5 + (n % 3 - 1) * 0.5 if n < 29 else 2
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=day, pain=pain, pain_next_morning=pain))
        if day.weekday() in (0, 2, 4):
            dose = programs.get_program(cast.uow(), cast.carol, cast.carol.patient_id).prescriptions[0]
            logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
                id=uuid.uuid4(), activity_id="sit_to_stand", date=day, completed=dose.current_dose,
                pain_during=2, rpe=4))
    cast.clock.day = TODAY
    goal = assessments.set_goal(cast.uow(), cast.bob, cast.carol.patient_id, GoalIn(
        words="Carry the shopping home", icf_code="d430", task="two 5 kg bags 200 m", success_criterion="no stop",
        baseline="one bag 50 m", gas_levels={"-2": "cannot carry a bag", "-1": "one bag 50 m",
                                             "0": "two bags 200 m", "1": "two bags 400 m", "2": "two bags home"}))
    from rehab.contracts.records import GoalUpdate
    assessments.update_goal(cast.uow(), cast.bob, goal.id, GoalUpdate(gas_level=0))
    for taken, answers in ((start, {"carrying": 3, "walking": 4, "stairs": 3}),
                           (TODAY, {"carrying": 7, "walking": 8, "stairs": 7})):
        assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                      AssessmentIn(instrument="psfs", taken_on=taken, answers=answers))


def test_progress_shows_goals_with_where_they_are_pain_against_their_usual_and_scores(carols_weeks, browse):
    page = browse("carol").get("/me/progress").text
    assert "Carry the shopping home" in page
    here = re.search(r'<li class="here" aria-current="step">(.*?)</li>', page, re.S).group(1)
    assert "two bags 200 m" in here and "(you are here)" in here
    assert "<svg class=\"chart\"" in page and "Your usual range is" in page
    assert "This week your pain has been clearly lower than usual." in page
    assert "Patient-Specific Functional Scale" in page or "PSFS" in page
    assert "Better than last time" in page


def test_small_wins_come_from_the_records(carols_weeks, browse, cast):
    page = browse("carol").get("/me/progress").text
    wins = re.search(r'<ul class="cards wins">(.*?)</ul>', page, re.S).group(1)
    assert "36 days in a row" in wins
    assert f"{len(sessions_of(cast, cast.carol))} sessions logged" in wins
    assert "Goal reached" in wins and "Less pain this week" in wins
    current = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id).prescriptions[0].current_dose
    if current != {"sets": 2, "reps": 10}:
        assert "Sit to stand: you have built up" in wins


def test_progress_before_any_records_says_what_will_show(browse):
    page = browse("dave").get("/me/progress").text
    assert "Your diary entries will show here" in page and "not set goals" in page
    assert "Well done" not in page


# ---- Learn ----------------------------------------------------------------------------------------

def test_lessons_open_a_few_a_week_from_enrolment_in_the_librarys_order(cast, browse):
    cast.clock.day = date(2026, 10, 3)  # Carol's first week
    page = browse("carol").get("/me/learn").text
    ready, coming = page.split("Coming up")
    assert "How pain works" in ready and "When to get help" in ready and "Pacing" in ready
    assert "Your flare plan" in coming and "(week 2)" in coming
    assert "Active at work" not in page  # only for people in work, when the clinician schedules it
    lesson = browse("carol").get("/me/learn/how_pain_works")
    assert lesson.status_code == 200 and "Try this" in lesson.text
    later = browse("carol").get("/me/learn/keeping_it_going")
    assert "This lesson opens in week 3" in later.text


def test_the_programs_own_schedule_decides_when_lessons_open(cast, browse):
    give_program(cast, cast.dave, WALKING, document={"planned": {"start": "2026-11-20", "education": [
        {"module": "sleep", "title": "Sleep", "week": 1, "reason": "brought forward because you sleep badly"},
        {"module": "pacing", "title": "Pacing", "week": 4, "reason": "part of the build phase"}]}})
    page = browse("dave").get("/me/learn").text
    ready, coming = page.split("Coming up")
    assert 'href="/me/learn/sleep"' in ready and "Pacing" in coming and "How pain works" not in page
    assert "week 2 of your program" in page


def test_an_unknown_lesson_is_not_found(browse):
    assert browse("carol").get("/me/learn/nothing_here").status_code == 404


def test_the_patient_and_the_clinician_see_the_same_usual_range(cast, browse):
    """One baseline for one person: the progress page and the clinician's timeline draw the same
    band (the person's own thresholds, the pre-flare weeks during a flare)."""
    for n in range(28, 0, -1):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n), pain=3 + n % 3))
    band = re.compile(r"Usual range: ([\d.]+) to ([\d.]+)\.")
    patient_side = band.findall(browse("carol").get("/me/progress").text)
    clinician_side = band.findall(browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text)
    assert patient_side and clinician_side
    assert patient_side[0] == clinician_side[0]
