"""Pregnancy from a physiotherapist's re-check (review 2026-12-03h, problems C and F; hazards H23, H55).

- C: at 16 weeks and 142/92 the plan said "High blood pressure in pregnancy needs a check the same day" and
  held every exercise. Before 20 weeks this is chronic (pre-existing) high blood pressure, not pre-eclampsia:
  NICE NG133 asks for a referral and a target of 135/85, not a same-day assessment. She should start the
  gentle program, tell her midwife or doctor, and be told that from 20 weeks (which her program reaches) a
  blood pressure still high needs a same-day check. 160/110 or more stays "now" at any week; at 30 weeks
  142/92 is still "call your maternity unit today".
- F: Chloe at 30 weeks with pelvic girdle pain and a stairs goal was told "No exercise in your program could
  help this goal within your limits". A low step-up with a hand on the rail is reasonable in pregnancy.
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
    """Chloe's case (lumbar and hip pain, a walking goal and "Get up the stairs at home without my pelvis
    catching"), at other weeks and blood pressures. On 3 December 2026 at 16 weeks she reaches 20 weeks
    on 31 December."""
    intake = copy.deepcopy(json.loads((CASES / "chloe_30_pregnant_30_weeks_no_bp.json").read_text()))
    intake["constraints"]["gestation_weeks"] = weeks
    if systolic is not None:
        intake["baseline"]["resting_blood_pressure"] = {"systolic": systolic, "diastolic": diastolic}
    return intake


def prescribed(planned: dict) -> list[str]:
    return [p["id"] for phase in planned["phases"] for p in phase["prescriptions"]]


def test_at_16_weeks_and_142_over_92_she_starts_and_tells_her_midwife_not_a_same_day_check():
    planned = json.loads(plan(chloe(16, 142, 92)))
    assert prescribed(planned), "every exercise held before 20 weeks at 142/92"
    everything = " ".join(planned["decisions"]) + " " + " ".join(h["advice"] for h in planned["holds"])
    assert "needs a check the same day. Do not start" not in everything
    assert "Call your maternity unit today" not in everything
    (bp,) = [h for h in planned["holds"] if h["clearance"] == "blood_pressure"]
    assert "every_exercise" not in bp["cautions"]
    # "At your next visit" became "within a week" (review 2026-12-03j, finding 5: a visit can be 9 weeks away).
    assert "Tell your midwife or doctor about your blood pressure within a week." in bp["advice"]
    # The ordinary handling of a raised blood pressure: no hard bursts until checked, no straining, effort capped.
    assert "interval_bursts" in bp["cautions"]
    assert all(p["limits"]["rpe_max_to_advance"] <= 5 for phase in planned["phases"] for p in phase["prescriptions"]
               if p.get("limits"))
    text = plan(chloe(16, 142, 92), "--text")
    assert text.startswith("Your program starts on 3 December 2026")
    assert not [i for i in prescribed(planned) if i in LIBRARY.exercises and "heavy_straining" in LIBRARY.exercises[i].cautions]


def test_at_16_weeks_she_is_told_that_from_20_weeks_a_blood_pressure_still_high_needs_the_maternity_unit_that_day():
    (bp,) = [h for h in json.loads(plan(chloe(16, 142, 92)))["holds"] if h["clearance"] == "blood_pressure"]
    said = [s.strip() for s in sentences(bp["advice"])]
    assert "From 20 weeks, high blood pressure in pregnancy needs a check the same day" in said
    assert "You reach 20 weeks around 31 December 2026" in said
    (then,) = [s for s in said if "maternity unit" in s]
    assert "still high" in then and "no one has checked it again" in then and "that day" in then
    assert all(grade(s) <= 8 for s in said), [(grade(s), s) for s in said]
    planned = json.loads(plan(chloe(16, 142, 92)))
    assert any("before 20 weeks: chronic hypertension" in r and "135/85" in r and "program week 5" in r
               for r in planned["rationale"])


def test_at_16_weeks_and_165_over_112_she_still_calls_her_maternity_unit_now_and_nothing_starts():
    planned = json.loads(plan(chloe(16, 165, 112)))
    assert prescribed(planned) == []
    (bp,) = [h for h in planned["holds"] if h["clearance"] == "blood_pressure"]
    assert "every_exercise" in bp["cautions"]
    assert "Call your maternity unit now." in bp["advice"]


def test_at_30_weeks_142_over_92_is_still_call_your_maternity_unit_today_and_nothing_starts():
    planned = json.loads(plan(chloe(30, 142, 92)))
    assert prescribed(planned) == []
    (bp,) = [h for h in planned["holds"] if h["clearance"] == "blood_pressure"]
    assert "every_exercise" in bp["cautions"]
    assert "Call your maternity unit today to have it checked." in bp["advice"]
    assert "High blood pressure in pregnancy needs a check the same day." in bp["advice"]


def test_chloe_at_30_weeks_trains_her_stairs_goal_with_a_low_step_up_holding_the_rail_in_every_phase():
    planned = json.loads(plan(chloe(30)))
    (stairs,) = [g for g in planned["goals"] if g["goal"] == "stairs"]
    assert "No exercise in your program could help this goal" not in stairs["note"]
    for phase in planned["phases"]:
        for_stairs = [LIBRARY.exercises[p["id"]] for p in phase["prescriptions"]
                      if "stairs" in p["goals"] and p["id"] in LIBRARY.exercises]
        supported_low_step_up = [e for e in for_stairs if "stairs" in e.equipment
                                 and any("hand on the rail" in s for s in e.steps)
                                 and not any("two stairs" in s for s in e.steps)]
        assert supported_low_step_up, (phase["name"], [e.id for e in for_stairs])
    # The pregnancy cautions are all still kept: nothing on her back or front, no balance without support,
    # no straining, impact or end-range belly work, at 30 weeks or later.
    kept = {"supine_lying", "prone_lying", "unsupported_balance", "heavy_straining", "high_impact", "abdominal_end_range"}
    assert not [i for i in prescribed(planned) if i in LIBRARY.exercises and LIBRARY.exercises[i].cautions & kept]
    said = [s for i in set(prescribed(planned)) if i in LIBRARY.exercises
            for s in LIBRARY.exercises[i].steps if "rail" in s]
    assert said and all(grade(s) <= 8 for s in said), [(grade(s), s) for s in said]


def test_at_16_weeks_a_goal_of_hard_bursts_waits_for_her_midwife_or_doctor_not_your_doctor():
    """Her blood pressure is checked by her midwife or doctor, as the plan's blood pressure words say:
    a goal whose task is short bursts of hard effort must not say "your doctor" alone."""
    intake = chloe(16, 146, 94)
    intake["preferences"]["equipment"].append("exercise_bike")
    intake["goals"].append({
        "id": "bike", "words": "Ride my bike with short fast bursts", "icf": "d920",
        "task": {"description": "20 minutes of bike intervals", "activity": "bike_intervals",
                 "baseline": {"duration_s": 300}, "target": {"duration_s": 1200}},
        "priority": 3, "target_date": intake["goals"][0]["target_date"]})
    note = next(g["note"] for g in json.loads(plan(intake))["goals"] if g["words"].startswith("Ride my bike"))
    assert "It waits for your midwife or doctor to check your blood pressure." in note
    assert "It waits for your doctor" not in note
