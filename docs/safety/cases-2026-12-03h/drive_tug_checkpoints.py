"""TUG at a checkpoint on main at 4ab20b8, through the real services on a throw-away SQLite copy
(as docs/safety/cases-2026-12-03d/drive_checkpoints.py). Run from the worktree root:
  .venv/bin/python docs/safety/cases-2026-12-03h/drive_tug_checkpoints.py"""
import json, sys, tempfile
from datetime import date
from pathlib import Path
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests"))
from databases import sqlite_database, rolled_back
from clinic_cast import make_cast
from rehab.contracts.records import AssessmentIn, ReassessmentIn, RedFlagScreeningIn
from rehab.services import assessments, care

T0 = date(2026, 10, 2)
_keep = []

def fresh():
    gen = rolled_back(sqlite_database(Path(tempfile.mkdtemp())))
    _keep.append(gen)
    return make_cast(next(gen))

def run(tug0, tug1, nprs0=7, nprs1=4):
    c = fresh(); who = c.carol.patient_id
    for i, a in (("nprs", [nprs0]), ("timed_up_and_go", [tug0])):
        assessments.record_assessment(c.uow(), c.bob, who, AssessmentIn(instrument=i, taken_on=T0, answers=a))
    day = date(2026, 11, 27)
    out = care.reassess(c.uow(), c.bob, who, ReassessmentIn(
        taken_on=day, red_flags=RedFlagScreeningIn(taken_on=day, red_flags=[], new_neuro_symptoms=False),
        assessments=[AssessmentIn(instrument=i, taken_on=day, answers=a) for i, a in (("nprs", [nprs1]), ("timed_up_and_go", [tug1]))]))
    return {"tug": f"{tug0} -> {tug1}", "recommendation": out.recommendation, "reasons": out.reasons}

res = {"T1_11_to_12.5": run(11.0, 12.5), "T2_11.5_to_12.0_exactly": run(11.5, 12.0),
       "T3_11.5_to_11.9": run(11.5, 11.9), "T4_12.5_to_11.8_improved": run(12.5, 11.8),
       "T5_12.4_to_12.8_already_above": run(12.4, 12.8), "T6_12.0_to_16.0_already_at_cut_off_much_worse": run(12.0, 16.0),
       "T7_12.0_to_13.4": run(12.0, 13.4), "T8_13.0_to_13.5_exactly": run(13.0, 13.5),
       "T9_13.5_to_18.0_already_past_13.5_much_worse": run(13.5, 18.0), "T10_14.0_to_20.0_already_past_13.5": run(14.0, 20.0),
       "T11_15.0_to_14.0_improved_still_past": run(15.0, 14.0)}
print(json.dumps(res, indent=1))
