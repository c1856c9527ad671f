"""The program review after a stall (seed: "when progress stalls"), on SQLite and PostgreSQL.

Carol (Bob's patient at Riverside) has done her sit-to-stand at 2 x 10 for eight weeks and it has
never felt easier: every session is hard work (effort 9/10), so the engine has held her and, after
six weeks without an advance, decided "reformulate". Her walking has mostly not happened, and her
diary says she sleeps about 5 hours a night. Bob opens the review from the alert: the records show
her low adherence and her short sleep, each with her own numbers. Bob and Carol agree to walk
first and build it by time, not by how it feels, to ease the sit-to-stand, and to re-express her
goal. The review is stored, the new program version names it, the alert is resolved, and Carol
reads why in plain words. Erin, at Hilltop, cannot see any of it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.content.readability import grade
from rehab.contracts.program_review import ProgramReviewIn
from rehab.contracts.records import DiaryEntryIn, GoalIn, SessionLogIn
from rehab.services import assessments, logs, oversight, program_reviews, programs
from rehab.services.errors import Conflict, Invalid, NotFound
from rehab.store import tables


def stalled_carol(cast, sleep: float = 5.0) -> None:
    """Eight weeks of sit-to-stand at 2 x 10, each session hard (effort 9/10), three a week; four
    walks in the last four weeks of about twenty planned; a diary with ``sleep`` hours a night."""
    carol = cast.carol
    for n in range(56, 0, -1):
        day = TODAY - timedelta(days=n)
        logs.log_diary(cast.uow(), carol, carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=day, pain=4, pain_next_morning=4, sleep_hours=sleep))
        if day.weekday() in (0, 2, 4):
            logs.log_session(cast.uow(), carol, carol.patient_id, SessionLogIn(
                id=uuid.uuid4(), activity_id="sit_to_stand", date=day, completed={"sets": 2, "reps": 10},
                pain_during=3, pain_after=3, rpe=9))
        if n in (27, 20, 13, 6):
            logs.log_session(cast.uow(), carol, carol.patient_id, SessionLogIn(
                id=uuid.uuid4(), activity_id="walking", date=day, completed={"duration_s": 1200},
                pain_during=3, pain_after=3, rpe=5))


def reformulate_alert(cast):
    alerts = oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
    return next(a for a in alerts if a.code == "decision_reformulate")


def a_goal(cast):
    return assessments.set_goal(cast.uow(), cast.bob, cast.carol.patient_id, GoalIn(
        words="Play with my grandchildren on the floor", icf_code="d415", task="get down to and up from the floor",
        success_criterion="3 times without help", baseline="needs a chair to get up",
        gas_levels={"1": "4 times without help", "2": "5 times without help"}))


def review(alert, goal, **changes) -> ProgramReviewIn:
    return ProgramReviewIn.model_validate({
        "id": str(uuid.uuid4()), "alert_id": str(alert.id),
        "barriers": [{"barrier": "adherence"}, {"barrier": "sleep"},
                     {"barrier": "workload", "note": "long shifts at the shop"}],
        "goals": [{"goal_id": str(goal.id), "change": {"words": "Get down on the floor to play with my grandchildren",
                                                       "success_criterion": "twice without help"}}],
        "activities": [{"activity_id": "walking", "strategy": "time_contingent"},
                       {"activity_id": "sit_to_stand", "strategy": "time_contingent", "dose": {"sets": 2, "reps": 8}}],
        "reason": "Sleep and shifts leave little room: walk first, by quota, and ease the sit-to-stand.",
        **changes})


def test_a_stalled_patient_with_short_sleep_and_low_adherence_has_both_barriers_found_with_her_values(cast):
    stalled_carol(cast)
    alert = reformulate_alert(cast)
    start = program_reviews.start_review(cast.uow(), cast.bob, cast.carol.patient_id, alert.id, TODAY)
    seen = {b.barrier: b for b in start.barriers_seen}
    assert {"adherence", "sleep"} <= set(seen)
    # 11 sit-to-stand sessions (Mondays, Wednesdays, Fridays) and 4 walks of about 12 + 20 planned in four weeks
    assert seen["adherence"].values == {"logged": 15, "planned": 32.0, "share": 0.47}
    assert seen["sleep"].values == {"nights": 27, "average_hours": 5.0, "short_nights": 27}  # up to last night
    assert "dose_too_high" not in seen  # no step back or flare: the dose is not what hurts
    assert all(b.source for b in start.barriers_seen)


def test_a_patient_who_sleeps_well_has_no_sleep_barrier_suggested(cast):
    stalled_carol(cast, sleep=7.5)
    start = program_reviews.start_review(cast.uow(), cast.bob, cast.carol.patient_id, reformulate_alert(cast).id, TODAY)
    assert "sleep" not in {b.barrier for b in start.barriers_seen}


def test_the_review_changes_strategy_writes_a_version_that_links_back_and_resolves_the_alert(cast):
    stalled_carol(cast)
    goal = a_goal(cast)
    alert = reformulate_alert(cast)
    before = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    given = review(alert, goal)
    stored = program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, given)

    assert stored.program_version == before.version + 1
    assert {c.kind for c in stored.changes} == {"sequence", "strategy", "dose"}
    assert {b.barrier: b.seen is not None for b in stored.barriers} == {"adherence": True, "sleep": True,
                                                                         "workload": False}
    assert stored.decision_id is not None  # the engine's stall decision that raised the alert
    after = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    assert after.review_id == stored.id
    by_id = {p.activity_id: p for p in after.prescriptions}
    assert by_id["sit_to_stand"].strategy == "time_contingent"
    assert by_id["sit_to_stand"].current_dose == {"sets": 2, "reps": 8}
    assert after.document["sequence"] == ["walking", "sit_to_stand"]
    assert alert.id not in {a.id for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)}
    goals = assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id)
    assert goals[0].words == "Get down on the floor to play with my grandchildren"
    assert len(goals[0].history) == 2  # the goal as set, then as re-expressed at the review
    assert [r.id for r in program_reviews.list_reviews(cast.uow(), cast.bob, cast.carol.patient_id)] == [stored.id]


def test_carol_reads_why_her_plan_changed_in_plain_words_without_sources(cast):
    stalled_carol(cast)
    program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, review(reformulate_alert(cast), a_goal(cast)))
    why = program_reviews.plan_change(cast.uow(), cast.carol, cast.carol.patient_id)
    assert "sleep" in why.why and "order" in why.why
    assert grade(why.why) <= 8
    for jargon in ("clinical reference", "§", "adherence", "contingent", "RPE"):
        assert jargon not in why.why


def test_the_same_review_sent_twice_is_stored_once_and_another_review_of_the_alert_is_a_conflict(cast):
    stalled_carol(cast)
    alert, goal = reformulate_alert(cast), a_goal(cast)
    given = review(alert, goal)
    first = program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, given)
    again = program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, given)
    assert again.replayed and again.id == first.id and again.program_version == first.program_version
    with pytest.raises(Conflict):
        program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, review(alert, goal))
    assert len(programs.list_versions(cast.uow(), cast.bob, cast.carol.patient_id)) == first.program_version


def counts(cast):
    with cast.sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in
                     (tables.ProgramReview, tables.ProgramVersion, tables.GoalChange))


@pytest.mark.parametrize("change, field", [
    ({"activities": [{"activity_id": "sit_to_stand"}, {"activity_id": "walking"}]}, "activities"),
    ({"activities": [{"activity_id": "swimming"}]}, "activities[0].activity_id"),
    ({"goals": [{"goal_id": str(uuid.uuid4()), "change": {"words": "x"}}]}, "goals[0].goal_id"),
])
def test_bad_input_names_the_field_and_changes_nothing(cast, change, field):
    stalled_carol(cast)
    alert, goal = reformulate_alert(cast), a_goal(cast)
    before = counts(cast)
    with pytest.raises(Invalid) as refused:
        program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, review(alert, goal, **change))
    assert refused.value.field == field
    assert counts(cast) == before
    assert alert.id in {a.id for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)}


def test_a_review_cannot_raise_a_dose_after_the_last_check_in_stepped_back(cast):
    stalled_carol(cast)
    alert, goal = reformulate_alert(cast), a_goal(cast)
    logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 10},
        pain_during=8, pain_after=8, rpe=9))
    with pytest.raises(Invalid) as refused:
        program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, review(alert, goal, activities=[
            {"activity_id": "sit_to_stand", "dose": {"sets": 3, "reps": 10}}, {"activity_id": "walking"}]))
    assert refused.value.field == "activities[0].dose"
    # lowering it is the clinician's to decide
    program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, review(alert, goal, activities=[
        {"activity_id": "sit_to_stand", "dose": {"sets": 1, "reps": 8}}, {"activity_id": "walking"}]))


def test_a_clinician_of_another_clinic_is_told_there_is_no_such_patient(cast):
    stalled_carol(cast)
    alert, goal = reformulate_alert(cast), a_goal(cast)
    with pytest.raises(NotFound):
        program_reviews.start_review(cast.uow(), cast.erin, cast.carol.patient_id, alert.id, TODAY)
    with pytest.raises(NotFound):
        program_reviews.record_review(cast.uow(), cast.erin, cast.carol.patient_id, review(alert, goal))
    with pytest.raises(NotFound):
        program_reviews.list_reviews(cast.uow(), cast.erin, cast.carol.patient_id)
