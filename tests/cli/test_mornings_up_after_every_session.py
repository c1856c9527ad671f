"""Mornings one point up after every session (hazard H12), found by a reviewing physiotherapist.

Pain 4/10 every day of the intake fortnight; then the morning after each of six sessions is 5/10 and
the other mornings 4/10. Each rise alone is inside the noise band's 1-point floor, but a run of
raised mornings against a baseline that never varied is the session not settling by the next
morning (clinical reference §3.1: back to the pre-session level; §7.2 step 2). Before this rule the
engine advanced her and told her that her pain had settled by the next morning. A second review
(2026-12-03) found that the first version needed *every* morning since the change to be up (two
good mornings early on hid a later run), that one odd morning in her fortnight lifted the bar out of
reach, and that a run going on at the same dose only ever held.
"""

import json

from cli_cases import CASES, check_in, failed

from rehab.content.readability import grade


def steady_woman(settled_after: tuple[str, ...] = ()) -> dict:
    """The case, with the mornings after the sessions of ``settled_after`` back at her usual 4."""
    case = json.loads((CASES / "steady_mornings_one_point_up.json").read_text())
    for entry in case["diary"]:
        if entry["date"] in settled_after:
            entry["pain_next_morning"] = 4
    return case


def test_six_mornings_one_point_up_at_the_same_dose_ease_her_back_a_step():
    """Six sessions in a row that never settled by the next morning: the §3.1 'not settled' row."""
    decision = check_in("steady_mornings_one_point_up")
    assert decision["decision"] == "regress" and decision["next_dose"] == {"sets": 2, "reps": 9}
    assert list(failed(decision)) == ["next_mornings_not_all_raised"]
    assert failed(decision)["next_mornings_not_all_raised"]["value"] == [5, 5, 5, 5, 5, 5]
    assert "§3.1" in failed(decision)["next_mornings_not_all_raised"]["source"]
    said = decision["message_patient"]
    assert "higher after each of your last 6 sessions" in said and "settled" not in said
    assert grade(said) <= 8


def test_her_last_three_mornings_one_point_up_hold_even_after_two_good_ones():
    """The first three sessions settled; the last three did not. Not yet a reason to ease back, but
    not a reason to step up either: she holds, and is told why and what comes next."""
    decision = check_in(steady_woman(settled_after=("2026-11-16", "2026-11-18", "2026-11-20")))
    assert decision["decision"] == "hold"
    assert list(failed(decision)) == ["next_mornings_not_all_raised"]
    assert failed(decision)["next_mornings_not_all_raised"]["value"] == [5, 5, 5]
    said = decision["message_patient"]
    assert "a little higher after each of your last 3 sessions" in said and "ease back" in said
    assert "settled" not in said and grade(said) <= 8


def test_one_odd_morning_in_her_fortnight_does_not_lift_the_bar_out_of_reach():
    """One morning at 5 among her fourteen at 4 makes the mean 4.07: a bar of mean + 1 (5.07) that a
    5 never reaches. The median (4) keeps the bar at 5."""
    case = steady_woman(settled_after=("2026-11-16", "2026-11-18", "2026-11-20"))
    next(e for e in case["diary"] if e["date"] == "2026-11-10")["pain_next_morning"] = 5
    assert check_in(case)["decision"] == "hold"


def test_when_her_latest_morning_after_a_session_settled_she_still_advances():
    """The same woman with the morning after her session of 25 November back at 4: the run is
    broken, so the day-to-day noise rule decides as before (here: she steps up)."""
    assert check_in(steady_woman(settled_after=("2026-11-25",)))["decision"] == "advance"
