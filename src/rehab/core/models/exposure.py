"""The records of graded exposure: a fear hierarchy, behavioural experiments and the step to practise
next (the rules are in ``rehab.core.engine.exposure``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

UP, SAME, DOWN = "up", "same", "down"


@dataclass(frozen=True, slots=True)
class ExposureItem:
    """One activity the patient avoids or fears, in their own words; how harmful doing it feels now
    (0-100); the goal it stands in the way of; and, once re-rated, the first harm rating."""

    id: str
    activity: str
    harm: float
    goal: str
    first_harm: float | None = None


@dataclass(frozen=True, slots=True)
class FearHierarchy:
    """The patient's feared activities from the least to the most harmful-feeling (items with equal
    ratings keep the order they were listed in), and the one being worked on now (by default the
    least feared: where to start is agreed with the patient; §3.3 suggests moderately feared)."""

    items: tuple[ExposureItem, ...]
    current: str | None = None
    _position: dict[str, int] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.items, key=attrgetter("harm")))
        object.__setattr__(self, "items", ordered)
        object.__setattr__(self, "_position", {item.id: k for k, item in enumerate(ordered)})

    @property
    def current_item(self) -> ExposureItem:
        return self.items[self._position[self.current]] if self.current is not None else self.items[0]

    def above(self, item: ExposureItem) -> ExposureItem | None:
        k = self._position[item.id] + 1
        return self.items[k] if k < len(self.items) else None

    def below(self, item: ExposureItem) -> ExposureItem | None:
        k = self._position[item.id] - 1
        return self.items[k] if k >= 0 else None


@dataclass(frozen=True, slots=True)
class BehaviouralExperiment:
    """One exposure to a hierarchy item, run as an experiment that tests what the patient fears.

    Before: ``expected`` (the feared outcome, in their words), ``belief_before`` (how strongly they
    believe it will happen, 0-100) and, if rated, ``fear_before`` (how afraid they are, 0-100).
    After: ``outcome`` (what happened), ``feared_outcome_happened``, ``belief_after``; whether it
    had to stop early; the safety behaviours used; pain during it (0-10)."""

    date: date
    item: str
    expected: str
    belief_before: float
    fear_before: float | None = None
    stopped_early: bool = False
    outcome: str | None = None
    feared_outcome_happened: bool | None = None
    belief_after: float | None = None
    safety_behaviours: tuple[str, ...] = ()
    pain_during: float | None = None

    @property
    def disconfirmed(self) -> bool:
        """Done to the end, and what the patient feared did not happen: the expectation was violated."""
        return not self.stopped_early and self.feared_outcome_happened is False


@dataclass(frozen=True, slots=True)
class HarmRerating:
    """An item re-rated since the hierarchy was made; beyond the test-retest noise of a harm rating
    (20 points for PHODA-SeV) the change is a true change."""

    item: str
    first_harm: float
    harm: float
    true_change: bool


@dataclass(frozen=True, slots=True)
class ExposureStep:
    """What to practise next: ``item`` (pass its id back as the hierarchy's ``current``), the item
    practised until now, the move (up, same or down), the safety behaviours to fade, and the
    re-rated items."""

    item: ExposureItem
    previous: ExposureItem
    move: str
    safety_behaviours_to_fade: tuple[str, ...]
    harm_rerated: tuple[HarmRerating, ...]
