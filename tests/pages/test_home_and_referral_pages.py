"""Home safety on the intake page reaches the planner; referral steps reach the patient page and
the reassessment page, where Bob records whether they were taken up.

Dave is 78 in the planner form (knee pain, a goal of getting down on the floor): Bob records on his
intake that he lives alone, fell last winter and has nothing sturdy to hold. The planner form,
without anything typed twice, then leaves out every standing balance exercise and the floor work,
and says why. Carol's PHQ-9 of 14 opens a referral step to her GP."""

import html

from clinic_cast import TODAY
from sqlalchemy import select
from test_planning_pages import planner_form, url

from rehab.contracts.records import AssessmentIn
from rehab.content.loader import packaged_library
from rehab.core.planning.library import Component
from rehab.services import assessments, patients, programs, referrals
from rehab.store import tables

HOME = {"home_sturdy_support": "no", "home_lives_alone": "yes", "home_fall_in_last_year": "yes",
        "home_stairs": "yes", "home_stair_rail": "yes", "home_floor_hazards": ["loose_rugs"]}


def test_home_answers_are_saved_shown_again_and_taken_by_the_planner_without_typing_them_twice(browse, cast):
    bob = browse("bob")
    saved = bob.post(url(cast.dave, "/intake"), data={"csrf": bob.csrf, **HOME})
    assert saved.status_code == 303, saved.text[-1500:]
    home = patients.get_profile(cast.uow(), cast.bob, cast.dave.patient_id).home
    assert (home.sturdy_support, home.lives_alone, home.fall_in_last_year, home.stair_rail) == (False, True, True, True)
    assert home.space_to_exercise is None and home.floor_hazards == ["loose_rugs"]
    again = bob.get(url(cast.dave, "/intake")).text
    assert 'name="home_sturdy_support" value="no" checked' in again
    assert "taken from the" in bob.get(url(cast.dave, "/program")).text

    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, age="78"))
    assert built.status_code == 303, built.text[-2000:]
    planned = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).document["planned"]
    library = packaged_library()
    given = {p["id"] for phase in planned["phases"] for p in phase["prescriptions"]}
    exercises = [library.exercises[i] for i in given if i in library.exercises]
    assert not [e.id for e in exercises if e.component is Component.BALANCE and e.position in ("standing", "walking")]
    assert not [e.id for e in exercises if "floor_work" in e.cautions]
    assert any("You need something sturdy to hold, like a kitchen counter" in d for d in planned["decisions"])
    page = html.unescape(bob.get(built.headers["location"]).text)
    assert "Take up loose rugs or fix them down" in page


def test_an_answer_that_makes_no_sense_is_refused_and_nothing_is_stored(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/intake"), data={"csrf": bob.csrf, "home_stairs": "no", "home_stair_rail": "yes"})
    assert refused.status_code == 422 and "stairs is false" in refused.text
    assert patients.get_profile(cast.uow(), cast.bob, cast.dave.patient_id) is None


def test_a_gp_referral_is_on_the_patient_page_and_followed_up_at_the_reassessment(browse, cast):
    assessments.record_assessment(cast.uow(), cast.carol, cast.carol.patient_id,
                                  AssessmentIn(instrument="phq9", taken_on=TODAY, answers=[2, 2, 2, 2, 2, 2, 1, 1, 0]))
    bob = browse("bob")
    patient_page = html.unescape(bob.get(url(cast.carol)).text)
    assert "Refer to the GP, for assessment and treatment of low mood or anxiety" in patient_page
    assert "phq9 14" in patient_page
    program_page = html.unescape(bob.get(url(cast.carol, "/program")).text)
    assert "Referral steps that go with this program" in program_page and "Refer to the GP" in program_page
    reassessment = bob.get(url(cast.carol, "/reassessment"))
    assert "Was it taken up?" in reassessment.text
    [step] = referrals.list_steps(cast.uow(), cast.bob, cast.carol.patient_id)
    nothing = bob.post(url(cast.carol, f"/referral-steps/{step.id}"), data={"csrf": bob.csrf, "back": "reassessment"})
    assert nothing.status_code == 422 and "Choose an answer" in nothing.text
    saved = bob.post(url(cast.carol, f"/referral-steps/{step.id}"),
                     data={"csrf": bob.csrf, "back": "reassessment", "outcome": "taken_up", "note": "GP appointment booked"})
    assert saved.status_code == 303 and "/reassessment" in saved.headers["location"]
    [closed] = referrals.list_steps(cast.uow(), cast.bob, cast.carol.patient_id)
    assert closed.status == "taken_up" and closed.follow_ups[0].note == "GP appointment booked"
    with cast.sessions() as session:
        actions = list(session.scalars(select(tables.AuditEntry.action).where(tables.AuditEntry.resource == "referral_step")))
    assert "update" in actions and "create" in actions
    assert "No open referral steps." in bob.get(url(cast.carol, "/reassessment")).text


def test_the_planner_form_is_filled_from_the_screens_and_tests_on_record(browse, cast):
    """Nothing typed twice: Dave's TSK-11 of 33, PSEQ of 20, PHQ-9 of 14 and Timed Up and Go of
    13.2 s are already on the planner form (fear high, self-efficacy low, low mood, the TUG)."""
    for instrument, answers in (("tsk11", [3] * 11), ("pseq", [2] * 10), ("phq9", [2, 2, 2, 2, 2, 2, 1, 1, 0]),
                                ("timed_up_and_go", [13.2])):
        assessments.record_assessment(cast.uow(), cast.bob, cast.dave.patient_id,
                                      AssessmentIn(instrument=instrument, taken_on=TODAY, answers=answers))
    bob = browse("bob")
    form = bob.get(url(cast.dave, "/program")).text
    assert '<option value="high" selected>' in form and '<option value="low" selected>' in form
    assert 'name="low_mood" value="yes" checked' in form
    assert 'name="tug_s" type="number" value="13.2"' in form
