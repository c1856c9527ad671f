"""Carol's phone still has the log form open when she tells the app about new tingling (hazards H40,
H50, H53). She taps "Save" anyway. The web form must do exactly what the API does with that session:
keep it (nothing she did is lost), set it aside (no check-in ever counts it towards a step up) and
tell her what to do now, in the same words as the API's answer, the screening's answer and Today
(no exercise until a clinician has checked her, the clinic will call today, the emergency signs).
No browser: the pages through HTTP (FastAPI's TestClient)."""

import html
import re
import uuid

from clinic_cast import TODAY
from test_patient_pages import declare, form_id
from test_todays_guidance_pages import tick

from rehab.content.readability import grade, sentences
from rehab.contracts.records import SessionLogIn
from rehab.core.engine.messages import NEURO_IN_FLARE_ADVICE, NEW_NEURO_ADVICE
from rehab.services import checkins, logs
from rehab.store import tables


def read(page) -> str:
    return html.unescape(page.text)


def what_to_do_now(page) -> str:
    """The page's answer for a session set aside: its own section, said once, before anything else."""
    found = re.search(r'id="set-aside">(.*?)</section>', read(page), re.S)
    assert found, "the page does not say what to do now"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def sessions_the_check_in_reads(cast, activity_id="sit_to_stand") -> tuple:
    uow = cast.uow()
    with uow:
        patient = uow.session.get(tables.Patient, cast.carol.patient_id)
        prescription = next(p for p in checkins.prescriptions(uow, patient.id) if p.activity_id == activity_id)
        state = uow.session.get(tables.ActivityState, (patient.id, activity_id))
        return checkins.build_check_in(uow, patient, prescription, state, TODAY).sessions


def save_from_the_open_form(client, form_html: str):
    """The form she opened before she reported the sign, sent now."""
    return client.post("/me/log/sit_to_stand", data={"csrf": client.csrf, "id": form_id(form_html),
                                                      "amount": "prescribed", "pain_during": "2", "rpe": "5"})


def log_through_the_api_path(cast):
    return logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
        id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 10},
        pain_during=2, rpe=5))


def test_a_session_saved_from_a_form_opened_before_new_tingling_is_kept_set_aside_and_answered_with_the_advice(
        cast, browse):
    carol = browse("carol")
    form = carol.get("/me/log/sit_to_stand").text
    tick(carol, "new_neuro_symptoms")  # no flare: an urgent, same-day referral (H50)
    sent = save_from_the_open_form(carol, form)
    assert sent.status_code == 303, sent.text
    [kept] = logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert kept.set_aside == logs.NEW_NEURO_SIGNS  # kept, and set aside
    assert sessions_the_check_in_reads(cast) == ()  # never counted
    done = carol.get(sent.headers["location"])
    assert done.status_code == 200
    said = what_to_do_now(done)
    assert NEW_NEURO_ADVICE in said and "will not count" in said
    assert all(grade(sentence) <= 8 for sentence in sentences(said)), said
    assert read(done).count(NEW_NEURO_ADVICE) == 1  # said once, not again as the check-in's message
    assert "Next time:" not in read(done)  # no dose to do while she waits to be checked
    # The same answer as the API path gives for a session sent now.
    api = log_through_the_api_path(cast)
    assert api.session.set_aside == kept.set_aside and api.advice == NEW_NEURO_ADVICE
    assert logs.log_result(cast.uow(), cast.carol, cast.carol.patient_id, kept.id).advice == api.advice


def test_during_a_flare_the_page_gives_the_flare_words_for_the_sign_never_the_flare_plan(cast, browse):
    carol = browse("carol")
    declare(carol)
    form = carol.get("/me/log/sit_to_stand").text
    tick(carol, "new_neuro_symptoms")  # during a flare (H40)
    sent = save_from_the_open_form(carol, form)
    assert sent.status_code == 303, sent.text
    [kept] = logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert kept.set_aside == logs.NEURO_SIGNS_IN_FLARE
    assert sessions_the_check_in_reads(cast) == ()
    done = carol.get(sent.headers["location"])
    assert NEURO_IN_FLARE_ADVICE in what_to_do_now(done)
    assert "sensitivity, not damage" not in read(done) and "Next time:" not in read(done)


def test_a_retry_of_the_same_form_stores_nothing_new_and_shows_the_same_advice(cast, browse):
    carol = browse("carol")
    form = carol.get("/me/log/sit_to_stand").text
    tick(carol, "new_neuro_symptoms")
    first = save_from_the_open_form(carol, form)
    again = save_from_the_open_form(carol, form)
    assert first.status_code == again.status_code == 303
    assert len(logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)) == 1
    assert NEW_NEURO_ADVICE in what_to_do_now(carol.get(again.headers["location"]))


def test_an_ordinary_session_page_says_nothing_about_stopping(cast, browse):
    carol = browse("carol")
    sent = save_from_the_open_form(carol, carol.get("/me/log/sit_to_stand").text)
    done = read(carol.get(sent.headers["location"]))
    assert 'id="set-aside"' not in done and NEW_NEURO_ADVICE not in done and "What happens next" in done

