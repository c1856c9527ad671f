"""Carol's Today, flare and log pages tell one story (clinical reference §4.2 and §5): a red flag she
ticked stops exercise until her clinician has checked it, whatever else is true; a flare without
one shows exactly the reduced doses, the same numbers on every page."""

import re
import uuid

from clinic_cast import TODAY
from test_patient_pages import CHAIR, declare, give_program

from rehab.contracts.records import PrescriptionIn, RedFlagScreeningIn
from rehab.services import logs, patients, programs

LOG_LINK = re.compile(r'href="/me/log/')


def tick(client, *signs):
    sent = client.post("/me/help", data={"csrf": client.csrf, "sign": list(signs)})
    assert sent.status_code == 303


def guidance_of(html: str) -> str:
    found = re.search(r'id="guidance">(.*?)</(?:div|p)>', html, re.S)
    assert found, "Today has no guidance sentence"
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip()


def current_doses(cast) -> dict:
    program = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    return {p.activity_id: p.current_dose for p in program.prescriptions}


# ---- the four combinations ------------------------------------------------------------------------

def test_on_an_ordinary_day_today_shows_her_exercises_at_their_doses_with_log_buttons(browse):
    page = browse("carol").get("/me").text
    assert guidance_of(page) == "Here is what to do today."
    assert "2 sets of 10" in page and "Today: 20 minutes" in page
    assert len(LOG_LINK.findall(page)) == 2
    assert 'role="alert"' not in page


def test_after_a_red_flag_today_says_one_thing_to_do_and_shows_no_exercise_to_do_or_log(browse):
    carol = browse("carol")
    tick(carol, "constant_night_pain")
    page = carol.get("/me").text
    assert guidance_of(page).startswith("Please read this first")
    assert "Please pause your exercises and contact your clinic or doctor today." in page
    assert "Today's exercises" not in page and "Your daily activity" not in page
    assert not LOG_LINK.search(page)
    assert "2 sets of 10" not in page and "20 minutes" not in page
    assert "flare plan" not in page.split('id="guidance"')[1].split("</div>")[0]


def test_an_emergency_sign_tells_her_to_get_help_now_with_nothing_to_log(browse):
    carol = browse("carol")
    tick(carol, "bladder_or_bowel_dysfunction")
    page = carol.get("/me").text
    assert "Stop all exercise and get help now: call for an ambulance or go to the emergency room." in page
    assert not LOG_LINK.search(page)


def test_during_a_flare_today_and_the_flare_page_show_the_same_reduced_doses(cast, browse):
    carol = browse("carol")
    sent, _ = declare(carol)
    flare_page = carol.get(sent.headers["location"]).text
    today = carol.get("/me").text
    assert guidance_of(today).startswith("You are on your flare plan, so do the smaller doses below")
    assert current_doses(cast) == {"sit_to_stand": {"sets": 2, "reps": 5}, "walking": {"duration_s": 600}}
    assert "2 sets of 5" in today and "Today: 10 minutes" in today
    assert "2 sets of 10" not in today and "20 minutes" not in today
    assert len(LOG_LINK.findall(today)) == 2
    assert "For now: <strong>2 sets of 5</strong>" in flare_page and "For now: <strong>10 minutes</strong>" in flare_page
    clinician = browse("bob").get(f"/clinic/patients/{cast.carol.patient_id}").text
    assert "2 sets of 5" in clinician and "10 minutes" in clinician


def test_a_flare_after_a_red_flag_waits_for_the_clinician_and_today_still_shows_no_exercise(browse):
    carol = browse("carol")
    tick(carol, "unexplained_weight_loss")
    sent, _ = declare(carol)
    flare_page = carol.get(sent.headers["location"]).text
    assert "Your flare is recorded" in flare_page
    assert "Your flare plan waits until your clinician has checked your answers." in flare_page
    assert "For now:" not in flare_page and "What to do today" not in flare_page
    assert "keep moving" not in flare_page and "cut your exercise" not in flare_page  # the lesson's advice waits too
    today = carol.get("/me").text
    assert "Please pause your exercises" in today and "You are on your flare plan" not in today
    assert not LOG_LINK.search(today) and "2 sets of" not in today


def test_once_her_clinician_has_screened_her_again_the_exercises_come_back(cast, browse):
    carol = browse("carol")
    tick(carol, "constant_night_pain")
    cast.clock.hour_later()  # Bob sees her later that day
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id, RedFlagScreeningIn(taken_on=TODAY))
    page = carol.get("/me").text
    assert 'role="alert"' not in page and len(LOG_LINK.findall(page)) == 2


def test_osteoporosis_ticked_keeps_her_exercises_and_logs_and_says_not_to_go_up(browse):
    carol = browse("carol")
    tick(carol, "osteoporosis_or_long_term_steroids")
    page = carol.get("/me").text
    assert guidance_of(page) == ("Keep to the doses below and do not go up until your clinician talks with you "
                                 "about your answers.")
    assert "2 sets of 10" in page and len(LOG_LINK.findall(page)) == 2


# ---- logging past a referral ----------------------------------------------------------------------

def test_the_log_form_is_not_offered_while_a_referral_stands(browse):
    carol = browse("carol")
    tick(carol, "constant_night_pain")
    page = carol.get("/me/log/sit_to_stand").text
    assert "Please pause your exercises and contact your clinic or doctor today." in page
    assert "You cannot log exercise until your clinician has checked your answers." in page
    assert 'action="/me/log/' not in page


def test_a_log_posted_past_a_referral_is_refused_with_the_advice_and_nothing_is_stored(cast, browse):
    carol = browse("carol")
    tick(carol, "constant_night_pain")
    sent = carol.post("/me/log/sit_to_stand", data={"csrf": carol.csrf, "id": str(uuid.uuid4()),
                                                     "amount": "prescribed", "pain_during": "2"})
    assert sent.status_code == 409
    assert "Please pause your exercises and contact your clinic or doctor today." in sent.text
    assert logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_a_log_without_a_referral_is_accepted(cast, browse):
    carol = browse("carol")
    sent = carol.post("/me/log/sit_to_stand", data={"csrf": carol.csrf, "id": str(uuid.uuid4()),
                                                     "amount": "prescribed", "pain_during": "2"})
    assert sent.status_code == 303
    assert len(logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)) == 1


# ---- words ----------------------------------------------------------------------------------------

def test_one_set_is_one_set_on_the_flare_page(cast, browse):
    give_program(cast, cast.dave, PrescriptionIn(activity_id=CHAIR.activity_id, name=CHAIR.name,
                                                 dose={"sets": 1, "reps": 4}, sessions_per_week=3))
    dave = browse("dave")
    sent, _ = declare(dave)
    page = dave.get(sent.headers["location"]).text
    assert "For now: <strong>1 set of 2</strong>" in page
    assert "1 sets" not in page and "1 sets" not in dave.get("/me").text


def test_opening_today_is_one_audited_read_of_her_records(cast, browse):
    """Today gathers the person, the program, the guidance and the week's sessions in one use case:
    one audit entry for the page, not one per part (four, before)."""
    from rehab.services import oversight
    from rehab.services.paging import Paging

    def carols_own_reads():
        trail = oversight.audit_trail(cast.uow(), cast.bob, cast.carol.patient_id, Paging(limit=500)).items
        return [(e.action, e.resource) for e in trail if e.role == "patient" and e.action == "read"]

    carol = browse("carol")
    before = carols_own_reads()
    assert carol.get("/me").status_code == 200
    assert len(carols_own_reads()) == len(before) + 1
    assert carols_own_reads()[0] == ("read", "todays_page")
