"""Checkpoints: at a reassessment, advance to the next phase, pause, reformulate, or refer.

Outcome change is read on two axes, as the clinical reference asks (§7.1): is it reliable (beyond
the measurement error) and is it important (beyond the MCID)? The verdicts come from
:mod:`rehab.instruments.change` ("better", "worse", "no reliable change", "unclear").

- Any red flag refers, whatever the scores (§4.2).
- Any measure reliably worse pauses progression to find out why (a setback triggers reassessment, §5.7).
- At least one measure better by its MCID, and none worse: advance to the next phase.
- Otherwise: pause and keep going once; a second checkpoint in a row without progress reformulates
  (reassessment cadence 4-6 weeks, §8; the engine's stall rule reformulates after 6 weeks too).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MeasureChange:
    instrument: str
    verdict: str  # better | worse | no reliable change | unclear
    important: bool | None  # the MCID was reached (None when the instrument has no MCID)
    interpretation: str


@dataclass(frozen=True, slots=True)
class Checkpoint:
    recommendation: str  # advance | pause | reformulate | refer
    reasons: tuple[str, ...]


def checkpoint(referral: str | None, changes: list[MeasureChange], previous: str | None) -> Checkpoint:
    if referral is not None:
        return Checkpoint("refer", (f"red-flag screening: {referral} referral",))
    worse = [c for c in changes if c.verdict == "worse"]
    if worse:
        return Checkpoint("pause", tuple(f"{c.instrument}: {c.interpretation}" for c in worse))
    better = [c for c in changes if c.verdict == "better" and c.important]
    if better:
        return Checkpoint("advance", tuple(f"{c.instrument}: {c.interpretation}" for c in better))
    if not changes:
        return Checkpoint("pause", ("no outcome measure to compare with an earlier one",))
    reasons = tuple(f"{c.instrument}: {c.interpretation}" for c in changes)
    if previous in ("pause", "reformulate"):
        return Checkpoint("reformulate", ("no important improvement at two checkpoints in a row", *reasons))
    return Checkpoint("pause", ("no important improvement yet", *reasons))
