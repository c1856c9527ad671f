"""Change between two administrations: better, worse, or no reliable change, with the numbers.

Two questions are kept apart (clinical reference §7.1): is the change *reliable* (bigger than
measurement error) and is it *important* (at least the MCID)? Reliability comes from the
Jacobson-Truax reliable change index when a reference SD and a test-retest reliability are known,
otherwise from the instrument's published MDC. Whether a rise is good or bad depends on the scale,
so every judgement goes through the instrument's direction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from rehab.instruments.model import Direction, Mcid, Mdc

# |RCI| above 1.96: a change this large arises from measurement error alone less than 5% of the time
# (Jacobson & Truax 1991).
RELIABLE_Z = 1.96
BETTER, WORSE, NO_RELIABLE_CHANGE, UNCLEAR = "better", "worse", "no reliable change", "unclear"


class Measure(Protocol):
    """What change interpretation needs from a questionnaire or a performance test."""

    id: str
    unit: str
    direction: Direction
    mcid: Mcid | None
    mdc: Mdc | None


@dataclass(frozen=True, slots=True)
class Change:
    before: float
    after: float
    raw: float  # after - before, in the measure's unit
    percent: float | None  # of the earlier value; None when that was 0
    mcid: float | None  # MCID points that applied at this baseline
    mcid_met: bool | None  # None when the measure has no MCID
    reliable_change_index: float | None  # None unless a reference SD and reliability are known
    beyond_mdc: bool | None  # None when the measure has no published MDC
    reliable: bool | None  # from the RCI when known, else from the MDC, else None
    verdict: str  # better / worse / no reliable change / unclear
    interpretation: str  # the verdict with the numbers behind it


class ChangeError(ValueError):
    """A reference SD or reliability that cannot be used; the message is one line."""


def standard_error_of_measurement(reference_sd: float, reliability: float) -> float:
    """SEM = SD x sqrt(1 - r), SD from a reference sample, r its test-retest reliability (§7.1)."""
    return reference_sd * math.sqrt(1 - reliability)


def reliable_change_index(before: float, after: float, reference_sd: float, reliability: float) -> float:
    """Jacobson & Truax 1991, with the Christensen & Mendoza correction:
    RCI = (after - before) / S_diff, where S_diff = sqrt(2) x SEM."""
    if not reference_sd > 0:
        raise ChangeError(f"reference SD must be above 0, got {reference_sd:g}")
    if not 0 <= reliability < 1:
        raise ChangeError(f"reliability must be from 0 up to (not including) 1, got {reliability:g}")
    return (after - before) / (math.sqrt(2) * standard_error_of_measurement(reference_sd, reliability))


def compare(
    measure: Measure,
    before: float,
    after: float,
    *,
    reference_sd: float | None = None,
    reliability: float | None = None,
) -> Change:
    """Interpret the change from ``before`` to ``after`` on ``measure``."""
    if (reference_sd is None) != (reliability is None):
        raise ChangeError("an RCI needs both a reference SD and a reliability")
    raw = after - before
    percent = raw / abs(before) * 100 if before != 0 else None
    mcid_points = measure.mcid.points_for(before) if measure.mcid else None
    mcid_met = _reaches_mcid(measure.mcid, mcid_points, raw, percent) if measure.mcid else None
    rci = reliable_change_index(before, after, reference_sd, reliability) if reference_sd is not None else None
    beyond_mdc = abs(raw) >= measure.mdc.points - 1e-9 if measure.mdc else None
    reliable = abs(rci) > RELIABLE_Z if rci is not None else beyond_mdc
    verdict = _verdict(measure.direction, raw, reliable, mcid_met)
    parts = [_head(verdict, raw, percent, measure.unit), _mcid_text(measure, mcid_points, mcid_met)]
    parts.append(_reliability_text(measure, rci, beyond_mdc))
    return Change(before, after, raw, percent, mcid_points, mcid_met, rci, beyond_mdc, reliable, verdict, "; ".join(parts))


def _reaches_mcid(mcid: Mcid, points: float | None, raw: float, percent: float | None) -> bool:
    if raw == 0:
        return False
    points_ok = points is None or abs(raw) >= points - 1e-9
    # A change from 0 is an unbounded percentage, so it always passes a percent rule.
    percent_ok = mcid.percent is None or percent is None or abs(percent) >= mcid.percent - 1e-9
    return points_ok and percent_ok


def _verdict(direction: Direction, raw: float, reliable: bool | None, mcid_met: bool | None) -> str:
    if raw == 0:
        return NO_RELIABLE_CHANGE
    counts = reliable if reliable is not None else mcid_met
    if counts is None:
        return UNCLEAR
    if not counts:
        return NO_RELIABLE_CHANGE
    return BETTER if direction.improved(raw) else WORSE


def number(value: float) -> str:
    """A value as a clinician reads it: at most 2 decimals, no trailing zeros."""
    return f"{round(value, 2):g}"


def _head(verdict: str, raw: float, percent: float | None, unit: str) -> str:
    text = f"{verdict}: {'+' if raw > 0 else ''}{number(raw)} {unit}"
    return text + (f" ({'+' if percent > 0 else ''}{percent:.0f}%)" if percent is not None else "")


def _mcid_text(measure: Measure, points: float | None, met: bool | None) -> str:
    if measure.mcid is None:
        return "no MCID known"
    needed = " and ".join(
        part for part in (f"{number(points)} {measure.unit}" if points is not None else "",
                          f"{number(measure.mcid.percent)}%" if measure.mcid.percent is not None else "") if part
    )
    scope = f" ({measure.mcid.applies_to})" if measure.mcid.applies_to else ""
    return f"{'reaches' if met else 'below'} the MCID of {needed}{scope}"


def _reliability_text(measure: Measure, rci: float | None, beyond_mdc: bool | None) -> str:
    if rci is not None:
        side = "beyond" if abs(rci) > RELIABLE_Z else "within"
        return f"RCI {rci:+.2f}, {side} +/-{RELIABLE_Z} (Jacobson & Truax 1991)"
    if beyond_mdc is not None:
        return f"{'at or beyond' if beyond_mdc else 'within'} the MDC of {number(measure.mdc.points)} {measure.unit}"
    return "reliability not known: no published MDC, and no reference SD and reliability for an RCI"
