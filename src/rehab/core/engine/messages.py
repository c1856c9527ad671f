"""The words of a decision: a plain-language message for the patient and a terse, numeric summary
for the clinician. Both are built from the criteria, so what is said is what was checked.

Patient texts aim at a reading age of about 11 (short sentences, everyday words), speak to the
person ("you"), never blame, and always say what to do next.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from rehab.core.engine.safety import (
    ALL_FLAGS,
    HEART_AMBULANCE,
    HEART_FLAGS,
    MATERNITY_NOW,
    MATERNITY_NOW_WORDS,
    PREGNANCY_FLAGS,
    RED_FLAGS,
)
from rehab.core.models import CheckIn, Criterion, DecisionKind, Dose, Strategy, Urgency

if TYPE_CHECKING:
    from rehab.core.engine.flare import FlareState
    from rehab.core.models import ExposureStep


def number(value: float, places: int = 1) -> str:
    """8.0 -> '8', 7.5 -> '7.5', 3000 -> '3,000'; ``places`` decimals at most, rounded half up as
    written: 4.25 -> '4.3', or '4.25' with ``places=2``. The one rule every text rounds a number by:
    Python's ``round`` and format round half to even on the binary value (4.25 -> '4.2'), so the
    same 4.25 read "4.2" in the clinician's summary beside "4.25" in the criteria (a
    physiotherapist's review, 2026-12-03c). Criteria carry 2 decimals; the clinician's texts show
    them with ``places=2``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def counted(value: float, one: str, many: str) -> str:
    """'1 set', '3 sets', '1.5 minutes': the plural unless the number is exactly one."""
    return f"{number(value)} {one if value == 1 else many}"


@lru_cache(maxsize=4096)  # a caseload reuses few doses; the text of each is worked out once
def describe_dose(dose: Dose | None, level: bool = True) -> str:
    """A dose in everyday words: '3 sets of 10, 8 kg', '1 set of 2', '20 minutes', '1.2 km', 'level 3'.
    ``level=False`` leaves the ladder level out (the patient's words: the exercise's name and its
    card say which version it is; "level 1" alone means nothing to a patient)."""
    if dose is None:
        return "no exercise"
    parts = []
    if dose.sets is not None and dose.reps is not None:
        parts.append(f"{counted(dose.sets, 'set', 'sets')} of {number(dose.reps)}")
    elif dose.reps is not None:
        parts.append(counted(dose.reps, "repetition", "repetitions"))
    elif dose.sets is not None:
        parts.append(counted(dose.sets, "set", "sets"))
    if dose.load_kg is not None and dose.load_kg > 0:
        parts.append(f"{number(dose.load_kg)} kg")
    if dose.duration_s is not None:
        seconds = dose.duration_s
        if seconds >= 60:
            minutes, rest = divmod(round(seconds), 60)
            parts.append(counted(minutes, "minute", "minutes") + (f" {counted(rest, 'second', 'seconds')}" if rest else ""))
        else:
            parts.append(counted(seconds, "second", "seconds"))
    if dose.distance_m is not None:
        metres = dose.distance_m
        parts.append(f"{number(metres / 1000)} km" if metres >= 1000 else f"{number(metres)} m")
    if dose.steps is not None:
        parts.append(counted(dose.steps, "step", "steps"))
    if dose.level is not None and level:
        parts.append(f"level {number(dose.level)}")
    return ", ".join(parts) or "as agreed"


# What to do while a red flag stands, in one sentence per urgency, as the patient's Today page says
# it (the urgent one also opens the engine's referral message). Clinical reference §4.2: emergency
# now, urgent the same day, routine at the next contact.
REFERRAL_ADVICE = {
    Urgency.EMERGENCY: "Stop all exercise and get help now: call for an ambulance or go to the emergency room.",
    Urgency.URGENT: "Please pause your exercises and contact your clinic or doctor today.",
    Urgency.ROUTINE: "Keep to the doses below and do not go up until your clinician talks with you about "
                     "your answers.",
}

# New numbness, tingling or weakness during a flare (hazard H40): the same words on Today, in the
# check-in's message, in the answer to a screening and to a session log kept while it stands (H44).
# Not the flare's "sensitivity, not damage" (§5.2: the hurt-vs-harm check fails); what to do now (no
# exercise until checked), who acts (the clinic, alerted, the same day: §4.2 URGENT) and what to do
# if they do not; and the safety net for the signs that are an emergency (§4.2, cauda equina: severe
# or progressive leg weakness, saddle numbness, new bladder or bowel trouble). A physiotherapist's
# review, 2026-12-02 (docs/safety/review-2026-12-02-patient-words.md).
# The emergency signs are said for the back and for the neck alike (the check-in does not know the
# region): an arm or leg suddenly weak, saddle numbness, bladder or bowels (§4.2 cauda equina and
# progressive deficit), and the arterial signs (§4.2 vascular; sudden double vision, speech or
# swallowing trouble are an emergency with or without neck pain). One action for every emergency
# sign: an ambulance (a limb that suddenly weakens may be a stroke: not a drive to hospital).
# "Today" is what the clinic is asked to do, not a promise: out of hours the person is told where
# else to call. Exercise stops, everyday movement goes on ("this is to be safe"): a flat "do not
# exercise" teaches a fearful person that moving is dangerous. Physiotherapists' reviews of these
# words, 2026-12-02 and 2026-12-03.
_NEURO_NEXT_STEPS = (
    "This needs a check by a clinician today. Your clinic has been told and will call you. Until then, please "
    "stop your exercises, but keep moving gently in your day. This is to be safe. If you have not heard from them "
    "by the end of the day, call them. If they are closed, call your doctor or an out-of-hours health line. Call "
    "for an ambulance now if an arm or leg suddenly gets weak. Do the same if you feel numb between your legs, or "
    "have new trouble with your bladder or bowels. Do the same if you suddenly feel dizzy, see double, or find it "
    "hard to talk or swallow."
)
NEURO_IN_FLARE_ADVICE = "You told us about new numbness, tingling or weakness during your flare-up. " + _NEURO_NEXT_STEPS

# New numbness, tingling or weakness outside a flare (hazard H50): the reference makes a new or progressive
# neurological deficit URGENT, the same day (§4.2), flare or not. The same shape as above: name the sign, what
# to do now (no exercise until checked: an urgent referral pauses exercise everywhere, stops_exercise), who acts
# and what to do if they do not, and the emergency safety net. A physiotherapist's review, 2026-12-02 (Kwame,
# docs/safety/review-2026-12-02-three-new-diaries.md).
NEW_NEURO_ADVICE = "You told us about new numbness, tingling or weakness. " + _NEURO_NEXT_STEPS

# An urgent red flag (a cancer history, weight loss, fever, night pain, a weakness getting worse): the
# check-in's message and the answer to a screening. It says what to do if the clinic cannot be reached
# today, keeps everyday movement going, and names the signs of cord or cauda equina compression, the
# emergency an urgent spinal flag can turn into (§4.2 malignancy and cauda equina rows), with one
# action for each: an ambulance. A physiotherapist's review, 2026-12-03d, finding 13: the advice had
# no fallback; the same shape as the new-neurological-sign advice above.
URGENT_REFERRAL_ADVICE = (
    f"{REFERRAL_ADVICE[Urgency.URGENT]} Some of your answers need to be checked by a clinician today. Keep "
    "moving gently in your day. If you cannot reach them today, call an out-of-hours health line. Call for an "
    "ambulance now if an arm or leg suddenly gets weak. Do the same if you feel numb between your legs, or have "
    "new trouble with your bladder or bowels."
)


# An urgent heart sign (dizziness, unusual breathlessness, palpitations, ankle swelling or quick weight
# gain; hazard H54): the same shape, with the heart's ambulance signs (safety.HEART_AMBULANCE), not the
# spine's, and no "keep moving" while a heart sign waits for its check: the plan's own words for these
# signs are "stop and sit down" (a physiotherapist's check, 2026-12-03g, finding 7).
HEART_URGENT_ADVICE = (
    f"{REFERRAL_ADVICE[Urgency.URGENT]} Some of your answers need to be checked by a clinician today. Take it "
    f"easy until then. If you cannot reach them today, call an out-of-hours health line. {HEART_AMBULANCE}"
)


# An urgent pregnancy sign (a mild headache or dizziness, breathless before starting, weak with poor
# balance, a painful or swollen calf; hazard H23): checked by her midwife or doctor today, no exercise
# until then but her normal moving about the day goes on, and the pregnancy's own "now" signs (one source
# with the plan: safety.MATERNITY_NOW_WORDS), not the spine's. ACOG Committee Opinion 804 (2020) warning
# signs; the routes are NHS pregnancy guidance; the clinical reference is silent on pregnancy.
PREGNANCY_URGENT_ADVICE = (
    "Please pause your exercises and contact your midwife or doctor today. Some of your answers need to be "
    "checked today. Keep up your normal moving about the day. If you cannot reach them, call your maternity "
    f"unit. {MATERNITY_NOW_WORDS}"
)
# A pregnancy sign for the maternity unit now (bleeding, fluid leaking, contractions that keep coming,
# the signs of pre-eclampsia, the baby moving less, bad belly pain): the screening's answer, the check-in's
# message and Today say the maternity unit, not an ambulance, unless an ambulance sign was answered too
# (chest pain, fainting or very short of breath at rest; H23). Its ambulance words name every ambulance sign
# (safety.MATERNITY_NOW_WORDS' last sentence).
MATERNITY_NOW_ADVICE = (
    "Stop all exercise and call your maternity unit now. Some of your answers can be a sign of a problem "
    "in your pregnancy that must be checked straight away. Call an ambulance if you have chest pain, if you "
    "faint, if you are very short of breath at rest, or if you bleed a lot."
)
MATERNITY_NOW_SENTENCE = "Stop all exercise and call your maternity unit now."
PREGNANCY_URGENT_SENTENCE = "Please pause your exercises and contact your midwife or doctor today."


def urgent_referral_advice(flags: frozenset[str] | set[str] | tuple[str, ...]) -> str:
    """What a person is told after an urgent referral, by the signs answered yes: a heart sign's own
    ambulance signs (H54), a pregnancy sign's own "now" signs (H23); the spine's for the spinal flags;
    the first with the others' safety-net signs added when signs of more than one kind were answered yes
    (a routine spinal flag, such as osteoporosis, adds no ambulance signs)."""
    heart = any(f in HEART_FLAGS for f in flags)
    pregnancy = any(f in PREGNANCY_FLAGS for f in flags)
    if not heart and not pregnancy:
        return URGENT_REFERRAL_ADVICE
    spine = any(f in RED_FLAGS and RED_FLAGS[f].urgency is not Urgency.ROUTINE for f in flags)
    if spine:
        base = URGENT_REFERRAL_ADVICE
    elif heart:
        base = HEART_URGENT_ADVICE
    else:
        return PREGNANCY_URGENT_ADVICE
    return " ".join((base, *((HEART_AMBULANCE,) if heart and spine else ()),
                     *((MATERNITY_NOW_WORDS,) if pregnancy else ())))


def maternity_now(flags: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """Whether an emergency is the maternity unit's, now (H23): every emergency sign answered yes is a
    pregnancy sign for the maternity unit (chest pain, or any spinal or heart emergency, is an ambulance)."""
    emergencies = [f for f in flags if f in ALL_FLAGS and ALL_FLAGS[f].urgency is Urgency.EMERGENCY]
    return bool(emergencies) and all(f in MATERNITY_NOW for f in emergencies)


def pregnancy_only(flags: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """Whether every sign answered yes that refers is a pregnancy sign: the midwife, not the clinic."""
    referring = [f for f in flags if f in ALL_FLAGS and ALL_FLAGS[f].urgency is not Urgency.ROUTINE]
    return bool(referring) and all(f in PREGNANCY_FLAGS for f in referring)


def referral_sentence(urgency: Urgency, flags: frozenset[str]) -> str:
    """Today's one sentence for a standing referral: the maternity unit's for a pregnancy sign (H23)."""
    if urgency is Urgency.EMERGENCY and maternity_now(flags):
        return MATERNITY_NOW_SENTENCE
    if urgency is Urgency.URGENT and pregnancy_only(flags):
        return PREGNANCY_URGENT_SENTENCE
    return REFERRAL_ADVICE[urgency]


def new_neuro_advice(in_flare: bool) -> str:
    """The words for a new neurological sign: one text during a flare (H40), one outside it (H50)."""
    return NEURO_IN_FLARE_ADVICE if in_flare else NEW_NEURO_ADVICE


# Said after the flare plan while a same-day risk assessment waits (H48, H43): the flare still cuts
# the load, but the person is not left with the flare's words alone.
SELF_HARM_IN_FLARE = ("Your clinician will also contact you today about your answers on how you feel. If you feel "
                      "unsafe, call your local emergency number now.")

# The first failed criterion in this order is the reason a hold is explained by.
# The top of a fear hierarchy is praised only once its own activity has been mastered.
_HOLD_ORDER = (
    "no_neuro_signs_in_flare", "no_new_neuro_signs", "self_harm_risk_assessed", "no_new_symptoms", "fear_hierarchy_set", "sessions_logged", "adherence", "personal_baseline", "pain_monitored",
    "no_sustained_worsening", "pain_during_within_limit", "room_to_progress", "last_return_step_by_clinician",
    "return_step_session", "return_step_days", "self_chosen_easier_run", "pain_reported", "next_morning_recorded",
    "next_morning_no_rise", "experiment_mornings_not_raised", "next_morning_back_to_usual", "next_mornings_not_all_raised", "weekly_pain_not_rising", "weekly_morning_rise_below_noise",
    "weekly_morning_not_rising", "effort_not_maximal", "effort_within_cap", "target_dose_completed", "quota_met",
    "raise_due", "experiment_logged", "safety_behaviours_faded", "expectancy_disconfirmed", "higher_item_available",
    "experiment_completed", "flare_settled", "flare_not_declared", "pain_below_flare_line", "no_flare_pain_rise", "red_flags_absent",
    "progress_within_stall_window",
)
_HOLD_RANK = {name: rank for rank, name in enumerate(_HOLD_ORDER)}


def _clinician_rank(criterion: Criterion) -> tuple[int, int]:
    """Where a failed criterion goes in the clinician's line: what decided a referral leads (a red
    flag, then a new neurological sign before the general new-symptom hold; a physiotherapist's
    review of H50, 2026-12-02), then the order holds are explained in."""
    first = 0 if criterion.name == "red_flags_absent" else 1 if criterion.group == "safety" else 2
    return first, _HOLD_RANK.get(criterion.name, len(_HOLD_RANK))

# When no failed criterion has a sentence of its own (a criterion added later): still true, never empty.
HOLD_FALLBACK = ("Stay at {dose} for now. One of the checks on your progress is not met yet. Your clinician "
                 "can see which one and will talk it over with you.")

# The effort hold under a cap below the usual one (the heart effort cap of 4/10, H54): "That felt very
# hard" is not true of a set at 6/10 or with 3 reps in reserve, which is still above the cap.
# The hard session need not be the latest one: "That was" read as the latest walk when the hard one was
# 4 days before it (a physiotherapist's check, 2026-12-03f, P2b), so the words name a recent session.
CAPPED_EFFORT_HOLD = ("A recent session was harder than your plan allows for now: up to {cap} out of 10. Stay at "
                      "{dose}, and keep your effort at a level where you can still talk.")

CAPPED_EFFORT_ALSO = ("A recent session was also harder than your plan allows: up to {cap} out of 10. Keep your "
                      "effort at a level where you can still talk.")

_HOLD_PATIENT = {
    # Refers urgently (H40); worded here too so no hold built on it is ever left without words.
    "no_neuro_signs_in_flare": NEURO_IN_FLARE_ADVICE,
    "no_new_neuro_signs": NEW_NEURO_ADVICE,  # refers urgently too (H50)
    "self_harm_risk_assessed": "Thank you for your honest answers about how you feel. Your clinician will contact "
    "you today. Stay at {dose} for now. If you feel unsafe, call your local emergency number now.",
    "no_new_symptoms": "You told us about new symptoms. Keep to {dose} and do not increase until your "
    "clinician has checked them. If they get worse quickly, contact your clinic today.",
    "sessions_logged": "No sessions are logged yet. Keep to {dose} and log each session, so we can "
    "adjust your plan.",
    "adherence": "You logged {logged} of about {planned} planned sessions lately. Stay at {dose} for "
    "now. What made sessions hard to fit in? Tell your clinician, so the plan can fit your life.",
    "personal_baseline": "Keep your pain diary for a few more days, so we learn what is usual for "
    "you. Stay at {dose} for now.",
    "pain_monitored": "Please fill in your pain diary. We need it to adjust your plan safely. Stay "
    "at {dose} for now.",
    "no_sustained_worsening": "Your pain has been higher than your usual level for two weeks now. Stay at "
    "{dose} for now. Your clinician will look at it with you, to find out what changed and what helps.",
    "pain_during_within_limit": "Pain went above {limit}/10 during a session. Keep your target of "
    "{dose}, but it will not go up this time.",
    "room_to_progress": "You have reached the target for this activity. Well done! Keep it up at "
    "{dose}.",
    "return_step_session": "Do one session at {dose}. When it goes well, you move up a step on "
    "your way back.",
    # The wait is the rule's own (return_wait): "about a week" after a recurrence, "4 days" after a
    # first flare, never "a few days" for 7 (a physiotherapist's review, 2026-12-03; H07).
    "return_step_days": "Stay at {dose} for now. You step up after {wait}. Going steady now "
    "helps the flare settle for good.",
    # H07: after a recurrence the last step back to the dose that flared is the clinician's.
    "last_return_step_by_clinician": "Your flare has settled. Well done. Stay at {dose} for now. As your flare "
    "came back once, your clinician will go over what set it off with you before your next step up.",
    "pain_reported": "Please note your pain during each session. Stay at {dose} for now.",
    "next_morning_back_to_usual": "Your pain took longer than usual to settle by the next morning, "
    "or the morning was not recorded. Stay at {dose} for now.",
    "next_mornings_not_all_raised": "Your pain on waking has been a little higher after each of your last "
    "{raised} sessions. This is common when a step is a bit much. Stay at {dose} for now. If it stays like this, we "
    "will ease back a little.",
    "weekly_pain_not_rising": "Your pain this week has been higher than usual for you. Stay at "
    "{dose} for now and see how the week goes.",
    "next_morning_recorded": "We look at how you feel the morning after each session before you step up. "
    "Please note your pain when you wake up. Stay at {dose} for now.",
    "next_morning_no_rise": "Your pain was higher than usual the morning after a session. Stay at {dose} "
    "for now.",
    # Worded by _raised_mornings_words under graded exposure; here so no hold is left without words.
    "experiment_mornings_not_raised": "Your pain on waking was higher than usual after an experiment. Keep "
    "practising {item} for now.",
    "weekly_morning_rise_below_noise": "Your pain on waking has been higher this week than last week. Stay "
    "at {dose} for now and see how the next few days go.",
    "experiment_completed": "You had to stop your last experiment early. That is useful to know, not a "
    "failure. Stay with the same activity for now.",
    "flare_settled": "Your pain has not settled back to your usual yet. Stay at {dose} for now and keep "
    "moving gently.",
    "flare_not_declared": "You told us you are having a flare-up. Stay at {dose} for now and keep moving "
    "gently.",
    "pain_below_flare_line": "Your pain today is well above your usual. Stay at {dose} for now and keep moving "
    "gently. If your pain settles, you can step up again.",
    "no_flare_pain_rise": "Your pain has been well above your usual lately. Stay at {dose} for now and keep "
    "moving gently.",
    "red_flags_absent": "Some of your answers need a check by your clinician. Keep to {dose} and do not "
    "increase until they have talked with you.",
    "progress_within_stall_window": "You have been at {dose} for some weeks. Stay there for now. Your "
    "clinician will talk with you about what to try next.",
    "weekly_morning_not_rising": "Your pain on waking has been a little higher this week than last week. "
    "Stay at {dose} for now and see how the next week goes.",
    "effort_not_maximal": "That felt very hard. Stay at {dose} until it feels more manageable.",
    "effort_within_cap": CAPPED_EFFORT_HOLD,
    "target_dose_completed": "Keep going at {dose}. After {needed} sessions in a row at this level "
    "with your pain under control, you step up.",
    "quota_met": "Keep to your target of {dose}, on good days and bad days. It goes up once you "
    "meet it in most sessions of the week.",
    "raise_due": "Keep to your target of {dose}, on good days and bad days. It goes up as agreed "
    "after {period} days at this level.",
    "self_chosen_easier_run": "You chose the easier option for your last {easier} sessions. That is what "
    "it is there for. Stay at {dose} for now. Your clinician will talk with you about whether the plan "
    "fits you at the moment.",
    "fear_hierarchy_set": "Your list of activities to work on is not set up yet. Make it with your "
    "clinician: list the activities you avoid and rate how harmful each feels, from 0 to 100.",
    "higher_item_available": "You have worked through every activity on your list. Well done! Keep doing "
    "them in daily life, and talk with your clinician about what comes next.",
    "experiment_logged": "Next, try {item} as an experiment. Before you start, write down what you expect "
    "to happen and how sure you are that it will happen, from 0 to 10. Afterwards, write down what happened.",
    "safety_behaviours_faded": "You tried {item} again. Well done for sticking with it. You also did things to "
    "feel safer ({behaviours}). Next time, try it without this: \"{first}\". Finding out you can manage "
    "without it is what helps the worry come down.",
    "expectancy_disconfirmed": "Keep practising {item}. Each time, compare what you expected with what "
    "happened. You move on to the next activity when what you feared has not happened {run} times in a "
    "row, or when your fear, or how sure you are that it will happen, has come down by half.",
}


# Decisions worded in terms of the hierarchy under graded exposure (refer and flare are the same for
# every strategy, and so is a step back from a flare).
_EXPOSURE_KINDS = (DecisionKind.ADVANCE, DecisionKind.REGRESS, DecisionKind.HOLD, DecisionKind.REFORMULATE)


def explain(
    kind: DecisionKind,
    ci: CheckIn,
    criteria: list[Criterion],
    next_dose: Dose | None,
    urgency: Urgency | None,
    flare: FlareState,
    step: ExposureStep | None = None,
    note: str = "",
) -> tuple[str, str]:
    """The patient's message and the clinician's summary; ``step`` is the exposure step under graded
    exposure, ``note`` a line for the clinician (the patient's self-adjustments)."""
    failed = [c for c in criteria if not c.passed]
    by_name = {c.name: c for c in criteria}
    dose_text = describe_dose(ci.activity.dose)
    new_text = dose_text if next_dose == ci.activity.dose else describe_dose(next_dose)
    if step is not None and kind in _EXPOSURE_KINDS and flare.step_dose is None:
        patient = _exposure_patient(kind, ci, by_name, failed, step)
    else:
        said = describe_dose(ci.activity.dose, level=False)
        new_said = said if next_dose == ci.activity.dose else describe_dose(next_dose, level=False)
        patient = _patient(kind, ci, by_name, failed, next_dose, urgency, flare, said, new_said)
    harm = by_name.get("self_harm_risk_assessed")
    if kind in (DecisionKind.FLARE, DecisionKind.REFER) and harm is not None and not harm.passed:
        # A flare or a referral during the self-harm pause (H48): the flare plan or the referral is
        # said, and so is the call today.
        patient += " " + SELF_HARM_IN_FLARE
    patient += _setback_sentence(kind, ci, by_name, failed, flare) + _morning_request(kind, ci, by_name, failed)
    moves_item = step is not None and kind in _EXPOSURE_KINDS and flare.step_dose is None and flare.episode is None
    clinician = _clinician(kind, ci, failed, urgency, flare, dose_text, new_text, dose_line=not moves_item)
    if step is not None:
        clinician += " " + _exposure_clinician(step)
    if note:
        clinician += " " + note
    return patient, clinician


def wait_words(days: int) -> str:
    """A return step's wait as the patient reads it, true to the rule's days: 7 is "about a week"."""
    if days % 7 == 0 and days:
        weeks = days // 7
        return "about a week" if weeks == 1 else f"about {weeks} weeks"
    return counted(days, "day", "days")


def return_wait(flare: FlareState) -> str:
    """How long each flare-return step waits, in words: after a first flare the days count once the
    pain is back near usual; after a recurrence, from the step (H07)."""
    if flare.recurred:
        return f"{wait_words(flare.step_days)} at this step"
    return f"{wait_words(flare.step_days)} at this step, with your pain near your usual"


# H07: after a first flare that took a week or more to settle, the last step back is the clinician's too.
SLOW_FLARE_LAST_STEP = ("Your flare has settled. Well done. Stay at {dose} for now. Your flare took a week or more "
                        "to settle. So your clinician will go over it with you before your last step up.")


# After a first flare settles and she steps up: the mornings tell whether the step suits her (§3.1).
KEEP_NOTING_MORNINGS = "Keep noting your pain when you wake each morning."


def _patient(kind, ci, by_name, failed, next_dose, urgency, flare, dose_text, new_text) -> str:
    limits = ci.limits
    if kind is DecisionKind.REFER:
        if urgency is Urgency.EMERGENCY:
            if maternity_now(ci.red_flags):  # H23: a pregnancy sign for the maternity unit
                return MATERNITY_NOW_ADVICE
            return ("Stop your exercises and get help now. Some of your answers can be a sign of a serious "
                    "problem that must be checked now. Call for an ambulance now, or go to an emergency department.")
        if urgency is Urgency.URGENT:
            neuro = by_name.get("no_neuro_signs_in_flare")
            if neuro is not None and not neuro.passed:  # H40: never "sensitivity, not damage" here
                return NEURO_IN_FLARE_ADVICE
            neuro = by_name.get("no_new_neuro_signs")
            if neuro is not None and not neuro.passed:  # H50: name the sign and the safety net
                return NEW_NEURO_ADVICE
            return urgent_referral_advice(ci.red_flags)
        if flare.active:
            return (f"For your flare, cut back to {new_text} and keep moving gently. Do not increase for now. Your "
                    "clinician will go over one of your answers with you at your next contact.")
        return (f"Keep to {dose_text} and do not increase for now. Your clinician will go over one of "
                "your answers with you at your next contact.")
    if kind is DecisionKind.FLARE:
        plan = flare.plan
        if flare.declared:
            opening = "You told us you are having a flare-up."
        elif flare.raised_days >= 2:  # the days actually counted, never "0 days" or "1 days"
            opening = ("This looks like a flare-up: your pain has been well above your usual for the last "
                       f"{flare.raised_days} days.")
        else:  # a flare in progress that has not settled yet
            opening = "Your flare-up has not settled yet."
        steps = " then ".join(describe_dose(s.dose, level=False) for s in plan.steps)
        if flare.came_back is not None:  # it came back after a step up: a recurrence is reviewed now (§5.7, H07)
            closing = ("It came back after a step up, so please contact your clinic now. Contact them at once if you "
                       "notice any warning signs.")
        elif ci.today >= plan.review_by:  # the review date has come: never point to a day already past
            closing = ("It has lasted a week or more, so please contact your clinic now. Contact them at once if you "
                       "notice any warning signs.")
        else:
            closing = (f"If it is not settling by {plan.review_by.day} {plan.review_by:%B}, or you notice any warning signs, contact "
                       "your clinic.")
        wait = wait_words(flare.step_days)
        pace = "about once a week" if wait == "about a week" else f"one step every {wait}"
        if flare.recurred:  # steps a week apart, the last one the clinician's (H07)
            back = (f"Once your pain is back near your usual, step back up {pace}: {steps}. Your clinician will set "
                    "the last step with you.")
        elif ci.today >= plan.review_by:
            # A week or more: when it settles, its last step back will be the clinician's (H07, flare.slow_to_settle),
            # so "step back up every 4 days: 15 then 20 minutes" would promise a step she will not be given
            # (a physiotherapist's review, 2026-12-03k, finding 3).
            back = (f"Once your pain has been back near your usual for {wait}, step back up {pace}: {steps}. Your "
                    "clinician will set the last step with you.")
        else:
            back = f"Once your pain has been back near your usual for {wait}, step back up {pace}: {steps}."
        return (f"{opening} A flare is a sign of sensitivity, not damage. Keep moving gently: for now do "
                f"{new_text}. {back} {closing}")
    if kind is DecisionKind.REGRESS:
        pain = by_name["pain_during_within_limit"]
        rise = by_name.get("next_morning_no_rise")
        raised = by_name.get("next_mornings_not_all_raised")
        if not pain.passed:
            why = f"Your pain went above your limit during a session ({number(pain.value)}/10; your limit is {number(limits.pain_during_max)}/10)."
        elif rise is not None and not rise.passed:
            why = f"Your pain was higher than usual the next morning ({number(rise.value)}/10)."
        elif raised is not None and len(raised.value) >= limits.raised_mornings_regress_run:  # H12
            why = (f"Your pain on waking has stayed a little higher after each of your last {len(raised.value)} "
                   "sessions.")
        else:
            why = "Your pain on waking has been higher this week than last week."
        if next_dose == ci.activity.dose:
            return f"{why} You are already at the easiest level, so keep it gentle and talk to your clinician."
        return f"{why} Ease back to {new_text}. This is a normal adjustment, not a failure."
    if kind is DecisionKind.REFORMULATE:
        weeks = by_name["progress_within_stall_window"].value // 7
        return (f"You have been at {dose_text} for about {weeks} weeks. That is not your fault: it means the "
                "plan needs to change. Your clinician will talk with you about your goals, what gets in the "
                "way, and what to try next.")
    if kind is DecisionKind.ADVANCE:
        if flare.step_dose is not None:
            return (f"Your flare has settled. Step {flare.step_number} of {len(flare.plan.steps)} on the way "
                    f"back: {new_text}. {KEEP_NOTING_MORNINGS}")
        if ci.strategy is Strategy.TIME_CONTINGENT:
            return (f"You met your target. As agreed, your new target is {new_text}. Keep to it on good "
                    "days and bad days, and stop when you reach it.")
        pain = by_name["pain_during_within_limit"].value
        return (f"Well done! Your last {limits.sessions_to_advance} sessions went well: pain stayed at "
                f"{number(pain)}/10 or less and settled by the next morning. Next time, try {new_text}.")
    return _hold(ci, by_name, failed, dose_text, wait=return_wait(flare))


# Said after a step back or a hold when the clinician has been alerted to a setback (weekly pain up by
# the NRS MCID for drift_weeks weeks: the sustained_worsening alert), so the person hears the pattern
# and that someone will look at it (a physiotherapist's review, 2026-12-02, Margaret: mornings up a
# point a week, and only "higher than usual the next morning" was said). By what rose: her usual
# pain, her pain on waking, or both.
SETBACK_SENTENCES = {
    frozenset({"usual"}): "Your pain has been higher than usual for {weeks} or more.",
    frozenset({"morning"}): "Your pain on waking has been higher than usual for {weeks} or more.",
    frozenset({"usual", "morning"}): "Your pain, in the day and on waking, has been higher than usual for {weeks} "
                                     "or more.",
}
SETBACK_REVIEW = "Your clinician will look at this with you."
# Asked when a morning after a session has come and was not noted (next_morning_recorded failed for a
# session before today): the person can put that right (the same review, Nadia).
MORNING_REQUEST = "Please also note your pain when you wake the day after a session."
# Holds whose own words say it already, or that must end on what to do now (a same-day call, a check
# of new symptoms before any increase).
_SAID_ALREADY = frozenset({"no_sustained_worsening", "next_morning_recorded", "self_harm_risk_assessed",
                           "no_neuro_signs_in_flare", "no_new_neuro_signs", "no_new_symptoms"})
_NOT_YET = re.compile(r"\(not yet: ([0-9, -]+)\)")


def _setback_sentence(kind, ci, by_name, failed, flare) -> str:
    """The setback in the patient's words (e.g. "Your pain on waking has been higher than usual for 2
    weeks or more. Your clinician will look at this with you.") after a step back or a hold, when the
    setback alert was raised; "" otherwise (a
    flare or a flare's way back has its own plan, a referral its own call, and a hold explained by
    the setback itself says it already)."""
    if kind not in (DecisionKind.REGRESS, DecisionKind.HOLD) or flare.active or flare.episode is not None:
        return ""
    drift = by_name.get("no_sustained_worsening")
    if drift is None or drift.passed or not isinstance(drift.value, dict):
        return ""
    if kind is DecisionKind.HOLD and hold_reason(failed) in _SAID_ALREADY:
        return ""
    rose = frozenset(name for name, d in drift.value.items() if isinstance(d, dict) and d.get("sustained"))
    sentence = SETBACK_SENTENCES.get(rose)
    if sentence is None:
        return ""
    return " " + sentence.format(weeks=counted(ci.limits.drift_weeks, "week", "weeks")) + " " + SETBACK_REVIEW


def _morning_request(kind, ci, by_name, failed) -> str:
    """The request to note the pain on waking, when a morning after a session has come and was not
    noted; "" when none is missing, or only the morning after a session today (not yet come), or the
    hold's own words ask it already."""
    if kind not in (DecisionKind.REGRESS, DecisionKind.HOLD, DecisionKind.REFORMULATE):
        return ""
    recorded = by_name.get("next_morning_recorded")
    if recorded is None or recorded.passed:
        return ""
    if kind is DecisionKind.HOLD and hold_reason(failed) in _SAID_ALREADY:
        return ""
    missing = _NOT_YET.search(recorded.threshold)
    if missing is None or not any(date.fromisoformat(d.strip()) < ci.today for d in missing[1].split(",")):
        return ""
    return " " + MORNING_REQUEST


def hold_reason(failed: list[Criterion]) -> str:
    """The failed criterion a hold is explained by: the first in ``_HOLD_ORDER``; "" when none of
    them failed, so the hold is explained by :data:`HOLD_FALLBACK` (a hold is never left without a
    message because a criterion has no sentence yet)."""
    names = {c.name for c in failed}
    return next((name for name in _HOLD_ORDER if name in names), "")


# The setback hold when only the pain on waking rose (docs/check-in.md; a physiotherapist's review,
# 2026-12-03: "Your pain has been higher" was untrue of a day that stayed at its usual level).
MORNING_SETBACK_HOLD = ("Your pain on waking has been higher than your usual level for two weeks now. Stay at "
                        "{dose} for now. Your clinician will look at it with you, to find out what changed and "
                        "what helps.")


# Said first when the latest diary day is at the flare line but another hold explains the decision (a
# morning not yet noted, a quota not yet met): the raised pain and what to do about it come before the
# rest (a physiotherapist's check, 2026-12-03f, P3: only "note your pain when you wake" was said). Not
# before a flare's own words, a same-day call or a check of new symptoms, which come first.
FLARE_LINE_FIRST = "Your pain today is well above your usual, so keep moving gently."
_NOT_AFTER_FLARE_LINE = frozenset({"no_neuro_signs_in_flare", "no_new_neuro_signs", "self_harm_risk_assessed",
                                   "no_new_symptoms", "red_flags_absent", "pain_below_flare_line", "flare_settled",
                                   "flare_not_declared", "no_flare_pain_rise"})


def _morning_only(found: object) -> bool:
    """Whether the sustained-worsening criterion's value says only the next-morning pain rose."""
    if not isinstance(found, dict):
        return False
    usual, morning = found.get("usual") or {}, found.get("morning") or {}
    return bool(morning.get("sustained")) and not usual.get("sustained")


def _hold(ci, by_name, failed, dose_text, item: str = "", wait: str = "a few days") -> str:
    limits = ci.limits
    reason = hold_reason(failed)
    adherence = by_name.get("adherence")
    details = adherence.value if adherence else {}
    easier = by_name.get("self_chosen_easier_run")
    behaviours = by_name.get("safety_behaviours_faded")
    used = list(behaviours.value) if behaviours else []
    raised = by_name.get("next_mornings_not_all_raised")
    sentence = _HOLD_PATIENT.get(reason, HOLD_FALLBACK)
    if reason == "no_sustained_worsening" and _morning_only(by_name[reason].value):
        sentence = MORNING_SETBACK_HOLD
    if reason == "last_return_step_by_clinician" and not (by_name[reason].value or {}).get("recurred", True):
        sentence = SLOW_FLARE_LAST_STEP
    if reason not in _NOT_AFTER_FLARE_LINE and any(c.name == "pain_below_flare_line" for c in failed):
        sentence = f"{FLARE_LINE_FIRST} {sentence}"
    if reason != "effort_within_cap" and any(c.name == "effort_within_cap" for c in failed):
        # A health condition's effort cap was passed too: she is told it whatever else holds the dose, so
        # the talk test is never hidden behind another reason (a physiotherapist's review, 2026-12-03k,
        # finding 1: walks at 8/10 under a heart cap of 4 read only "your clinician will go over it").
        sentence = f"{sentence} {CAPPED_EFFORT_ALSO}"
    return sentence.format(
        dose=dose_text, limit=number(limits.pain_during_max), needed=limits.sessions_to_advance,
        period=limits.quota_raise_every_days, logged=details.get("logged"), planned=number(details.get("planned", 0)),
        easier=easier.value if easier else 0, item=item, run=limits.exposure_disconfirmations,
        behaviours=", ".join(used), first=used[0] if used else "",
        raised=len(raised.value) if raised else limits.raised_mornings_run, wait=wait,
        cap=number(limits.rpe_max_to_advance),
    )


def _exposure_patient(kind, ci, by_name, failed, step: ExposureStep) -> str:
    """The exposure decision in the patient's words: which activity next, and why."""
    now, previous = step.item.activity, step.previous.activity
    fade = ""
    if step.safety_behaviours_to_fade:
        # The patient's own words, quoted: "try it without wore my back brace" read as broken
        # English (a physiotherapist's review, 2026-12-03).
        fade = (f" Next time, try it without this: \"{step.safety_behaviours_to_fade[0]}\". Finding out you can "
                "manage without it is part of the experiment.")
    if kind is DecisionKind.ADVANCE:
        learning = by_name["expectancy_disconfirmed"].value
        if learning["disconfirmed_in_a_row"] >= ci.limits.exposure_disconfirmations:
            why = f"What you feared did not happen in your last {learning['disconfirmed_in_a_row']} experiments with {previous}."
        elif (learning.get("fear_drop") or 0) >= ci.limits.exposure_rating_drop:
            why = f"Your fear of {previous} has come down by half or more since you first tried it."
        else:
            why = (f"Since you first tried {previous}, how sure you are that what you feared will happen has come "
                   "down by half or more.")
        return (f"Well done! {why} Your next experiment: {now}. Before you start, write down what you expect to "
                f"happen and how strongly you believe it.{fade}")
    if kind is DecisionKind.REGRESS:
        if step.move == "down":
            return (f"You had to stop the experiment with {previous} early. That is useful to know, not a failure: "
                    f"the step was a bit too big for now. Go back to {now} for a while, then try again.")
        return (f"You had to stop the experiment with {previous} early. That is useful to know, not a failure. "
                f"Talk with your clinician about breaking {previous} into smaller steps.")
    if kind is DecisionKind.REFORMULATE:
        weeks = by_name["progress_within_stall_window"].value // 7
        return (f"You have been working on {now} for about {weeks} weeks. That is not your fault: it means the plan "
                "needs to change. Your clinician will talk with you about your list, your goals and what to try next.")
    reason = hold_reason(failed)
    if reason == "experiment_mornings_not_raised":  # H51: said as exposure, not as a dose
        return _raised_mornings_words(by_name[reason].value, ci, now) + fade
    if reason == "weekly_morning_not_rising":  # H51: this week's mornings, reliably above last week's
        return (f"Your pain on waking has been higher this week than last week. This is not harm: your body is "
                f"getting used to it. Keep practising {now} for now. You move on when your mornings settle.{fade}")
    text = _hold(ci, by_name, failed, describe_dose(ci.activity.dose, level=False), item=now)
    return text if reason == "safety_behaviours_faded" else text + fade


def _raised_mornings_words(found: dict, ci: CheckIn, now: str) -> str:
    """The H51 hold in words true to what was seen (a physiotherapist's review, 2026-12-03c: "your
    pain on waking has been higher than usual ... you move on when your mornings settle" was read
    by a patient with one sore morning, settled for three days). One morning or several, the
    activity stays until the clinician, who is alerted, has looked at the steps
    (``exposure.MORNINGS_AT_THE_LINE``); how many mornings, and whether they are back to usual now,
    is said as it is."""
    count = found.get("mornings_at_the_line") or 1
    if count == 1:
        # The experiment before that morning may be the one with the item below, the eve of a move up.
        day = (found.get("days") or [""])[0]
        done = next((e.item for e in ci.experiments if e.date.isoformat() == day), None)
        named = {i.id: i.activity for i in ci.hierarchy.items}.get(done, now)
        return (f"One morning after {named}, your pain on waking was higher than usual. That is common, and it is "
                f"not harm. Keep practising {now} for now. Your clinician has been told, so they can check that the "
                "next step is not too big for you yet. They will tell you when to take it.")
    first = date.fromisoformat(found["days"][0]) if found.get("days") else None
    since = f" since {first.day} {first:%B}" if first else ""
    now_back = " It is back to usual now." if found.get("latest_below_the_line") else ""
    return (f"Your pain on waking has been higher than usual on {count} mornings{since}.{now_back} "
            f"This is not harm: your body is getting used to it. Keep practising {now} for now. Your clinician "
            "has been told, so they can check that the next step is not too big for you yet. They will tell you "
            "when to take it.")


def _exposure_clinician(step: ExposureStep) -> str:
    item, previous = step.item, step.previous
    text = (f"Exposure: {previous.id} (harm {number(previous.harm)})"
            + ("" if step.move == "same" else f" -> {item.id} (harm {number(item.harm)})") + f", {step.move}.")
    if step.safety_behaviours_to_fade:
        text += f" Safety behaviours to fade: {', '.join(step.safety_behaviours_to_fade)}."
    if step.harm_rerated:
        text += " Harm re-rated: " + "; ".join(
            f"{r.item} {number(r.first_harm)} -> {number(r.harm)}" + (" (true change)" if r.true_change else "")
            for r in step.harm_rerated) + "."
    return text


def _clinician(kind, ci, failed, urgency, flare, dose_text, new_text, dose_line: bool = True) -> str:
    """The terse line; under graded exposure the hierarchy move replaces the dose line (the dose of
    an experiment does not change when the activity does)."""
    head = kind.value.upper() + (f" ({urgency.value})" if urgency else "")
    parts = [f"{head} - {_heading(ci)}."]
    if failed:  # a red flag, then the other safety rules, then the order holds are explained in
        ordered = sorted(failed, key=_clinician_rank)
        parts.append("Failed: " + "; ".join(f"{c.name} = {_show(c.value)} (needs {c.threshold})" for c in ordered) + ".")
    else:
        parts.append("All criteria met.")
    if flare.episode is not None:
        parts.append(f"Flare episode since {flare.episode.started.isoformat()}, pre-flare dose "
                     f"{describe_dose(flare.episode.pre_flare_dose)}.")
    if dose_line:
        parts.append(f"Dose: {dose_text} -> {new_text}.")
    return " ".join(parts)


def _heading(ci: CheckIn) -> str:
    """The activity, its strategy and, under graded exposure, the item practised, each said once:
    an exposure activity is often named after its strategy, and "graded_exposure, graded_exposure"
    told a reviewing physiotherapist nothing (2026-12-03c)."""
    named = [ci.activity.id, ci.strategy.value]
    if ci.hierarchy is not None and ci.hierarchy.items:
        named.append(f"item {ci.hierarchy.current_item.id}")
    return ", ".join(dict.fromkeys(named))


def learning_words(value: object) -> str | None:
    """The exposure criterion's value as a clinician reads it: the drops in percent, as the rule is
    written (">= 50%", clinical reference §3.3), never as a fraction beside a percentage; None when
    the value is not that criterion's."""
    if not isinstance(value, dict) or "disconfirmed_in_a_row" not in value:
        return None
    drops = [f"{label} down {_percent(value.get(key))}" for key, label in (("expectancy_drop", "expectancy"),
                                                                           ("fear_drop", "fear"))
             if value.get(key) is not None]
    run = value["disconfirmed_in_a_row"]
    return ", ".join([*drops, f"feared outcome not happening in {counted(run, 'experiment', 'experiments')} in a row"])


def _percent(share: float | None) -> str:
    return "not rated" if share is None else f"{round(share * 100):d}%"


def shown(value: object) -> str:
    """A criterion's value in the clinician's summary and alerts: numbers to the 2 decimals the
    criteria carry (:func:`number`), a dict as its keys and values, a list as its items."""
    learning = learning_words(value)
    if learning is not None:
        return learning
    if isinstance(value, float):
        return number(value, places=2)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_show(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    return str(value)


_show = shown
