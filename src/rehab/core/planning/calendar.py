"""When things happen: phase lengths, checkpoints, education weeks, maintenance reassessments.

The active program runs to the latest goal's target date (at least 8 and at most 26 weeks): a
foundation of 2 weeks (3 when fear of movement, high STarT Back risk, low self-efficacy or a flare
call for more time to build confidence), a function phase of about the last third, and a build
phase between. Reassessment follows the clinical reference §8: every 4-6 weeks while active, at
discharge, and 3, 6 and 12 months into maintenance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from rehab.core.planning.goals import Goal
from rehab.core.planning.intake import Intake
from rehab.core.planning.library import EducationModule
from rehab.core.planning.program import Checkpoint, EducationSession

MIN_WEEKS, MAX_WEEKS = 8, 26  # rehab convention: long enough to adapt, short enough to review
# Reassess at least every 6 weeks while active (§8: every 4-6 weeks).
MAX_WEEKS_BETWEEN_CHECKPOINTS = 6
# Maintenance reassessments, in months after discharge (§8: 3, 6 and 12 months).
MAINTENANCE_MONTHS = (3, 6, 12)
# Findings that lengthen the foundation phase by a week.
SLOWER_START = frozenset({"fear_avoidance", "high_risk", "low_self_efficacy", "flare"})
# At most this many education modules in one week, so reading never crowds out moving.
MODULES_PER_WEEK = 3

_FINDING_WORDS = {
    "fear_avoidance": "your answers show a strong worry that movement will cause harm",
    # No prognosis (a nocebo), and not "your back": STarT Back is also read for other pain (§1.10).
    "high_risk": "your screening answers show that extra support early on will help you",
    "low_self_efficacy": "you told us you are not yet sure you can manage your pain",
    "sleep": "sleep is short or broken by shifts",
    "mood": "your mood has been low",
    "work": "your work is part of your goals",
    "flare": "you are in a flare now",
}


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    first_week: int
    weeks: int | None

    @property
    def last_week(self) -> int:
        return self.first_week + (self.weeks or 1) - 1


def week_of(today: date, day: date) -> int:
    """The program week a date falls in (week 1 starts today)."""
    return max(1, math.ceil(((day - today).days + 1) / 7))


def week_start(today: date, week: int) -> date:
    return today + timedelta(weeks=week - 1)


def stages(intake: Intake, found: frozenset[str], ends_within: int | None = None) -> tuple[list[Stage], str]:
    """The phases' weeks, and why they are that long. ``ends_within``: the active program must end
    within so many weeks (pregnancy: by about 36 weeks, hazard H23), even below the usual minimum."""
    latest: Goal = max(intake.goals, key=lambda g: g.target_date)
    total = min(max(week_of(intake.today, latest.target_date), MIN_WEEKS), MAX_WEEKS)
    foundation = 3 if found & SLOWER_START else 2
    why_total = f"to the target date of your goal \"{latest.words}\" (kept between {MIN_WEEKS} and {MAX_WEEKS} weeks)"
    if ends_within is not None and ends_within < total:
        total = max(3, ends_within)
        weeks = intake.constraints.gestation_weeks
        # The week it really ends in: from 34 weeks the 3-week minimum runs past 36 (review 2026-12-03j, finding 5).
        why_total = (f"so it ends at about week {weeks + total} of your pregnancy" if weeks is not None
                     else "so it ends before late pregnancy")
        foundation = min(foundation, max(1, total // 3))
    function = max(3, round(total / 3)) if total >= MIN_WEEKS else max(1, round(total / 3))
    build = total - foundation - function
    reason = (
        f"The active program lasts {total} weeks, {why_total}. The foundation lasts {foundation} "
        f"week{'s' * (foundation > 1)}"
        + (". Extra time helps you build confidence when moving feels risky." if "fear_avoidance" in found
           else ". Extra time helps you build confidence, one step at a time." if foundation == 3 else ".")
    )
    return [
        Stage("foundation", 1, foundation),
        Stage("build", foundation + 1, build),
        Stage("function", foundation + build + 1, function),
        Stage("maintenance", total + 1, None),
    ], reason


def checkpoint_weeks(calendar: list[Stage]) -> list[int]:
    """End of each active phase, plus extra reviews so no gap exceeds six weeks."""
    weeks = []
    for stage in calendar:
        if stage.weeks is None:
            continue
        last = weeks[-1] if weeks else 0
        gap = stage.last_week - last
        extra = math.ceil(gap / MAX_WEEKS_BETWEEN_CHECKPOINTS) - 1
        weeks.extend(last + round(gap * k / (extra + 1)) for k in range(1, extra + 1))
        weeks.append(stage.last_week)
    return weeks


def checkpoint(intake: Intake, week: int, decides: str) -> Checkpoint:
    tests = [t.name for t in intake.baseline.performance]
    tolerances = [t.activity.replace("_", " ") for t in intake.baseline.tolerances]
    measures = [
        "pain and function questionnaires, as at the start",
        "Goal Attainment Scaling score for each goal",
        "red-flag questions",
    ]
    if tests:
        measures.append(f"performance tests with the same set-up as at the start: {', '.join(tests)}")
    if tolerances:
        measures.append(f"tolerance re-test: {', '.join(tolerances)}")
    return Checkpoint(week=week, date=week_start(intake.today, week + 1) - timedelta(days=1),
                      measures=tuple(measures), decides=decides)


def after_birth_checkpoint(intake: Intake, weeks_to_due_date: int) -> Checkpoint:
    """Pregnancy: instead of reviewing this plan 3, 6 and 12 months on (after the birth), a new plan
    after the birth under the postpartum rule (ACOG Committee Opinion 804; hazard H23)."""
    day = week_start(intake.today, max(1, weeks_to_due_date) + 1) - timedelta(days=1)
    return Checkpoint(
        week=week_of(intake.today, day), date=day,
        measures=("after the birth: how the birth went, and her midwife's or doctor's word that she may start",
                  "pain and function questionnaires", "red-flag questions"),
        decides=("re-plan after the birth (postpartum rule). This plan stops at the birth. The new plan has no "
                 "jumping, straining or hard belly work for 12 weeks"),
    )


def maintenance_checkpoints(intake: Intake, discharge_week: int) -> list[Checkpoint]:
    discharge = week_start(intake.today, discharge_week + 1)
    found = []
    for months in MAINTENANCE_MONTHS:
        day = discharge + timedelta(days=round(months * 30.44))
        found.append(Checkpoint(
            week=week_of(intake.today, day), date=day,
            measures=("pain and function questionnaires", "Goal Attainment Scaling score for each goal",
                      "red-flag questions"),
            decides=f"{months}-month review: keep going, adjust the keep-going plan, or come back into the program",
        ))
    return found


def education_weeks(modules: list[EducationModule], calendar: list[Stage], found: frozenset[str]) -> list[EducationSession]:
    """Each module in its phase, a little at a time; modules that help this person most come first."""
    by_name = {s.name: s for s in calendar}
    wanted: list[tuple[int, bool, int, EducationModule, str]] = []
    per_phase: dict[str, int] = {}
    for module in sorted(modules, key=lambda m: m.order):
        if module.only_if and not module.only_if & found:
            continue
        urgent = sorted(module.priority_for & found)
        if urgent:
            wanted.append((1, True, module.order, module, f"brought forward because {_FINDING_WORDS[urgent[0]]}"))
            continue
        stage = by_name[module.phase] if module.phase != "maintenance" else by_name["function"]
        index = per_phase.get(stage.name, 0)
        per_phase[stage.name] = index + 1
        if module.phase == "maintenance":
            week, why = stage.last_week, "before you carry on by yourself"
        else:
            week, why = min(stage.first_week + index // 2, stage.last_week), f"part of the {stage.name} phase"
        wanted.append((week, False, module.order, module, why))
    sessions, load = [], {}
    for week, urgent, _, module, why in sorted(wanted, key=lambda w: (w[0], not w[1], w[2])):
        while load.get(week, 0) >= MODULES_PER_WEEK:
            week += 1
        load[week] = load.get(week, 0) + 1
        sessions.append(EducationSession(module.id, module.title, week, why))
    return sorted(sessions, key=lambda s: (s.week, s.module))
