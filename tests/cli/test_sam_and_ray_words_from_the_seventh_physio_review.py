"""Two plans from a physiotherapist's review (2026-12-03g, findings 5 and 7; case files in
docs/safety/cases-2026-12-03g/), read the way the person reads them with `rehab plan --text`.

Sam, 45, neck pain with dizziness: his neck work waits for a neck check (IFOMPT 2020), so his goal
"Turn my head to reverse the car" waits too. His plan told him to call for emergency help only if a
stroke-like sign "comes with the dizziness" (§4.2 and the check-in's own question count each sign
alone), chose a sock reach "first" for his head-turning goal, said "Other exercises build up to it"
while every neck exercise was held, and told him to hold a counter with one hand during a hold with
both hands already on a wall.

Ray, 71, knee pain, heart disease, 168/102 and a Timed Up and Go of 12.0 s: things were left out
"because of the fall risk your balance test showed", but his only test was the Timed Up and Go.
"""

import json

from cli_cases import CASES
from typer.testing import CliRunner

from rehab.cli import app
from rehab.content.readability import grade, sentences

runner = CliRunner()


def plan_text(name: str) -> str:
    case = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["plan", "-", "--text"], input=json.dumps(case))
    assert result.exit_code == 0, result.output
    return result.stdout


def exercise_blocks(text: str, name: str) -> list[str]:
    """Each phase's block for one exercise: its dose line and the indented lines under it."""
    blocks = []
    for part in text.split(f"  - {name}:")[1:]:
        lines = part.split("\n")
        body = [lines[0]] + [line for line in _until_next(lines[1:])]
        blocks.append("\n".join(body))
    return blocks


def _until_next(lines: list[str]):
    for line in lines:
        if not line.startswith("    "):
            return
        yield line


SAM = "sam_45_neck_pain_dizziness"


def test_sam_is_told_that_any_one_neck_warning_sign_alone_is_an_emergency():
    text = plan_text(SAM)
    advice = next(line for line in text.splitlines() if "Watch for these signs" in line)
    assert "If one comes with the dizziness" not in advice
    assert ("Watch for these signs: double vision, slurred speech, trouble swallowing, numbness, or a sudden "
            "fall. If you notice any of these signs, or your dizziness is new or worse, call for emergency "
            "help now.") in advice
    assert all(grade(s) <= 8 for s in sentences(advice)), advice


def test_nothing_is_chosen_for_or_said_to_build_up_to_sams_held_head_turning_goal():
    text = plan_text(SAM)
    goal = text.split('  - "Turn my head to reverse the car without pain"\n')[1].split("\n  - ")[0]
    assert "Other exercises build up to it" not in goal
    assert ("The task itself is not in your program yet. It waits for your neck check. Until then, nothing "
            "in your program works toward it.") in goal
    why = [line for line in text.splitlines() if line.strip().startswith("Why:")]
    assert not [line for line in why if 'your goal "Turn my head' in line]  # no "Chosen first", no "Trains"
    assert all(grade(s) <= 8 for s in sentences(goal)), goal


def test_sams_hands_on_wall_hold_has_no_extra_hold_a_counter_line():
    blocks = exercise_blocks(plan_text(SAM), "Hands-on-wall hold")
    assert blocks, "the hold is in his plan"
    for block in blocks:
        assert "Support:" not in block and "with one hand" not in block, block


def test_rays_heel_to_toe_stand_keeps_its_hold_the_sofa_line():
    """The support line stays where it belongs: standing balance work with the hands free."""
    blocks = exercise_blocks(plan_text("ray_71_knee_heart_bp_168_102_tug_12"), "Heel-to-toe stand")
    assert blocks and all("Support: Hold the back of the sofa with one hand from the start." in b for b in blocks)


def test_ray_is_told_his_walking_test_showed_the_fall_risk_not_a_balance_test():
    text = plan_text("ray_71_knee_heart_bp_168_102_tug_12")
    assert "your balance test showed" not in text
    lines = [line for line in text.splitlines() if "fall risk your" in line]
    assert lines and all("the fall risk your Timed Up and Go walking test showed" in line for line in lines)
    assert all(grade(s) <= 8 for line in lines for s in sentences(line.split(" These are:")[0]))
