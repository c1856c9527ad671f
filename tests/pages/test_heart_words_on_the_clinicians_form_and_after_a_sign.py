"""The heart signs in the right voice and with the right ambulance signs (hazard H54; a
physiotherapist's check, 2026-12-03g, finding 7; docs/safety/cases-2026-12-03g/).

Bob screens Carol, who has heart disease. Under "Since the last screening, has the patient had:" his
form asked her own words: "You fainted.", "You feel dizzy or faint.". He now reads a clinician's
question ("Fainting (loss of consciousness)?"); Carol's help page keeps her words.

Carol sends a same-day heart sign (dizziness) from 'When to get help'. She was told to call an
ambulance if an arm or leg suddenly gets weak, or she feels numb between her legs: the spine's
emergency signs. She is now told the heart's: chest pain that does not go with rest, fainting, being
very short of breath at rest, the same words as her plan.
"""

import re

from test_clinician_screening_asks_heart_signs import red_flag_screenings, screening_form, url
from test_heart_signs_sent_from_the_help_page import plan, send

from rehab.content.readability import grade, sentences
from rehab.core.engine.safety import HEART_FLAGS, RED_FLAGS
from rehab.services import patients

SPINE_AMBULANCE = "numb between your legs"
HEART_AMBULANCE = "Call for an ambulance now if chest pain does not go after a few minutes of rest."


def labels(html: str) -> list[str]:
    """The question of each yes/no group of the heart signs on the clinician's form."""
    heart = html[html.index("<h2>Heart signs</h2>"):html.index("<h2>New symptoms</h2>")]
    return [re.sub(r"<[^>]+>", "", legend).strip() for legend in re.findall(r"<legend[^>]*>(.*?)</legend>", heart, re.S)]


def test_bobs_screening_form_asks_the_heart_signs_in_a_clinicians_words(browse, cast):
    plan(cast, "heart_disease")
    form = browse("bob").get(url(cast.carol, "/screenings/red-flags")).text
    asked = labels(form)
    assert len(asked) == len(HEART_FLAGS)
    assert "Fainting (loss of consciousness)?" in asked
    for question in asked:  # never the patient's "You fainted." or "your chest" on the clinician's form
        assert not re.search(r"\b(?:you|your)\b", question, re.I), question
        assert question.endswith("?"), question
    # Carol's own page keeps her words
    help_page = browse("carol").get("/me/help").text
    assert "You fainted." in help_page and "Fainting (loss of consciousness)?" not in help_page


def test_the_result_bob_reads_shows_his_question_for_the_fainting_carol_sent(browse, cast):
    plan(cast, "heart_disease")
    send(browse("carol"), "heart_fainted")
    [sent] = red_flag_screenings(cast)
    shown = browse("bob").get(url(cast.carol, f"/screenings/red-flags/{sent.id}")).text
    assert "<td>Fainting (loss of consciousness)?</td><td><strong>Yes</strong></td>" in shown


def test_carol_sends_dizziness_and_is_told_the_hearts_ambulance_signs_not_the_spines(browse, cast):
    plan(cast, "heart_disease")
    carol = browse("carol")
    answer = carol.get(send(carol, "heart_dizzy").headers["location"]).text
    advice = re.search(r'id="advice">(.*?)</div>', answer, re.S).group(1)
    assert "contact your clinic or doctor today" in advice
    assert HEART_AMBULANCE in advice
    assert "very short of breath at rest" in advice
    assert SPINE_AMBULANCE not in advice and "arm or leg suddenly gets weak" not in advice
    [screening] = red_flag_screenings(cast)
    assert screening.result["urgency"] == "urgent"
    for said in sentences(screening.result["advice"]):
        assert grade(said) <= 8, said


def test_bob_records_a_racing_heart_and_a_cancer_history_and_both_ambulance_lists_are_said(browse, cast):
    """A spinal urgent flag with a heart sign: neither list of emergency signs is dropped."""
    plan(cast, "heart_disease")
    bob = browse("bob")
    bob.post(url(cast.carol, "/screenings/red-flags"),
             data=screening_form(bob, {**RED_FLAGS, **HEART_FLAGS}, heart_racing=True, history_of_cancer=True))
    [screening] = red_flag_screenings(cast)
    assert screening.result["urgency"] == "urgent"
    assert SPINE_AMBULANCE in screening.result["advice"] and HEART_AMBULANCE in screening.result["advice"]


def test_a_spinal_urgent_flag_alone_keeps_the_spines_ambulance_signs(browse, cast):
    plan(cast, patient=cast.dave)
    bob = browse("bob")
    bob.post(url(cast.dave, "/screenings/red-flags"), data=screening_form(bob, RED_FLAGS, unexplained_weight_loss=True))
    [screening] = patients.list_screenings(cast.uow(), cast.bob, cast.dave.patient_id, "red_flags")
    assert SPINE_AMBULANCE in screening.result["advice"] and "chest pain" not in screening.result["advice"]
