"""Goal Attainment Scaling (Kiresuk & Sherman 1968; Turner-Stokes 2009, clinical reference §6.2).

Each goal is scored on five levels around the expected outcome; the T-score summarises several
goals on one scale with mean 50 and SD about 10, so 50 means "goals met as expected". Goals the
patient names on the PSFS make natural GAS goals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import IntEnum

# The inter-goal correlation Kiresuk & Sherman assumed; 0.3 is the standard default.
DEFAULT_RHO = 0.3


class GasLevel(IntEnum):
    MUCH_LESS_THAN_EXPECTED = -2
    SOMEWHAT_LESS_THAN_EXPECTED = -1
    EXPECTED = 0
    SOMEWHAT_MORE_THAN_EXPECTED = 1
    MUCH_MORE_THAN_EXPECTED = 2

    @property
    def meaning(self) -> str:
        return self.name.lower().replace("_", " ")


class GoalAttainmentError(ValueError):
    """Levels or weights that cannot be scored; the message is one line."""


def level_when_expected_not_reached(worse_than_baseline: bool) -> GasLevel:
    """Turner-Stokes convention: the baseline is set at -1, so a goal left at baseline scores -1
    and one that ended worse than baseline scores -2."""
    return GasLevel.MUCH_LESS_THAN_EXPECTED if worse_than_baseline else GasLevel.SOMEWHAT_LESS_THAN_EXPECTED


def t_score(levels: Sequence[int], weights: Sequence[float] | None = None, rho: float = DEFAULT_RHO) -> float:
    """Kiresuk-Sherman T = 50 + 10 x sum(w x) / sqrt((1 - rho) sum(w^2) + rho (sum w)^2).

    Unweighted, with rho = 0.3: T = 50 + 10 x sum(x) / sqrt(0.7 n + 0.3 n^2). Weights, if used,
    are often importance x difficulty (Turner-Stokes; scheme unverified).
    """
    if not levels:
        raise GoalAttainmentError("GAS needs at least one goal")
    for level in levels:
        if isinstance(level, bool) or level not in tuple(GasLevel):
            raise GoalAttainmentError(f"GAS level {level!r} is not one of -2, -1, 0, +1, +2")
    weights = [1.0] * len(levels) if weights is None else list(weights)
    if len(weights) != len(levels):
        raise GoalAttainmentError(f"{len(levels)} goals but {len(weights)} weights")
    if any(w < 0 for w in weights) or not any(w > 0 for w in weights):
        raise GoalAttainmentError("weights must be 0 or more, and at least one above 0")
    if not 0 <= rho < 1:
        raise GoalAttainmentError(f"rho must be from 0 up to (not including) 1, got {rho:g}")
    weighted = sum(w * x for w, x in zip(weights, levels))
    spread = math.sqrt((1 - rho) * sum(w * w for w in weights) + rho * sum(weights) ** 2)
    return 50 + 10 * weighted / spread
