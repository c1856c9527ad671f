"""Paced daily-activity quotas: walking, sitting, gardening and the like.

A daily activity gets a quota when a goal names it or when its tolerance was measured at baseline.
The quota starts below that tolerance and rises about 10% a week on a fixed schedule, the same on
good days and bad (activity pacing, clinical reference §3.4): it is time-contingent whatever the
program's strategy for exercise, so pain during is no reason to hold it; only the flare rules
(against the personal baseline) and safety stop a raise (§3.2 rule 3, §5). Every phase ends where
that pace really gets in the phase's weeks, the goal phase included: a quota never jumps to its
goal, and maintenance keeps the level reached. Quotas are done across the day as part of life, not in the
exercise session, so they do not use the session's minutes.
"""

from __future__ import annotations

from rehab.core import sources
from rehab.core.models import Dose, Strategy
from rehab.core.planning.calendar import Stage
from rehab.core.planning.comorbidities import EVERY_EXERCISE
from rehab.core.planning.dosing import QUOTA_STEP_CAP, grown, paced, quota_increment, quota_start
from rehab.core.planning.goals import Goal
from rehab.core.planning.intake import Intake
from rehab.core.planning.library import DailyActivity, Library
from rehab.core.planning.program import Prescription
from rehab.core.planning.selection import caution_reason, held_for_now


# The one pain rule of a time-contingent quota, in the person's words (§3.2 rule 3, §3.4, §5).
QUOTA_RULE = ("It goes up a little each week on a set plan, on good and bad days alike. "
              "Only a flare or a safety warning pauses a rise.")


def quota_rule(effort_limit: float | None) -> str:
    """The quota's rule; under an effort cap from a health condition the check-in holds a rise after
    a session logged above the cap too (rehab.core.engine.strategies.time_contingent; H21, H54), so
    the person is told so (a physiotherapist's review, 2026-12-03f)."""
    if effort_limit is None:
        return QUOTA_RULE
    return ("It goes up a little each week on a set plan, on good and bad days alike. Only a flare, a safety "
            f"warning or effort above {effort_limit:g} out of 10 pauses a rise. Keep to a pace where you can "
            "still talk.")


def _blocked(activity: DailyActivity, intake: Intake, cautions: dict[str, str]) -> str | None:
    if EVERY_EXERCISE in cautions:
        return held_for_now(cautions)
    missing = sorted(activity.equipment - intake.preferences.available_equipment)
    if missing:
        return f"needs {', '.join(m.replace('_', ' ') for m in missing)}, which you do not have"
    excluded = caution_reason(activity.cautions, cautions)
    if excluded is not None:
        return excluded
    if activity.id in intake.preferences.dislikes:
        return f"you said you would rather not do {activity.name.lower()}"
    return None


def _goal_of(activity: DailyActivity, intake: Intake) -> Goal | None:
    return next((g for g in sorted(intake.goals, key=lambda g: g.priority) if g.task.activity == activity.id), None)


def considered(intake: Intake, library: Library) -> list[DailyActivity]:
    """The daily activities the planner looks at for this person: named by a goal or measured at
    baseline (the others are never paced, so never left out)."""
    return [a for a in library.activities.values()
            if _goal_of(a, intake) is not None or intake.baseline.tolerance_of(a.id) is not None]


def daily_quotas(
    intake: Intake, library: Library, cautions: dict[str, str], fraction: float, stages: list[Stage],
    effort_limit: float | None = None,
) -> tuple[dict[str, tuple[Prescription, ...]], list[str]]:
    """Each phase's quotas, and the daily activities left out with why. ``effort_limit``: the effort
    cap of a health condition, when there is one (None: the usual rules)."""
    wanted = considered(intake, library)
    by_phase: dict[str, list[Prescription]] = {s.name: [] for s in stages}
    left_out = []
    for activity in wanted:
        why_not = _blocked(activity, intake, cautions)
        if why_not is not None:
            left_out.append(f"{activity.name}: {why_not}")
            continue
        goal = _goal_of(activity, intake)
        dim = activity.dimension
        start, why = quota_start(activity, intake.baseline.tolerance_of(activity.id), fraction)
        base = goal.task.baseline.get(dim) if goal else None
        if intake.baseline.tolerance_of(activity.id) is None and base:
            start, why = Dose(**{dim: paced(base, fraction, dim)}), f"starts at {fraction:.0%} of your baseline for this goal"
        cap = goal.task.target.get(dim) if goal else None
        value = start.get(dim)
        measured = intake.baseline.tolerance_of(activity.id)
        step = quota_increment(dim, measured.mean if measured else (base or value))
        for stage in stages:
            if stage.weeks is None:
                end = value
            else:
                end = grown(value, stage.weeks, dim, step, cap)
            reasons = [
                f"a daily amount that {why}" if stage.name == "foundation" else "carries on from the amount reached before",
                "done across your day, in one go or in parts, outside your exercise time",
            ]
            if activity.id in intake.preferences.likes:
                reasons.append(f"you said you like {activity.name.lower()}")
            if goal is not None:
                reasons.append(f"practises your goal \"{goal.words}\" itself")
            else:
                reasons.append("we measured it with you at the start, so it is paced the same on good and bad days")
            rationale = [f"{activity.id}: time-contingent quota, {dim} from {value:g} to {end:g}"
                         + (f" over {stage.weeks} weeks" if stage.weeks else " (held: the level reached)")]
            if stage.weeks is not None:
                reasons.append(quota_rule(effort_limit))
                rationale.append(f"+{step.step:g}{'%' if step.percent else ''} a week, at most {step.cap:g} ({QUOTA_STEP_CAP:.0%} of baseline); "
                                 f"ends where that pace gets in the phase ({sources.PACING_INCREMENT}; "
                                 f"{sources.OPERANT_QUOTAS}; flare rules: {sources.FLARE_DEFINITION})")
            by_phase[stage.name].append(Prescription(
                activity_id=activity.id, name=activity.name, kind="daily_activity", component=None,
                region=activity.regions[0], dose=Dose(**{dim: value}), target=Dose(**{dim: end}),
                sessions_per_week=activity.per_week, session=None, strategy=Strategy.TIME_CONTINGENT,
                goals=(goal.id,) if goal else (), ladder=(), minutes=0.0, reasons=tuple(reasons),
                increments={dim: step}, rationale=tuple(rationale),
            ))
            value = end
    return {name: tuple(items) for name, items in by_phase.items()}, left_out
