"""The program review form (pages/review.py): Carol's second checkpoint without important
improvement raised a "reformulate" alert. Bob starts the review from it; a dose typed wrongly or a
plan that changes nothing is refused on the form with what he typed kept; a sound review is
saved and shown on her page, and the alert is gone."""

import re

from clinic_cast import TODAY
from sqlalchemy import func, select

from rehab.contracts.records import AssessmentIn, ReassessmentIn, RedFlagScreeningIn
from rehab.services import care, oversight
from rehab.store import tables


def reformulate_alert(cast):
    for _ in range(2):
        care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, ReassessmentIn(
            taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY),
            assessments=[AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4])]))
    return next(a for a in oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
                if a.code == "checkpoint_reformulate")


def form(client, address: str, **typed) -> dict:
    page = client.get(address).text
    review_id = re.search(r'name="id" value="([0-9a-f-]+)"', page).group(1)
    return {"csrf": client.csrf, "id": review_id, "barrier": ["workload"], "note_workload": "two jobs",
            "order_sit_to_stand": "1", "strategy_sit_to_stand": "symptom_contingent", "dose_sit_to_stand_sets": "2",
            "dose_sit_to_stand_reps": "10", "order_walking": "2", "strategy_walking": "time_contingent",
            "dose_walking_duration_s": "20", "reason": "Fits around her two jobs.", **typed}


def reviews(cast) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.ProgramReview))


def test_bob_starts_the_review_from_the_alert_and_a_dose_typed_wrongly_is_refused_beside_it(cast, browse):
    alert = reformulate_alert(cast)
    bob = browse("bob")
    patient_page = bob.get(f"/clinic/patients/{cast.carol.patient_id}").text
    address = f"/clinic/patients/{cast.carol.patient_id}/alerts/{alert.id}/review"
    assert f'href="{address}"' in patient_page and "Start review" in patient_page

    response = bob.post(address, data=form(bob, address, dose_walking_duration_s="twenty"))
    assert response.status_code == 422
    assert 'id="f-dose_walking_duration_s-problem">Write a number.' in response.text
    assert 'value="Fits around her two jobs."' not in response.text  # a textarea keeps it as its text
    assert ">Fits around her two jobs.</textarea>" in response.text
    assert reviews(cast) == 0


def test_a_plan_with_nothing_changed_is_refused_and_a_changed_one_is_saved_and_shown(cast, browse):
    alert = reformulate_alert(cast)
    bob = browse("bob")
    address = f"/clinic/patients/{cast.carol.patient_id}/alerts/{alert.id}/review"
    same = bob.post(address, data=form(bob, address))
    assert same.status_code == 422 and "the same as the current one" in same.text
    assert reviews(cast) == 0

    saved = bob.post(address, data=form(bob, address, strategy_sit_to_stand="time_contingent"))
    assert saved.status_code == 303, saved.text
    page = bob.get(saved.headers["location"]).text
    assert "Review saved: program version 2" in page
    section = re.search(r'<section id="reviews".*?</section>', page, flags=re.S).group(0)
    assert "two jobs" in section and "Sit to stand: symptom contingent → time contingent" in section
    assert f"/alerts/{alert.id}/review" not in page
    assert reviews(cast) == 1


def test_the_review_form_adds_a_library_exercise_and_refuses_one_her_cautions_rule_out_beside_the_choice(cast, browse):
    from rehab.contracts.records import ProfileIn
    from rehab.services import patients, programs

    patients.set_profile(cast.uow(), cast.bob, cast.carol.patient_id, ProfileIn(cautions=["kneeling"]))
    alert = reformulate_alert(cast)
    bob = browse("bob")
    address = f"/clinic/patients/{cast.carol.patient_id}/alerts/{alert.id}/review"
    assert 'name="add_activity"' in bob.get(address).text
    refused = bob.post(address, data=form(bob, address, add_activity="half_kneel_to_stand", add_order="1"))
    assert refused.status_code == 422
    assert 'id="f-add_activity-problem"' in refused.text and "your clinician&#39;s advice" in refused.text
    assert reviews(cast) == 0
    saved = bob.post(address, data=form(bob, address, add_activity="sit_to_stand_chair", add_order="1"))
    assert saved.status_code == 303, saved.text[-1500:]
    program = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    assert program.document["sequence"] == ["sit_to_stand_chair", "sit_to_stand", "walking"]
    assert "added Sit to stand from a normal chair" in bob.get(saved.headers["location"]).text
