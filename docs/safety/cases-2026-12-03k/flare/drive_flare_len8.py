"""Throw-away driver (review 03k): the 03j driver with a flare of 8 days (pain 6 on days 1-8), the boundary of the slow-to-settle rule.\nDerived from drive_long_flare.py (03j case 4): a 10-day flare on a time-contingent walking quota.

Usual pain 3 (2-4) from 26 Oct; walking 20 min x5/week; pain 6 every day from 21 Nov (day 1) to 30 Nov (day 10),
then 3. Each check-in file is written from the previous outputs (decision -> history, flare_episode, next_dose ->
dose), then `rehab check-in FILE` is run on it. Run from the worktree root."""
import json, subprocess, sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
START, DAY1 = date(2026, 10, 26), date(2026, 11, 21)
pattern = [3, 2, 3, 4, 3, 3, 2]
def pain(d):
    if DAY1 <= d <= DAY1 + timedelta(days=7):
        return 6
    return 3 if d > DAY1 else pattern[(d - START).days % 7]

checkins = {f"len8_{(DAY1 + timedelta(i)).strftime('%b%d').lower()}": DAY1 + timedelta(i) for i in range(1, 17)}
wanted = set(checkins.values())
history, sessions, diary = [], [], []
dose, episode, last_decision = 1200, None, "hold"
d = START
last = max(wanted)
while d <= last:
    diary.append({"date": d.isoformat(), "pain": pain(d)})
    if d.weekday() < 5:
        sessions.append({"date": d.isoformat(), "completed": {"duration_s": dose}, "pain_during": pain(d)})
    if d in wanted:
        name = [k for k, v in checkins.items() if v == d][0]
        ci = {"today": d.isoformat(), "strategy": "time_contingent",
              "activity": {"id": "walking", "dose": {"duration_s": dose}, "sessions_per_week": 5,
                           "started": START.isoformat(), "increments": {"duration_s": {"minimum": 60}}},
              "sessions": sessions, "diary": diary, "history": list(history)}
        if episode:
            ci["flare_episode"] = episode
        f = HERE / f"{name}.json"
        f.write_text(json.dumps(ci, indent=1))
        r = subprocess.run([".venv/bin/rehab", "check-in", str(f)], capture_output=True, text=True)
        (HERE / f"{name}.out.json").write_text(r.stdout or r.stderr)
        out = json.loads(r.stdout)
        decision = out["decision"]
        episode = out.get("flare_episode") or None
        dose = out["next_dose"]["duration_s"]
        print(name, d, decision, dose, episode and episode["started"], "|", out["message_patient"][:400])
        history.append({"date": d.isoformat(), "decision": decision})
        last_decision = "hold" if decision == "advance" else decision
    else:  # a day without a check-in repeats the last check-in's decision (an advance is not repeated: hold)
        history.append({"date": d.isoformat(), "decision": last_decision})
    d += timedelta(1)
