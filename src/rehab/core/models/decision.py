"""What a check-in decides, and every reason why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass
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


_DECISION_FIELDS = ("kind", "urgency", "next_dose", "criteria", "message_patient", "summary_clinician",
                    "rule_version", "alerts", "flare_episode", "flare_plan", "exposure")


class Decision:
    """What happens next for one activity, and every reason why.

    An immutable value with the fields listed in ``_DECISION_FIELDS``, compared, hashed and shown as
    a frozen dataclass with those fields would be. The patient's message and the clinician's summary
    may be given as ``words``, a function of no arguments returning both: they are then worded the
    first time either is read, and never when neither is. Wording costs tens of microseconds a
    check-in, and a caller that runs many check-ins and keeps only the kind and the dose (the virtual
    cohort: 10,000 people x 16 weeks, issue 14) need not pay for it. The words are the same either
    way: the function is the engine's own, on the decision's own criteria.
    """

    __slots__ = ("kind", "urgency", "next_dose", "criteria", "_message_patient", "_summary_clinician",
                 "rule_version", "alerts", "flare_episode", "flare_plan", "exposure", "_words")

    kind: DecisionKind
    urgency: Urgency | None
    next_dose: Dose | None
    criteria: tuple[Criterion, ...]
    rule_version: str
    alerts: tuple[Alert, ...]
    flare_episode: FlareEpisode | None
    flare_plan: FlarePlan | None
    # Under graded exposure: the hierarchy item to practise next, and why it is that one.
    exposure: ExposureStep | None

    def __init__(
        self,
        kind: DecisionKind,
        urgency: Urgency | None,
        next_dose: Dose | None,
        criteria: tuple[Criterion, ...],
        message_patient: str | None = None,
        summary_clinician: str | None = None,
        rule_version: str = "",
        alerts: tuple[Alert, ...] = (),
        flare_episode: FlareEpisode | None = None,
        flare_plan: FlarePlan | None = None,
        exposure: ExposureStep | None = None,
        *,
        words: Callable[[], tuple[str, str]] | None = None,
    ) -> None:
        if words is None and (message_patient is None or summary_clinician is None):
            raise TypeError("Decision needs message_patient and summary_clinician, or words")
        setter = object.__setattr__
        setter(self, "kind", kind)
        setter(self, "urgency", urgency)
        setter(self, "next_dose", next_dose)
        setter(self, "criteria", criteria)
        setter(self, "_message_patient", message_patient)
        setter(self, "_summary_clinician", summary_clinician)
        setter(self, "rule_version", rule_version)
        setter(self, "alerts", alerts)
        setter(self, "flare_episode", flare_episode)
        setter(self, "flare_plan", flare_plan)
        setter(self, "exposure", exposure)
        setter(self, "_words", words)

    def _worded(self) -> None:
        patient, clinician = self._words()
        object.__setattr__(self, "_message_patient", patient)
        object.__setattr__(self, "_summary_clinician", clinician)
        object.__setattr__(self, "_words", None)  # worded once; what it held can go

    @property
    def message_patient(self) -> str:
        if self._message_patient is None:
            self._worded()
        return self._message_patient

    @property
    def summary_clinician(self) -> str:
        if self._summary_clinician is None:
            self._worded()
        return self._summary_clinician

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in _DECISION_FIELDS)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _DECISION_FIELDS)
        return f"{self.__class__.__qualname__}({shown})"

    def __reduce__(self):  # copy and pickle as the worded value
        return (self.__class__, self._values())
