"""Lena, 47, widespread pain (usual 6-7/10), walking quota 15 min Mon-Fri, time-contingent, six weeks
day by day through `rehab check-in` (the decision's next_dose, history and flare_episode fed back).
Run from this folder: ../../../.venv/bin/python drive_quota.py > d_trace.txt"""
import json, os, subprocess, datetime as dt
os.makedirs("d_days", exist_ok=True)  # the review keeps only d_2026-11-{09,10,17,18}
R = "../../../.venv/bin/rehab"
D = dt.date
usual = {}
d = D(2026, 10, 5)
for i in range(14):  # baseline fortnight: 6-7/10
    usual[d + dt.timedelta(days=i)] = [6.5, 6, 7, 6.5, 6, 7, 6.5][i % 7]
start = D(2026, 10, 19)  # Monday
end = D(2026, 11, 29)
for i in range((end - start).days + 1):
    day = start + dt.timedelta(days=i)
    usual[day] = [6.5, 7, 6, 6.5, 7, 6, 6.5][i % 7]
# week 2: two days 8/10 (up 1.5 on the baseline mean, below a flare line of about 8.5)
usual[D(2026, 10, 28)] = 8; usual[D(2026, 10, 29)] = 8
# week 5: a flare: 9, 9, 8.5, then settling
for k, p in {D(2026, 11, 17): 9, D(2026, 11, 18): 9, D(2026, 11, 19): 8.5, D(2026, 11, 20): 7.5}.items():
    usual[k] = p
skip = {D(2026, 11, 3), D(2026, 11, 5)}  # week 3: 3 of 5 walks done (60%)
pain_during = [7, 8, 7.5, 8, 7]
dose = {"duration_s": 900}; diary = []; sessions = []; history = []; flare = None
day = D(2026, 10, 5)
while day <= end:
    diary.append({"date": day.isoformat(), "pain": usual[day]})
    if day >= start:
        if day.weekday() < 5 and day not in skip:
            sessions.append({"date": day.isoformat(), "completed": dict(dose), "pain_during": pain_during[day.weekday()]})
        req = {"today": day.isoformat(), "strategy": "time_contingent",
               "activity": {"id": "walking", "dose": dose, "sessions_per_week": 5, "started": start.isoformat(),
                            "increments": {"duration_s": {"minimum": 60}}},
               "sessions": sessions, "diary": diary, "history": history, "flare_episode": flare}
        fn = f"d_days/{day.isoformat()}.json"
        json.dump(req, open(fn, "w"), indent=1)
        out = json.loads(subprocess.run([R, "check-in", fn], capture_output=True, text=True).stdout)
        json.dump(out, open(fn.replace(".json", ".out.json"), "w"), indent=1)
        nd = out["next_dose"]; alerts = [a["code"] for a in out["alerts"]]
        failed = [c["name"] for c in out["criteria"] if c["passed"] is False]
        print(day.isoformat(), day.strftime("%a"), "usual", usual[day], out["decision"], dose["duration_s"], "->",
              nd and nd["duration_s"], alerts, failed, "|", out["message_patient"][:200])
        history.append({"date": day.isoformat(), "decision": out["decision"]}); flare = out["flare_episode"]
        if nd: dose = nd
    day += dt.timedelta(days=1)
