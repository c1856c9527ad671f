"""The clinician's pages for a changed goal and for tolerances measured again (issue 13).

Bob opens Dave's goals page after the goal changed to carrying his groceries up the stairs, follows
"Goal changed — review the proposed program", says what the goal means for the planner, reads the
changes with their reasons and accepts them: version 2. At a reassessment he records Dave's walking
measured again; a wrong measure is refused next to its field and nothing is stored."""

from urllib.parse import unquote_plus

from clinic_cast import TODAY
from goal_change_story import TARGET, changed_goal, daves_course, versions
from test_assessment_pages import screening_form

from rehab.services import tolerances


def goal_form(client, change_id, **more):
    return {"csrf": client.csrf, "goal_change_id": str(change_id), "words": "Carry my groceries up the stairs",
            "icf": "d4551", "task": "two flights with two bags", "activity": "stairs", "measure": "reps",
            "amount_now": "1", "amount_goal": "3", "target_date": TARGET, "replaces": "main",
            "reason": "the goal changed", **more}


def test_bob_reviews_the_proposal_for_a_changed_goal_and_accepts_it_as_the_next_version(browse, cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    bob = browse("bob")
    base = f"/clinic/patients/{cast.dave.patient_id}"
    for page in (f"{base}/goals", base):  # the goals page and the patient page lead to the review
        assert f'href="{base}/goals/{goal.id}/program-proposal">Goal changed — review the proposed program' in bob.get(page).text

    form = bob.get(f"{base}/goals/{goal.id}/program-proposal")
    assert form.status_code == 200 and 'value="main"' in form.text and str(change_id) in form.text

    reviewed = bob.post(f"{base}/goals/{goal.id}/program-proposal", data=goal_form(bob, change_id))
    assert reviewed.status_code == 200, reviewed.text[:500]
    assert "Climbing stairs" in reviewed.text and "Added for the goal" in reviewed.text
    assert "does not restart progress" in reviewed.text and versions(cast) == 1

    accepted = bob.post(f"{base}/goals/{goal.id}/program-proposal/accept",
                        data={**goal_form(bob, change_id), "activities": ["stairs"]})
    assert accepted.status_code == 303
    assert "program version 2" in unquote_plus(accepted.headers["location"]) and versions(cast) == 2


def test_a_wrong_goal_amount_is_refused_next_to_its_field_and_nothing_is_stored(browse, cast):
    goal = daves_course(cast)
    change_id, _ = changed_goal(cast, goal)
    bob = browse("bob")
    refused = bob.post(f"/clinic/patients/{cast.dave.patient_id}/goals/{goal.id}/program-proposal/accept",
                       data={**goal_form(bob, change_id, target_date=TODAY.isoformat()), "activities": ["stairs"]})
    assert refused.status_code == 422 and 'id="f-target_date-problem"' in refused.text
    assert versions(cast) == 1


def test_a_reassessment_records_tolerances_measured_again_and_a_wrong_measure_is_refused(browse, cast):
    daves_course(cast)
    bob = browse("bob")
    url = f"/clinic/patients/{cast.dave.patient_id}/reassessment"
    wrong = bob.post(url, data={**screening_form(bob), "tol_activity_1": "walking", "tol_dimension_1": "reps",
                                "tol_measures_1": "5, 6"})
    assert wrong.status_code == 422 and 'id="f-tol_dimension_1-problem"' in wrong.text
    assert tolerances.tolerance_history(cast.uow(), cast.bob, cast.dave.patient_id) == []

    saved = bob.post(url, data={**screening_form(bob), "tol_activity_1": "walking", "tol_dimension_1": "duration_s",
                                "tol_measures_1": "5, 6, 5.5", "tol_note": "after the knee flare"})
    assert saved.status_code == 303 and "now pace new plans" in unquote_plus(saved.headers["location"])
    [stored] = tolerances.tolerance_history(cast.uow(), cast.bob, cast.dave.patient_id)
    assert stored.tolerances[0].measures == [300, 360, 330] and stored.recorded_by_name == "Bob"
    assert "5.5 minutes (mean of 3)" in bob.get(url).text
