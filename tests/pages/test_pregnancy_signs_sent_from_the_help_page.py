"""Carol, 24 weeks pregnant, reads her pregnancy's warning signs on 'When to get help' and can now send
one to the clinic from there, as a person with heart disease sends the heart signs (hazard H23).

Before, the page listed the signs but offered nothing to tick: a woman who noticed trouble seeing could
read "call your maternity unit now", but her clinic never heard of it, her exercises were not paused, and
the check-ins went on advancing her walking. Now each sign goes through the red-flag screening path (one
transaction, audited, an alert on the caseload, the check-ins rerun) with the route the plan gives it:
bleeding, fluid leaking, contractions that keep coming and the signs of pre-eclampsia go to the maternity
unit now; chest pain is an ambulance; the others are her midwife or doctor today (ACOG Committee Opinion
804, 2020; NICE NG133, 2019; NHS pregnancy guidance; the clinical reference is silent on pregnancy). Her
clinician's screening asks the same signs, so his "no" to every spinal question cannot clear one he was
never asked about."""

import re
from datetime import timedelta

from clinic_cast import TODAY
from test_clinician_screening_asks_heart_signs import red_flag_screenings, screening_form, url
from test_heart_signs_sent_from_the_help_page import alerts, plan, screenings, send

from rehab.content.readability import grade
from rehab.core.engine.safety import PREGNANCY_FLAGS, RED_FLAGS

MATERNITY_FIRST = "Call your maternity unit now if you bleed, if fluid leaks, or if the tightenings keep coming."


def pregnant(weeks: int = 24):
    def change(intake):
        intake["constraints"]["gestation_weeks"] = weeks
    return change


def advice_of(html: str) -> str:
    return re.search(r'id="advice">(.*?)</div>', html, re.S).group(1)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", re.sub(r"<[^>]+>", " ", text).strip()) if s]


def test_carol_is_offered_her_pregnancy_signs_to_send_with_the_maternity_unit_said_first(browse, cast):
    plan(cast, "pregnancy", change=pregnant())
    page = browse("carol").get("/me/help").text
    fieldset = re.search(r'<fieldset class="card checks tier tier-pregnancy".*?</fieldset>', page, re.S).group(0)
    assert "Because of your pregnancy: tick any of these signs you have now" in fieldset
    call = fieldset.index(MATERNITY_FIRST)
    for flag in PREGNANCY_FLAGS:
        assert call < fieldset.index(f'value="{flag}"')
    # the maternity unit's signs come before the same-day ones
    assert fieldset.index('value="pregnancy_vision"') < fieldset.index('value="pregnancy_dizzy"')
    assert "Sending this form does not call for help." in fieldset
    assert 'value="heart_chest_pain"' not in page
    # Dave is not pregnant: he is not asked them
    plan(cast, patient=cast.dave)
    assert "pregnancy_bleeding" not in browse("dave").get("/me/help").text


def test_trouble_seeing_reaches_her_clinician_as_an_emergency_and_she_is_told_to_call_her_maternity_unit_now(
        browse, cast):
    plan(cast, "pregnancy", change=pregnant())
    carol = browse("carol")
    sent = send(carol, "pregnancy_vision")
    assert sent.status_code == 303
    answer = carol.get(sent.headers["location"]).text
    advice = advice_of(answer)
    assert "Get help now" in advice and "call your maternity unit now" in advice
    assert "They cannot call your maternity unit for you: if you have not called them, call now." in advice
    assert "They cannot send an ambulance" not in advice  # the route is the maternity unit, not an ambulance
    [screening] = screenings(cast)
    assert screening.answers["red_flags"] == ["pregnancy_vision"] and screening.result["urgency"] == "emergency"
    [alert] = alerts(cast)
    assert alert.severity == "emergency" and "possible pre-eclampsia" in alert.message
    assert "possible pre-eclampsia" in browse("bob").get(url(cast.carol)).text
    # Today stops her exercises and says where to call, and she cannot log a session
    today = carol.get("/me").text
    assert "Stop all exercise and call your maternity unit now." in today
    assert "call for an ambulance or go to the emergency room" not in today
    assert 'href="/me/log/' not in today


def test_a_mild_headache_is_for_her_midwife_today_and_says_which_signs_cannot_wait(browse, cast):
    plan(cast, "pregnancy", change=pregnant())
    carol = browse("carol")
    answer = carol.get(send(carol, "pregnancy_dizzy").headers["location"]).text
    advice = advice_of(answer)
    assert "Get help today" in advice and "contact your midwife or doctor today" in advice
    assert "Keep up your normal moving about the day." in advice
    assert MATERNITY_FIRST in advice  # what to do if it turns into a sign that cannot wait
    assert "numb between your legs" not in advice  # the spine's safety net is not hers
    assert all(grade(s) <= 8 for s in sentences(advice)), [(s, grade(s)) for s in sentences(advice)]
    [alert] = alerts(cast)
    assert alert.severity == "urgent"
    today = carol.get("/me").text
    assert "Please pause your exercises and contact your midwife or doctor today." in today


def test_chest_pain_in_pregnancy_is_an_ambulance(browse, cast):
    plan(cast, "pregnancy", change=pregnant(30))
    carol = browse("carol")
    advice = advice_of(carol.get(send(carol, "pregnancy_chest_pain", "pregnancy_bleeding").headers["location"]).text)
    assert "Call for an ambulance now" in advice and "They cannot send an ambulance" in advice
    assert "Stop all exercise and get help now: call for an ambulance" in carol.get("/me").text


def test_her_clinician_is_asked_her_pregnancy_signs_and_his_all_clear_must_answer_them(browse, cast):
    plan(cast, "pregnancy", change=pregnant())
    carol = browse("carol")
    cast.clock.day = TODAY - timedelta(days=1)  # she sent it yesterday; Bob sees her today
    send(carol, "pregnancy_sudden_swelling")
    cast.clock.day = TODAY
    bob = browse("bob")
    form = bob.get(url(cast.carol, "/screenings/red-flags")).text
    assert "<h2>Pregnancy warning signs</h2>" in form
    for flag in PREGNANCY_FLAGS.values():
        assert f'name="q_{flag.id}"' in form and flag.asked in form
    # a form that leaves her sign unanswered is refused and clears nothing
    spinal_only = screening_form(bob, RED_FLAGS)
    refused = bob.post(url(cast.carol, "/screenings/red-flags"), data=spinal_only)
    assert refused.status_code == 422 and "a question not asked cannot be read as no" in refused.text
    assert len(red_flag_screenings(cast)) == 1
    # seen at the maternity unit, swelling gone: his answered "no" clears it
    cleared = bob.post(url(cast.carol, "/screenings/red-flags"), data=screening_form(bob, {**RED_FLAGS, **PREGNANCY_FLAGS}))
    assert cleared.status_code == 303
    assert [s.answers["red_flags"] for s in red_flag_screenings(cast)].count([]) == 1
    assert "call your maternity unit now" not in carol.get("/me").text


def test_the_clinicians_form_for_a_woman_who_is_not_pregnant_does_not_ask_them(browse, cast):
    plan(cast)
    form = browse("bob").get(url(cast.carol, "/screenings/red-flags")).text
    assert "Pregnancy warning signs" not in form and "q_pregnancy_bleeding" not in form


# ---- A physiotherapist's re-check, 2026-12-03j: findings 2, 3 and 12 ------------------------------------

def test_the_swelling_box_near_send_does_not_offer_her_a_slower_route_for_swollen_hands(browse, cast):
    """Finding 2: her page offered "Sudden swelling of your face, hands or feet" (maternity unit now) and,
    just above Send, "New swelling that you cannot explain" (no urgency: "review before any progression").
    Puffy hands ticked in the box nearest Send took the slow route. Now her swelling box asks for swelling
    in one place, and says where swelling of the face, hands, feet or calf belongs."""
    plan(cast, "pregnancy", change=pregnant(26))
    page = browse("carol").get("/me/help").text
    box = re.search(r'<fieldset class="card checks tier">.*?</fieldset>', page, re.S).group(0)
    assert "New swelling that you cannot explain" not in page
    assert "New swelling in one place, such as a joint, that you cannot explain" in box
    assert "Swelling of your face, hands, feet or calf is a pregnancy sign." in box
    assert all(grade(s) <= 8 for s in sentences(box)), [(s, grade(s)) for s in sentences(box)]
    # the box still sends what it sent: a swollen knee is held for her clinician to review
    plan(cast, patient=cast.dave)
    assert "New swelling that you cannot explain" in browse("dave").get("/me/help").text  # not pregnant: as before


def test_her_baby_moving_less_is_offered_and_sent_to_the_maternity_unit_now(browse, cast):
    """Finding 3: the baby moving less than usual (RCOG Green-top Guideline 57, from 24 weeks), bad belly
    pain, pain below the ribs and fainting or breathlessness at rest were not on her page at all."""
    plan(cast, "pregnancy", change=pregnant(26))
    carol = browse("carol")
    page = carol.get("/me/help").text
    for sign in ("pregnancy_baby_moving_less", "pregnancy_belly_pain", "pregnancy_rib_pain",
                 "pregnancy_faint_or_breathless_at_rest"):
        assert f'value="{sign}"' in page, sign
    assert "Your baby is moving less than usual, or in a different way." in page
    advice = advice_of(carol.get(send(carol, "pregnancy_baby_moving_less").headers["location"]).text)
    assert "Get help now" in advice and "call your maternity unit now" in advice
    [alert] = alerts(cast)
    assert alert.severity == "emergency" and "reduced or changed fetal movements" in alert.message
    form = browse("bob").get(url(cast.carol, "/screenings/red-flags")).text
    assert "Fewer or changed fetal movements (from about 24 weeks)?" in form


def test_fainting_in_pregnancy_is_an_ambulance_from_her_help_page(browse, cast):
    plan(cast, "pregnancy", change=pregnant(26))
    carol = browse("carol")
    advice = advice_of(carol.get(send(carol, "pregnancy_faint_or_breathless_at_rest").headers["location"]).text)
    assert "Call for an ambulance now" in advice and "They cannot send an ambulance" in advice


def test_on_her_phone_what_to_do_is_said_once_and_she_can_send_right_after_her_signs(browse, cast):
    """Finding 12: her page ran to 5-6 phone screens, said the maternity unit's words twice before her
    ticks (a card and the red box), carried her effort cap (Today's business), and its only Send button
    was at the very bottom, after the spinal signs. Now what to do is said once, in the red box above her
    ticks, with the route of her other signs; a Send follows her signs; every sign is still there."""
    plan(cast, "pregnancy", change=pregnant(26))
    page = browse("carol").get("/me/help").text
    form = page.index("<form")
    assert page.count(MATERNITY_FIRST) == 1
    assert "out of 10" not in page and "talk" not in page.lower()  # the effort cap is on Today
    fieldset = re.search(r'<fieldset class="card checks tier tier-pregnancy".*?</fieldset>\s*(<button[^>]*>Send</button>)?',
                         page, re.S)
    assert fieldset.group(1), "a Send button right after her signs"
    assert "For the other signs, contact your midwife or doctor today." in fieldset.group(0)
    sends = re.search(r'<form method="post" action="/me/help".*?</form>', page, re.S).group(0).count('type="submit"')
    assert sends == 2 and page.index(fieldset.group(1)) < page.index('value="saddle_anaesthesia"')
    for flag in PREGNANCY_FLAGS:
        assert page.index(f'value="{flag}"') > form
    assert 'id="heart-signs"' in page  # Today's link "what to look out for" still lands here
    assert all(grade(s) <= 8 for s in sentences(fieldset.group(0)))
    # either Send sends every tick on the page
    carol = browse("carol")
    assert send(carol, "pregnancy_rib_pain", "constant_night_pain").status_code == 303
    [screening] = screenings(cast)
    assert sorted(screening.answers["red_flags"]) == ["constant_night_pain", "pregnancy_rib_pain"]
