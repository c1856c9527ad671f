"""The clinician's caseload, patient page and enrolling, through HTTP without a browser.

Bob reviews his patients: Carol (with a program of sit-to-stand and walking) and Dave (no logs
yet). Erin, at another clinic, must never see them.
"""

import gc
import re
import statistics
import time
import uuid
from datetime import date, timedelta

from clinic_cast import CAROLS_PROGRAM, TODAY
from markupsafe import escape
from sqlalchemy import func, select

from rehab.contracts.records import (
    AssessmentIn,
    DiaryEntryIn,
    FlareIn,
    GoalIn,
    GoalUpdate,
    PatientIn,
    RedFlagScreeningIn,
    SessionLogIn,
)
from rehab.services import assessments, logs, oversight, patients, programs
from rehab.services.access import Actor
from rehab.store import tables


def live(cast, actor: Actor, patient_id, days: int = 21, pain=(4, 5, 4, 3, 4, 5, 4)):
    """A few weeks of diary (pain and next-morning pain) and sit-to-stand on Mondays, Wednesdays, Fridays."""
    for n in range(days):
        day = TODAY - timedelta(days=days - n)
        cast.clock.day = day
        if day.weekday() in (0, 2, 4):
            program = programs.get_program(cast.uow(), actor, patient_id)
            dose = next(p.current_dose for p in program.prescriptions if p.activity_id == "sit_to_stand")
            logs.log_session(cast.uow(), actor, patient_id, SessionLogIn(
                id=uuid.uuid4(), activity_id="sit_to_stand", date=day, completed=dose, pain_during=3, rpe=6))
        logs.log_diary(cast.uow(), actor, patient_id, DiaryEntryIn(
            id=uuid.uuid4(), date=day, pain=pain[n % len(pain)], pain_next_morning=pain[n % len(pain)]), now=True)
    cast.clock.day = TODAY


def eve_with_a_flare(cast) -> uuid.UUID:
    """Eve, another of Bob's patients, keeps her diary for three weeks, then declares a flare today."""
    eve = patients.enrol_patient(cast.uow(), cast.bob, PatientIn(
        display_name="Eve", condition="chronic neck pain", enrolled_on=date(2026, 10, 1)))
    programs.set_program(cast.uow(), cast.bob, eve.id, CAROLS_PROGRAM)
    live(cast, cast.bob, eve.id)
    logs.declare_flare(cast.uow(), cast.bob, eve.id, FlareIn(date=TODAY, id=uuid.uuid4(), pain=8))
    return eve.id


def rows_of(html: str) -> list[tuple[str, str, str]]:
    """The caseload's rows as (name, badge, reason)."""
    return re.findall(r'<a href="/clinic/patients/[0-9a-f-]+">([^<]+)</a>.*?<span class="badge [a-z_]+">([^<]+)</span>'
                      r'</td>\s*<td>([^<]*)</td>', html, flags=re.S)


def latest_decision(cast, activity: str = "sit_to_stand"):
    return [d for d in logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, activity)][-1]


def overrides(cast) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(tables.Override))


# ---- caseload -------------------------------------------------------------------------------------

def test_the_caseload_puts_a_referral_then_a_flare_then_missed_logs_first_each_with_its_reason(cast, browse):
    eve = eve_with_a_flare(cast)
    live(cast, cast.carol, cast.carol.patient_id, days=7)
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["constant_night_pain"]))
    page = browse("bob").get("/clinic")
    assert page.status_code == 200
    rows = rows_of(page.text)
    assert [name for name, _, _ in rows] == ["Carol", "Eve", "Dave"]
    assert rows[0][1] == "Referral" and "Red flag answered yes: constant night pain - possible malignancy or infection" in rows[0][2]
    assert rows[1][1] == "Flare" and "flare-up" in rows[1][2]
    assert rows[2] == ("Dave", "Missed logs", "No logs yet, 57 days since enrolment")
    assert f'href="/clinic/patients/{eve}"' in page.text
    alerts = len(oversight.open_alerts(cast.uow(), cast.bob))
    assert f"{alerts} open alerts" in page.text


def test_the_caseload_filters_by_status_and_by_need_with_a_plain_get_form(cast, browse):
    eve_with_a_flare(cast)
    bob = browse("bob")
    page = bob.get("/clinic")
    assert '<form method="get" action="/clinic"' in page.text
    assert [name for name, _, _ in rows_of(bob.get("/clinic?need=flare").text)] == ["Eve"]
    assert [name for name, _, _ in rows_of(bob.get("/clinic?need=missed_logs").text)] == ["Carol", "Dave"]
    attention = {name for name, _, _ in rows_of(bob.get("/clinic?need=attention").text)}
    assert "Eve" in attention and "Dave" in attention
    maintenance = bob.get("/clinic?status=maintenance&need=")
    assert rows_of(maintenance.text) == [] and "No patients match these filters" in maintenance.text
    assert 'value="maintenance" selected' in maintenance.text  # the form shows the filter in use
    assert len(rows_of(bob.get("/clinic?status=active").text)) == 3
    assert len(rows_of(bob.get("/clinic?status=nonsense&need=nonsense").text)) == 3  # unknown filters: everyone


def test_a_caseload_of_300_patients_renders_well_under_a_second(cast, browse):
    uow = cast.uow()
    for number in range(300):
        out = patients.enrol_patient(uow, cast.bob, PatientIn(
            display_name=f"Patient {number:03d}", condition="chronic low back pain",
            enrolled_on=TODAY - timedelta(days=number % 40)))
        if number % 10 == 0:  # some logged today, some a while ago
            cast.clock.day = TODAY - timedelta(days=number % 7)
            logs.log_diary(uow, cast.bob, out.id, DiaryEntryIn(id=uuid.uuid4(), date=cast.clock.day, pain=4))
            cast.clock.day = TODAY
    bob = browse("bob")
    bob.get("/clinic")  # warm: templates compiled
    # The median of three, each after a full collection: the test process holds the whole suite's
    # objects, and one of its own garbage collections (measured at 140-175 ms) landing inside a single
    # timed request was what failed CI once, not the page.
    timings = []
    for _ in range(3):
        gc.collect()
        started = time.perf_counter()
        page = bob.get("/clinic")
        timings.append(time.perf_counter() - started)
    elapsed = statistics.median(timings)
    print(f"\ncaseload of {len(rows_of(page.text))} patients rendered in {elapsed * 1000:.0f} ms (median of 3)")
    assert page.status_code == 200
    assert len(rows_of(page.text)) == 302  # and Carol and Dave
    assert elapsed < 0.5


# ---- the patient page -----------------------------------------------------------------------------

def test_the_patient_page_shows_the_header_timeline_goals_alerts_and_every_criterion(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id)
    goal = assessments.set_goal(cast.uow(), cast.bob, cast.carol.patient_id, GoalIn(
        words="Carry the shopping home", icf_code="d430", task="two 5 kg bags 200 m", success_criterion="no stop",
        baseline="one bag 50 m", gas_levels={"-2": "less than now", "-1": "one bag 50 m", "0": "two bags 200 m",
                                             "1": "two bags 400 m", "2": "two bags from the market"}))
    assessments.update_goal(cast.uow(), cast.bob, goal.id, GoalUpdate(gas_level=0))
    assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                  AssessmentIn(instrument="nprs", taken_on=TODAY - timedelta(days=20), answers=[6]))
    page = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Carol</h1>" in html and "chronic low back pain" in html
    assert f"{(TODAY - timedelta(days=1)).isoformat()} (yesterday)" in html  # last entry
    # The timeline: pain with the personal baseline band, adherence, dose per activity; the one
    # outcome score so far is not a line yet.
    assert html.count('<svg class="chart"') == 4
    assert html.count("Not enough entries yet for a chart") == 1
    assert "Usual range: anchored intake baseline" in html
    assert "Dose: Sit to stand" in html and "Dose: Walking" in html
    # Goals with their GAS level and its history.
    assert "GAS level 0:</strong> two bags 200 m" in html
    assert "GAS -1, active, by Bob" in html and "GAS 0, active, by Bob" in html
    # The latest decision per activity, with every criterion the engine checked.
    latest = latest_decision(cast)
    assert f'id="decision-{latest.id}"' in html
    for criterion in latest.decision.criteria:
        assert f"<th scope=\"row\">{criterion.name.replace('_', ' ')}</th>" in html
        assert str(escape(criterion.source)) in html and str(escape(criterion.threshold)) in html
    # Links to the other clinician pages about her.
    for slug in ("intake", "assessments", "goals", "program", "discharge"):
        assert f'href="/clinic/patients/{cast.carol.patient_id}/{slug}"' in html


def test_accepting_a_decision_stores_the_reason_and_shows_who_accepted(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id)
    latest = latest_decision(cast)
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/decisions/{latest.id}/accept",
                        data={"csrf": bob.csrf, "reason": "Agreed at today's visit"})
    assert response.status_code == 303
    stored = latest_decision(cast)
    assert stored.override.decision == stored.decision.decision
    assert stored.override.next_dose == stored.decision.next_dose
    assert logs.acceptance(stored.override) == "Agreed at today's visit"
    page = bob.get(response.headers["location"])
    assert "Accepted by Bob:</strong> Agreed at today&#39;s visit" in page.text


def test_overriding_a_decision_stores_the_kind_dose_and_reason_and_shows_them(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id)
    latest = latest_decision(cast)
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/decisions/{latest.id}/override",
                        data={"csrf": bob.csrf, "decision": "hold", "dose_sets": "2", "dose_reps": "8",
                              "reason": "Carol is moving house this week"})
    assert response.status_code == 303, response.text
    stored = latest_decision(cast)
    assert stored.override.decision.value == "hold"
    assert stored.override.next_dose == {"sets": 2, "reps": 8}
    assert stored.override.reason == "Carol is moving house this week"
    page = bob.get(f"/clinic/patients/{cast.carol.patient_id}")
    assert "<strong>Overridden: hold</strong> - Carol is moving house this week" in page.text
    assert "next dose 2 sets of 8" in page.text
    # Carol's app now prescribes the clinician's dose.
    program = programs.get_program(cast.uow(), cast.carol, cast.carol.patient_id)
    assert next(p.current_dose for p in program.prescriptions if p.activity_id == "sit_to_stand") == {"sets": 2, "reps": 8}


def test_an_override_without_a_reason_is_refused_next_to_the_field_and_keeps_what_was_typed(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id)
    latest = latest_decision(cast)
    bob = browse("bob")
    before = overrides(cast)
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/decisions/{latest.id}/override",
                        data={"csrf": bob.csrf, "decision": "regress", "dose_reps": "eight", "reason": "  "})
    assert response.status_code == 422
    assert overrides(cast) == before
    html = response.text
    assert re.search(r'class="field-problem" id="override-\d-reason-problem">[^<]+<', html)
    assert re.search(r'class="field-problem" id="override-\d-reps-problem">write a number, without decimals<', html)
    assert 'value="eight"' in html and '<option value="regress" selected>' in html


def test_accepting_without_a_reason_is_refused_and_nothing_is_stored(cast, browse):
    live(cast, cast.carol, cast.carol.patient_id)
    latest = latest_decision(cast)
    bob = browse("bob")
    before = overrides(cast)
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/decisions/{latest.id}/accept",
                        data={"csrf": bob.csrf, "reason": ""})
    assert response.status_code == 422
    assert "say why you accept this decision" in response.text
    assert overrides(cast) == before


def test_a_decision_of_another_patient_cannot_be_overridden_through_this_patients_page(cast, browse):
    eve = eve_with_a_flare(cast)
    eves = logs.list_decisions(cast.uow(), cast.bob, eve)[-1]
    bob = browse("bob")
    response = bob.post(f"/clinic/patients/{cast.carol.patient_id}/decisions/{eves.id}/override",
                        data={"csrf": bob.csrf, "decision": "hold", "reason": "wrong page"})
    assert response.status_code == 404
    assert overrides(cast) == 0


def test_acknowledging_an_alert_takes_it_off_the_open_list(cast, browse):
    eve = eve_with_a_flare(cast)
    alert = oversight.open_alerts(cast.uow(), cast.bob, eve)[0]
    bob = browse("bob")
    page = bob.get(f"/clinic/patients/{eve}")
    assert str(escape(alert.message)) in page.text
    response = bob.post(f"/clinic/patients/{eve}/alerts/acknowledge", data={"csrf": bob.csrf, "alert_id": str(alert.id)})
    assert response.status_code == 303
    assert alert.id not in {a.id for a in oversight.open_alerts(cast.uow(), cast.bob, eve)}


def test_another_clinics_clinician_and_patients_are_refused_the_clinic_pages(cast, browse):
    erin = browse("erin")
    refused = erin.get(f"/clinic/patients/{cast.carol.patient_id}")
    assert refused.status_code in (403, 404) and "Carol" not in refused.text
    assert "Carol" not in erin.get("/clinic").text
    carol = browse("carol")
    assert carol.get("/clinic").status_code == 403
    assert carol.get(f"/clinic/patients/{cast.carol.patient_id}").status_code == 403
    assert carol.get(f"/clinic/patients/{cast.dave.patient_id}").status_code == 403
    assert carol.get("/clinic/patients/new").status_code == 403


# ---- enrolling ------------------------------------------------------------------------------------

def test_enrolling_a_patient_with_a_login_opens_their_page(cast, browse):
    bob = browse("bob")
    form = bob.get("/clinic/patients/new")
    assert form.status_code == 200 and f'value="{TODAY.isoformat()}"' in form.text
    response = bob.post("/clinic/patients/new", data={
        "csrf": bob.csrf, "display_name": "Grace Kim", "condition": "chronic low back pain and osteopenia",
        "birth_year": "1952", "sex": "female", "enrolled_on": TODAY.isoformat(), "email": "grace@riverside.test",
        "password": "a long first password"})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/clinic/patients/")
    page = bob.get(response.headers["location"])
    assert "<h1>Grace Kim</h1>" in page.text and "1952, female" in page.text
    grace = next(r.patient for r in patients.caseload(cast.uow(), cast.bob, TODAY) if r.patient.display_name == "Grace Kim")
    assert grace.user_id is not None and grace.birth_year == 1952


def test_enrolling_with_mistakes_says_what_is_wrong_next_to_each_field_and_keeps_what_was_typed(cast, browse):
    bob = browse("bob")
    before = len(patients.caseload(cast.uow(), cast.bob, TODAY))
    response = bob.post("/clinic/patients/new", data={
        "csrf": bob.csrf, "display_name": "Henry Ford", "condition": "", "birth_year": "nineteen fifty",
        "sex": "male", "enrolled_on": "2026-13-01", "email": "henry@riverside.test", "password": ""})
    assert response.status_code == 422
    html = response.text
    for field in ("condition", "birth_year", "enrolled_on"):
        assert f'id="f-{field}-problem"' in html, field
    assert 'value="Henry Ford"' in html and 'value="nineteen fifty"' in html and 'value="henry@riverside.test"' in html
    assert '<option value="male" selected>' in html
    assert len(patients.caseload(cast.uow(), cast.bob, TODAY)) == before


def test_enrolling_with_an_email_that_already_has_an_account_is_said_next_to_the_email(cast, browse):
    bob = browse("bob")
    response = bob.post("/clinic/patients/new", data={
        "csrf": bob.csrf, "display_name": "Carol again", "condition": "chronic low back pain",
        "enrolled_on": TODAY.isoformat(), "email": "carol@riverside.test", "password": "a long first password"})
    assert response.status_code == 422
    assert 'id="f-email-problem"' in response.text and "already has an account" in response.text


def test_a_new_program_version_is_marked_on_the_timeline_as_a_phase(browse, cast):
    from clinic_cast import CAROLS_PROGRAM

    from rehab.services import programs

    live(cast, cast.carol, cast.carol.patient_id, days=3)
    programs.set_program(cast.uow(), cast.bob, cast.carol.patient_id,
                         CAROLS_PROGRAM.model_copy(update={"reason": "walking moved to four days"}))
    page = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text
    assert "Program version 2: walking moved to four days" in page
