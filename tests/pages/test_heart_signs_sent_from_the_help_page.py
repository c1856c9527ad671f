"""A person with heart disease reads the signs to stop and get help on 'When to get help', and can now
send one to the clinic from there, the way the red flags are sent (hazard H54; the end-of-session
review of 2026-12-03c, case c). Chest pain and fainting: the page says to call for an ambulance first;
sending is in addition, never instead. The answer is stored through the red-flag screening path: one
transaction, audited, an alert on the caseload and the patient's page, exercise paused, and a retry
of the same form stores nothing new. Also: Today never says "Here is what to do today" while the
heart is still to be checked, and the clinician is told when a goal is tracked by another kind of
activity."""

import json
import re
from datetime import timedelta

from clinic_cast import TODAY
from sqlalchemy import select
from test_planning_pages import EXAMPLES, url

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import PlannedProgramIn
from rehab.services import oversight, patients, programs
from rehab.store import tables

CALL_FIRST = "Call for an ambulance now if chest pain does not go after a few minutes of rest."
ALSO_AT_REST = "Do the same if you faint, or if you are very short of breath at rest."


def plan(cast, *comorbidities: str, patient=None, change=None) -> None:
    intake = json.loads((EXAMPLES / "margaret.json").read_text())
    intake["today"] = TODAY.isoformat()
    intake["constraints"]["comorbidities"] = list(comorbidities)
    if change is not None:
        change(intake)
    programs.plan_program(cast.uow(), cast.bob, (patient or cast.carol).patient_id,
                          PlannedProgramIn(reason="planned", intake=IntakeIn.model_validate(intake)))


def form_id(html: str) -> str:
    return re.search(r'name="id" value="([0-9a-f-]+)"', html).group(1)


def send(client, *signs: str, id: str | None = None):
    page = client.get("/me/help").text
    return client.post("/me/help", data={"csrf": client.csrf, "sign": list(signs), "id": id or form_id(page)})


def screenings(cast, who=None):
    return patients.list_screenings(cast.uow(), cast.bob, (who or cast.carol).patient_id)


def alerts(cast, who=None):
    """The screening's own alert (the check-ins it reran add their referral decisions beside it)."""
    return [a for a in oversight.open_alerts(cast.uow(), cast.bob, (who or cast.carol).patient_id)
            if a.code.startswith("red_flag")]


# ---- 3. Sending a heart sign -------------------------------------------------------------------------

def test_the_page_tells_her_to_call_an_ambulance_before_she_ticks_chest_pain_or_fainting(browse, cast):
    plan(cast, "heart_disease")
    page = browse("carol").get("/me/help").text
    call = page.index(CALL_FIRST)
    assert call < page.index('value="heart_chest_pain"') < page.index('value="heart_fainted"')
    assert call < page.index(ALSO_AT_REST) < page.index('value="heart_chest_pain"')  # breathless at rest too
    assert "Sending this form does not call for help." in page
    # the heart signs are hers only: a person without heart disease is not asked them
    plan(cast, patient=cast.dave)
    assert "heart_chest_pain" not in browse("dave").get("/me/help").text


def test_chest_pain_she_sends_reaches_her_clinician_as_an_emergency_and_pauses_her_exercise(browse, cast):
    plan(cast, "heart_disease")
    carol = browse("carol")
    sent = send(carol, "heart_chest_pain")
    assert sent.status_code == 303 and sent.headers["location"].startswith("/me/help?answered=")
    answer = carol.get(sent.headers["location"]).text
    advice = re.search(r'<div class="urgent" role="alert" id="advice">(.*?)</div>', answer, re.S).group(1)
    assert "Get help now" in advice and "Call for an ambulance now" in advice
    assert "They cannot send an ambulance: if you have not called one, call now." in advice
    [screening] = screenings(cast)
    assert screening.answers["red_flags"] == ["heart_chest_pain"] and screening.result["urgency"] == "emergency"
    [alert] = alerts(cast)
    assert alert.severity == "emergency" and "chest pain with heart disease" in alert.message
    assert "emergency department" in alert.message
    bob = browse("bob")
    assert "heart chest pain - chest pain with heart disease" in bob.get("/clinic").text
    assert "chest pain with heart disease" in bob.get(url(cast.carol)).text
    today = carol.get("/me").text
    assert 'class="urgent" role="alert"' in today and 'href="/me/log/' not in today
    with cast.sessions() as session:
        audited = session.execute(select(tables.AuditEntry.user_id, tables.AuditEntry.action, tables.AuditEntry.resource_id)
                                  .where(tables.AuditEntry.resource == "screening",
                                         tables.AuditEntry.patient_id == cast.carol.patient_id)).all()
    assert audited == [(cast.carol.user_id, "create", str(screening.id))]


def test_more_breathless_than_usual_is_sent_for_the_same_day_and_her_clinician_is_asked_to_call_today(browse, cast):
    plan(cast, "heart_disease")
    carol = browse("carol")
    answer = carol.get(send(carol, "heart_breathless", "heart_swelling_or_weight").headers["location"]).text
    assert "Get help today" in answer and "contact your clinic or doctor today" in answer
    [alert] = alerts(cast)
    assert alert.severity == "urgent" and "possible worsening heart failure" in alert.message
    assert "contact the patient today" in alert.message


def test_a_retry_of_the_same_form_stores_one_answer_and_one_alert_and_other_ticks_with_its_id_are_refused(browse, cast):
    plan(cast, "heart_disease")
    carol = browse("carol")
    page = carol.get("/me/help").text
    first = send(carol, "heart_racing", id=form_id(page))
    every_alert = len(oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id))
    again = send(carol, "heart_racing", id=form_id(page))  # the connection dropped; the phone sends it again
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert len(screenings(cast)) == 1 and len(alerts(cast)) == 1
    assert len(oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)) == every_alert
    other = send(carol, "heart_chest_pain", id=form_id(page))
    assert other.status_code == 409 and "Nothing new was sent" in other.text
    assert len(screenings(cast)) == 1 and len(alerts(cast)) == 1
    assert [a.severity for a in alerts(cast)] == ["urgent"]  # the refused chest pain changed nothing


def test_a_heart_sign_the_page_does_not_know_is_refused_and_nothing_is_stored(browse, cast):
    plan(cast, "heart_disease")
    carol = browse("carol")
    refused = send(carol, "heart_chest_pain", "heart_attack_maybe")
    assert refused.status_code == 422 and 'value="heart_chest_pain" checked' in refused.text
    assert CALL_FIRST in refused.text  # still said first on the page she is sent back to
    assert screenings(cast) == [] and alerts(cast) == []


# ---- 1. Today does not say "here is what to do today" while her heart is still to be checked ----------

def test_while_her_heart_is_to_be_checked_today_says_the_program_starts_once_her_clinician_has_checked(browse, cast):
    plan(cast, "heart_disease")
    today = browse("carol").get("/me").text
    start = today.index("Your program starts once your clinician has checked your heart.")
    assert start < today.index("Before you start, your clinician will check with you that it is stable.")
    assert "Here is what to do today." not in today
    assert "Your exercises for today, once your clinician has checked" in today


def test_a_blood_pressure_below_the_crisis_range_starts_as_planned_and_a_cleared_heart_too(browse, cast):
    def high_pressure(intake):
        intake["baseline"]["resting_blood_pressure"] = {"systolic": 172, "diastolic": 104}
    plan(cast, change=high_pressure)
    carol = browse("carol").get("/me").text
    # Below the crisis range she exercises at a moderate effort until her doctor has checked (H21):
    # the program does not wait, and Today must not say it does.
    assert "starts once your clinician" not in carol and "keep your effort at 5 out of 10" in carol

    def cleared(intake):
        intake["constraints"]["clearances"] = {"heart_condition_stable": (TODAY - timedelta(days=2)).isoformat()}
    plan(cast, "heart_disease", patient=cast.dave, change=cleared)
    dave = browse("dave").get("/me").text
    assert "starts once your clinician" not in dave and "Today's exercises" in dave


# ---- 2. The clinician is told when a goal's task is tracked by another kind of activity ---------------

def test_the_clinician_is_warned_her_gardening_goal_is_tracked_as_walking_and_she_is_not(browse, cast):
    def garden_tracked_as_walking(intake):
        intake["goals"] = [{
            "id": "garden", "words": "Get back to my vegetable garden", "icf": "d650",
            "task": {"description": "kneel to weed a bed and dig for 30 minutes", "activity": "walking",
                     "baseline": {"duration_s": 900}, "target": {"duration_s": 1800}},
            "priority": 1, "target_date": (TODAY + timedelta(weeks=16)).isoformat()}]
    plan(cast, change=garden_tracked_as_walking)
    page = browse("bob").get(url(cast.carol, "/program")).text
    warning = re.search(r'<section class="card alert warnings".*?</section>', page, re.S).group(0)
    assert "Check with the person before using this plan" in warning
    assert "kneel to weed a bed and dig for 30 minutes" in warning and "tracked as walking" in warning
    for shown in ("/me", "/me/help", "/me/progress"):
        assert "tracked as" not in browse("carol").get(shown).text


def test_a_pregnant_woman_is_not_offered_the_heart_signs_and_reads_which_of_hers_need_the_maternity_unit_now(
        browse, cast):
    """Priya, 24 weeks pregnant: her plan gives the pregnancy's signs to stop. Her help page offered
    the heart signs to tick under "Because of your pregnancy", which would reach her clinician as
    "possible worsening heart failure"; and bleeding, fluid leaking or contractions that keep coming
    were "contact your midwife or doctor today" (a physiotherapist's re-check, 2026-12-03e). Now no
    heart sign is offered, and those signs say the maternity unit, now."""
    def pregnant(intake):
        intake["constraints"]["gestation_weeks"] = 24
    plan(cast, "pregnancy", change=pregnant)
    page = browse("carol").get("/me/help").text
    assert 'value="heart_chest_pain"' not in page and "Because of your heart condition" not in page
    # her own signs are offered instead (tests/pages/test_pregnancy_signs_sent_from_the_help_page.py)
    assert "Because of your pregnancy: tick any of these signs you have now" in page
    assert "Bleeding from your vagina." in page
    assert "Call your maternity unit now if you bleed, if fluid leaks, or if the tightenings keep coming." in page
