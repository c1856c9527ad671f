"""Re-planning a running program: after a goal changes, and with tolerances measured again.

A changed goal changes what the program is for, not where the person has got to. So the planner's
new prescriptions are compared with the program in force, activity by activity:

- an activity the new plan needs and the program lacks is *added* at the planner's starting dose,
  which is already paced below the measured tolerance;
- an activity the new plan no longer needs is *removed*;
- an activity in both keeps the dose it has progressed to (a changed goal never restarts progress
  from scratch), with the new plan's target and weekly sessions (*changed*, or *kept* when those
  are the same) - unless that dose is now above a tolerance measured since, when it goes back to
  the planner's paced start below that tolerance.

Clinical reference §3.4 (activity pacing): "measure tolerance (time, distance or reps) for the
activity on 3 occasions or days and average. Then reduce by 20%, i.e. start at 80%." A dose above
the latest measured tolerance would not be "below tolerance", so it is never carried over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from rehab.core.engine.messages import describe_dose
from rehab.core.models import Dose
from rehab.core.planning.intake import Intake, Tolerance
from rehab.core.planning.program import Prescription

ADDED, REMOVED, CHANGED, KEPT = "added", "removed", "changed", "kept"


@dataclass(frozen=True, slots=True)
class Running:
    """One activity of the program in force and where it has got to."""

    activity_id: str
    name: str
    starting_dose: Dose
    current_dose: Dose | None  # None before any check-in moved it
    sessions_per_week: float
    ceilings: dict[str, float]  # the dose it builds to, per dimension


@dataclass(frozen=True, slots=True)
class MeasuredTolerances:
    """Tolerances a clinician measured again at a reassessment (the latest confirmed)."""

    measured_on: date
    tolerances: tuple[Tolerance, ...]

    def of(self, activity_id: str) -> Tolerance | None:
        return next((t for t in self.tolerances if t.activity == activity_id), None)


@dataclass(frozen=True, slots=True)
class Change:
    """One proposed change to the program, with the reasons a clinician reads before accepting it."""

    kind: str  # added | removed | changed | kept
    activity_id: str
    name: str
    dose: Dose | None  # the dose it goes on at; None when removed
    carries_progress: bool  # True when the dose reached so far is carried over unchanged
    planned: Prescription | None  # the planner's prescription; None when removed
    reasons: tuple[str, ...]


def with_measured(intake: Intake, measured: MeasuredTolerances | None) -> Intake:
    """The intake with the latest confirmed tolerances in place of the ones typed at intake: a
    measurement taken at a reassessment is newer than the intake's (clinical reference §3.4: the
    start is paced from the measured tolerance, so it must be the tolerance as it is now).
    Activities only measured at intake keep their intake tolerance."""
    if measured is None:
        return intake
    newer = {t.activity for t in measured.tolerances}
    kept = tuple(t for t in intake.baseline.tolerances if t.activity not in newer)
    return replace(intake, baseline=replace(intake.baseline, tolerances=kept + measured.tolerances))


def _words(dose: Dose | None) -> str:
    """A dose as the rest of the program says it ('2 sets of 10', '10 minutes')."""
    return describe_dose(dose) if dose else "nothing"


def _above(dose: Dose, tolerance: Tolerance) -> bool:
    value = dose.get(tolerance.dimension)
    return value is not None and value > tolerance.mean


def changes_for_goal(running: Sequence[Running], planned: Sequence[Prescription], goal_words: str,
                     measured: MeasuredTolerances | None) -> tuple[Change, ...]:
    """The changes that bring the program in force to the planner's new prescriptions, each with
    its reason. ``goal_words`` is the changed goal in the person's words, quoted in the reasons."""
    now = {r.activity_id: r for r in running}
    wanted = {p.activity_id: p for p in planned}
    changes: list[Change] = []
    for p in planned:
        current = now.get(p.activity_id)
        if current is None:
            why = f"Added for the goal \"{goal_words}\": " + "; ".join(p.reasons) if p.reasons else \
                f"Added for the goal \"{goal_words}\"."
            changes.append(Change(ADDED, p.activity_id, p.name, p.dose, False, p, (
                why, f"Starts at {_words(p.dose)}, the planner's paced start below tolerance (clinical reference §3.4).")))
            continue
        reached = current.current_dose or current.starting_dose
        tolerance = (measured.of(p.activity_id) if measured else None)
        if tolerance is not None and _above(reached, tolerance):
            changes.append(Change(CHANGED, p.activity_id, p.name, p.dose, False, p, (
                f"The dose reached ({_words(reached)}) is above the tolerance measured on "
                f"{measured.measured_on.isoformat()} ({_words(Dose(**{tolerance.dimension: tolerance.mean}))}, mean "
                f"of {len(tolerance.measures)}); it starts again at {_words(p.dose)}, below that tolerance "
                "(clinical reference §3.4).",)))
            continue
        ceilings = p.target.as_dict()
        same = current.ceilings == ceilings and float(current.sessions_per_week) == float(p.sessions_per_week)
        reasons = [f"Kept at the dose reached ({_words(reached)}): a changed goal does not restart progress."]
        if not same:
            reasons.append(f"Now builds to {_words(p.target)}, {p.sessions_per_week:g} times a week, "
                           f"for the goal \"{goal_words}\".")
        changes.append(Change(KEPT if same else CHANGED, p.activity_id, p.name, reached, True, p, tuple(reasons)))
    for r in running:
        if r.activity_id not in wanted:
            changes.append(Change(REMOVED, r.activity_id, r.name, None, False, None, (
                f"Removed: the new plan for the goal \"{goal_words}\" no longer needs it.",)))
    return tuple(changes)
