"""The clinician's planning pages for one patient: goals with their GAS levels, the program (built
by the planner, every choice explained; swaps along a ladder; strategy, pain limits and
increments), the flare plan, and discharge to maintenance.

Every change to a program is a new version through ``services.programs.set_program``; the old one
is kept and listed. Forms work without JavaScript; a refused save answers 422 with the problem next
to its field, everything typed kept and nothing stored.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from rehab.content.loader import packaged_library
from rehab.contracts.errors import problem as problem_of
from rehab.contracts.planning import IntakeIn
from rehab.contracts.self_management import BoundsIn
from rehab.contracts.records import (
    DischargeIn,
    GoalIn,
    GoalUpdate,
    PlannedProgramIn,
    PrescriptionOut,
    ProgramIn,
    ProgramVersionOut,
)
from rehab.core.engine.increments import DEFAULT_INCREMENTS
from rehab.core.models import Dose, Limits
from rehab.core.planning.comorbidities import CLEARANCES
from rehab.core.planning.goals import ICF_CATEGORIES, suggested_levels
from rehab.core.planning.goals import dose_words as goal_dose_words
from rehab.core.planning.intake import COMORBIDITY_CAUTIONS
from rehab.core.planning.library import CAUTIONS, Region
from rehab.instruments import GoalAttainmentError, t_score
from rehab.instruments.performance import FUNCTIONAL_TESTS
from rehab.services import assessments, care, patients, programs, referrals, self_management
from rehab.services.errors import Invalid, NotFound
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages.assess import (
    EQUIPMENT,
    KNOWN_COMORBIDITIES,
    TIMES,
    Posted,
    base,
    day,
    done,
    given_of,
    lines,
    number,
    patient_page,
)
from rehab.web.pages.guards import ClinicianActor, FormChecked
from rehab.web.pages.rendering import dose_in_words, today

router = APIRouter(prefix="/clinic/patients/{patient_id}", include_in_schema=False, dependencies=CHECKED)

# The strategies an activity of a stored program can use. Graded exposure is set per activity (one
# per program: its fear hierarchy is built on the "Fear hierarchy" page), not as the planner's
# strategy for the whole program.
STRATEGIES = (("symptom_contingent", "Symptom-contingent: pain responses steer the dose"),
              ("time_contingent", "Time-contingent: quotas rise on an agreed schedule"),
              ("graded_exposure", "Graded exposure: behavioural experiments move up the fear hierarchy"))
DIMENSION_WORDS = {"sets": "sets", "reps": "reps", "load_kg": "load (kg)", "duration_s": "time (minutes)",
                   "distance_m": "distance (metres)", "steps": "steps", "level": "rung on the ladder"}
# Time is typed in minutes, as people count it and every chart says it; the engine keeps seconds.
TYPED_PER_STORED = {"duration_s": 60}


def stored(dimension: str, typed: float | None) -> float | None:
    """A number typed in the form's unit (minutes for time) in the engine's unit (seconds)."""
    return typed if typed is None else typed * TYPED_PER_STORED.get(dimension, 1)
COUNTS = {"sets", "reps", "steps", "level"}


def dose_text(dose: dict | None) -> str:
    return dose_in_words(dose, "—")


def _page(request, template, actor, patient, **context):
    return patient_page(request, template, actor, patient, dose_text=dose_text, dimension_words=DIMENSION_WORDS,
                        typed_per_stored=TYPED_PER_STORED,
                        **context)


# ---- goals ----------------------------------------------------------------------------------------

GAS = ("-2", "-1", "0", "1", "2")
GAS_MEANING = {"-2": "much less than expected", "-1": "somewhat less than expected (the baseline)",
               "0": "the expected outcome (the goal)", "1": "somewhat more than expected",
               "2": "much more than expected"}


def _goals_context(uow, actor, patient_id) -> dict[str, Any]:
    goals = assessments.list_goals(uow, actor, patient_id)
    levels = [g.gas_level for g in goals if g.status != "dropped"]
    try:
        t = round(t_score(levels), 1) if levels else None
    except GoalAttainmentError:
        t = None
    return {"goals": goals, "icf": ICF_CATEGORIES, "gas": GAS, "gas_meaning": GAS_MEANING, "t_score": t,
            "goal_measures": [(d, words) for d, (words, _) in GOAL_MEASURES.items()],
            "icf_options": [(code, f"{code} {name}") for code, name in ICF_CATEGORIES.items()]}


@router.get("/goals")
def goals_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    return _page(request, "plan/goals.html", actor, patient, given={"priority": "1"}, problems={},
                 **_goals_context(uow, actor, patient_id))


@router.post("/goals", dependencies=[FormChecked])
def set_goal(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    priority = number(form, "priority", problems, whole=True, low=1, high=5, required=True)
    target = day(form, "target_date", problems, required=False)
    if target is not None and target <= today(request):
        problems["target_date"] = f"{target.isoformat()} is not after today."
    fields = {name: str(form.get(name, "")).strip() for name in ("words", "icf_code", "task", "success_criterion", "baseline")}
    levels = {k: str(form.get(f"gas_{k}", "")).strip() for k in GAS}
    suggested = _suggested_levels(form, fields, problems)
    if form.get("action") == "suggest":  # fill the empty levels in the form, for the clinician to edit
        for k, words in suggested.items():
            given[f"gas_{k}"] = levels[k] or words
        problems = {k: v for k, v in problems.items() if k.startswith(("goal_measure", "goal_baseline", "goal_target"))}
        patient = patients.get_patient(uow, actor, patient_id)
        return _page(request, "plan/goals.html", actor, patient, given=given, problems=problems,
                     status_code=422 if problems else 200, **_goals_context(uow, actor, patient_id))
    levels = {k: levels[k] or suggested.get(k, "") for k in GAS}
    for k in GAS:
        if not levels[k]:
            problems[f"gas_{k}"] = ("Describe what this level looks like for this person, or give the baseline and "
                                    "target amounts so it can be filled in." if k in ("1", "2") else
                                    "Describe what this level looks like, or fill in the baseline and success above.")
    try:
        goal = GoalIn(**fields, gas_levels={k: v for k, v in levels.items() if v}, priority=priority or 1,
                      target_date=target)
    except ValidationError as error:
        for item in error.errors():
            field, message = problem_of(item)
            key = "icf_code" if field.startswith("icf_code") else field
            if key.startswith("gas_levels"):
                continue  # said next to each level already
            problems.setdefault(key if key in fields else "form", message)
        goal = None
    if problems or goal is None:
        patient = patients.get_patient(uow, actor, patient_id)
        return _page(request, "plan/goals.html", actor, patient, given=given, problems=problems, status_code=422,
                     **_goals_context(uow, actor, patient_id))
    assessments.set_goal(uow, actor, patient_id, goal)
    return done(f"{base(patient_id)}/goals", f"Goal set: {goal.words}")


# The goal form's measure: each dimension in the unit people use for it, with the factor to the
# engine's unit (time in minutes, stored in seconds).
GOAL_MEASURES = {"reps": ("repetitions", 1), "duration_s": ("minutes", 60), "distance_m": ("metres", 1),
                 "steps": ("steps", 1), "load_kg": ("kg", 1), "sets": ("sets", 1)}


def _suggested_levels(form, fields: dict[str, str], problems: dict[str, str]) -> dict[str, str]:
    """The GAS levels the planner would write from the baseline and the goal (and, when given, the
    amounts at baseline and at the target, which give +1 and +2), keyed as the form's levels."""
    measure = str(form.get("goal_measure", ""))
    start = number(form, "goal_baseline_amount", problems, low=0)
    target = number(form, "goal_target_amount", problems, low=0)
    doses = (None, None)
    if measure in GOAL_MEASURES and start is not None and target is not None:
        factor = GOAL_MEASURES[measure][1]
        whole = measure in ("reps", "steps", "sets")
        doses = tuple(Dose(**{measure: round(v * factor) if whole else v * factor}) for v in (start, target))
    elif (start is not None or target is not None) and measure not in GOAL_MEASURES:
        problems["goal_measure"] = "Choose what the amounts measure."
    baseline = fields["baseline"] or (goal_dose_words(doses[0]) if doses[0] else "")
    goal = ", ".join(w for w in (fields["task"], fields["success_criterion"]) if w) or (
        goal_dose_words(doses[1]) if doses[1] else "")
    if not baseline or not goal:
        return {}
    return {str(k): words[:1].upper() + words[1:] for k, words in suggested_levels(baseline, goal, *doses).items()}


@router.post("/goals/{goal_id}", dependencies=[FormChecked])
def rate_goal(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, goal_id: uuid.UUID,
              form: Posted):
    context = _goals_context(uow, actor, patient_id)
    goal = next((g for g in context["goals"] if g.id == goal_id), None)
    if goal is None:
        raise NotFound("no such goal for this patient")
    problems: dict[str, str] = {}
    level = str(form.get("gas_level", ""))
    status = str(form.get("status", ""))
    if level not in GAS:
        problems[f"{goal_id}:gas_level"] = "Choose the level reached, from -2 to +2."
    if status not in ("active", "achieved", "dropped"):
        problems[f"{goal_id}:status"] = "Choose active, achieved or dropped."
    if problems:
        patient = patients.get_patient(uow, actor, patient_id)
        given = {f"{goal_id}:gas_level": level, f"{goal_id}:status": status, "priority": "1"}
        return _page(request, "plan/goals.html", actor, patient, given=given, problems=problems, status_code=422,
                     **context)
    out = assessments.update_goal(uow, actor, goal_id, GoalUpdate(gas_level=int(level), status=status))
    return done(f"{base(patient_id)}/goals#goal-{goal_id}",
                f"Goal rated {'%+d' % out.gas_level if out.gas_level else '0'} ({out.status}): {out.words}")


# ---- the program -----------------------------------------------------------------------------------

def carried(rx: PrescriptionOut, **changes: Any) -> dict[str, Any]:
    """A prescription of the current version as the next version writes it (same starting dose, so
    the activity keeps where it has got to), with ``changes``."""
    out = {"activity_id": rx.activity_id, "name": rx.name, "strategy": rx.strategy.value, "dose": rx.starting_dose,
           "sessions_per_week": rx.sessions_per_week, "increments": rx.increments,
           "progression_order": rx.progression_order, "limits": rx.limits}
    out.update(changes)
    return out


def planned_for(document: dict, activity_id: str) -> dict | None:
    """The planner's prescription an activity came from (itself, or another rung of its ladder)."""
    for phase in (document.get("planned") or {}).get("phases", []):
        for p in phase.get("prescriptions", []):
            if p.get("id") == activity_id or activity_id in p.get("ladder", []):
                return p
    return None


def ladder_for(document: dict, activity_id: str) -> list[tuple[str, str]]:
    """The rungs an exercise can be swapped along, easiest first: the planner's usable rungs for
    this person when it planned the ladder, else the library's whole ladder."""
    library = packaged_library()
    if activity_id not in library.exercises:
        return []
    planned = planned_for(document, activity_id)
    if planned and activity_id in planned.get("ladder", []):
        ids = planned["ladder"]
    else:
        ids = [rung.id for rung in library.ladder_of(activity_id).rungs]
    rungs = [(i, library.exercises[i].name) for i in ids if i in library.exercises]
    return rungs if len(rungs) > 1 else []


def _current(uow, actor, patient_id) -> ProgramVersionOut | None:
    """The program in force, or None before the first (one version read, not the whole history)."""
    try:
        return programs.get_program(uow, actor, patient_id)
    except NotFound:
        return None


def _current_or_refuse(uow, actor, patient_id) -> ProgramVersionOut:
    current = _current(uow, actor, patient_id)
    if current is None:
        raise NotFound("no program yet: build one first")
    return current


def _intake_record(uow, actor, patient_id) -> dict[str, Any]:
    """What the planner takes from the stored intake without it being typed again: whether the home
    was assessed, and the clinician's own cautions (shown on the form, added by the service)."""
    profile = patients.get_profile(uow, actor, patient_id)
    return {"home_recorded": profile is not None and profile.home is not None,
            "intake_cautions": [(c, CAUTIONS.get(c, c)) for c in (profile.cautions if profile else [])]}


def _program_context(uow, actor, patient_id) -> dict[str, Any]:
    history = programs.list_versions(uow, actor, patient_id)  # newest first; the page shows them all
    current = history[0] if history else None
    document = current.document if current else {}
    why = {rx.activity_id: planned_for(document, rx.activity_id) for rx in current.prescriptions} if current else {}
    ladders = {rx.activity_id: ladder_for(document, rx.activity_id) for rx in current.prescriptions} if current else {}
    swappable = [rx for rx in current.prescriptions if ladders[rx.activity_id]] if current else []
    bounds = {b.activity_id: b for b in self_management.agreed_bounds(uow, actor, patient_id)} if current else {}
    return {"history": history, "current": current, "why": why, "ladders": ladders, "swappable": swappable,
            "bounds": bounds, "shortened": SHORTENED,
            "planned": document.get("planned"), "strategies": STRATEGIES, "defaults": DEFAULT_INCREMENTS,
            "default_pain_max": Limits().pain_during_max, **_intake_record(uow, actor, patient_id),
            "referral_steps": referrals.list_steps(uow, actor, patient_id)}


def _plan_options() -> dict[str, Any]:
    library = packaged_library()
    activities = sorted([(a.id, f"{a.name} (daily activity)") for a in library.activities.values()] +
                        [(e.id, e.name) for e in library.exercises.values()], key=lambda x: x[1].lower())
    return {"regions": [(r.value, r.value.replace("_", " ")) for r in Region],
            "icf_options": [(code, f"{code} {name}") for code, name in ICF_CATEGORIES.items()],
            "activity_options": activities,
            "quota_dimensions": [(d, DIMENSION_WORDS[d]) for d in ("reps", "duration_s", "distance_m", "steps", "load_kg", "sets")],
            "equipment_options": [(e, e.replace("_", " ")) for e in EQUIPMENT],
            "comorbidity_options": [(c, c.replace("_", " ")) for c in KNOWN_COMORBIDITIES],
            "caution_options": list(CAUTIONS.items()), "times": TIMES,
            "goal_key": goal_key, "tol_key": tol_key, "performance_tests": PERFORMANCE_TESTS,
            "max_goals": MAX_GOALS, "max_tolerances": MAX_TOLERANCES}


# ---- the planner form's rows ----------------------------------------------------------------------
# Several goals (the planner weighs them by priority) and several measured tolerances, each a row of
# fields. Without JavaScript, "Add another goal" is a submit button that shows the form again with
# one more row, everything typed kept and nothing stored. The first row keeps the plain names
# (goal_words, tol_activity) a bookmark or an older client may send; the others are numbered.
MAX_GOALS = 5  # as the intake contract (contracts.planning.IntakeIn.goals)
MAX_TOLERANCES = 10
GOAL_PARTS = ("words", "icf", "task", "activity", "dimension", "target_date", "baseline", "target", "pain_max",
              "priority")
TOLERANCE_PARTS = ("activity", "dimension", "measures")


def goal_key(row: int, part: str) -> str:
    return f"goal_{part}" if row == 1 else f"goal{row}_{part}"


def tol_key(row: int, part: str) -> str:
    return f"tol_{part}" if row == 1 else f"tol{row}_{part}"


def _rows(form, name: str, most: int) -> int:
    try:
        return min(max(int(str(form.get(name, "1"))), 1), most)
    except ValueError:
        return 1


# The performance tests the product scores (rehab.instruments.performance), each with the form
# field it is typed in and the name the planner reads (its fall-risk and grip rules know "Timed Up
# and Go", "single-leg stance" and "grip strength"; the others are re-measured at checkpoints).
PERFORMANCE_HINTS = {
    "timed_up_and_go": "12 s or more: balance work only with support within reach.",
    "single_leg_stance": "Under 5 s: balance work only with support within reach.",
    "grip_strength": "With hand arthritis, carried loads stay at a third of this or less.",
}
PERFORMANCE_FIELDS = {  # instrument id -> (form field, name the planner reads, label)
    "chair_stand_30s": ("chair_stands", "30-second chair stand", "30-second chair stand (stands)"),
    "five_times_sit_to_stand": ("sit_to_stand_5x_s", "Five-times sit-to-stand", "Five-times sit-to-stand (seconds)"),
    "timed_up_and_go": ("tug_s", "Timed Up and Go", "Timed Up and Go (seconds)"),
    "six_minute_walk": ("six_minute_walk_m", "Six-minute walk test", "Six-minute walk (metres)"),
    "grip_strength": ("grip_kg", "grip strength", "Grip strength, weaker hand (kg)"),
    "single_leg_stance": ("single_leg_stance_s", "single-leg stance", "Single-leg stance, eyes open (seconds)"),
    "single_leg_stance_eyes_closed": ("single_leg_stance_closed_s", "single-leg stance, eyes closed",
                                      "Single-leg stance, eyes closed (seconds)"),
}
PERFORMANCE_TESTS = tuple(
    (test.id, *PERFORMANCE_FIELDS[test.id], test.unit, test.accepted, PERFORMANCE_HINTS.get(test.id))
    for test in FUNCTIONAL_TESTS if test.id in PERFORMANCE_FIELDS)


# Screens and tests on record that fill the planner form (thresholds as in the psychosocial
# profile, rehab.instruments.psychosocial.RULES: TSK-11 >= 29, PSEQ low band, PHQ-9 >= 10).
def _from_measures(scores) -> dict[str, str]:
    latest = {}
    for a in sorted(scores, key=lambda a: a.taken_on):
        if a.score.total is not None:
            latest[a.instrument] = a.score
    given: dict[str, str] = {}
    if "start_back" in latest and latest["start_back"].band:
        given["start_back"] = latest["start_back"].band.split()[0]
    if "tsk11" in latest:
        given["fear_avoidance"] = "high" if latest["tsk11"].total >= 29 else "low"
    if "pseq" in latest:
        given["self_efficacy"] = "low" if latest["pseq"].band == "low self-efficacy" else "ok"
    if "phq9" in latest and latest["phq9"].total >= 10:
        given["low_mood"] = "yes"
    for instrument, (field, _, _) in PERFORMANCE_FIELDS.items():
        if instrument in latest:
            given[field] = f"{latest[instrument].total:g}"
    return given


def _plan_defaults(request, patient, profile, goals, has_program: bool, scores=()) -> dict[str, Any]:
    """The planner form filled from what is on record: age, every active goal (by priority), the
    context, the latest psychosocial screens and performance tests. The cautions on the intake
    are shown, not typed again: the planner service adds them to every plan."""
    given: dict[str, Any] = {"reason": "rebuilt with the planner" if has_program else "first program",
                             "strategy": "", "days_per_week": "3", "minutes_per_day": "20"}
    if patient.birth_year:
        given["age"] = str(today(request).year - patient.birth_year)
    active = sorted((g for g in goals if g.status == "active"), key=lambda g: g.priority)[:MAX_GOALS]
    for row, goal in enumerate(active, start=1):
        given.update({goal_key(row, "words"): goal.words, goal_key(row, "task"): goal.task,
                      goal_key(row, "icf"): goal.icf_code if goal.icf_code in ICF_CATEGORIES else "",
                      goal_key(row, "priority"): str(goal.priority),
                      goal_key(row, "target_date"): goal.target_date.isoformat() if goal.target_date else ""})
    given["goal_rows"], given["tol_rows"] = str(max(len(active), 1)), "1"
    if profile is not None:
        prefs = profile.preferences or {}
        # Every word the person said, as said: the planner reads them against the library and keeps
        # the rest, so none is dropped here.
        given.update(likes="\n".join(prefs.get("likes", [])), dislikes="\n".join(prefs.get("dislikes", [])),
                     equipment=list(prefs.get("equipment", [])), preferred_time=prefs.get("preferred_time") or "",
                     comorbidities=[c for c in profile.comorbidities if c in COMORBIDITY_CAUTIONS])
        for key in ("minutes_per_day", "days_per_week"):
            if prefs.get(key):
                given[key] = str(prefs[key])
        if prefs.get("gym_access"):
            given["gym_access"] = "yes"
    given.update(_from_measures(scores))
    return given


@router.get("/program")
def program_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    context = _program_context(uow, actor, patient_id)
    given = _plan_defaults(request, patient, patients.get_profile(uow, actor, patient_id),
                           assessments.list_goals(uow, actor, patient_id), context["current"] is not None,
                           assessments.list_assessments(uow, actor, patient_id))
    return _page(request, "plan/program.html", actor, patient, given=given, problems={}, problem_at=None,
                 **context, **_plan_options())


def _program_refused(request, uow, actor, patient_id, given, problems, problem_at, status_code=422):
    patient = patients.get_patient(uow, actor, patient_id)
    context = _program_context(uow, actor, patient_id)
    if problem_at != "plan":  # the planner form keeps its usual contents beside another form's problem
        given = {**_plan_defaults(request, patient, patients.get_profile(uow, actor, patient_id),
                                  assessments.list_goals(uow, actor, patient_id), context["current"] is not None,
                                  assessments.list_assessments(uow, actor, patient_id)), **given}
    return _page(request, "plan/program.html", actor, patient, given=given, problems=problems, problem_at=problem_at,
                 status_code=status_code, **context, **_plan_options())


# Where a planner problem belongs on the form (intake field path prefix -> form field). Goal and
# tolerance rows are mapped by :func:`_plan_field` to the row they were typed in.
PLAN_FIELDS = (
    ("person.age", "age"), ("person.pain_regions", "regions"), ("baseline.usual_pain", "usual_pain"),
    ("preferences.minutes_per_day", "minutes_per_day"),
    ("preferences.days_per_week", "days_per_week"), ("preferences.likes", "likes"),
    ("preferences.dislikes", "dislikes"), ("constraints.job.title", "job_title"),
    ("baseline.psychosocial.feared_activities", "feared_activities"),
    ("constraints.caregiving.who", "caregiving_who"), ("constraints.sleep_hours", "sleep_hours"), ("reason", "reason"),
    ("constraints.gestation_weeks", "gestation_weeks"), ("constraints.postpartum_weeks", "postpartum_weeks"),
    ("constraints.clearances.blood_pressure", "clear_blood_pressure"),
    ("constraints.clearances.cervical_arterial_screen", "clear_cervical_arterial_screen"),
    ("constraints.clearances.heart_condition_stable", "clear_heart_condition_stable"),
    ("constraints.clearances.pregnancy_cleared", "clear_pregnancy_cleared"),
    ("baseline.resting_blood_pressure.diastolic", "bp_diastolic"), ("baseline.resting_blood_pressure", "bp_systolic"),
)
GOAL_FIELD_PARTS = (("words", "words"), ("icf", "icf"), ("task.description", "task"), ("task.activity", "activity"),
                    ("task.baseline", "baseline"), ("task.target", "target"), ("task.pain_max_during", "pain_max"),
                    ("target_date", "target_date"), ("priority", "priority"), ("id", "words"))


def _plan_field(path: str, goal_rows: list[int] = (1,), tol_rows: list[int] = (1,)) -> str:
    """The form field a planner problem belongs to: goals[k] and baseline.tolerances[k] are the
    k-th row sent (blank rows are not sent), so the problem shows beside the row it was typed in."""
    path = path.removeprefix("intake.")
    found = re.match(r"goals\[(\d+)\]\.?(.*)", path)
    if found:
        row = goal_rows[int(found.group(1))] if int(found.group(1)) < len(goal_rows) else 1
        part = next((f for prefix, f in GOAL_FIELD_PARTS if found.group(2).startswith(prefix)), "words")
        return goal_key(row, part)
    found = re.match(r"baseline\.tolerances\[(\d+)\]\.?(\w*)", path)
    if found:
        row = tol_rows[int(found.group(1))] if int(found.group(1)) < len(tol_rows) else 1
        return tol_key(row, found.group(2) if found.group(2) in TOLERANCE_PARTS else "measures")
    if path.startswith("baseline.tolerances"):
        return "tol_measures"
    return next((field for prefix, field in PLAN_FIELDS if path.startswith(prefix)), "form")


def _goals_typed(form, rows: int, problems: dict[str, str]) -> tuple[list[dict[str, Any]], list[int]]:
    """The goals typed, one per row that is not blank, and the row each came from. The first row
    is always read, so a form with no goal says so beside it."""
    goals, came_from = [], []
    for row in range(1, rows + 1):
        key = lambda part, row=row: goal_key(row, part)  # noqa: E731
        text = {part: str(form.get(key(part), "")).strip() for part in GOAL_PARTS}
        if row > 1 and not any(text[p] for p in ("words", "icf", "task", "activity", "baseline", "target")):
            continue
        whole = text["dimension"] in COUNTS
        baseline = number(form, key("baseline"), problems, whole=whole, low=0, required=True)
        target = number(form, key("target"), problems, whole=whole, low=0, required=True)
        pain = number(form, key("pain_max"), problems, low=0, high=10)
        priority = number(form, key("priority"), problems, whole=True, low=1, high=5)
        target_date = day(form, key("target_date"), problems)
        if text["dimension"] not in DIMENSION_WORDS or text["dimension"] == "level":
            problems[key("dimension")] = "Choose what the goal task is measured in."
        goals.append({"id": f"goal{row}", "words": text["words"], "icf": text["icf"], "priority": priority or row,
                      "target_date": target_date.isoformat() if target_date else None,
                      "task": {"description": text["task"], "activity": text["activity"] or None,
                               "baseline": {text["dimension"]: stored(text["dimension"], baseline)},
                               "target": {text["dimension"]: stored(text["dimension"], target)},
                               "pain_max_during": pain}})
        came_from.append(row)
    return goals, came_from


def _tolerances_typed(form, rows: int, problems: dict[str, str]) -> tuple[list[dict[str, Any]], list[int]]:
    """The measured tolerances typed, one per row with an activity or a measurement."""
    tolerances, came_from = [], []
    for row in range(1, rows + 1):
        activity, dimension, typed = (str(form.get(tol_key(row, part), "")).strip() for part in TOLERANCE_PARTS)
        if not activity and not typed:
            continue
        measures = []
        for part in lines(typed, commas=True):
            try:
                measures.append(float(part))
            except ValueError:
                problems[tol_key(row, "measures")] = f"Enter one to three numbers, separated by commas (got {part!r})."
                break
        tolerances.append({"activity": activity, "dimension": dimension,
                           "measures": [stored(dimension, m) for m in measures]})
        came_from.append(row)
    return tolerances, came_from


def _performance_typed(form, problems: dict[str, str]) -> list[dict[str, Any]]:
    tests = []
    for _, field, name, _, unit, (low, high), _ in PERFORMANCE_TESTS:
        value = number(form, field, problems, low=low, high=high)
        if value is not None:
            tests.append({"name": name, "value": float(value), "unit": unit})
    return tests


@router.post("/program/plan", dependencies=[FormChecked])
def build_program(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    goal_rows, tol_rows = _rows(form, "goal_rows", MAX_GOALS), _rows(form, "tol_rows", MAX_TOLERANCES)
    action = str(form.get("action", ""))
    if action in ("add_goal", "add_tolerance"):  # one more row; nothing is checked or stored yet
        if action == "add_goal":
            given["goal_rows"] = str(min(goal_rows + 1, MAX_GOALS))
        else:
            given["tol_rows"] = str(min(tol_rows + 1, MAX_TOLERANCES))
        return _program_refused(request, uow, actor, patient_id, given, {}, "plan", status_code=200)
    text = {k: str(form.get(k, "")).strip() for k in (
        "reason", "start_back", "fear_avoidance", "self_efficacy", "preferred_time",
        "job_title", "job_shift", "caregiving_who", "strategy")}
    age = number(form, "age", problems, whole=True, low=16, high=110, required=True)
    usual_pain = number(form, "usual_pain", problems, low=0, high=10)
    goals, goal_from = _goals_typed(form, goal_rows, problems)
    tolerances, tol_from = _tolerances_typed(form, tol_rows, problems)
    minutes = number(form, "minutes_per_day", problems, whole=True, low=5, high=180, required=True)
    days = number(form, "days_per_week", problems, whole=True, low=1, high=7, required=True)
    sleep = number(form, "sleep_hours", problems, low=0, high=24)
    gestation = number(form, "gestation_weeks", problems, whole=True, low=0, high=42)
    postpartum = number(form, "postpartum_weeks", problems, whole=True, low=0, high=104)
    systolic = number(form, "bp_systolic", problems, whole=True, low=60, high=300)
    diastolic = number(form, "bp_diastolic", problems, whole=True, low=30, high=200)
    if (systolic is None) != (diastolic is None):
        problems.setdefault("bp_diastolic" if diastolic is None else "bp_systolic", "Enter both numbers of the blood pressure.")
    performance = _performance_typed(form, problems)
    clearances = {name: given_day.isoformat() for name in CLEARANCES
                  if (given_day := day(form, f"clear_{name}", problems, required=False)) is not None}
    if text["strategy"] not in ("", "symptom_contingent", "time_contingent"):
        problems["strategy"] = "Choose symptom-contingent, time-contingent, or let the planner choose."
    psychosocial = {k: text[k] for k in ("start_back", "fear_avoidance", "self_efficacy") if text[k]}
    psychosocial["low_mood"] = form.get("low_mood") == "yes"
    psychosocial["feared_activities"] = lines(str(form.get("feared_activities", "")))
    constraints: dict[str, Any] = {
        "comorbidities": [c for c in form.getlist("comorbidities") if c in KNOWN_COMORBIDITIES],
        "cautions": [c for c in form.getlist("cautions") if c in CAUTIONS],
        "in_flare": form.get("in_flare") == "yes", "sleep_hours": sleep,
        "gestation_weeks": gestation, "postpartum_weeks": postpartum, "clearances": clearances}
    blood_pressure = {"systolic": systolic, "diastolic": diastolic} if systolic is not None and diastolic is not None else None
    if text["job_title"]:
        constraints["job"] = {"title": text["job_title"], "shift": text["job_shift"] or None}
    if text["caregiving_who"]:
        constraints["caregiving"] = {"who": text["caregiving_who"], "lifting": form.get("caregiving_lifting") == "yes"}
    intake = {
        "today": today(request).isoformat(),
        "person": {"age": age, "pain_regions": list(form.getlist("regions"))},
        "baseline": {"tolerances": tolerances, "usual_pain": usual_pain, "psychosocial": psychosocial,
                     "performance": performance, "resting_blood_pressure": blood_pressure},
        "goals": goals,
        "preferences": {"minutes_per_day": minutes, "days_per_week": days,
                        "equipment": [e for e in form.getlist("equipment") if e in EQUIPMENT],
                        "gym_access": form.get("gym_access") == "yes",
                        "likes": lines(str(form.get("likes", "")), commas=True),
                        "dislikes": lines(str(form.get("dislikes", "")), commas=True),
                        "preferred_time": text["preferred_time"] or None},
        "constraints": constraints,
        "strategy": text["strategy"] or None,
    }
    # The home and the clinician's cautions as recorded at intake are added by the planner service
    # (services.programs.with_intake_record): never typed twice, the same for the API.
    if not problems:
        try:
            request_in = PlannedProgramIn(reason=text["reason"], intake=IntakeIn.model_validate(intake))
            out = programs.plan_program(uow, actor, patient_id, request_in)
        except ValidationError as error:
            for item in error.errors():
                field, message = problem_of(item)
                problems.setdefault(_plan_field(field, goal_from, tol_from), message)
        except Invalid as error:
            problems.setdefault(_plan_field(error.field, goal_from, tol_from), error.message)
        else:
            return done(f"{base(patient_id)}/program", f"Program built with the planner: version {out.version}.")
    return _program_refused(request, uow, actor, patient_id, given, problems, "plan")


@router.post("/program/swap", dependencies=[FormChecked])
def swap_exercise(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    current = _current_or_refuse(uow, actor, patient_id)
    activity_id, to = str(form.get("activity_id", "")), str(form.get("to", ""))
    rx = next((p for p in current.prescriptions if p.activity_id == activity_id), None)
    if rx is None:
        return _program_refused(request, uow, actor, patient_id, {}, {"swap": "Choose an exercise of the current program to swap."},
                                "swap")
    problems: dict[str, str] = {}
    rungs = ladder_for(current.document, activity_id)
    ids = [i for i, _ in rungs]
    if to not in ids or to == activity_id:
        problems[f"{activity_id}:to"] = "Choose another rung of this exercise's ladder."
    elif to in {p.activity_id for p in current.prescriptions}:
        problems[f"{activity_id}:to"] = f"{dict(rungs)[to]} is already in the program."
    reason = str(form.get("reason", "")).strip()
    if problems:
        given = {f"{activity_id}:to": to, f"{activity_id}:reason": reason}
        return _program_refused(request, uow, actor, patient_id, given, problems, activity_id)
    exercise = packaged_library().exercises[to]
    swapped = _swapped_dose(rx, exercise, ids.index(to) + 1)
    prescriptions = [carried(p) if p.activity_id != activity_id else carried(p, activity_id=to, name=exercise.name, **swapped)
                     for p in current.prescriptions]
    note = f"{'easier' if ids.index(to) < ids.index(activity_id) else 'harder'} rung: {rx.name} to {exercise.name}"
    swaps = list(current.document.get("swaps", [])) + [{"from": activity_id, "to": to, "on": today(request).isoformat(),
                                                        "reason": reason or note}]
    try:
        out = programs.set_program(uow, actor, patient_id, ProgramIn(
            reason=f"swap to an {note}" + (f": {reason}" if reason else ""),
            prescriptions=prescriptions, document={**current.document, "swaps": swaps, **_sequence_swapped(
                current.document, activity_id, to)}))
    except (ValidationError, Invalid) as error:
        message = str(error.message) if isinstance(error, Invalid) else error.errors()[0]["msg"]
        given = {f"{activity_id}:to": to, f"{activity_id}:reason": reason}
        return _program_refused(request, uow, actor, patient_id, given, {f"{activity_id}:to": message}, activity_id)
    return done(f"{base(patient_id)}/program", f"Swapped {rx.name} for {exercise.name}: version {out.version}.")


def _sequence_swapped(document: dict, old: str, new: str) -> dict[str, Any]:
    """A review's order with the swapped rung in the place of the one it replaces (nothing when no
    review set an order): the session keeps the order the clinician and patient chose."""
    if not document.get("sequence"):
        return {}
    return {"sequence": [new if a == old else a for a in document["sequence"]]}


def _swapped_dose(rx: PrescriptionOut, exercise, rung: int) -> dict[str, Any]:
    """The dose on the new rung: where the activity has got to, in the dimensions the new rung is
    measured in (a new dimension starts at the low end of its usual range), at the new rung."""
    now = dict(rx.current_dose or rx.starting_dose)
    dose = {d: now[d] if d in now else (int(r.low) if d in COUNTS else r.low)
            for d, r in ((r.dimension, r) for r in exercise.dose)}
    increments = {d: dict(v) for d, v in rx.increments.items() if d in dose}
    if "level" in now:
        dose["level"] = rung
        level = dict(rx.increments.get("level", {}))
        level["ceiling"] = max(float(level.get("ceiling", rung)), float(rung))
        if "floor" in level:
            level["floor"] = min(float(level["floor"]), float(rung))
        increments["level"] = level
    order = [d for d in (rx.progression_order or []) if d in dose] or None
    return {"dose": dose, "increments": increments, "progression_order": order}


INCREMENT_FIELDS = ("step", "unit", "cap", "ceiling")


# What a shorter session may cut: how long or how many, never the weight or the level.
SHORTENED = ("sets", "reps", "duration_s", "distance_m", "steps")


@router.post("/program/bounds/{activity_id}", dependencies=[FormChecked])
def set_bounds(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, activity_id: str,
               form: Posted):
    """The changes the patient may make on their own to one activity (self-management within bounds)."""
    problems: dict[str, str] = {}
    fields: dict[str, Any] = {}
    for name, high in (("easier_steps", 10), ("harder_steps", 10), ("move_within_days", 6)):
        value = number(form, f"{activity_id}-{name}", problems, low=0, high=high)
        fields[name] = int(value) if value is not None else 0
    fields["alternatives"] = [str(a) for a in form.getlist(f"{activity_id}-alternatives")]
    rx = next((p for p in _current_or_refuse(uow, actor, patient_id).prescriptions if p.activity_id == activity_id), None)
    shortest = {}
    for dimension in SHORTENED:
        if rx is not None and dimension in (rx.current_dose or rx.starting_dose):
            value = stored(dimension, number(form, f"{activity_id}-shortest-{dimension}", problems, low=0))
            if value is not None:
                shortest[dimension] = int(value) if dimension in COUNTS else value
    fields["shortest"] = shortest or None
    if not problems:
        try:
            self_management.set_bounds(uow, actor, patient_id, activity_id, BoundsIn(**fields))
        except (ValidationError, Invalid) as error:
            problems[f"{activity_id}-bounds"] = str(error) if isinstance(error, Invalid) else "Check the numbers."
        else:
            return done(f"/clinic/patients/{patient_id}/program", "Bounds saved. The patient can now choose these changes.")
    patient = patients.get_patient(uow, actor, patient_id)
    context = _program_context(uow, actor, patient_id)
    given = _plan_defaults(request, patient, patients.get_profile(uow, actor, patient_id),
                           assessments.list_goals(uow, actor, patient_id), context["current"] is not None,
                           assessments.list_assessments(uow, actor, patient_id))
    return _page(request, "plan/program.html", actor, patient, given=given, problems=problems, problem_at=None,
                 status_code=422, **context, **_plan_options())


@router.post("/program/settings", dependencies=[FormChecked])
def change_settings(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    current = _current_or_refuse(uow, actor, patient_id)
    given = given_of(form)
    problems: dict[str, str] = {}
    prescriptions = []
    for rx in current.prescriptions:
        key = f"rx-{rx.activity_id}"
        strategy = str(form.get(f"{key}-strategy", rx.strategy.value))
        if strategy not in dict(STRATEGIES):
            problems[f"{key}-strategy"] = "Choose symptom-contingent, time-contingent or graded exposure."
        limits = dict(rx.limits)
        pain = number(form, f"{key}-pain_during_max", problems, low=0, high=10)
        if pain is None:
            limits.pop("pain_during_max", None)
        else:
            limits["pain_during_max"] = pain
        increments = {d: dict(v) for d, v in rx.increments.items()}
        for dimension in rx.starting_dose:
            if dimension == "level":
                continue
            inc = increments.get(dimension, {})
            unit = str(form.get(f"{key}-{dimension}-unit", ""))
            absolute = unit == "absolute" or (not unit and not DEFAULT_INCREMENTS[dimension].percent)
            for part in ("step", "cap", "ceiling"):
                value = number(form, f"{key}-{dimension}-{part}", problems, low=0)
                if value is not None and (part != "step" or absolute):
                    value = stored(dimension, value)  # typed in minutes for time, kept in seconds
                if value is None:
                    inc.pop(part, None)
                elif value <= 0:
                    problems[f"{key}-{dimension}-{part}"] = "Enter a number above 0, or leave it empty for the default."
                else:
                    inc[part] = value
            if unit in ("percent", "absolute"):
                inc["unit"] = unit
            else:
                inc.pop("unit", None)
            merged = {**{"floor": DEFAULT_INCREMENTS[dimension].floor}, **inc}
            if inc.get("ceiling") is not None and merged["floor"] > inc["ceiling"]:
                problems[f"{key}-{dimension}-ceiling"] = f"The ceiling is below the floor ({merged['floor']:g})."
            if inc:
                increments[dimension] = inc
            else:
                increments.pop(dimension, None)
        prescriptions.append(carried(rx, strategy=strategy, limits=limits, increments=increments))
    reason = str(form.get("settings_reason", "")).strip() or "new strategy, pain limits or increments"
    if not problems:
        try:
            out = programs.set_program(uow, actor, patient_id, ProgramIn(
                reason=reason, prescriptions=prescriptions, document=current.document))
        except ValidationError as error:
            for item in error.errors():
                field, message = problem_of(item)
                problems.setdefault(_settings_field(field, current), message)
        except Invalid as error:
            problems.setdefault("settings", error.message)
        else:
            return done(f"{base(patient_id)}/program", f"Settings saved: version {out.version}.")
    return _program_refused(request, uow, actor, patient_id, given, problems, "settings")


def _settings_field(path: str, current: ProgramVersionOut) -> str:
    found = re.match(r"prescriptions\[(\d+)\]\.(limits\.pain_during_max|increments\.(\w+)\.(\w+)|strategy)", path)
    if not found:
        return "settings"
    aid = current.prescriptions[int(found.group(1))].activity_id
    if found.group(2) == "strategy":
        return f"rx-{aid}-strategy"
    if found.group(2).startswith("limits"):
        return f"rx-{aid}-pain_during_max"
    part = found.group(4) if found.group(4) in INCREMENT_FIELDS else "step"
    return f"rx-{aid}-{found.group(3)}-{part}"


# ---- the flare plan --------------------------------------------------------------------------------

FLARE_LIMITS = ("flare_dose_fraction", "flare_return_steps", "flare_step_days")


def _flare_given(current: ProgramVersionOut | None) -> dict[str, Any]:
    defaults = Limits()
    limits = current.prescriptions[0].limits if current else {}
    plan = (current.document.get("flare_plan") if current else None) or {}
    return {"flare_percent": f"{100 * limits.get('flare_dose_fraction', defaults.flare_dose_fraction):g}",
            "flare_return_steps": str(limits.get("flare_return_steps", defaults.flare_return_steps)),
            "flare_step_days": str(limits.get("flare_step_days", defaults.flare_step_days)),
            "what_to_do": "\n".join(plan.get("what_to_do", [])),
            "contact_clinic_if": "\n".join(plan.get("contact_clinic_if", [])), "reason": "flare plan updated"}


def _flare_context(current: ProgramVersionOut | None) -> dict[str, Any]:
    differs = bool(current) and any({k: p.limits.get(k) for k in FLARE_LIMITS} !=
                                    {k: current.prescriptions[0].limits.get(k) for k in FLARE_LIMITS}
                                    for p in current.prescriptions)
    return {"current": current, "defaults": Limits(), "differs": differs,
            "flare_plan": (current.document.get("flare_plan") if current else None)}


@router.get("/flare-plan")
def flare_plan_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    current = _current(uow, actor, patient_id)
    return _page(request, "plan/flare_plan.html", actor, patient, given=_flare_given(current), problems={},
                 **_flare_context(current))


@router.post("/flare-plan", dependencies=[FormChecked])
def save_flare_plan(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    current = _current(uow, actor, patient_id)
    given = given_of(form)
    problems: dict[str, str] = {}
    percent = number(form, "flare_percent", problems, low=1, high=99, required=True)
    steps = number(form, "flare_return_steps", problems, whole=True, low=1, high=10, required=True)
    step_days = number(form, "flare_step_days", problems, whole=True, low=0, high=14, required=True)
    what = lines(str(form.get("what_to_do", "")))
    contact = lines(str(form.get("contact_clinic_if", "")))
    if not what:
        problems["what_to_do"] = "Write at least one step the patient takes on a flare day."
    for name, entries in (("what_to_do", what), ("contact_clinic_if", contact)):
        if any(len(e) > 300 for e in entries):
            problems[name] = "Keep each line under 300 characters."
    if current is None:
        problems["form"] = "There is no program yet: build one first, then add its flare plan."
    reason = str(form.get("reason", "")).strip() or "flare plan updated"
    if not problems:
        limits = {"flare_dose_fraction": round(percent / 100, 4), "flare_return_steps": steps, "flare_step_days": step_days}
        document = {**current.document, "flare_plan": {"what_to_do": what, "contact_clinic_if": contact}}
        try:
            out = programs.set_program(uow, actor, patient_id, ProgramIn(
                reason=reason, document=document,
                prescriptions=[carried(p, limits={**p.limits, **limits}) for p in current.prescriptions]))
        except ValidationError as error:
            field, message = problem_of(error.errors()[0])
            problems["form"] = f"{field}: {message}"
        else:
            return done(f"{base(patient_id)}/flare-plan", f"Flare plan saved: version {out.version}.")
    patient = patients.get_patient(uow, actor, patient_id)
    return _page(request, "plan/flare_plan.html", actor, patient, given=given, problems=problems, status_code=422,
                 **_flare_context(current))


# ---- discharge to maintenance ---------------------------------------------------------------------

def _discharge_context(uow, actor, patient_id) -> dict[str, Any]:
    current = _current(uow, actor, patient_id)
    maintenance = (current.document.get("maintenance") if current else None) or None
    return {"current": current, "maintenance": maintenance}


@router.get("/discharge")
def discharge_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    return _page(request, "plan/discharge.html", actor, patient, given={"discharged_on": today(request).isoformat()},
                 problems={}, **_discharge_context(uow, actor, patient_id))


@router.post("/discharge", dependencies=[FormChecked])
def discharge(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    discharged_on = day(form, "discharged_on", problems)
    triggers = lines(str(form.get("re_entry_triggers", "")))
    if not problems:
        try:
            out = care.discharge(uow, actor, patient_id, DischargeIn(discharged_on=discharged_on,
                                                                     re_entry_triggers=triggers))
        except ValidationError as error:
            for item in error.errors():
                field, message = problem_of(item)
                problems.setdefault("re_entry_triggers" if field.startswith("re_entry") else "form", message)
        except Invalid as error:  # before enrolment, or in the future
            problems[error.field] = error.message
        else:
            first = out.reassessment_dates[0].isoformat() if out.reassessment_dates else "—"
            return done(f"{base(patient_id)}/discharge", f"Discharged to maintenance; first reassessment {first}.")
    patient = patients.get_patient(uow, actor, patient_id)
    return _page(request, "plan/discharge.html", actor, patient, given=given, problems=problems, status_code=422,
                 **_discharge_context(uow, actor, patient_id))


