import json, subprocess, datetime as dt, random
R="rehab"  # the CLI on PATH (the venv of make run)
random.seed(3)
def iso(d): return d.isoformat()
pain={}
d=dt.date(2026,10,1)
for i in range(14): pain[d+dt.timedelta(days=i)]=[6,6.5,5.5,6,6,5.5,6.5][i%7]
# improvement: Oct 15 - Nov 25, from 6 down to ~3 over 2 weeks then steady 3 (+-0.5)
d=dt.date(2026,10,15)
k=0
while d<=dt.date(2026,11,25):
    base=max(3, 6-0.25*k); pain[d]=base+[0,0.5,-0.5,0,0.5,0,-0.5][k%7]; k+=1; d+=dt.timedelta(days=1)
bad=[5,5,5.5,5,4.5,5,5]
for i,p in enumerate(bad): pain[dt.date(2026,11,26)+dt.timedelta(days=i)]=p
for i in range(5): pain[dt.date(2026,12,3)+dt.timedelta(days=i)]=3
dose={"duration_s":900}; diary=[]; sessions=[]; history=[]; flare=None
d=dt.date(2026,10,1)
while d<=dt.date(2026,12,7):
    p=pain[d]
    diary.append({"date":iso(d),"pain":p})
    if d>=dt.date(2026,10,15):
        sessions.append({"date":iso(d),"completed":dict(dose),"pain_during":p})
        req={"today":iso(d),"strategy":"time_contingent",
             "activity":{"id":"walk_quota","dose":dose,"sessions_per_week":7,"started":"2026-10-15"},
             "sessions":sessions[-120:],"diary":diary,"history":history,"flare_episode":flare}
        fn=f"c3_days/{iso(d)}.json"; json.dump(req,open(fn,"w"),indent=1)
        out=json.loads(subprocess.run([R,"check-in",fn],capture_output=True,text=True).stdout)
        json.dump(out,open(fn.replace('.json','.out.json'),'w'),indent=1)
        nd=out["next_dose"]; al=[a["code"] for a in out["alerts"]]
        if out["decision"]!="hold" or al or d>=dt.date(2026,11,24):
            print(iso(d),"pain",p,out["decision"],dose["duration_s"],"->",nd and nd["duration_s"],al,"|",out["message_patient"][:230])
        history.append({"date":iso(d),"decision":out["decision"]}); flare=out["flare_episode"]
        if nd: dose=nd
    d+=dt.timedelta(days=1)
