"""People a reviewing physiotherapist wrote on 3 December 2026 (docs/safety/review-2026-12-03b-
exposure-flares-quota-plan.md), run through `rehab check-in` as a clinic would feed them, and
checked against what she expected from the clinical reference before reading the engine's answer.

- Lena: a walking quota of 20 minutes, usual pain 3.4; a flare on 19 November, and since then 5.4
  every day, above the line her flare started at (§5.3, §5.6).
- Ada: TSK-11 38, graded exposure on a hierarchy of housework (laundry, hoovering the stairs,
  carrying 5 kg of shopping); experiments that disconfirm her fear while her pain on waking has been
  5-6 against her usual 3 for 11 days (§3.1, §3.3; hazard H51), and one done in a back brace.

The check-ins are the files in tests/cli/cases/ named after each person.
"""

from cli_cases import check_in

from rehab.content.readability import grade


def criteria(decision: dict) -> dict:
    return {c["name"]: c for c in decision["criteria"]}


def test_lena_s_flare_is_not_called_settled_while_her_pain_stays_on_the_line_it_started_at():
    """Five days at 5.4 after a flare that started at 5.3: not settled (§5.6: back within about one
    MCID of the pre-flare level, 3.4), so no step back up and no "your flare has settled"."""
    decision = check_in("lena_flare_pain_stuck_at_5_4")
    assert decision["decision"] == "flare"
    assert decision["next_dose"] == {"duration_s": 600}  # the cut dose, half of 20 minutes
    settled = criteria(decision)["flare_settled"]
    assert not settled["passed"] and settled["value"] == 0
    assert "settled" not in decision["message_patient"]


def test_ada_keeps_practising_hoovering_while_her_mornings_are_up_and_her_clinician_is_told():
    """Two experiments with hoovering the stairs disconfirmed her fear, but the morning after was 6
    against her usual 3 (the flare line of her mornings is 5). Exposure works on expectancy, not
    pain, so she is not stepped down; but the next activity (carrying 5 kg) is a bigger load, so she
    holds where she is, hears that this is not harm, and the clinician is asked to check the steps."""
    decision = check_in("ada_exposure_mornings_up_11_days")
    assert decision["decision"] == "hold"
    assert decision["exposure"]["item"] == "hoover" and decision["exposure"]["move"] == "same"
    rise = criteria(decision)["experiment_mornings_not_raised"]
    assert not rise["passed"] and rise["value"]["worst"] == 6 and rise["value"]["mornings_at_the_line"] >= 2
    assert "exposure_mornings_raised" in [a["code"] for a in decision["alerts"]]
    said = decision["message_patient"]
    assert "not harm" in said and "Keep practising hoovering the stairs" in said
    assert "repetitions" not in said  # an exposure is an activity, not a dose
    assert grade(said) <= 8


def test_ada_moving_on_after_an_experiment_in_her_back_brace_is_told_to_the_clinician():
    """Her second experiment with the laundry basket was done wearing her back brace; it counts
    because her belief fell from 80 to 35 during it (the issue's rule, §3.3). The clinician hears
    that the belief without the brace is untested, and Ada reads her own words quoted."""
    decision = check_in("ada_exposure_brace_on_second_experiment")
    assert decision["decision"] == "advance"
    [alert] = [a for a in decision["alerts"] if a["code"] == "safety_behaviours_persist"]
    assert "wore my back brace" in alert["message"] and "not yet tested" in alert["message"]
    assert 'try it without this: "wore my back brace"' in decision["message_patient"]
    assert "with the belief down >= 50% during it" in criteria(decision)["expectancy_disconfirmed"]["threshold"]


def test_ada_s_setback_is_said_as_her_pain_on_waking_when_only_her_mornings_rose():
    """Two full weeks of mornings 2 points up, her daytime pain not: the setback hold names the pain
    on waking (docs/check-in.md), not "your pain"."""
    decision = check_in("ada_exposure_mornings_up_two_weeks")
    assert decision["decision"] == "hold"
    assert decision["message_patient"].startswith("Your pain on waking has been higher than your usual level")
