"""What a check-in decides, and every reason why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from rehab.core.models.checkin import FlareEpisode
from rehab.core.models.dose import Dose
from rehab.core.models.exposure import ExposureStep
from rehab.core.models.kinds import DecisionKind, Urgency


class Criterion(NamedTuple):
    """One rule checked for a decision: the patient's value, the threshold, whether it passed and
    where the rule comes from. ``group`` says what kind of rule it is (safety, flare, pain, dose,
    effort, adherence, monitoring, schedule, stall, exposure, self_management).

    A named tuple rather than a frozen dataclass: every check-in makes about twenty of them, and a
    tuple is four times cheaper to build while just as immutable."""

    name: str
    group: str
    value: Any
    threshold: str
    passed: bool
    source: str


class Alert(NamedTuple):
    """Something a clinician must see, whatever the decision."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ReturnStep:
    dose: Dose
    percent_of_pre_flare: int


@dataclass(frozen=True, slots=True)
class FlarePlan:
    """The reduced dose for the flare and the steps back to the pre-flare dose."""

    reduced_dose: Dose
    steps: tuple[ReturnStep, ...]
    step_rule: str
    review_by: date


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens next for one activity, and every reason why."""

    kind: DecisionKind
    urgency: Urgency | None
    next_dose: Dose | None
    criteria: tuple[Criterion, ...]
    message_patient: str
    summary_clinician: str
    rule_version: str
    alerts: tuple[Alert, ...] = ()
    flare_episode: FlareEpisode | None = None
    flare_plan: FlarePlan | None = None
    # Under graded exposure: the hierarchy item to practise next, and why it is that one.
    exposure: ExposureStep | None = None
