import json, datetime as dt
D=lambda s: dt.date.fromisoformat(s)
def days(a,b):
    d=D(a)
    while d<=D(b):
        yield d.isoformat(); d+=dt.timedelta(days=1)
hier={"items":[
 {"id":"laundry","activity":"bending to lift the laundry basket from the floor","harm":50,"first_harm":50,"goal":"do the washing without help"},
 {"id":"hoover","activity":"hoovering the stairs","harm":60,"goal":"keep the house clean"},
 {"id":"shopping","activity":"carrying a 5 kg shopping bag from the car","harm":70,"goal":"do the weekly shop alone"},
 {"id":"digging","activity":"digging a vegetable bed with a spade","harm":85,"goal":"get back to my allotment"}],
 "current":"laundry"}
base=[]
for i,d in enumerate(days("2026-11-01","2026-11-16")):
    base.append({"date":d,"pain":[3,4][i%2],"pain_next_morning":3})
def exp(date,item,expected,bb,ba,happened=False,sb=None,pain=4,outcome="it was fine"):
    e={"date":date,"item":item,"expected":expected,"belief_before":bb,"feared_outcome_happened":happened,
       "outcome":outcome,"belief_after":ba,"pain_during":pain}
    if sb: e["safety_behaviours"]=sb
    return e
# 1a: experiments fine, next-morning pain up ~2.5 points for 11 days, daily pain kept below flare threshold
diary=list(base)
ups=[5,5,6,5,6,6,5,6,6,5,6]
for d,m in zip(days("2026-11-17","2026-11-27"),ups):
    diary.append({"date":d,"pain":5,"pain_next_morning":m})
diary.append({"date":"2026-11-28","pain":5})
h=json.loads(json.dumps(hier)); h["current"]="shopping"
c1a={"today":"2026-11-28","strategy":"graded_exposure",
 "activity":{"id":"graded_exposure","dose":{"reps":5},"sessions_per_week":2},
 "hierarchy":h,
 "experiments":[
  exp("2026-11-17","laundry","my back will lock and I won't get up",70,30,pain=4),
  exp("2026-11-20","laundry","my back will lock and I won't get up",50,20,pain=4),
  exp("2026-11-24","shopping","something will slip in my back",75,35,pain=5,outcome="ached, no slip"),
  exp("2026-11-27","shopping","something will slip in my back",60,25,pain=5,outcome="ached that evening and next morning, no slip")],
 "diary":diary,
 "history":[{"date":"2026-11-17","decision":"hold"},{"date":"2026-11-21","decision":"advance"},{"date":"2026-11-24","decision":"hold"}]}
# laundry first_harm ok; hoover skipped? no: advance from laundry goes to hoover. fix: current after first move = hoover
c1a["hierarchy"]["current"]="hoover"
c1a["experiments"][2]["item"]="hoover"; c1a["experiments"][3]["item"]="hoover"
c1a["experiments"][2]["expected"]=c1a["experiments"][3]["expected"]="my back will go when I twist with the hoover"
json.dump(c1a,open("c1a_ge_tsk38_mornings_up_11_days_moves_up.json","w"),indent=1)
# 1c: same but the raised mornings last 16 days (two full weeks)
c1c=json.loads(json.dumps(c1a))
d2=list(base[:-5])  # base up to 11-11
for d,m in zip(days("2026-11-12","2026-11-27"),[5,5,6,5,6,5,5,6,5,6,6,5,6,6,5,6]):
    d2.append({"date":d,"pain":5,"pain_next_morning":m})
d2.append({"date":"2026-11-28","pain":5})
c1c["diary"]=d2
json.dump(c1c,open("c1c_ge_mornings_up_16_days.json","w"),indent=1)
# 1b: safety behaviour: last experiment done wearing a back brace, belief fell by more than half during it
c1b={"today":"2026-11-21","strategy":"graded_exposure",
 "activity":{"id":"graded_exposure","dose":{"reps":5},"sessions_per_week":2},
 "hierarchy":json.loads(json.dumps(hier)),
 "experiments":[
  exp("2026-11-17","laundry","my back will lock and I won't get up",80,60,pain=4,outcome="fine, bit stiff"),
  exp("2026-11-20","laundry","my back will lock and I won't get up",80,35,sb=["wore my back brace","kept my back rigid"],pain=3,outcome="fine with the brace on")],
 "diary":[x for x in base]+[{"date":d,"pain":4,"pain_next_morning":3} for d in days("2026-11-17","2026-11-20")]+[{"date":"2026-11-21","pain":3}],
 "history":[{"date":"2026-11-17","decision":"hold"}]}
json.dump(c1b,open("c1b_ge_brace_on_second_experiment.json","w"),indent=1)
