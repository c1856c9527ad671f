"""The clinician's red-flag screening asks the heart signs a patient with heart disease can send
(hazard H54). Before, the form asked only the spinal and neck red flags: Carol could send "chest
pain" from 'When to get help', but her clinician could not record it, and a clinician's screening
replaces what stood before (rehab.core.engine.safety.standing_answers), so Bob's "no" to every
spinal question cleared a chest-pain referral he was never asked about. Server-rendered, through
the same service, 422 on a question left unanswered, audited as every screening."""

from clinic_cast import TODAY
from sqlalchemy import select
from test_heart_signs_sent_from_the_help_page import plan, send

from rehab.core.engine.safety import HEART_FLAGS, RED_FLAGS
from rehab.services import patients
from rehab.store import tables


def url(patient, path=""):
    return f"/clinic/patients/{patient.patient_id}{path}"


def screening_form(client, flags, **yes):
    names = [*flags, "new_neuro_symptoms", "unexplained_swelling"]
    return {"csrf": client.csrf, "taken_on": TODAY.isoformat(), **{f"q_{n}": "yes" if n in yes else "no" for n in names}}


def red_flag_screenings(cast):
    return patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id, "red_flags")  # newest first


def test_bob_is_asked_carols_heart_signs_and_records_her_chest_pain_as_an_emergency(browse, cast):
    plan(cast, "heart_disease")
    bob = browse("bob")
    form = bob.get(url(cast.carol, "/screenings/red-flags")).text
    assert "<h2>Heart signs</h2>" in form
    for flag in HEART_FLAGS:
        assert f'name="q_{flag}"' in form
    saved = bob.post(url(cast.carol, "/screenings/red-flags"),
                     data=screening_form(bob, {**RED_FLAGS, **HEART_FLAGS}, heart_chest_pain=True))
    assert saved.status_code == 303 and "refer+%28emergency%29" in saved.headers["location"]
    [screening] = red_flag_screenings(cast)
    assert screening.answers["red_flags"] == ["heart_chest_pain"] and screening.result["urgency"] == "emergency"
    result = bob.get(saved.headers["location"]).text
    assert "chest pain with heart disease: possible acute coronary syndrome" in result
    assert "<td>Pain, pressure or tightness in the chest?</td><td><strong>Yes</strong></td>" in result
    with cast.sessions() as session:
        audited = session.execute(select(tables.AuditEntry.user_id, tables.AuditEntry.action)
                                  .where(tables.AuditEntry.resource == "screening",
                                         tables.AuditEntry.patient_id == cast.carol.patient_id)).all()
    assert audited == [(cast.bob.user_id, "create")]


def test_a_heart_sign_left_unanswered_is_refused_and_nothing_is_stored(browse, cast):
    plan(cast, "heart_disease")
    bob = browse("bob")
    form = screening_form(bob, {**RED_FLAGS, **HEART_FLAGS}, heart_racing=True)
    del form["q_heart_fainted"]
    refused = bob.post(url(cast.carol, "/screenings/red-flags"), data=form)
    assert refused.status_code == 422
    assert "a question not asked cannot be read as no" in refused.text
    assert 'name="q_heart_racing" value="yes" checked' in refused.text
    assert red_flag_screenings(cast) == []


def test_the_chest_pain_carol_sent_is_shown_to_bob_and_he_can_keep_it_standing(browse, cast):
    plan(cast, "heart_disease")
    carol = browse("carol")
    send(carol, "heart_chest_pain")
    bob = browse("bob")
    [sent] = red_flag_screenings(cast)
    shown = bob.get(url(cast.carol, f"/screenings/red-flags/{sent.id}")).text
    assert "<td>Pain, pressure or tightness in the chest?</td><td><strong>Yes</strong></td>" in shown
    # Bob examines her, the pain is still there: his screening keeps the emergency, not clears it.
    bob.post(url(cast.carol, "/screenings/red-flags"),
             data=screening_form(bob, {**RED_FLAGS, **HEART_FLAGS}, heart_chest_pain=True))
    latest = red_flag_screenings(cast)[0]
    assert latest.answers["red_flags"] == ["heart_chest_pain"] and latest.result["urgency"] == "emergency"


def test_the_reassessment_asks_the_heart_signs_too(browse, cast):
    plan(cast, "heart_disease")
    page = browse("bob").get(url(cast.carol, "/reassessment")).text
    assert "<h3>Heart signs</h3>" in page and 'name="q_heart_chest_pain"' in page


def test_a_person_without_heart_disease_is_screened_as_before(browse, cast):
    plan(cast, patient=cast.dave)
    bob = browse("bob")
    form = bob.get(url(cast.dave, "/screenings/red-flags")).text
    assert "Heart signs" not in form and "q_heart_chest_pain" not in form
    assert 'name="q_cervical_arterial_symptoms"' in form  # neck pain with dizziness is asked of everyone
    saved = bob.post(url(cast.dave, "/screenings/red-flags"), data=screening_form(bob, RED_FLAGS))
    assert saved.status_code == 303
