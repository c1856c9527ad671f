"""Referral steps the psychosocial screens call for: who to refer to, why, on which scores.

The guide asks for psychosocial support alongside exercise: individual therapy for catastrophising
and fear, attention to mood, a programme when confidence is low. A reading module is not support:
a screen that shows moderate or severe depression or anxiety, high catastrophising or low
self-efficacy becomes a *referral step*, a stored item the clinician acts on and follows up at the
next review (``rehab.services.referrals``). The thresholds are the psychosocial profile's own
(``rehab.instruments.psychosocial.RULES``, clinical reference §1.4-1.9, §4.3):

* PHQ-9 >= 10 (moderate or worse depression; Kroenke 2001, Arroll 2010) or GAD-7 >= 10 (moderate or
  worse anxiety; Spitzer 2006), or a positive PHQ-4 subscale: the person's GP, for assessment and
  treatment of depression or anxiety;
* PCS >= 30 (clinically relevant catastrophising, §1.8): a psychologist (CBT- or ACT-based work on
  catastrophising, the guide's "individual therapy");
* PSEQ in its low band (below 25; Nicholas 2007, soft guidance, §1.9): a pain-management programme
  (group CBT-based self-management).

And one that cannot wait: PHQ-9 item 9 (thoughts of self-harm) above 0 asks for a same-day risk
assessment by a clinician whatever the total (§1.4). Until that assessment is recorded, automated
advice is paused (``rehab.core.engine.progression.check_in`` holds; hazard H48). Item 9 left
unanswered is not a "no": the person may have skipped the one question they did not want to answer,
so it is not known to be safe, and it opens the same same-day step (the clinician asks the question
and assesses if needed) with the same pause (hazard H43).
"""

from __future__ import annotations

from dataclasses import dataclass

from rehab.instruments.psychosocial import (
    ANXIETY,
    CATASTROPHISING,
    DEPRESSION,
    SELF_EFFICACY,
    YELLOW_FLAGS,
    PsychosocialProfile,
)

RISK_ASSESSMENT = "risk_assessment"
GP = "gp"
PSYCHOLOGY = "psychology"
PAIN_MANAGEMENT = "pain_management"

# Destination -> what the step asks, in the clinician's words.
DESTINATIONS: dict[str, str] = {
    RISK_ASSESSMENT: "a clinician's risk assessment today",
    GP: "the GP, for assessment and treatment of low mood or anxiety",
    PSYCHOLOGY: "a psychologist, for work on catastrophising (CBT- or ACT-based)",
    PAIN_MANAGEMENT: "a pain-management programme, to build confidence in managing pain",
}
# Which destination each flagged domain of the profile calls for.
BY_DOMAIN: dict[str, str] = {DEPRESSION: GP, ANXIETY: GP, CATASTROPHISING: PSYCHOLOGY, SELF_EFFICACY: PAIN_MANAGEMENT}
SELF_HARM_ALERT = "phq9_self_harm"
SELF_HARM_UNANSWERED_ALERT = SELF_HARM_ALERT + "_unanswered"  # rehab.instruments.scoring names it so
SOURCES: dict[str, str] = {
    RISK_ASSESSMENT: "PHQ-9 item 9 above 0, or left unanswered (not known to be safe): same-day clinician risk assessment "
                     "whatever the total (clinical reference §1.4; local policy)",
    GP: "PHQ-9 >= 10 (Kroenke 2001; Arroll 2010), GAD-7 >= 10 (Spitzer 2006), PHQ-4 subscale >= 3 (Kroenke 2009); " + YELLOW_FLAGS,
    PSYCHOLOGY: "PCS >= 30, about the 75th percentile of chronic pain samples (Sullivan 1995; clinical reference §1.8); " + YELLOW_FLAGS,
    PAIN_MANAGEMENT: "PSEQ low band, below 25 (Nicholas 2007, soft guidance; clinical reference §1.9); " + YELLOW_FLAGS,
}


@dataclass(frozen=True, slots=True)
class ReferralNeed:
    destination: str  # a key of DESTINATIONS
    reason: str  # for the clinician: the readings and what they ask
    scores: dict[str, float]  # instrument (or instrument.item) -> the reading behind it
    source: str
    same_day: bool = False
    # The instruments the step rests on when no score does (an unanswered item has no reading).
    instruments: tuple[str, ...] = ()


def referral_needs(profile: PsychosocialProfile) -> tuple[ReferralNeed, ...]:
    """Each referral the screens call for, most urgent first; one per destination."""
    needs: list[ReferralNeed] = []
    harm = [a for a in profile.alerts if a.code == SELF_HARM_ALERT and a.answer is not None and a.answer > 0]
    if harm:
        needs.append(ReferralNeed(
            RISK_ASSESSMENT,
            f"PHQ-9 item 9 (thoughts of self-harm) answered {harm[0].answer:g}: assess risk today, whatever the total. "
            "If they may be in immediate danger, follow your emergency procedure now. Automated advice is paused "
            "until the assessment is recorded.",
            {"phq9.self_harm": harm[0].answer}, SOURCES[RISK_ASSESSMENT], same_day=True))
    elif any(a.code == SELF_HARM_UNANSWERED_ALERT for a in profile.alerts):
        needs.append(ReferralNeed(
            RISK_ASSESSMENT,
            "PHQ-9 item 9 (thoughts of self-harm) was left unanswered: a missing answer is not a no. Ask the question "
            "today and assess risk if needed. Automated advice is paused until the assessment is recorded.",
            {}, SOURCES[RISK_ASSESSMENT], same_day=True, instruments=("phq9",)))
    by_destination: dict[str, list] = {}
    for screen in profile.screens:
        destination = BY_DOMAIN.get(screen.domain)
        if screen.flagged and destination is not None:
            by_destination.setdefault(destination, []).append(screen)
    for destination in (GP, PSYCHOLOGY, PAIN_MANAGEMENT):
        screens = by_destination.get(destination)
        if not screens:
            continue
        readings = "; ".join(f"{s.domain}: {s.instrument.upper()} {s.score:g} ({s.threshold})" for s in screens)
        needs.append(ReferralNeed(
            destination, f"{readings}. Refer to {DESTINATIONS[destination]}.",
            {s.instrument: s.score for s in screens if s.score is not None}, SOURCES[destination]))
    return tuple(needs)
