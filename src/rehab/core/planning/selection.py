"""Which exercises suit this person, and why.

Hard constraints first: an exercise that needs equipment the person lacks, involves a movement
their cautions exclude, or does not fit even as one set in their session is never offered. The
person's dislikes are treated the same way: a program they dread is a program they will not do.
The ladders that remain are ranked by what matters to the person: transfer to their goals (by ICF
domain) and to the demands of their job and caregiving, the regions that hurt, and what they enjoy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rehab.core.models import Dose
from rehab.core.planning.comorbidities import EVERY_EXERCISE, GRIP_LOADING, grip_cap_kg, held_kg
from rehab.core.planning.dosing import session_minutes
from rehab.core.planning.goals import (
    BROADER,
    icf_related,
    EXACT,
    ICF_CATEGORIES,
    MATCH_WORDS,
    PLAIN_CATEGORIES,
    NARROWER,
    Goal,
    icf_match,
    life_area,
    most_specific,
)
from rehab.core.planning.intake import COMORBIDITY_CAUTIONS, Intake

# The caution word for exercises done down on the floor (content/check.py, library.CAUTION_WORDS).
FLOOR_WORK = "floor_work"
from rehab.core.planning.library import (
    caution_words,
    GYM_EQUIPMENT,
    Component,
    DailyActivity,
    Exercise,
    ExerciseLadder,
    Library,
    Region,
)


def keywords(exercise: Exercise) -> frozenset[str]:
    """The words a like or dislike can name: the exercise, its component, position, regions and
    equipment, and "gym" for anything needing gym machines."""
    words = {exercise.id, exercise.component.value, exercise.position, *exercise.regions, *exercise.equipment}
    if exercise.equipment & GYM_EQUIPMENT:
        words.add("gym")
    # "The floor" to a person means getting down to it: kneeling, all fours, sitting or planks on
    # the floor, not the lying exercises that can be done on a bed (a physiotherapist's review).
    if FLOOR_WORK in exercise.involves:
        words.add(FLOOR_WORK)
    return frozenset(words)


def vocabulary(library: Library) -> frozenset[str]:
    """Every word a like or dislike may use."""
    words = {w for e in library.exercises.values() for w in keywords(e)}
    return frozenset(words | set(library.activities))


def blocked(exercise: Exercise, intake: Intake, cautions: dict[str, str]) -> str | None:
    """Why this exercise cannot be in this person's program, or None when it can."""
    if EVERY_EXERCISE in cautions:
        return held_for_now(cautions)
    missing = sorted(exercise.equipment - intake.preferences.available_equipment)
    if missing:
        return f"needs {' and '.join(_a(m) for m in missing)}, which you do not have"
    excluded = caution_reason(exercise.involves, cautions)
    if excluded is not None:
        return excluded
    cap, lightest = grip_cap_kg(intake), exercise.range_of("load_kg")
    if (cap is not None and GRIP_LOADING in exercise.cautions and lightest is not None
            and held_kg(lightest.low, exercise.load_in_each) > cap):
        each = f" ({held_kg(lightest.low, exercise.load_in_each):g} kg in each hand)" if exercise.load_in_each else ""
        return (f"its lightest load, {lightest.low:g} kg{each}, is more than the {cap:g} kg your hands should hold, "
                "set from your grip strength")
    disliked = sorted(keywords(exercise) & intake.preferences.dislikes)
    if disliked:
        return f"you said you would rather not do {disliked[0].replace('_', ' ')}"
    one_set = Dose(sets=1, **{r.dimension: r.low for r in exercise.dose if r.dimension != "sets"})
    if session_minutes(exercise, one_set) > intake.preferences.minutes_per_day:
        return f"even one set takes longer than your {intake.preferences.minutes_per_day} minutes"
    return None


def held_for_now(cautions: dict[str, str]) -> str:
    """Why every exercise waits (a blood pressure in the crisis range, hazard H55)."""
    return f"every exercise waits for now. Left out because of {cautions[EVERY_EXERCISE]}"


def caution_reason(involves: frozenset[str], cautions: dict[str, str]) -> str | None:
    """Every excluded movement an exercise or activity involves, each with where its caution comes
    from, or None when it involves none ("involves X and Y, left out because of hip replacement")."""
    hit = sorted(involves & set(cautions))
    if not hit:
        return None
    by_source: dict[str, list[str]] = {}
    for caution in hit:
        by_source.setdefault(cautions[caution], []).append(caution_words(caution))
    # Short sentences: the person reads these in the plan's "left out" list (grade 8 per sentence).
    return "involves " + ". It also involves ".join(
        f"{'. It also involves '.join(movements)}. Left out because of {source}" for source, movements in by_source.items()
    )


def _removed(caution: str, intake: Intake, library: Library, activities: Iterable[DailyActivity],
             chosen: frozenset[str] | None = None) -> tuple[list[str], list[str]]:
    """What a caution takes out of this person's choice: exercises they have the kit for, and the
    daily activities the planner considered for them; and of those, the ones to name to them: with
    ``chosen`` (the rungs of the ladders the planner would pick without the cautions), only those
    exercises, so a knee plan does not "leave out" a lifting circuit for work nobody asked for (a
    physiotherapist's review, 2026-12-03f)."""
    available = intake.preferences.available_equipment
    exercises = sorted((e for e in library.exercises.values() if caution in e.involves and e.equipment <= available),
                       key=lambda e: e.name)
    kept = sorted(a.name for a in activities if caution in a.cautions and a.equipment <= available)
    named = [e.name for e in exercises if chosen is None or e.id in chosen]
    return [e.name for e in exercises] + kept, named + kept


# How many names a "These are: ..." list gives before "and N more" (a physiotherapist's review,
# 2026-12-03d, finding 14: lists of up to 20 names read poorly).
NAMES_SHOWN = 3


def some_names(names: list[str] | tuple[str, ...], shown: int | None = NAMES_SHOWN) -> str:
    """'A, B, C and 4 more'; every name when there are no more than one past the first few (or
    ``shown`` is None: the clinician's full list)."""
    if shown is None or len(names) <= shown + 1:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def caution_decisions(intake: Intake, library: Library, cautions: dict[str, str],
                      activities: Iterable[DailyActivity], shown: int | None = NAMES_SHOWN,
                      chosen: frozenset[str] | None = None) -> list[str]:
    """One sentence for each caution that removed something from this person's choice, naming what
    it removed; nothing for a caution that removed nothing. Cautions with the same reason that
    remove the same exercises share one sentence (the list is said once, not twice).

    "Left out ... because of osteoporosis" when no exercise involves the movement would tell the
    clinician a risk was handled when nothing was done about it. What counts as removed: exercises
    the person has the kit for (the rest were never on offer), and the daily activities the planner
    considered for them (named by a goal or measured at baseline). Named are those of them the
    planner would otherwise have chosen (``chosen``; every one when None); with none, the sentence
    says the movement is left out without a list.
    """
    activities = list(activities)
    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for caution, source in sorted(cautions.items()):
        removed, named = _removed(caution, intake, library, activities, chosen)
        if removed:
            grouped.setdefault((source, tuple(named)), []).append(caution_words(caution))
    return [(f"Left out {words[0]} because of {source}. "
             + "".join(f"The same reason leaves out {w}. " for w in words[1:])
             + (f"These are: {some_names(names, shown)}." if names else "")).strip()
            for (source, names), words in grouped.items()]


def comorbidities_with_nothing_further(intake: Intake, library: Library, cautions: dict[str, str],
                                       activities: Iterable[DailyActivity]) -> list[str]:
    """For the clinician: each comorbidity on the intake whose own cautions left nothing out that
    another reason had not already, so it shows it was applied ("Osteoporosis: ... nothing further
    to leave out"), with where each of its cautions went."""
    activities = list(activities)
    said = []
    for condition in sorted(intake.constraints.comorbidities):
        own = sorted(COMORBIDITY_CAUTIONS.get(condition, ()))
        words = condition.replace("_", " ")
        if not own or any(cautions.get(c) == words and _removed(c, intake, library, activities)[0] for c in own):
            continue  # nothing to apply, or its own sentence says what it left out
        where = []
        for caution in own:
            if not _removed(caution, intake, library, activities)[0]:
                where.append(f"{caution}: in no exercise on offer")
            else:
                where.append(f"{caution}: already left out for {cautions[caution]}")
        said.append(f"{words[0].upper()}{words[1:]}: applied, nothing further to leave out ({'; '.join(where)}).")
    return said


@dataclass(frozen=True, slots=True)
class LadderChoice:
    """A ladder this person can use: its usable rungs, the goals it serves, its rank and reasons."""

    ladder: ExerciseLadder
    rungs: tuple[Exercise, ...]
    goals: tuple[str, ...]
    score: float
    reasons: tuple[str, ...]
    skipped: tuple[str, ...]  # rungs left out, with why
    matches: dict[str, int] = field(default_factory=dict)  # goal id -> how closely it matches (NAMED..BROADER)
    liked: tuple[str, ...] = ()  # the person's likes it answers
    rationale: tuple[str, ...] = ()  # for the clinician: codes and match levels

    @property
    def id(self) -> str:
        return self.ladder.id


# Practising the goal's own task (or a rung of its ladder) beats any category match.
NAMED = 4
# How much a goal adds to a ladder's rank, by how closely it matches (most specific first).
MATCH_WEIGHT = {NAMED: 2.0, EXACT: 1.5, NARROWER: 1.0, BROADER: 0.5}


def goal_match(exercise: Exercise, goal: Goal, pain: frozenset[Region], ladder: ExerciseLadder | None = None) -> int:
    """How closely an exercise serves a goal: NAMED when it practises the goal's own task or is on
    that task's ladder, else its ICF match (EXACT > NARROWER > BROADER; 0 when none)."""
    if goal.task.activity is not None and goal.task.activity in {r.id for r in (ladder.rungs if ladder else (exercise,))}:
        return NAMED
    return transfers(exercise, goal.icf, pain)


def serves(exercise: Exercise, goal: Goal, pain: frozenset[Region], ladder: ExerciseLadder | None = None) -> bool:
    """An exercise serves a goal when it practises the goal's own task, or is on that task's ladder,
    or transfers to the goal's ICF domain as a functional task or as work for a painful region."""
    return goal_match(exercise, goal, pain, ladder) > 0


def transfers(exercise: Exercise, code: str, pain: frozenset[Region]) -> int:
    """How closely an exercise transfers to an ICF domain (0 when it does not). It must be a
    functional task or work a region that hurts (a neck exercise does not train a back patient's
    lifting), and its most specific categories are compared (a seated screen break is not standing
    work). A life area such as paid work (d850) names no movement, so only work for a painful
    region transfers to it: box lifting does not serve a neck-pain office worker's job."""
    level = icf_match(exercise.icf, code)
    if life_area(code):
        return level if exercise.region in pain else 0
    if exercise.component is Component.FUNCTIONAL or exercise.region in pain:
        return level
    # Whole-body work loads every region, the painful one included, when it is about the category
    # itself (a whole-body stretch lying down does not train sitting).
    return level if exercise.region is Region.WHOLE_BODY and level >= NARROWER else 0


def match_rationale(goal: Goal, level: int) -> str:
    """The clinician's note of how an exercise matches a goal, most specific first."""
    if level == NAMED:
        return f"goal {goal.id}: practises the goal task {goal.task.activity} (or a rung of its ladder)"
    return f"goal {goal.id}: ICF {goal.icf} {ICF_CATEGORIES[goal.icf]}, {MATCH_WORDS[level]} (weight {MATCH_WEIGHT[level]:g})"


def demands(intake: Intake) -> dict[str, str]:
    """ICF movement categories that daily life asks for beyond the goals: the job's and
    caregiving's. A job's life-area codes (d850 paid work, d845) say only that there is a job, not
    what it asks of the body, so they pull in no exercise; its movement codes (d430 lifting, d4153
    sitting...) do (WHO ICF 2001; clinical reference §6.3)."""
    found: dict[str, str] = {}
    job = intake.constraints.job
    if job is not None:
        for code in job.demands:
            if not life_area(code):
                found[code] = f"{JOB_DEMAND}{_a(job.title)}"
    care = intake.constraints.caregiving
    if care is not None:
        found.setdefault("d660", f"caring for {care.who}")
        if care.lifting:
            found.setdefault("d430", f"lifting when caring for {care.who}")
    return found


# Where a demand comes from (``demands``): the job's words name the category ("lifting and carrying
# in your work as a nurse"); caregiving's already say what it asks ("lifting when caring for a
# toddler"), so the category is not said again ("Builds lifting and carrying for lifting when caring
# for a toddler": review 2026-12-03i, finding 4).
JOB_DEMAND = "your work as "


def helps_with(category: str, source: str) -> str:
    """Why an exercise serves a demand of daily life, in plain words for any job or person cared for."""
    if source.startswith(JOB_DEMAND):
        return f"helps with {category} in {source}"
    return f"helps with {source}"


def rank(intake: Intake, library: Library, cautions: dict[str, str]) -> tuple[list[LadderChoice], list[str]]:
    """Every ladder with at least one usable rung, best first, and what was left out that would
    have served a goal."""
    goals = sorted(intake.goals, key=lambda g: g.priority)
    needs = demands(intake)
    likes = intake.preferences.likes
    pain = frozenset(intake.person.pain_regions)
    choices, left_out = [], []
    for ladder in library.ladders():
        rungs, skipped = [], []
        for rung in ladder.rungs:
            why = blocked(rung, intake, cautions)
            if why is None:
                rungs.append(rung)
            else:
                skipped.append(f"{rung.name}: {why}")
        served = [g for g in goals if any(serves(r, g, pain, ladder) for r in ladder.rungs)]
        if not rungs:
            for goal in served:
                left_out.append(f"{ladder.rungs[0].name} and the harder steps after it, for your goal \"{goal.words}\". "
                                f"Reason: {skipped[0].split(': ', 1)[1]}")
            continue
        score, reasons, rationale, matches = 0.0, [], [], []
        for goal in served:
            level = max(goal_match(r, goal, pain, ladder) for r in rungs)
            if not level:
                continue
            matches.append((goal.id, level))
            score += (6 - min(goal.priority, 5)) * MATCH_WEIGHT[level]
            how = "practises the task itself" if level == NAMED else f"trains {PLAIN_CATEGORIES[goal.icf]}"
            reasons.append(f"{how} for your goal \"{goal.words}\"")
            rationale.append(match_rationale(goal, level))
        for code, source in needs.items():
            level = max(transfers(r, code, pain) for r in rungs)
            if level:
                score += 3 if level in (EXACT, NARROWER) else 1.5
                reasons.append(helps_with(PLAIN_CATEGORIES.get(code, code), source))
                rationale.append(f"demand {code} ({source}): {MATCH_WORDS[level]}")
        if ladder.region in pain:
            score += 3
            reasons.append(f"works your {REGION_WORDS[ladder.region]}, where you have pain")
        elif ladder.region is Region.WHOLE_BODY:
            score += 1
        liked = sorted({w for r in rungs for w in keywords(r)} & likes)
        if liked:
            score += 3
            reasons.append(f"you said you like {liked[0].replace('_', ' ')}")
        choices.append(LadderChoice(ladder, tuple(rungs), tuple(g for g, _ in matches), score, tuple(reasons),
                                    tuple(skipped), dict(matches), tuple(liked), tuple(rationale)))
    choices.sort(key=lambda c: (-c.score, c.id))
    return choices, left_out


REGION_WORDS = {
    Region.LUMBAR: "lower back", Region.CERVICAL_THORACIC: "neck and upper back", Region.SHOULDER: "shoulder",
    Region.ELBOW_WRIST_HAND: "elbow, wrist and hand", Region.HIP: "hip", Region.KNEE: "knee",
    Region.ANKLE_FOOT: "ankle and foot", Region.WHOLE_BODY: "whole body",
}


def trained(exercise: Exercise, code: str, level: int) -> str:
    """What an exercise trains, in plain words: the wanted category when it matches it or a part of
    it, else only the broader category it shares (a seated chin tuck trains holding a position,
    not "sitting at a desk")."""
    if level == BROADER:
        broader = max((c for c in most_specific(exercise.icf) if code.startswith(c)), key=len)
        return PLAIN_CATEGORIES.get(broader, broader)
    return PLAIN_CATEGORIES.get(code, code)


def toward_held_task(goal_id: str, ladder: ExerciseLadder, waiting: dict[str, str] | None) -> bool:
    """Whether work on this ladder may count for the goal: always, unless the goal's own task waits
    for a clearance; then only a ladder that holds the task builds up to it (easy cycling before
    bike intervals). A sock reach does not build up to head turns held for a neck check (review
    2026-12-03g, finding 7)."""
    task = (waiting or {}).get(goal_id)
    return task is None or any(r.id == task for r in ladder.rungs)


def exercise_reasons(exercise: Exercise, ladder: ExerciseLadder, intake: Intake,
                     waiting: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Why this rung, in particular, suits the person: the goals and demands it serves itself (or
    leads up to), the region it works and what they said they like. Plain words for the person,
    and for the clinician the ICF codes with how closely each matches. ``waiting``: goal id -> its
    own task, for goals whose task waits for a clearance (``toward_held_task``)."""
    pain = frozenset(intake.person.pain_regions)
    reasons, rationale, goal_codes = [], [], []
    for goal in sorted(intake.goals, key=lambda g: g.priority):
        if not toward_held_task(goal.id, ladder, waiting):
            continue
        level = goal_match(exercise, goal, pain, ladder)
        if goal.task.activity == exercise.id:
            reasons.append(f"practises the task itself for your goal \"{goal.words}\"")
        elif level:
            own = transfers(exercise, goal.icf, pain)
            how = f"trains {trained(exercise, goal.icf, own)}" if own else "is a step up toward the task itself"
            reasons.append(f"{how} for your goal \"{goal.words}\"")
            level = own or level
        if level:
            rationale.append(match_rationale(goal, level))
            goal_codes.append(goal.icf)
    for code, source in demands(intake).items():
        level = transfers(exercise, code, pain)
        if level:
            # A goal of the same kind already says it in the person's own words ("Trains lifting and
            # carrying for your goal "Lift my toddler"."): the demand is not said a second time.
            if not any(icf_related(code, icf) for icf in goal_codes):
                reasons.append(helps_with(trained(exercise, code, level), source))
            rationale.append(f"demand {code} ({source}): {MATCH_WORDS[level]}")
    if exercise.region in pain:
        reasons.append(f"works your {REGION_WORDS[exercise.region]}, where you have pain")
    liked = sorted(keywords(exercise) & intake.preferences.likes)
    if liked:
        reasons.append(f"you said you like {liked[0].replace('_', ' ')}")
    return reasons, rationale


def kit_reason(exercise: Exercise) -> str:
    kit = sorted(exercise.equipment)
    return f"needs only {' and '.join(_a(k) for k in kit)}, which you have" if kit else "needs no equipment"


def _a(thing: str) -> str:
    words = thing.replace("_", " ")
    if words in ("stairs",):
        return "stairs"
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"
