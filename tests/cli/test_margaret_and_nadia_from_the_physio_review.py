"""Margaret and Nadia, two of the three diaries of a physiotherapist's review (docs/safety/
review-2026-12-02-three-new-diaries.md), run through `rehab check-in` as a clinic would feed them.
Kwame, the third, is tests/cli/test_kwame_new_tingling_outside_a_flare.py.

- Margaret, 66, hip osteoarthritis, sit-to-chair squats 2 x 10 three times a week. Sessions go well;
  her pain on waking creeps up a point a week (2, 3, 4, 5, 6). On 30 November the engine steps her
  back and alerts her clinician to a setback (§3.1 weekly morning rule, §5 setback). The reviewer
  asked that she hear the pattern and that her clinician will look at it, that the clinician's alert
  say what was decided (it said "Progression is held" beside a regress), and that the weekly means be
  labelled by week (newest first, "6.0, 5.14", could be read as oldest first).
- Nadia, 45, a carer with neck pain, shoulder blade squeezes 2 x 10. Half her sessions done, 4 to 5
  hours' sleep a night, mood 4/10, stress 7/10, no pain on waking noted. A hold. The reviewer asked
  that her clinician read the sleep and stress beside the decision (yellow flags §4.3, flare and
  setback triggers §5), not as a criterion, and that she be asked to note her mornings, the one
  thing in the hold she can put right.
"""

import copy
import json
from pathlib import Path

from typer.testing import CliRunner

from rehab.cli import app
from rehab.content.readability import grade, sentences
from rehab.core.engine.clinician_words import criterion_words
from rehab.core.models import Criterion
from rehab.services.wording import summary

CASES = Path(__file__).parent / "cases"
MARGARET = "margaret_hip_mornings_creeping_up"
NADIA = "nadia_carer_neck_short_sleep_half_sessions"
SETBACK_REVIEW = "Your clinician will look at this with you."
MORNING_REQUEST = "Please also note your pain when you wake the day after a session."


def case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text())


def check_in(document: dict | str) -> dict:
    document = case(document) if isinstance(document, str) else document
    result = CliRunner().invoke(app, ["check-in", "-"], input=json.dumps(document))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def criterion(decision: dict, name: str) -> dict:
    return next(c for c in decision["criteria"] if c["name"] == name)


def alert(decision: dict, code: str) -> str | None:
    return next((a["message"] for a in decision["alerts"] if a["code"] == code), None)


def plain(text: str) -> None:
    for sentence in sentences(text):
        assert grade(sentence) <= 8, sentence


# ---- Margaret: mornings creeping up ----------------------------------------------------------------

def test_margaret_is_told_her_mornings_have_been_worse_for_weeks_and_that_her_clinician_will_look_at_it():
    decision = check_in(MARGARET)
    assert decision["decision"] == "regress" and decision["next_dose"] == {"sets": 2, "reps": 9}
    assert alert(decision, "sustained_worsening") is not None
    said = decision["message_patient"]
    assert said.startswith("Your pain was higher than usual the next morning (6/10). Ease back to 2 sets of 9.")
    assert "Your pain on waking has been higher than usual for 2 weeks or more." in said
    assert said.endswith(SETBACK_REVIEW)
    plain(said)


def test_margaret_s_setback_alert_says_the_decision_was_a_step_back_not_a_hold():
    message = alert(check_in(MARGARET), "sustained_worsening")
    assert "Progression is held" not in message
    assert "Decided on 2026-11-30: regress, from 2 sets of 10 to 2 sets of 9; no progression while the setback lasts." in message


def test_margaret_s_weekly_morning_means_are_labelled_this_week_and_last_week():
    decision = check_in(MARGARET)
    drift = criterion(decision, "no_sustained_worsening")
    assert drift["value"]["morning"]["weekly_means"] == {"this_week": 6.0, "last_week": 5.14}
    assert drift["value"]["morning"]["sustained"] is True and drift["value"]["usual"]["sustained"] is False
    trend = criterion(decision, "weekly_morning_not_rising")
    assert (trend["value"]["this_week"], trend["value"]["last_week"]) == (6.0, 5.14)
    assert "this_week 6, last_week 5.1" in decision["summary_clinician"]
    words = criterion_words(Criterion(**drift))
    assert "morning weekly means this week 6, last week 5.1" in words


def test_a_week_earlier_before_any_setback_she_is_stepped_back_without_a_word_of_one():
    # On 23 November her mornings were up, but not yet for two weeks by the NRS MCID: no setback alert,
    # so the patient is not told her clinician will look at one.
    decision = check_in("margaret_at_2026-11-23")
    assert decision["decision"] == "regress"
    assert alert(decision, "sustained_worsening") is None
    assert SETBACK_REVIEW not in decision["message_patient"]
    assert "for 2 weeks or more" not in decision["message_patient"]


def test_in_a_flare_margaret_hears_the_flare_plan_not_the_setback_sentence():
    document = case(MARGARET)
    document["diary"].append({"date": "2026-11-30", "pain": 3, "flare_declared": True})
    decision = check_in(document)
    assert decision["decision"] == "flare"
    assert alert(decision, "sustained_worsening") is not None
    assert "Decided on 2026-11-30: flare plan" in alert(decision, "sustained_worsening")
    assert SETBACK_REVIEW not in decision["message_patient"]


# ---- Nadia: half the sessions, short sleep, high stress ---------------------------------------------

def test_nadia_is_asked_to_note_her_pain_on_waking_as_well():
    decision = check_in(NADIA)
    assert decision["decision"] == "hold" and decision["next_dose"] == {"sets": 2, "reps": 10}
    assert not criterion(decision, "next_morning_recorded")["passed"]
    said = decision["message_patient"]
    assert said.startswith("You logged 3 of about 6 planned sessions lately.")
    assert said.endswith(MORNING_REQUEST)
    plain(said)


def test_nadia_s_clinician_reads_her_sleep_and_stress_beside_the_decision_which_does_not_change():
    decision = check_in(NADIA)
    assert decision["decision"] == "hold"
    assert not any("sleep" in c["name"] or "stress" in c["name"] for c in decision["criteria"])  # not a criterion
    note = alert(decision, "sleep_and_stress")
    assert note is not None
    assert "sleep averaged 4.7 h a night (14 nights recorded), stress 7/10 (14 days), mood 4/10" in note
    assert "§4.3" in note and "§5" in note
    assert "\"Sleep and pain\"" in note and "\"Stress, mood and pain\"" in note
    assert "a smaller, more flexible quota" in note  # she is missing sessions
    assert note in decision["summary_clinician"]
    written = summary(decision)  # the clinic's decision card and API summary
    assert written.startswith("Shoulder blade squeeze: held at the same dose.") and written.endswith(note)


def test_with_her_sleep_and_stress_fine_nothing_is_said_about_them():
    document = case(NADIA)
    for entry in document["diary"]:
        entry.update(sleep_hours=7.5, stress=3)
    decision = check_in(document)
    assert decision["decision"] == "hold" and alert(decision, "sleep_and_stress") is None
    assert "sleep" not in decision["summary_clinician"].lower()


def test_short_sleep_alone_is_said_without_the_stress_module():
    document = case(NADIA)
    for entry in document["diary"]:
        entry["stress"] = 3
    note = alert(check_in(document), "sleep_and_stress")
    assert note is not None and "sleep averaged" in note and "stress 3" not in note
    assert "\"Sleep and pain\"" in note and "Stress, mood and pain" not in note


def test_once_her_mornings_are_noted_she_is_not_asked_to_note_them():
    document = case(NADIA)
    for entry in document["diary"]:
        if entry["date"] in ("2026-11-24", "2026-11-28"):
            entry["pain_next_morning"] = 5
    decision = check_in(document)
    assert criterion(decision, "next_morning_recorded")["passed"]
    assert MORNING_REQUEST not in decision["message_patient"]


def test_a_session_logged_today_has_no_morning_yet_so_she_is_not_asked_for_one():
    document = copy.deepcopy(case(NADIA))
    for entry in document["diary"]:
        if entry["date"] == "2026-11-24":
            entry["pain_next_morning"] = 5
    document["sessions"][-1]["date"] = "2026-11-30"  # her last session is today
    decision = check_in(document)
    recorded = criterion(decision, "next_morning_recorded")
    assert not recorded["passed"] and "not yet: 2026-11-30" in recorded["threshold"]
    assert MORNING_REQUEST not in decision["message_patient"]


def test_with_a_new_tingling_nadia_is_referred_and_neither_note_nor_request_dilutes_it():
    # The referral is what the clinician acts on first, and the patient's words end on the call today.
    document = case(NADIA)
    document["symptoms"] = {"new_neuro_symptoms": True}
    decision = check_in(document)
    assert (decision["decision"], decision["urgency"]) == ("refer", "urgent")
    assert alert(decision, "sleep_and_stress") is None and "sleep averaged" not in decision["summary_clinician"]
    assert MORNING_REQUEST not in decision["message_patient"]


def test_with_unexplained_swelling_nadia_s_hold_ends_on_the_check_of_the_new_symptom():
    document = case(NADIA)
    document["symptoms"] = {"unexplained_swelling": True}
    decision = check_in(document)
    assert decision["decision"] == "hold"
    said = decision["message_patient"]
    assert said.startswith("You told us about new symptoms.") and said.endswith("contact your clinic today.")
    assert MORNING_REQUEST not in said
