"""Comorbidities whose rules depend on more than their name: a measured blood pressure, neck pain
with dizziness, weeks of pregnancy or since birth, a measured grip, a measured fall risk, and heart
disease (an effort cap, signs to stop and get help, and a stable condition confirmed before starting).

Each rule says which movements are left out and why, with its source. Two kinds of left out:

* **absolute** cautions stay out whatever is recorded (e.g. breath-holding efforts with
  uncontrolled blood pressure, prone lying in pregnancy);
* **held** cautions stay out *until a clinician records a clearance* (``Constraints.clearances``):
  interval bursts until blood pressure is cleared, neck rotation and gaze work until a
  cervical-arterial screen is done. The program says what is held, what clears it and what to do
  meanwhile; with the clearance recorded the held movements may return.

The engine can only escalate; a clinician de-escalates (clinical reference §4.2, implementation
notes). Nothing here is cleared automatically by a later measurement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rehab.core import sources
from rehab.core.engine.safety import HEART_AMBULANCE, MATERNITY_NOW_WORDS, PREGNANCY_FLAGS
from rehab.core.planning.intake import Baseline, Intake, excluded_cautions
from rehab.core.planning.library import CERVICAL_REGION, EVERY_EXERCISE, Region

# Clearances a clinician records, and what each one means.
BLOOD_PRESSURE = "blood_pressure"
CERVICAL_ARTERIAL_SCREEN = "cervical_arterial_screen"
HEART_CONDITION_STABLE = "heart_condition_stable"
# The comorbidities whose signs to stop a program carries (:class:`StopSigns`.kinds).
HEART_DISEASE = "heart_disease"
PREGNANCY = "pregnancy"
PREGNANCY_CLEARED = "pregnancy_cleared"
CLEARANCES: dict[str, str] = {
    BLOOD_PRESSURE: "a doctor has seen the blood pressure and cleared vigorous exercise",
    CERVICAL_ARTERIAL_SCREEN: "a clinician has screened for cervical arterial dysfunction and found no reason to avoid neck movement",
    HEART_CONDITION_STABLE: "a clinician has confirmed the heart condition is stable and exercise may start",
    PREGNANCY_CLEARED: "her midwife or obstetrician has confirmed there is no reason to avoid exercise in this pregnancy",
}

# What a pending clearance checks, as the person reads it on the program's start line: the program
# starts once the clinician has checked it, never "on <date>" above "before you start, your
# clinician will check..." (a physiotherapist's review, 2026-12-03c, case c; hazard H54).
CHECKED_WORDS: dict[str, str] = {
    HEART_CONDITION_STABLE: "your heart",
    BLOOD_PRESSURE: "your blood pressure",
    CERVICAL_ARTERIAL_SCREEN: "the blood flow in your neck",
}
# Who checks it, in the same words as the hold's own advice: a doctor sees a blood pressure (the
# crisis hold says "until a doctor has checked your blood pressure"; re-check 2026-12-03e, finding 4);
# the person's clinician checks the rest.
CHECKED_BY: dict[str, str] = {BLOOD_PRESSURE: "a doctor"}
CLINICIAN = "your clinician"


def gates_start(clearance: str, cautions: Iterable[str]) -> bool:
    """Whether a pending clearance holds the whole program's start, not only the movements it names:
    a heart condition to be confirmed stable ("before you start, your clinician will check", H54), and
    a blood pressure in the crisis range (every exercise held, H55). Below the crisis range the
    program goes ahead at a moderate effort cap (the clearance is for vigorous exercise, ACSM); with
    neck pain and dizziness the neck work waits for the screen and the rest goes ahead (H22); in
    pregnancy only interval bursts wait for the midwife (H23). Saying "starts once checked" for those
    would contradict their own advice."""
    return clearance == HEART_CONDITION_STABLE or EVERY_EXERCISE in tuple(cautions)


def start_line(start: date, pending: Iterable[str], held_all: bool = False,
               checked_by: dict[str, str] | None = None) -> str:
    """The program's first line for the person: the day it starts, or, while a clearance that holds
    the start is pending (``pending``: the clearance names of the holds for which :func:`gates_start`
    is true), that it starts once each one is checked, by whom (:data:`CHECKED_BY`). Plain words; the
    planned dates are still said, except when every exercise is held (``held_all``, H55): then no
    phase is planned, and the plan is made again after the check. ``checked_by``: a hold's own checker
    (a blood pressure in pregnancy is checked by the maternity unit)."""
    names = list(dict.fromkeys(pending))
    when = f"{start:%-d %B %Y}"
    if not names:
        return f"Your program starts on {when}"
    who = [(checked_by or {}).get(n) or CHECKED_BY.get(n, CLINICIAN) for n in names]
    said = [CHECKED_WORDS.get(n, "the things listed below") for n in names]
    if len(set(who)) == 1:
        what = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
        checked = f"{who[0]} has checked {what}"
    else:  # each checker with what they check: "a doctor has checked ... and your clinician has checked ..."
        by = {w: [s for s, ww in zip(said, who, strict=True) if ww == w] for w in dict.fromkeys(who)}
        checked = " and ".join(f"{w} has checked {' and '.join(ss)}" for w, ss in by.items())
    if held_all:
        return f"Your program starts once {checked}. Then we make your plan again."
    return (f"Your program starts once {checked}. "
            f"Your clinician will tell you when to begin. The dates below are planned from {when}.")


# Resting blood pressure at or above 160/100 mmHg needs medical clearance before vigorous exercise
# (ACSM's Guidelines for Exercise Testing and Prescription, 11th ed., 2021: hypertension).
UNCONTROLLED_SYSTOLIC = 160
UNCONTROLLED_DIASTOLIC = 100
ACSM_HYPERTENSION = (
    "ACSM's Guidelines for Exercise Testing and Prescription, 11th ed.: resting blood pressure of "
    "160/100 mmHg or more needs medical clearance before vigorous exercise; avoid the Valsalva manoeuvre"
)
IFOMPT_CERVICAL = (
    "IFOMPT International Framework for Examination of the Cervical Region (Rushton et al. 2020): "
    "screen for cervical arterial dysfunction before neck movement work; neck pain with dizziness is "
    "a vascular red flag (clinical reference §4.2)"
)
# A resting blood pressure of 180 systolic or 110 diastolic or more holds every exercise until a doctor
# has seen it (hazard H55). Systolic 180: the ACC/AHA 2017 guideline's "severe" / hypertensive-crisis
# range (180/120 or more: same-day medical review; an emergency with signs of organ damage such as
# chest pain, a severe headache, or a change in vision or speech). Diastolic 110, not 120: ACSM's
# Guidelines for Exercise Testing and Prescription, 11th ed. (2021) list a resting diastolic over 110
# (or systolic over 200) as a contraindication to exercise testing, so the stricter of the two sources
# is used on each number. The clinical reference is silent (§4.2 has no blood pressure row).
CRISIS_SYSTOLIC = 180
CRISIS_DIASTOLIC = 110
BP_CRISIS_SOURCE = (
    "ACC/AHA 2017 hypertension guideline (Whelton et al.): 180/120 mmHg or more is a hypertensive crisis, "
    "medical review the same day, an emergency with chest pain, severe headache, or a change in vision or "
    "speech; ACSM's Guidelines for Exercise Testing and Prescription, 11th ed. (2021): a resting systolic "
    "over 200 or diastolic over 110 mmHg is a contraindication to exercise testing. Held from 180 systolic "
    "or 110 diastolic (the stricter number of each)"
)
BP_CRISIS_ADVICE = (
    "Your blood pressure is very high. Please contact your doctor today. "
    "Do not start any of your exercises until a doctor has checked your blood pressure. "
    "If you have chest pain, a very bad headache, trouble seeing or trouble speaking, call an ambulance now."
)
# Until the blood pressure clearance, an effort cap of 5 out of 10 with the talk test (hazard H21):
# the clearance is for vigorous exercise (ACSM 11th ed.), and vigorous effort is 7-8 on a 0-10 scale
# (moderate 5-6: ACSM's Guidelines, 11th ed., and the 2018 Physical Activity Guidelines for Americans;
# clinical reference §3.6: Borg CR10 5 strong, 7 very strong). 5 keeps every session moderate at most.
BP_EFFORT_LIMIT = 5
BP_EFFORT_SOURCE = (
    "until the blood_pressure clearance, effort capped at 5 on 0-10 with the talk test: the clearance is for "
    "vigorous exercise, and vigorous is 7-8 on 0-10 (moderate 5-6: ACSM's Guidelines for Exercise Testing and "
    "Prescription, 11th ed.; 2018 Physical Activity Guidelines for Americans; clinical reference §3.6)"
)
BP_EFFORT_CAP = (
    "Until your doctor has checked your blood pressure, keep your effort at 5 out of 10 or less. "
    "0 is rest and 10 is the hardest you can do. You should be able to talk, but not sing. "
    "If you cannot talk, slow down. This is for each exercise and each walk."
)
# Supine lying from 20 weeks: the uterus can press on the vena cava and lower blood pressure
# (ACOG Committee Opinion 804, 2020; RCOG advises against long supine lying in later pregnancy).
SUPINE_FROM_WEEK = 20
ACOG_PREGNANCY = (
    "ACOG Committee Opinion 804 (2020) and RCOG: no prone lying, no breath-holding or heavy straining, "
    f"no end-range abdominal loading in pregnancy; no supine lying from {SUPINE_FROM_WEEK} weeks, and from then "
    "no balance work without support (avoid activities with a high risk of falling)"
)
# After birth, return to impact and heavy loading gradually; impact (running) not before 12 weeks
# (ACOG Committee Opinion 804, 2020: gradual return after birth; RCOG; Goom, Donnelly & Brockwell
# 2019 return-to-running guideline).
POSTPARTUM_CAUTIOUS_WEEKS = 12
POSTPARTUM_SOURCE = (
    f"ACOG Committee Opinion 804 (2020) and RCOG: a gradual return after birth; no impact, heavy "
    f"straining or end-range abdominal loading before {POSTPARTUM_CAUTIOUS_WEEKS} weeks (Goom et al. 2019)"
)
# In pregnancy: the warning signs to stop exercise and get help, her midwife or obstetrician's word
# that nothing rules exercise out, and an active plan that ends by about 36 weeks with a re-plan
# after the birth under the postpartum rule (hazard H23). ACOG Committee Opinion 804 (2020):
# evaluation by her obstetric care provider before starting; the warning signs to stop; exercise
# and its intensity reviewed as pregnancy advances. The clinical reference is silent.
PREGNANCY_PLAN_ENDS_WEEK = 36
PREGNANCY_DUE_WEEK = 40
PREGNANCY_SOURCE = (
    "ACOG Committee Opinion 804 (2020), Physical activity and exercise during pregnancy and the postpartum "
    "period: a clinical evaluation by the obstetric care provider before starting (no contraindication); "
    "warning signs to stop exercise: vaginal bleeding, regular painful contractions, amniotic fluid leakage, "
    "dyspnoea before exertion, dizziness, headache, chest pain, muscle weakness affecting balance, calf pain "
    "or swelling; and, as signs to get help that must not wait (not in ACOG's list): reduced or changed fetal "
    "movements (RCOG Green-top Guideline 57, from 24 weeks), severe or constant abdominal pain and pain below "
    "the ribs (NHS pregnancy guidance; NICE NG133, 2019), fainting or severe breathlessness at rest (NHS "
    "pregnancy guidance)"
)
PREGNANCY_STOP_SIGNS = tuple(flag.question for flag in PREGNANCY_FLAGS.values())  # one source: H23
# The signs of pre-eclampsia (a severe headache, trouble seeing, sudden swelling of the face, hands or
# feet) need the maternity unit now, not "today" (a physiotherapist's review, 2026-12-03g, finding 2;
# NICE NG133 (2019) and ACOG Committee Opinion 804 (2020) warning signs; not in the clinical
# reference). Plain dizziness or a mild headache stays "today".
# Bleeding, fluid leaking or contractions that keep coming need the maternity unit straight away, not
# "today" (a physiotherapist's re-check, 2026-12-03e; NHS pregnancy guidance: call the midwife or
# maternity unit at once for bleeding, a gush or trickle of fluid, or regular contractions before 37
# weeks); chest pain or heavy bleeding, an ambulance. The clinical reference is silent on pregnancy.
PREGNANCY_STOP_ADVICE = (
    f"Stop exercising if you notice any of these. {MATERNITY_NOW_WORDS} For the other signs, contact your "
    "midwife or doctor today."
)
# Effort in pregnancy: moderate, with the talk test (ACOG Committee Opinion 804, 2020: moderate
# intensity, RPE 13-14 "somewhat hard" on the Borg 6-20 scale, able to hold a conversation). On the
# program's 0-10 scale that is about 5 (ACSM 11th ed.: moderate 5-6 on 0-10), so the cap is 5 with the
# talk test, the same as the blood pressure cap (H21). The conversion to 0-10 is a rehab convention; the
# clinical reference is silent on pregnancy (review 2026-12-03g, finding 3; hazard H23).
PREGNANCY_EFFORT_LIMIT = 5
PREGNANCY_EFFORT_SOURCE = (
    "in pregnancy, effort capped at 5 on 0-10 with the talk test: ACOG Committee Opinion 804 (2020) asks for "
    "moderate intensity, RPE 13-14 on the Borg 6-20 scale, and the talk test; moderate is 5-6 on 0-10 (ACSM's "
    "Guidelines, 11th ed.); the conversion is a rehab convention"
)
PREGNANCY_EFFORT_CAP = (
    "While you are pregnant, keep your effort at 5 out of 10 or less. 0 is rest and 10 is the hardest you "
    "can do. You should be able to talk while you exercise. If you cannot talk, slow down. "
    "This is for each exercise and each walk."
)
# A resting blood pressure of 140/90 or more in pregnancy is not the ordinary high blood pressure of
# H21: it needs the maternity service's assessment the same day (pre-eclampsia), and 160/110 or more
# is severe hypertension, urgent (admission). Every exercise waits until the blood pressure has been
# checked (like the crisis range, H55). Sources, NOT in the clinical reference (review 2026-12-03g,
# finding 1): NICE NG133, Hypertension in pregnancy (2019): 140/90 or more, same-day assessment by the
# maternity service; 160/110 or more, severe hypertension, admit; ACOG Practice Bulletin 222 (2020):
# the severe range is 160 systolic or 110 diastolic or more, treated urgently.
PREGNANCY_HIGH_SYSTOLIC = 140
PREGNANCY_HIGH_DIASTOLIC = 90
PREGNANCY_SEVERE_SYSTOLIC = 160
PREGNANCY_SEVERE_DIASTOLIC = 110
PREGNANCY_BP_SOURCE = (
    "NICE NG133 Hypertension in pregnancy (2019): 140/90 mmHg or more in pregnancy, assessment by the "
    "maternity service the same day; 160/110 or more, severe hypertension, admission; ACOG Practice Bulletin "
    "222 (2020): severe range 160 systolic or 110 diastolic or more, urgent treatment. Not in the clinical "
    "reference"
)
PREGNANCY_BP_ADVICE = (
    "Your blood pressure is high for pregnancy. Call your maternity unit today to have it checked. High "
    "blood pressure in pregnancy needs a check the same day. Do not start any of your exercises until they have checked it. "
    "Keep up your normal moving about the day. "
    "Call them now if you have a very bad headache or one that does not go away. Do the same if you have "
    "trouble seeing, or sudden swelling of your face, hands or feet."
)
PREGNANCY_SEVERE_BP_ADVICE = (
    "Your blood pressure is very high for pregnancy. Call your maternity unit now. "
    "Do not start any of your exercises until they have checked it. Tell them if you have a very bad headache "
    "or trouble seeing. Call an ambulance if you have chest pain or a fit, or if you cannot reach them."
)
MATERNITY_UNIT = "your maternity unit"
# Before 20 weeks, a blood pressure of 140/90 or more (below the severe range) is chronic, pre-existing
# high blood pressure, not pre-eclampsia, which is diagnosed from 20 weeks: NICE NG133 (2019) asks for a
# referral to a specialist in hypertensive disorders of pregnancy and a target of 135/85, not a same-day
# pre-eclampsia assessment (a physiotherapist's re-check, 2026-12-03h, problem C). So before 20 weeks the
# ordinary handling applies (H21: interval bursts wait for the blood_pressure clearance, heavy straining
# out, the effort cap; pregnancy caps effort at 5 and leaves out straining anyway), with a line to tell her
# midwife or doctor. The severe range (160/110) stays "now" at any week. The program always reaches 20
# weeks (its maintenance runs until the birth), and from then a blood pressure still at 140/90 or more
# needs the maternity unit the same day, so she is told the date and what to do then; the plan cannot
# measure it for her, so "still high, or not checked again" is the safe rule (rehab convention). Sources
# NICE NG133 and ACOG Practice Bulletin 222: not in the clinical reference.
PREGNANCY_BP_FROM_WEEK = 20
PREGNANCY_EARLY_BP_SOURCE = (
    "NICE NG133 Hypertension in pregnancy (2019): hypertension found before 20 weeks is chronic hypertension, "
    "referral to a specialist in hypertensive disorders of pregnancy, target 135/85 mmHg; pre-eclampsia, with "
    "its same-day assessment, is new hypertension from 20 weeks; ACOG Practice Bulletin 222 (2020). Not in the "
    "clinical reference"
)
# "At your next visit" could be 9 weeks away in a routine schedule (16 -> 25 weeks for a first baby);
# NICE NG133 refers chronic hypertension found before 20 weeks to a specialist (a physiotherapist's
# review, 2026-12-03j, finding 5; not in the clinical reference; "a week" is a rehab convention).
PREGNANCY_EARLY_BP_TELL = "Tell your midwife or doctor about your blood pressure within a week."
PREGNANCY_EARLY_BP_SOONER = ("Your blood pressure needs to be brought under control. Please see your midwife or "
                             "doctor about it soon.")


def pregnancy_early_bp_advice(reached_20: date, sooner: bool) -> str:
    """What a woman before 20 weeks with a blood pressure of 140/90 or more (below 160/110) reads: tell
    her midwife or doctor (soon, when the ordinary rule asks for a doctor's control), the short bursts
    left out until then, and that from 20 weeks (``reached_20``, the day she reaches it) a blood
    pressure still high, or not checked again, needs the maternity unit the same day."""
    return (f"Your blood pressure is high for pregnancy. {PREGNANCY_EARLY_BP_SOONER if sooner else PREGNANCY_EARLY_BP_TELL} "
            "Until it has been checked, short bursts of hard effort are left out. "
            f"From {PREGNANCY_BP_FROM_WEEK} weeks, high blood pressure in pregnancy needs a check the same day. "
            f"You reach {PREGNANCY_BP_FROM_WEEK} weeks around {reached_20:%-d %B %Y}. If your blood pressure is "
            "still high then, or no one has checked it again, call your maternity unit that day.")
# The pregnancy hold does not hold the start (``gates_start``: an uncomplicated pregnancy may start
# gentle exercise, ACOG 804), so its words never say "before you start" under "Your program starts on
# <date>" (a physiotherapist's re-check, 2026-12-03e, finding 7).
PREGNANCY_HOLD_ADVICE = (
    "You are pregnant. You can start the gentle program now. At your next visit, ask your midwife or doctor "
    "to confirm exercise is safe for you. Until your clinician has heard from them, short bursts of hard "
    "effort are left out."
)
# When another hold holds the start (every exercise, or a heart to be checked), the pregnancy words must
# not say "You can start the gentle program now" (review 2026-12-03g, finding 1: the crisis hold said "Do
# not start" and the next line "You can start"): they defer to the held start.
PREGNANCY_HOLD_ADVICE_WHEN_HELD = (
    "You are pregnant. Ask your midwife or doctor to confirm exercise is safe for you. Until your clinician "
    "has heard from them, short bursts of hard effort are left out."
)
# Hand osteoarthritis: a carried or held load at most a third of measured grip strength. Rehab
# convention, not a published number: joint protection asks to avoid sustained strong grips (EULAR
# 2018 hand osteoarthritis recommendations, Kloppenburg 2019), and a static hold of about a third
# of maximal force is one a hand can keep up for the minute or two a carry takes (Rohmert's
# endurance curve), where a half or more tires it within a minute. The cap is for what one hand
# holds: the whole load of a one-hand hold or carry, half the total of a two-bag carry
# (``load_in_each``; review 2026-12-03d finding 7: two 3 kg bags were compared with the cap as 6 kg).
GRIP_LOAD_FRACTION = 1 / 3
GRIP_CAP_SOURCE = (
    "Carried or held load at most a third of measured grip strength: rehab convention from joint "
    "protection (EULAR 2018 hand OA recommendations) and static endurance (Rohmert)"
)
# Measured fall risk at baseline (clinical reference §2.3, §2.6; CDC STEADI). A test is recognised
# by its name; the value is in seconds.
# Timed Up and Go >= 12 s (CDC STEADI; Shumway-Cook 2000 uses 13.5 s): the one cut-off of the
# program, rehab.core.sources.TUG_FALL_RISK_S, shared with the checkpoint's instrument.
TUG_FALL_RISK_S = sources.TUG_FALL_RISK_S
TANDEM_STANCE_S = 10.0  # 4-stage balance test: tandem stance held under 10 s (CDC STEADI)
SINGLE_LEG_STANCE_S = 5.0  # unable to stand on one leg for 5 s (Vellas 1997, §2.6)
# With a fall risk, no carry leaves both hands full: a hand stays free to hold a worktop or rail.
FALL_CARRY_SOURCE = ("rehab convention from the Otago Exercise Programme (Campbell & Robertson 2003: balance work "
                     "holding a stable support) and CDC STEADI (clinical reference §2.3, §2.6); the reference gives "
                     "no rule for carries")
FALL_RISK_TESTS: dict[str, tuple[str, float, str]] = {
    # normalised name -> (kind, threshold, source); "slower" means value >= threshold is a risk
    "timedupandgo": ("slower", TUG_FALL_RISK_S, "Timed Up and Go of 12 s or more (CDC STEADI; clinical reference §2.3)"),
    "tug": ("slower", TUG_FALL_RISK_S, "Timed Up and Go of 12 s or more (CDC STEADI; clinical reference §2.3)"),
    "4stagebalance": ("shorter", TANDEM_STANCE_S, "tandem stance under 10 s on the 4-stage balance test (CDC STEADI)"),
    "4stagebalancetest": ("shorter", TANDEM_STANCE_S, "tandem stance under 10 s on the 4-stage balance test (CDC STEADI)"),
    "tandemstance": ("shorter", TANDEM_STANCE_S, "tandem stance under 10 s on the 4-stage balance test (CDC STEADI)"),
    "singlelegstance": ("shorter", SINGLE_LEG_STANCE_S, "single-leg stance under 5 s (Vellas 1997; clinical reference §2.6)"),
}
# Heart disease or heart failure. The clinical reference is silent; the sources are ACSM's Guidelines
# for Exercise Testing and Prescription, 11th ed. (2021): a stable condition before starting, effort
# at RPE 11-14 on the Borg 6-20 scale ("light to somewhat hard") or the talk test; and the 2021 ESC
# heart failure guidelines with the position paper on exercise training in heart failure (Piepoli et
# al. 2011, Eur J Heart Fail): the warning signs to stop exercise and seek help.
HEART_SOURCE = (
    "ACSM's Guidelines for Exercise Testing and Prescription, 11th ed. (2021): confirm the condition is "
    "stable before starting; effort at RPE 11-14 on the Borg 6-20 scale (light to somewhat hard; about 3-4 "
    "on 0-10) or the talk test. 2021 ESC heart failure guidelines; Piepoli et al. 2011 (Eur J Heart Fail), "
    "exercise training in heart failure: stop and seek help for chest pain, unusual breathlessness, "
    "dizziness or fainting, palpitations, new ankle swelling or quick weight gain"
)
HEART_EFFORT_LIMIT = 4  # 3-4 on 0-10 (RPE 11-14 on 6-20): the engine's rpe_max_to_advance (H54)
HEART_EFFORT_CAP = (
    "Keep your effort at 4 out of 10 or less, where 0 is rest and 10 is the hardest you can do. "
    "You should be able to talk in full sentences all the time. If you cannot, slow down. "
    "This counts for all your exercises and walks."  # "every exercise and every walk" read at grade 8.2 (03g)
)
HEART_STOP_SIGNS = (
    "Pain, pressure or tightness in your chest.",
    "You are more out of breath than usual for what you are doing.",
    "You feel dizzy or faint, or you faint.",
    "Your heart is racing or beating unevenly.",
    "Your ankles swell more than usual, or your weight goes up quickly over a few days.",
)
HEART_STOP_ADVICE = (  # when to call an ambulance: one source with the advice after a heart sign (H54)
    f"Stop and sit down if you notice any of these. {HEART_AMBULANCE} For the other signs, contact your "
    "clinic or doctor today. Do not exercise again until you have spoken to them."
)
# The heart hold holds the start (``gates_start``), so nothing is done "until then": no "until then,
# short bursts are left out", which read as exercising before the check (re-check 2026-12-03e,
# finding 7). Once the condition is confirmed stable the bursts are allowed (within the effort cap);
# breath-holding stays out for good (said with the caution decisions).
HEART_HOLD_ADVICE = (
    "You have a heart condition. Before you start, your clinician will check with you that it is stable. "
    "When you start, breathe out as you push or lift. Do not hold your breath."
)

# What the person reads while the neck hold stands: plain, short, and the emergency signs.
NECK_HOLD_ADVICE = (
    "You have neck pain and dizziness. Your clinician needs to check the blood flow in your neck first. "
    "Until then, all neck and upper back exercises are left out. So are turning your head far and "
    "eye and head exercises. The rest of your program can go ahead. "
    "Watch for these signs: double vision, slurred speech, trouble swallowing, numbness, or a sudden fall. "
    "If you notice any of these signs, or your dizziness is new or worse, call for emergency help now."
)
# Each sign alone is the emergency, as in §4.2 and the check-in's question: "If one comes with the
# dizziness" made it two signs together (a physiotherapist's review, 2026-12-03g, finding 5).
# The check-in's red-flag question asks the same: dizziness that is new or worse, or one of the signs
# (rehab.core.engine.safety.RED_FLAGS["cervical_arterial_symptoms"]), so the known dizziness this plan
# works around is not an ambulance call at every check-in (hazard H22).
GRIP_LOADING = "grip_loading"  # the caution tag of exercises that carry or hold a weight in the hands
SINGLE_LEG_STANCE = "single_leg_stance"
# Pregnancy with pain in this region is read as pelvic girdle pain (review 2026-12-03j, finding 4).
PREGNANCY_PELVIC_REGION = Region.HIP
PREGNANCY_PELVIC_WHY = "pregnancy with pain around your hips and pelvis"
PREGNANCY_PELVIC_SOURCE = (
    "Pelvic, Obstetric and Gynaecological Physiotherapy (POGP), pelvic girdle pain and pregnancy: avoid standing "
    "on one leg and wide or uneven stances. Not in the clinical reference; reading hip pain in pregnancy as "
    "pelvic girdle pain is a rehab choice"
)
BOTH_HANDS_FULL = "both_hands_full"  # walking or turning with a load in each hand or a box in both (H25)
GRIP_TESTS = ("grip", "gripstrength", "handgrip", "handgripstrength")


@dataclass(frozen=True, slots=True)
class Hold:
    """Movements left out until a clinician records a clearance."""

    clearance: str  # the name to record in ``Constraints.clearances``
    cautions: tuple[str, ...]  # the movements held
    reason: str  # for the clinician: the finding, the threshold and the source
    advice: str  # for the person, in plain words
    checked_by: str = ""  # who checks it on the start line, when not the clearance's usual checker


@dataclass(frozen=True, slots=True)
class StopSigns:
    """Signs that mean stop exercising and get help, for a condition exercise itself can strain (the
    back's red flags are on the 'When to get help' list already; these are added to it)."""

    condition: str  # in plain words: "heart condition"
    signs: tuple[str, ...]
    what_to_do: str
    # The comorbidities the signs are for (HEART_DISEASE, PREGNANCY; both when she has both): what a
    # page decides by, never the plain words of ``condition`` (a pregnancy is not offered the heart
    # signs to send, H23).
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ComorbidityRules:
    """What the comorbidities ask of this person's program."""

    excluded: dict[str, str]  # caution -> why, in plain words (absolute and held alike)
    holds: tuple[Hold, ...]
    decisions: tuple[str, ...]  # for the clinician: each rule applied, with its source
    grip_cap_kg: float | None  # the most an exercise tagged grip_loading may hold, if capped
    effort_cap: str = ""  # for the person: how hard any exercise may feel, when capped
    stop_signs: StopSigns | None = None  # for the person: when to stop and get help
    # The engine's RPE ceiling for advancing when a condition caps effort (heart disease 4, blood
    # pressure before its clearance 5): the lowest applies. None: the engine's usual limit.
    effort_limit: float | None = None
    # The week of pregnancy the active plan must end by, from today (None: not pregnant, or weeks unknown).
    weeks_until_plan_ends: int | None = None


def _name(test: str) -> str:
    return re.sub(r"[^a-z0-9]", "", test.lower())


def uncontrolled_blood_pressure(intake: Intake) -> str | None:
    """Why blood pressure counts as uncontrolled, or None: the clinician said so, or the resting
    reading is at or above 160/100 mmHg (ACSM 11th ed.)."""
    bp = intake.baseline.resting_blood_pressure
    high = bp is not None and (bp.systolic >= UNCONTROLLED_SYSTOLIC or bp.diastolic >= UNCONTROLLED_DIASTOLIC)
    if high:
        return f"resting blood pressure {bp} (160/100 or more)"
    if "uncontrolled_hypertension" in intake.constraints.comorbidities:
        return "uncontrolled high blood pressure" + (f" (resting {bp})" if bp is not None else "")
    return None


def blood_pressure_crisis(intake: Intake) -> str | None:
    """Why the resting blood pressure is in the crisis range (180 systolic or 110 diastolic or more:
    ACC/AHA 2017, ACSM 11th ed.; hazard H55), or None."""
    bp = intake.baseline.resting_blood_pressure
    if bp is not None and (bp.systolic >= CRISIS_SYSTOLIC or bp.diastolic >= CRISIS_DIASTOLIC):
        return f"resting blood pressure {bp} ({CRISIS_SYSTOLIC} systolic or {CRISIS_DIASTOLIC} diastolic or more)"
    return None


def pregnant(intake: Intake) -> bool:
    c = intake.constraints
    return "pregnancy" in c.comorbidities or c.gestation_weeks is not None


def pregnancy_blood_pressure(intake: Intake) -> tuple[bool, str] | None:
    """In pregnancy, whether the resting blood pressure is high for pregnancy (140/90 or more, or
    hypertension the clinician calls uncontrolled) and whether it is in the severe range (160/110 or
    more), with why (NICE NG133, ACOG Practice Bulletin 222; not in the clinical reference). None when
    not pregnant or the blood pressure is below 140/90."""
    if not pregnant(intake):
        return None
    bp = intake.baseline.resting_blood_pressure
    if bp is not None and (bp.systolic >= PREGNANCY_SEVERE_SYSTOLIC or bp.diastolic >= PREGNANCY_SEVERE_DIASTOLIC):
        return True, (f"resting blood pressure {bp} in pregnancy ({PREGNANCY_SEVERE_SYSTOLIC} systolic or "
                      f"{PREGNANCY_SEVERE_DIASTOLIC} diastolic or more: severe)")
    if before_pregnancy_bp_week(intake):
        return None  # chronic high blood pressure before 20 weeks: early_pregnancy_blood_pressure
    if bp is not None and (bp.systolic >= PREGNANCY_HIGH_SYSTOLIC or bp.diastolic >= PREGNANCY_HIGH_DIASTOLIC):
        return False, (f"resting blood pressure {bp} in pregnancy ({PREGNANCY_HIGH_SYSTOLIC} systolic or "
                       f"{PREGNANCY_HIGH_DIASTOLIC} diastolic or more)")
    if "uncontrolled_hypertension" in intake.constraints.comorbidities:
        return False, "uncontrolled high blood pressure in pregnancy" + (f" (resting {bp})" if bp is not None else "")
    return None


def before_pregnancy_bp_week(intake: Intake) -> bool:
    """Pregnant with the weeks known and fewer than 20: a high blood pressure (below the severe range) is
    chronic, not pre-eclampsia (NICE NG133). Weeks not known count as 20 or more (the safer rule)."""
    weeks = intake.constraints.gestation_weeks
    return pregnant(intake) and weeks is not None and weeks < PREGNANCY_BP_FROM_WEEK


def early_pregnancy_blood_pressure(intake: Intake) -> str | None:
    """Before 20 weeks of pregnancy, why the blood pressure is high (140/90 or more, or hypertension the
    clinician calls uncontrolled) but below the severe range, or None. Handled as ordinary high blood
    pressure with a word to the midwife, not the maternity unit's same-day check (review 2026-12-03h,
    problem C; NICE NG133, not in the clinical reference)."""
    if not before_pregnancy_bp_week(intake) or pregnancy_blood_pressure(intake) is not None:
        return None
    bp = intake.baseline.resting_blood_pressure
    weeks = intake.constraints.gestation_weeks
    if bp is not None and (bp.systolic >= PREGNANCY_HIGH_SYSTOLIC or bp.diastolic >= PREGNANCY_HIGH_DIASTOLIC):
        return (f"resting blood pressure {bp} at {weeks} weeks of pregnancy ({PREGNANCY_HIGH_SYSTOLIC} systolic or "
                f"{PREGNANCY_HIGH_DIASTOLIC} diastolic or more, before {PREGNANCY_BP_FROM_WEEK} weeks: chronic "
                "hypertension)")
    if "uncontrolled_hypertension" in intake.constraints.comorbidities:
        return (f"uncontrolled high blood pressure at {weeks} weeks of pregnancy (before {PREGNANCY_BP_FROM_WEEK} "
                "weeks: chronic hypertension)" + (f", resting {bp}" if bp is not None else ""))
    return None


def neck_pain_with_dizziness(intake: Intake) -> bool:
    return "dizziness" in intake.constraints.comorbidities and Region.CERVICAL_THORACIC in intake.person.pain_regions


def _fall_risk_test(baseline: Baseline):
    """The first baseline test that shows a fall risk, with its recognised name, or None."""
    for test in baseline.performance:
        key = _name(test.name)
        known = FALL_RISK_TESTS.get(key)
        if known is None:
            continue
        kind, threshold, _ = known
        if (kind == "slower" and test.value >= threshold) or (kind == "shorter" and test.value < threshold):
            return test, key
    return None


def measured_fall_risk(baseline: Baseline) -> str | None:
    """The first baseline test that shows a fall risk, in the clinician's words, or None."""
    found = _fall_risk_test(baseline)
    if found is None:
        return None
    test, key = found
    return f"{test.name} {test.value:g} {test.unit}: {FALL_RISK_TESTS[key][2]}"


def fall_risk_test_words(baseline: Baseline) -> str:
    """The test that showed the fall risk, in the person's words: the Timed Up and Go is a walking
    test, not a balance test (review 2026-12-03g, finding 7)."""
    found = _fall_risk_test(baseline)
    return ("Timed Up and Go walking test" if found is not None and found[1] in ("timedupandgo", "tug")
            else "balance test")


def measured_grip_kg(baseline: Baseline) -> float | None:
    """Grip strength measured at baseline (kg), the weaker hand's if both were measured."""
    grips = [t.value for t in baseline.performance if _name(t.name) in GRIP_TESTS and t.unit.strip().lower() == "kg"]
    return min(grips) if grips else None


def grip_cap_kg(intake: Intake) -> float | None:
    """The most a carried or held load may weigh with hand osteoarthritis: a third of measured grip,
    rounded down to the half kilogram. None without hand arthritis or without a grip measurement."""
    if "hand_arthritis" not in intake.constraints.comorbidities:
        return None
    grip = measured_grip_kg(intake.baseline)
    if grip is None:
        return None
    return max(0.5, int(grip * GRIP_LOAD_FRACTION * 2) / 2)


def held_kg(load_kg: float, load_in_each: str | None) -> float:
    """What one hand holds of an exercise's load: all of it, or half of a load shared by two bags or
    hands (``load_in_each``), which is what the grip cap is for."""
    return load_kg / 2 if load_in_each else load_kg


def cleared(intake: Intake, clearance: str) -> bool:
    return clearance in intake.constraints.clearances


def comorbidity_rules(intake: Intake) -> ComorbidityRules:
    """Every caution this person's comorbidities call for (the absolute ones of
    ``COMORBIDITY_CAUTIONS`` and the rules here), what is held until a clearance, and why."""
    c = intake.constraints
    excluded = excluded_cautions(c)
    holds: list[Hold] = []
    decisions: list[str] = []

    def leave_out(cautions: tuple[str, ...], why: str) -> None:
        for caution in cautions:
            excluded.setdefault(caution, why)

    effort_caps: list[tuple[float, str]] = []  # (limit, what the person reads)
    stop_signs: StopSigns | None = None

    def hold_every_exercise(left_out_why: str, reason: str, advice: str, checked_by: str = "") -> None:
        """Nothing starts until the blood pressure is checked (H55; in pregnancy H23): one hold of
        every exercise, lifted by the blood_pressure clearance."""
        leave_out((EVERY_EXERCISE,), left_out_why)
        holds.append(Hold(clearance=BLOOD_PRESSURE, cautions=(EVERY_EXERCISE,), reason=reason, advice=advice,
                          checked_by=checked_by))

    crisis = blood_pressure_crisis(intake)
    in_pregnancy = pregnancy_blood_pressure(intake)
    pregnancy_bp_held = in_pregnancy is not None and not cleared(intake, BLOOD_PRESSURE)
    if in_pregnancy is not None and pregnancy_bp_held:
        # High blood pressure in pregnancy: the maternity unit the same day (now from 160/110), and no
        # exercise at all until it has been checked (review 2026-12-03g, finding 1; H55, H23). It takes
        # the place of the crisis hold: one hold, one set of words, one checker.
        severe, why = in_pregnancy
        hold_every_exercise(
            "high blood pressure in pregnancy, until your maternity unit has checked it",
            f"{why[0].upper()}{why[1:]}: every exercise held (not ordinary daily activity: NICE NG133 advises against "
            f"bed rest) until a blood_pressure clearance is recorded; the maternity service "
            f"{'now (severe range)' if severe else 'the same day'} ({PREGNANCY_BP_SOURCE}).",
            PREGNANCY_SEVERE_BP_ADVICE if severe else PREGNANCY_BP_ADVICE, checked_by=MATERNITY_UNIT)
        crisis = crisis or why  # the ordinary high blood pressure hold and cap words give way to this one
    elif crisis is not None and not cleared(intake, BLOOD_PRESSURE):
        # A hypertensive crisis: no exercise at all until a doctor has seen it, the same day (H55).
        hold_every_exercise(
            "very high blood pressure, until a doctor has checked it",
            f"{crisis[0].upper()}{crisis[1:]}: every exercise and daily activity held until a blood_pressure clearance "
            f"is recorded; same-day medical review, an ambulance with chest pain, severe headache, vision or speech "
            f"change ({BP_CRISIS_SOURCE}).",
            BP_CRISIS_ADVICE)
    # Before 20 weeks of pregnancy, 140/90 or more below the severe range: ordinary high blood pressure
    # with a word to the midwife, not the maternity unit's same-day check (review 2026-12-03h, problem C).
    early = early_pregnancy_blood_pressure(intake)
    bp = uncontrolled_blood_pressure(intake)
    if early is not None:  # heavy straining is out already, for the pregnancy (COMORBIDITY_CAUTIONS)
        weeks_to_20 = PREGNANCY_BP_FROM_WEEK - (c.gestation_weeks or 0)
        reached_20 = intake.today + timedelta(weeks=weeks_to_20)
        if cleared(intake, BLOOD_PRESSURE):
            decisions.append(f"{early[0].upper()}{early[1:]}: blood pressure clearance recorded on "
                             f"{c.clearances[BLOOD_PRESSURE]}; interval bursts allowed by it; heavy straining "
                             f"stays out ({PREGNANCY_EARLY_BP_SOURCE}).")
        else:
            leave_out(("interval_bursts",), "high blood pressure, until it has been checked")
            holds.append(Hold(
                clearance=BLOOD_PRESSURE, cautions=("interval_bursts",),
                reason=(f"{early[0].upper()}{early[1:]}: not a same-day pre-eclampsia assessment before "
                        f"{PREGNANCY_BP_FROM_WEEK} weeks; she tells her midwife or doctor "
                        f"{'soon (uncontrolled, as H21)' if bp is not None else 'within a week'}; interval bursts "
                        f"held until a blood_pressure clearance is recorded; heavy straining out; effort capped. From "
                        f"{PREGNANCY_BP_FROM_WEEK} weeks (program week {weeks_to_20 + 1}, about {reached_20:%-d %B %Y}) "
                        f"140/90 or more needs the maternity service the same day: she is told to call it then if "
                        f"the blood pressure is still high or not checked again; re-measure at {PREGNANCY_BP_FROM_WEEK} "
                        f"weeks ({PREGNANCY_EARLY_BP_SOURCE})."),
                advice=pregnancy_early_bp_advice(reached_20, sooner=bp is not None),
            ))
    if bp is not None:
        leave_out(("heavy_straining",), "high blood pressure")
        if cleared(intake, BLOOD_PRESSURE):
            decisions.append(f"Blood pressure clearance recorded on {c.clearances[BLOOD_PRESSURE]}: interval "
                             f"bursts allowed; heavy straining stays out ({ACSM_HYPERTENSION}).")
        else:
            # The engine's limit and the words; in the crisis range nothing starts, so its own hold speaks.
            effort_caps.append((BP_EFFORT_LIMIT, "" if crisis else BP_EFFORT_CAP))
            decisions.append(f"{bp[0].upper()}{bp[1:]}: every exercise and walk capped at {BP_EFFORT_LIMIT}/10 "
                             f"(the talk test), strength work moves up only within it ({BP_EFFORT_SOURCE}).")
            leave_out(("interval_bursts",), "high blood pressure, until a doctor clears you")
            holds += [] if crisis or early else [Hold(
                clearance=BLOOD_PRESSURE, cautions=("interval_bursts",),
                reason=(f"{bp[0].upper()}{bp[1:]}: interval bursts held until a blood_pressure clearance is "
                        f"recorded; heavy straining stays out ({ACSM_HYPERTENSION})."),
                advice=("Your blood pressure is high. Please see your doctor to get it under control and to "
                        "check that hard exercise is safe for you. Until then, short bursts of hard effort "
                        "are left out, and so is holding your breath while you push. Breathe out as you lift."),
            )]
    if neck_pain_with_dizziness(intake):
        if cleared(intake, CERVICAL_ARTERIAL_SCREEN):
            decisions.append(f"Cervical arterial screen recorded on {c.clearances[CERVICAL_ARTERIAL_SCREEN]}: "
                             f"neck rotation and gaze work allowed; quick head turns stay out with dizziness ({IFOMPT_CERVICAL}).")
        else:
            # Neck pain with dizziness is a vascular red flag (§4.2): every exercise for the neck and
            # upper back waits for the screen, not only end-range turns and gaze work (IFOMPT 2020).
            held = (CERVICAL_REGION, "neck_rotation", "gaze_stability")
            leave_out(held, "neck pain with dizziness, until your neck is checked")
            holds.append(Hold(
                clearance=CERVICAL_ARTERIAL_SCREEN, cautions=held,
                reason=("Neck pain with dizziness: every cervical-region exercise (region cervical_thoracic), "
                        "neck rotation and gaze stability work held until a cervical_arterial_screen clearance "
                        f"is recorded ({IFOMPT_CERVICAL})."),
                advice=NECK_HOLD_ADVICE,
            ))
    if pregnant(intake):
        leave_out(("prone_lying", "heavy_straining", "abdominal_end_range", "high_impact"), "pregnancy")
        weeks = c.gestation_weeks
        # The week of pregnancy the program reaches: its maintenance phase runs until the birth, so the
        # from-20-weeks rules are judged for the whole program, not the plan day. A woman at 16 weeks
        # passes 20 weeks during the build phase and kept bridges on her back and one-leg balance without
        # support to the birth, with no checkpoint at 20 weeks (review 2026-12-03h, problem A).
        reached = None if weeks is None else max(weeks, PREGNANCY_DUE_WEEK)
        before = weeks is not None and weeks < SUPINE_FROM_WEEK
        if reached is None or reached >= SUPINE_FROM_WEEK:
            # Lying on the back (the uterus on the vena cava) and balance work without support (ACOG 804:
            # avoid activities with a high risk of falling; review 2026-12-03g, finding 6); from the start.
            # Walking or turning with both hands full (farmer carry, two bags, a box) is balance work with
            # no hand free for the counter, as for a measured fall risk (H25): carries go one bag at a time
            # with the free hand on the counter. The one-sided carry in the open was left out as balance
            # without support while the farmer carry stayed (review 2026-12-03j, finding 8; a rehab choice:
            # ACOG 804 asks to avoid a high risk of falling and names no carries).
            leave_out(("supine_lying", "unsupported_balance", BOTH_HANDS_FULL),
                      f"pregnancy: you reach {SUPINE_FROM_WEEK} weeks in this program" if before
                      else f"pregnancy from {SUPINE_FROM_WEEK} weeks")
        if PREGNANCY_PELVIC_REGION in intake.person.pain_regions:
            # Hip pain in pregnancy is read as pelvic girdle pain (the intake has no pelvic region):
            # standing on one leg and long-step stances load one side of the pelvis and tend to
            # provoke it, so balance work stays on two feet (review 2026-12-03j, finding 4; POGP
            # guidance, not in the clinical reference: a rehab choice).
            leave_out((SINGLE_LEG_STANCE,), PREGNANCY_PELVIC_WHY)
            decisions.append(f"Pregnancy with hip pain, read as pelvic girdle pain: standing on one leg and long-step "
                             f"stances left out, balance work on two feet ({PREGNANCY_PELVIC_SOURCE}).")
        said = f"{weeks} weeks pregnant" if weeks is not None else "pregnant, weeks not recorded"
        decisions.append(f"{said[0].upper()}{said[1:]}: prone lying, heavy straining, end-range abdominal work "
                         f"and impact left out, and lying on the back, balance work without support and walking "
                         f"or turning with both hands full (carries one bag at a time, the free hand on a counter)"
                         + (f" from the start (from {SUPINE_FROM_WEEK} weeks, reached during the plan: "
                            f"week {SUPINE_FROM_WEEK} of pregnancy falls in week {SUPINE_FROM_WEEK - weeks + 1} of "
                            f"the program, and the maintenance phase runs until the birth)" if before else "")
                         + f" ({ACOG_PREGNANCY}).")
        stop_signs = StopSigns("pregnancy", PREGNANCY_STOP_SIGNS, PREGNANCY_STOP_ADVICE, (PREGNANCY,))
        effort_caps.append((PREGNANCY_EFFORT_LIMIT, "" if pregnancy_bp_held else PREGNANCY_EFFORT_CAP))
        decisions.append(f"Pregnancy: every exercise and walk capped at {PREGNANCY_EFFORT_LIMIT}/10 (the talk "
                         f"test), strength work moves up only within it ({PREGNANCY_EFFORT_SOURCE}).")
        if weeks is not None:
            plan_ends = max(1, PREGNANCY_PLAN_ENDS_WEEK - weeks)
            decisions.append(f"Pregnancy: the active plan ends by about {PREGNANCY_PLAN_ENDS_WEEK} weeks (in "
                             f"{plan_ends} weeks), with a re-plan after the birth under the postpartum rule "
                             f"({POSTPARTUM_SOURCE}; {PREGNANCY_SOURCE}).")
        else:
            decisions.append("Pregnancy with the weeks not recorded: the active plan cannot be ended by "
                             f"{PREGNANCY_PLAN_ENDS_WEEK} weeks; record the weeks and re-plan ({PREGNANCY_SOURCE}).")
        if cleared(intake, PREGNANCY_CLEARED):
            decisions.append(f"Pregnancy: no contraindication to exercise confirmed by her midwife or obstetrician, "
                             f"recorded on {c.clearances[PREGNANCY_CLEARED]} ({PREGNANCY_SOURCE}).")
        else:
            leave_out(("interval_bursts",), "pregnancy, until your midwife or doctor says it is safe")
            holds.append(Hold(
                clearance=PREGNANCY_CLEARED, cautions=("interval_bursts",),
                reason=("Pregnancy: ask her midwife or obstetrician to confirm there is no contraindication to "
                        "exercise (ACOG 804 lists them), then record a pregnancy_cleared clearance; interval "
                        f"bursts held until then ({PREGNANCY_SOURCE})."),
                advice=PREGNANCY_HOLD_ADVICE,
            ))
    if "postpartum" in c.comorbidities or c.postpartum_weeks is not None:
        weeks = c.postpartum_weeks
        if weeks is None or weeks < POSTPARTUM_CAUTIOUS_WEEKS:
            leave_out(("high_impact", "heavy_straining", "abdominal_end_range"),
                      f"the first {POSTPARTUM_CAUTIOUS_WEEKS} weeks after giving birth")
            said = f"{weeks} weeks after birth" if weeks is not None else "after birth, weeks not recorded"
            decisions.append(f"{said[0].upper()}{said[1:]}: impact, heavy straining and end-range abdominal "
                             f"work left out until week {POSTPARTUM_CAUTIOUS_WEEKS} ({POSTPARTUM_SOURCE}).")
    cap = grip_cap_kg(intake)
    if "hand_arthritis" in c.comorbidities:
        grip = measured_grip_kg(intake.baseline)
        if cap is None:
            leave_out(("grip_loading",), "hand arthritis, until your grip strength is measured")
            decisions.append("Hand osteoarthritis without a grip measurement: carrying and holding weights left out "
                             f"until grip strength is measured (kg), which sets the load cap ({GRIP_CAP_SOURCE}).")
        else:
            decisions.append(f"Hand osteoarthritis with a grip of {grip:g} kg: carried or held loads capped at "
                             f"{cap:g} kg in every phase ({GRIP_CAP_SOURCE}).")
    falls = measured_fall_risk(intake.baseline)
    if falls is not None:
        leave_out(("unsupported_balance", "high_impact"),
                  f"the fall risk your {fall_risk_test_words(intake.baseline)} showed")
        # No hand free for the worktop, a rail or a stick is balance work with nothing to hold: carries
        # go one-handed beside a worktop until a re-test (review 2026-12-03i, finding 1; hazard H25).
        leave_out((BOTH_HANDS_FULL,), f"the fall risk your {fall_risk_test_words(intake.baseline)} showed")
        decisions.append(f"Fall risk measured at baseline ({falls}): balance work only with support within "
                         "reach, no impact, and no walking or turning with both hands full (carries are done "
                         f"with one bag, the other hand on a worktop, until a re-test; {FALL_CARRY_SOURCE}).")
    if "heart_disease" in c.comorbidities:
        effort_caps.append((HEART_EFFORT_LIMIT, HEART_EFFORT_CAP))
        heart = StopSigns("heart condition", HEART_STOP_SIGNS, HEART_STOP_ADVICE, (HEART_DISEASE,))
        # With a pregnancy too, both lists: one is never dropped for the other.
        stop_signs = heart if stop_signs is None else StopSigns(
            f"{heart.condition} and {stop_signs.condition}", heart.signs + tuple(s for s in stop_signs.signs if s not in heart.signs),
            f"{heart.what_to_do} {stop_signs.what_to_do}", heart.kinds + stop_signs.kinds)
        decisions.append("Heart disease: every exercise and walk capped at RPE 11-14 on the Borg 6-20 scale "
                         "(3-4 on 0-10; the talk test: full sentences), strength work moves up only within it; "
                         f"the person is given the signs to stop and get help ({HEART_SOURCE}).")
        if cleared(intake, HEART_CONDITION_STABLE):
            decisions.append(f"Heart condition confirmed stable on {c.clearances[HEART_CONDITION_STABLE]}: interval "
                             "bursts allowed within the effort cap; heavy straining stays out.")
        else:
            # "... until your clinician confirms it is stable" read at grade 9.2 (a physiotherapist's check, 03g).
            leave_out(("interval_bursts",), "your heart, until your clinician has checked it")
            holds.append(Hold(
                clearance=HEART_CONDITION_STABLE, cautions=("interval_bursts",),
                reason=("Heart disease: confirm the condition is stable (no new or worsening symptoms) before the "
                        "program starts, then record a heart_condition_stable clearance; interval bursts held until "
                        f"then; heavy straining stays out ({HEART_SOURCE})."),
                advice=HEART_HOLD_ADVICE,
            ))
    # The pregnancy words defer to a hold that holds the start: no "You can start now" under "Do not start"
    # or "Before you start" (review 2026-12-03g, finding 1).
    if any(gates_start(h.clearance, h.cautions) for h in holds):
        holds = [replace(h, advice=PREGNANCY_HOLD_ADVICE_WHEN_HELD) if h.advice == PREGNANCY_HOLD_ADVICE else h
                 for h in holds]
    # The lowest cap wins; at equal caps the first one's words (blood pressure, then pregnancy, then heart).
    limit, effort_cap = min(effort_caps, key=lambda cap: cap[0]) if effort_caps else (None, "")
    weeks = c.gestation_weeks if pregnant(intake) else None
    return ComorbidityRules(excluded=excluded, holds=tuple(holds), decisions=tuple(decisions), grip_cap_kg=cap,
                            effort_cap=effort_cap, stop_signs=stop_signs, effort_limit=limit,
                            weeks_until_plan_ends=None if weeks is None else max(1, PREGNANCY_PLAN_ENDS_WEEK - weeks))
