"""People a reviewing physiotherapist ran through `rehab check-in` at the end of 3 December 2026
(docs/safety/review-2026-12-03c-three-people-after-the-changes.md, cases in
docs/safety/cases-2026-12-03c/), checked against what she expected from the clinical reference.

- Bea: graded exposure on a hierarchy of housework (laundry, hoovering the stairs, carrying 5 kg of
  shopping), usual mornings 3-3.5. One morning after hoovering was 5.5 against a flare line of
  about 5.2, and the three mornings since were back at 3-3.5 (§3.1 next-morning response; §3.3
  exposure works on expectancy, not pain; hazard H51). In a second file her mornings crept from 3
  to 4.25 in a week, below the line (Silbernagel's weekly rule, §3.1).
- Cyril: heart disease, a plan capped at 4 out of 10 effort (hazard H54), sit-to-stand logged as
  reps in reserve (3 left in the tank) instead of RPE.

The check-ins are the files in tests/cli/cases/ named after each person.
"""

import copy
import json
import re

from cli_cases import CASES, check_in

from rehab.content.readability import grade


def criteria(decision: dict) -> dict:
    return {c["name"]: c for c in decision["criteria"]}


def case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def codes(decision: dict) -> list[str]:
    return [a["code"] for a in decision["alerts"]]


def bea_the_day_after_her_sore_morning() -> dict:
    """Bea's file as it stood on 28 November: the sore morning (after hoovering on the 27th) is the
    latest she has noted."""
    found = case("bea_exposure_one_sore_morning_settled")
    found["today"] = "2026-11-28"
    found["diary"] = [e for e in found["diary"] if e["date"] <= "2026-11-28"]
    found["experiments"] = [e for e in found["experiments"] if e["date"] <= "2026-11-28"]
    return found


def test_one_sore_morning_after_hoovering_holds_bea_and_she_reads_what_is_true():
    """One morning 0.3 over the line, then three usual mornings. The reviewer asked for two sore
    mornings before a hold; in the virtual cohort that let exposure advance past tolerance more
    often (685 -> 797 advances over tolerance, 6.45 -> 7.17 flares a person-year, 400 people x 12
    weeks), so one morning at the line still holds (hazard H51), and the clinician is told. What she
    reads is true: one morning, common, not harm, keep practising, the clinician checks the next
    step. Not "has been higher than usual ... you move on when your mornings settle": her mornings
    have settled, and settling does not move her on."""
    decision = check_in("bea_exposure_one_sore_morning_settled")
    assert decision["decision"] == "hold" and decision["exposure"]["move"] == "same"
    assert "exposure_mornings_raised" in codes(decision)
    mornings = criteria(decision)["experiment_mornings_not_raised"]
    assert not mornings["passed"]
    assert mornings["value"]["mornings_at_the_line"] == 1 and mornings["value"]["worst"] == 5.5
    assert mornings["value"]["latest_below_the_line"] is True
    said = decision["message_patient"]
    assert said.startswith("One morning after hoovering the stairs, your pain on waking was higher than usual.")
    assert "not harm" in said and "Keep practising hoovering the stairs" in said
    assert "Your clinician has been told" in said and "They will tell you when to take it." in said
    assert "has been higher" not in said and "mornings settle" not in said and "two mornings" not in said
    assert grade(said) <= 8
    # The clinician reads that the mornings were up, that the latest is back, and that the hold is
    # theirs to lift (re-check 2026-12-03e: "is up" was untrue of mornings already back).
    alert = next(a["message"] for a in decision["alerts"] if a["code"] == "exposure_mornings_raised")
    assert " was up on the patient's usual mornings" in alert and "the latest morning is back below the line" in alert
    assert "held until you change or override it" in alert


def test_a_morning_noted_for_tomorrow_is_not_read_as_one_bea_has_had():
    """Today's diary entry may carry a rating for the next morning, which has not come yet (Bea's
    file holds one for 2 December on 1 December): it is not read, so a 9 there neither holds her
    nor counts as a second sore morning."""
    found = case("bea_exposure_one_sore_morning_settled")
    assert found["diary"][-1]["date"] == found["today"] == "2026-12-01"
    as_noted, tomorrow_at_9 = check_in(found), copy.deepcopy(found)
    tomorrow_at_9["diary"][-1]["pain_next_morning"] = 9
    decision = check_in(tomorrow_at_9)
    assert decision["decision"] == as_noted["decision"] == "hold"
    assert decision["criteria"] == as_noted["criteria"]


def test_the_day_after_the_sore_morning_bea_holds_with_the_same_true_words():
    decision = check_in(bea_the_day_after_her_sore_morning())
    assert decision["decision"] == "hold" and decision["exposure"]["move"] == "same"
    said = decision["message_patient"]
    assert said.startswith("One morning after hoovering the stairs, your pain on waking was higher than usual.")
    assert "has been higher" not in said and "mornings settle" not in said
    assert grade(said) <= 8
    assert "exposure_mornings_raised" in codes(decision)


def test_a_sore_morning_that_lingers_to_the_next_day_counts_as_two():
    """The morning after hoovering at 5.5 and the next one at 5.5 too: the response did not settle
    overnight (§3.1), so she holds as for two sore mornings, whatever comes after."""
    found = case("bea_exposure_one_sore_morning_settled")
    for entry in found["diary"]:
        if entry["date"] == "2026-11-28":
            entry["pain_next_morning"] = 5.5
    decision = check_in(found)
    mornings = criteria(decision)["experiment_mornings_not_raised"]
    assert not mornings["passed"] and mornings["value"]["days"] == ["2026-11-27", "2026-11-28"]
    assert decision["decision"] == "hold" and decision["exposure"]["move"] == "same"


def test_two_sore_mornings_hold_bea_even_with_usual_mornings_between():
    """Two mornings at the line after experiments are a pattern (hazard H51): she keeps practising
    hoovering, hears how many mornings it was and that they are back to usual now, and her
    clinician, who is told, looks at the next step; she is not promised a move "when her mornings
    settle", which they already have."""
    found = case("bea_exposure_one_sore_morning_settled")
    for entry in found["diary"]:
        if entry["date"] == "2026-11-24":  # the morning after her first experiment with hoovering
            entry["pain_next_morning"] = 5.5
    decision = check_in(found)
    assert decision["decision"] == "hold" and decision["exposure"]["move"] == "same"
    said = decision["message_patient"]
    assert said.startswith("Your pain on waking has been higher than usual on 2 mornings since 24 November. "
                           "It is back to usual now.")
    assert "Your clinician has been told" in said and "mornings settle" not in said
    assert grade(said) <= 8
    assert "exposure_mornings_raised" in codes(decision)
    mornings = criteria(decision)["experiment_mornings_not_raised"]
    assert not mornings["passed"] and mornings["value"]["mornings_at_the_line"] == 2


def test_ada_hears_how_many_mornings_were_up_and_that_her_clinician_was_told():
    """Ada (review 2026-12-03b): mornings at 5-6 for days. Held, as before (H51), in words true to
    what was seen."""
    decision = check_in("ada_exposure_mornings_up_11_days")
    assert decision["decision"] == "hold"
    said = decision["message_patient"]
    assert re.match(r"Your pain on waking has been higher than usual on \d+ mornings since 20 November\. This", said)
    assert "Your clinician has been told" in said and "mornings settle" not in said


def test_bea_s_weekly_rise_below_the_line_still_holds_and_the_summary_says_4_25_once():
    """Her mornings up from 3 to 4.25 in a week, reliably (z 4.4), below the line: held by the
    weekly rule (H51). The clinician's summary says 4.25, as the criteria do (it said 4.2: Python
    rounds 4.25 half to even), and names the activity, its strategy and the item once each."""
    decision = check_in("bea_exposure_week_mornings_up_below_line")
    assert decision["decision"] == "hold" and decision["exposure"]["move"] == "same"
    weekly = criteria(decision)["weekly_morning_not_rising"]
    assert not weekly["passed"] and weekly["value"]["this_week"] == 4.25
    assert "exposure_mornings_raised" in codes(decision)
    summary = decision["summary_clinician"]
    assert summary.startswith("HOLD - graded_exposure, item hoover. Failed:")
    assert "this_week 4.25," in summary and "4.2," not in summary
    assert "this_week 4.25," in next(a["message"] for a in decision["alerts"] if a["code"] == "exposure_mornings_raised")
    said = decision["message_patient"]
    assert said.startswith("Your pain on waking has been higher this week than last week.") and grade(said) <= 8


_GENDERED = re.compile(r"\b(she|her|hers|herself|he|his|him|himself)\b", re.IGNORECASE)


def test_the_clinician_s_words_do_not_guess_the_patient_s_sex():
    """No check-in says the patient's sex: the clinician's summary, its criteria and the alerts say
    "the patient", never "her" (the review found "up on her usual mornings" for a person of
    unknown sex). The cases cover the exposure alert, the setback rule and its threshold."""
    for name in ("bea_exposure_week_mornings_up_below_line", "ada_exposure_mornings_up_11_days",
                 "ada_exposure_mornings_up_two_weeks"):
        decision = check_in(name)
        texts = [decision["summary_clinician"], *(a["message"] for a in decision["alerts"]),
                 *(c["threshold"] for c in decision["criteria"])]
        assert [t for t in texts if _GENDERED.search(t)] == [], name


def test_cyril_logging_reps_in_reserve_is_held_by_his_heart_effort_cap():
    """His plan caps effort at 4 out of 10 (heart disease, H54). On the RIR-based RPE scale
    (Zourdos 2016, §3.6) 4/10 is 6 or more reps in reserve; 3 in reserve is about 7/10. He logs
    reps in reserve, not RPE, so the cap must be read in his units: held, not advanced at 3 in
    reserve as under the usual 2 (RPE 8), and told plainly, not "that felt very hard"."""
    decision = check_in("cyril_heart_sit_to_stand_rir_3")
    effort = criteria(decision)["effort_within_cap"]
    assert not effort["passed"] and effort["value"] == {"rpe": None, "rir": 3}
    assert ">= 6 reps in reserve" in effort["threshold"]
    assert decision["decision"] == "hold" and decision["next_dose"] == {"sets": 1, "reps": 8}
    said = decision["message_patient"]
    assert "up to 4 out of 10" in said and "very hard" not in said and grade(said) <= 8


def test_cyril_with_6_reps_in_reserve_is_within_his_cap_and_moves_up():
    """Six left in reserve is the cap's own level: not held for effort."""
    found = case("cyril_heart_sit_to_stand_rir_3")
    for session in found["sessions"]:
        session["rir"] = 6
    decision = check_in(found)
    assert criteria(decision)["effort_within_cap"]["passed"]
    assert decision["decision"] == "advance"
