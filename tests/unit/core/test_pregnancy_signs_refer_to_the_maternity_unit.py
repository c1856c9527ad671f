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
