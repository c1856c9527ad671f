"""Pregnancy from a physiotherapist's re-check (review 2026-12-03h, new problems A, E, G, H; hazard H23).

- A: the from-20-weeks rules (no lying on the back, no balance work without support) were judged only on
  the plan day. At 16 weeks she passed 20 weeks during the build phase and kept "Bridge with a march",
  "Single-leg bridge" and "Standing on one leg" without support until her baby was born.
- E: the sign "A very bad headache, or a headache that does not go away" was "now" only for the first half.
- H: the severe-range advice sent a very bad headache with trouble seeing to an ambulance, the signs list
  to the maternity unit now.
- G: the hold said "every exercise and daily activity held"; ordinary moving about carries on (NICE NG133
  advises against bed rest).
"""
import copy
import json
from pathlib import Path

from cli_cases import plan

from rehab.content.loader import packaged_library
from rehab.content.readability import grade, sentences

CASES = Path(__file__).parent / "cases"
LIBRARY = packaged_library()


def chloe(weeks: int, systolic: int | None = None, diastolic: int | None = None) -> dict:
    intake = copy.deepcopy(json.loads((CASES / "chloe_30_pregnant_30_weeks_no_bp.json").read_text()))
    intake["constraints"]["gestation_weeks"] = weeks
    if systolic is not None:
        intake["baseline"]["resting_blood_pressure"] = {"systolic": systolic, "diastolic": diastolic}
    return intake


def tagged(planned: dict, caution: str) -> set[str]:
    everything = {**LIBRARY.exercises, **LIBRARY.activities}
    return {p["id"] for phase in planned["phases"] for p in phase["prescriptions"]
            if p["id"] in everything and caution in everything[p["id"]].cautions}


def test_at_16_weeks_nothing_on_her_back_and_no_balance_without_support_in_any_phase():
    planned = json.loads(plan(chloe(16)))
    assert planned["phases"] and all(phase["prescriptions"] for phase in planned["phases"])
    assert tagged(planned, "supine_lying") == set()
    assert tagged(planned, "unsupported_balance") == set()
    one_leg = [p for phase in planned["phases"] for p in phase["prescriptions"] if p["id"] == "single_leg_stand"]
    assert all(p["support"].startswith("Hold ") for p in one_leg)
    said = [s for line in planned["decisions"] + planned["left_out"] for s in sentences(line)
            if "you reach 20 weeks in this program" in s and "for your goal" not in s]  # goal quotes: their own words
    assert said and all(grade(s) <= 8 for s in said), [(grade(s), s) for s in said]
    assert any("16 weeks pregnant" in line and "reached during the plan" in line and "week 5 of the program" in line
               for line in planned["rationale"])


def test_a_headache_that_does_not_go_away_means_call_the_maternity_unit_now():
    stop = json.loads(plan(chloe(30)))["stop_signs"]
    assert "A very bad headache, or a headache that does not go away." in stop["signs"]
    (now,) = [s for s in sentences(stop["what_to_do"]) if "Call them now too" in s]
    assert "a very bad headache or one that does not go away" in now and grade(now) <= 8


def test_in_the_severe_range_a_headache_goes_to_the_maternity_unit_and_an_ambulance_is_for_chest_pain_or_a_fit():
    (hold,) = [h for h in json.loads(plan(chloe(30, 162, 104)))["holds"] if h["clearance"] == "blood_pressure"]
    said = sentences(hold["advice"])
    (ambulance,) = [s for s in said if "ambulance" in s]
    assert "headache" not in ambulance and "seeing" not in ambulance
    assert all(w in ambulance for w in ("chest pain", "a fit", "cannot reach"))
    assert "Call your maternity unit now." in hold["advice"]
    assert any("very bad headache" in s and "ambulance" not in s for s in said)
    assert all(grade(s) <= 8 for s in said)


def test_held_for_the_maternity_unit_she_keeps_up_her_normal_moving_about_the_day():
    text = plan(chloe(30, 142, 88), "--text")
    assert "Keep up your normal moving about the day." in text
    (hold,) = [h for h in json.loads(plan(chloe(30, 142, 88)))["holds"] if h["clearance"] == "blood_pressure"]
    assert "daily activity held" not in hold["reason"] and "bed rest" in hold["reason"]
