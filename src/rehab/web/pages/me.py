"""The patient's pages: phone-first, plain words, large touch targets. Every page is about the
logged-in patient only; there is no patient id in these addresses to change, and the services
refuse any record (a log, a screening) that is not theirs.

Writes carry an id made when the form was shown, so a form sent twice (a retry on a bad
connection, a double tap) is stored once. After a write the browser is sent to the page that
shows what happened (Post/Redirect/Get), so a reload does not send it again.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import quote_plus

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError

from rehab.content.loader import packaged_library
from rehab.contracts.self_management import SelfAdjustmentIn
from rehab.contracts.records import (
    DiaryEntryIn,
    FlareIn,
    RedFlagScreeningIn,
    SessionLogIn,
)
from rehab.core.engine.messages import maternity_now
from rehab.core.engine.safety import ALL_FLAGS, CONDITION_FLAGS, HEART_AMBULANCE, MATERNITY_NOW_WORDS, RED_FLAGS
from rehab.core.models import TRIGGER_TAGS, Urgency
from rehab.services import assessments, baselines, insights, logs, patients, program_reviews, programs, self_management
from rehab.services import today as todays
from rehab.services.errors import Conflict, ExercisePaused, Invalid, NotFound
from rehab.services.todays_page import todays_page
from rehab.web.deps import CHECKED, UoW
from rehab.web.pages import clinic_timeline as timeline
from rehab.web.pages import patient_views as views
from rehab.web.pages import week_view as week
from rehab.web.pages.guards import FormChecked, PatientActor
from rehab.web.pages.rendering import form_problems, page, see_other, today

router = APIRouter(prefix="/me", include_in_schema=False, dependencies=CHECKED)

SCORES = tuple(range(11))
# Today says why the plan changed after a program review for two weeks; My progress keeps saying it.
PLAN_CHANGE_DAYS = 14
# The diary's trigger boxes, in the patient's words.
TRIGGERS = {"activity": "A lot of activity", "stress": "Stress", "weather": "The weather", "work": "Work"}


def _day_choices(request: Request) -> list[tuple[str, str]]:
    """Today and the days an entry may still be added for (the clinic's late-entry limit)."""
    day = today(request)
    words = {0: "Today", 1: "Yesterday"}
    return [((day - timedelta(days=n)).isoformat(),
             words.get(n, (day - timedelta(days=n)).strftime("%A %-d %B")))
            for n in range(request.app.state.settings.late_entry_days + 1)]


def _chosen_day(request: Request, raw: str, problems: dict[str, str]) -> date:
    """The day the form is for: today when none is chosen. The service refuses a day too far back."""
    if not raw.strip():
        return today(request)
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        problems["date"] = "Choose the day from the list."
        return today(request)


def _program(uow, actor):
    try:
        return programs.get_program(uow, actor, actor.patient_id)
    except NotFound:
        return None


def _prescription(uow, actor, activity_id: str):
    """The activity in the patient's current program, or not found (never another patient's)."""
    program = _program(uow, actor)
    found = next((p for p in program.prescriptions if p.activity_id == activity_id), None) if program else None
    if found is None:
        raise NotFound(f"there is no {activity_id.replace('_', ' ')} in your program")
    return program, found


def _paused(request, actor, prescription, guidance, status_code=200):
    """The log page while a referral stops exercise: what to do instead, and no form."""
    return page(request, "me/log_paused.html", actor, prescription=prescription, guidance=guidance,
                status_code=status_code)


# ---- Today ----------------------------------------------------------------------------------------

@router.get("")
def today_page(request: Request, uow: UoW, actor: PatientActor):
    """Today: what to do today in one sentence, then today's session (the exercises still to do
    first, in the order to do them) and the daily activity at the doses today's guidance gives
    (none, and nothing to log, while a referral stops exercise); the rest of the week folded below;
    or the maintenance plan after discharge. One use case reads the records (services.todays_page)."""
    day = today(request)
    found = todays_page(uow, actor, actor.patient_id, day)
    me, program, guidance = found.patient, found.program, found.guidance
    todays_cards, others, rest_of_week, adjustable = [], [], [], set()
    today_session = None
    if program is not None:
        library = packaged_library()
        cards = {c.activity_id: c for c in views.cards(program, found.sessions_this_week, day, library, guidance,
                                                            keeps_level=me.status == "maintenance")}
        days = week.week_ahead(program, library, day)
        rank = week.session_rank(program, library)
        # Today's session, and anything else done today (a session moved from another day).
        shown = [a for a in week.in_order(list(cards), rank) if a in days[0].activity_ids or cards[a].done_today]
        todays_cards = [cards[a] for a in shown if not cards[a].done_today] + [cards[a] for a in shown if cards[a].done_today]
        others = [cards[a] for a in week.in_order(list(cards), rank) if a not in shown]
        names = {a: c.name for a, c in cards.items()}
        rest_of_week = [(d, [names[a] for a in d.activity_ids if a in names]) for d in days[1:]]
        today_session = days[0].session
        adjustable = found.adjustable
    changed = found.plan_change
    if changed is not None and (day - changed.changed_at.date()).days > PLAN_CHANGE_DAYS:
        changed = None
    return page(request, "me/today.html", actor, me=me, program=program, day=day, guidance=guidance, plan_change=changed,
                adjustable=adjustable, today_session=today_session,
                exercises=[c for c in todays_cards if not c.quota], quotas=[c for c in todays_cards if c.quota],
                others=others, rest_of_week=rest_of_week, times=views.times,
                maintenance=views.maintenance(program, me), flare_id=uuid.uuid4(),
                exposure_activity=next((p.activity_id for p in program.prescriptions
                                        if p.strategy.value == "graded_exposure"), None) if program else None,
                holds=views.held_advice(program), heart=views.heart_safety(program),
                effort_cap=views.effort_cap(program), start_line=views.pending_start_line(program))


# ---- Log a session --------------------------------------------------------------------------------

def _log_form(request, actor, program, prescription, *, given=None, problems=None, status_code=200):
    dose = views.current_dose(prescription)
    dimensions = [(d, views.DIMENSION_LABELS[d]) for d in views.DIMENSION_LABELS if d in dose and d != "level"]
    typed = {f"dose_{d}": _shown(d, dose[d]) for d, _ in dimensions}
    given = {"id": str(uuid.uuid4()), "amount": "prescribed", **typed, **(given or {})}
    return page(request, "me/log.html", actor, prescription=prescription, dose_text=views.dose_text(dose),
                dimensions=dimensions, given=given, problems=problems or {}, scores=SCORES, status_code=status_code,
                day_choices=_day_choices(request))


def _shown(dimension: str, value: float) -> str:
    """A dose value as the form shows it (time in minutes)."""
    if dimension == "duration_s":
        value = value / 60
    return f"{value:g}"


@router.get("/log/{activity_id}")
def log_form(request: Request, uow: UoW, actor: PatientActor, activity_id: str):
    program, prescription = _prescription(uow, actor, activity_id)
    guidance = todays.todays_guidance(uow, actor, actor.patient_id, today(request))
    if not guidance.logging_allowed:
        return _paused(request, actor, prescription, guidance)
    return _log_form(request, actor, program, prescription)


def _score(text: str, field: str, problems: dict, required: bool, what: str) -> float | None:
    if not text.strip():
        if required:
            problems[field] = f"Choose {what} from 0 to 10."
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 10:
        problems[field] = f"Choose {what} from 0 to 10."
        return None
    return value


def _completed(dose: dict, amount: str, typed: dict[str, str], problems: dict,
               direction_unchecked: bool = False) -> dict | None:
    """What was done: the prescribed dose, or the numbers typed for less or more."""
    if amount == "prescribed":
        return dict(dose)
    if amount not in ("less", "more"):
        problems["amount"] = "Choose how much you did."
        return None
    done = {}
    for dimension in dose:
        if dimension == "level":
            done[dimension] = dose[dimension]
            continue
        field = f"dose_{dimension}"
        text = typed.get(field, "").strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            problems[field] = "Enter a number, for example 8."
            continue
        if value < 0:
            problems[field] = "Enter 0 or more."
            continue
        if dimension == "duration_s":
            value = round(value * 60)
        elif dimension in ("sets", "reps", "steps"):
            if not value.is_integer():
                problems[field] = "Enter a whole number, for example 8."
                continue
            value = int(value)
        done[dimension] = value
    if problems:
        return None
    if amount == "less" and direction_unchecked:  # the engine's rule says what is wrong with the numbers
        return done
    lower = any(done[d] < dose[d] for d in dose)
    higher = any(done[d] > dose[d] for d in dose)
    if amount == "less" and (higher or not lower):
        problems["amount"] = "You chose less, but the numbers are not less than your plan. Change the numbers below."
    elif amount == "more" and (lower or not higher):
        problems["amount"] = "You chose more, but the numbers are not more than your plan. Change the numbers below."
    return None if problems else done


@router.post("/log/{activity_id}", dependencies=[FormChecked])
def log_session(request: Request, uow: UoW, actor: PatientActor, activity_id: str,
                id: Annotated[str, Form()] = "", amount: Annotated[str, Form()] = "prescribed",
                pain_during: Annotated[str, Form()] = "", rpe: Annotated[str, Form()] = "",
                dose_sets: Annotated[str, Form()] = "", dose_reps: Annotated[str, Form()] = "",
                dose_load_kg: Annotated[str, Form()] = "", dose_duration_s: Annotated[str, Form()] = "",
                dose_distance_m: Annotated[str, Form()] = "", dose_steps: Annotated[str, Form()] = "",
                date: Annotated[str, Form()] = ""):
    program, prescription = _prescription(uow, actor, activity_id)
    typed = {"dose_sets": dose_sets, "dose_reps": dose_reps, "dose_load_kg": dose_load_kg,
             "dose_duration_s": dose_duration_s, "dose_distance_m": dose_distance_m, "dose_steps": dose_steps}
    given = {"id": id, "amount": amount, "pain_during": pain_during, "rpe": rpe, "date": date,
             **{k: v for k, v in typed.items() if v}}
    problems: dict[str, str] = {}
    done_on = _chosen_day(request, date, problems)
    completed = _completed(views.current_dose(prescription), amount, typed, problems)
    pain = _score(pain_during, "pain_during", problems, True, "your pain")
    effort = _score(rpe, "rpe", problems, False, "how hard it felt")
    if not problems:
        try:
            entry = SessionLogIn(id=id, activity_id=activity_id, date=done_on, completed=completed,
                                 pain_during=pain, rpe=effort)
            logs.log_session(uow, actor, actor.patient_id, entry)
        except ValidationError as error:
            problems = _form_problems(error)
        except ExercisePaused:
            guidance = todays.todays_guidance(uow, actor, actor.patient_id, today(request))
            return _paused(request, actor, prescription, guidance, status_code=409)
        except Invalid as error:
            problems = {"date" if error.field == "date" else "form": error.message}
        else:
            return see_other(f"/me/log/{activity_id}/done?log={entry.id}")
    return _log_form(request, actor, program, prescription, given=given, problems=problems, status_code=422)


def _form_problems(error: ValidationError) -> dict[str, str]:
    """Pydantic's problems moved onto the form's fields ('completed.reps' is the field dose_reps);
    a broken hidden field means the page is out of date."""
    out = {}
    for name, message in form_problems(error).items():
        if name.startswith("completed."):
            out.setdefault(f"dose_{name.removeprefix('completed.')}", f"Check this number: it {message}.")
        elif name in ("pain_during", "rpe"):
            out.setdefault(name, "Choose a number from 0 to 10.")
        else:
            out.setdefault("form", "This form is out of date. Please go back to Today and open it again.")
    return out


@router.get("/log/{activity_id}/done")
def log_done(request: Request, uow: UoW, actor: PatientActor, activity_id: str, log: uuid.UUID | None = None):
    """After logging: what happens next, from the check-in that ran."""
    _, prescription = _prescription(uow, actor, activity_id)
    if log is None:
        return see_other(f"/me/log/{activity_id}")
    result = logs.log_result(uow, actor, actor.patient_id, log)
    if result.session is None or result.session.activity_id != activity_id:
        raise NotFound(f"no session {log}")
    decisions = [d for d in result.decisions if d.activity_id == activity_id]
    return page(request, "me/log_done.html", actor, prescription=prescription, session=result.session,
                done_text=views.dose_text(result.session.completed), decisions=decisions,
                dose_text=views.dose_text, advice=result.advice)


# ---- Change today's session within the agreed bounds ----------------------------------------------

ADJUST_KINDS = {"easier": "An easier step", "harder": "A harder step", "shorten": "A shorter session",
                "move": "Move it to another day", "swap": "Swap it for another activity"}


def _agreed(uow, actor, activity_id: str):
    found = next((b for b in self_management.agreed_bounds(uow, actor, actor.patient_id)
                  if b.activity_id == activity_id and b.bounds is not None), None)
    if found is None:
        raise NotFound(f"you have not agreed changes to {activity_id.replace('_', ' ')} with your clinician")
    return found


def _kinds(bounds) -> list[tuple[str, str]]:
    """The changes agreed for this activity, in plain words (nothing else is offered)."""
    agreed = {"easier": bounds.easier_steps > 0, "harder": bounds.harder_steps > 0,
              "shorten": bounds.shortest is not None, "move": bounds.move_within_days > 0,
              "swap": bool(bounds.alternatives)}
    return [(kind, words) for kind, words in ADJUST_KINDS.items() if agreed[kind]]


def _adjust_form(request, uow, actor, prescription, agreed, *, given=None, problems=None, status_code=200):
    dose = views.current_dose(prescription)
    dimensions = [(d, views.DIMENSION_LABELS[d]) for d in views.DIMENSION_LABELS if d in dose and d != "level"]
    names = _names(_program(uow, actor))
    given = {"id": str(uuid.uuid4()), **{f"dose_{d}": _shown(d, dose[d]) for d, _ in dimensions}, **(given or {})}
    return page(request, "me/adjust.html", actor, prescription=prescription, dose_text=views.dose_text(dose),
                kinds=_kinds(agreed.bounds), dimensions=dimensions, day=today(request),
                alternatives=[(a, names.get(a, a.replace("_", " "))) for a in agreed.bounds.alternatives],
                given=given, problems=problems or {}, status_code=status_code)


@router.get("/adjust/{activity_id}")
def adjust_form(request: Request, uow: UoW, actor: PatientActor, activity_id: str):
    """Change today's session within what the patient agreed with their clinician."""
    _, prescription = _prescription(uow, actor, activity_id)
    agreed = _agreed(uow, actor, activity_id)
    guidance = todays.todays_guidance(uow, actor, actor.patient_id, today(request))
    if not guidance.logging_allowed:
        return _paused(request, actor, prescription, guidance)
    return _adjust_form(request, uow, actor, prescription, agreed)


@router.post("/adjust/{activity_id}", dependencies=[FormChecked])
def adjust(request: Request, uow: UoW, actor: PatientActor, activity_id: str, id: Annotated[str, Form()] = "",
           kind: Annotated[str, Form()] = "", moved_to: Annotated[str, Form()] = "",
           alternative: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
           dose_sets: Annotated[str, Form()] = "", dose_reps: Annotated[str, Form()] = "",
           dose_load_kg: Annotated[str, Form()] = "", dose_duration_s: Annotated[str, Form()] = "",
           dose_distance_m: Annotated[str, Form()] = "", dose_steps: Annotated[str, Form()] = ""):
    """The change is checked by the engine's rule; a refused one says why and stores nothing."""
    _, prescription = _prescription(uow, actor, activity_id)
    agreed = _agreed(uow, actor, activity_id)
    typed = {"dose_sets": dose_sets, "dose_reps": dose_reps, "dose_load_kg": dose_load_kg,
             "dose_duration_s": dose_duration_s, "dose_distance_m": dose_distance_m, "dose_steps": dose_steps}
    given = {"id": id, "kind": kind, "moved_to": moved_to, "alternative": alternative, "reason": reason,
             **{k: v for k, v in typed.items() if v}}
    problems: dict[str, str] = {}
    if kind not in dict(_kinds(agreed.bounds)):
        problems["kind"] = "Choose one of the changes listed."
    fields: dict = {"reason": reason.strip() or None}
    if kind in ("easier", "harder", "shorten"):
        fields["dose"] = _completed(views.current_dose(prescription), "less", typed, problems, direction_unchecked=True)
    elif kind == "move":
        fields["moved_to"] = moved_to or None
        if not moved_to:
            problems["moved_to"] = "Choose the day you want to move it to."
    elif kind == "swap":
        fields["alternative"] = alternative or None
    if not problems:
        try:
            change = SelfAdjustmentIn(id=id, activity_id=activity_id, date=today(request), kind=kind, **fields)
            result = self_management.adjust(uow, actor, actor.patient_id, change)
        except ValidationError as error:
            problems = {name.split(".")[0]: "Please check this answer." for name in form_problems(error)}
            problems.setdefault("form", "Please check the answers marked below.")
        except ExercisePaused:
            guidance = todays.todays_guidance(uow, actor, actor.patient_id, today(request))
            return _paused(request, actor, prescription, guidance, status_code=409)
        except Invalid as error:
            problems = {"form": error.message}
        except Conflict:
            problems = {"form": "This form was already sent with other answers. Please open it again."}
        else:
            return see_other(f"/me?notice={quote_plus(result.adjustment.answer)}")
    return _adjust_form(request, uow, actor, prescription, agreed, given=given, problems=problems, status_code=422)


# ---- Diary ----------------------------------------------------------------------------------------

def _diary_page(request, uow, actor, *, given=None, problems=None, status_code=200):
    day = today(request)
    entries = logs.list_diary(uow, actor, actor.patient_id, since=day - timedelta(days=13))
    given = {"id": str(uuid.uuid4()), "morning_id": str(uuid.uuid4()), **(given or {})}
    return page(request, "me/diary.html", actor, entries=list(reversed(entries)), given=given,
                problems=problems or {}, scores=SCORES, day=day, triggers=TRIGGERS, status_code=status_code,
                day_choices=_day_choices(request))


@router.get("/diary")
def diary(request: Request, uow: UoW, actor: PatientActor):
    return _diary_page(request, uow, actor)


@router.post("/diary", dependencies=[FormChecked])
def diary_entry(request: Request, uow: UoW, actor: PatientActor, id: Annotated[str, Form()] = "",
                morning_id: Annotated[str, Form()] = "", pain: Annotated[str, Form()] = "",
                pain_next_morning: Annotated[str, Form()] = "", sleep_hours: Annotated[str, Form()] = "",
                mood: Annotated[str, Form()] = "", stress: Annotated[str, Form()] = "",
                note: Annotated[str, Form()] = "", tags: Annotated[list[str] | None, Form()] = None,
                date: Annotated[str, Form()] = ""):
    """Today's entry (pain now, sleep, mood, stress, what they did) and this morning's pain on
    waking, asked on today's form and stored against yesterday (the contract's ``pain_next_morning``
    of the day before: the morning after yesterday's sessions). Both in one transaction: a refused
    form stores nothing."""
    given = {"id": id, "morning_id": morning_id, "pain": pain, "pain_next_morning": pain_next_morning,
             "sleep_hours": sleep_hours, "mood": mood, "stress": stress, "note": note, "tags": tags or [], "date": date}
    problems: dict[str, str] = {}
    day = _chosen_day(request, date, problems)  # today, or a day the person forgot (a late entry)
    now = {"pain": _score(pain, "pain", problems, False, "your pain"),
           "mood": _score(mood, "mood", problems, False, "your mood"),
           "stress": _score(stress, "stress", problems, False, "your stress")}
    morning = _score(pain_next_morning, "pain_next_morning", problems, False, "your pain on waking")
    if sleep_hours.strip():
        try:
            now["sleep_hours"] = float(sleep_hours.replace(",", "."))
        except ValueError:
            problems["sleep_hours"] = "Enter the hours you slept as a number, for example 6.5."
        else:
            if not 0 <= now["sleep_hours"] <= 24:
                problems["sleep_hours"] = "Enter the hours you slept, from 0 to 24."
    if note.strip():
        if len(note) > 2000:
            problems["note"] = f"Please keep this under 2,000 characters (it has {len(note):,})."
        now["note"] = note.strip()
    if tags:
        if set(tags) - set(TRIGGER_TAGS):
            problems["tags"] = "This form is out of date. Please open the diary again."
        now["tags"] = sorted(set(tags) & set(TRIGGER_TAGS))
    now = {k: v for k, v in now.items() if v is not None}
    if not problems and not now and morning is None:
        problems["form"] = "Fill in at least one thing before you save."
    entries = []
    if not problems:
        try:
            if now:
                entries.append(DiaryEntryIn(id=id, date=day, **now))
            if morning is not None:
                entries.append(DiaryEntryIn(id=morning_id, date=day - timedelta(days=1), pain_next_morning=morning))
        except ValidationError:  # every answer is checked above: only the hidden ids are left
            problems = {"form": "This form is out of date. Please open the diary again."}
    status = 422
    if not problems:
        try:  # both entries in one transaction: a refused request writes nothing
            logs.log_diary_entries(uow, actor, actor.patient_id, entries)
        except Invalid as error:
            problems = {"date" if error.field == "date" else "form": error.message}
        except Conflict:  # an id of this form was used before with other answers: nothing is stored
            problems, status = {"form": "This form was already saved with other answers. Please open the diary again."}, 409
        else:
            notice = "Saved. Your plan is checked against your diary in a moment; Today shows any change."
            return see_other(f"/me/diary?notice={quote_plus(notice)}")
    return _diary_page(request, uow, actor, given=given, problems=problems, status_code=status)


# ---- Flare ----------------------------------------------------------------------------------------

def _names(program) -> dict[str, str]:
    return {p.activity_id: p.name for p in program.prescriptions} if program else {}


@router.get("/flare")
def flare(request: Request, uow: UoW, actor: PatientActor, entry: uuid.UUID | None = None):
    """The one-tap flare button, the person's own flare plan, and (once declared, or while a flare
    is in progress) the doses for now, the same as Today's, and the steps back. While a referral
    stops exercise, the flare plan waits for the clinician."""
    day = today(request)
    program = _program(uow, actor)
    recorded = None
    if entry is not None:
        recorded = logs.log_result(uow, actor, actor.patient_id, entry)
        if recorded.diary_entry is None or not recorded.diary_entry.flare_declared:
            raise NotFound(f"no flare {entry}")
        decisions = recorded.decisions
    else:
        latest = logs.latest_decisions(uow, actor, actor.patient_id, day)
        decisions = [latest[a].decision for a in _names(program) if a in latest and latest[a].decision.flare_episode]
    guidance = todays.todays_guidance(uow, actor, actor.patient_id, day)
    doses_shown = not guidance.exercise_stopped and any(guidance.dose_of(d.activity_id) for d in decisions)
    return page(request, "me/flare.html", actor, recorded=recorded, decisions=decisions, names=_names(program),
                guidance=guidance,
                steps=views.flare_steps(program, packaged_library(), doses_shown), dose_text=views.dose_text,
                flare_id=uuid.uuid4(), has_program=program is not None)


@router.post("/flare", dependencies=[FormChecked])
def declare_flare(request: Request, uow: UoW, actor: PatientActor, id: Annotated[str, Form()] = ""):
    try:
        flare_in = FlareIn(id=id, date=today(request))
    except ValidationError:
        return see_other("/me/flare?notice=" + quote_plus("That button was out of date. Please press it again."))
    logs.declare_flare(uow, actor, actor.patient_id, flare_in)
    return see_other(f"/me/flare?entry={flare_in.id}")


# ---- When to get help ----------------------------------------------------------------------------

# Each tier of red flags, with what to do.
TIERS = (
    (Urgency.EMERGENCY, "Call for an ambulance now, or go to an emergency department, if you have:"),
    (Urgency.URGENT, "Contact your clinic or a doctor today if you have:"),
    (Urgency.ROUTINE, "Tell your clinician at your next contact if you have:"),
)
SYMPTOMS = (("new_neuro_symptoms", "New numbness, tingling or weakness, or any that is getting worse"),
            ("unexplained_swelling", "New swelling that you cannot explain"))
# For a pregnant person the same two symptoms, but the swelling box asks only for swelling in one place: swelling
# of the face, hands or feet is a sign of pre-eclampsia (maternity unit now) and a swollen calf a possible clot
# (her midwife today), both her pregnancy signs above. A box nearest Send offering "new swelling" to her routed
# puffy hands to "review before any progression" (a physiotherapist's re-check, 2026-12-03j, finding 2; H23).
PREGNANCY_SYMPTOMS = (SYMPTOMS[0],
                      ("unexplained_swelling", "New swelling in one place, such as a joint, that you cannot explain"))
PREGNANCY_SWELLING_NOTE = ("Swelling of your face, hands, feet or calf is a pregnancy sign. Tick it above, "
                           "and call as the red box says.")


def _emergency_first(flags) -> tuple:
    return tuple(sorted(flags.values(), key=lambda f: f.urgency is not Urgency.EMERGENCY))


# The signs a person whose program gave them can send, the emergency ones first, with what to do first,
# said above the signs to tick: sending is in addition to calling, never instead of it. Heart disease
# (hazard H54): the heart's ambulance signs; pregnancy (hazard H23): the maternity unit's "now" signs.
# Each: (condition, signs, what to do, whether a Send button follows its signs).
# Pregnancy's list is long (15 signs) and her page is read on a phone: what to do is said once, in the red
# box above her ticks, with the route of the other signs, and the card with her effort cap is not shown on
# this page (it is on Today, where she exercises); a Send button follows her signs, so she need not scroll
# past the spinal signs to send one (a physiotherapist's re-check, 2026-12-03j, finding 12). The heart
# page keeps its card and its one Send button.
# Said in short paragraphs, not one block of bold text on a small screen.
PREGNANCY_WHAT_TO_DO = ("Stop exercising if you notice any of these.", MATERNITY_NOW_WORDS,
                        "Do that first. Sending this form does not call for help.",
                        "For the other signs, contact your midwife or doctor today.")
CONDITION_SIGNS = {
    "heart": ("heart condition", _emergency_first(CONDITION_FLAGS["heart"]),
              (f"{HEART_AMBULANCE} Do that first. Sending this form does not call for help.",), False),
    "pregnancy": ("pregnancy", _emergency_first(CONDITION_FLAGS["pregnancy"]), PREGNANCY_WHAT_TO_DO, True),
}


def _help_page(request, uow, actor, *, answered=None, ticked=(), nothing_ticked=False, problem="",
               status_code=200):
    """The red flags everyone has, and, for a person whose program gave them (heart disease,
    pregnancy), the signs to stop exercising and get help, which they can tick and send like the red
    flags."""
    tiers = [(urgency.value, heading, [f for f in RED_FLAGS.values() if f.urgency is urgency]) for urgency, heading in TIERS]
    heart = views.heart_safety(_program(uow, actor))
    maternity = bool(answered) and maternity_now(answered.result.get("flags") or ())
    kinds = views.conditions_with_signs(heart)
    pregnant = "pregnancy" in kinds
    # The card "Because of your ...: stop and get help" is not shown when her pregnancy signs are all the
    # page offers to send: their red box says what to do (said once: review 2026-12-03j, finding 12).
    card = heart is not None and kinds != ["pregnancy"]
    return page(request, "me/help.html", actor, tiers=tiers, answered=answered,
                symptoms=PREGNANCY_SYMPTOMS if pregnant else SYMPTOMS,
                symptoms_note=PREGNANCY_SWELLING_NOTE if pregnant else "",
                ticked=set(ticked), nothing_ticked=nothing_ticked, problem=problem, status_code=status_code,
                heart=heart, card=card, condition_signs=[CONDITION_SIGNS[kind] for kind in kinds],
                maternity=maternity, form_id=uuid.uuid4())


@router.get("/help")
def seek_help(request: Request, uow: UoW, actor: PatientActor, answered: uuid.UUID | None = None):
    result = None
    if answered is not None:
        try:
            result = patients.get_screening(uow, actor, actor.patient_id, answered)
        except NotFound:
            raise NotFound(f"no answers {answered}") from None
    return _help_page(request, uow, actor, answered=result)


@router.post("/help", dependencies=[FormChecked])
def answer_red_flags(request: Request, uow: UoW, actor: PatientActor,
                     sign: Annotated[list[str] | None, Form()] = None, id: Annotated[str, Form()] = ""):
    """Signs ticked (the red flags, new symptoms and, for heart disease, the heart signs) are
    recorded at once in one transaction through the same path as a clinician's screening: the
    clinic is alerted, the check-ins rerun (nothing progresses past a referral) and the advice
    shown. Nothing ticked records nothing: an all-clear from the app must not stand in for a
    clinician's screening. A sign not on the page, or a malformed form id, is refused (422) with
    the ticks kept and nothing stored; the form's id makes a retry store nothing new."""
    signs = list(sign or [])
    known = set(ALL_FLAGS) | set(dict(SYMPTOMS))
    ticked = [s for s in signs if s in known]
    try:
        form_id = uuid.UUID(id) if id.strip() else None
    except ValueError:
        form_id = None
        signs.append("")  # a malformed id: refused below like an unknown sign
    if len(ticked) != len(signs):
        return _help_page(request, uow, actor, ticked=ticked, status_code=422, problem=(
            "Nothing was sent: the form was out of date. Check your ticks and press Send again."))
    if not ticked:
        return _help_page(request, uow, actor, nothing_ticked=True)
    screening = RedFlagScreeningIn(id=form_id, taken_on=today(request),
                                   red_flags=[s for s in ticked if s in ALL_FLAGS],
                                   new_neuro_symptoms="new_neuro_symptoms" in ticked,
                                   unexplained_swelling="unexplained_swelling" in ticked)
    try:
        out, _ = patients.record_red_flags(uow, actor, actor.patient_id, screening)
    except Conflict:
        return _help_page(request, uow, actor, ticked=ticked, status_code=409, problem=(
            "This form was already sent with other ticks. Nothing new was sent. Check your ticks and press Send again."))
    return see_other(f"/me/help?answered={out.id}")


# ---- My progress ----------------------------------------------------------------------------------

@router.get("/progress")
def progress(request: Request, uow: UoW, actor: PatientActor):
    """The last weeks the page draws (views.SHOWN_WEEKS) and the days of the anchored baseline are
    read, not the whole diary: a person two years in reads as much as one two months in. Sessions
    are counted, and read for the same weeks (this week's, the streak)."""
    day = today(request)
    program = _program(uow, actor)
    goals = assessments.list_goals(uow, actor, actor.patient_id)
    limits = timeline.patient_limits(program.prescriptions if program else [])
    anchor = baselines.baseline_anchor(uow, actor, actor.patient_id, limits)
    shown_from = day - timedelta(weeks=views.SHOWN_WEEKS)
    diary_entries = logs.list_diary(uow, actor, actor.patient_id, since=shown_from,
                                    also=(anchor.first, anchor.last) if anchor is not None else None)
    sessions = logs.list_sessions(uow, actor, actor.patient_id, since=shown_from)
    session_count = logs.count_sessions(uow, actor, actor.patient_id)
    scores = assessments.list_assessments(uow, actor, actor.patient_id)
    pain = views.pain_picture(diary_entries, day, [e.date for e in diary_entries if e.flare_declared], limits, anchor)
    return page(request, "me/progress.html", actor, goals=views.goal_views(goals), pain=pain,
                plan_change=program_reviews.plan_change(uow, actor, actor.patient_id),
                insights=insights.diary_insights(uow, actor, actor.patient_id, day),
                scores=views.score_lines(scores, day),
                wins=views.small_wins(program, [e for e in diary_entries if e.date >= shown_from], sessions, goals,
                                      pain, day, session_count=session_count))


# ---- Learn ----------------------------------------------------------------------------------------

def _lessons(request, uow, actor):
    me = patients.get_patient(uow, actor, actor.patient_id)
    return views.lessons(_program(uow, actor), me, today(request), packaged_library())


@router.get("/learn")
def learn(request: Request, uow: UoW, actor: PatientActor):
    week, lessons = _lessons(request, uow, actor)
    return page(request, "me/learn.html", actor, week=week, due=[x for x in lessons if x.due],
                coming=[x for x in lessons if not x.due])


@router.get("/learn/{module_id}")
def lesson(request: Request, uow: UoW, actor: PatientActor, module_id: str):
    week, lessons = _lessons(request, uow, actor)
    found = next((x for x in lessons if x.module.id == module_id), None)
    if found is None:
        raise NotFound("there is no such lesson in your program")
    heart = views.heart_safety(_program(uow, actor)) if module_id == "when_to_seek_help" else None
    return page(request, "me/lesson.html", actor, lesson=found, week=week, heart=heart)
