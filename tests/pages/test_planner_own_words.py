"""The planner page takes a person's likes and dislikes as they say them.

Dave's context says he likes walking and swimming and dislikes running. The planner form is filled
with every word (swimming too, which the library does not know), the plan reads "running" as the
walk-and-jog intervals it never offers him, and keeps "swimming" as said where Bob sees it.
"""

from test_planning_pages import planner_form, url

from rehab.contracts.records import ProfileIn
from rehab.services import patients, programs


def test_the_planner_keeps_words_it_does_not_know_and_reads_plain_ones_as_library_words(browse, cast):
    patients.set_profile(cast.uow(), cast.bob, cast.dave.patient_id, ProfileIn(
        preferences={"likes": ["walking", "swimming"], "dislikes": ["running"], "minutes_per_day": 15}))
    bob = browse("bob")
    form = bob.get(url(cast.dave, "/program")).text
    assert "walking\nswimming</textarea>" in form and ">running</textarea>" in form  # nothing dropped
    built = bob.post(url(cast.dave, "/program/plan"), data=planner_form(bob, likes="walking\nswimming", dislikes="running"))
    assert built.status_code == 303, built.text[-3000:]
    planned = programs.get_program(cast.uow(), cast.bob, cast.dave.patient_id).document["planned"]
    assert planned["likes_kept"] == ["swimming"] and planned["words_read_as"] == {"running": "walk_jog_intervals"}
    assert all(p["id"] != "walk_jog_intervals" for phase in planned["phases"] for p in phase["prescriptions"])
    page = bob.get(built.headers["location"]).text
    assert "In the person's own words" in page and "<li>Likes: swimming</li>" in page
    assert "“running” as walk jog intervals" in page
