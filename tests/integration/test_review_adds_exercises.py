"""A program review may add an exercise from the library, but never one the planner would leave
out for this person (hazard H49): the same exclusions the planner plans with (comorbidities, the
home, the clinician's cautions, a clearance not yet recorded, the kit) refuse it with the reason,
and nothing is stored.

Carol's knees are stiff after two checkpoints without important improvement. Bob reviews her plan
with her: they agree to add a chair sit-to-stand. She lives alone and fell last winter, she has
osteoporosis, and Bob has asked that she not kneel: a half-kneel to stand, a heel-to-toe walk with
nothing to hold and jog intervals are each refused, naming why. Dave's program was built by the
planner from an intake saying he cannot get up from the floor: a review cannot add floor work.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.contracts.planning import IntakeIn
from rehab.contracts.program_review import ProgramReviewIn
from rehab.contracts.records import AssessmentIn, PlannedProgramIn, ProfileIn, ReassessmentIn, RedFlagScreeningIn
from rehab.services import care, oversight, patients, program_reviews, programs
from rehab.services.errors import Invalid
from rehab.store import tables

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def reformulate_alert(cast, who):
    for _ in range(2):
        care.reassess(cast.uow(), cast.bob, who.patient_id, ReassessmentIn(
            taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY),
            assessments=[AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4])]))
    return next(a for a in oversight.open_alerts(cast.uow(), cast.bob, who.patient_id) if a.code == "checkpoint_reformulate")


def carols_intake(cast):
    patients.set_profile(cast.uow(), cast.bob, cast.carol.patient_id, ProfileIn(
        comorbidities=["osteoporosis"], cautions=["kneeling"],
        home={"lives_alone": True, "fall_in_last_year": True, "sturdy_support": True}))


def adding(alert, who_has: list[str], added: str, **extra) -> ProgramReviewIn:
    return ProgramReviewIn.model_validate({
        "id": str(uuid.uuid4()), "alert_id": str(alert.id), "barriers": [{"barrier": "wrong_exercise"}],
        "activities": [{"activity_id": a} for a in who_has] + [{"activity_id": added, **extra}],
        "reason": "Add an exercise that trains getting up from a chair."})


def stored(cast, who) -> tuple[int, int]:
    with cast.sessions() as session:
        reviews = session.scalar(select(func.count()).select_from(tables.ProgramReview)
                                 .where(tables.ProgramReview.patient_id == who.patient_id))
    return reviews, programs.get_program(cast.uow(), cast.bob, who.patient_id).version


def test_a_review_adds_a_chair_sit_to_stand_at_the_low_end_of_its_dose(cast):
    carols_intake(cast)
    alert = reformulate_alert(cast, cast.carol)
    out = program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id,
                                        adding(alert, ["sit_to_stand", "walking"], "sit_to_stand_chair"))
    added = [c for c in out.changes if c.kind == "added"]
    assert [(c.activity_id, {k: v for k, v in dict(c.after).items() if v is not None}) for c in added] == [
        ("sit_to_stand_chair", {"sets": 1, "reps": 5})]
    program = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    rx = next(p for p in program.prescriptions if p.activity_id == "sit_to_stand_chair")
    assert rx.name == "Sit to stand from a normal chair" and rx.strategy.value == "symptom_contingent"
    assert program.document["sequence"] == ["sit_to_stand", "walking", "sit_to_stand_chair"]
    assert "which exercises you do" in out.patient_words


@pytest.mark.parametrize(("exercise", "because"), [
    ("half_kneel_to_stand", "your clinician's advice"),
    ("heel_toe_walk", "living alone after a fall"),
    ("walk_jog_intervals", "osteoporosis"),
])
def test_a_review_cannot_add_what_the_planner_leaves_out_for_her_and_nothing_is_stored(cast, exercise, because):
    carols_intake(cast)
    alert = reformulate_alert(cast, cast.carol)
    before = stored(cast, cast.carol)
    with pytest.raises(Invalid) as refused:
        program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id,
                                      adding(alert, ["sit_to_stand", "walking"], exercise))
    assert refused.value.field == "activities[2].activity_id"
    assert "cannot be added for this person" in refused.value.message and because in refused.value.message
    assert stored(cast, cast.carol) == before


def test_a_review_cannot_add_floor_work_for_someone_the_planner_knows_cannot_get_up_from_the_floor(cast):
    intake = json.loads((EXAMPLES / "margaret.json").read_text())
    intake = IntakeIn.model_validate({**intake, "today": TODAY.isoformat(), "home": {"gets_up_from_floor": False}})
    programs.plan_program(cast.uow(), cast.bob, cast.dave.patient_id, PlannedProgramIn(reason="first", intake=intake))
    alert = reformulate_alert(cast, cast.dave)
    present = [p.activity_id for p in programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).prescriptions]
    before = stored(cast, cast.dave)
    with pytest.raises(Invalid) as refused:
        program_reviews.record_review(cast.uow(), cast.bob, cast.dave.patient_id,
                                      adding(alert, present, "floor_sit_with_chair"))
    assert "trouble getting up from the floor" in refused.value.message
    assert stored(cast, cast.dave) == before


def test_an_activity_neither_in_the_program_nor_in_the_library_is_refused_naming_it(cast):
    alert = reformulate_alert(cast, cast.carol)
    with pytest.raises(Invalid) as refused:
        program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id,
                                      adding(alert, ["sit_to_stand", "walking"], "cartwheels"))
    assert refused.value.field == "activities[2].activity_id" and "'cartwheels'" in refused.value.message
