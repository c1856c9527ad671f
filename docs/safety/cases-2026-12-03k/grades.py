import json,re,glob
from rehab.content.readability import grade
from rehab.core.engine import safety, messages
D='docs/safety/cases-2026-12-03k/'
sents={}
def add(src,text):
    for s in re.split(r'(?<=[.!?])\s+|\n', text):
        s=s.strip(' -*\t')
        s=re.sub(r'^(Why|How|Think|Support|Pace):\s*','',s)
        if len(s.split())>=2: sents.setdefault(s,src)
for f in sorted(glob.glob(D+'*.txt')):
    if f.endswith('grades.txt'): continue
    add(f.split('/')[-1].split('_')[0], open(f).read())
for f in sorted(glob.glob(D+'flare/*.out.json')):
    o=json.load(open(f)); add('flare',o['message_patient'])
    if o.get('flare_plan'): add('flare',o['flare_plan']['step_rule'])
for name in ['MATERNITY_NOW_ADVICE','PREGNANCY_URGENT_ADVICE','MATERNITY_NOW_SENTENCE','PREGNANCY_URGENT_SENTENCE']:
    add('messages.'+name, getattr(messages,name))
add('safety.MATERNITY_NOW_WORDS', safety.MATERNITY_NOW_WORDS)
for fl in safety.PREGNANCY_FLAGS.values(): add('PREGNANCY_FLAGS', fl.question)
add('safety.HEART_AMBULANCE', safety.HEART_AMBULANCE)
add('help page swelling box', 'Swelling of your face, hands, feet or calf is a pregnancy sign. Tick it above, and call as the red box says. New swelling in one place, such as a joint, that you cannot explain')
rows=sorted(((grade(s),src,s) for s,src in sents.items()),reverse=True)
print(f"{len(rows)} distinct patient sentences (5 plans .txt, flare check-in message_patient and step_rule, pregnancy constants); above grade 8:")
for g,src,s in rows:
    if g>8: print(f"{g:5.1f} {src}: {s}")
print("\nNew sentences of this rule set (selected by keyword), all grades:")
keys=['after the birth','climb onto','safer way','close to your body','Bend your knees','Keep holding on','both hands full','Carrying with both hands','midwife or doctor about your blood','20 weeks around','still high then','Step up onto the first','sore leg first','Both feet on each stair','Go back up one step','Step up only','at least one session','Stay at each step','for the last','lasted a week','maternity unit','Helps with','one bag','ambulance','two weeks now','phone with you','full task','lighter lifts','more trips','Sending this form','Well done','more than a week','last step','harder than your plan','baby','belly','ribs','faint','swelling','support','within reach','free hand','not tested','clinician checks']
for g,src,s in sorted(rows,key=lambda r:r[2]):
    if any(k.lower() in s.lower() for k in keys): print(f"{g:5.1f} {src}: {s}")
