"""Checkpoints: at a reassessment, advance to the next phase, pause, reformulate, or refer.

Outcome change is read on two axes, as the clinical reference asks (§7.1): is it reliable (beyond
the measurement error) and is it important (beyond the MCID)? The verdicts come from
:mod:`rehab.instruments.change` ("better", "worse", "no reliable change", "unclear"). Importance is
judged from the baseline administration (the intake's, or the first after a re-baseline, §7.2 step
5), not from the last one: steady gains in 4-week slices each below the MCID still add up to one
(a physiotherapist's review, 2026-12-03d, finding 6). The step since the last administration is
shown beside it.

Safety first, whatever the scores:

- Any red flag refers (§4.2).
- New numbness, tingling or weakness reported at the reassessment refers the same day (§4.2: new
  neurological deficit, URGENT, clinician or GP the same day; hazard H56).
- A same-day risk assessment open (PHQ-9 item 9 above 0 or left unanswered) pauses: automated advice
  waits for the clinician (§1.4; H48, H56).
- Unexplained swelling pauses until examined (§4.2; H04).
- A performance test newly at or past its fall-risk cut-off pauses, naming it (§2.3, §2.6; H56).

Then the outcome:

- Any measure reliably worse, from baseline or since the last time, pauses to find out why (a
  setback triggers reassessment, §5.7).
- At least one measure better by its MCID from baseline, and none worse: advance.
- Better than at baseline and still going that way (or reliably better, below the MCID): pause and
  keep going (§7.2 step 4, "trend, keep going"); this never counts towards a reformulation.
- Otherwise: pause once; a second checkpoint in a row without progress reformulates (reassessment
  cadence 4-6 weeks, §8; the engine's stall rule reformulates after 6 weeks too).

Every measure is listed in the reasons, whatever decided.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_EARLIER = "no earlier score"


@dataclass(frozen=True, slots=True)
class MeasureChange:
    instrument: str
    verdict: str  # from baseline: better | worse | no reliable change | unclear | no earlier score
    important: bool | None  # the MCID was reached from baseline (None when the instrument has no MCID)
    interpretation: str  # the change from baseline with its numbers, and the last step beside it
    better_than_baseline: bool = False  # moved the better way since baseline, reliably or not
    step_better: bool | None = None  # the last step moved the better way (None: the baseline was the last)
    step_verdict: str | None = None  # the last step's verdict (None: the baseline was the last)
    # Why a fall-risk test pauses, with its values (rehab.instruments.performance.fall_risk_news): newly
    # past its cut-off or a higher band, or past it and worse by more than its MDC.
    fall_risk: str | None = None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    recommendation: str  # advance | pause | reformulate | refer
    reasons: tuple[str, ...]
    stalled: bool = False  # no progress on the outcome measures (two in a row reformulate)


NEW_NEURO_REASON = ("new numbness, tingling or weakness reported at the reassessment: urgent referral, clinician "
                    "or GP the same day (clinical reference §4.2, new neurological deficit)")
RISK_ASSESSMENT_REASON = ("a same-day risk assessment is open (PHQ-9 item 9 above 0 or left unanswered): automated "
                          "advice pauses until a clinician has assessed the risk (clinical reference §1.4)")
SWELLING_REASON = "unexplained swelling reported: hold until examined (clinical reference §4.2)"


def improving(c: MeasureChange) -> bool:
    """Better than at baseline and still going that way, or reliably better though below the MCID
    (§7.2 step 4: keep going)."""
    return c.verdict == "better" or (c.better_than_baseline and c.step_better is not False)


def checkpoint(referral: str | None, changes: list[MeasureChange], previous_stalled: bool, *,
               new_neuro: bool = False, swelling: bool = False, risk_assessment_due: bool = False) -> Checkpoint:
    measures = tuple(f"{c.instrument}: {c.interpretation}" for c in changes)
    if referral is not None:
        return Checkpoint("refer", (f"red-flag screening: {referral} referral", *measures))
    if new_neuro:
        return Checkpoint("refer", (NEW_NEURO_REASON, *measures))
    recommendation, why, stalled = _outcome(changes, previous_stalled)
    safety = []
    if risk_assessment_due:
        safety.append(RISK_ASSESSMENT_REASON)
    if swelling:
        safety.append(SWELLING_REASON)
    for c in changes:
        if c.fall_risk is not None:
            safety.append(f"{c.instrument} {c.fall_risk}: pause and check balance and falls before moving "
                          "on (clinical reference §2.3, §2.6)")
    if safety:
        return Checkpoint("pause", (*safety, *why, *measures), stalled)
    return Checkpoint(recommendation, (*why, *measures), stalled)


def _outcome(changes: list[MeasureChange], previous_stalled: bool) -> tuple[str, tuple[str, ...], bool]:
    compared = [c for c in changes if c.verdict != NO_EARLIER]
    if not compared:
        # No progress shown: it counts towards a reformulation, as before (a first score each time).
        return "pause", ("no outcome measure to compare with an earlier one",), True
    if any(c.verdict == "worse" or c.step_verdict == "worse" for c in compared):
        return "pause", ("a measure is reliably worse: find out why before moving on",), True
    if any(c.verdict == "better" and c.important for c in compared):
        return "advance", (), False
    if any(improving(c) for c in compared):
        return "pause", ("improving from baseline, not yet by the MCID: keep going (clinical reference §7.2 step 4)",), False
    if previous_stalled:
        return "reformulate", ("no important improvement at two checkpoints in a row",), True
    return "pause", ("no important improvement yet",), True
