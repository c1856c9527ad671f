"""Red-flag screening and triage, and the stop rules for new symptoms.

The engine can only escalate: a red flag answered *yes* stops progression and says how urgently to
refer; a clinician, not the software, decides when it is cleared (clinical reference §4.2,
implementation notes). Tiers follow the clinical reference: EMERGENCY (now), URGENT (same day),
ROUTINE (clinician review; the reference's SOON and ROUTINE tiers both map here).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rehab.core import sources
from rehab.core.models import URGENCY_RANK, Alert, Criterion, Symptoms, Urgency


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    question: str  # plain language, as a patient is asked it
    concern: str  # what a clinician should consider
    urgency: Urgency
    # The words on the clinician's screening form, when the patient's words do not fit there: the
    # heart signs are the patient's own list ("You fainted."), which the clinician's form, under
    # "Since the last screening, has the patient had:", asks in a clinician's words instead (a
    # physiotherapist's check, 2026-12-03g, finding 7). Empty: the form asks ``question``.
    clinician: str = ""

    @property
    def asked(self) -> str:
        """What the clinician's screening form asks and its result page shows."""
        return self.clinician or self.question


RED_FLAGS: dict[str, RedFlag] = {
    flag.id: flag
    for flag in (
        RedFlag(
            "saddle_anaesthesia",
            "Numbness or tingling between your legs, around your bottom or genitals?",
            "possible cauda equina syndrome",
            Urgency.EMERGENCY,
        ),
        RedFlag(
            "bladder_or_bowel_dysfunction",
            "New trouble passing urine, leaking, or losing control of your bowels?",
            "possible cauda equina syndrome",
            Urgency.EMERGENCY,
        ),
        RedFlag(
            "bilateral_leg_neuro_symptoms",
            "Pain, numbness or weakness in both legs?",
            "possible cauda equina syndrome",
            Urgency.EMERGENCY,
        ),
        RedFlag(
            "progressive_motor_weakness",
            "Weakness in an arm or leg that is getting worse, or a foot that catches or drops?",
            "progressive neurological deficit",
            Urgency.URGENT,
        ),
        RedFlag(
            "history_of_cancer",
            "Have you ever had cancer?",
            "possible spinal malignancy",
            Urgency.URGENT,
        ),
        RedFlag(
            "unexplained_weight_loss",
            "Have you lost weight without trying?",
            "possible malignancy or systemic disease",
            Urgency.URGENT,
        ),
        RedFlag(
            "fever_or_systemically_unwell",
            "Fever, chills or sweats, or feeling generally unwell?",
            "possible spinal infection",
            Urgency.URGENT,
        ),
        RedFlag(
            "significant_trauma",
            "A serious fall, accident or blow since your pain started or got worse?",
            "possible fracture after major trauma",
            Urgency.EMERGENCY,
        ),
        RedFlag(
            "osteoporosis_or_long_term_steroids",
            "Osteoporosis (thin bones), or steroid tablets for a long time?",
            "fracture risk; bone-health review",
            Urgency.ROUTINE,
        ),
        RedFlag(
            "constant_night_pain",
            "Pain at night that stays the same whatever position you are in?",
            "possible malignancy or infection (non-mechanical pain)",
            Urgency.URGENT,
        ),
        RedFlag(
            "pulsating_abdominal_mass",
            "A pulsing lump in your belly, or fainting with back or belly pain?",
            "possible abdominal aortic aneurysm",
            Urgency.EMERGENCY,
        ),
        # "New or worse" dizziness: a person whose neck pain comes with known dizziness is planned with
        # the neck work held until a cervical arterial screen, and told which signs are an emergency
        # (rehab.core.planning.comorbidities.NECK_HOLD_ADVICE). Asked about any dizziness, their honest
        # "yes" at every check-in was an ambulance call; they would call needlessly or learn to answer
        # "no" and miss a real new sign (a physiotherapist's review, 2026-12-03d, finding 3; hazard H22).
        # §4.2 vascular row: neck pain with dizziness, diplopia, dysarthria, dysphagia, drop attacks or
        # numbness is an emergency.
        RedFlag(
            "cervical_arterial_symptoms",
            "With neck pain: dizziness that is new or worse, double vision, trouble speaking or "
            "swallowing, sudden falls, or numbness in the face?",
            "possible cervical arterial dysfunction",
            Urgency.EMERGENCY,
        ),
        RedFlag(
            "inflammatory_back_pain",
            "Back pain with morning stiffness over 30 minutes that eases with movement, for more "
            "than 3 months, starting before age 45?",
            "possible axial spondyloarthritis: rheumatology referral",
            Urgency.ROUTINE,
        ),
    )
}

# The signs to stop exercise and get help with heart disease or heart failure, as a patient can send
# them to the clinic from the 'When to get help' page (hazard H54). The clinical reference is silent
# on heart disease; the signs are those of the 2021 ESC heart failure guidelines and Piepoli et al.
# 2011 (Eur J Heart Fail), as the plan tells them (rehab.core.planning.comorbidities.HEART_STOP_SIGNS).
# Chest pain and fainting are an emergency (call for an ambulance now); the others are seen the same
# day ("contact your clinic or doctor today", and no exercise until then: HEART_STOP_ADVICE). They
# are red flags like the others: triaged, alerted and standing until a clinician's screening. They
# are not on everyone's list: only a person whose program gave them the signs is shown them.
HEART_FLAGS: dict[str, RedFlag] = {
    flag.id: flag
    for flag in (
        RedFlag("heart_chest_pain", "Pain, pressure or tightness in your chest.",
                "chest pain with heart disease: possible acute coronary syndrome", Urgency.EMERGENCY,
                "Pain, pressure or tightness in the chest?"),
        RedFlag("heart_fainted", "You fainted.",
                "fainting with heart disease: possible arrhythmia or unstable heart disease", Urgency.EMERGENCY,
                "Fainting (loss of consciousness)?"),
        RedFlag("heart_dizzy", "You feel dizzy or faint.",
                "dizziness with heart disease: possible arrhythmia, low blood pressure or a medicine effect",
                Urgency.URGENT, "Dizziness or feeling faint (near-fainting)?"),
        RedFlag("heart_breathless", "You are more out of breath than usual for what you are doing.",
                "unusual breathlessness with heart disease: possible worsening heart failure", Urgency.URGENT,
                "More breathless than usual for the activity?"),
        RedFlag("heart_racing", "Your heart is racing or beating unevenly.",
                "palpitations with heart disease: possible arrhythmia", Urgency.URGENT,
                "Palpitations: a racing or irregular heartbeat?"),
        RedFlag("heart_swelling_or_weight", "Your ankles swell more than usual, or your weight went up quickly over a few days.",
                "ankle swelling or quick weight gain with heart disease: possible fluid retention, worsening heart failure",
                Urgency.URGENT, "Ankle swelling more than usual, or quick weight gain over a few days?"),
    )
}
# When a heart sign calls for an ambulance, in the person's words: the one source for the plan's signs
# to stop (rehab.core.planning.comorbidities.HEART_STOP_ADVICE) and the advice after a same-day heart
# sign (rehab.core.engine.messages.urgent_referral_advice), so a person with a heart sign is told the
# heart's ambulance signs, not the spine's (a physiotherapist's check, 2026-12-03g, finding 7; H54).
# Chest pain that does not settle with rest and fainting are the emergency tier above; breathlessness
# at rest is where the urgent "more out of breath than usual" sign becomes an emergency (possible
# acute heart failure: 2021 ESC heart failure guidelines; the clinical reference is silent).
HEART_AMBULANCE = ("Call for an ambulance now if chest pain does not go after a few minutes of rest. Do the same "
                   "if you faint, or if you are very short of breath at rest.")
# The warning signs to stop exercise in pregnancy, as a pregnant person can send them to the clinic from
# the 'When to get help' page, like the heart signs (hazard H23). The plan lists the same words
# (rehab.core.planning.comorbidities.PREGNANCY_STOP_SIGNS is read from here: one source). The clinical
# reference is silent on pregnancy: the signs are ACOG Committee Opinion 804 (2020); the route for each is
# the plan's own (NICE NG133, 2019, and NHS pregnancy guidance, as checked by physiotherapists' reviews
# 2026-12-03e and 03g): bleeding, fluid leaking, contractions that keep coming and the signs of
# pre-eclampsia (a very bad or lasting headache, trouble seeing, sudden swelling) go to the maternity unit
# now (EMERGENCY, MATERNITY_NOW); chest pain is an ambulance (EMERGENCY); the others are the same day
# (URGENT, "contact your midwife or doctor today").
# Since the page became "When to get help" with a Send button, it also asks the signs that are not on ACOG's
# list to stop exercise but must not wait (a physiotherapist's re-check, 2026-12-03j, finding 3; outside the
# clinical reference and not checked against it): the baby moving less than usual or a changed pattern
# (RCOG Green-top Guideline 57, reduced fetal movements, from 24 weeks, and NHS pregnancy guidance: call the
# maternity unit straight away, do not wait until the next day), bad belly pain that does not stop between
# tightenings (possible placental abruption: NHS pregnancy guidance) and pain just below the ribs (a sign of
# pre-eclampsia: NICE NG133, 2019) go to the maternity unit now; fainting or being very short of breath at
# rest (possible pulmonary embolism or bleeding inside: NHS pregnancy guidance) is an ambulance, as the heart
# plan's "very short of breath at rest" is.
PREGNANCY_FLAGS: dict[str, RedFlag] = {
    flag.id: flag
    for flag in (
        RedFlag("pregnancy_bleeding", "Bleeding from your vagina.",
                "vaginal bleeding in pregnancy: possible miscarriage, placental problem or preterm labour",
                Urgency.EMERGENCY, "Vaginal bleeding?"),
        RedFlag("pregnancy_contractions", "Your belly tightens and hurts, again and again (contractions).",
                "regular painful contractions: possible preterm labour", Urgency.EMERGENCY,
                "Regular painful contractions?"),
        RedFlag("pregnancy_fluid", "Fluid leaking from your vagina.",
                "amniotic fluid leakage: possible ruptured membranes", Urgency.EMERGENCY,
                "Leakage of fluid from the vagina (amniotic fluid)?"),
        RedFlag("pregnancy_chest_pain", "Pain in your chest.",
                "chest pain in pregnancy: possible pulmonary embolism or a cardiac cause", Urgency.EMERGENCY,
                "Chest pain?"),
        RedFlag("pregnancy_calf", "Pain or swelling in your calf.",
                "calf pain or swelling in pregnancy: possible deep vein thrombosis", Urgency.URGENT,
                "Calf pain or swelling?"),
        RedFlag("pregnancy_headache", "A very bad headache, or a headache that does not go away.",
                "severe or persistent headache in pregnancy: possible pre-eclampsia", Urgency.EMERGENCY,
                "A severe headache, or one that does not go away?"),
        RedFlag("pregnancy_vision", "Trouble seeing, such as blurred vision or flashing lights.",
                "visual disturbance in pregnancy: possible pre-eclampsia", Urgency.EMERGENCY,
                "Visual disturbance (blurring, flashing lights)?"),
        RedFlag("pregnancy_sudden_swelling", "Sudden swelling of your face, hands or feet.",
                "sudden swelling of the face, hands or feet: possible pre-eclampsia", Urgency.EMERGENCY,
                "Sudden swelling of the face, hands or feet?"),
        RedFlag("pregnancy_baby_moving_less", "Your baby is moving less than usual, or in a different way.",
                "reduced or changed fetal movements: possible fetal compromise, same-day maternity assessment "
                "(RCOG GTG 57, from 24 weeks)", Urgency.EMERGENCY,
                "Fewer or changed fetal movements (from about 24 weeks)?"),
        RedFlag("pregnancy_belly_pain", "Bad pain in your belly that does not stop, even between tightenings.",
                "severe or constant abdominal pain in pregnancy: possible placental abruption", Urgency.EMERGENCY,
                "Severe or constant abdominal pain, not easing between contractions?"),
        RedFlag("pregnancy_rib_pain", "Pain just below your ribs.",
                "pain just below the ribs (epigastric or right upper quadrant) in pregnancy: possible "
                "pre-eclampsia or HELLP syndrome", Urgency.EMERGENCY,
                "Pain just below the ribs (epigastric or right upper quadrant)?"),
        RedFlag("pregnancy_faint_or_breathless_at_rest", "You fainted, or you are very short of breath at rest.",
                "fainting or severe breathlessness at rest in pregnancy: possible pulmonary embolism, bleeding or "
                "a cardiac cause", Urgency.EMERGENCY, "Fainting, or severe breathlessness at rest?"),
        RedFlag("pregnancy_dizzy", "You feel dizzy or faint, or you have a mild headache.",
                "dizziness, faintness or mild headache in pregnancy: needs a same-day check", Urgency.URGENT,
                "Dizziness or feeling faint, or a mild headache?"),
        RedFlag("pregnancy_breathless", "You are short of breath before you start.",
                "breathlessness before exertion in pregnancy: possible anaemia, embolism or a cardiac cause",
                Urgency.URGENT, "Short of breath before any exertion?"),
        RedFlag("pregnancy_weak_balance", "Your muscles feel weak and you lose your balance.",
                "muscle weakness affecting balance in pregnancy: needs a same-day check", Urgency.URGENT,
                "Muscle weakness affecting balance?"),
    )
}
# The emergency pregnancy signs that go to the maternity unit now, not to an ambulance (chest pain and
# fainting or being very short of breath at rest are the ambulance's; heavy bleeding too, which the words say).
MATERNITY_NOW = frozenset({"pregnancy_bleeding", "pregnancy_contractions", "pregnancy_fluid", "pregnancy_headache",
                           "pregnancy_vision", "pregnancy_sudden_swelling", "pregnancy_baby_moving_less",
                           "pregnancy_belly_pain", "pregnancy_rib_pain"})
# What to do for them, in the person's words: the one source for the plan's advice
# (rehab.core.planning.comorbidities.PREGNANCY_STOP_ADVICE) and the advice after a pregnancy sign is sent.
MATERNITY_NOW_WORDS = ("Call your maternity unit now if you bleed, if fluid leaks, or if the tightenings keep coming. "
                       "Call them now too for a very bad headache or one that does not go away, trouble seeing, or "
                       "sudden swelling. Do the same if your baby moves less than usual, or for bad pain in your "
                       "belly or below your ribs. Call an ambulance if you have chest pain, if you faint, if you "
                       "are very short of breath at rest, or if you bleed a lot.")
# A flag set whose signs belong to a condition the program planned for: the patient's help page offers
# them under "Because of your ...", and the clinician's forms ask them, only for that condition.
CONDITION_FLAGS: dict[str, dict[str, RedFlag]] = {"heart": HEART_FLAGS, "pregnancy": PREGNANCY_FLAGS}
# Every sign a screening may answer yes: the spinal red flags everyone is asked, the heart signs and the
# pregnancy signs.
ALL_FLAGS: dict[str, RedFlag] = {**RED_FLAGS, **HEART_FLAGS, **PREGNANCY_FLAGS}

# Cauda equina and cord-compression signs: with a history of cancer they suggest metastatic cord
# compression, an emergency (clinical reference §4.2, malignancy row).
_NEURO_FLAGS = frozenset(
    {
        "saddle_anaesthesia",
        "bladder_or_bowel_dysfunction",
        "bilateral_leg_neuro_symptoms",
        "progressive_motor_weakness",
    }
)


@dataclass(frozen=True, slots=True)
class Triage:
    """The safety result: the referral urgency if any flag fired, whether new symptoms must hold
    progression for clinician review, the criteria checked and the alerts raised."""

    urgency: Urgency | None
    flags: tuple[str, ...]
    symptoms: tuple[str, ...]
    criteria: tuple[Criterion, Criterion]
    alerts: tuple[Alert, ...]

    @property
    def hold_for_review(self) -> bool:
        return bool(self.symptoms)


def referral_urgency(flags: frozenset[str], symptoms: Symptoms) -> Urgency | None:
    """The most urgent tier among the flags answered yes, with escalation for combinations."""
    if not flags:
        return None
    urgency = max((ALL_FLAGS[f].urgency for f in flags), key=URGENCY_RANK.__getitem__)
    if "history_of_cancer" in flags and (flags & _NEURO_FLAGS or symptoms.new_neuro_symptoms):
        return Urgency.EMERGENCY
    return urgency


def stops_exercise(urgency: Urgency | None) -> bool:
    """An emergency or urgent referral stops all exercise until a clinician has seen the person; a
    routine one only stops progression (clinical reference §4.2: emergency now, urgent the same
    day, routine at the next contact). The check-in, the patient's Today page and the session log
    all ask this one question."""
    return urgency is Urgency.EMERGENCY or urgency is Urgency.URGENT


# What the clinician is asked to do. A new or worsening neurological sign is seen the same day, flare
# or not (§4.2: a new or progressive deficit is URGENT; hazard H50): the check-in refers it and exercise
# pauses. Unexplained swelling holds progression until examined.
_NEW_SYMPTOM_ALERTS = {
    "new_neuro_symptoms": "Patient reports new or worsening numbness, tingling or weakness: exercise is paused; "
                          "contact the patient today and arrange an assessment the same day (dermatomes, myotomes, "
                          "reflexes, upper motor neurone signs; cauda equina questions; with neck pain, cervical "
                          "cord and arterial questions).",
    "unexplained_swelling": "Patient reports unexplained swelling: review before any progression.",
}

_ALL_CLEAR = (
    Criterion("red_flags_absent", "safety", (), "none answered yes", True, sources.RED_FLAGS),
    Criterion("no_new_symptoms", "safety", (), "none reported", True, sources.NEW_SYMPTOMS),
)

# Nearly every check-in: one immutable value for all of them.
_NOTHING_FOUND = Triage(None, (), (), _ALL_CLEAR, ())


def triage(flags: frozenset[str], symptoms: Symptoms) -> Triage:
    if not flags and not symptoms.new_neuro_symptoms and not symptoms.unexplained_swelling:
        return _NOTHING_FOUND
    ordered = tuple(sorted(flags))
    urgency = referral_urgency(flags, symptoms)
    new_symptoms = tuple(
        name
        for name, present in (
            ("new_neuro_symptoms", symptoms.new_neuro_symptoms),
            ("unexplained_swelling", symptoms.unexplained_swelling),
        )
        if present
    )
    criteria = (
        Criterion("red_flags_absent", "safety", ordered, "none answered yes", not ordered, sources.RED_FLAGS),
        Criterion(
            "no_new_symptoms", "safety", new_symptoms, "none reported", not new_symptoms, sources.NEW_SYMPTOMS
        ),
    )
    alerts = []
    if urgency is not None:
        concerns = "; ".join(sorted({ALL_FLAGS[f].concern for f in flags}))
        named = ", ".join(ordered)
        if urgency is Urgency.EMERGENCY and "history_of_cancer" in flags and (
                flags & _NEURO_FLAGS or symptoms.new_neuro_symptoms):
            # Each flag's concern alone undersells the pair, and the pair is named in the same
            # sentence (physiotherapist's reviews, 2026-12-03).
            if not flags & _NEURO_FLAGS:
                named += ", with new numbness, tingling or weakness reported"
            concerns = "together, suspected metastatic spinal cord compression (emergency); " + concerns
        alerts.append(Alert(f"red_flag_{urgency.value}", f"Red flag ({named}): {concerns}."))
    for name in new_symptoms:
        if name == "new_neuro_symptoms" and urgency is Urgency.EMERGENCY:
            # The red flag's emergency decides; "the same day" beside it would read as a choice.
            alerts.append(Alert(name, "Patient reports new or worsening numbness, tingling or weakness, with the red "
                                      "flags above: an emergency (with a history of cancer, suspected metastatic "
                                      "spinal cord compression). Confirm they have gone to an emergency department."))
        else:
            alerts.append(Alert(name, _NEW_SYMPTOM_ALERTS[name]))
    return Triage(urgency, ordered, new_symptoms, criteria, tuple(alerts))


@dataclass(frozen=True)
class ScreeningAnswers:
    """One red-flag screening as answered: by a clinician (who examined the person) or not."""

    by_clinician: bool
    flags: frozenset[str]
    symptoms: Symptoms


def standing_answers(screenings: Iterable[ScreeningAnswers]) -> tuple[frozenset[str], Symptoms]:
    """The red flags and new symptoms in force, from the screenings oldest first.

    A clinician's screening replaces what stood before: they have seen the person and can clear a
    sign. A patient's own answers only add to it: ticking nothing, or a milder sign, from the app
    never clears or downgrades a referral; it stays until a clinician has reviewed it (no path
    progresses a patient past a red flag). Clinical reference §4.2, implementation notes: 'The
    engine can only escalate; a clinician de-escalates.'

    A history of cancer is a lasting fact, not a sign that clears. A clinician who has examined the
    person clears the referral it asked for by leaving it unticked, but neurological signs the
    patient reports after that are still, with that history, suspected metastatic cord compression:
    an emergency (§4.2, malignancy row; hazard H02). So a cancer history ever answered yes stands
    again beside a neurological sign reported since the last clinician's screening. A clinician's
    own screening is taken as they recorded it (they examined the person: the clinician
    de-escalates), so a sign they have examined is not escalated again at every check-in."""
    flags: frozenset[str] = frozenset()
    neuro = swelling = cancer_history = reported_since_clinician = False
    for screening in screenings:
        cancer_history = cancer_history or "history_of_cancer" in screening.flags
        reported_since_clinician = not screening.by_clinician and (
            reported_since_clinician or screening.symptoms.new_neuro_symptoms or bool(screening.flags & _NEURO_FLAGS))
        if screening.by_clinician:
            flags, neuro, swelling = (screening.flags, screening.symptoms.new_neuro_symptoms,
                                      screening.symptoms.unexplained_swelling)
        else:
            flags = flags | screening.flags
            neuro = neuro or screening.symptoms.new_neuro_symptoms
            swelling = swelling or screening.symptoms.unexplained_swelling
    if cancer_history and reported_since_clinician:
        flags = flags | {"history_of_cancer"}
    return flags, Symptoms(neuro, swelling)
