"""GAS levels written from the baseline and the goal, for the clinician to edit, not typed five times.

Bob sets Carol's walking goal: she walks 10 minutes now and wants 30. The -1 and 0 levels are the
baseline and the goal he has already written; with the amounts, +1 and +2 are filled in too (half
the gap and the whole gap beyond the goal, as the planner does). He can fill them in to edit them
first, or save with the levels empty.
"""

import re
from datetime import timedelta

from clinic_cast import TODAY

from rehab.services import assessments


def walking_goal(client, **changes):
    return {"csrf": client.csrf, "words": "Walk to my daughter's house", "icf_code": "d450",
            "task": "walk to my daughter's house", "success_criterion": "30 minutes without stopping",
            "baseline": "10 minutes, then has to sit", "goal_measure": "duration_s", "goal_baseline_amount": "10",
            "goal_target_amount": "30", "priority": "1", "target_date": (TODAY + timedelta(weeks=12)).isoformat(),
            **changes}


def test_a_goal_saved_without_gas_levels_gets_them_from_the_baseline_and_the_target(browse, cast):
    bob = browse("bob")
    saved = bob.post(f"/clinic/patients/{cast.carol.patient_id}/goals", data=walking_goal(bob))
    assert saved.status_code == 303, saved.text
    goal = assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id)[0]
    assert goal.gas_levels == {
        "-2": "Worse than now (10 minutes, then has to sit)", "-1": "As now: 10 minutes, then has to sit",
        "0": "Goal reached: walk to my daughter's house, 30 minutes without stopping",
        "1": "Beyond the goal: 40 min", "2": "Well beyond the goal: 50 min"}


def test_the_clinician_fills_in_the_levels_to_edit_them_and_keeps_the_ones_typed(browse, cast):
    bob = browse("bob")
    form = walking_goal(bob, action="suggest", gas_2="Walks into town and back")
    shown = bob.post(f"/clinic/patients/{cast.carol.patient_id}/goals", data=form)
    assert shown.status_code == 200
    assert assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id) == []  # nothing saved yet
    assert re.search(r'name="gas_-1" type="text" value="As now: 10 minutes, then has to sit"', shown.text)
    assert 'value="Beyond the goal: 40 min"' in shown.text
    assert 'value="Walks into town and back"' in shown.text  # what he typed is kept


def test_without_amounts_only_the_levels_above_the_goal_are_asked_for(browse, cast):
    bob = browse("bob")
    refused = bob.post(f"/clinic/patients/{cast.carol.patient_id}/goals",
                       data=walking_goal(bob, goal_measure="", goal_baseline_amount="", goal_target_amount=""))
    assert refused.status_code == 422
    assert 'id="f-gas_1-problem"' in refused.text and 'id="f-gas_2-problem"' in refused.text
    assert 'id="f-gas_-1-problem"' not in refused.text and 'id="f-gas_0-problem"' not in refused.text
    assert assessments.list_goals(cast.uow(), cast.bob, cast.carol.patient_id) == []
