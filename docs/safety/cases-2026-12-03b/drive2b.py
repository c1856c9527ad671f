import json, subprocess, datetime as dt, sys
R="rehab"  # the CLI on PATH (the venv of make run)
def iso(d): return d.isoformat()
start=dt.date(2026,11,1)
dose={"duration_s":1200}
pre={"duration_s":1200}
diary=[]; sessions=[]; history=[]; flare=None
pain_plan={}
base=[3,4,3,3,4,3,3,4,3,3,4,3,3,4,3,4,3]  # Nov1..Nov17
for i,p in enumerate(base): pain_plan[start+dt.timedelta(days=i)]=p
flare_days=[6,6.5,6,5.4,5.4,5.4,5.4,5.4,5.4,5.4,5.4,5.4,5.4,5.4]  # Nov18..Nov27
for i,p in enumerate(flare_days): pain_plan[dt.date(2026,11,18)+dt.timedelta(days=i)]=p
step_up_day=None; recur_set=False
log=[]
d=start
end=dt.date(2026,12,4)
while d<=end:
    p=pain_plan.get(d,3)
    # recurrence: 2 days after the first return step, pain 6 for 3 days then settles
    if False:
        for k,pp in enumerate([6,6.5,6,5,4,3]): pain_plan[step_up_day+dt.timedelta(days=2+k)]=pp
        recur_set=True
        p=pain_plan.get(d,3)
    diary.append({"date":iso(d),"pain":p,"pain_next_morning":None})
    if len(diary)>1: diary[-2]["pain_next_morning"]=p
    if d>=dt.date(2026,11,15):
        sessions.append({"date":iso(d),"completed":dict(dose),"pain_during":min(10,p+1)})
    if d>=dt.date(2026,11,15):
        req={"today":iso(d),"strategy":"time_contingent",
             "activity":{"id":"walk","dose":dose,"sessions_per_week":7,"started":"2026-11-15"},
             "sessions":sessions,"diary":[{k:v for k,v in e.items() if v is not None} for e in diary],
             "history":history,"flare_episode":flare}
        fn=f"c2b_days/{iso(d)}.json"
        json.dump(req,open(fn,"w"),indent=1)
        out=json.loads(subprocess.run([R,"check-in",fn],capture_output=True,text=True).stdout)
        json.dump(out,open(fn.replace('.json','.out.json'),'w'),indent=1)
        nd=out["next_dose"]
        alerts=[a["code"] for a in out["alerts"]]
        fp=out.get("flare_plan")
        print(iso(d),"pain",p,out["decision"],dose.get("duration_s"),"->",nd and nd.get("duration_s"),alerts,"| ",out["message_patient"][:260])
        if fp and d.day in (19,):
            print("   FLARE_PLAN",json.dumps(fp))
        if flare and out["decision"]=="advance" and step_up_day is None and nd and nd["duration_s"]>dose["duration_s"]:
            step_up_day=d
        history.append({"date":iso(d),"decision":out["decision"]})
        flare=out["flare_episode"]
        if nd: dose=nd
    d+=dt.timedelta(days=1)
