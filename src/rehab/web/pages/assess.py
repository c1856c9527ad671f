"""The clinician's intake and assessment pages for one patient: their context, red-flag screening,
and questionnaires and performance tests scored on save.

Every form works without JavaScript. A save that is refused comes back with status 422, the
problem next to its field and everything typed kept; nothing is stored. A save that works
redirects (Post/Redirect/Get) to the page that shows the result, with a notice.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote_plus

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.datastructures import FormData

from rehab.contracts.records import (
    AssessmentIn,
    PatientOut,
    ProfileIn,
    ReassessmentIn,
    RebaselineIn,
    RedFlagScreeningIn,
    ReferralFollowUpIn,
)
from rehab.content.loader import packaged_library
from rehab.contracts.replanning import ToleranceRebaselineIn
from rehab.contracts.wire import EARLIEST, LATEST
from rehab.core.engine.rebaseline import REASONS as REBASELINE_REASONS
from rehab.core.engine.safety import ALL_FLAGS, CONDITION_FLAGS, RED_FLAGS
from rehab.core.planning.intake import COMORBIDITY_CAUTIONS
from rehab.contracts.planning import HomeIn
from rehab.core.planning.home import FLOOR_HAZARDS
from rehab.core.planning.library import CAUTIONS, GYM_EQUIPMENT, HOME_KIT, HOUSEHOLD_EQUIPMENT
from rehab.instruments import (
    CATALOGUE,
    PERFORMANCE_TESTS,
    QUESTIONNAIRES,
    Questionnaire,
)
from rehab.services import assessments, care, patients, programs, referrals, tolerances
from rehab.services.access import Actor
from rehab.services.errors import Invalid, NotFound
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages import patient_views as views
from rehab.web.pages.guards import ClinicianActor, FormChecked
from rehab.web.pages.rendering import form_problems, page, see_other, today

router = APIRouter(prefix="/clinic/patients/{patient_id}", include_in_schema=False, dependencies=CHECKED)


# ---- shared by the clinician's intake, assessment and planning pages -----------------------------

async def _posted(request: Request) -> FormData:
    return await request.form()


Posted = Annotated[FormData, Depends(_posted)]

# Comorbidities the planner turns into movements to leave out (rehab.core.planning.intake).
KNOWN_COMORBIDITIES = tuple(c for c in COMORBIDITY_CAUTIONS if c != "acute_flare")
EQUIPMENT = tuple(sorted(HOME_KIT)) + tuple(sorted(GYM_EQUIPMENT))
TIMES = ("morning", "afternoon", "evening")
# Kit that can be worn or unsafe: the person's own, and the household things exercises lean on.
WORN_OPTIONS = tuple(sorted(HOME_KIT)) + tuple(sorted(HOUSEHOLD_EQUIPMENT - {"towel", "bottle", "bag", "stick"}))


def base(patient_id: uuid.UUID) -> str:
    return f"/clinic/patients/{patient_id}"


def done(url: str, notice: str) -> Any:
    """After a save: to the page that shows it, with a notice. The notice goes before a ``#part``
    (after it, the browser keeps it as part of the fragment and the page never sees it)."""
    url, hash_, part = url.partition("#")
    return see_other(f"{url}{'&' if '?' in url else '?'}notice={quote_plus(notice)}{hash_}{part}")


def lines(text: str | None, commas: bool = False) -> list[str]:
    """One entry a line (and, with ``commas``, also separated by commas), blanks dropped."""
    parts = (text or "").replace(",", "\n").splitlines() if commas else (text or "").splitlines()
    return [p.strip() for p in parts if p.strip()]


def number(form: FormData, name: str, problems: dict[str, str], *, whole: bool = False,
           low: float | None = None, high: float | None = None, required: bool = False) -> float | int | None:
    """A number typed in a field: None when left empty, else checked; problems go next to the field."""
    text = str(form.get(name, "")).strip()
    if not text:
        if required:
            problems.setdefault(name, "Enter a number.")
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        problems.setdefault(name, f"Enter a number (got {text!r}).")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems.setdefault(name, "Enter a number.")
        return None
    if whole and not value.is_integer():
        problems.setdefault(name, f"Enter a whole number (got {text}).")
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        problems.setdefault(name, f"Enter a number from {low:g} to {high:g} (got {text}).")
        return None
    return int(value) if whole else value


def day(form: FormData, name: str, problems: dict[str, str], required: bool = True) -> date | None:
    text = str(form.get(name, "")).strip()
    if not text:
        if required:
            problems.setdefault(name, "Enter a date.")
        return None
    try:
        given = date.fromisoformat(text)
    except ValueError:
        problems.setdefault(name, f"Enter a real date, written YYYY-MM-DD (got {text!r}).")
        return None
    if not EARLIEST <= given <= LATEST:  # the same range as the API's (rehab.contracts.wire)
        problems.setdefault(name, f"Enter a date from {EARLIEST} to {LATEST} (got {text}).")
        return None
    return given


def given_of(form: FormData) -> dict[str, Any]:
    """What was typed, to show it again: lists for fields sent more than once (check boxes)."""
    out: dict[str, Any] = {}
    for key in form.keys():
        if key == "csrf":
            continue
        values = form.getlist(key)
        out[key] = [str(v) for v in values] if len(values) > 1 else str(values[0])
    return out


def chosen(given: dict[str, Any], name: str) -> set[str]:
    value = given.get(name)
    if value is None:
        return set()
    return set(value) if isinstance(value, list) else {value}


def patient_page(request: Request, template: str, actor: Actor, patient: PatientOut, *, status_code: int = 200,
                 **context: Any):
    return page(request, template, actor, status_code=status_code, patient=patient, base=base(patient.id),
                today=today(request), **context)


# ---- intake: the person's context ------------------------------------------------------------------

# The home questions (contracts.planning.HomeIn): each answered yes, no, or left "not asked".
HOME_QUESTIONS = (
    ("space_to_exercise", "Clear floor space to lie down and step in every direction?"),
    ("stairs", "Stairs at home?"),
    ("stair_rail", "A rail to hold on those stairs?"),
    ("sturdy_support", "Something sturdy to hold at hip height (a kitchen counter, a heavy chair)?"),
    ("lives_alone", "Lives alone?"),
    ("fall_in_last_year", "A fall in the last year?"),
    ("gets_up_from_floor", "Can get down to the floor and up again safely, alone?"),
)
YES_NO = (("yes", "Yes"), ("no", "No"), ("", "Not asked"))


def _home_given(home) -> dict[str, Any]:
    if home is None:
        return {}
    given: dict[str, Any] = {f"home_{name}": ("" if getattr(home, name) is None else "yes" if getattr(home, name) else "no")
                             for name, _ in HOME_QUESTIONS}
    given.update(home_floor_hazards=list(home.floor_hazards), home_support_words=home.support_words or "",
                 home_worn_equipment=list(home.worn_equipment))
    return given


def _home_of(form: FormData, problems: dict[str, str]) -> HomeIn | None:
    """The home section as typed; None when no question was answered (not assessed)."""
    answers: dict[str, Any] = {}
    for name, _ in HOME_QUESTIONS:
        value = str(form.get(f"home_{name}", ""))
        if value not in ("yes", "no", ""):
            problems[f"home_{name}"] = "Answer yes, no, or not asked."
        answers[name] = None if value not in ("yes", "no") else value == "yes"
    answers["floor_hazards"] = [h for h in form.getlist("home_floor_hazards") if h in FLOOR_HAZARDS]
    answers["worn_equipment"] = [e for e in form.getlist("home_worn_equipment") if e in WORN_OPTIONS]
    answers["support_words"] = str(form.get("home_support_words", "")).strip() or None
    if all(v in (None, []) for v in answers.values()):
        return None
    try:
        return HomeIn(**answers)
    except ValidationError as error:
        for field, message in form_problems(error).items():
            problems.setdefault(f"home_{field.split('.')[0]}", message)
        return None

def _profile_given(profile) -> dict[str, Any]:
    if profile is None:
        return {}
    prefs = profile.preferences or {}
    known = [c for c in profile.comorbidities if c in KNOWN_COMORBIDITIES]
    other = [c for c in profile.comorbidities if c not in KNOWN_COMORBIDITIES]
    return {"job_demands": profile.job_demands or "", "caregiving": profile.caregiving or "", "sleep": profile.sleep or "",
            "likes": "\n".join(prefs.get("likes", [])), "dislikes": "\n".join(prefs.get("dislikes", [])),
            "preferred_time": prefs.get("preferred_time") or "", "minutes_per_day": prefs.get("minutes_per_day") or "",
            "days_per_week": prefs.get("days_per_week") or "", "equipment": list(prefs.get("equipment", [])),
            "gym_access": "yes" if prefs.get("gym_access") else "", "comorbidities": known,
            "comorbidities_other": "\n".join(other), "cautions": list(profile.cautions), **_home_given(profile.home)}


def _intake_options() -> dict[str, Any]:
    return {"equipment_options": [(e, e.replace("_", " ")) for e in EQUIPMENT],
            "comorbidity_options": [(c, c.replace("_", " ")) for c in KNOWN_COMORBIDITIES],
            "caution_options": list(CAUTIONS.items()), "home_questions": HOME_QUESTIONS, "yes_no": YES_NO,
            "floor_hazard_options": list(FLOOR_HAZARDS.items()),
            "worn_options": [(e, e.replace("_", " ")) for e in WORN_OPTIONS]}


@router.get("/intake")
def intake_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    profile = patients.get_profile(uow, actor, patient_id)
    return patient_page(request, "assess/intake.html", actor, patient, profile=profile,
                        given=_profile_given(profile), problems={}, **_intake_options())


@router.post("/intake", dependencies=[FormChecked])
def save_intake(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    minutes = number(form, "minutes_per_day", problems, whole=True, low=5, high=180)
    days = number(form, "days_per_week", problems, whole=True, low=1, high=7)
    time = str(form.get("preferred_time", ""))
    if time and time not in TIMES:
        problems["preferred_time"] = "Choose morning, afternoon or evening."
    equipment = [e for e in form.getlist("equipment") if e in EQUIPMENT]
    likes, dislikes = lines(str(form.get("likes", "")), commas=True), lines(str(form.get("dislikes", "")), commas=True)
    clash = sorted(set(likes) & set(dislikes))
    if clash:
        problems["dislikes"] = f"{clash[0]!r} is also in the liked activities."
    known = [c for c in form.getlist("comorbidities") if c in KNOWN_COMORBIDITIES]
    other = lines(str(form.get("comorbidities_other", "")))
    preferences = {"likes": likes, "dislikes": dislikes, "preferred_time": time or None, "minutes_per_day": minutes,
                   "days_per_week": days, "equipment": equipment, "gym_access": form.get("gym_access") == "yes"}
    home = _home_of(form, problems)
    try:
        profile = ProfileIn(job_demands=str(form.get("job_demands", "")).strip() or None,
                            caregiving=str(form.get("caregiving", "")).strip() or None,
                            sleep=str(form.get("sleep", "")).strip() or None,
                            preferences=preferences, comorbidities=known + other, home=home,
                            cautions=[c for c in form.getlist("cautions") if c in CAUTIONS])
    except ValidationError as error:
        for field, message in form_problems(error).items():
            problems.setdefault("comorbidities_other" if field.startswith("comorbidities") else field, message)
        profile = None
    if not problems and profile is not None:
        patients.set_profile(uow, actor, patient_id, profile)
        return done(f"{base(patient_id)}/intake", "Context saved.")
    patient = patients.get_patient(uow, actor, patient_id)
    return patient_page(request, "assess/intake.html", actor, patient, profile=None, given=given, problems=problems,
                        status_code=422, **_intake_options())


# ---- red-flag screening ----------------------------------------------------------------------------

SYMPTOM_QUESTIONS = {
    "new_neuro_symptoms": "New or worsening numbness, tingling or weakness?",
    "unexplained_swelling": "Swelling that has no clear reason?",
}

# What the clinician does for each referral tier (clinical reference §4.2, "Action" column).
CLINICIAN_ACTION = {
    "emergency": "Stop the program. Send the patient to an emergency department now (emergency imaging or "
                 "surgical assessment); do not wait for the next visit.",
    "urgent": "Pause progression. Arrange a medical review today (clinician or GP; urgent imaging or a "
              "fast-track referral as the concern requires).",
    "routine": "Keep the current dose without progressing, and review at the next contact; refer on as the "
               "concern requires (for example rheumatology, or a bone-health review).",
}


# The clinician's heading and why the condition's signs are asked (hazards H54, H23).
CONDITION_QUESTIONS = {
    "heart": ("Heart signs", "heart disease or heart failure; hazard H54"),
    "pregnancy": ("Pregnancy warning signs", "pregnancy, ACOG Committee Opinion 804; hazard H23"),
}


def asked_conditions(uow, actor, patient_id, screenings: list | None = None) -> list[str]:
    """The conditions whose signs the clinician's forms ask: those this patient can send too (their
    program gave them the signs to stop: heart disease, pregnancy; the patient's 'When to get help'
    page offers them on the same condition), or one was answered yes before. A patient's sign stands
    until a clinician's screening, which could not record it, so the clinician's "no" to every spinal
    question cleared a sign it never asked about (review of 2026-12-03, task 3)."""
    try:
        signs = views.heart_safety(programs.get_program(uow, actor, patient_id))
    except NotFound:
        signs = None
    given = set(views.conditions_with_signs(signs))
    if screenings is None:
        screenings = patients.list_screenings(uow, actor, patient_id, "red_flags")
    said = {f for s in screenings for f in (s.answers.get("red_flags") or ())}
    return [kind for kind, flags in CONDITION_FLAGS.items() if kind in given or said & set(flags)]


def asked_flags(uow, actor, patient_id, screenings: list | None = None) -> dict:
    """The red flags the clinician's forms ask: the spinal and neck ones everyone is asked, and each
    condition's signs when asked (asked_conditions)."""
    flags = dict(RED_FLAGS)
    for kind in asked_conditions(uow, actor, patient_id, screenings):
        flags.update(CONDITION_FLAGS[kind])
    return flags


def condition_questions(flags: dict) -> list[tuple[str, str, dict]]:
    """Each condition's signs among ``flags``, with the clinician's heading and why they are asked."""
    return [(*CONDITION_QUESTIONS[kind], {f: flags[f] for f in kind_flags if f in flags})
            for kind, kind_flags in CONDITION_FLAGS.items() if any(f in flags for f in kind_flags)]


def _red_flag_context(uow, actor, patient_id) -> dict[str, Any]:
    screenings = patients.list_screenings(uow, actor, patient_id, "red_flags")
    flags = asked_flags(uow, actor, patient_id, screenings)
    return {"flags": flags, "conditions": condition_questions(flags),
            "symptom_questions": SYMPTOM_QUESTIONS, "screenings": screenings}


@router.get("/screenings/red-flags")
def red_flags_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    return patient_page(request, "assess/red_flags.html", actor, patient, given={"taken_on": today(request).isoformat()},
                        problems={}, **_red_flag_context(uow, actor, patient_id))


@router.post("/screenings/red-flags", dependencies=[FormChecked])
def record_red_flags(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    taken_on = day(form, "taken_on", problems)
    answers: dict[str, bool] = {}
    flags = asked_flags(uow, actor, patient_id)
    for name in (*flags, *SYMPTOM_QUESTIONS):
        answer = form.get(f"q_{name}")
        if answer not in ("yes", "no"):
            problems[f"q_{name}"] = "Answer yes or no: a question not asked cannot be read as no."
        answers[name] = answer == "yes"
    out = None
    if not problems:
        try:
            screening = RedFlagScreeningIn(taken_on=taken_on, red_flags=[f for f in flags if answers[f]],
                                           **{name: answers[name] for name in SYMPTOM_QUESTIONS})
        except ValidationError as error:
            problems.update(form_problems(error))
        else:
            try:
                out, _ = patients.record_red_flags(uow, actor, patient_id, screening)
            except Invalid as error:  # dated in the future
                problems[error.field] = error.message
        if out is not None:
            urgency = out.result.get("urgency")
            notice = f"Screening saved: refer ({urgency})." if urgency else "Screening saved."
            return done(f"{base(patient_id)}/screenings/red-flags/{out.id}", notice)
    patient = patients.get_patient(uow, actor, patient_id)
    return patient_page(request, "assess/red_flags.html", actor, patient, given=given, problems=problems,
                        status_code=422, **_red_flag_context(uow, actor, patient_id))


@router.get("/screenings/red-flags/{screening_id}")
def red_flag_result(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, screening_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    screening = patients.get_screening(uow, actor, patient_id, screening_id, kind="red_flags")
    urgency = screening.result.get("urgency")
    return patient_page(request, "assess/red_flag_result.html", actor, patient, screening=screening, urgency=urgency,
                        action=CLINICIAN_ACTION.get(urgency), symptom_questions=SYMPTOM_QUESTIONS,
                        # A heart or pregnancy sign the patient sent (or the clinician recorded) is listed
                        # with its answer.
                        flags={**RED_FLAGS, **{f: ALL_FLAGS[f] for f in screening.answers.get("red_flags", ())
                                               if f in ALL_FLAGS}})


# ---- questionnaires and performance tests ---------------------------------------------------------

def _instrument(instrument_id: str | None):
    return CATALOGUE.get(instrument_id) if instrument_id else None


def _assessment_context(uow, actor, patient_id, instrument_id: str | None) -> dict[str, Any]:
    past = list(reversed(assessments.list_assessments(uow, actor, patient_id)))
    return {"questionnaires": QUESTIONNAIRES, "tests": PERFORMANCE_TESTS, "instrument": _instrument(instrument_id),
            "past": past, "psfs_rows": 5}


@router.get("/assessments")
def assessments_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID,
                     instrument: str | None = None):
    patient = patients.get_patient(uow, actor, patient_id)
    context = _assessment_context(uow, actor, patient_id, instrument)
    problems = {"instrument": "Choose an instrument from the list."} if instrument and context["instrument"] is None else {}
    return patient_page(request, "assess/assessments.html", actor, patient, given={"taken_on": today(request).isoformat()},
                        problems=problems, status_code=422 if problems else 200, **context)


def _answers(instrument, form: FormData, problems: dict[str, str]) -> list | dict | None:
    """The answers typed for ``instrument``, checked item by item against its scale."""
    if isinstance(instrument, Questionnaire) and instrument.patient_named is not None:
        named = instrument.patient_named
        answers: dict[str, float | None] = {}
        for row in range(1, 6):
            activity = str(form.get(f"activity_{row}", "")).strip()
            rating = number(form, f"rating_{row}", problems, whole=named.scale.whole, low=named.scale.minimum,
                            high=named.scale.maximum)
            if activity and activity in answers:
                problems[f"activity_{row}"] = "This activity is named twice."
            elif activity:
                answers[activity] = rating
            elif rating is not None:
                problems[f"activity_{row}"] = "Name the activity this rating is for."
        if len(answers) < named.fewest and "form" not in problems:
            problems["activity_1"] = f"Name {named.fewest} to {named.most} activities the patient finds hard, and rate each."
        return answers
    if isinstance(instrument, Questionnaire):
        answers = {}
        for item in instrument.items:
            answers[item.id] = number(form, f"item_{item.id}", problems, whole=item.scale.whole,
                                      low=item.scale.minimum, high=item.scale.maximum)
        if all(v is None for v in answers.values()) and not any(k.startswith("item_") for k in problems):
            problems["form"] = "Enter the patient's answers: every item is empty."
        return answers
    low, high = instrument.accepted
    value = number(form, "value", problems, low=low, high=high, required=True)
    return [value] if value is not None else None


@router.post("/assessments", dependencies=[FormChecked])
def record_assessment(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    instrument = _instrument(str(form.get("instrument", "")))
    taken_on = day(form, "taken_on", problems)
    if instrument is None:
        problems["instrument"] = "Choose an instrument from the list."
    else:
        answers = _answers(instrument, form, problems)
        if taken_on is not None and taken_on > today(request):
            problems["taken_on"] = f"{taken_on.isoformat()} is after today."
        if not problems:
            try:
                out = assessments.record_assessment(uow, actor, patient_id, AssessmentIn(
                    instrument=instrument.id, taken_on=taken_on, answers=answers))
            except ValidationError as error:
                problems.update(form_problems(error))
            except Invalid as error:
                problems["form" if error.field == "answers" else error.field] = error.message
            else:
                band = f", {out.score.band}" if out.score.band else ""
                total = "no total" if out.score.total is None else f"{out.score.total:g}"
                return done(f"{base(patient_id)}/assessments/{out.id}", f"{out.score.name} saved: {total}{band}.")
    patient = patients.get_patient(uow, actor, patient_id)
    context = _assessment_context(uow, actor, patient_id, instrument.id if instrument else None)
    return patient_page(request, "assess/assessments.html", actor, patient, given=given, problems=problems,
                        status_code=422, **context)


@router.get("/screenings/psychosocial")
def psychosocial_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    """The psychosocial profile: what the latest screens (mood, fear, catastrophising, risk)
    suggest together, as recorded each time it was drawn up."""
    patient = patients.get_patient(uow, actor, patient_id)
    profiles = patients.list_screenings(uow, actor, patient_id, "psychosocial")
    return patient_page(request, "assess/psychosocial.html", actor, patient, profiles=profiles)


@router.post("/screenings/psychosocial", dependencies=[FormChecked])
def draw_up_psychosocial(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    assessments.record_psychosocial(uow, actor, patient_id)
    return done(f"{base(patient_id)}/screenings/psychosocial", "Psychosocial profile drawn up from the latest screens.")


@router.get("/assessments/{assessment_id}")
def assessment_result(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID,
                      assessment_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    found = assessments.get_assessment(uow, actor, patient_id, assessment_id)
    return patient_page(request, "assess/assessment_result.html", actor, patient, assessment=found, score=found.score,
                        instrument=_instrument(found.instrument))


# ---- reassessment at a checkpoint ------------------------------------------------------------------

MEASURE_ROWS = 3


def _checkpoints(uow, actor, patient_id) -> list:
    return patients.list_screenings(uow, actor, patient_id, "checkpoint")


def _reassessment_context(uow, actor, patient_id) -> dict[str, Any]:
    flags = asked_flags(uow, actor, patient_id)
    return {"flags": flags, "conditions": condition_questions(flags),
            "symptom_questions": SYMPTOM_QUESTIONS, "checkpoints": _checkpoints(uow, actor, patient_id),
            "questionnaires": QUESTIONNAIRES, "tests": PERFORMANCE_TESTS, "rows": MEASURE_ROWS,
            "rebaseline_reasons": REBASELINE_REASONS, "tolerance_rows": TOLERANCE_ROWS,
            "tolerance_options": _tolerance_options(), "tolerance_dimensions": TOLERANCE_DIMENSIONS,
            "tolerance_history": tolerances.tolerance_history(uow, actor, patient_id),
            "tolerance_words": tolerance_words,
            "referral_steps": referrals.list_steps(uow, actor, patient_id)}


TOLERANCE_ROWS = 2
# Time is typed in minutes on every clinician form; the planner keeps seconds.
TOLERANCE_DIMENSIONS = (("duration_s", "time (minutes)"), ("distance_m", "distance (metres)"), ("reps", "reps"),
                        ("steps", "steps"), ("load_kg", "load (kg)"), ("sets", "sets"))


def _tolerance_options() -> list[tuple[str, str]]:
    library = packaged_library()
    return sorted([(a.id, f"{a.name} (daily activity)") for a in library.activities.values()] +
                  [(e.id, e.name) for e in library.exercises.values()], key=lambda x: x[1].lower())


def tolerance_words(measured) -> str:
    """A measured tolerance as a clinician says it: '5.5 minutes (mean of 3)'."""
    minutes = measured.dimension == "duration_s"
    unit = "minutes" if minutes else dict(TOLERANCE_DIMENSIONS)[measured.dimension]
    value = measured.mean / 60 if minutes else measured.mean
    return f"{round(value, 1):g} {unit} (mean of {len(measured.measures)})"


def _tolerances_asked(form: FormData, problems: dict[str, str], taken_on: date | None) -> dict[str, Any] | None:
    """"Tolerances measured again": each row an activity, its measure and one to three numbers
    (clinical reference §3.4), or no rows at all (the tolerances stay as they are)."""
    measured, note = [], str(form.get("tol_note", "")).strip()
    for row in range(1, TOLERANCE_ROWS + 1):
        activity = str(form.get(f"tol_activity_{row}", "")).strip()
        dimension = str(form.get(f"tol_dimension_{row}", "")).strip()
        typed = str(form.get(f"tol_measures_{row}", "")).strip()
        if not activity and not typed:
            continue
        values = []
        for part in lines(typed, commas=True):
            try:
                values.append(float(part) * (60 if dimension == "duration_s" else 1))
            except ValueError:
                problems[f"tol_measures_{row}"] = f"Enter one to three numbers, separated by commas (got {part!r})."
        measured.append({"activity": activity, "dimension": dimension, "measures": values})
    if not measured:
        return None
    return {"measured_on": taken_on, "tolerances": measured, "note": note or None}


def _tolerance_field(path: str) -> str:
    """A refused tolerance field (``tolerances.tolerances[0].dimension``) as the form names it."""
    found = re.match(r"(?:tolerances\.)?tolerances\[(\d+)\]\.(activity|dimension|measures)", path)
    if found:
        return f"tol_{found.group(2)}_{int(found.group(1)) + 1}"
    return "tol_note" if path.endswith("note") else "tol_activity_1"


# ---- referral steps: the follow-up answer, from the patient page or the reassessment ---------------

@router.post("/referral-steps/{step_id}", dependencies=[FormChecked])
def follow_up_referral(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, step_id: uuid.UUID,
                       form: Posted):
    """Whether a referral was taken up, or that the same-day risk assessment was done: stored with
    the day and a note, and audited; refused (422) with nothing stored when no answer is chosen."""
    back = "reassessment" if form.get("back") == "reassessment" else ""
    url = f"{base(patient_id)}/{back}" if back else base(patient_id)
    note = str(form.get("note", "")).strip() or None
    try:
        given = ReferralFollowUpIn(outcome=str(form.get("outcome", "")), on=today(request), note=note)
        referrals.follow_up(uow, actor, patient_id, step_id, given)
    except ValidationError:
        problem = "Nothing was saved. Choose an answer: taken up, declined, not yet, or risk assessed."
    except Invalid as error:
        problem = f"Nothing was saved. {error.message}"
    else:
        return done(f"{url}#referrals", "Referral follow-up saved.")
    if back:
        patient = patients.get_patient(uow, actor, patient_id)
        return patient_page(request, "assess/reassessment.html", actor, patient, given={"taken_on": today(request).isoformat()},
                            problems={}, referral_problem=problem, status_code=422,
                            **_reassessment_context(uow, actor, patient_id))
    from rehab.web.pages.clinic import review_page
    return review_page(request, uow, actor, patient_id, referral_problem=problem)


def _rebaseline_asked(form: FormData, problems: dict[str, str]) -> dict[str, Any] | None:
    """"Re-baseline from these dates": both dates and a reason, or none of them (no re-baseline)."""
    typed = {name: str(form.get(f"rebaseline_{name}", "")).strip() for name in ("first", "last", "reason")}
    if not any(typed.values()):
        return None
    asked: dict[str, Any] = {"reason": typed["reason"]}
    for name in ("first", "last"):
        asked[name] = day(form, f"rebaseline_{name}", problems)
    if typed["reason"] not in REBASELINE_REASONS:
        problems["rebaseline_reason"] = "Choose why the yardstick moves: setback, medication change or new phase."
    return asked


@router.get("/reassessment")
def reassessment_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    patient = patients.get_patient(uow, actor, patient_id)
    return patient_page(request, "assess/reassessment.html", actor, patient, given={"taken_on": today(request).isoformat()},
                        problems={}, **_reassessment_context(uow, actor, patient_id))


def _typed_answers(text: str, field: str, problems: dict[str, str]) -> list[float | None]:
    """Answers typed in item order, separated by commas; '-' or nothing marks an unanswered item."""
    out: list[float | None] = []
    for part in text.split(","):
        part = part.strip()
        if part in ("", "-"):
            out.append(None)
            continue
        try:
            out.append(float(part))
        except ValueError:
            problems.setdefault(field, f"Enter numbers separated by commas (got {part!r}).")
    return out


@router.post("/reassessment", dependencies=[FormChecked])
def record_reassessment(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, form: Posted):
    given = given_of(form)
    problems: dict[str, str] = {}
    taken_on = day(form, "taken_on", problems)
    if taken_on is not None and taken_on > today(request):
        problems["taken_on"] = f"{taken_on.isoformat()} is after today."
    answers: dict[str, bool] = {}
    flags = asked_flags(uow, actor, patient_id)
    for name in (*flags, *SYMPTOM_QUESTIONS):
        answer = form.get(f"q_{name}")
        if answer not in ("yes", "no"):
            problems[f"q_{name}"] = "Answer yes or no: a question not asked cannot be read as no."
        answers[name] = answer == "yes"
    measures, rows = [], []
    for row in range(1, MEASURE_ROWS + 1):
        instrument = str(form.get(f"measure_{row}", "")).strip()
        typed = str(form.get(f"answers_{row}", "")).strip()
        if not instrument and not typed:
            continue
        if instrument not in CATALOGUE:
            problems[f"measure_{row}"] = "Choose the instrument these answers are for."
            continue
        if not typed:
            problems[f"answers_{row}"] = "Enter the answers in item order, separated by commas."
            continue
        measures.append({"instrument": instrument, "taken_on": taken_on, "answers": _typed_answers(typed, f"answers_{row}", problems)})
        rows.append(row)
    rebaseline = _rebaseline_asked(form, problems)
    measured = _tolerances_asked(form, problems, taken_on)
    if not problems:
        try:
            given_in = ReassessmentIn(
                taken_on=taken_on, assessments=[AssessmentIn(**m) for m in measures],
                red_flags=RedFlagScreeningIn(taken_on=taken_on, red_flags=[f for f in flags if answers[f]],
                                             **{name: answers[name] for name in SYMPTOM_QUESTIONS}),
                rebaseline=RebaselineIn(**rebaseline) if rebaseline else None,
                tolerances=ToleranceRebaselineIn.model_validate(measured) if measured else None)
            out = care.reassess(uow, actor, patient_id, given_in)
        except ValidationError as error:
            for k, v in form_problems(error).items():
                problems[_tolerance_field(k) if "tolerances[" in k else k.replace("rebaseline.", "rebaseline_")] = v
        except Invalid as error:
            found = re.match(r"assessments\[(\d+)\]\.(\w+)", error.field)
            if error.field.startswith("tolerances."):
                problems[_tolerance_field(error.field) if "[" in error.field else "taken_on"] = error.message
            elif error.field.startswith("rebaseline."):
                problems[error.field.replace(".", "_")] = error.message
            elif found:
                field = "answers" if found.group(2) == "answers" else "measure"
                problems[f"{field}_{rows[int(found.group(1))]}"] = error.message
            else:
                problems["form"] = error.message
        else:
            urgency = out.screening.result.get("urgency")
            if urgency:
                return done(f"{base(patient_id)}/screenings/red-flags/{out.screening.id}",
                            f"Reassessment saved: refer ({urgency}).")
            moved = (f" Re-baselined from {out.rebaseline.first.isoformat()} to {out.rebaseline.last.isoformat()}."
                     if out.rebaseline else "")
            if out.tolerances:
                moved += f" Tolerances measured on {out.tolerances.measured_on.isoformat()} now pace new plans."
            return done(f"{base(patient_id)}/reassessment",
                        f"Reassessment saved: {out.recommendation}; next checkpoint {out.next_reassessment.isoformat()}.{moved}")
    patient = patients.get_patient(uow, actor, patient_id)
    return patient_page(request, "assess/reassessment.html", actor, patient, given=given, problems=problems,
                        status_code=422, **_reassessment_context(uow, actor, patient_id))
