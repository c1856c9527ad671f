"""Self-management within bounds agreed with the clinician.

A program is the patient's own when they can adapt it on the day without waiting for a visit: on a
bad day choose the easier step of the same ladder, on a good day the harder one up to an agreed
ceiling, move a session to another day, swap an exercise for an agreed alternative, or shorten a
session down to an agreed floor. The clinician agrees the bounds with the patient and records
them; anything not agreed is not allowed, and every refusal says why in plain words.

:func:`check_adjustment` is the one rule for a proposed change. The check-in then takes the logged
changes into account (:func:`with_self_adjusted_sessions`, :func:`signals`): a session the patient
chose to make easier, shorter or swap does not count as the target dose, and a run of easier
choices is a signal to talk it over, never a failure.

Two rules hold whatever was agreed, because the strategy or the flare plan already say otherwise:
under the time-contingent strategy the quota is kept on good days too, so good days do not turn
into bad ones (Lindström 1992; Fordyce; clinical reference §3.2, §3.4), and while a flare settles
the flare plan sets the dose (§5.5-5.6). Both refuse a harder step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from rehab.core import sources
from rehab.core.engine.flare import lower_of
from rehab.core.engine.increments import advanced, regressed
from rehab.core.engine.messages import describe_dose
from rehab.core.models import (
    Activity,
    AdjustmentCheck,
    AdjustmentKind,
    Alert,
    BehaviouralExperiment,
    CheckIn,
    Criterion,
    Dose,
    SelfAdjustment,
    SelfManagementBounds,
    SessionLog,
    Strategy,
)

if TYPE_CHECKING:
    from rehab.core.engine.evidence import Evidence


_NOT_AGREED = ("{what} is not part of what you agreed with your clinician for this activity. "
               "Keep to {dose}, or ask your clinician about it at your next contact.")
# Said with every refusal of an easier or shorter session: a person in pain is never left with "do
# the full dose" as the only way out (a physiotherapist's review: pushing through on a bad day
# invites a boom-and-bust flare, and a refused patient may stop telling us). Skipping is always
# allowed, and the flare plan is one button away (clinical reference §3.4 pacing, §5 flares).
SKIP_OR_FLARE = ("If it is still too much today, it is fine to skip it and say why in your diary. If your pain is "
                 "much worse than usual, press \"I'm having a flare\" on Today.")


def check_adjustment(
    adjustment: SelfAdjustment,
    activity: Activity,
    bounds: SelfManagementBounds | None,
    strategy: Strategy = Strategy.SYMPTOM_CONTINGENT,
    *,
    in_flare: bool = False,
    busy_days: Iterable[date] = (),
    names: Mapping[str, str] | None = None,
) -> AdjustmentCheck:
    """Check one proposed change against the agreed bounds. ``busy_days`` are the days that already
    have a session of this activity (a session is not moved onto one of them); ``names`` are the
    program's names of its activities, so a patient reads "Exercise bike", never an id."""
    bounds = bounds or SelfManagementBounds()
    kind = adjustment.kind
    if kind is AdjustmentKind.MOVE:
        allowed, reason, bound = _move(adjustment, bounds, frozenset(busy_days))
    elif kind is AdjustmentKind.SWAP:
        allowed, reason, bound = _swap(adjustment, bounds, activity, names or {})
    else:
        allowed, reason, bound = _dose_change(adjustment, activity, bounds, strategy, in_flare)
    return AdjustmentCheck(allowed, reason, bound, adjustment)


Answer = tuple[bool, str, str]


def _dose_change(a: SelfAdjustment, activity: Activity, bounds: SelfManagementBounds, strategy: Strategy,
                 in_flare: bool) -> Answer:
    dose = activity.dose
    usual = describe_dose(dose)
    kind = a.kind
    if kind is AdjustmentKind.HARDER and strategy is Strategy.TIME_CONTINGENT:
        return (False, "Your plan keeps the same target on good days and bad days, so that a good day does not turn "
                f"into a bad one. Keep to {usual}; your target goes up as agreed.",
                "time-contingent quota: kept on good days too (clinical reference §3.2, §3.4)")
    if kind is AdjustmentKind.HARDER and in_flare:
        return (False, f"While a flare settles, keep to your flare plan ({usual}). You step back up as the plan says.",
                "flare plan in progress (clinical reference §5.5-5.6)")
    if a.dose is None:
        return False, "Choose the dose you want to do instead.", "a dose is needed"
    chosen = a.dose
    if {d for d, _ in chosen.items()} != {d for d, _ in dose.items()}:
        return (False, f"That is a different kind of dose from {usual}. Choose a step of the same exercise.",
                "same dimensions as the prescribed dose")
    if chosen == dose:
        return False, f"That is your usual dose ({usual}), so there is nothing to change.", "a change is needed"
    if kind is AdjustmentKind.EASIER:
        return _easier(chosen, activity, bounds, usual)
    if kind is AdjustmentKind.HARDER:
        return _harder(chosen, activity, bounds, usual)
    return _shorter(chosen, dose, bounds, usual)


def _steps(dose: Dose, activity: Activity, count: int, up: bool) -> Dose:
    """The dose ``count`` steps along the activity's ladder (fewer when a floor or ceiling comes first)."""
    move = advanced if up else regressed
    for _ in range(count):
        result = move(dose, activity.increments, activity.progression_order)
        if result is None:
            break
        dose = result[0]
    return dose


def _between(dose: Dose, low: Dose, high: Dose) -> bool:
    return dose.covers(low) and high.covers(dose)


def _easier(chosen: Dose, activity: Activity, bounds: SelfManagementBounds, usual: str) -> Answer:
    steps = bounds.easier_steps
    if steps < 1:
        return False, f"{_NOT_AGREED.format(what='An easier step', dose=usual)} {SKIP_OR_FLARE}", "easier steps: none agreed"
    easiest = _steps(activity.dose, activity, steps, up=False)
    bound = f"easier: up to {steps} step{'s' * (steps > 1)} down the ladder, to {describe_dose(easiest)}"
    if easiest == activity.dose:
        return (False, f"You are already at the easiest step of this exercise ({usual}). Keep it gentle today. "
                f"{SKIP_OR_FLARE}", bound)
    if not activity.dose.covers(chosen):
        return False, f"That is harder than your usual {usual} in some way, not easier.", bound
    if not chosen.covers(easiest):
        return (False, f"That is easier than you agreed. The easiest you can choose is {describe_dose(easiest)}. "
                f"{SKIP_OR_FLARE}", bound)
    return (True, f"Fine: {describe_dose(chosen)} today instead of {usual}. It is noted for your clinician. Easing off "
            "on a bad day is part of your plan.", bound)


def _harder(chosen: Dose, activity: Activity, bounds: SelfManagementBounds, usual: str) -> Answer:
    steps = bounds.harder_steps
    if steps < 1:
        return False, _NOT_AGREED.format(what="A harder step", dose=usual), "harder steps: none agreed"
    hardest = _steps(activity.dose, activity, steps, up=True)
    if bounds.ceiling is not None:
        hardest = lower_of(hardest, bounds.ceiling)
    bound = (f"harder: up to {steps} step{'s' * (steps > 1)} up the ladder"
             + (f", never above {describe_dose(bounds.ceiling)}" if bounds.ceiling is not None else "")
             + f": at most {describe_dose(hardest)}")
    if not chosen.covers(activity.dose):
        return False, f"That is easier than your usual {usual} in some way, not harder.", bound
    if hardest == activity.dose:
        return False, f"You are already at the top of what you agreed ({usual}). Keep to it, even on a good day.", bound
    if not hardest.covers(chosen):
        return (False, f"That is more than you agreed. The most you can choose is {describe_dose(hardest)}. Keeping some "
                "in reserve on good days helps avoid a bad day after.", bound)
    return (True, f"Fine: {describe_dose(chosen)} today. It is noted for your clinician. Enjoy the good day, and keep "
            "to your usual amount tomorrow.", bound)


_INTENSITY = ("load_kg", "level")


def _shorter(chosen: Dose, dose: Dose, bounds: SelfManagementBounds, usual: str) -> Answer:
    if bounds.shortest is None:
        return (False, f"{_NOT_AGREED.format(what='A shorter session', dose=usual)} {SKIP_OR_FLARE}",
                "shorter sessions: none agreed")
    # Only the dimensions the clinician gave a floor for may be shortened, never below that floor.
    floor = dose.with_values(**{d: min(v, dose.get(d)) for d, v in bounds.shortest.items() if dose.get(d) is not None})
    bound = f"shorter: down to {describe_dose(floor)}"
    if any(chosen.get(d) != dose.get(d) for d in _INTENSITY):
        return (False, "A shorter session keeps the same exercise and weight; only how long or how many changes.",
                bound)
    if not dose.covers(chosen):
        return False, f"That is more than your usual {usual}, not shorter.", bound
    if not chosen.covers(floor):
        return False, f"That is shorter than you agreed. The shortest is {describe_dose(floor)}. {SKIP_OR_FLARE}", bound
    return (True, f"Fine: a shorter session today, {describe_dose(chosen)}. It is noted for your clinician. A short "
            "session still counts as keeping going.", bound)


def _move(a: SelfAdjustment, bounds: SelfManagementBounds, busy: frozenset[date]) -> Answer:
    days = bounds.move_within_days
    if days < 1:
        return (False, "Moving a session to another day is not part of what you agreed with your clinician for this "
                "activity. Ask them about it at your next contact.", "moves: none agreed")
    bound = f"move: up to {days} day{'s' * (days > 1)} earlier or later, not onto a day with a session"
    target = a.moved_to
    if target is None:
        return False, "Choose the day you want to move the session to.", bound
    if target == a.date:
        return False, "That is the same day, so there is nothing to move.", bound
    if abs((target - a.date).days) > days:
        return (False, f"You can move a session up to {days} day{'s' * (days > 1)} earlier or later. Keeping sessions "
                "spread out helps your body adapt.", bound)
    if target in busy:
        return (False, f"You already have a session on {target:%A} {target.day} {target:%B}. Two on one day is more than planned; "
                "choose another day.", bound)
    return True, f"Fine: your session moves from {a.date:%A} {a.date.day} {a.date:%B} to {target:%A} {target.day} {target:%B}. It is noted for your clinician.", bound


def _swap(a: SelfAdjustment, bounds: SelfManagementBounds, activity: Activity, names: Mapping[str, str]) -> Answer:
    def said(activity_id: str) -> str:  # the program's name; without one, the id in words
        return names.get(activity_id) or activity_id.replace("_", " ")

    agreed = bounds.alternatives
    if not agreed:
        return (False, "Swapping this activity for another is not part of what you agreed with your clinician. Ask "
                "them about alternatives at your next contact.", "alternatives: none agreed")
    bound = f"swap: for {', '.join(agreed)}"
    if a.alternative is None or a.alternative not in agreed:
        return (False, f"{said(a.alternative) if a.alternative else 'That'} is not one of the alternatives you agreed "
                f"({', '.join(said(x) for x in agreed)}). Choose one of those, or ask your clinician.", bound)
    return (True, f"Fine: {said(a.alternative)} instead of {said(activity.id).lower()} today. It is noted for your "
            "clinician.", bound)


# ---- the check-in ---------------------------------------------------------------------------------

_EASED = frozenset({AdjustmentKind.EASIER, AdjustmentKind.SHORTEN, AdjustmentKind.SWAP})
_EASIER = frozenset({AdjustmentKind.EASIER, AdjustmentKind.SHORTEN})


def with_self_adjusted_sessions(ci: CheckIn) -> CheckIn:
    """The check-in with each session the patient chose to make easier, shorter or swap counted at
    what was chosen, never as the target dose: progression rests on the prescribed dose."""
    eased = {a.date: a for a in ci.adjustments if a.kind in _EASED}
    if not eased:
        return ci
    target = ci.activity.dose
    sessions = tuple(_eased(s, eased[s.date], target) if s.date in eased else s for s in ci.sessions)
    return replace(ci, sessions=sessions)


def _eased(session: SessionLog, adjustment: SelfAdjustment, target: Dose) -> SessionLog:
    done = session.completed
    if adjustment.dose is not None and adjustment.kind is not AdjustmentKind.SWAP:
        done = lower_of(done, adjustment.dose)
    if done.covers(target):  # a swap, or a change logged at the target: not the target all the same
        done = Dose(**{dimension: 0 for dimension, _ in target.items()})
    return SessionLog(session.date, done, session.pain_during, session.pain_after, session.rpe, session.rir)


@dataclass(slots=True)
class Signals:
    """What the logged changes tell the check-in: the criterion, the alerts, and a line for the
    clinician's summary."""

    criteria: list[Criterion]
    alerts: list[Alert]
    note: str


def signals(evidence: Evidence) -> Signals:
    """The run of self-chosen easier sessions (a criterion, and an alert at ``self_easier_run``),
    a run of harder ones (an alert), changes outside the agreed bounds (an alert) and a count of the
    changes since the last dose change (for the clinician)."""
    ci = evidence.checkin
    limits = ci.limits
    since = evidence.last_change
    recent = [a for a in ci.adjustments if a.date <= ci.today and (since is None or a.date > since)]
    by_day: dict[date, set[AdjustmentKind]] = {}
    for a in recent:
        by_day.setdefault(a.date, set()).add(a.kind)
    easier = _run(evidence.new_sessions, by_day, _EASIER)
    harder = _run(evidence.new_sessions, by_day, frozenset({AdjustmentKind.HARDER}))
    needed = limits.self_easier_run
    criteria = [Criterion("self_chosen_easier_run", "self_management", easier,
                          f"< {needed} sessions in a row on an easier step or shorter session the patient chose",
                          easier < needed, sources.SELF_MANAGEMENT)]
    alerts = []
    if easier >= needed:
        alerts.append(Alert("self_chosen_easier_run",
                            f"{easier} sessions in a row eased by the patient (easier step or shorter session): the dose "
                            "may be too much for now, or something else weighs (sleep, stress, worry, a flare starting). "
                            "Talk it over; a signal, not a failure."))
    if harder >= needed:
        alerts.append(Alert("self_chosen_harder_run",
                            f"{harder} sessions in a row on a harder step the patient chose: consider whether the target "
                            "can go up, and watch for boom and bust."))
    if ci.bounds is not None:
        in_flare = ci.flare_episode is not None
        verdicts: dict[tuple, bool] = {}  # patients repeat the same few choices: check each once
        outside = []
        for a in recent:
            key = (a.kind, a.dose, a.moved_to and (a.moved_to - a.date).days, a.alternative)
            if key not in verdicts:
                verdicts[key] = check_adjustment(a, ci.activity, ci.bounds, ci.strategy, in_flare=in_flare).allowed
            if not verdicts[key]:
                outside.append(a)
        if outside:
            alerts.append(Alert("adjustment_outside_bounds",
                                f"{len(outside)} self-adjustment{'s' * (len(outside) > 1)} logged outside the agreed "
                                "bounds: " + "; ".join(f"{a.date.isoformat()} {a.kind.value}" for a in outside) + "."))
    counts: dict[str, int] = {}
    for a in recent:
        counts[a.kind.value] = counts.get(a.kind.value, 0) + 1
    when = f"since {since.isoformat()}" if since else "so far"
    note = (f"Self-adjustments {when}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + ".") if counts else ""
    return Signals(criteria, alerts, note)


def _run(sessions: list[SessionLog], by_day: Mapping[date, set[AdjustmentKind]], kinds: frozenset[AdjustmentKind]) -> int:
    """Sessions in a row, ending with the latest, on a day the patient made one of these changes."""
    run = 0
    for session in reversed(sessions):
        if not by_day.get(session.date, set()) & kinds:
            break
        run += 1
    return run


def busy_days(sessions: Iterable[SessionLog], adjustments: Iterable[SelfAdjustment],
              experiments: Iterable[BehaviouralExperiment] = ()) -> frozenset[date]:
    """Days that already have a session of the activity: logged, moved there earlier, or, under
    graded exposure, a behavioural experiment (the exposure's sessions are its experiments, so a
    session moved onto an experiment's day would be two exposures in one day)."""
    days = {s.date for s in sessions}
    days.update(a.moved_to for a in adjustments if a.kind is AdjustmentKind.MOVE and a.moved_to is not None)
    days.update(e.date for e in experiments)
    return frozenset(days)
