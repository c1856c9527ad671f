"""Chloe, 30, 30 weeks pregnant with low back and pelvic girdle pain, and Priya, 31, 24 weeks pregnant,
planned with `rehab plan` as a clinic would feed them in, from a physiotherapist's review
(docs/safety/review-2026-12-03g-pregnancy-bp-tug-decline.md, findings 1, 2, 3, 6 and 7; case files in
docs/safety/cases-2026-12-03g/, copied to tests/cli/cases/chloe_30_pregnant_30_weeks_*.json).

The reviewer found:
- At 162/104 Chloe was told "see your doctor to get it under control ... You can start the gentle
  program now"; at 184/112 "Do not start any of your exercises ..." and on the next line "You can start
  the gentle program now". High blood pressure in pregnancy (140/90 or more) needs the maternity unit the
  same day, and 160/110 or more is severe, now (NICE NG133; ACOG Practice Bulletin 222; hazard H23, H55).
- A very bad headache, trouble seeing and sudden swelling (signs of pre-eclampsia) were "today".
- Strength work went up "while effort stays at 8 out of 10 or less" in pregnancy (ACOG 804: moderate).
- Standing on one leg without support at 34-36 weeks (ACOG 804: avoid a high risk of falling).
- "You said you like bridges. We took that to mean bridge." above a plan with no bridge.
"""

import copy
import json
from pathlib import Path

import pytest

from cli_cases import plan

from rehab.content.loader import packaged_library
from rehab.content.readability import grade, sentences

CASES = Path(__file__).parent / "cases"
LIBRARY = packaged_library()


def case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text())


def chloe(systolic: int | None = None, diastolic: int | None = None, **constraints) -> dict:
    intake = copy.deepcopy(case("chloe_30_pregnant_30_weeks_no_bp"))
    if systolic is not None:
        intake["baseline"]["resting_blood_pressure"] = {"systolic": systolic, "diastolic": diastolic}
    intake["constraints"].update(constraints)
    return intake


def prescriptions(planned: dict) -> list[dict]:
    return [p for phase in planned["phases"] for p in phase["prescriptions"]]


def hard_sentences(text: str) -> list[tuple[float, str]]:
    return [(grade(s), s) for s in sentences(text) if len(s.split()) >= 4 and grade(s) > 8]


# --- Finding 1: high blood pressure in pregnancy -----------------------------------------------

def test_at_162_over_104_she_is_told_to_call_her_maternity_unit_now_and_nothing_starts():
    text = plan(case("chloe_30_pregnant_30_weeks_bp_162_104"), "--text")
    assert text.splitlines()[0] == ("Your program starts once your maternity unit has checked your blood pressure. "
                                    "Then we make your plan again.")
    assert "Your blood pressure is very high for pregnancy. Call your maternity unit now." in text
    assert "Do not start any of your exercises until they have checked it." in text
    assert "You can start" not in text and "get it under control" not in text
    planned = json.loads(plan(case("chloe_30_pregnant_30_weeks_bp_162_104")))
    assert prescriptions(planned) == [] and planned["checkpoints"] == []
    assert [h["cautions"] for h in planned["holds"] if h["clearance"] == "blood_pressure"] == [["every_exercise"]]
    assert any("NICE NG133" in h["reason"] for h in planned["holds"])


def test_at_184_over_112_the_plan_never_says_start_now_under_do_not_start():
    text = plan(case("chloe_30_pregnant_30_weeks_bp_184_112"), "--text")
    assert "Call your maternity unit now." in text
    assert "You can start" not in text
    # One blood pressure hold, in pregnancy's words: not the crisis words for a doctor as well.
    assert "contact your doctor today" not in text
    assert all("waits until your maternity unit has checked your blood pressure" in line
               for line in text.splitlines() if line.strip().startswith("Work toward this goal"))


def test_at_146_over_88_she_calls_her_maternity_unit_today_and_the_warning_signs_mean_now():
    text = plan(chloe(146, 88), "--text")
    assert ("Your blood pressure is high for pregnancy. Call your maternity unit today to have it checked. High "
            "blood pressure in pregnancy needs a check the same day.") in text
    assert "Call them now if you have a very bad headache or one that does not go away. Do the same if you have trouble seeing, or sudden swelling" in text
    assert "You can start" not in text
    assert prescriptions(json.loads(plan(chloe(146, 88)))) == []
    assert not hard_sentences(text.split("YOUR GOALS")[0])


@pytest.mark.parametrize("systolic, diastolic, held", [(139, 89, False), (140, 70, True), (120, 90, True),
                                                       (159, 109, True), (160, 80, True)])
def test_in_pregnancy_every_exercise_waits_from_140_systolic_or_90_diastolic(systolic, diastolic, held):
    planned = json.loads(plan(chloe(systolic, diastolic)))
    assert (prescriptions(planned) == []) is held
    severe = systolic >= 160 or diastolic >= 110
    said = " ".join(h["advice"] for h in planned["holds"])
    if held:
        assert ("Call your maternity unit now." in said) is severe
        assert ("Call your maternity unit today" in said) is not severe


def test_with_a_heart_to_check_as_well_the_pregnancy_words_do_not_say_start_now():
    text = plan(chloe(comorbidities=["pregnancy", "heart_disease"]), "--text")
    assert text.startswith("Your program starts once your clinician has checked your heart.")
    assert "You can start the gentle program now" not in text
    assert "You are pregnant. Ask your midwife or doctor to confirm exercise is safe for you." in text


def test_without_a_hold_on_the_start_she_may_still_start_the_gentle_program_now():
    text = plan(case("chloe_30_pregnant_30_weeks_no_bp"), "--text")
    assert text.startswith("Your program starts on 3 December 2026")
    assert "You are pregnant. You can start the gentle program now." in text


# --- Finding 2: the signs of pre-eclampsia are "now" --------------------------------------------

def test_a_very_bad_headache_trouble_seeing_or_sudden_swelling_means_call_the_maternity_unit_now():
    stop = json.loads(plan(case("priya_31_pregnant_24_weeks")))["stop_signs"]
    signs = " ".join(stop["signs"])
    for sign in ("A very bad headache", "Trouble seeing, such as blurred vision or flashing lights",
                 "Sudden swelling of your face, hands or feet", "You feel dizzy or faint, or you have a mild headache"):
        assert sign in signs, sign
    (now,) = [s for s in sentences(stop["what_to_do"]) if "Call them now too" in s]
    assert all(w in now for w in ("very bad headache", "trouble seeing", "sudden swelling"))
    (today,) = [s for s in sentences(stop["what_to_do"]) if "today" in s]
    assert "headache" not in today and "seeing" not in today
    assert not hard_sentences(" ".join([*stop["signs"], stop["what_to_do"]]))


# --- Finding 3: an effort cap in pregnancy -------------------------------------------------------

def test_priya_works_at_5_out_of_10_with_the_talk_test_not_8():
    planned = json.loads(plan(case("priya_31_pregnant_24_weeks")))
    assert prescriptions(planned) and all(p["limits"] == {"rpe_max_to_advance": 5.0} for p in prescriptions(planned))
    text = plan(case("priya_31_pregnant_24_weeks"), "--text")
    assert "While you are pregnant, keep your effort at 5 out of 10 or less." in text
    assert "You should be able to talk while you exercise." in text
    assert "8 out of 10" not in text
    assert "Nothing goes up unless your effort stays at 5 out of 10 or less." in text
    assert any("ACOG Committee Opinion 804" in r and "13-14" in r for r in planned["rationale"])
    assert not hard_sentences(planned["effort_cap"])


def test_with_a_heart_condition_too_the_lower_heart_cap_is_the_one_carried():
    planned = json.loads(plan(chloe(comorbidities=["pregnancy", "heart_disease"])))
    assert {p["limits"]["rpe_max_to_advance"] for p in prescriptions(planned)} == {4.0}
    assert planned["effort_cap"].startswith("Keep your effort at 4 out of 10")


# --- Finding 6: no balance work without support from 20 weeks -----------------------------------

def knee_pain_instead(intake: dict) -> dict:
    """Chloe's case with knee pain instead of lumbar and hip pain. Since review 2026-12-03j (finding 4)
    Chloe's own pain (lumbar and hip, "my pelvis catching": pelvic girdle pain) leaves out standing on
    one leg altogether; these tests keep checking the one-leg work a pregnancy without it still does."""
    intake = copy.deepcopy(intake)
    intake["person"]["pain_regions"] = ["knee"]
    return intake


def test_at_30_weeks_standing_on_one_leg_is_done_holding_on():
    planned = json.loads(plan(knee_pain_instead(case("chloe_30_pregnant_30_weeks_no_bp"))))
    unsupported = {i for i, e in {**LIBRARY.exercises, **LIBRARY.activities}.items()
                   if "unsupported_balance" in e.cautions}
    assert not {p["id"] for p in prescriptions(planned)} & unsupported
    one_leg_ids = {i for i, e in LIBRARY.exercises.items() if "single_leg_stance" in e.cautions}
    one_leg = [p for p in prescriptions(planned) if p["id"] in one_leg_ids and p["component"] == "balance"]
    assert one_leg and all(p["support"].startswith("Hold ") for p in one_leg)
    assert any("balance work with nothing within reach to hold because of pregnancy from 20 weeks" in line
               for line in planned["decisions"])


def test_at_30_weeks_standing_on_one_leg_never_says_balance_without_holding_on_above_hold_a_counter():
    """The plan says "Support: Hold a kitchen counter ... from the start" under a one-leg exercise: its
    How must not tell her to balance without holding on (re-check 2026-12-03h, problem D)."""
    text = plan(knee_pain_instead(case("chloe_30_pregnant_30_weeks_no_bp")), "--text")
    blocks = [part.split("\n  - ")[0] for part in text.split("  - Small knee bend on one leg:")[1:]]
    assert blocks, "a knee bend on one leg is in her plan"
    for block in blocks:
        assert "Support: Hold " in block, block
        assert "without holding on" not in block and "let go" not in block.lower(), block
        # The step names the support her Support line names, one support (review 2026-12-03i, finding 6).
        assert "How: Stand on one leg, fingertips on a kitchen counter or a sturdy chair." in block, block


def test_balance_steps_shown_with_a_support_line_never_say_to_let_go():
    from rehab.core.planning.home import steps_when_held

    assert steps_when_held(LIBRARY.exercises["single_leg_stand"].steps) == [
        "Stand next to a counter.", "Lift one foot and balance.",
        "Put the foot down before you wobble too much. Swap legs."]
    assert steps_when_held(LIBRARY.exercises["feet_together_stand"].steps) == [
        "Stand with your feet together beside a chair.",
        "When it is easy, try turning your head slowly or closing your eyes for a moment."]


def test_at_12_weeks_balance_work_without_support_is_left_out_as_she_reaches_20_weeks_during_the_program():
    # Was "not left out at 12 weeks": the program runs until the birth, so she reaches 20 weeks in it
    # (review 2026-12-03h, problem A).
    planned = json.loads(plan(chloe(gestation_weeks=12)))
    assert any("nothing within reach to hold because of pregnancy: you reach 20 weeks in this program" in line for line in planned["left_out"] + planned["decisions"])


# --- Finding 7: a like that is left out is said as left out ---------------------------------------

def test_priya_is_told_the_bridges_she_likes_are_left_out_for_now():
    planned = json.loads(plan(case("priya_31_pregnant_24_weeks")))
    assert ("You said you like bridges. We took that to mean bridge. It is left out for now because of "
            "pregnancy from 20 weeks.") in planned["decisions"]
    assert not [p for p in prescriptions(planned) if "bridge" in p["id"]]
