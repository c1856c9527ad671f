"""Today as a patient meets it on a phone (issue 12 §4): today's session first, in the order to do
it, the rest of the week folded below, numbers in proper English and no bare "level".

Dave gets a planned program whose usual week alternates session A (Monday, Thursday) and session B
(Tuesday, Friday), with a daily walk. Today (27 November 2026) is a Friday: session B.
"""

import re
import uuid

from clinic_cast import TODAY

from rehab.contracts.records import PrescriptionIn, SessionLogIn
from rehab.core.models import Strategy
from rehab.services import logs
from test_patient_pages import give_program

WEEK = [{"day": "Monday", "session": "A", "minutes": 20}, {"day": "Tuesday", "session": "B", "minutes": 20},
        {"day": "Wednesday", "session": None, "minutes": 0}, {"day": "Thursday", "session": "A", "minutes": 20},
        {"day": "Friday", "session": "B", "minutes": 20}, {"day": "Saturday", "session": None, "minutes": 0},
        {"day": "Sunday", "session": None, "minutes": 0}]
# (id, name, component, session, sessions a week, ladder)
PLANNED = [("heel_raise_two_legs", "Heel raise on two legs", "resistance", "A", 2, ["heel_raise_seated", "heel_raise_two_legs", "heel_raise_one_leg"]),
           ("heel_raise_seated", "Heel raise sitting", "resistance", "B", 2, ["heel_raise_seated", "heel_raise_two_legs", "heel_raise_one_leg"]),
           ("feet_together_stand", "Stand with feet together", "balance", "A+B", 4, ["feet_together_stand", "folded_towel_stance"]),
           ("ankle_circles", "Ankle circles", "mobility", "B", 2, ["ankle_circles", "calf_stretch_wall"])]


def planned_program(cast, who):
    prescriptions = [PrescriptionIn(activity_id=i, name=name, dose={"sets": 1, "reps": 4, "load_kg": 3, "level": ladder.index(i) + 1},
                                    sessions_per_week=per_week) for i, name, _, _, per_week, ladder in PLANNED]
    prescriptions.append(PrescriptionIn(activity_id="walking", name="Walking", strategy=Strategy.TIME_CONTINGENT,
                                        dose={"duration_s": 600}, sessions_per_week=7))
    phase = {"name": "foundation", "week": WEEK,
             "prescriptions": [{"id": i, "component": c, "session": s, "ladder": ladder} for i, _, c, s, _, ladder in PLANNED]
             + [{"id": "walking", "component": None, "session": None, "ladder": []}]}
    give_program(cast, who, *prescriptions, document={"phase": "foundation", "planned": {"start": "2026-11-02", "phases": [phase]}})


def card_names(html: str) -> list[str]:
    return re.findall(r'<li class="card (?:exercise|quota)[^"]*">\s*<h3>([^<]+)</h3>', html)


def test_today_shows_todays_session_gentle_work_first_and_folds_the_rest_of_the_week(cast, browse):
    planned_program(cast, cast.dave)
    page = browse("dave").get("/me").text
    # Friday is session B: ankle circles (mobility), then balance, then strength; the walk as the daily activity
    assert card_names(page) == ["Ankle circles", "Stand with feet together", "Heel raise sitting", "Walking"]
    week = page[page.index('<details class="week"'):page.index("</details>")]
    assert "Tomorrow</strong>: Walking" in week  # Saturday: no session, the daily walk
    assert "Monday</strong>: Stand with feet together, Heel raise on two legs, Walking" in week
    assert 'href="/me/log/heel_raise_two_legs"' in week  # session A's exercise can still be logged
    assert "<details" in page and " open" not in page[page.index("<details"):page.index("<summary>")]


def test_an_exercise_done_today_moves_below_the_ones_still_to_do(cast, browse):
    planned_program(cast, cast.dave)
    logs.log_session(cast.uow(), cast.dave, cast.dave.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="ankle_circles", date=TODAY, completed={"sets": 1, "reps": 4, "load_kg": 3, "level": 1},
        pain_during=2))
    page = browse("dave").get("/me").text
    assert card_names(page)[:3] == ["Stand with feet together", "Heel raise sitting", "Ankle circles"]
    assert "Done today." in page


def test_numbers_on_the_patients_pages_read_as_english_and_the_level_is_explained(cast, browse):
    planned_program(cast, cast.dave)
    logs.log_session(cast.uow(), cast.dave, cast.dave.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="heel_raise_seated", date=TODAY, completed={"sets": 1, "reps": 4, "load_kg": 3, "level": 1},
        pain_during=2))
    dave = browse("dave")
    pages = {path: dave.get(path).text for path in ("/me", "/me/progress", "/me/log/heel_raise_seated", "/me/flare")}
    for path, html in pages.items():
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"\b1 (sets|times|sessions|repetitions|minutes|days|steps|weeks)\b", text), path
        assert not re.search(r"\blevel \d", text), path
    today = pages["/me"]
    assert "1 set of 4, 3 kg" in today
    assert "Twice a week. Done this week: 1." in today and "Done today." in today
    assert "Version 1 of 3. Your plan moves you on when your sessions and diary show you are ready." in today
    assert "1 session logged" in pages["/me/progress"]


def test_a_rest_day_says_so_and_keeps_the_daily_activity(cast, browse):
    planned_program(cast, cast.dave)
    cast.clock.day = TODAY.replace(day=28)  # a Saturday
    page = browse("dave").get("/me").text
    assert "No exercises today. Your body adapts between sessions." in page and "your daily activity below" in page
    assert card_names(page) == ["Walking"]
