"""Completing the records on the pages (issue 13): Carol adds a diary entry or a session she forgot,
up to 3 days back; Dave's Today shows today's session with the rest of his week folded away; Bob
sees the usual week on the program page and re-baselines at a reassessment.

Today is Friday 2026-11-27.
"""

import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

from clinic_cast import TODAY
from test_assessment_pages import screening_form
from test_rebaseline_page import diary as six_weeks_of_diary

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import PlannedProgramIn
from rehab.services import baselines, logs, programs

DOCS = Path(__file__).parents[2] / "docs"


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def test_the_diary_offers_today_and_the_three_days_before(browse):
    page = browse("carol").get("/me/diary").text
    offered = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', re.search(r'<select id="f-date".*?</select>', page, re.S).group(0))
    assert offered == [day(0), day(1), day(2), day(3)]
    assert ">Yesterday</option>" in page


def test_carol_adds_a_diary_entry_she_forgot_and_it_shows_as_added_later(cast, browse):
    carol = browse("carol")
    saved = carol.post("/me/diary", data={"csrf": carol.csrf, "id": str(uuid.uuid4()), "morning_id": str(uuid.uuid4()),
                                          "date": day(2), "pain": "5"})
    assert saved.status_code == 303, saved.text
    [entry] = logs.list_diary(cast.uow(), cast.bob, cast.carol.patient_id)
    assert (entry.date.isoformat(), entry.pain, entry.late) == (day(2), 5, True)
    assert "added later" in carol.get("/me/diary").text


def test_a_day_too_far_back_is_refused_on_the_field_and_nothing_is_stored(cast, browse):
    carol = browse("carol")
    refused = carol.post("/me/diary", data={"csrf": carol.csrf, "id": str(uuid.uuid4()), "morning_id": str(uuid.uuid4()),
                                            "date": day(5), "pain": "5"})
    assert refused.status_code == 422
    assert 'id="f-date-problem"' in refused.text and "more than 3 days ago" in refused.text
    assert logs.list_diary(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_carol_logs_yesterdays_session_late(cast, browse):
    carol = browse("carol")
    saved = carol.post("/me/log/sit_to_stand", data={"csrf": carol.csrf, "id": str(uuid.uuid4()), "amount": "prescribed",
                                                     "pain_during": "3", "date": day(1)})
    assert saved.status_code == 303, saved.text
    [session] = logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert (session.date.isoformat(), session.late) == (day(1), True)


def plan_daves_program(cast):
    intake = IntakeIn.model_validate(json.loads((DOCS / "examples" / "margaret.json").read_text()))
    return programs.plan_program(cast.uow(), cast.bob, cast.dave.patient_id,
                                 PlannedProgramIn(reason="first program", intake=intake))


def test_todays_page_shows_todays_session_and_folds_the_rest_of_the_week(cast, browse):
    version = plan_daves_program(cast)
    names = {p.activity_id: p.name for p in version.prescriptions}
    page = browse("dave").get("/me").text
    assert "Today&#39;s exercises (session B)" in page or "Today's exercises (session B)" in page
    placed = version.week.sessions
    # Which exercise sits in which session is the planner's choice (it changed with the rules); the page
    # must show session B's and fold session A's into Saturday.
    only_a = [a for a, s in placed.items() if s == "A"]
    only_b = [a for a, s in placed.items() if s == "B"]
    assert only_a and only_b
    for activity in only_b:
        assert f"<h3>{names[activity]}</h3>" in page  # session B
    for activity in only_a:
        assert f"<h3>{names[activity]}</h3>" not in page  # session A: Saturday's
    assert f"<h3>{names['walking']}</h3>" in page  # every day
    week = re.search(r'<details class="week" id="rest-of-week">.*?</details>', page, re.S).group(0)
    assert "<strong>Tomorrow</strong>" in week and "Friday" not in week  # the next six days


def test_a_program_without_a_week_still_shows_every_activity(browse):
    """A version saved before the week was kept spreads its sessions over the week (as the planner
    spreads training days): every activity is on Today or in the week folded below it."""
    page = browse("carol").get("/me").text
    for name in ("Sit to stand", "Walking"):
        assert f"<h3>{name}</h3>" in page or f"Log {name.lower()}</a>" in page, name


def test_the_program_page_shows_the_usual_week(cast, browse):
    plan_daves_program(cast)
    page = browse("bob").get(f"/clinic/patients/{cast.dave.patient_id}/program").text
    table = re.search(r'<table id="usual-week">.*?</table>', page, re.S).group(0)
    rows = re.findall(r'<th scope="row">(\w+)</th>\s*<td>([^<]+)</td>', table)
    assert rows == [("Monday", "rest day"), ("Tuesday", "A"), ("Wednesday", "B"), ("Thursday", "A"),
                    ("Friday", "B"), ("Saturday", "A"), ("Sunday", "rest day")]
    carol = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}/program").text
    assert "This version has no usual week" in carol


def test_bob_re_baselines_from_the_reassessment_form(cast, browse):
    six_weeks_of_diary(cast)
    bob = browse("bob")
    url = f"/clinic/patients/{cast.carol.patient_id}/reassessment"
    assert 'name="rebaseline_first"' in bob.get(url).text
    saved = bob.post(url, data={**screening_form(bob), "rebaseline_first": day(14), "rebaseline_last": day(1),
                                "rebaseline_reason": "medication_change"})
    assert saved.status_code == 303, saved.text
    [anchor] = baselines.baseline_history(cast.uow(), cast.bob, cast.carol.patient_id)
    assert (anchor.first.isoformat(), anchor.reason) == (day(14), "medication_change")


def test_a_half_filled_re_baseline_is_refused_on_its_fields(cast, browse):
    six_weeks_of_diary(cast)
    bob = browse("bob")
    url = f"/clinic/patients/{cast.carol.patient_id}/reassessment"
    refused = bob.post(url, data={**screening_form(bob), "rebaseline_first": day(14)})
    assert refused.status_code == 422
    assert 'id="f-rebaseline_last-problem"' in refused.text or "rebaseline_last" in refused.text
    assert baselines.baseline_history(cast.uow(), cast.bob, cast.carol.patient_id) == []
