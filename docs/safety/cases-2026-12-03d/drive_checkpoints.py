"""Ruth (A5-A8, B6) and Dorothy's discharge (E1-E3) through the real services on a throw-away SQLite
copy, as tests/integration/test_services.py does. Run from the worktree root:
  .venv/bin/python docs/safety/cases-2026-12-03d/drive_checkpoints.py"""
import json, sys, tempfile
from datetime import date, timedelta
from pathlib import Path
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests"))
from databases import sqlite_database, rolled_back
from clinic_cast import make_cast
from rehab.contracts.records import AssessmentIn, ReassessmentIn, RedFlagScreeningIn, DischargeIn
from rehab.services import assessments, care

db = sqlite_database(Path(tempfile.mkdtemp()))
T0 = date(2026, 10, 2)

_keep = []

def fresh():
    gen = rolled_back(sqlite_database(Path(tempfile.mkdtemp())))
    _keep.append(gen)  # the generator owns the connection: keep it alive
    return make_cast(next(gen))

def assess(cast, who, instrument, day, answers):
    assessments.record_assessment(cast.uow(), cast.bob, who, AssessmentIn(instrument=instrument, taken_on=day, answers=answers))

def reassess(cast, who, day, measures, flags=(), neuro=False):
    out = care.reassess(cast.uow(), cast.bob, who, ReassessmentIn(
        taken_on=day, red_flags=RedFlagScreeningIn(taken_on=day, red_flags=list(flags), new_neuro_symptoms=neuro),
        assessments=[AssessmentIn(instrument=i, taken_on=day, answers=a) for i, a in measures]))
    return {"taken_on": str(day), "recommendation": out.recommendation, "reasons": out.reasons,
            "screening_urgency": out.screening.result.get("urgency"), "screening_advice": out.screening.result.get("advice"),
            "next_reassessment": str(out.next_reassessment)}

PSEQ = lambda total: [6] * (total // 6) + [total % 6] + [0] * (9 - total // 6)
PSFS = lambda a, b, c: {"bending to put on socks": a, "sitting 1 hour": b, "walking to the shop": c}
results = {}

# A5: steady improvement in 4-week slices, each below the MCID, from intake above it
c = fresh(); who = c.carol.patient_id; c.clock.day = date(2026, 11, 27)
assess(c, who, "nprs", T0, [6]); assess(c, who, "pseq", T0, PSEQ(30)); assess(c, who, "psfs", T0, PSFS(3, 3, 3))
results["A5_checkpoint1"] = reassess(c, who, date(2026, 10, 30), [("nprs", [5]), ("pseq", PSEQ(36)), ("psfs", PSFS(4, 4, 4))])
results["A5_checkpoint2"] = reassess(c, who, date(2026, 11, 27), [("nprs", [4]), ("pseq", PSEQ(42)), ("psfs", PSFS(5, 5, 5))])

# A6: pain much better, TUG from 11.0 s to 14.5 s
c = fresh(); who = c.carol.patient_id
assess(c, who, "nprs", T0, [7]); assess(c, who, "timed_up_and_go", T0, [11.0])
results["A6_tug_worse"] = reassess(c, who, date(2026, 11, 27), [("nprs", [4]), ("timed_up_and_go", [14.5])])

# A7: pain much better, PHQ-9 item 9 answered 1
c = fresh(); who = c.carol.patient_id
assess(c, who, "nprs", T0, [7]); assess(c, who, "phq9", T0, [1, 1, 1, 1, 1, 0, 0, 0, 0])
results["A7_phq9_item9"] = reassess(c, who, date(2026, 11, 27), [("nprs", [4]), ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 1])])

# A8: pain much better, new numbness/tingling/weakness reported at the reassessment
c = fresh(); who = c.carol.patient_id
assess(c, who, "nprs", T0, [7])
results["A8_new_neuro"] = reassess(c, who, date(2026, 11, 27), [("nprs", [4])], neuro=True)

# B6: pain better, cancer history + weight loss
c = fresh(); who = c.carol.patient_id
assess(c, who, "nprs", T0, [7])
results["B6_cancer_weight_loss"] = reassess(c, who, date(2026, 11, 27), [("nprs", [4])],
                                            flags=["history_of_cancer", "unexplained_weight_loss"])

# E1-E3: discharge to maintenance on 31 August-like month end: use 2026-11-27 (cast clock) and month-end check
c = fresh(); who = c.carol.patient_id
out = care.discharge(c.uow(), c.bob, who, DischargeIn(discharged_on=date(2026, 11, 27)))
results["E_discharge"] = {"discharged_on": str(out.discharged_on), "reassessment_dates": [str(d) for d in out.reassessment_dates],
                          "re_entry_triggers": out.re_entry_triggers,
                          "plan": [{"activity": p.activity_id, "dose": p.current_dose if hasattr(p, "current_dose") else None,
                                    "sessions_per_week": p.sessions_per_week, "strategy": str(p.strategy)} for p in out.plan]}
print(json.dumps(results, indent=1, default=str))
