"""Which progression strategy suits this person, and why, in two voices.

Symptom-contingent progress (Silbernagel's pain-monitoring model, clinical reference §3.1) advances
only while pain during a session stays at or under the limit (5/10 by default). A person whose
everyday pain is already above that limit, who is in a flare, or whose pain is widespread would be
held at every session: a strategy they could never progress under. They get time-contingent graded
activity instead, where quotas rise on a schedule agreed in advance and only the flare rules
(against the personal baseline) and safety stop a raise (operant graded activity, §3.2; activity
pacing, §3.4). High pain-related fear (e.g. TSK-11, FABQ) or a high STarT Back risk leads the same
way (§3.2-3.3, §4.3), and when that fear is about activities the person can name, graded exposure
is offered: those activities become the first items of a fear hierarchy worked up by behavioural
experiments (Vlaeyen 2001/2002, Leeuw 2008; §3.3).

Each choice carries a plain sentence for the person and a rationale with its source for the
clinician.
"""

from __future__ import annotations

from dataclasses import dataclass

from rehab.core import sources
from rehab.core.models import Limits, Strategy
from rehab.core.planning.intake import Intake, RiskGroup
from rehab.core.planning.library import Region

# Pain in this many body regions or more, or in the whole body, is widespread (rehab convention,
# after the regional counts of widespread-pain criteria; clinical reference §3.2, §3.4).
WIDESPREAD_REGIONS = 3


@dataclass(frozen=True, slots=True)
class StrategyChoice:
    strategy: Strategy
    plain: str  # for the person: plain words, no sources
    rationale: str  # for the clinician: the readings, the rule and its source
    exposure_offered: tuple[str, ...] = ()  # feared activities to start a fear hierarchy with


def widespread(intake: Intake) -> bool:
    regions = set(intake.person.pain_regions)
    return Region.WHOLE_BODY in regions or len(regions) >= WIDESPREAD_REGIONS


def pain_led_blockers(intake: Intake, limits: Limits | None = None) -> list[tuple[str, str]]:
    """What would hold a pain-led (symptom-contingent) program at every session: (plain, clinical)."""
    limit = (limits or Limits()).pain_during_max
    found = []
    usual = intake.baseline.usual_pain
    # Everyday pain already over the limit: no session could ever pass "pain during <= limit".
    # Usual pain exactly at the limit passes it, so it alone does not block (the limit is "<=").
    if usual is not None and usual > limit:
        found.append((f"Your usual pain is {usual:g} out of 10.",
                      f"usual pain {usual:g}/10 above the pain-during limit {limit:g}/10"))
    if intake.constraints.in_flare:
        found.append(("You are in a flare.", "in a flare at intake"))
    if widespread(intake):
        found.append(("Your pain is in many parts of your body.",
                      f"widespread pain ({len(set(intake.person.pain_regions))} regions or whole body)"))
    return found


def _fear_readings(intake: Intake) -> list[tuple[str, str]]:
    p = intake.baseline.psychosocial
    found = []
    if p.fear_avoidance_high:
        found.append(("You are wary of moving.", "high fear of movement (e.g. TSK-11 >= 29 or FABQ high)"))
    if p.start_back is RiskGroup.HIGH:
        # Not "a high risk that pain will stay": a prognosis said to the person is a nocebo (reviewer's
        # finding 9); the risk group stays on the clinician's side.
        if Region.LUMBAR in intake.person.pain_regions:
            found.append(("Your answers about your back show that a steady plan suits you best.", "STarT Back high risk"))
        else:  # Keele's tool is for low back pain (clinical reference §1.10): not "your back" to her
            found.append(("Your screening answers show that a steady plan suits you best.",
                          "STarT Back high risk (a low back pain tool: read with care outside low back pain, §1.10)"))
    return found


def usual_pain_above_limit(intake: Intake, limits: Limits | None = None) -> bool:
    """Would a pain-during limit sit below this person's everyday pain? Then no session could pass it."""
    usual = intake.baseline.usual_pain
    return usual is not None and usual > (limits or Limits()).pain_during_max


def _clinicians_choice(intake: Intake) -> StrategyChoice:
    """The clinician's strategy stands, except symptom-contingent progress with a pain limit below
    the person's usual pain: every session would break the limit and regress to the floor, and the
    person would learn that their ordinary pain means harm (hazard H14; clinical reference §3.1-3.2).
    That one is replaced by time-contingent progress, said to both readers."""
    chosen = intake.strategy
    limit = Limits().pain_during_max
    if chosen is Strategy.SYMPTOM_CONTINGENT and usual_pain_above_limit(intake):
        usual = intake.baseline.usual_pain
        return StrategyChoice(
            Strategy.TIME_CONTINGENT,
            f"Your exercise goes up on a set plan, not by how pain feels on the day. Your usual pain "
            f"is {usual:g} out of 10, so a pain limit of {limit:g} would stop every session. Your "
            "clinician can talk this through with you.",
            f"Clinician chose symptom_contingent, not applied: usual pain {usual:g}/10 is above the "
            f"pain-during limit {limit:g}/10, so every session would break the limit and regress "
            f"(hazard H14). Time-contingent instead ({sources.OPERANT_QUOTAS}; {sources.PACING_INCREMENT}). "
            "To use a pain-led pace, set a pain limit at or above the usual pain first.",
        )
    plain = "Your clinician chose how your program moves up."
    rationale = f"Strategy {chosen.value} set by the clinician in the intake."
    concerns = [c for _, c in pain_led_blockers(intake)]
    if chosen is Strategy.SYMPTOM_CONTINGENT and concerns:
        rationale += (f" Caution: {'; '.join(concerns)}; pain is a poor guide to progress here "
                      f"({sources.OPERANT_QUOTAS}).")
    return StrategyChoice(chosen, plain, rationale)


def choose_strategy(intake: Intake) -> StrategyChoice:
    """The strategy for this person's exercise and why (a clinician's choice always stands)."""
    if intake.strategy is not None:
        return _clinicians_choice(intake)
    p = intake.baseline.psychosocial
    feared = tuple(p.feared_activities)
    fear = _fear_readings(intake)
    blockers = pain_led_blockers(intake)
    if p.fear_avoidance_high and feared:
        items = ", ".join(feared)
        return StrategyChoice(
            Strategy.TIME_CONTINGENT,
            "You are wary of some things you named. We offer to try them in small, safe steps, "
            "one at a time, to see what really happens. Your exercise goes up on a set plan, "
            "not by how pain feels on the day.",
            f"Graded exposure offered: high fear of movement that is specific (feared activities: {items}); "
            "these start the fear hierarchy, to be rated 0-100 with the clinician before the first experiment. "
            f"Exercise meanwhile progresses time-contingently ({sources.GRADED_EXPOSURE}; {sources.OPERANT_QUOTAS}).",
            feared,
        )
    if fear or blockers:
        plain_why = " ".join(w for w, _ in fear + blockers)
        clinical_why = "; ".join(c for _, c in fear + blockers)
        rule = ("a pain-during limit would hold every session, so the person could never progress"
                if blockers else "pain is a poor guide to progress when fear or risk is high")
        return StrategyChoice(
            Strategy.TIME_CONTINGENT,
            f"Your exercise goes up on a set plan, not by how pain feels on the day. This is why: {plain_why}",
            f"Time-contingent graded activity: {clinical_why}; {rule} ({sources.OPERANT_QUOTAS}; "
            f"{sources.PACING_INCREMENT}).",
        )
    return StrategyChoice(
        Strategy.SYMPTOM_CONTINGENT,
        "How your body feels during and the morning after each session sets the pace.",
        f"Symptom-contingent: no high fear or risk, no flare, no widespread pain, usual pain within the limit "
        f"({sources.SILBERNAGEL_PAIN_MONITORING}).",
    )
