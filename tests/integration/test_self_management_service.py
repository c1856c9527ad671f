"""Self-management within bounds on the server, on SQLite and PostgreSQL.

Bob agrees with Carol what she may change in her sit-to-stand (2 sets of 10) on her own: up to two
steps easier on a bad day, a session shortened to one set, moved by up to two days, or swapped for
her walking. On a bad morning she chooses 2 sets of 8 from her phone; it is stored, with what she
was told, and the next check-in counts that session as what she chose, never as the target dose.
Anything beyond what was agreed is refused with the reason in plain words, and nothing is stored.
"""

import uuid
from datetime import timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.content.readability import grade
from rehab.contracts.records import RedFlagScreeningIn, SessionLogIn
from rehab.contracts.self_management import BoundsIn, SelfAdjustmentIn
from rehab.services import logs, patients, self_management
from rehab.services.errors import Conflict, Denied, ExercisePaused, Invalid, NotFound
from rehab.store import tables

AGREED = BoundsIn(easier_steps=2, shortest={"sets": 1}, move_within_days=2, alternatives=["walking"])


def change(kind="easier", **fields):
    fields.setdefault("date", TODAY)
    if kind in ("easier", "harder", "shorten"):
        fields.setdefault("dose", {"sets": 2, "reps": 8})
    return SelfAdjustmentIn(id=uuid.uuid4(), activity_id="sit_to_stand", kind=kind, **fields)


def stored(cast) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.SelfAdjustment))


def audit_actions(cast, resource):
    with cast.sessions() as session:
        return list(session.scalars(select(tables.AuditEntry.action).where(tables.AuditEntry.resource == resource)
                                    .order_by(tables.AuditEntry.id)))


def agree(cast, bounds=AGREED, activity="sit_to_stand"):
    return self_management.set_bounds(cast.uow(), cast.bob, cast.carol.patient_id, activity, bounds)


def test_an_easier_step_within_the_bounds_is_stored_with_what_carol_was_told(cast):
    agree(cast)
    result = self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id,
                                    change(reason="slept badly, back stiff"))
    assert not result.replayed
    a = result.adjustment
    assert (a.kind, a.dose, a.reason) == ("easier", {"sets": 2, "reps": 8}, "slept badly, back stiff")
    assert a.answer.startswith("Fine: 2 sets of 8") and grade(a.answer) <= 8
    assert a.bound.startswith("easier: up to 2 steps down the ladder")
    assert [x.id for x in self_management.list_adjustments(cast.uow(), cast.bob, cast.carol.patient_id)] == [a.id]
    assert audit_actions(cast, "self_adjustment") == ["create"]


@pytest.mark.parametrize(("proposal", "field", "words"), [
    (dict(kind="easier", dose={"sets": 2, "reps": 5}), "dose", "That is easier than you agreed. The easiest you can choose is 2 sets of 8."),
    (dict(kind="harder", dose={"sets": 2, "reps": 12}), "dose", "A harder step is not part of what you agreed"),
    (dict(kind="move", moved_to=TODAY + timedelta(days=4)), "moved_to", "You can move a session up to 2 days earlier or later."),
    (dict(kind="swap", alternative="swimming"), "alternative", "swimming is not one of the alternatives you agreed (Walking)."),
])
def test_a_change_beyond_the_bounds_is_refused_in_plain_words_and_stores_nothing(cast, proposal, field, words):
    agree(cast)
    with pytest.raises(Invalid) as refused:
        self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, change(**proposal))
    assert refused.value.field == field
    assert words in refused.value.message and grade(refused.value.message) <= 8
    assert stored(cast) == 0
    assert audit_actions(cast, "self_adjustment") == ["create", "outside_bounds"]  # the attempt is on record


def test_without_agreed_bounds_nothing_may_be_changed(cast):
    with pytest.raises(Invalid) as refused:
        self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, change())
    assert "not part of what you agreed with your clinician" in refused.value.message
    assert stored(cast) == 0


def test_a_move_onto_a_day_that_already_has_a_session_is_refused(cast):
    agree(cast)
    self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id,
                           change("move", moved_to=TODAY + timedelta(days=1)))
    other_day = change("move", date=TODAY - timedelta(days=1), moved_to=TODAY + timedelta(days=1))
    with pytest.raises(Invalid) as refused:
        self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, other_day)
    assert "You already have a session on" in refused.value.message


def test_no_change_is_taken_while_a_red_flag_waits_for_a_clinician(cast):
    """Saddle numbness answered yes is an emergency referral: as no session can be logged, no
    session can be changed either (clinical reference §4.2), and nothing is stored."""
    agree(cast)
    patients.record_red_flags(cast.uow(), cast.carol, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["saddle_anaesthesia"]))
    with pytest.raises(ExercisePaused):
        self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, change())
    assert stored(cast) == 0


def test_the_time_contingent_walk_keeps_its_quota_on_good_days(cast):
    agree(cast, BoundsIn(harder_steps=2), activity="walking")
    walk = SelfAdjustmentIn(id=uuid.uuid4(), activity_id="walking", date=TODAY, kind="harder", dose={"duration_s": 1320})
    with pytest.raises(Invalid) as refused:
        self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, walk)
    assert "Your plan keeps the same target on good days and bad days" in refused.value.message


def test_the_next_check_in_counts_the_eased_session_as_chosen_not_as_the_target(cast):
    """Three sessions of the target, pain low: she would advance. The third was one she eased: it
    is not the target dose, so the engine does not count it towards advancing."""
    agree(cast)
    for n, day in enumerate((TODAY - timedelta(days=4), TODAY - timedelta(days=2), TODAY)):
        if n == 2:
            self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, change(date=day))
        logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
            id=uuid.uuid4(), activity_id="sit_to_stand", date=day, completed={"sets": 2, "reps": 10},
            pain_during=2, pain_after=2))
    decision = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand")[-1].decision
    assert decision.decision.value != "advance"
    assert "Self-adjustments" in decision.summary_clinician and "1 easier" in decision.summary_clinician


def test_a_retry_returns_the_stored_change_and_other_content_under_the_same_id_is_a_conflict(cast):
    agree(cast)
    proposal = change()
    first = self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, proposal)
    again = self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, proposal)
    assert again.replayed and again.adjustment == first.adjustment and stored(cast) == 1
    with pytest.raises(Conflict):
        self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id,
                               proposal.model_copy(update={"dose": proposal.dose.model_copy(update={"reps": 9})}))


def test_only_the_care_team_sets_bounds_and_alternatives_must_be_in_the_program(cast):
    with pytest.raises(Denied):
        self_management.set_bounds(cast.uow(), cast.carol, cast.carol.patient_id, "sit_to_stand", AGREED)
    with pytest.raises(NotFound):
        self_management.set_bounds(cast.uow(), cast.erin, cast.carol.patient_id, "sit_to_stand", AGREED)
    with pytest.raises(Invalid) as refused:
        agree(cast, BoundsIn(alternatives=["swimming"]))
    assert refused.value.field == "alternatives.0"
    with pytest.raises(NotFound):
        agree(cast, activity="no_such_activity")


def test_the_latest_bounds_apply_and_the_earlier_ones_are_kept(cast):
    agree(cast)
    agree(cast, BoundsIn(easier_steps=1))
    shown = {b.activity_id: b for b in self_management.agreed_bounds(cast.uow(), cast.carol, cast.carol.patient_id)}
    assert shown["sit_to_stand"].bounds.easier_steps == 1 and shown["sit_to_stand"].set_by_name == "Bob"
    assert shown["walking"].bounds is None
    with cast.sessions() as session:
        assert session.scalar(select(func.count()).select_from(tables.AgreedBounds)) == 2
    with pytest.raises(Invalid):  # two steps are no longer agreed
        self_management.adjust(cast.uow(), cast.carol, cast.carol.patient_id, change())


def test_another_patient_cannot_adjust_or_read_carols_sessions(cast):
    agree(cast)
    for actor in (cast.dave, cast.erin):
        with pytest.raises(NotFound):
            self_management.adjust(cast.uow(), actor, cast.carol.patient_id, change())
        with pytest.raises(NotFound):
            self_management.list_adjustments(cast.uow(), actor, cast.carol.patient_id)
