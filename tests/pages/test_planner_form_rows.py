"""The planner form takes everything the planner can use: several goals with their priorities,
several measured tolerances, every performance test the product scores, and the clinician's own
cautions stored on the intake so that every later plan leaves them out.

Dave (68, knee pain) wants to get down on the floor to play with his grandchildren and to walk to
the shops. His physiotherapist measured two tolerances, a 30-second chair stand, a six-minute walk
and a single-leg stance of 3 s (under 5 s: a fall risk, Vellas 1997; clinical reference §2.6), and
asks that he not kneel while his knee settles. The form works without JavaScript: "Add another
goal" is a submit button that shows the form again with one more row, nothing stored.
"""

import html
from datetime import timedelta

from clinic_cast import TODAY
from test_planning_pages import planner_form, url, versions

from rehab.content.loader import packaged_library
from rehab.services import patients, programs

SECOND_GOAL = {"goal2_words": "Walk to the shops and back", "goal2_icf": "d450", "goal2_task": "walk to the shops",
               "goal2_dimension": "duration_s", "goal2_baseline": "5", "goal2_target": "20",
               "goal2_target_date": (TODAY + timedelta(weeks=16)).isoformat(), "goal2_priority": "1",
               "goal_priority": "2", "goal_rows": "2"}


def stored_intake(cast, who):
    return programs.get_program(cast.uow(), cast.bob, who.patient_id).document["intake"]


def planned_ids(cast, who):
    planned = programs.get_program(cast.uow(), cast.bob, who.patient_id).document["planned"]
    return {p["id"] for phase in planned["phases"] for p in phase["prescriptions"]}, planned


def test_add_another_goal_shows_one_more_row_keeps_what_was_typed_and_stores_nothing(browse, cast):
    bob = browse("bob")
    form = bob.get(url(cast.dave, "/program")).text
    assert 'name="goal_words"' in form and 'name="goal2_words"' not in form
    assert 'name="action" value="add_goal"' in form and 'name="action" value="add_tolerance"' in form
    more = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, action="add_goal", age="68"))
    assert more.status_code == 200
    assert 'name="goal2_words"' in more.text and 'name="goal_rows" value="2"' in more.text
    assert 'value="Get down on the floor to play with my grandchildren"' in more.text
    assert 'name="age" type="number" value="68"' in more.text
    again = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, action="add_tolerance", goal_rows="2"))
    assert 'name="tol2_activity"' in again.text and 'name="goal2_words"' in again.text
    assert versions(cast, cast.dave) == []


def test_two_goals_with_their_priorities_reach_the_planner(browse, cast):
    bob = browse("bob")
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, **SECOND_GOAL))
    assert built.status_code == 303, built.text[-2000:]
    goals = stored_intake(cast, cast.dave)["goals"]
    assert [(g["words"], g["priority"]) for g in goals] == [
        ("Get down on the floor to play with my grandchildren", 2), ("Walk to the shops and back", 1)]
    assert goals[1]["task"]["target"]["duration_s"] == 1200.0  # typed in minutes
    _, planned = planned_ids(cast, cast.dave)
    assert {g["words"] for g in planned["goals"]} == {g["words"] for g in goals}


def test_a_problem_in_the_second_goal_is_shown_beside_that_row_and_nothing_is_stored(browse, cast):
    bob = browse("bob")
    refused = bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, **{**SECOND_GOAL, "goal2_target_date": (TODAY - timedelta(days=1)).isoformat()}))
    assert refused.status_code == 422
    assert 'id="f-goal2_target_date-problem"' in refused.text and "is not after today" in refused.text
    assert 'id="f-goal_target_date-problem"' not in refused.text
    assert versions(cast, cast.dave) == []


def test_two_measured_tolerances_both_reach_the_planner_and_a_bad_one_is_named_by_its_row(browse, cast):
    bob = browse("bob")
    tolerances = {"tol_rows": "2", "tol_activity": "walking", "tol_dimension": "duration_s", "tol_measures": "10, 12",
                  "tol2_activity": "heel_raise_two_legs", "tol2_dimension": "reps", "tol2_measures": "8"}
    refused = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, **{**tolerances, "tol2_measures": "8, lots"}))
    assert refused.status_code == 422 and 'id="f-tol2_measures-problem"' in refused.text
    wrong = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, **{**tolerances, "tol2_dimension": "distance_m"}))
    assert wrong.status_code == 422 and 'id="f-tol2_dimension-problem"' in wrong.text
    assert versions(cast, cast.dave) == []
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, **tolerances))
    assert built.status_code == 303, built.text[-2000:]
    assert [(t["activity"], t["measures"]) for t in stored_intake(cast, cast.dave)["baseline"]["tolerances"]] == [
        ("walking", [600.0, 720.0]), ("heel_raise_two_legs", [8.0])]


def test_every_scored_performance_test_is_on_the_form_and_a_short_single_leg_stance_keeps_balance_supported(browse, cast):
    bob = browse("bob")
    form = bob.get(url(cast.dave, "/program")).text
    for field in ("chair_stands", "sit_to_stand_5x_s", "tug_s", "six_minute_walk_m", "grip_kg", "single_leg_stance_s",
                  "single_leg_stance_closed_s"):
        assert f'name="{field}"' in form
    too_far = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, six_minute_walk_m="2500"))
    assert too_far.status_code == 422 and 'id="f-six_minute_walk_m-problem"' in too_far.text
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(
        bob, chair_stands="9", six_minute_walk_m="380", single_leg_stance_s="3"))
    assert built.status_code == 303, built.text[-2000:]
    tests = {t["name"]: (t["value"], t["unit"]) for t in stored_intake(cast, cast.dave)["baseline"]["performance"]}
    assert tests == {"30-second chair stand": (9.0, "stands"), "Six-minute walk test": (380.0, "m"),
                     "single-leg stance": (3.0, "s")}
    given, planned = planned_ids(cast, cast.dave)
    assert any("Fall risk measured at baseline (single-leg stance 3 s" in d for d in planned["rationale"] + planned["decisions"])
    library = packaged_library()
    assert not [i for i in given if i in library.exercises and "unsupported_balance" in library.exercises[i].involves]


def test_a_caution_stored_on_the_intake_leaves_its_movement_out_of_every_later_plan(browse, cast):
    """Kneeling is what the floor transfer asks for; with the clinician's caution recorded on the
    intake, no plan built afterwards (from the form, which does not send it) has a kneeling exercise,
    and the left-out list says it is the clinician's advice."""
    bob = browse("bob")
    library = packaged_library()
    first = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob))
    assert first.status_code == 303
    before, _ = planned_ids(cast, cast.dave)
    kneeling = [i for i in before if i in library.exercises and "kneeling" in library.exercises[i].involves]
    assert kneeling, "without the caution the floor-transfer goal brings a kneeling exercise"

    saved = bob.post(url(cast.dave, "/intake"), data={"csrf": bob.csrf, "cautions": ["kneeling"]})
    assert saved.status_code == 303, saved.text[-1500:]
    assert patients.get_profile(cast.uow(), cast.bob, cast.dave.patient_id).cautions == ["kneeling"]
    assert 'name="cautions" value="kneeling" checked' in bob.get(url(cast.dave, "/intake")).text
    form = html.unescape(bob.get(url(cast.dave, "/program")).text)
    assert 'id="intake-cautions"' in form and "as recorded on the" in form

    rebuilt = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, reason="rebuilt"))
    assert rebuilt.status_code == 303, rebuilt.text[-2000:]
    after, planned = planned_ids(cast, cast.dave)
    assert not [i for i in after if i in library.exercises and "kneeling" in library.exercises[i].involves]
    assert any("your clinician's advice" in line for line in planned["left_out"] + planned["decisions"])
    assert "kneeling" in stored_intake(cast, cast.dave)["constraints"]["cautions"]
