"""Two people read at the end of the session (docs/safety/review-2026-12-03l-lead-final-read.md), kept as tests.

Ines, 29, 22 weeks pregnant with knee pain, wants to carry two 3 kg bags from the car: from 20 weeks no
carry leaves both hands full (H23), so she carries one bag along the counter, is told what was left out,
and her goal waits for the birth. Grace is in the tenth day of a flare on a walking quota and sends "dizzy
or a mild headache" from her help page while pregnant: the pregnancy's same-day route replaces the flare
words, her exercise pauses and the not-settling alert still reaches her clinician."""

import json
import re

from cli_cases import CASES, check_in, plan

from rehab.content.readability import grade


def test_ines_carries_one_bag_along_the_counter_and_her_two_bag_goal_waits_for_the_birth():
    intake = json.loads((CASES / "ines_29_pregnant_22_weeks_knee_two_bags.json").read_text())
    planned = json.loads(plan(intake))
    carried = {p["id"] for ph in planned["phases"] for p in ph["prescriptions"] if "carry" in p["id"]}
    assert carried == {"carry_one_bag_worktop"}
    assert "Left out walking or turning with both hands full because of pregnancy from 20 weeks." in plan(intake, "--text")
    goal = planned["goals"][0]
    assert goal["projected_week"] is None and goal["success"].endswith("after the birth")


def test_grace_pregnant_in_a_flare_who_feels_dizzy_is_sent_to_her_midwife_today_and_stops_exercising():
    decision = check_in("grace_pregnant_flare_day10_dizzy")
    assert decision["decision"] == "refer" and decision["urgency"] == "urgent"
    assert decision["next_dose"] is None
    text = decision["message_patient"]
    assert text.startswith("Please pause your exercises and contact your midwife or doctor today.")
    assert "sensitivity, not damage" not in text  # not reassured as a flare while a sign waits
    assert all(grade(s) <= 8 for s in re.split(r"(?<=[.!?])\s+", text))
    assert "flare_not_settling" in [a["code"] for a in decision["alerts"]]
