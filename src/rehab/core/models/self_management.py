"""What a patient may change on their own, and the changes they made (the rules are in
``rehab.core.engine.self_management``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rehab.core.models.dose import Dose


class AdjustmentKind(StrEnum):
    EASIER = "easier"  # the easier step of the same ladder, e.g. on a bad day
    HARDER = "harder"  # the harder step, up to the agreed ceiling, e.g. on a good day
    MOVE = "move"  # the session moved to another day
    SWAP = "swap"  # an agreed alternative instead
    SHORTEN = "shorten"  # a shorter session, not below the agreed floor


@dataclass(frozen=True, slots=True)
class SelfManagementBounds:
    """What the patient may change on their own, as agreed with the clinician. Nothing is allowed
    unless agreed: steps easier or harder along the activity's own ladder (its increments and
    progression order), never above ``ceiling``; sessions shortened down to ``shortest``; moved by
    up to ``move_within_days`` days; swapped for one of ``alternatives``."""

    easier_steps: int = 0
    harder_steps: int = 0
    ceiling: Dose | None = None
    shortest: Dose | None = None
    move_within_days: int = 0
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SelfAdjustment:
    """A change the patient made (or proposes) to one session: its day (for a move, the day it was
    planned for), the kind, and the dose chosen, the new day or the alternative; ``reason`` is the
    patient's own words."""

    date: date
    kind: AdjustmentKind
    dose: Dose | None = None
    moved_to: date | None = None
    alternative: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class AdjustmentCheck:
    """The answer to a proposed change: allowed or not, the reason in plain words for the patient,
    and the bound that decided, for the clinician."""

    allowed: bool
    reason: str
    bound: str
    adjustment: SelfAdjustment
