"""A pregnant woman's warning sign, standing from 'When to get help', refers at the check-in with the route
her plan gives it (hazard H23): trouble seeing, bleeding, fluid leaking, contractions that keep coming
and sudden swelling are the maternity unit now, chest pain an ambulance, a mild headache her midwife or
doctor today. Every one stops the walk that was due to go up (ACOG Committee Opinion 804, 2020, warning
signs to stop exercise; NICE NG133, 2019; the clinical reference is silent on pregnancy)."""

import re

import pytest
from builders import checkin

from rehab.content.readability import grade
from rehab.core.engine.messages import MATERNITY_NOW_ADVICE, PREGNANCY_URGENT_ADVICE, urgent_referral_advice
from rehab.core.engine.progression import check_in
from rehab.core.engine.today import todays_guidance
from rehab.core.models import DecisionKind, Symptoms, Urgency


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


@pytest.mark.parametrize("sign", ["pregnancy_vision", "pregnancy_headache", "pregnancy_sudden_swelling",
                                  "pregnancy_bleeding", "pregnancy_fluid", "pregnancy_contractions"])
def test_a_sign_for_the_maternity_unit_refers_now_and_says_to_call_it(sign):
    decision = check_in(checkin(red_flags=(sign,)))
    assert decision.kind is DecisionKind.REFER and decision.urgency is Urgency.EMERGENCY
    assert decision.message_patient == MATERNITY_NOW_ADVICE
    assert "call your maternity unit now" in decision.message_patient
    assert todays_guidance(frozenset({sign}), Symptoms(), ()).sentence == "Stop all exercise and call your maternity unit now."


def test_chest_pain_in_pregnancy_is_an_ambulance_even_beside_a_maternity_sign():
    decision = check_in(checkin(red_flags=("pregnancy_chest_pain", "pregnancy_bleeding")))
    assert decision.urgency is Urgency.EMERGENCY and "Call for an ambulance now" in decision.message_patient
    assert "ambulance" in todays_guidance(frozenset({"pregnancy_chest_pain"}), Symptoms(), ()).sentence


def test_a_mild_headache_is_her_midwife_today_with_the_signs_that_cannot_wait():
    decision = check_in(checkin(red_flags=("pregnancy_dizzy",)))
    assert decision.kind is DecisionKind.REFER and decision.urgency is Urgency.URGENT
    assert decision.message_patient == PREGNANCY_URGENT_ADVICE
    assert "midwife or doctor today" in decision.message_patient and "maternity unit now" in decision.message_patient
    assert "numb between your legs" not in decision.message_patient
    assert todays_guidance(frozenset({"pregnancy_dizzy"}), Symptoms(), ()).sentence == (
        "Please pause your exercises and contact your midwife or doctor today.")


def test_a_pregnancy_sign_beside_an_urgent_spinal_flag_keeps_both_safety_nets():
    words = urgent_referral_advice(frozenset({"pregnancy_calf", "constant_night_pain"}))
    assert "numb between your legs" in words and "maternity unit now" in words


@pytest.mark.parametrize("words", [MATERNITY_NOW_ADVICE, PREGNANCY_URGENT_ADVICE])
def test_her_words_are_plain(words):
    assert all(grade(s) <= 8 for s in sentences(words)), [(s, grade(s)) for s in sentences(words)]


# ---- The signs that must not wait, not on ACOG's list to stop exercise (re-check 2026-12-03j, finding 3) ----
# Nina, 26 weeks pregnant, and Rosa, who passes 24 weeks in her program, read 'When to get help': the baby
# moving less than usual (RCOG Green-top Guideline 57, from 24 weeks; NHS: call the maternity unit straight
# away), bad belly pain that does not stop (possible abruption) and pain just below the ribs (pre-eclampsia,
# NICE NG133) go to the maternity unit now; fainting or being very short of breath at rest is an ambulance,
# as for the heart (possible pulmonary embolism). Outside the clinical reference.

@pytest.mark.parametrize("sign", ["pregnancy_baby_moving_less", "pregnancy_belly_pain", "pregnancy_rib_pain"])
def test_her_baby_moving_less_or_bad_belly_or_rib_pain_is_the_maternity_unit_now(sign):
    decision = check_in(checkin(red_flags=(sign,)))
    assert decision.kind is DecisionKind.REFER and decision.urgency is Urgency.EMERGENCY
    assert decision.message_patient == MATERNITY_NOW_ADVICE
    assert todays_guidance(frozenset({sign}), Symptoms(), ()).sentence == "Stop all exercise and call your maternity unit now."


def test_fainting_or_very_short_of_breath_at_rest_in_pregnancy_is_an_ambulance_not_today():
    sign = "pregnancy_faint_or_breathless_at_rest"
    decision = check_in(checkin(red_flags=(sign,)))
    assert decision.urgency is Urgency.EMERGENCY and "Call for an ambulance now" in decision.message_patient
    assert "ambulance" in todays_guidance(frozenset({sign}), Symptoms(), ()).sentence
    # beside a maternity sign it is still the ambulance
    both = check_in(checkin(red_flags=(sign, "pregnancy_bleeding")))
    assert "Call for an ambulance now" in both.message_patient


def test_the_words_that_route_her_signs_name_every_sign_they_route():
    """The plan's advice and every pregnancy answer say where each sign goes: a sign the words do not name
    is a sign she is not told to call about (one source: safety.MATERNITY_NOW_WORDS)."""
    from rehab.core.engine.safety import MATERNITY_NOW_WORDS
    from rehab.core.planning.comorbidities import PREGNANCY_STOP_ADVICE, PREGNANCY_STOP_SIGNS
    maternity, ambulance = MATERNITY_NOW_WORDS.split("Call an ambulance")
    for words in ("baby moves less than usual", "bad pain in your belly", "below your ribs", "sudden swelling"):
        assert words in maternity, words
    for words in ("chest pain", "faint", "very short of breath at rest", "bleed a lot"):
        assert words in ambulance, words
        assert words in MATERNITY_NOW_ADVICE.split("Call an ambulance")[1], words
    assert MATERNITY_NOW_WORDS in PREGNANCY_STOP_ADVICE and MATERNITY_NOW_WORDS in PREGNANCY_URGENT_ADVICE
    for sign in ("Your baby is moving less than usual, or in a different way.",
                 "Bad pain in your belly that does not stop, even between tightenings.",
                 "Pain just below your ribs.", "You fainted, or you are very short of breath at rest."):
        assert sign in PREGNANCY_STOP_SIGNS and grade(sign) <= 8
    assert all(grade(s) <= 8 for s in sentences(MATERNITY_NOW_WORDS))
