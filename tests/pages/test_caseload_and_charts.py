"""The clinician's caseload and charts as a clinic meets them in a patient's first days (issue 12 §5).

Bob's caseload: Carol (logged a week ago, then nothing), Dave (enrolled weeks ago, never logged)
and Grace, enrolled today. Alice administers the clinic.
"""

import re
import uuid
from datetime import date, timedelta

from clinic_cast import CAROLS_PROGRAM, TODAY
from test_clinician_pages import rows_of

from rehab.contracts.records import DiaryEntryIn, PatientIn, PrescriptionOut, SessionLogIn, SessionLogOut
from rehab.services import logs, patients, programs
from rehab.web.pages.clinic_timeline import adherence_chart

# The tabs of a patient's pages: (address under the patient's, name)
TABS = (("", "Overview"), ("/intake", "Intake and context"), ("/screenings/red-flags", "Red flags"),
        ("/assessments", "Assessments"), ("/screenings/psychosocial", "Psychosocial profile"), ("/goals", "Goals"),
        ("/program", "Program"), ("/flare-plan", "Flare plan"), ("/exposure", "Fear hierarchy"), ("/reassessment", "Reassessment"),
        ("/discharge", "Discharge"))


def grace_enrolled_today(cast) -> uuid.UUID:
    grace = patients.enrol_patient(cast.uow(), cast.bob, PatientIn(
        display_name="Grace", condition="chronic low back pain", enrolled_on=TODAY))
    programs.set_program(cast.uow(), cast.bob, grace.id, CAROLS_PROGRAM)
    return grace.id


def test_a_patient_enrolled_today_is_new_and_ranks_below_someone_silent_for_a_week(cast, browse):
    cast.clock.day = TODAY - timedelta(days=7)
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=cast.clock.day, pain=4))
    cast.clock.day = TODAY
    grace_enrolled_today(cast)
    page = browse("bob").get("/clinic").text
    rows = rows_of(page)
    assert [name for name, _, _ in rows] == ["Dave", "Carol", "Grace"]
    assert rows[1] == ("Carol", "Missed logs", "No logs for 7 days")
    assert rows[2] == ("Grace", "New", "New: enrolled today")
    grace_row = page[page.index(">Grace</a>"):]
    assert "none yet" in grace_row.split("</tr>")[0] and "never" not in grace_row.split("</tr>")[0]
    # New is not a need for attention now; the patients who went quiet are
    attention = [name for name, _, _ in rows_of(browse("bob").get("/clinic?need=attention").text)]
    assert attention == ["Dave", "Carol"]


def test_missed_logs_count_from_enrolment_for_someone_who_never_logged(cast):
    grace = patients.enrol_patient(cast.uow(), cast.bob, PatientIn(
        display_name="Grace", condition="neck pain", enrolled_on=TODAY - timedelta(days=2)))
    rows = {r.patient.display_name: r for r in patients.caseload(cast.uow(), cast.bob, TODAY)}
    assert (rows["Grace"].need, rows["Grace"].reason) == ("new", "New: enrolled 2 days ago, nothing logged yet")
    rows = {r.patient.display_name: r for r in patients.caseload(cast.uow(), cast.bob, TODAY + timedelta(days=1))}
    assert (rows["Grace"].need, rows["Grace"].reason) == ("missed_logs", "No logs yet, 3 days since enrolment")
    assert grace.id == rows["Grace"].patient.id


def prescription(number: int) -> PrescriptionOut:
    return PrescriptionOut(activity_id=f"exercise_{number}", name=f"Exercise number {number}", strategy="symptom_contingent",
                           starting_dose={"sets": 2, "reps": 8}, current_dose=None, sessions_per_week=3,
                           increments={}, progression_order=None, limits={})


def test_the_adherence_chart_caps_each_week_at_100_percent_with_the_count_and_names_every_activity():
    sunday = date(2026, 11, 22)
    seven = [prescription(n) for n in range(1, 8)]
    done = [SessionLogOut(id=uuid.uuid4(), activity_id="exercise_1", date=sunday, completed={"sets": 2, "reps": 8},
                          recorded_at=f"{sunday}T18:00:00Z")]
    chart = adherence_chart(seven, done, sunday, sunday + timedelta(days=8))
    table = str(chart.table)
    assert "<td>100 (1 of 1)</td>" in table  # one session on the one day of its first week: not 233 %
    assert "<td>0 (0 of 3)</td>" in table  # the next week so far (Monday to Monday)
    shares = [float(v) for v in re.findall(r"<td>([0-9.]+)", table)]
    assert shares and max(shares) <= 100
    svg = str(chart.svg)
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))
    legend = re.findall(r'<text x="([0-9.]+)" y="[0-9.]+">(Exercise number \d)</text>', svg)
    assert sorted(label for _, label in legend) == [p.name for p in seven]
    assert all(float(x) + 6.5 * len(label) <= width for x, label in legend), "a legend entry runs off the chart"


def test_on_day_one_the_patient_page_says_not_enough_entries_yet_instead_of_drawing_empty_charts(cast, browse):
    grace = grace_enrolled_today(cast)
    logs.log_diary(cast.uow(), cast.bob, grace, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=5, mood=6))
    logs.log_session(cast.uow(), cast.bob, grace, SessionLogIn(id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY,
                                                              completed={"sets": 2, "reps": 10}, pain_during=3))
    page = browse("bob").get(f"/clinic/patients/{grace}").text
    assert '<svg class="chart"' not in page
    assert page.count("Not enough entries yet for a chart") >= 4  # pain, sleep and mood, adherence, each dose
    assert "<td>5</td>" in page  # the one day's numbers are still there


def nav_labels(html: str, nav_class: str) -> list[str]:
    nav = re.search(rf'<nav [^>]*class="{nav_class}">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_the_patient_page_and_its_sub_pages_name_their_tabs_alike(cast, browse):
    bob = browse("bob")
    base = f"/clinic/patients/{cast.carol.patient_id}"
    overview = nav_labels(bob.get(base).text, "patient-nav")
    assert overview == [label for _, label in TABS]
    for path, label in TABS[1:]:
        page = bob.get(base + path)
        assert page.status_code == 200, path
        assert nav_labels(page.text, "records-nav") == overview, path
        title = re.search(r"<title>([^<]+)</title>", page.text).group(1)
        assert title.startswith(f"{label} · "), (path, title)


def test_the_admin_users_address_shows_the_users_page(browse):
    page = browse("alice").get("/admin/users")
    assert page.status_code == 200
    assert "<h1>Your clinic's users</h1>" in page.text
