"""The clinician's pages: the caseload first, then each patient, and enrolling a new one.

Every read and write goes through the services (authorization and the audit log are theirs). The
patient page is one screen for a review: the timeline against the person's own baseline, goals,
the latest decision per activity with every criterion the engine checked, open alerts, forms to
accept or override a decision with a reason, and the personal baseline with the form to
re-baseline it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError

from rehab.contracts.checkin import DoseIn
from rehab.contracts.records import OverrideIn, PatientIn, RebaselineIn, StoredDecision
from rehab.core.engine.rebaseline import REASONS
from rehab.core.models import DIMENSIONS, WHOLE_DIMENSIONS, DecisionKind
from rehab.services import (
    accounts,
    assessments,
    baselines,
    insights,
    logs,
    oversight,
    patients,
    program_reviews,
    programs,
    referrals,
    self_management,
)
from rehab.services.access import Actor
from rehab.services.errors import Conflict, Invalid, NotFound
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages import clinic_timeline as charts
from rehab.web.pages.guards import ClinicianActor, FormChecked
from rehab.web.pages.rendering import (
    dose_in_words,
    form_problems,
    page,
    see_other,
    today,
)

router = APIRouter(prefix="/clinic", include_in_schema=False, dependencies=CHECKED)

# The caseload's badges: the kind of need in a word or two.
NEEDS = {"refer": "Referral", "safety": "Safety finding", "checkin_failed": "Check-in failed", "flare": "Flare", "regress": "Regressed",
         "symptoms": "New symptoms", "reformulate": "Stalled", "missed_logs": "Missed logs",
         "reassessment": "Reassessment due", "review": "Review", "new": "New", "none": "On track"}
STATUSES = {"active": "Active", "maintenance": "Maintenance"}
# How far back the patient page's timeline looks.
TIMELINE_WEEKS = 12
# The re-baseline form's window by default: the last 14 diary days up to yesterday (§7.2 step 1:
# ideally 14 daily entries; today's entry may not be in yet).
REBASELINE_DAYS = 14
# The override form's dose fields: each dimension in the unit people use for it (time in minutes,
# as every chart and text says it; the engine counts seconds), with the factor to the engine's unit.
DOSE_FIELDS = {"sets": ("dose_sets", "Sets", 1), "reps": ("dose_reps", "Repetitions", 1),
               "load_kg": ("dose_load_kg", "Load (kg)", 1), "duration_s": ("dose_duration_min", "Duration (minutes)", 60),
               "distance_m": ("dose_distance_m", "Distance (metres)", 1), "steps": ("dose_steps", "Steps", 1),
               "level": ("dose_level", "Ladder level", 1)}
DOSE_LABELS = {dimension: label for dimension, (_, label, _) in DOSE_FIELDS.items()}


# ---- caseload -------------------------------------------------------------------------------------

@router.get("")
def caseload(request: Request, uow: UoW, actor: ClinicianActor, status: str = "", need: str = ""):
    """Patients sorted by what needs attention now, each with the reason in words."""
    status = status if status in STATUSES else ""
    need = need if need == "attention" or need in NEEDS else ""
    rows = patients.caseload(uow, actor, today(request), status=status or None)
    alerts = oversight.open_alerts(uow, actor)
    if need == "attention":
        rows = [r for r in rows if r.need not in ("none", "new")]
    elif need:
        rows = [r for r in rows if r.need == need]
    return page(request, "clinic/caseload.html", actor, rows=rows, status=status, need=need, needs=NEEDS,
                statuses=STATUSES, alerts=len(alerts), alerts_by_patient=Counter(a.patient_id for a in alerts))


# ---- enrolling ------------------------------------------------------------------------------------

@router.get("/patients/new")
def new_patient(request: Request, actor: ClinicianActor):
    return page(request, "clinic/enrol.html", actor, given={"enrolled_on": today(request).isoformat()}, problems={})


@router.post("/patients/new", dependencies=[FormChecked])
def enrol(request: Request, uow: UoW, actor: ClinicianActor, display_name: Annotated[str, Form()] = "",
          condition: Annotated[str, Form()] = "", birth_year: Annotated[str, Form()] = "",
          sex: Annotated[str, Form()] = "", enrolled_on: Annotated[str, Form()] = "",
          email: Annotated[str, Form()] = "", password: Annotated[str, Form()] = ""):
    given = {"display_name": display_name, "condition": condition, "birth_year": birth_year, "sex": sex,
             "enrolled_on": enrolled_on, "email": email}
    problems: dict[str, str] = {}
    year = None
    if birth_year.strip():
        try:
            year = int(birth_year.strip())
        except ValueError:
            problems["birth_year"] = "write the year of birth in digits, like 1963"
    for field, value, words in (("display_name", display_name, "write the patient's name"),
                                ("condition", condition, "write the condition in the clinic's words")):
        if not value.strip():
            problems[field] = words
    try:
        new = PatientIn(display_name=display_name, condition=condition, birth_year=year, sex=sex or None,
                        enrolled_on=enrolled_on, email=email.strip() or None, password=password or None)
    except ValidationError as error:
        problems = {**form_problems(error), **problems}
    if not problems:
        try:
            out = patients.enrol_patient(uow, actor, new)
        except Invalid as error:
            problems = {error.field: error.message}
        except Conflict as error:
            problems = {"email": str(error).removeprefix("email: ")}
        else:
            return see_other(f"/clinic/patients/{out.id}?notice=Enrolled+{out.display_name.replace(' ', '+')}.")
    return page(request, "clinic/enrol.html", actor, given=given, problems=problems, status_code=422)


# ---- one patient ----------------------------------------------------------------------------------

@router.get("/patients/{patient_id}")
def patient_page(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID):
    return page(request, "clinic/patient.html", actor, **_review(uow, actor, patient_id, today(request)))


def review_page(request: Request, uow: UoW, actor: Actor, patient_id: uuid.UUID, **problems: Any):
    """The patient page again, with a problem from one of its forms (status 422)."""
    return page(request, "clinic/patient.html", actor, status_code=422,
                **_review(uow, actor, patient_id, today(request)), **problems)


@router.post("/patients/{patient_id}/decisions/{decision_id}/accept", dependencies=[FormChecked])
def accept(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, decision_id: uuid.UUID,
           reason: Annotated[str, Form()] = ""):
    day = today(request)
    context = _review(uow, actor, patient_id, day)
    _decision_of(context, decision_id)
    try:
        logs.accept_decision(uow, actor, decision_id, reason)
    except Invalid as error:
        problems = {error.field: error.message}
    else:
        return see_other(f"/clinic/patients/{patient_id}?notice=Decision+accepted.#decision-{decision_id}")
    context.update(form={"decision_id": decision_id, "action": "accept", "problems": problems,
                         "given": {"reason": reason}})
    return page(request, "clinic/patient.html", actor, status_code=422, **context)


@router.post("/patients/{patient_id}/decisions/{decision_id}/override", dependencies=[FormChecked])
def override(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID, decision_id: uuid.UUID,
             decision: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
             dose_sets: Annotated[str, Form()] = "", dose_reps: Annotated[str, Form()] = "",
             dose_load_kg: Annotated[str, Form()] = "", dose_duration_min: Annotated[str, Form()] = "",
             dose_distance_m: Annotated[str, Form()] = "", dose_steps: Annotated[str, Form()] = "",
             dose_level: Annotated[str, Form()] = "", confirm_large_change: Annotated[str, Form()] = ""):
    """The clinician's own decision and dose, typed in the units people use (minutes, kg, reps). A
    dose below half or above 1.5 times the one in force is refused until confirmed (the service
    says why next to the box to tick)."""
    context = _review(uow, actor, patient_id, today(request))
    _decision_of(context, decision_id)
    given = {"decision": decision, "reason": reason, "dose_sets": dose_sets, "dose_reps": dose_reps,
             "dose_load_kg": dose_load_kg, "dose_duration_min": dose_duration_min, "dose_distance_m": dose_distance_m,
             "dose_steps": dose_steps, "dose_level": dose_level, "confirm_large_change": confirm_large_change}
    problems: dict[str, str] = {}
    dose: dict[str, float] = {}
    for dimension in DIMENSIONS:
        field, _, factor = DOSE_FIELDS[dimension]
        text = given[field].strip().replace(",", ".")
        if text:
            try:
                value = int(text) if dimension in WHOLE_DIMENSIONS else float(text) * factor
            except ValueError:
                problems[field] = "write a number" + (", without decimals" if dimension in WHOLE_DIMENSIONS else "")
            else:
                dose[dimension] = round(value, 3)
    if not given["decision"]:
        problems["decision"] = "choose the decision you make instead"
    if not reason.strip():
        problems["reason"] = "say why you decide otherwise: it is stored with the decision"
    try:
        choice = OverrideIn(decision=given["decision"] or "hold", next_dose=DoseIn(**dose) if dose else None,
                            reason=given["reason"], confirm_large_change=bool(confirm_large_change))
    except ValidationError as error:
        for field, message in form_problems(error).items():
            dimension = field.removeprefix("next_dose.")
            name = DOSE_FIELDS[dimension][0] if dimension in DOSE_FIELDS else (
                "dose_" + dimension if field.startswith("next_dose") else field)
            if name == "dose_next_dose":
                name = "dose"
            problems.setdefault(name, message)
    if not problems:
        try:
            logs.override_decision(uow, actor, decision_id, choice)
        except Invalid as error:
            problems = {error.field: error.message}
        else:
            return see_other(f"/clinic/patients/{patient_id}?notice=Decision+overridden.#decision-{decision_id}")
    context.update(form={"decision_id": decision_id, "action": "override", "problems": problems, "given": given})
    return page(request, "clinic/patient.html", actor, status_code=422, **context)


@router.post("/patients/{patient_id}/alerts/acknowledge", dependencies=[FormChecked])
def acknowledge(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID,
                alert_id: Annotated[str, Form()] = ""):
    context = _review(uow, actor, patient_id, today(request))
    wanted = next((a for a in context["alerts"] if str(a.id) == alert_id.strip()), None)
    if wanted is None:
        context["alert_problem"] = "That alert is not open for this patient any more; the list below is up to date."
        return page(request, "clinic/patient.html", actor, status_code=422, **context)
    oversight.acknowledge(uow, actor, wanted.id)
    return see_other(f"/clinic/patients/{patient_id}?notice=Alert+acknowledged.#alerts")


@router.post("/patients/{patient_id}/baseline", dependencies=[FormChecked])
def rebaseline(request: Request, uow: UoW, actor: ClinicianActor, patient_id: uuid.UUID,
               first: Annotated[str, Form()] = "", last: Annotated[str, Form()] = "",
               reason: Annotated[str, Form()] = "", note: Annotated[str, Form()] = ""):
    """Move the patient's yardstick onto the days chosen, for one of the reasons of clinical
    reference §7.2 step 5; the service refuses a window without enough diary days."""
    day = today(request)
    context = _review(uow, actor, patient_id, day)
    given = {"first": first, "last": last, "reason": reason, "note": note}
    problems: dict[str, str] = {}
    if not reason:
        problems["reason"] = "choose why you re-baseline"
    try:
        chosen = RebaselineIn(first=first, last=last, reason=reason or "setback", note=note.strip() or None)
    except ValidationError as error:
        problems = {**form_problems(error), **problems}
    if not problems:
        try:
            baselines.rebaseline(uow, actor, patient_id, chosen, day)
        except Invalid as error:
            problems = {error.field: error.message}
        else:
            return see_other(f"/clinic/patients/{patient_id}?notice=Baseline+moved+to+{chosen.first}+to+{chosen.last}.#baseline")
    context.update(rebaseline_form={"given": given, "problems": problems})
    return page(request, "clinic/patient.html", actor, status_code=422, **context)


def _decision_of(context: dict[str, Any], decision_id: uuid.UUID) -> StoredDecision:
    """One of the decisions shown for review on this patient's page (else: no such decision here)."""
    for stored in context["latest"]:
        if stored.id == decision_id:
            return stored
    raise NotFound("that decision is not one of this patient's latest decisions")


def _review(uow: UoW, actor: Actor, patient_id: uuid.UUID, day: date) -> dict[str, Any]:
    """Everything the patient page shows, each piece through its service."""
    patient = patients.get_patient(uow, actor, patient_id)  # first: refuses anyone outside the care team
    try:
        program = programs.get_program(uow, actor, patient_id)
    except NotFound:
        program = None
    prescriptions = program.prescriptions if program else []
    start = max(patient.enrolled_on, day - timedelta(weeks=TIMELINE_WEEKS))
    decisions = logs.list_decisions(uow, actor, patient_id, since=start)
    latest_by_activity: dict[str, StoredDecision] = {}
    for stored in decisions:
        latest_by_activity[stored.decision.activity_id] = stored
    order = [p.activity_id for p in prescriptions]
    latest = sorted(latest_by_activity.values(),
                    key=lambda d: order.index(d.decision.activity_id) if d.decision.activity_id in order else len(order))
    limits = charts.patient_limits(prescriptions)
    anchor = baselines.baseline_anchor(uow, actor, patient_id, limits)
    # The weeks drawn with the noise window before them, and the anchor's days however long ago
    # (what the baseline needs), not every day in between.
    diary = logs.list_diary(uow, actor, patient_id, since=start - timedelta(days=limits.baseline_days + limits.recent_days),
                            also=(anchor.first, anchor.last) if anchor is not None else None)
    sessions = logs.list_sessions(uow, actor, patient_id, since=start)
    scores = assessments.list_assessments(uow, actor, patient_id)
    baseline = charts.baseline_of(diary, day, limits, anchor)
    history = baselines.baseline_history(uow, actor, patient_id)
    names = {p.activity_id: p.name for p in prescriptions}
    phases = charts.phase_markers(programs.list_versions(uow, actor, patient_id))
    timeline = [charts.pain_chart(diary, decisions, baseline, names, start, day, phases),
                charts.wellbeing_chart(diary, start, day),
                charts.function_chart(scores, start, day),
                charts.adherence_chart(prescriptions, sessions, start, day)]
    timeline += [charts.dose_chart(p, decisions, sessions, diary, start, day) for p in prescriptions]
    return {
        "patient": patient, "program": program, "names": names,
        "current_doses": {p.activity_id: p.current_dose or p.starting_dose for p in prescriptions}, "start": start, "day": day,
        "last_entry_days": (day - patient.last_entry_on).days if patient.last_entry_on else None,
        "charts": [c for c in timeline if c is not None], "baseline": baseline,
        "diary_entries": [e for e in reversed(diary) if start <= e.date <= day],
        "latest": latest, "clinician_decisions": [d for d in decisions if d.override is not None][::-1],
        "goals": assessments.list_goals(uow, actor, patient_id), "scores": scores[::-1],
        "alerts": oversight.open_alerts(uow, actor, patient_id),
        "referral_steps": referrals.list_steps(uow, actor, patient_id), "who": _who(accounts.colleagues(uow, actor)),
        "kinds": [k.value for k in DecisionKind], "dose_fields": DOSE_FIELDS, "acceptance": logs.acceptance,
        "in_unit": in_unit,
        "baseline_anchor": anchor, "baseline_history": history, "baseline_days_needed": limits.baseline_min_days,
        "confirmed": history[0] if history and anchor is not None and anchor.reason != "intake" else None,
        "reasons": REASONS, "rebaseline_form": {"problems": {}, "given": {
            "first": (day - timedelta(days=REBASELINE_DAYS)).isoformat(),
            "last": (day - timedelta(days=1)).isoformat(), "reason": "", "note": ""}},
        "adjustments": self_management.list_adjustments(uow, actor, patient_id, since=start),
        "insights": insights.diary_insights(uow, actor, patient_id, day),
        "form": None, "alert_problem": None, "shown": shown, "dose_words": dose_words,
        "reviews": program_reviews.list_reviews(uow, actor, patient_id), "review_alerts": program_reviews.REVIEW_ALERTS,
    }


def _who(colleagues: dict[uuid.UUID, str]):
    names = {str(user_id): name for user_id, name in colleagues.items()}
    return lambda user_id: names.get(str(user_id), "a former colleague")


def shown(value: Any) -> str:
    """A criterion's value for the table: numbers without needless decimals, lists and objects in words."""
    if value is None:
        return "not available"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {shown(v)}" for k, v in value.items()) or "none"
    return str(value)


def in_unit(dose: dict | None, dimension: str) -> str:
    """One dimension of a dose in the unit its form field asks for ('20' minutes for 1,200 s)."""
    if not dose or dose.get(dimension) is None:
        return ""
    return shown(round(dose[dimension] / DOSE_FIELDS[dimension][2], 2) if DOSE_FIELDS[dimension][2] != 1 else dose[dimension])


def dose_words(dose: dict | None) -> str:
    return dose_in_words(dose, "no exercise until reviewed")
