"""Plans and a check-in from a physiotherapist's check of rule set 2026.12.11
(docs/safety/review-2026-12-03g-pregnancy-bp-tug-decline.md, finding 7; cases in
docs/safety/cases-2026-12-03g/), run through `rehab plan` and `rehab check-in`.

- The gardener, 66, heart disease (tests/cli/cases/gardener_66_heart_disease_knee.json): two
  sentences of his printed plan read at grade 9.2 and 8.2.
- June, 62, blood pressure 165/100 (cap 5), and Ray, 71, heart disease with 168/102 (cap 4): the
  walking line's rule, that effort above the cap pauses a rise, was in the plan JSON but the printed
  plan showed only the first three reasons, "You said you like walking" among them.
- Tom, 58, 190/125: nothing starts until a doctor has checked his blood pressure, yet the plan JSON's
  "come back in touch" lines spoke of flares, his flare plan and goals he worked toward.
- A same-day heart sign at a check-in (unusual breathlessness): the message ended with the spine's
  ambulance signs (a weak arm or leg, numbness between the legs), not the heart's.
"""

import json

from cli_cases import CASES, check_in
from test_patient_words_per_sentence import graded_sentences  # the per-sentence grading of every plan
from typer.testing import CliRunner

from rehab.cli import app
from rehab.content.readability import grade, sentences

runner = CliRunner()


def plan(name: str, *options: str):
    result = runner.invoke(app, ["plan", str(CASES / f"{name}.json"), *options])
    assert result.exit_code == 0, result.output
    return result.stdout if options else json.loads(result.stdout)


def walking_lines(text: str) -> list[list[str]]:
    """Each printed 'Walking' quota item: its lines up to the next item."""
    lines, items = text.splitlines(), []
    for i, line in enumerate(lines):
        if line.startswith("  - Walking:"):
            end = next((j for j in range(i + 1, len(lines)) if not lines[j].startswith("    ")), len(lines))
            items.append(lines[i:end])
    return items


def test_every_sentence_of_the_gardeners_heart_plan_reads_at_grade_8_or_below():
    text = plan("gardener_66_heart_disease_knee", "--text")
    hard = [(round(grade(s), 1), s) for line in text.splitlines() for s in graded_sentences(line) if grade(s) > 8]
    assert not hard, hard
    assert "This counts for all your exercises and walks." in text
    assert "Left out short bursts of hard effort because of your heart, until your clinician has checked it." in text


def test_june_reads_on_every_walking_line_that_effort_above_5_pauses_a_rise():
    walks = walking_lines(plan("june_62_knee_oa_bp_165_100", "--text"))
    rising = [w for w in walks if "building to" in w[0]]
    assert rising
    for item in rising:
        said = " ".join(item)
        assert "effort above 5 out of 10 pauses a rise" in said, item
        assert "You said you like walking." in said  # her reason is kept as well


def test_ray_reads_the_stricter_cap_of_4_on_his_walking_lines():
    walks = [w for w in walking_lines(plan("ray_71_knee_heart_bp_168_102_tug_12", "--text")) if "building to" in w[0]]
    assert walks
    for item in walks:
        said = " ".join(item)
        assert "effort above 4 out of 10 pauses a rise" in said and "above 5" not in said, item


def test_toms_crisis_plan_speaks_of_no_flare_plan_he_has_not_started():
    program = plan("tom_58_blood_pressure_190_over_125")
    assert program["reentry_triggers"] == ["A warning sign on your 'When to get help' list: do what the list says, at once."]
    said = " ".join(program["reentry_triggers"]).lower()
    assert "flare" not in said and "goals" not in said


def test_a_plan_that_starts_keeps_every_reason_to_come_back_in_touch():
    triggers = plan("june_62_knee_oa_bp_165_100")["reentry_triggers"]
    assert len(triggers) == 5 and any("flare plan" in t for t in triggers)


def test_unusual_breathlessness_at_a_check_in_gives_the_hearts_ambulance_signs():
    case = json.loads((CASES / "june_walks_one_rpe7_cap5.json").read_text(encoding="utf-8"))
    case["red_flags"] = ["heart_breathless"]
    decision = check_in(case)
    assert decision["decision"] == "refer"
    said = decision["message_patient"]
    assert "contact your clinic or doctor today" in said
    assert "Call for an ambulance now if chest pain does not go after a few minutes of rest." in said
    assert "very short of breath at rest" in said
    assert "numb between your legs" not in said and "arm or leg suddenly gets weak" not in said
    for sentence in sentences(said):
        assert grade(sentence) <= 8, sentence
