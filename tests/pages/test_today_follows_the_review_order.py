"""Today follows the order a program review chose. Carol's session is a balance stand, a chair
sit-to-stand and heel raises: by default a session goes balance, functional, then strength. At her
review she and Bob agreed to start with the heel raises she likes and end with the balance stand
(seed: "adjust the sequence ... of tasks"); her Today page lists the exercises in that order, and
a later swap along a ladder keeps the swapped rung in the same place."""

import re

from clinic_cast import TODAY
from test_program_review_page import reformulate_alert

from rehab.contracts.program_review import ProgramReviewIn
from rehab.contracts.records import PrescriptionIn, ProgramIn
from rehab.core.models import Strategy
from rehab.services import program_reviews, programs

SESSION = {"feet_together_stand": ("Feet together stand", {"sets": 2, "duration_s": 20}),
           "sit_to_stand_chair": ("Sit to stand from a chair", {"sets": 2, "reps": 6}),
           "heel_raise_two_legs": ("Heel raises", {"sets": 2, "reps": 10})}


def carols_session(cast):
    programs.set_program(cast.uow(), cast.bob, cast.carol.patient_id, ProgramIn(reason="a session of three", prescriptions=[
        PrescriptionIn(activity_id=a, name=name, strategy=Strategy.SYMPTOM_CONTINGENT, dose=dose, sessions_per_week=3)
        for a, (name, dose) in SESSION.items()]))


def order_on_today(carol) -> list[str]:
    page = carol.get("/me").text
    todays = page[page.index("<main"):]
    found = sorted((todays.index(name), name) for name, _ in SESSION.values() if name in todays)
    return [name for _, name in found]


def test_today_lists_the_session_in_the_order_the_review_chose(cast, browse):
    carols_session(cast)
    carol = browse("carol")
    assert order_on_today(carol) == ["Feet together stand", "Sit to stand from a chair", "Heel raises"]
    alert = reformulate_alert(cast)
    program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, ProgramReviewIn.model_validate({
        "id": "5b7c6c1e-8f7e-4a43-9a55-0f2d6d1b7e01", "alert_id": str(alert.id), "barriers": [{"barrier": "adherence"}],
        "activities": [{"activity_id": "heel_raise_two_legs"}, {"activity_id": "sit_to_stand_chair"},
                       {"activity_id": "feet_together_stand"}],
        "reason": "Start with what she likes; the balance stand last, beside the counter."}))
    assert order_on_today(carol) == ["Heel raises", "Sit to stand from a chair", "Feet together stand"]


def test_a_swap_after_the_review_keeps_the_new_rung_in_the_reviewed_place(cast, browse):
    carols_session(cast)
    alert = reformulate_alert(cast)
    program_reviews.record_review(cast.uow(), cast.bob, cast.carol.patient_id, ProgramReviewIn.model_validate({
        "id": "5b7c6c1e-8f7e-4a43-9a55-0f2d6d1b7e02", "alert_id": str(alert.id), "barriers": [{"barrier": "adherence"}],
        "activities": [{"activity_id": "heel_raise_two_legs"}, {"activity_id": "sit_to_stand_chair"},
                       {"activity_id": "feet_together_stand"}],
        "reason": "Start with what she likes."}))
    bob = browse("bob")
    page = bob.get(f"/clinic/patients/{cast.carol.patient_id}/program").text
    rung = re.search(r'name="to".*?<option value="(heel_raise_(?!two_legs)\w+)"', page, flags=re.S)
    assert rung, "heel raises have another rung to swap to"
    swapped = bob.post(f"/clinic/patients/{cast.carol.patient_id}/program/swap",
                       data={"csrf": bob.csrf, "activity_id": "heel_raise_two_legs", "to": rung.group(1)})
    assert swapped.status_code == 303, swapped.text[-1500:]
    sequence = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id).document["sequence"]
    assert sequence == [rung.group(1), "sit_to_stand_chair", "feet_together_stand"]
