"""The program builder: from a person's intake and the library to a phased, explained program.

Order of work: hard constraints (equipment, cautions, dislikes, time) decide what may be used;
goals decide what is used first; the training components are then balanced (resistance, mobility,
balance, functional, and aerobic when walking or time calls for it); sessions are packed to fit the
time the person has; daily activities tied to goals or measured at baseline get paced quotas.
Every prescription carries the reasons it was chosen, and the program lists its own decisions and
what it left out.
"""

from __future__ import annotations

from rehab.core import sources
from rehab.core.models import Dose, Strategy
from rehab.core.planning import calendar as cal
from rehab.core.planning.dosing import (
    at_least,
    exercise_start,
    exercise_target,
    paced,
    starting_fraction,
)
from rehab.core.planning.comorbidities import GRIP_LOADING, comorbidity_rules, grip_cap_kg
from rehab.core.planning.goals import Goal, icf_related
from rehab.core.planning.intake import Intake, RiskGroup, findings
from rehab.core.planning.library import (
    BALANCED_COMPONENTS,
    Component,
    Exercise,
    Library,
)
from rehab.core.planning.program import Phase, Prescription, Program, SessionDay
from rehab.core.planning.quotas import considered, daily_quotas
from rehab.core.planning.selection import (
    LadderChoice,
    caution_decisions,
    exercise_reasons,
    kit_reason,
    rank,
    serves,
)
from rehab.core.planning.sessions import (
    Candidate,
    day_names,
    pack,
    session_of_day,
    session_totals,
    times_a_week,
    training_days,
)
from rehab.core.planning.targets import goal_paths

# How many ladders are offered to the packer; the session's minutes decide how many stay.
MAX_LADDERS = 10
# Fill-ins must serve a goal, a job or caregiving demand, a painful region or a liking.
RELEVANT_SCORE = 3
# Add aerobic work from this many minutes a day, or when a goal or job involves walking (rehab convention).
AEROBIC_FROM_MINUTES = 30
_WALKING = ("d450", "d455", "d460")
# Maintenance: two sessions a week keep most of the gains (rehab convention, reviewed at follow-up).
MAINTENANCE_SESSIONS = 2

PURPOSES = {
    "foundation": "Learn each movement well and settle into a steady starting level, below what flares you.",
    "build": "Build strength, range and stamina step by step: a little more each week.",
    "function": "Practise your goal tasks themselves and bring them up to your targets.",
    "maintenance": "Keep your gains by yourself, with check-ups and a clear way back in if you need it.",
}


def choose_strategy(intake: Intake) -> tuple[Strategy, str]:
    if intake.strategy is not None:
        return intake.strategy, "The progression strategy was chosen by your clinician."
    p = intake.baseline.psychosocial
    if p.fear_avoidance_high or p.start_back is RiskGroup.HIGH:
        return Strategy.TIME_CONTINGENT, (
            "Exercise goes up on a schedule agreed in advance, not by how pain feels on the day, because "
            "fear of movement or a high STarT Back risk makes pain a poor guide (graded activity and "
            f"exposure: {sources.OPERANT_QUOTAS})."
        )
    return Strategy.SYMPTOM_CONTINGENT, (
        f"Your body's response steers the pace ({sources.SILBERNAGEL_PAIN_MONITORING})."
    )


def pick(choices: list[LadderChoice], intake: Intake) -> list[tuple[LadderChoice, str]]:
    """Ladders in the order they get session time: one per goal (by priority), then whatever
    balances the components, then aerobic work when it is called for, then the best of the rest."""
    picked: list[tuple[LadderChoice, str]] = []

    def take(choice: LadderChoice | None, why: str) -> None:
        if choice is not None and all(choice.id != c.id for c, _ in picked):
            picked.append((choice, why))

    for goal in sorted(intake.goals, key=lambda g: g.priority):
        serving = [c for c in choices if goal.id in c.goals]
        named = [c for c in serving if goal.task.activity in {r.id for r in c.rungs}]
        functional = [c for c in serving if c.ladder.component is Component.FUNCTIONAL]
        take(next(iter(named or functional or serving), None), f"chosen first for your goal \"{goal.words}\"")
    for component in BALANCED_COMPONENTS:
        if all(c.ladder.component is not component for c, _ in picked):
            take(next((c for c in choices if c.ladder.component is component), None),
                 f"keeps {component.value} work in your program, for balance")
    walking = any(icf_related(g.icf, w) for g in intake.goals for w in _WALKING) or (
        intake.constraints.job is not None and any(icf_related(d, w) for d in intake.constraints.job.demands for w in _WALKING)
    )
    if walking or intake.preferences.minutes_per_day >= AEROBIC_FROM_MINUTES:
        take(next((c for c in choices if c.ladder.component is Component.AEROBIC), None),
             "adds aerobic work for stamina and general health")
    for choice in choices:
        if len(picked) >= MAX_LADDERS or choice.score < RELEVANT_SCORE:
            break
        take(choice, "one of the best matches for you among the rest")
    return picked


def rungs_by_phase(choice: LadderChoice, intake: Intake) -> dict[str, Exercise]:
    """The rung for each phase: a measured rung (or the easiest usable one) first, one rung up to
    build, and the goal's own task (or one more rung) for function. A goal task the person can
    already do in part is practised itself from the start, at a paced dose (graded activity on
    the real task, as in Lindstrom 1992; clinical reference §3.2)."""
    rungs = list(choice.rungs)
    ids = [r.id for r in rungs]
    doable = [ids.index(g.task.activity) for g in intake.goals
              if g.task.activity in ids and any(v > 0 for _, v in g.task.baseline.items())]
    if doable:
        task = rungs[min(doable)]
        return dict.fromkeys(("foundation", "build", "function", "maintenance"), task)
    measured = [i for i, r in enumerate(rungs) if intake.baseline.tolerance_of(r.id) is not None]
    start = measured[0] if measured else 0
    pain = frozenset(intake.person.pain_regions)
    goals = [g for g in intake.goals if g.id in choice.goals]
    # Climb only to rungs that still serve the goals the ladder was chosen for (any rung, if none).
    useful = [i for i, r in enumerate(rungs) if not goals or any(serves(r, g, pain, choice.ladder) for g in goals)]
    build = next((i for i in useful if i > start), start)
    named = [ids.index(g.task.activity) for g in goals if g.task.activity in ids and ids.index(g.task.activity) >= build]
    function = min(named) if named else next((i for i in useful if i > build), build)
    return {"foundation": rungs[start], "build": rungs[build], "function": rungs[function], "maintenance": rungs[function]}


def _goal_for(exercise: Exercise, goals: tuple[Goal, ...]) -> Goal | None:
    return next((g for g in sorted(goals, key=lambda g: g.priority) if g.task.activity == exercise.id), None)


def _doses(phase: str, exercise: Exercise, intake: Intake, fraction: float, previous: tuple[Exercise, Dose] | None) -> tuple[Dose, Dose, str]:
    """Starting and target dose of one exercise in one phase, and the reason for the start."""
    goal = _goal_for(exercise, intake.goals)
    if previous is not None and previous[0].id == exercise.id:
        start, why = previous[1], "carries on from the dose reached in the phase before"
    elif goal is not None and (phase == "function" or any(v > 0 for _, v in goal.task.baseline.items())):
        base = {d: paced(v, fraction, d) for d, v in goal.task.baseline.items() if v > 0 and exercise.range_of(d)}
        start, why = exercise_start(exercise, None, fraction)
        start = start.with_values(**base)
        why = f"starts at {fraction:.0%} of what you can do now in the goal task" if base else why
    else:
        start, why = exercise_start(exercise, intake.baseline.tolerance_of(exercise.id), fraction)
    if phase == "maintenance":
        start, why_cap = _grip_capped(exercise, intake, start)
        return start, start, "holds the level you reached" + why_cap
    target = exercise_target(exercise, phase)
    if goal is not None and phase in ("function", "maintenance"):
        target = target.with_values(**{d: v for d, v in goal.task.target.items() if exercise.range_of(d)})
    target = at_least(target, start)
    start, _ = _grip_capped(exercise, intake, start)
    target, why_cap = _grip_capped(exercise, intake, target)
    return start, target, why + why_cap


def _grip_capped(exercise: Exercise, intake: Intake, dose: Dose) -> tuple[Dose, str]:
    """``dose`` with its load kept within the cap set from grip strength (hand osteoarthritis), and
    what to tell the person when it was lowered or limited. The cap is also the engine's ceiling,
    because a phase's target is."""
    cap, load = grip_cap_kg(intake), dose.get("load_kg")
    if cap is None or GRIP_LOADING not in exercise.cautions or load is None:
        return dose, ""
    return dose.with_values(load_kg=min(load, cap)), f"; the weight stays at {cap:g} kg or less, set from your grip strength"


def _phase_exercises(phase: str, picked, intake: Intake, fraction: float, previous: dict[str, tuple[Exercise, Dose]]):
    candidates, meta = [], {}
    for choice, why_picked in picked:
        if phase == "maintenance" and not (choice.goals or choice.ladder.component in BALANCED_COMPONENTS):
            continue
        exercise = rungs_by_phase(choice, intake)[phase]
        start, target, why_dose = _doses(phase, exercise, intake, fraction, previous.get(choice.id))
        candidates.append(Candidate(choice.id, exercise, start, target))
        meta[choice.id] = (choice, why_picked, why_dose)
    if phase == "maintenance":
        candidates = _one_per_goal_and_component(candidates, meta)
    return candidates, meta


def _one_per_goal_and_component(candidates: list[Candidate], meta) -> list[Candidate]:
    kept, goals_kept, components_kept = [], set(), set()
    for c in candidates:
        goals = set(meta[c.key][0].goals)
        if (goals - goals_kept) or c.exercise.component not in components_kept:
            kept.append(c)
            goals_kept |= goals
            components_kept.add(c.exercise.component)
    return kept


def _prescription(placed, meta, intake: Intake, strategy: Strategy, sessions: dict[int, str]) -> Prescription:
    c = placed.candidate
    choice, why_picked, why_dose = meta[c.key]
    pain = frozenset(intake.person.pain_regions)
    goals = tuple(g.id for g in intake.goals if serves(c.exercise, g, pain, choice.ladder))
    ladder = tuple(r.id for r in choice.rungs)
    rung = ladder.index(c.exercise.id) + 1
    level = {"level": rung}
    reasons = [why_picked, *exercise_reasons(c.exercise, choice.ladder, intake), kit_reason(c.exercise), why_dose,
               f"rung {rung} of {len(ladder)} on this ladder"]
    if choice.skipped:
        reasons.append("left out of this ladder: " + "; ".join(choice.skipped))
    if placed.note:
        reasons.append(placed.note)
    per_week = times_a_week(placed.placement, sessions)
    reasons.append(f"takes about {placed.minutes:g} minutes, {per_week} times a week")
    return Prescription(
        activity_id=c.exercise.id, name=c.exercise.name, kind="exercise", component=c.exercise.component,
        region=c.exercise.region, dose=c.dose.with_values(**level), target=c.target.with_values(**level),
        sessions_per_week=per_week, session=placed.placement, strategy=strategy, goals=goals,
        ladder=ladder, minutes=placed.minutes, reasons=tuple(reasons),
    )


def _phase(stage: cal.Stage, picked, intake: Intake, plan: dict, previous: dict) -> tuple[Phase, dict, list[str]]:
    """One phase: its exercises packed into the week, its quotas, criteria and checkpoint."""
    days = plan["days"]
    maintenance = stage.name == "maintenance"
    # Maintenance keeps two sessions a week (fewer if the week has fewer training days), days apart.
    kept = days[:: max(1, len(days) // MAINTENANCE_SESSIONS)][:MAINTENANCE_SESSIONS]
    sessions = dict.fromkeys(kept, "A") if maintenance else plan["sessions"]
    candidates, meta = _phase_exercises(stage.name, picked, intake, plan["fraction"], previous)
    placed, dropped = pack(candidates, intake.preferences.minutes_per_day, plan["split"] and not maintenance)
    prescriptions = [_prescription(p, meta, intake, plan["strategy"], sessions) for p in placed]
    left_out = [f"{stage.name}: {c.exercise.name}: {why}" for c, why in dropped]
    totals = session_totals(placed)
    week = tuple(SessionDay(name, sessions.get(i), totals[sessions[i]] if i in sessions else 0.0)
                 for i, name in enumerate(plan["names"]))
    end = stage.last_week if stage.weeks and stage.last_week in plan["checkpoint_weeks"] else None
    phase = Phase(
        name=stage.name, purpose=PURPOSES[stage.name], first_week=stage.first_week,
        start=cal.week_start(intake.today, stage.first_week), weeks=stage.weeks,
        prescriptions=tuple(prescriptions) + plan["quotas"][stage.name], week=week,
        progression_criteria=criteria(stage.name, plan["strategy"]),
        checkpoint=cal.checkpoint(intake, end, f"whether to move from {stage.name} to the next phase") if end else None,
    )
    return phase, {p.candidate.key: (p.candidate.exercise, p.candidate.target) for p in placed}, left_out


def build_program(intake: Intake, library: Library) -> Program:
    """A phased program for this person, with every choice explained."""
    rules = comorbidity_rules(intake)
    cautions = rules.excluded
    found = findings(intake)
    fraction, fraction_why = starting_fraction(intake)
    strategy, strategy_why = choose_strategy(intake)
    choices, left_out = rank(intake, library, cautions)
    picked = pick(choices, intake)
    stages, stages_why = cal.stages(intake, found)
    days = training_days(intake.preferences.days_per_week)
    sessions = session_of_day(days)
    split = len(set(sessions.values())) > 1
    quotas, quota_left_out = daily_quotas(intake, library, cautions, fraction, stages)
    checkpoint_weeks = cal.checkpoint_weeks(stages)
    plan = {"days": days, "sessions": sessions, "split": split, "fraction": fraction, "strategy": strategy,
            "names": day_names(intake.today), "quotas": quotas, "checkpoint_weeks": checkpoint_weeks}

    phases, previous = [], {}
    for stage in stages:
        phase, previous, dropped = _phase(stage, picked, intake, plan, previous)
        phases.append(phase)
        left_out += dropped

    discharge = stages[-1].first_week - 1
    checkpoints = [cal.checkpoint(intake, w, "review progress, doses and goals") for w in checkpoint_weeks]
    checkpoints += cal.maintenance_checkpoints(intake, discharge)
    decisions = [strategy_why, fraction_why, stages_why, rest_days_reason(days, split, intake.preferences.days_per_week)]
    decisions += timing(intake)
    decisions += [hold.reason for hold in rules.holds] + list(rules.decisions)
    decisions += caution_decisions(intake, library, cautions, considered(intake, library))
    return Program(
        start=intake.today, strategy=strategy, starting_fraction=fraction, phases=tuple(phases),
        education=tuple(cal.education_weeks(list(library.education.values()), stages, found)),
        checkpoints=tuple(checkpoints), reentry_triggers=REENTRY_TRIGGERS,
        goals=tuple(goal_paths(intake, phases, stages)),
        decisions=tuple(decisions), left_out=tuple(left_out + quota_left_out), holds=rules.holds,
    )


def timing(intake: Intake) -> list[str]:
    """When in the day to train: the person's preference, fitted around shifts."""
    said = []
    if intake.preferences.preferred_time:
        said.append(f"Sessions are planned for the {intake.preferences.preferred_time}, as you prefer.")
    job = intake.constraints.job
    if job is not None and job.shift in ("night", "rotating"):
        said.append(
            "With night or rotating shifts, train after your main sleep and before your shift, never in "
            "the hours before you sleep; put rest days where your shift pattern changes."
        )
    return said


def rest_days_reason(days: tuple[int, ...], split: bool, asked: int) -> str:
    rest = 7 - len(days)
    text = f"{len(days)} training days and {rest} rest day{'s' * (rest > 1)} a week"
    if asked > len(days):
        text += f" (you offered {asked}; one day a week is kept free so your body can recover)"
    if split:
        text += "; sessions A and B alternate so strength work always has a day's rest between (ACSM 2009, clinical reference §3.5)"
    return text[0].upper() + text[1:] + "."


def criteria(phase: str, strategy: Strategy) -> tuple[str, ...]:
    if phase == "maintenance":
        return (
            f"Keep {MAINTENANCE_SESSIONS} short sessions a week (or as many as your week allows) and your daily activities going.",
            "Come back into the program if a re-entry sign appears.",
        )
    if strategy is Strategy.TIME_CONTINGENT:
        pace = (
            "Quotas rise about 10% a week when at least 80% of the week's quotas were met, whatever "
            f"the pain, within the pain limit ({sources.QUOTA_MET_SHARE})."
        )
    else:
        pace = (
            "The dose goes up after two sessions in a row at the target with pain during at most "
            f"5/10 and back to usual by the next morning ({sources.TWO_SESSIONS_RULE})."
        )
    effort = f"Strength work goes up only while effort stays at or below 8/10 ({sources.EFFORT_AUTOREGULATION})."
    by_phase = {
        "foundation": ("Every exercise done with good form, checked at the checkpoint.", pace,
                       "No flare in the last two weeks of the phase (clinical reference §5)."),
        "build": (pace, effort, f"Load rises 2-10% at a time ({sources.ACSM_LOAD_INCREMENT}).",
                  "At the checkpoint, move up a rung when the top of the range feels comfortable."),
        "function": (pace, "Each goal task is practised at its quota and tested against its success criterion.",
                     "A goal is reached when its success criterion is met on two occasions (GAS 0)."),
    }
    return by_phase[phase]


REENTRY_TRIGGERS = (
    "A flare that is not settling after about 7 days (clinical reference §5.7).",
    "Two or more flares within 4 weeks (clinical reference §5.7).",
    "Any red-flag sign: follow the 'When to get help' module and contact your clinician (§4.2).",
    "A setback lasting weeks, for example after illness or surgery: a full reassessment (§5).",
    "Losing ground on a goal: its GAS score falls back to -1 or below, or a PSFS activity drops by "
    "2 points or more (PSFS minimal important difference 1.3-2.7, clinical reference §1.3).",
)
