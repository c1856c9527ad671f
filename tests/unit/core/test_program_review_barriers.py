"""What the records can say at a program review after a stall, and what a review may change.

The scenarios are read from the clinician's side: four weeks of a person's records, and which
barriers a physiotherapist would want on the table before the conversation (the seed, "when
progress stalls"; clinical reference §3.1, §3.6, §5).
"""

from datetime import date, timedelta

from rehab.content.readability import grade, sentences
from rehab.core.models import DecisionKind, DiaryEntry, Dose, SessionLog
from rehab.core.planning.review import (
    ActivityRecord,
    as_read_now,
    barriers_seen,
    dose_raise_refused,
    patient_words,
)

TODAY = date(2026, 11, 27)
DAYS = [TODAY - timedelta(days=n) for n in range(27, -1, -1)]  # the last four weeks


def sessions(every: int, rpe: float = 6) -> tuple[SessionLog, ...]:
    return tuple(SessionLog(d, Dose(sets=2, reps=10), 3, 3, rpe) for i, d in enumerate(DAYS) if i % every == 0)


def walking(logged: tuple[SessionLog, ...], decisions=()) -> ActivityRecord:
    return ActivityRecord("Walking", 3, TODAY - timedelta(days=90), logged, decisions)


def found(*activities, diary=()):
    return {b.barrier: b for b in barriers_seen(TODAY, activities, diary)}


def test_sessions_done_about_every_other_planned_day_are_an_adherence_barrier_with_the_counts():
    seen = found(walking(sessions(every=5)))  # 6 of the 12 planned in four weeks
    assert seen["adherence"].values == {"logged": 6, "planned": 12.0, "share": 0.5}
    assert "60%" in seen["adherence"].threshold and seen["adherence"].source


def test_sessions_as_planned_are_no_adherence_barrier():
    assert "adherence" not in found(walking(sessions(every=2)))


def test_a_fortnight_of_five_hour_nights_is_a_sleep_barrier_but_a_few_short_nights_are_not():
    short = tuple(DiaryEntry(d, pain=4, sleep_hours=5) for d in DAYS[-14:])
    assert found(walking(sessions(every=2)), diary=short)["sleep"].values == {
        "nights": 14, "average_hours": 5.0, "short_nights": 14}
    mostly_good = tuple(DiaryEntry(d, pain=4, sleep_hours=5 if i % 5 == 0 else 7.5) for i, d in enumerate(DAYS))
    assert "sleep" not in found(walking(sessions(every=2)), diary=mostly_good)
    too_few = tuple(DiaryEntry(d, pain=4, sleep_hours=4) for d in DAYS[-3:])
    assert "sleep" not in found(walking(sessions(every=2)), diary=too_few)


def test_a_step_back_in_the_last_weeks_says_the_dose_may_be_too_high():
    record = walking(sessions(every=2), decisions=((DAYS[20], DecisionKind.REGRESS), (DAYS[24], DecisionKind.HOLD)))
    seen = found(record)
    assert seen["dose_too_high"].values["regressions"] == 1 and seen["dose_too_high"].values["latest"] == DAYS[20].isoformat()
    assert "dose_too_low" not in seen


def test_no_advance_with_light_sessions_says_the_dose_may_be_too_low_but_hard_sessions_do_not():
    light = found(walking(sessions(every=2, rpe=3), decisions=((DAYS[10], DecisionKind.HOLD),)))
    assert light["dose_too_low"].values["average_rpe"] == 3.0
    assert "dose_too_low" not in found(walking(sessions(every=2, rpe=9)))
    advanced = walking(sessions(every=2, rpe=3), decisions=((DAYS[10], DecisionKind.ADVANCE),))
    assert "dose_too_low" not in found(advanced)


def test_the_patient_reads_what_got_in_the_way_and_what_changed_in_plain_words():
    words = patient_words(["adherence", "sleep", "other"], ["sequence", "strategy"])
    assert "sleep has been short" in words and "order of your exercises" in words
    assert grade(words) <= 8
    assert patient_words([], ["dose"]).endswith("Follow the new plan from now on, and ask your clinician if anything "
                                                "is not clear.")


def test_the_words_read_weeks_later_are_still_true_and_never_say_she_failed():
    """Today shows them for two weeks and My progress after: nothing true only on the day ("starts
    today"), no "stopped", and a last sentence that says what to do."""
    every = ["pain_beliefs", "sleep", "workload", "dose_too_high", "adherence", "wrong_exercise", "dose_too_low"]
    for barriers in ([], ["adherence"], ["pain_beliefs", "sleep", "workload", "dose_too_high"], every):
        words = patient_words(barriers, ["dose"])
        assert "today" not in words and "stopped" not in words and "holding you back" not in words
        assert all(grade(sentence) <= 8 for sentence in sentences(words)), words
    stored_before = ("You had stopped making progress, so we looked at your plan together. So we changed how much "
                     "you do. Your new plan starts today.")
    assert as_read_now(stored_before).endswith("Follow the new plan from now on, and ask your clinician if anything "
                                               "is not clear.")


def test_a_review_may_lower_a_dose_at_any_time_but_raise_it_only_outside_the_safety_order():
    now = {"sets": 2, "reps": 10}
    lower, higher = {"sets": 2, "reps": 8}, {"sets": 3, "reps": 10}
    for state in ({"flare_in_progress": True, "referral_standing": False, "latest_decision": None},
                  {"flare_in_progress": False, "referral_standing": True, "latest_decision": None},
                  {"flare_in_progress": False, "referral_standing": False, "latest_decision": DecisionKind.REGRESS},
                  {"flare_in_progress": False, "referral_standing": False, "latest_decision": DecisionKind.FLARE}):
        assert dose_raise_refused(now, lower, **state) is None
        assert dose_raise_refused(now, higher, **state), state
    assert dose_raise_refused(now, higher, flare_in_progress=False, referral_standing=False,
                              latest_decision=DecisionKind.REFORMULATE) is None
