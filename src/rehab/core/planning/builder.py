"""The program builder: from a person's intake and the library to a phased, explained program.

Order of work: hard constraints (equipment, cautions, dislikes, time) decide what may be used;
goals decide what is used first; the training components are then balanced (resistance, mobility,
balance, functional, and aerobic when walking or time calls for it); sessions are packed to fit the
time the person has; daily activities tied to goals or measured at baseline get paced quotas.
Every prescription carries the reasons it was chosen, and the program lists its own decisions and
what it left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rehab.core import sources
from rehab.core.models import Dose, Strategy
from rehab.core.planning import calendar as cal
from rehab.core.planning.dosing import (
    at_least,
    exercise_start,
    exercise_target,
    paced,
    starting_fraction,
    unloaded_foundation,
)
from rehab.core.planning.comorbidities import (
    BOTH_HANDS_FULL,
    EVERY_EXERCISE,
    GRIP_LOADING,
    HEART_EFFORT_LIMIT,  # noqa: F401  (named here by the hazard log, H54)
    PREGNANCY_DUE_WEEK,
    PREGNANCY_PLAN_ENDS_WEEK,
    Hold,
    comorbidity_rules,
    grip_cap_kg,
    held_kg,
    measured_fall_risk,
)
from rehab.core.planning.comorbidities import pregnant as is_pregnant
from rehab.core.planning.home import held_support, home_rules, names_own_support, standing_support
from rehab.core.planning.goals import ICF_CATEGORIES, Goal, icf_related, life_area
from rehab.core.planning.intake import Intake, findings
from rehab.core.planning.library import (
    BALANCED_COMPONENTS,
    STANDING_BALANCE,
    Component,
    Exercise,
    Library,
)
from rehab.core.planning.maintenance import HELP_MODULE, STANDARD_TRIGGERS, WARNING_SIGN_TRIGGER
from rehab.core.planning.preference_words import ReadWords, read_words
from rehab.core.planning.pregnancy_lifting import RATIONALE as AFTER_BIRTH_RATIONALE
from rehab.core.planning.pregnancy_lifting import LIFTING_AND_CARRYING, daily_lifting_advice, goals_after_birth
from rehab.core.planning.program import Phase, Prescription, Program, SessionDay
from rehab.core.planning.quotas import considered, daily_quotas
from rehab.core.planning.selection import (
    LadderChoice,
    caution_decisions,
    caution_reason,
    comorbidities_with_nothing_further,
    exercise_reasons,
    goal_match,
    keywords,
    kit_reason,
    blocked,
    rank,
    serves,
    toward_held_task,
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
from rehab.core.planning.strategy import choose_strategy
from rehab.core.planning.targets import goal_paths, reached_in

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
    "foundation": "Learn each move well and start at a level a bit below what you can do now.",
    "build": "Build strength, range and stamina step by step: a little more each week.",
    "function": "Practise your goal tasks themselves and bring them up to your targets.",
    "maintenance": "Keep your gains by yourself, with check-ups and a clear way back in if you need it.",
}
# In pregnancy the maintenance phase runs from the end of the active program (by about week 36) to the birth, at the same gentle amounts
# or less (PREGNANCY_PLAN_WORDS): no "gains", no 3-, 6- and 12-month check-ups of this plan (re-check
# 2026-12-03e, finding 8; hazard H23).
PREGNANCY_MAINTENANCE_PURPOSE = "Keep gently active until your baby is born."
HELP_NOW = "read it now: it says which signs need help fast"
# Every exercise held (a blood pressure in the crisis range, H55): the phases are kept for the
# structure, with nothing in them, and say so; no criteria, no check-ups (re-check 2026-12-03e, finding 4).
HELD_ALL_PURPOSE = ("Nothing in this phase is planned. It waits until {who} has checked your blood pressure. "
                    "Then we make your plan again.")


COMPONENT_WORDS = {
    Component.RESISTANCE: "strength", Component.MOBILITY: "stretching and range",
    Component.BALANCE: "balance", Component.FUNCTIONAL: "everyday task", Component.AEROBIC: "stamina",
}


def pick(choices: list[LadderChoice], intake: Intake,
         waiting: dict[str, str] | None = None) -> list[tuple[LadderChoice, str]]:
    """Ladders in the order they get session time: one per goal (by priority, the most specific
    match first: the goal's own task, then the same ICF category, a subcategory, the broader
    category), then every ladder holding a measured tolerance (a measurement is never dropped for
    an unmeasured exercise), then what the person likes, then whatever balances the components,
    aerobic work when called for, and the best of the rest. ``waiting``: goal id -> its own task, for
    goals whose task waits for a clearance: only a ladder that holds the task (easy cycling before
    bike intervals) is chosen for such a goal. Sam's head turns wait for his neck check, their whole
    ladder is held, and a sock reach was "chosen first" for them (review 2026-12-03g, finding 7)."""
    picked: list[tuple[LadderChoice, str]] = []

    def take(choice: LadderChoice | None, why: str) -> None:
        if choice is not None and all(choice.id != c.id for c, _ in picked):
            picked.append((choice, why))

    order = {c.id: i for i, c in enumerate(choices)}
    pain = frozenset(intake.person.pain_regions)
    for goal in sorted(intake.goals, key=lambda g: g.priority):
        serving = [c for c in choices if goal.id in c.matches and toward_held_task(goal.id, c.ladder, waiting)]
        # The rung the person starts on matters most: a standing goal starts with standing work.
        serving.sort(key=lambda c: (-goal_match(first_rung(c, intake), goal, pain, c.ladder),
                                    -c.matches[goal.id], c.ladder.component is not Component.FUNCTIONAL, order[c.id]))
        take(next(iter(serving), None), f"chosen first for your goal \"{goal.words}\"")
    for choice in choices:
        if any(intake.baseline.tolerance_of(r.id) is not None for r in choice.rungs):
            take(choice, "we measured how much of it you can do, so it starts from that")
    for choice in choices:
        if choice.liked:
            take(choice, _liked_words(choice, intake))
    for component in BALANCED_COMPONENTS:
        if all(c.ladder.component is not component for c, _ in picked):
            take(next((c for c in choices if c.ladder.component is component), None),
                 f"adds {COMPONENT_WORDS[component]} work, so your week is well rounded")
    walking = any(icf_related(g.icf, w) for g in intake.goals for w in _WALKING) or (
        intake.constraints.job is not None and any(icf_related(d, w) for d in intake.constraints.job.demands for w in _WALKING)
    )
    if walking or intake.preferences.minutes_per_day >= AEROBIC_FROM_MINUTES:
        take(next((c for c in choices if c.ladder.component is Component.AEROBIC), None),
             "adds work for stamina and health")
    for choice in choices:
        if len(picked) >= MAX_LADDERS or choice.score < RELEVANT_SCORE:
            break
        # A ladder ranks by its best rung, but the person starts on its first: coins picked up from
        # a table lead up to carrying a bag, yet fit no goal, job, caregiving, painful region or
        # liking of a pregnant woman with back pain. A fill-in must fit her where she starts on it;
        # otherwise the time stays free for the work that does (review 2026-12-03i, finding 3).
        if fits_where_it_starts(choice, intake, waiting):
            take(choice, FILL_IN)
    return picked


FILL_IN = "one of the best fits for you among the rest"


def fits_where_it_starts(choice: LadderChoice, intake: Intake, waiting: dict[str, str] | None = None) -> bool:
    """Whether the rung a person starts a ladder on serves one of their goals, a demand of their job
    or caregiving, a region that hurts or something they like (``selection.exercise_reasons``)."""
    own, _ = exercise_reasons(first_rung(choice, intake), choice.ladder, intake, waiting)
    return bool(own)


def _liked_words(choice: LadderChoice, intake: Intake) -> str:
    """Why a liked ladder is in: the liking itself, or the liked rung it climbs to."""
    word = choice.liked[0]
    start = first_rung(choice, intake)
    rung = next((r for r in choice.rungs if r.id == word), None)
    if rung is not None and rung.id != start.id:
        return f"you said you like {word.replace('_', ' ')}; this leads up to it"
    return f"you said you like {word.replace('_', ' ')}"


def _toward_liked(choice: LadderChoice, exercise: Exercise, intake: Intake) -> str:
    """Why a rung of a ladder picked for a like is in, when the rung itself is not what they like: a
    like justifies only what matches it (a seated gaze exercise is not walking, though its ladder
    climbs to walking with head turns: a physiotherapist's review, 2026-12-03f)."""
    liked = [r for r in choice.rungs if keywords(r) & intake.preferences.likes]
    ids = [r.id for r in choice.rungs]
    here = ids.index(exercise.id)
    later = next((r for r in liked if ids.index(r.id) > here), None)
    if later is not None:
        return f"it leads up to \"{later.name}\", a later step"
    return f"it builds on \"{liked[-1].name}\", an earlier step" if liked else "one of the best fits for you"


def first_rung(choice: LadderChoice, intake: Intake) -> Exercise:
    """The rung a ladder starts on: a measured rung, else the easiest usable one."""
    return next((r for r in choice.rungs if intake.baseline.tolerance_of(r.id) is not None), choice.rungs[0])


def rungs_by_phase(choice: LadderChoice, intake: Intake, fill_in: bool = False) -> dict[str, Exercise]:
    """The rung for each phase: a measured rung (or the easiest usable one) first, one rung up to
    build, and the goal's own task (or one more rung) for function. A goal task the person can
    already do in part is practised itself from the start, at a paced dose (graded activity on
    the real task, as in Lindstrom 1992; clinical reference §3.2)."""
    rungs = list(choice.rungs)
    ids = [r.id for r in rungs]
    doable = [ids.index(g.task.activity) for g in intake.goals
              if g.task.activity in ids and any(v > 0 for _, v in g.task.baseline.items())]
    if doable:
        task = min(doable)
        function = _rung_holding_goal_load(rungs, task, intake)
        return {"foundation": rungs[task], "build": rungs[task], "function": rungs[function],
                "maintenance": rungs[function]}
    measured = [i for i, r in enumerate(rungs) if intake.baseline.tolerance_of(r.id) is not None]
    start = measured[0] if measured else 0
    pain = frozenset(intake.person.pain_regions)
    goals = [g for g in intake.goals if g.id in choice.goals]
    # Climb only to rungs that still serve the goals the ladder was chosen for (any rung, if none). A
    # fill-in climbs only to rungs that fit the person, as it must where it starts (``pick``): Dev's
    # fill-in balance work walked on to "walk and turn" for no reason of his (review 2026-12-03i,
    # finding 3). Balance and stamina work picked to round the week climbs as usual.
    if goals:
        useful = [i for i, r in enumerate(rungs) if any(serves(r, g, pain, choice.ladder) for g in goals)]
    elif fill_in:
        useful = [i for i, r in enumerate(rungs) if exercise_reasons(r, choice.ladder, intake)[0]] or [0]
    else:
        useful = list(range(len(rungs)))
    build = next((i for i in useful if i > start), start)
    named = [ids.index(g.task.activity) for g in goals if g.task.activity in ids and ids.index(g.task.activity) >= build]
    # A rung the person said they like is where the ladder climbs to, when no goal task is on it.
    liked = [i for i in range(build, len(ids)) if ids[i] in intake.preferences.likes]
    function = min(named) if named else (liked[0] if liked else next((i for i in useful if i > build), build))
    if named:
        function = _rung_holding_goal_load(rungs, function, intake)
    return {"foundation": rungs[start], "build": rungs[build], "function": rungs[function], "maintenance": rungs[function]}


def goal_load_beyond(exercise: Exercise, goals: tuple[Goal, ...]) -> Goal | None:
    """The goal practised on ``exercise`` whose target load is above the top of the exercise's usual
    load range (two 3 kg bags on 'carry two light bags', 2-4 kg in all), or None."""
    usual = exercise.range_of("load_kg")
    goal = _goal_for(exercise, goals)
    wanted = goal.task.target.get("load_kg") if goal is not None else None
    return goal if usual is not None and wanted is not None and wanted > usual.high else None


def _rung_holding_goal_load(rungs: list[Exercise], task: int, intake: Intake) -> int:
    """The rung the function phase practises a goal task on: the task's own rung, unless the goal's
    load is above its usual range; then the next rung up the ladder whose usual range holds that load,
    held the same way (two bags stay two bags: ``load_in_each``) and within the grip cap for one hand
    (hand osteoarthritis). Without such a rung the task's own rung stays (review 2026-12-03e, row 7:
    two 3 kg bags stayed on 'carry two light bags', 2 kg a bag at most in its usual range)."""
    goal = goal_load_beyond(rungs[task], scored_goals(intake))
    if goal is None:
        return task
    wanted, cap = goal.task.target.load_kg, grip_cap_kg(intake)
    for i in range(task + 1, len(rungs)):
        usual = rungs[i].range_of("load_kg")
        if (usual is not None and usual.low <= wanted <= usual.high
                and bool(rungs[i].load_in_each) == bool(rungs[task].load_in_each)
                and (cap is None or held_kg(wanted, rungs[i].load_in_each) <= cap)):
            return i
    return task


def scored_goals(intake: Intake) -> tuple[Goal, ...]:
    """The goals whose own amounts the plan builds to: not a pregnant woman's lifting or carrying
    goal, which waits for the re-plan after the birth (``pregnancy_lifting``, hazard H23)."""
    later = goals_after_birth(intake)
    return tuple(g for g in intake.goals if g.id not in later)


def _goal_for(exercise: Exercise, goals: tuple[Goal, ...]) -> Goal | None:
    return next((g for g in sorted(goals, key=lambda g: g.priority) if g.task.activity == exercise.id), None)


def _doses(phase: str, exercise: Exercise, intake: Intake, fraction: float, previous: tuple[Exercise, Dose] | None) -> tuple[Dose, Dose, str]:
    """Starting and target dose of one exercise in one phase, and the reason for the start."""
    goal = _goal_for(exercise, intake.goals)
    start, why = _fresh_start(phase, exercise, intake, fraction)
    moved_for = goal_load_beyond(previous[0], scored_goals(intake)) if (
        previous is not None and previous[0].id != exercise.id and goal is None) else None
    if moved_for is not None:
        # One rung up for the goal's load (_rung_holding_goal_load): it carries on from the dose
        # reached on the rung before, raised to the new rung's usual low end where that is higher.
        goal, low = moved_for, exercise_start(exercise, None, fraction)[0]
        carried = {d: v for d, v in previous[1].items() if exercise.range_of(d) is not None}
        start = at_least(low.with_values(**carried), low)
        held = "the bags in your goal are" if previous[0].load_in_each == "bag" else "the weight in your goal is"
        why = (f"moves on from \"{previous[0].name}\", because {held} heavier than it usually holds. It "
               "carries on from where you got to")
    elif previous is not None and previous[0].id == exercise.id:
        carried = previous[1]
        if carried.get("load_kg") is None and start.get("load_kg") is not None:
            # An unloaded foundation (flare, severe pain): the weight starts now, where it would have.
            carried = carried.with_values(load_kg=start.get("load_kg"))
        start, why = carried, "carries on from where you got to in the phase before"
    if phase == "foundation" and unloaded_foundation(intake) and start.get("load_kg") is not None:
        start = Dose(**{d: v for d, v in start.items() if d != "load_kg"})
        target = Dose(**{d: v for d, v in exercise_target(exercise, phase).items() if d != "load_kg"})
        return start, at_least(target, start), why + ". " + UNLOADED_WORDS[0].upper() + UNLOADED_WORDS[1:]
    if phase == "maintenance":
        start, why_cap = _grip_capped(exercise, intake, start)
        return start, start, "keeps the level you reached" + why_cap
    target = exercise_target(exercise, phase)
    if goal is not None and phase in ("function", "maintenance") and goal in scored_goals(intake):
        target = target.with_values(**{d: v for d, v in goal.task.target.items() if exercise.range_of(d)})
    target = at_least(target, start)
    start, _ = _grip_capped(exercise, intake, start)
    target, why_cap = _grip_capped(exercise, intake, target)
    return start, target, why + why_cap


# For the person, in pregnancy: when the plan ends and what comes after the birth (hazard H23).
PREGNANCY_PLAN_WORDS = (
    f"Your plan builds up until about week {PREGNANCY_PLAN_ENDS_WEEK} of your pregnancy. After that, keep to "
    "the same gentle amounts, or less, until your baby is born. Stop this plan when your baby is born. "
    "After the birth we make a new plan, once your midwife or doctor says you can start."
)


def pregnancy_plan_words(weeks_at_start: int, active_weeks: int) -> str:
    """The pregnancy words with the week of pregnancy the active program really ends in: the weeks at
    intake plus its active weeks (by about 36 weeks at the latest, earlier when the goal's date ends it
    sooner). "About week 36" was untrue for a woman at 16 weeks whose program ended at about 29 weeks
    (a physiotherapist's review, 2026-12-03j, finding 5)."""
    return PREGNANCY_PLAN_WORDS.replace(f"week {PREGNANCY_PLAN_ENDS_WEEK} ", f"week {weeks_at_start + active_weeks} ")

# The function phase tests goal tasks; not a pregnant woman's lifting goal (hazard H23).
AFTER_BIRTH_CRITERION = "A lifting or carrying goal is not tested while you are pregnant. It is set again after the birth."
GOAL_TESTED = "Each goal task is practised at its amount and tested against your goal."
GOAL_MET = "A goal is met when you reach it on two separate days."
OTHER_GOALS_TESTED = "Your other goal tasks are practised at their amount and tested against your goals."


# A goal carried with both hands full waits for the walking re-test with a fall risk (H25), and a goal
# task held by a clearance waits for that check (H55, H23): neither is tested in the function phase.
HANDS_FULL_CRITERION = "Carrying with both hands full is not tested until your clinician checks your walking again."
CLEARANCE_CRITERION = "A goal task that waits for a check is not tested until that check is done."
# In pregnancy from 20 weeks a carry with both hands full waits for the birth, not a walking re-test
# (review 2026-12-03j, finding 8; hazard H23).
HANDS_FULL_PREGNANCY_CRITERION = "Carrying with both hands full is not tested while you are pregnant."


def goals_that_wait(intake: Intake, hands_full: frozenset[str], waiting: dict[str, str]) -> dict[str, str]:
    """Each goal whose task the function phase cannot test, with the line that says why: a pregnant
    woman's lifting goal (after the birth), a carry with both hands full under a fall risk, a task
    held until a clearance."""
    after_birth = goals_after_birth(intake)
    said = {}
    for goal in intake.goals:
        if goal.id in after_birth:
            said[goal.id] = AFTER_BIRTH_CRITERION
        elif goal.task.activity in hands_full:
            said[goal.id] = (HANDS_FULL_PREGNANCY_CRITERION if is_pregnant(intake) and measured_fall_risk(intake.baseline) is None
                             and "fall_risk" not in intake.constraints.comorbidities else HANDS_FULL_CRITERION)
        elif goal.task.activity in waiting:
            said[goal.id] = CLEARANCE_CRITERION
    return said


def _with_goals_that_wait(lines: tuple[str, ...], phase: str, intake: Intake, waits: dict[str, str]) -> tuple[str, ...]:
    """The function phase's rules for moving on when a goal's task waits (for the birth, a walking
    re-test or a clearance): never "each goal task is tested" beside a goal that is not (the lead's
    check of the toddler change, 2026-12-03; review 2026-12-03j, finding 11: Arthur's two-bag goal
    waiting for his walking re-test). With every goal waiting, no goal is tested or met in the phase."""
    if phase != "function" or not waits:
        return lines
    why = tuple(dict.fromkeys(waits[g.id] for g in sorted(intake.goals, key=lambda g: g.priority) if g.id in waits))
    if set(waits) >= {g.id for g in intake.goals}:
        return (*(line for line in lines if line not in (GOAL_TESTED, GOAL_MET)), *why)
    return (*(OTHER_GOALS_TESTED if line == GOAL_TESTED else line for line in lines), *why)

UNLOADED_WORDS = "no added weight in this first phase, while your pain settles. The weight comes in the next phase"


def _fresh_start(phase: str, exercise: Exercise, intake: Intake, fraction: float) -> tuple[Dose, str]:
    """Where an exercise starts when it does not carry on from the phase before."""
    goal = _goal_for(exercise, intake.goals)
    if goal is not None and (phase == "function" or any(v > 0 for _, v in goal.task.baseline.items())):
        base = {d: paced(v, fraction, d) for d, v in goal.task.baseline.items() if v > 0 and exercise.range_of(d)}
        start, why = exercise_start(exercise, None, fraction)
        start = start.with_values(**base)
        return start, (f"starts at {fraction:.0%} of what you can do now in the goal task" if base else why)
    return exercise_start(exercise, intake.baseline.tolerance_of(exercise.id), fraction)


def _grip_capped(exercise: Exercise, intake: Intake, dose: Dose) -> tuple[Dose, str]:
    """``dose`` with its load kept within the cap set from grip strength (hand osteoarthritis), and
    what to tell the person when it was lowered or limited. The cap is also the engine's ceiling,
    because a phase's target is."""
    cap, load = grip_cap_kg(intake), dose.get("load_kg")
    if cap is None or GRIP_LOADING not in exercise.cautions or load is None:
        return dose, ""
    # The cap is for what one hand holds: two bags share the load (review 2026-12-03d, finding 7).
    hands = 2 if exercise.load_in_each else 1
    cap_in_all = cap * hands
    said = f"Each {exercise.load_in_each}" if exercise.load_in_each else "The weight"
    return dose.with_values(load_kg=min(load, cap_in_all)), f". {said} stays at {cap:g} kg or less, set from your grip strength"


def _phase_exercises(phase: str, picked, intake: Intake, fraction: float, previous: dict[str, tuple[Exercise, Dose]]):
    candidates, meta = [], {}
    for choice, why_picked in picked:
        if phase == "maintenance" and not (choice.goals or choice.ladder.component in BALANCED_COMPONENTS):
            continue
        exercise = rungs_by_phase(choice, intake, fill_in=why_picked == FILL_IN)[phase]
        start, target, why_dose = _doses(phase, exercise, intake, fraction, previous.get(choice.id))
        pain = frozenset(intake.person.pain_regions)
        candidates.append(Candidate(choice.id, exercise, start, target,
                                    serves_goal=any(serves(exercise, g, pain, choice.ladder) for g in intake.goals)))
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


def support_line(exercise: Exercise, balance: str, standing: str) -> str:
    """The Support line of an exercise: ``balance`` (hold from the start) on standing balance work, and
    with a fall risk ``standing`` (a support within reach) on any other exercise done standing whose own
    steps put nothing to hold within reach (review 2026-12-03j, finding 6; H25). An exercise whose
    hands rest on a wall or counter throughout needs neither."""
    if exercise.hands_on_support:
        return ""
    if STANDING_BALANCE in exercise.involves:
        return balance
    if standing and exercise.position == "standing" and not names_own_support(exercise.steps):
        return standing
    return ""


def _prescription(placed, meta, intake: Intake, strategy: Strategy, sessions: dict[int, str], weeks: int | None,
                  support: str = "", waiting: dict[str, str] | None = None, standing: str = "") -> Prescription:
    c = placed.candidate
    choice, why_picked, why_dose = meta[c.key]
    pain = frozenset(intake.person.pain_regions)
    goals = tuple(g.id for g in intake.goals
                  if toward_held_task(g.id, choice.ladder, waiting) and serves(c.exercise, g, pain, choice.ladder))
    ladder = tuple(r.id for r in choice.rungs)
    rung = ladder.index(c.exercise.id) + 1
    level = {"level": rung}
    own, codes = exercise_reasons(c.exercise, choice.ladder, intake, waiting)
    if c.exercise.id in intake.preferences.likes:
        why_picked = f"you said you like {c.exercise.id.replace('_', ' ')}"  # not "leads up to it" any more
    elif why_picked.startswith("you said you like") and not keywords(c.exercise) & intake.preferences.likes:
        why_picked = _toward_liked(choice, c.exercise, intake)
    reasons = list(dict.fromkeys([why_picked, *own, kit_reason(c.exercise), why_dose,
                                  f"step {rung} of {len(ladder)} on its ladder"]))
    rationale = [f"{c.exercise.id}: ladder {choice.id}, rung {rung} of {len(ladder)}, rank score {choice.score:g}", *codes]
    if choice.skipped:
        rationale.append("rungs left out: " + "; ".join(choice.skipped))
    if placed.note:
        reasons.append(placed.note)
    per_week = times_a_week(placed.placement, sessions)
    reasons.append(f"takes about {placed.minutes:g} minutes, {per_week} times a week")
    prescription = Prescription(
        activity_id=c.exercise.id, name=c.exercise.name, kind="exercise", component=c.exercise.component,
        region=c.exercise.region, dose=c.dose.with_values(**level), target=c.target.with_values(**level),
        sessions_per_week=per_week, session=placed.placement, strategy=strategy, goals=goals,
        ladder=ladder, minutes=placed.minutes, reasons=tuple(reasons),
        support=support_line(c.exercise, support, standing),
    )
    if weeks is not None:
        # A phase builds only as far as the planned pace gets in its weeks (clinical reference §3.1, §3.5).
        reachable = reached_in(prescription, weeks)
        if reachable != prescription.target:
            rationale.append(f"phase target {prescription.target.as_dict()} cut to {reachable.as_dict()}: what "
                             f"{per_week} sessions a week reach in {weeks} weeks at two sessions per advance "
                             f"({sources.TWO_SESSIONS_RULE})")
        prescription = replace(prescription, target=reachable)
    return replace(prescription, rationale=tuple(rationale))


def _phase(stage: cal.Stage, picked, intake: Intake, plan: dict, previous: dict) -> tuple[Phase, dict, list[str]]:
    """One phase: its exercises packed into the week, its quotas, criteria and checkpoint."""
    days = plan["days"]
    maintenance = stage.name == "maintenance"
    # Maintenance keeps two sessions a week (fewer if the week has fewer training days), days apart.
    kept = days[:: max(1, len(days) // MAINTENANCE_SESSIONS)][:MAINTENANCE_SESSIONS]
    sessions = dict.fromkeys(kept, "A") if maintenance else plan["sessions"]
    candidates, meta = _phase_exercises(stage.name, picked, intake, plan["fraction"], previous)
    placed, dropped = pack(candidates, intake.preferences.minutes_per_day, plan["split"] and not maintenance)
    if not placed and not plan["quotas"][stage.name]:
        sessions = {}  # nothing to do (every exercise held): rest days, not sessions of 0 minutes
    prescriptions = [_prescription(p, meta, intake, plan["strategy"], sessions, stage.weeks, plan["support"],
                                   plan["waiting_goals"], plan["standing_support"]) for p in placed]
    left_out = [f"{stage.name}: {c.exercise.name}: {why}" for c, why in dropped]
    totals = session_totals(placed)
    week = tuple(SessionDay(name, sessions.get(i), totals[sessions[i]] if i in sessions else 0.0)
                 for i, name in enumerate(plan["names"]))
    end = stage.last_week if stage.weeks and stage.last_week in plan["checkpoint_weeks"] else None
    phase = Phase(
        name=stage.name, first_week=stage.first_week,
        purpose=PREGNANCY_MAINTENANCE_PURPOSE if maintenance and plan["pregnant"] else PURPOSES[stage.name],
        start=cal.week_start(intake.today, stage.first_week), weeks=stage.weeks,
        prescriptions=_within_effort_limit(tuple(prescriptions) + plan["quotas"][stage.name], plan["effort_limit"]),
        week=week,
        progression_criteria=_with_goals_that_wait(criteria(stage.name, plan["strategy"], plan["effort_limit"]),
                                                   stage.name, intake, plan["goals_waiting"]),
        criteria_sources=criteria_sources(stage.name, plan["strategy"], plan["effort_limit"])
        + ((f"Pregnancy: {AFTER_BIRTH_RATIONALE} (a rehab convention).",)
           if stage.name == "function" and goals_after_birth(intake) else ())
        + (("Fall risk: a goal carried with both hands full is not tested until the walking re-test (H25; a rehab "
            "convention).",) if stage.name == "function" and HANDS_FULL_CRITERION in plan["goals_waiting"].values() else ())
        + (("A goal task held by a clearance is not tested until the clearance is recorded (H55).",)
           if stage.name == "function" and CLEARANCE_CRITERION in plan["goals_waiting"].values() else ()),
        checkpoint=cal.checkpoint(intake, end, f"whether to move from {stage.name} to the next phase") if end else None,
    )
    # The next phase (and maintenance) starts from what this one really reaches, not its wish.
    reached = {p.candidate.key: (p.candidate.exercise, _no_level(rx.target)) for p, rx in zip(placed, prescriptions, strict=True)}
    return phase, reached, left_out


def _chosen_without_cautions(intake: Intake, library: Library, cautions: dict[str, str]) -> frozenset[str]:
    """The rungs of the ladders the planner would pick for this person with no caution at all: what
    a caution's "left out" sentence may name (review 2026-12-03f: not a lifting circuit for work she
    never asked for)."""
    if not cautions:
        return frozenset()
    choices, _ = rank(intake, library, {})
    return frozenset(r.id for choice, _ in pick(choices, intake) for r in choice.rungs)


def _waiting_for_clearance(intake: Intake, library: Library, holds: tuple[Hold, ...],
                           cautions: dict[str, str]) -> dict[str, str]:
    """Each goal task that only a hold keeps out (without the held movements nothing else would),
    with the clearance it waits for: the first hold that names one of its movements."""
    waiting = {}
    for goal in intake.goals:
        task = goal.task.activity
        item = library.exercises.get(task) or library.activities.get(task)
        if item is None:
            continue
        involves = item.involves if task in library.exercises else item.cautions
        hold = next((h for h in holds if involves & set(h.cautions)), None)
        if hold is None:
            continue
        rest = {k: v for k, v in cautions.items() if k not in {c for h in holds for c in h.cautions}}
        if task in library.exercises and blocked(library.exercises[task], intake, rest) is not None:
            continue
        if task in library.activities and (caution_reason(item.cautions, rest) is not None
                                           or not item.equipment <= intake.preferences.available_equipment):
            continue
        waiting[task] = hold.clearance
    return waiting


def _within_effort_limit(prescriptions: tuple[Prescription, ...], limit: float) -> tuple[Prescription, ...]:
    """With an effort cap below the usual one, each prescription carries it to the check-in, so the
    engine never advances a session felt above it: the cap the person reads is the rule that acts
    (a physiotherapist's review, 2026-12-03: the plan said 4/10, the check-in advanced at RPE 8)."""
    if limit >= USUAL_EFFORT_LIMIT:
        return prescriptions
    return tuple(replace(p, effort_limit=limit) for p in prescriptions)


def _no_level(dose: Dose) -> Dose:
    return Dose(**{d: v for d, v in dose.items() if d != "level"})


def planner_cautions(intake: Intake) -> dict[str, str]:
    """Every movement the planner leaves out for this person, with why: their comorbidities, a
    measured fall risk, a clearance not yet recorded, the clinician's own cautions and the home
    (a comorbidity's reason is kept when both apply)."""
    rules = comorbidity_rules(intake)
    return {**home_rules(intake.home, "unsupported_balance" in rules.excluded).excluded, **rules.excluded}


def reason_left_out(exercise: Exercise, intake: Intake, library: Library) -> str | None:
    """Why the planner would never offer this exercise to this person, or None when it could: the
    same hard constraints it plans with (equipment, every caution of :func:`planner_cautions`, the
    grip cap, a dislike, a session too short for even one set). Any other path that adds an
    exercise (a program review) asks this, so it cannot add what the planner would leave out."""
    intake, _ = _in_library_words(intake, library)
    return blocked(exercise, intake, planner_cautions(intake))


def build_program(intake: Intake, library: Library) -> Program:
    """A phased program for this person, with every choice explained: in plain words for them, and
    with readings, rules and sources for their clinician."""
    intake, own_words = _in_library_words(intake, library)
    rules = comorbidity_rules(intake)
    home = home_rules(intake.home, "unsupported_balance" in rules.excluded)
    cautions = planner_cautions(intake)
    found = findings(intake)
    fraction, fraction_why = starting_fraction(intake)
    chosen = choose_strategy(intake)
    strategy = chosen.strategy
    choices, left_out = rank(intake, library, cautions)
    fall_risk = measured_fall_risk(intake.baseline) is not None or "fall_risk" in intake.constraints.comorbidities
    waiting = _waiting_for_clearance(intake, library, rules.holds, cautions)
    waiting_goals = {g.id: g.task.activity for g in intake.goals if g.task.activity in waiting}
    # With a fall risk, a goal carried with both hands full waits; a carry with one hand free practises it (H25).
    hands_full = (frozenset(i for i, e in {**library.exercises, **library.activities}.items() if BOTH_HANDS_FULL in e.cautions)
                  if BOTH_HANDS_FULL in cautions else frozenset())
    picked = pick(choices, intake, waiting_goals)
    stages, stages_why = cal.stages(intake, found, rules.weeks_until_plan_ends)
    days = training_days(intake.preferences.days_per_week)
    sessions = session_of_day(days)
    split = len(set(sessions.values())) > 1
    quotas, quota_left_out = daily_quotas(intake, library, cautions, fraction, stages, rules.effort_limit)
    checkpoint_weeks = cal.checkpoint_weeks(stages)
    plan = {"days": days, "sessions": sessions, "split": split, "fraction": fraction, "strategy": strategy,
            "names": day_names(intake.today), "quotas": quotas, "checkpoint_weeks": checkpoint_weeks,
            "effort_limit": rules.effort_limit if rules.effort_limit is not None else USUAL_EFFORT_LIMIT,
            "support": held_support(intake.home, fall_risk, pregnant=is_pregnant(intake)) if "unsupported_balance" in cautions else "",
            # With a fall risk, standing work names a support within reach too (H25; review 2026-12-03j, finding 6).
            "standing_support": standing_support(intake.home) if fall_risk else "",
            "pregnant": rules.weeks_until_plan_ends is not None, "waiting_goals": waiting_goals,
            "goals_waiting": goals_that_wait(intake, hands_full, waiting)}

    phases, previous = [], {}
    for stage in stages:
        phase, previous, dropped = _phase(stage, picked, intake, plan, previous)
        phases.append(phase)
        left_out += dropped

    discharge = stages[-1].first_week - 1
    checkpoints = [cal.checkpoint(intake, w, "review progress, doses and goals") for w in checkpoint_weeks]
    if rules.weeks_until_plan_ends is not None:
        # Pregnancy: no 3-, 6- and 12-month reviews of this plan after the birth; a new plan instead.
        checkpoints.append(cal.after_birth_checkpoint(intake, PREGNANCY_DUE_WEEK - intake.constraints.gestation_weeks))
    else:
        checkpoints += cal.maintenance_checkpoints(intake, discharge)
    rest_plain, rest_source = rest_days_reason(days, split, intake.preferences.days_per_week)
    decisions = [chosen.plain, _plain_fraction(fraction), stages_why, rest_plain]
    decisions += timing(intake)
    unloaded = unloaded_foundation(intake)
    if unloaded:
        decisions.append(f"In the first phase your exercises use no added weight, because {unloaded}. "
                         "Weights start in the next phase.")
    decisions += _likes_said_left_out(own_words, intake, library, cautions, phases)
    held_all = next((h.advice for h in rules.holds if EVERY_EXERCISE in h.cautions), "")
    decisions += [hold.advice for hold in rules.holds]
    if rules.weeks_until_plan_ends is not None:
        decisions.append(pregnancy_plan_words(intake.constraints.gestation_weeks, stages[-1].first_week - 1))
    job = intake.constraints.job
    lifting_now = daily_lifting_advice(intake, job is not None and any(
        icf_related(d, LIFTING_AND_CARRYING) for d in job.demands))
    if lifting_now is not None:
        decisions.append(lifting_now)
    decisions += home.advice
    would_choose = _chosen_without_cautions(intake, library, cautions)
    said_left_out = caution_decisions(intake, library, cautions, considered(intake, library), chosen=would_choose)
    decisions += said_left_out
    education = cal.education_weeks(list(library.education.values()), stages, found)
    reentry = REENTRY_TRIGGERS
    # Who checks before anything starts: a doctor, or in pregnancy the maternity unit (H55, H23).
    held_by = next((h.checked_by for h in rules.holds if EVERY_EXERCISE in h.cautions and h.checked_by), "a doctor")
    if held_all:
        # Nothing starts before the doctor (hazard H55): the holds are all the person is told, and said
        # first. The week's shape, the starting amounts, the length, the check-ups and the reading list
        # describe a plan not yet made, so they are not claimed (re-check 2026-12-03e, finding 4); only
        # 'When to get help' stays to read. Phases stay, empty, and say that they wait.
        decisions = [hold.advice for hold in rules.holds]
        checkpoints = []
        # No flares, flare plan or goals worked toward before any program: only the warning signs
        # (a physiotherapist's check, 2026-12-03g, finding 7: Tom's crisis plan).
        reentry = (WARNING_SIGN_TRIGGER,)
        education = [replace(e, week=1, reason=HELP_NOW) for e in education if e.module == HELP_MODULE]
        phases = [replace(ph, purpose=HELD_ALL_PURPOSE.format(who=held_by), progression_criteria=(), criteria_sources=(), checkpoint=None)
                  for ph in phases]
    rationale = [f"Strategy: {chosen.rationale}", f"Starting fraction: {fraction_why}", rest_source,
                 f"Matching: goals take the ladder that matches most specifically (own task > same ICF category > "
                 f"subcategory > broader category); life areas (d2, d7-d9) transfer only through work for a "
                 f"painful region (WHO ICF 2001, clinical reference §6.3). Measured tolerances and likes come "
                 f"before balance fill-ins (pacing baseline, §3.4).",
                 *(hold.reason for hold in rules.holds), *rules.decisions,
                 *comorbidities_with_nothing_further(intake, library, cautions, considered(intake, library)),
                 *home.decisions, *REENTRY_SOURCES,
                 *(f"In full: {whole}" for whole, said in zip(
                     caution_decisions(intake, library, cautions, considered(intake, library), shown=None, chosen=would_choose),
                     said_left_out, strict=True) if whole != said),
                 *own_words.rationale]
    grip_loaded = frozenset(i for i, e in {**library.exercises, **library.activities}.items() if GRIP_LOADING in e.cautions)
    two_handed = frozenset(i for i, e in library.exercises.items() if e.load_in_each)
    one_hand_carries = frozenset(i for i, e in library.exercises.items() if GRIP_LOADING in e.cautions
                                 and e.position == "walking" and BOTH_HANDS_FULL not in e.cautions and not e.load_in_each)
    goals = tuple(goal_paths(intake, phases, stages, grip_loaded, two_handed, held_all, waiting, held_by=held_by,
                             hands_full=hands_full, one_hand_carries=one_hand_carries))
    rationale += [g.rationale for g in goals if g.rationale]
    if unloaded:
        rationale.append(f"Foundation without added load ({unloaded}): reduce load, don't stop, in a flare "
                         "(clinical reference §5, step 5); the foundation's own rule, technique first and no "
                         "added load (rehab convention), kept for usual pain of 7/10 or more too.")
    return Program(
        start=intake.today, strategy=strategy, starting_fraction=fraction, phases=tuple(phases),
        education=tuple(education),
        checkpoints=tuple(checkpoints), reentry_triggers=reentry,
        goals=goals,
        decisions=tuple(decisions), left_out=tuple(left_out + quota_left_out), holds=rules.holds,
        effort_cap=rules.effort_cap, stop_signs=rules.stop_signs,
        rationale=tuple(rationale), warnings=(*task_kind_warnings(intake, library), *home.checks),
        exposure_offered=chosen.exposure_offered,
        likes_kept=own_words.likes.kept, dislikes_kept=own_words.dislikes.kept,
        words_read_as=own_words.likes.read_as + own_words.dislikes.read_as,
    )


def task_kind_warnings(intake: Intake, library: Library) -> list[str]:
    """For the clinician: each goal whose task is tracked by a library activity of another kind, with
    both names. The goal's ICF category names the kind of task (WHO ICF 2001, clinical reference
    §6.3); when none of the tracked activity's ICF codes is that category, a subcategory of it or
    the broader category it belongs to, the plan doses and projects the goal by the other activity
    ("kneel to weed and dig" tracked as walking: review 2026-12-03c, case c). Goals in life areas
    (d2, d7-d9) and body functions (b) name no movement, so any activity may serve them."""
    said = []
    items = {**library.exercises, **library.activities}
    for goal in sorted(intake.goals, key=lambda g: g.priority):
        item = items.get(goal.task.activity or "")
        if item is None or not goal.icf.startswith("d") or life_area(goal.icf):
            continue
        if any(icf_related(goal.icf, code) for code in item.icf):
            continue
        # Daily activities first: a goal task is most often one of them (gardening for d650).
        same_kind = [i.name.lower() for i in (*library.activities.values(), *library.exercises.values())
                     if goal.icf in i.icf and i.id != item.id]
        suggestion = (f" Library items of the goal's category: {'; '.join(same_kind[:3])}." if same_kind else "")
        said.append(
            f"Goal {goal.id} (\"{goal.words}\", {goal.icf} {ICF_CATEGORIES.get(goal.icf, '')}): its task "
            f"\"{goal.task.description}\" is tracked as {item.name.lower()} ({', '.join(item.icf)}), a different kind "
            f"of activity. The task's dose and projected week are {item.name.lower()}'s, not the task's. Check the "
            f"task's activity with the person.{suggestion}")
    return said


@dataclass(frozen=True, slots=True)
class OwnWords:
    likes: ReadWords
    dislikes: ReadWords
    plain: list[str]  # for the person
    rationale: list[str]  # for the clinician


def _in_library_words(intake: Intake, library: Library) -> tuple[Intake, OwnWords]:
    """The intake with its likes and dislikes read as library words (``preference_words``), and what
    was read or kept, in words for the person and for the clinician: no word is dropped."""
    prefs = intake.preferences
    likes, dislikes = read_words(prefs.likes, library), read_words(prefs.dislikes, library)
    plain, rationale = [], []
    for said, word in likes.read_as:
        plain.append(f"You said you like {said}. We took that to mean {_shown(word, library)}.")
    for said, word in dislikes.read_as:
        plain.append(f"You said you would rather not do {said}. We took that to mean {_shown(word, library)}.")
    for said in likes.kept:
        plain.append(f"You said you like {said}. It is not one of the exercises here, so talk with your "
                     "clinician about how to fit it into your week.")
    for said in dislikes.kept:
        plain.append(f"You said you would rather not do {said}. We could not match it to an exercise here, so "
                     "tell your clinician if any exercise feels like it.")
    if likes.read_as or dislikes.read_as:
        rationale.append("Likes and dislikes read as library words (synonym, plural or close spelling): " + "; ".join(
            f"'{said}' as {word}" for said, word in likes.read_as + dislikes.read_as) + ".")
    if likes.kept or dislikes.kept:
        rationale.append("Kept as said, not in the library (talk them over): " + "; ".join(
            [f"likes {w}" for w in likes.kept] + [f"dislikes {w}" for w in dislikes.kept]) + ".")
    intake = replace(intake, preferences=replace(prefs, likes=frozenset(likes.library_words),
                                                 dislikes=frozenset(dislikes.library_words) - frozenset(likes.library_words)))
    return intake, OwnWords(likes, dislikes, plain, rationale)


def _likes_said_left_out(own_words: OwnWords, intake: Intake, library: Library, cautions: dict[str, str],
                         phases: list[Phase]) -> list[str]:
    """The person's words about their likes, with a like that no phase has, because a caution leaves out
    every exercise it names, said as left out and why: "You said you like bridges. We took that to mean
    bridge." above a plan without a bridge read as if the like was kept (review 2026-12-03g, finding 7)."""
    plain = list(own_words.plain)
    read_as = dict((word, said) for said, word in own_words.likes.read_as)
    planned = {p.activity_id for ph in phases for p in ph.prescriptions}
    for word in own_words.likes.library_words:
        named = [e for e in library.exercises.values() if word in keywords(e)]
        named += [a for a in library.activities.values() if a.id == word]
        if not named or any(item.id in planned for item in named):
            continue
        involves = [getattr(item, "involves", None) or frozenset(item.cautions) for item in named]
        whys = [next((cautions[c] for c in sorted(tagged) if c in cautions), None) for tagged in involves]
        if None in whys:  # some of them are out for another reason (equipment, time): nothing to claim
            continue
        why = sorted(set(whys))[0]
        left_out = f"It is left out for now because of {why}."
        if word in read_as:
            sentence = f"You said you like {read_as[word]}. We took that to mean {_shown(word, library)}."
            plain = [f"{line} {left_out}" if line == sentence else line for line in plain]
        else:
            plain.append(f"You said you like {_shown(word, library)}. {left_out}")
    return plain


def _shown(word: str, library: Library) -> str:
    item = library.exercises.get(word) or library.activities.get(word)
    return item.name.lower() if item is not None else word.replace("_", " ")


def _plain_fraction(fraction: float) -> str:
    return (f"Each activity starts at {fraction:.0%} of what you can do now, so you stop before pain "
            "or tiredness builds up.")


def timing(intake: Intake) -> list[str]:
    """When in the day to train: the person's preference, fitted around shifts."""
    said = []
    if intake.preferences.preferred_time:
        said.append(f"Sessions are planned for the {intake.preferences.preferred_time}, as you prefer.")
    job = intake.constraints.job
    if job is not None and job.shift in ("night", "rotating"):
        said.append(
            "With night or rotating shifts, train after your main sleep and before your shift. Do not "
            "train in the hours before you sleep. Put rest days where your shifts change."
        )
    return said


def rest_days_reason(days: tuple[int, ...], split: bool, asked: int) -> tuple[str, str]:
    """The week's shape in plain words, and its rule with the source."""
    rest = 7 - len(days)
    text = f"{len(days)} training days and {rest} rest day{'s' * (rest > 1)} a week"
    if asked > len(days):
        text += f" (you offered {asked}; one day a week stays free so your body can recover)"
    if split:
        text += ". Sessions A and B take turns, so strength work always has a day of rest between"
    source = ("Sessions A/B alternate from 4 days a week, one rest day a week at least: novices train each muscle "
              "group 2-3 days a week (ACSM 2009, clinical reference §3.5).")
    return text[0].upper() + text[1:] + ".", source


# Under an effort cap from a health condition (uncontrolled blood pressure before its clearance,
# H21; heart disease, H54) the check-in holds every rise above the cap, a time-contingent quota's
# too (rehab.core.engine.strategies.time_contingent): the plan says so, for walks as for exercises
# (a physiotherapist's review, 2026-12-03f: the plan said only a flare or a safety warning pauses a
# walking rise, while a walk at 7 against a cap of 5 held it).
PACE_PAUSE = "Only a flare or a safety warning pauses a rise."


def capped_pause(effort_limit: float) -> str:
    """What pauses a set-plan rise under an effort cap, in the person's words."""
    return f"Only a flare, a safety warning or effort above {effort_limit:g} out of 10 pauses a rise."


# The pace of each strategy, said once and truly (clinical reference §3.1, §3.2 rule 3, §3.4, §5).
PACE = {
    Strategy.TIME_CONTINGENT: ("Your amounts go up each week on a set plan when you did at least 8 in 10 of "
                               "them, on good and bad days alike. " + PACE_PAUSE),
    Strategy.SYMPTOM_CONTINGENT: ("An exercise goes up after two sessions in a row at its full amount. Pain "
                                  "during must stay at 5 out of 10 or less, and be back to usual by the next morning. "
                                  "Daily amounts, like walking, go up on a set plan instead."),
}
PACE_SOURCES = {
    Strategy.TIME_CONTINGENT: f"{sources.OPERANT_QUOTAS}; {sources.QUOTA_MET_SHARE}; pauses only for {sources.FLARE_DEFINITION}",
    Strategy.SYMPTOM_CONTINGENT: f"{sources.TWO_SESSIONS_RULE}; {sources.SILBERNAGEL_PAIN_MONITORING}",
}


# Strength work moves up while effort stays at this out of 10 (clinical reference §3.5, effort
# autoregulation); with heart disease, within the effort cap instead (RPE 11-14 on 6-20, about 3-4 on
# 0-10: ACSM's Guidelines, 11th ed.; rehab.core.planning.comorbidities.HEART_SOURCE), and with
# uncontrolled blood pressure until its clearance (5: comorbidities.BP_EFFORT_LIMIT). The lowest
# applies (comorbidities.comorbidity_rules); HEART_EFFORT_LIMIT is kept importable from here.
USUAL_EFFORT_LIMIT = 8  # sources.EFFORT_AUTOREGULATION


def capped_effort(effort_limit: float) -> str:
    """The effort cap as a rule for moving on: every amount, daily walking included."""
    return (f"Nothing goes up unless your effort stays at {effort_limit:g} out of 10 or less. That counts for "
            "daily amounts like walking too. Use the talk test: you should still be able to talk.")


def criteria(phase: str, strategy: Strategy, effort_limit: float = USUAL_EFFORT_LIMIT) -> tuple[str, ...]:
    """How to move on in each phase, in the person's words (sources: :func:`criteria_sources`)."""
    if phase == "maintenance":
        return (
            f"Keep {MAINTENANCE_SESSIONS} short sessions a week (or as many as your week allows) and your daily activities going.",
            "Come back into the program if one of the signs below appears.",
        )
    pace = PACE.get(strategy, PACE[Strategy.TIME_CONTINGENT])
    capped = effort_limit < USUAL_EFFORT_LIMIT
    if capped:
        pace = pace.replace(PACE_PAUSE, capped_pause(effort_limit))
        effort = capped_effort(effort_limit)
    else:
        effort = f"Strength work goes up only while effort stays at {effort_limit:g} out of 10 or less."
    capped_line = (effort,) if capped else ()
    by_phase = {
        "foundation": ("Every exercise done with good form, checked at the check-up.", pace, *capped_line,
                       "No flare in the last two weeks of the phase."),
        "build": (pace, effort, "Weights go up by small steps, a few percent at a time.",
                  "At the check-up, move up a step when the top of the range feels easy."),
        "function": (pace, *capped_line, GOAL_TESTED, GOAL_MET),
    }
    return by_phase[phase]


def criteria_sources(phase: str, strategy: Strategy, effort_limit: float = USUAL_EFFORT_LIMIT) -> tuple[str, ...]:
    """The clinician's side of :func:`criteria`: each rule with its source."""
    if phase == "maintenance":
        return (f"{MAINTENANCE_SESSIONS} sessions a week keep most gains (rehab convention); reassess at 3, 6 and "
                "12 months (clinical reference §8).",)
    pace = PACE_SOURCES.get(strategy, PACE_SOURCES[Strategy.TIME_CONTINGENT])
    capped = ()
    if effort_limit < USUAL_EFFORT_LIMIT:
        capped = (f"Effort cap {effort_limit:g}/10 from a health condition (H21 blood pressure, H23 pregnancy, H54 heart): the "
                  "check-in holds any rise, a time-contingent quota's included, after a session logged above it "
                  "(limits.rpe_max_to_advance on every prescription).",)
    by_phase = {
        "foundation": (pace, *capped, "No flare in the last two weeks of the phase (clinical reference §5)."),
        "build": (pace, sources.EFFORT_AUTOREGULATION, *capped, sources.ACSM_LOAD_INCREMENT),
        "function": (pace, *capped, "Goal met: success criterion on two occasions (GAS 0; Turner-Stokes 2009, §6.2)."),
    }
    return by_phase[phase]


REENTRY_TRIGGERS = STANDARD_TRIGGERS  # the same list as at discharge (rehab.core.planning.maintenance)
REENTRY_SOURCES = (
    "Re-entry: a flare not settling after about 7 days, or 2 flares in 4 weeks (clinical reference §5.7); "
    "red flags (§4.2); a setback lasting weeks needs a full reassessment (§5); losing ground = GAS back to -1 "
    "or below, or a PSFS activity down by 2 points or more (PSFS MID 1.3-2.7, §1.3).",
)
