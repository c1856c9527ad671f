"""Mary, 78, from a physiotherapist's review (docs/safety/review-2026-12-03b-exposure-flares-quota-plan.md,
findings 2 and 10), planned with `rehab plan` as a clinic would feed her in.

Mary has low back and knee pain, osteoporosis, heart failure and a measured fall risk (Timed Up and
Go 15.5 s). She lives alone, fell last year, cannot get up from the floor and holds the kitchen
worktop for balance work. Her plan gives her a daily walking quota rising to 22 minutes and weighted
sit-to-stands. The reviewer asked that:

- heart failure bring an effort cap, the signs to stop and get help, and a prompt for her clinician
  to confirm the condition is stable before she starts (finding 2, hazard H54);
- a carry with two bags say the weight in each bag; heel-to-toe stands start holding the worktop;
  the clinician see that osteoporosis was applied; and one list of left-out exercises be said once
  (finding 10).
"""

import json
from pathlib import Path

from typer.testing import CliRunner

from rehab.cli import app
from rehab.content.readability import grade

MARY = Path(__file__).parent / "cases" / "mary_78_heart_failure_alone_shops.json"
runner = CliRunner()


def plan(*options: str) -> str:
    result = runner.invoke(app, ["plan", *options, str(MARY)])
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str, heading: str) -> str:
    return text.split(f"\n{heading}\n", 1)[1].split("\n\n", 1)[0]


def test_mary_reads_her_effort_cap_and_the_heart_signs_to_stop_and_get_help_before_her_goals():
    text = plan("--text")
    cap = section(text, "HOW HARD TO WORK, AND WHEN TO STOP")
    assert text.index("HOW HARD TO WORK, AND WHEN TO STOP") < text.index("YOUR GOALS")
    assert "4 out of 10 or less" in cap and "talk in full sentences" in cap
    for sign in ("tightness in your chest", "out of breath than usual", "faint", "racing", "ankles swell"):
        assert sign in cap, sign
    assert "call for an ambulance now" in cap.lower()
    assert all(grade(line) <= 8 for line in cap.splitlines()), cap
    # Under the cap nothing goes up above it, her walks included (review 2026-12-03f).
    assert ("Nothing goes up unless your effort stays at 4 out of 10 or less. That counts for daily amounts "
            "like walking too.") in text
    assert "8 out of 10" not in text


def test_mary_is_told_to_wait_for_her_clinician_to_confirm_her_heart_is_stable_and_the_clinician_is_asked():
    text = plan("--text")
    assert "your clinician will check with you that it is stable" in section(text, "BEFORE YOU START")
    planned = json.loads(plan())
    (hold,) = planned["holds"]
    assert hold["clearance"] == "heart_condition_stable" and "before the program starts" in hold["reason"]


def test_her_carry_is_one_bag_along_the_worktop_and_says_its_weight():
    # Was "her two-bag carry says the weight in each bag" (finding 10). Since the review 2026-12-03i
    # (finding 1; hazard H25) her TUG of 15.5 s means no carry with both hands full: one bag, the other
    # hand on the counter, with its weight in kg.
    text = plan("--text")
    assert "  - Carry two light bags:" not in text and "  - Farmer carry:" not in text
    carries = [line for line in text.splitlines() if line.startswith("  - Carry one bag along the kitchen counter:")]
    assert carries and all(" kg, " in line and "in each" not in line for line in carries)


def test_her_heel_to_toe_stand_starts_holding_the_worktop():
    text = plan("--text")
    stand = text.split("  - Heel-to-toe stand:", 1)[1].split("\n  - ", 1)[0]
    assert "Support: Hold the kitchen worktop with one hand from the start." in stand
    assert "only if you need to" not in text and "close enough to grab" not in text


def test_her_clinician_sees_that_osteoporosis_was_applied():
    rationale = json.loads(plan())["rationale"]
    said = [r for r in rationale if r.startswith("Osteoporosis: applied, nothing further to leave out")]
    assert said and "high_impact: already left out for fall risk" in said[0]


def test_the_exercises_left_out_for_living_alone_after_a_fall_are_listed_once():
    text = plan("--text")
    assert text.count("Arm reach on hands and knees, Bird dog") == 1
    assert ("Left out getting down to the floor and back up because of living alone after a fall. The same reason "
            "leaves out putting weight through the knees. These are: Arm reach") in text
