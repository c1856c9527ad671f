"""Three people a reviewing physiotherapist wrote from the clinical reference, run through
`rehab plan` and `rehab check-in` as a clinic would feed them, and checked against what she decided
at each checkpoint before reading the engine's answer.

- Joan, 74, knee osteoarthritis, frightened her knee will give way on the stairs, sleeps 4.5 hours:
  graded exposure on a stairs hierarchy (§3.3) beside strength work.
- Tomasz, 51, warehouse picker with chronic low back pain on a time-contingent lifting quota
  (§3.2): a week met, a flare after a double shift (§5), then a numb foot (§4.2, §5.2).
- Ruth, 58, widespread pain, usual 7/10, a diary kept two or three days a week (§7.2), a walking
  quota that rises slowly (§3.4).

The check-ins are the files in tests/cli/cases/ named after each person.
"""

import json

from cli_cases import CASES, check_in, failed
from typer.testing import CliRunner

from rehab.cli import app
from rehab.services.wording import summary

runner = CliRunner()


def plan_text(case: str) -> str:
    result = runner.invoke(app, ["plan", "--text", str(CASES / f"{case}.json")])
    assert result.exit_code == 0, result.output
    return result.stdout


# Joan: graded exposure on the stairs


def test_joan_who_said_no_floor_gets_no_getting_down_to_the_floor_but_keeps_exercises_on_a_chair():
    """"The floor" to an older woman with knee OA means getting down to it, not lying on a bed."""
    text = plan_text("joan_intake")
    assert "Down to the floor and up again" not in text
    assert "We took that to mean floor work." in text
    assert "Sit to stand from a normal chair" in text


def test_joan_who_said_no_floor_gets_no_kneeling_down_onto_a_towel_either():
    """A knee put down on a towel on the floor is getting down to the floor: Joan, 74, with a fall risk
    and a knee she fears will give way, said no floor, so no half-kneel, even holding a chair."""
    text = plan_text("joan_intake")
    assert "Half-kneel" not in text and "Kneel" not in text
    assert "Sit to stand from a normal chair" in text


def test_joan_three_calm_climbs_move_her_up_the_fear_hierarchy_in_the_clinicians_words():
    decision = check_in("joan_three_calm_climbs_up_the_stairs")
    assert decision["decision"] == "advance"
    assert decision["exposure"]["item"] == "stairs_down" and decision["exposure"]["move"] == "up"
    words = summary(decision)
    assert words.startswith('Climbing stairs: moves up the fear hierarchy from "going up the stairs holding the rail" '
                            'to "going down the stairs holding the rail".')
    assert "dose" not in words.lower()
    assert "Dose:" not in decision["summary_clinician"]
    assert "Exposure: stairs_up (harm 45) -> stairs_down (harm 70), up." in decision["summary_clinician"]
    assert "did not happen in your last 3 experiments" in decision["message_patient"]


def test_joan_braced_descents_hold_the_item_and_the_drop_is_shown_as_the_rule_is_written():
    """Expectancy 80 -> 64 is a 20 % drop against the 50 % of §3.3; the two braced descents do not
    count, so one clean disconfirmation of the two needed."""
    decision = check_in("joan_braced_descents_then_one_without")
    assert decision["decision"] == "hold"
    assert decision["exposure"]["move"] == "same"
    assert set(failed(decision)) == {"expectancy_disconfirmed"}
    words = summary(decision)
    assert 'stays on "going down the stairs holding the rail" in the fear hierarchy' in words
    assert "expectancy down 20%, fear down 13%, feared outcome not happening in 1 experiment in a row" in words
    assert ">= 50%" in words and "0.2" not in words
    assert "Consider: keep the experiments going" in words
    assert "0.2" not in decision["summary_clinician"]
    assert "how sure you are that it will happen, has come down by half" in decision["message_patient"]


def test_joan_stopping_halfway_down_steps_her_back_down_the_hierarchy_not_the_dose():
    decision = check_in("joan_descent_stopped_early")
    assert decision["decision"] == "regress"
    assert decision["exposure"]["item"] == "stairs_up" and decision["exposure"]["move"] == "down"
    words = summary(decision)
    assert 'moves down the fear hierarchy from "going down the stairs holding the rail" to "going up the stairs' in words
    assert "eased" not in words
    assert "not a failure" in decision["message_patient"]


# Tomasz: a time-contingent quota, a flare, then a numb foot


def test_tomasz_meets_his_quota_all_week_so_it_rises_whatever_his_pain_during_lifting():
    decision = check_in("tomasz_lifting_quota_met_all_week")
    assert decision["decision"] == "advance"
    assert decision["next_dose"] == {"sets": 3, "reps": 9}


def test_tomasz_after_a_double_shift_is_on_the_flare_plan_worded_as_a_clinician_would():
    decision = check_in("tomasz_flare_after_a_double_shift")
    assert decision["decision"] == "flare"
    assert decision["next_dose"]["reps"] <= 9 // 2
    words = summary(decision)
    assert "Pain at or above the flare level (6.07/10) on 2 days in a row; 2 days in a row make a flare." in words
    assert "needs <" not in words


def test_tomasz_numb_foot_during_the_flare_is_referred_today_and_never_reassured_as_a_flare():
    decision = check_in("tomasz_numb_foot_during_the_flare")
    assert decision["decision"] == "refer" and decision["urgency"] == "urgent"
    assert decision["next_dose"] is None
    assert "sensitivity, not damage" not in decision["message_patient"]
    assert "numbness" in decision["message_patient"] and "today" in decision["message_patient"]
    assert "neuro_signs_in_flare" in {a["code"] for a in decision["alerts"]}
    assert summary(decision).startswith("Box lift from floor to waist: refer today (urgent). New numbness, tingling "
                                        "or weakness reported during a flare-up")
    assert decision["flare_episode"] is not None  # the flare is kept for when a clinician has seen him


def test_tomasz_whose_pain_settled_but_whose_foot_is_still_numb_does_not_step_back_up():
    decision = check_in("tomasz_pain_settled_foot_still_numb")
    assert decision["decision"] == "refer" and decision["urgency"] == "urgent"
    assert decision["next_dose"] is None


def test_tomasz_without_the_numbness_steps_back_up_as_the_flare_plan_says():
    """The same days with no new sign: the flare has settled and he returns a step (the control).
    His pain came back near usual on 29 November; a first flare's step waits 4 days from then
    (flare_step_days; §5.6 "over 1-2 weeks"), so on 2 December he waits, and steps up on the 3rd."""
    case = json.loads((CASES / "tomasz_flare_settled_no_numbness.json").read_text())
    waiting = check_in(case)
    assert waiting["decision"] == "hold" and "return_step_days" in failed(waiting)
    case["today"] = "2026-12-03"
    case["diary"].append({"date": "2026-12-03", "pain": 4})
    decision = check_in(case)
    assert decision["decision"] == "advance"
    assert decision["next_dose"] == {"sets": 3, "reps": 6}
    assert "a step back towards 3 sets of 9 (before the flare)" in summary(decision)


# Ruth: widespread pain, usual 7/10, a sparse diary


def test_ruth_with_usual_pain_of_seven_everywhere_is_paced_by_quota_not_by_pain():
    text = plan_text("ruth_intake")
    assert "Your exercise goes up on a set plan, not by how pain feels on the day." in text
    assert "starts at 70%" in text


def test_ruth_whose_pain_is_everywhere_is_not_told_about_her_back_nor_that_moving_feels_risky():
    """STarT Back is a low back pain tool (§1.10) and her fear of movement is low: the reasons she
    is given are hers (a physiotherapist's review)."""
    text = plan_text("ruth_intake")
    program = runner.invoke(app, ["plan", str(CASES / "ruth_intake.json")]).stdout
    assert "back screen" not in program and "your screening answers show that extra support" in program
    assert "about your back" not in text and "Your screening answers show that a steady plan suits you best." in text
    assert "moving feels risky" not in text and "Extra time helps you build confidence, one step at a time." in text


def test_ruth_with_five_diary_days_in_a_fortnight_is_held_and_asked_kindly_for_more():
    decision = check_in("ruth_sparse_diary_first_fortnight")
    assert decision["decision"] == "hold"
    assert "personal_baseline" in failed(decision)
    assert decision["message_patient"].startswith("Keep your pain diary for a few more days")


def test_ruth_two_bad_days_apart_are_her_usual_variation_and_her_quota_rises_by_about_a_tenth():
    decision = check_in("ruth_walking_quota_week_with_two_bad_days")
    assert decision["decision"] == "advance"
    assert 720 < decision["next_dose"]["duration_s"] <= 720 * 1.1


def test_ruth_two_days_in_a_row_at_nine_start_her_flare_plan():
    decision = check_in("ruth_two_days_at_nine")
    assert decision["decision"] == "flare"
    assert decision["next_dose"]["duration_s"] == 360
