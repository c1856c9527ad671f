"""When a goal changes, the program follows; a reassessment can re-measure the tolerances (issue 13).

Dave started with one goal: walk to the shops (walking measured at 10, 12 and 11 minutes). Bob
planned his program and, after a good fortnight, advanced his walking to 10 minutes. Then Dave's
goal changes: he wants to carry his groceries up the stairs to his flat. Bob changes the goal and
asks the planner what that means for the program. The stairs work comes in, each change with its
reason; walking keeps the 10 minutes Dave has reached (a changed goal never restarts progress).
Bob accepts it as version 2, which records the goal change it follows; sending it again makes no
third version. Erin, at another clinic, is told Dave does not exist; a bad request names its field
and changes nothing.

At a later reassessment, after a setback, Bob measures Dave's walking again: 5, 6 and 5.5 minutes.
From then on a plan starts below that tolerance, not the old one, and names the day it was
measured; the audit log shows who confirmed it. Both databases.
"""

from datetime import timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import select

from goal_change_story import INTAKE, SETBACK, STAIRS, TEN_MINUTES, changed_goal, daves_course, versions, walking_now

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import GoalUpdate, PlannedProgramIn, ReassessmentIn
from rehab.contracts.replanning import GoalProposalAcceptIn, GoalProposalIn, ToleranceRebaselineIn
from rehab.services import assessments, care, program_proposals, programs, tolerances
from rehab.services.errors import Denied, Invalid, NotFound
from rehab.store import tables

def ask(change_id, **more) -> GoalProposalIn:
    return GoalProposalIn.model_validate({"goal_change_id": str(change_id), "goal": STAIRS, **more})


def accepting(change_id, **more) -> GoalProposalAcceptIn:
    return GoalProposalAcceptIn.model_validate({"goal_change_id": str(change_id), "goal": STAIRS,
                                                "reason": "new goal: the stairs to his flat", **more})


def test_a_changed_goal_brings_the_stairs_work_in_with_reasons_and_keeps_the_walking_reached(cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)

    proposal = program_proposals.propose(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, ask(change_id))

    by_activity = {c.activity_id: c for c in proposal.changes}
    stairs = by_activity["stairs"]
    assert stairs.kind == "added" and "Carry my groceries up the stairs" in stairs.reasons[0]
    assert stairs.dose == {"reps": 1}  # the low end of a flight a day: nothing jumps ahead of the person
    walking = by_activity["walking"]
    assert walking.carries_progress and walking.dose == TEN_MINUTES
    assert "does not restart progress" in walking.reasons[0]
    assert all(c.reasons for c in proposal.changes)
    assert proposal.program_version == 1 and proposal.accepted_version is None
    assert versions(cast) == 1  # a proposal is not a version
    with cast.sessions() as session:  # but reading it is in the audit log, with who read it
        read = session.execute(select(tables.AuditEntry.action, tables.AuditEntry.user_id).where(
            tables.AuditEntry.patient_id == cast.dave.patient_id,
            tables.AuditEntry.resource == "program_proposal")).all()
    assert read == [("read", cast.bob.user_id)]


def test_accepting_makes_the_next_version_linked_to_the_goal_change_and_a_second_accept_makes_none(cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)

    version, replayed = program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id,
                                                 accepting(change_id))

    assert (version.version, replayed) == (2, False)
    assert version.document["goal_change"]["id"] == str(change_id)
    assert version.document["goal_change"]["follows_version"] == 1
    with cast.sessions() as session:
        linked = session.scalar(select(tables.ProgramVersion.goal_change_id).where(
            tables.ProgramVersion.patient_id == cast.dave.patient_id, tables.ProgramVersion.version == 2))
    assert linked == change_id
    activities = {p.activity_id: p for p in version.prescriptions}
    assert "stairs" in activities and activities["walking"].current_dose == TEN_MINUTES
    assert walking_now(cast) == TEN_MINUTES  # the walking Dave has reached goes on

    again, replayed = program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id,
                                               accepting(change_id))
    assert (again.version, replayed) == (2, True) and versions(cast) == 2
    shown = program_proposals.propose(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, ask(change_id))
    assert shown.accepted_version == 2


def test_accepting_some_changes_leaves_the_others_as_they_were(cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    before = {p.activity_id for p in programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).prescriptions}

    version, _ = program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id,
                                          accepting(change_id, activities=["stairs"]))

    assert {p.activity_id for p in version.prescriptions} == before | {"stairs"}
    assert version.document["goal_change"]["accepted"] == ["stairs"]


def test_another_clinic_is_told_the_patient_does_not_exist_and_the_patient_cannot_accept(cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    with pytest.raises(NotFound):
        program_proposals.propose(cast.uow(), cast.erin, cast.dave.patient_id, goal.id, ask(change_id))
    with pytest.raises(NotFound):
        program_proposals.accept(cast.uow(), cast.erin, cast.dave.patient_id, goal.id, accepting(change_id))
    with pytest.raises(Denied):
        program_proposals.accept(cast.uow(), cast.dave, cast.dave.patient_id, goal.id, accepting(change_id))
    assert versions(cast) == 1


@pytest.mark.parametrize(("more", "field"), [
    ({"activities": ["tightrope"]}, "activities[0]"),
    ({"goal": {**STAIRS, "target_date": TODAY.isoformat()}}, "goal.target_date"),
    ({"goal": {**STAIRS, "task": {**STAIRS["task"], "activity": "stair_flying"}}}, "intake.goals[0].task.activity"),
])
def test_a_bad_request_names_its_field_and_changes_nothing(cast, more, field):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    with pytest.raises(Invalid) as refused:
        program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, accepting(change_id, **more))
    assert refused.value.field == field
    assert versions(cast) == 1 and walking_now(cast) == TEN_MINUTES


def test_an_older_goal_change_is_not_accepted_once_the_goal_changed_again(cast):
    goal = daves_course(cast)
    first, _ = changed_goal(cast, goal)
    cast.clock.day = TODAY + timedelta(days=1)
    assessments.update_goal(cast.uow(), cast.bob, goal.id, GoalUpdate(priority=2))
    with pytest.raises(Invalid) as refused:
        program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, accepting(first))
    assert refused.value.field == "goal_change_id" and versions(cast) == 1


# ---- tolerances measured again at a reassessment ---------------------------------------------------

def reassessment(tolerances=SETBACK) -> ReassessmentIn:
    return ReassessmentIn.model_validate({"taken_on": TODAY.isoformat(), "red_flags": {"taken_on": TODAY.isoformat()},
                                          "tolerances": tolerances})


def test_after_a_tolerance_re_baseline_a_new_plan_starts_below_the_new_tolerance_and_names_it(cast):
    daves_course(cast)
    old_start = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id, version=1)
    assert next(p.starting_dose for p in old_start.prescriptions if p.activity_id == "walking")["duration_s"] > 330

    out = care.reassess(cast.uow(), cast.bob, cast.dave.patient_id, reassessment())
    assert out.tolerances.measured_on == TODAY and out.tolerances.tolerances[0].mean == 330

    replanned = programs.plan_program(cast.uow(), cast.bob, cast.dave.patient_id,
                                      PlannedProgramIn(reason="after the setback", intake=IntakeIn.model_validate(INTAKE)))
    walking = next(p for p in replanned.prescriptions if p.activity_id == "walking")
    assert walking.starting_dose["duration_s"] < 330  # below the new tolerance (§3.4: 80% of the mean)
    assert replanned.document["tolerance_baseline"]["measured_on"] == TODAY.isoformat()
    assert old_start.document["tolerance_baseline"]["source"] == "intake"
    with cast.sessions() as session:
        audited = session.execute(select(tables.AuditEntry.action, tables.AuditEntry.user_id).where(
            tables.AuditEntry.patient_id == cast.dave.patient_id,
            tables.AuditEntry.resource == "tolerance_baseline")).all()
    assert audited == [("create", cast.bob.user_id)]


def test_a_goal_change_after_a_setback_lowers_a_dose_above_the_new_tolerance(cast):
    goal = daves_course(cast)
    tolerances.rebaseline_tolerances(cast.uow(), cast.bob, cast.dave.patient_id, ToleranceRebaselineIn.model_validate(SETBACK))
    change_id, _ = changed_goal(cast, goal)

    proposal = program_proposals.propose(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, ask(change_id))
    walking = next(c for c in proposal.changes if c.activity_id == "walking")
    assert not walking.carries_progress and walking.dose["duration_s"] < 330
    assert proposal.tolerance_baseline == TODAY

    program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, accepting(change_id))
    assert walking_now(cast)["duration_s"] < 330  # ten minutes would be above what he manages now


def test_tolerances_confirmed_twice_are_one_re_baseline_and_a_bad_one_names_its_field(cast):
    daves_course(cast)
    given = ToleranceRebaselineIn.model_validate(SETBACK)
    first, replayed = tolerances.rebaseline_tolerances(cast.uow(), cast.bob, cast.dave.patient_id, given)
    again, replayed_again = tolerances.rebaseline_tolerances(cast.uow(), cast.bob, cast.dave.patient_id, given)
    assert (replayed, replayed_again, again.id) == (False, True, first.id)
    wrong = {**SETBACK, "tolerances": [{"activity": "walking", "dimension": "reps", "measures": [3]}]}
    with pytest.raises(Invalid) as refused:
        care.reassess(cast.uow(), cast.bob, cast.dave.patient_id, reassessment(wrong))
    assert refused.value.field == "tolerances.tolerances[0].dimension"
    assert [t.id for t in tolerances.tolerance_history(cast.uow(), cast.bob, cast.dave.patient_id)] == [first.id]
    with pytest.raises(NotFound):
        tolerances.rebaseline_tolerances(cast.uow(), cast.erin, cast.dave.patient_id, given)


def test_a_flare_in_progress_goes_on_when_a_lowered_activity_is_accepted(cast):
    """Dave declares a flare; Bob re-measures his walking lower and accepts the goal change. The
    flare plan goes on (the lowered walking keeps its flare episode), and its cut dose is not raised
    to the new start."""
    import uuid

    from rehab.contracts.records import FlareIn
    from rehab.services import logs

    goal = daves_course(cast)
    logs.declare_flare(cast.uow(), cast.dave, cast.dave.patient_id, FlareIn(id=uuid.uuid4(), date=TODAY, pain=8))
    with cast.sessions() as session:
        before = session.get(tables.ActivityState, (cast.dave.patient_id, "walking"))
        cut, episode = dict(before.current_dose), before.flare_episode
    assert episode is not None
    worse = {**SETBACK, "tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [200, 240, 220]}]}
    tolerances.rebaseline_tolerances(cast.uow(), cast.bob, cast.dave.patient_id, ToleranceRebaselineIn.model_validate(worse))
    change_id, _ = changed_goal(cast, goal)
    walking = next(c for c in program_proposals.propose(cast.uow(), cast.bob, cast.dave.patient_id, goal.id,
                                                        ask(change_id)).changes if c.activity_id == "walking")
    assert not walking.carries_progress  # the flare's 5 minutes are above the 3 2/3 measured now

    program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, accepting(change_id))

    with cast.sessions() as session:
        after = session.get(tables.ActivityState, (cast.dave.patient_id, "walking"))
        assert after.flare_episode == episode
        assert after.current_dose["duration_s"] <= min(cut["duration_s"], 0.8 * 220 + 5)


def test_a_planner_start_that_moved_does_not_restart_the_walking_reached(cast):
    """Bob sends the intake again with Dave's walking as he measured it at intake, but typed as
    15 minutes: the planner's start for walking moves (80% of 15 minutes). Walking stays in the
    program, so Dave goes on from the 10 minutes he has reached, not from the planner's start."""
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    retyped = {**INTAKE, "goals": [STAIRS], "baseline": {
        "tolerances": [{"activity": "walking", "dimension": "duration_s", "measures": [900, 900, 900]}]}}
    proposal = program_proposals.propose(cast.uow(), cast.bob, cast.dave.patient_id, goal.id,
                                         ask(change_id, intake=retyped))
    walking = next(c for c in proposal.changes if c.activity_id == "walking")
    assert walking.carries_progress and walking.dose == TEN_MINUTES

    program_proposals.accept(cast.uow(), cast.bob, cast.dave.patient_id, goal.id, accepting(change_id, intake=retyped))
    assert walking_now(cast) == TEN_MINUTES
