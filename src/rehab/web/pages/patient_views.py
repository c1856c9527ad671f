"""What the patient's pages show, worked out from their own records: exercise cards with the
library's steps and cues, the lessons due by week, the flare plan in words, goals, charts and
small wins. Plain functions over the services' outputs (no database, no request), so each is
tested without a server."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from rehab.contracts.instruments import ScoreOut
from rehab.contracts.records import (
    DiaryEntryOut,
    GoalOut,
    PatientOut,
    ProgramVersionOut,
    SessionLogOut,
)
from rehab.core.engine.monitoring import autocorrelation, diary_series, weekly_change
from rehab.core.engine.safety import CONDITION_FLAGS
from rehab.core.engine.today import TodaysGuidance
from rehab.core.models import BaselineAnchor, Limits, Strategy
from rehab.core.planning.calendar import MODULES_PER_WEEK
from rehab.core.planning.comorbidities import HEART_DISEASE, PREGNANCY, gates_start, start_line
from rehab.core.planning.library import STANDING_BALANCE, EducationModule, Library
from rehab.core.planning.maintenance import steps_shown
from rehab.core.planning.home import steps_when_held
from rehab.services.todays_page import week_start
from rehab.web.pages import charts, week_view
from rehab.web.pages.clinic_timeline import baseline_of, core_diary
from rehab.web.pages.rendering import dose_in_words

# Dose dimensions a patient can type on the log form, in the order they are asked; time is asked
# in minutes (people count exercise time in minutes, the engine in seconds).
DIMENSION_LABELS = {"sets": "Sets", "reps": "Repetitions", "load_kg": "Weight (kg)", "duration_s": "Minutes",
                    "distance_m": "Distance (metres)", "steps": "Steps", "level": "Level"}


def dose_text(dose: dict | None, none: str = "no exercise for now") -> str:
    """A dose in a patient's words: without the ladder level, which the exercise card says as
    "version 2 of 4" instead."""
    return dose_in_words(dose, none, level=False)


def current_dose(prescription) -> dict:
    return dict(prescription.current_dose or prescription.starting_dose)


# ---- Today ----------------------------------------------------------------------------------------

@dataclass
class Card:
    """One exercise or daily activity as the patient sees it today."""

    activity_id: str
    name: str
    dose: dict
    dose_text: str
    quota: bool  # a daily activity paced by a quota (time-contingent)
    per_week: float
    steps: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    how: str = ""
    tips: tuple[str, ...] = ()
    done_today: int = 0
    done_this_week: int = 0
    on_flare_plan: bool = False
    version: str = ""  # which version of the exercise (its rung on the ladder), in words
    support: str = ""  # what to hold, when the planner kept balance work supported

    @property
    def how_often(self) -> str:
        return week_view.times_a_week(self.per_week)


def times(count: int) -> str:
    """'once', 'twice', '3 times'."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def version_words(level: int, rungs: int) -> str:
    """The ladder level as a patient reads it."""
    if rungs <= 1:
        return ""
    later = "This is the hardest version." if level >= rungs else "Your plan moves you on when your sessions and diary show you are ready."
    return f"Version {level} of {rungs}. {later}"


def _planned_ladder(document: dict, activity_id: str) -> list[str]:
    """The ladder the planner gave this activity (easiest first), when the program was planned."""
    for phase in (document.get("planned") or {}).get("phases", []):
        for planned in phase.get("prescriptions", []):
            if planned.get("id") == activity_id and planned.get("ladder"):
                return list(planned["ladder"])
    return []


def planned_support(document: dict, activity_id: str) -> str:
    """What the planner told the person to hold on this balance exercise ('Hold the kitchen worktop
    with one hand from the start...'), or "" when balance work was not kept supported."""
    for phase in (document.get("planned") or {}).get("phases", []):
        for planned in phase.get("prescriptions", []):
            if planned.get("support") and activity_id in (planned.get("id"), *planned.get("ladder", [])):
                return planned["support"]
    return ""


def library_entry(library: Library, document: dict, activity_id: str, dose: dict):
    """The library's exercise (on the rung the dose's level names) or daily activity, or None."""
    ladder = _planned_ladder(document, activity_id)
    level = dose.get("level")
    if ladder and level is not None and 1 <= int(level) <= len(ladder):
        rung = ladder[int(level) - 1]
        if rung in library.exercises:
            return library.exercises[rung]
    return library.exercises.get(activity_id) or library.activities.get(activity_id)


def cards(program: ProgramVersionOut, sessions: Iterable[SessionLogOut], today: date, library: Library,
          guidance: TodaysGuidance, keeps_level: bool = False) -> list[Card]:
    """The cards of the activities today's guidance shows, at the doses it gives (none while a
    referral stops exercise), only those due today by the program's usual week (all of them for a
    program saved without one): the page adds the library's steps and the sessions done.
    ``keeps_level``: the patient is in maintenance, so no step asks for more (as in the printed plan)."""
    done_today: dict[str, int] = {}
    done_week: dict[str, int] = {}
    monday = week_start(today)
    for s in sessions:
        if s.date == today:
            done_today[s.activity_id] = done_today.get(s.activity_id, 0) + 1
        if monday <= s.date <= today:
            done_week[s.activity_id] = done_week.get(s.activity_id, 0) + 1
    out = []
    for p in program.prescriptions:
        shown = guidance.dose_of(p.activity_id)
        if shown is None or not guidance.is_due(p.activity_id):  # another day's session
            continue
        dose = shown.dose.as_dict()
        entry = library_entry(library, program.document, p.activity_id, dose)
        is_activity = entry is not None and entry.id in library.activities
        card = Card(activity_id=p.activity_id, name=p.name, dose=dose, dose_text=shown.dose_text,
                    quota=p.strategy is Strategy.TIME_CONTINGENT or is_activity, per_week=p.sessions_per_week,
                    done_today=done_today.get(p.activity_id, 0), done_this_week=done_week.get(p.activity_id, 0),
                    on_flare_plan=shown.on_flare_plan)
        if entry is not None and is_activity:
            card.how, card.tips = entry.how, entry.tips
        elif entry is not None:
            card.cues = entry.cues
            card.name = entry.name if entry.id != p.activity_id else p.name  # the rung the level names
            if STANDING_BALANCE in entry.involves:
                card.support = planned_support(program.document, p.activity_id)
            # The printed plan's steps: none asks for more in maintenance, none says to let go beside
            # a Support line, and they name its support (re-check 2026-12-03h, D).
            card.steps = tuple(steps_shown(entry.steps, keeps_level, card.support))
            # Nor a cue (review 2026-12-03j, finding 4: "Fingertips only when you can").
            if card.support:
                card.cues = tuple(steps_when_held(entry.cues, card.support))
        ladder = _planned_ladder(program.document, p.activity_id)
        if ladder and dose.get("level") is not None:
            card.version = version_words(int(dose["level"]), len(ladder))
        out.append(card)
    return out


def held_advice(program: ProgramVersionOut | None) -> list[str]:
    """What the person should do before the exercises held for a clearance (plain words, from the
    planner): e.g. see a doctor about blood pressure. Nothing once the program was planned without holds."""
    if program is None:
        return []
    return [h["advice"] for h in (program.document.get("planned") or {}).get("holds", []) if h.get("advice")]


def pending_start_line(program: ProgramVersionOut | None) -> str:
    """While a clearance the planner asked for is pending, the program's start line as the plan
    says it ("Your program starts once your clinician has checked your heart..."), so Today never
    says "Here is what to do today" above "Before you start, your clinician will check..."
    (review 2026-12-03c, case c). "" without a pending hold."""
    planned = ((program.document or {}).get("planned") or {}) if program is not None else {}
    pending = [h.get("clearance", "") for h in planned.get("holds", [])
               if gates_start(h.get("clearance", ""), h.get("cautions", ()))]
    if not pending or not planned.get("start"):
        return ""
    return start_line(date.fromisoformat(planned["start"]), pending)


def effort_cap(program: ProgramVersionOut | None) -> str:
    """How hard any exercise may feel, when the planner capped it (uncontrolled blood pressure before
    its clearance, H21; heart disease, H54, is said with its signs by :func:`heart_safety`): where she
    exercises, not only in the plan (a physiotherapist's review, 2026-12-03c, found a cap that was only
    on another page). "" without a cap."""
    planned = ((program.document or {}).get("planned") or {}) if program is not None else {}
    return planned.get("effort_cap") or ""


def heart_safety(program: ProgramVersionOut | None) -> dict | None:
    """How hard to work and the signs to stop and get help, when the planner gave them (heart
    disease): {"effort_cap": str, "condition": str, "signs": [str], "what_to_do": str}. None when
    the program was planned without them, so the 'When to get help' page keeps only the red flags."""
    planned = ((program.document or {}).get("planned") or {}) if program is not None else {}
    signs = planned.get("stop_signs")
    if not signs:
        return None
    return {"effort_cap": planned.get("effort_cap") or "", **signs}


# The signs each comorbidity's stop signs (``StopSigns.kinds``) let the person send: CONDITION_FLAGS' keys.
SIGNS_OF_KIND = {HEART_DISEASE: "heart", PREGNANCY: "pregnancy"}


def conditions_with_signs(signs: dict | None) -> list[str]:
    """Which conditions' signs the program gave (a key of CONDITION_FLAGS for each of its stop signs'
    ``kinds``: heart disease, pregnancy, or both): only those are offered to tick and send, and asked
    on the clinician's forms. Decided by the kinds, never by the plain words of the heading: a
    pregnancy was once offered the heart signs under "Because of your pregnancy", which reached the
    clinician as "possible worsening heart failure" (a physiotherapist's re-check, 2026-12-03e).
    Only a program planned before the signs named their kinds is read by its words."""
    if not signs:
        return []
    kinds = signs.get("kinds")
    if kinds is None:  # planned before the kinds were kept: its condition's words tell
        condition = signs.get("condition", "")
        return [kind for kind in CONDITION_FLAGS if kind in condition]
    given = {SIGNS_OF_KIND[kind] for kind in kinds if kind in SIGNS_OF_KIND}
    return [kind for kind in CONDITION_FLAGS if kind in given]


def maintenance(program: ProgramVersionOut | None, patient: PatientOut) -> dict | None:
    if patient.status != "maintenance" or program is None:
        return None
    plan = program.document.get("maintenance")
    if not plan:
        return None
    return {"discharged_on": date.fromisoformat(plan["discharged_on"]),
            "reassessment_dates": [date.fromisoformat(d) for d in plan.get("reassessment_dates", [])],
            "re_entry_triggers": list(plan.get("re_entry_triggers", []))}


# ---- flare plan -----------------------------------------------------------------------------------

@dataclass
class FlareSteps:
    """The patient's own flare plan in words: what to do, and when to call the clinic."""

    what_to_do: list[str]
    contact_clinic_if: list[str]
    source: str  # "clinician" (written for this patient) or "library" (the flare plan lesson)


# The flare plan lesson is written to be read before a flare; the flare page is opened during one.
# Its lines that only make sense beforehand are said for someone who may be in a flare now
# (reviewer's finding 11): no "write your plan while you feel well", and never "cut to about half"
# beside doses the engine has already cut (§5 step 5: one cut, not two).
_WRITE_IT_NOW = "Write your plan now"
_CUT_TO_HALF = "Then cut your exercise and activity to about half"
NOTHING_TO_WRITE = "You do not need to plan anything now. Just follow these steps."
ALREADY_CUT = "The amounts shown above are already cut back for your flare. Do not cut them again."
CUT_FOR_YOU = "When you press the button, your amounts are cut back for you. Do not cut them again yourself."


def _for_flare_day(line: str, doses_shown: bool, has_program: bool) -> str:
    if line.startswith(_WRITE_IT_NOW):
        return NOTHING_TO_WRITE
    if line.startswith(_CUT_TO_HALF) and (doses_shown or has_program):
        rest = line.split(". ", 1)[1] if ". " in line else ""
        cut = ALREADY_CUT if doses_shown else CUT_FOR_YOU
        return f"{cut} Keep moving. {rest}".strip()
    return line


def flare_steps(program: ProgramVersionOut | None, library: Library, doses_shown: bool = False) -> FlareSteps:
    """The steps for a flare day: the clinician's, else the lesson's said for someone in a flare now
    (``doses_shown``: the page shows doses the flare has already reduced)."""
    written = (program.document.get("flare_plan") if program else None) or {}
    if written.get("what_to_do") or written.get("contact_clinic_if"):
        return FlareSteps(list(written.get("what_to_do", [])), list(written.get("contact_clinic_if", [])), "clinician")
    module = library.education.get("flare_plan")
    if module is None:
        return FlareSteps([], [], "library")
    call = [line for line in module.body if "clinician" in line.lower() or "clinic" in line.lower()]
    steps = [_for_flare_day(line, doses_shown, program is not None) for line in module.body if line not in call]
    return FlareSteps(steps, call, "library")


# ---- Learn ----------------------------------------------------------------------------------------

@dataclass
class Lesson:
    module: EducationModule
    week: int
    due: bool
    reason: str = ""


def program_week(start: date, today: date) -> int:
    """Week 1 is the first seven days."""
    return max((today - start).days // 7 + 1, 1)


def lessons(program: ProgramVersionOut | None, patient: PatientOut, today: date, library: Library) -> tuple[int, list[Lesson]]:
    """The education modules with the week each is due: the planner's schedule when the program has
    one; otherwise the library's order, a few a week from enrolment (modules meant only for some
    people, e.g. those in work, wait for the clinician to schedule them)."""
    planned = (program.document.get("planned") if program else None) or {}
    start = date.fromisoformat(planned["start"]) if planned.get("start") else patient.enrolled_on
    week = program_week(start, today)
    out: list[Lesson] = []
    if planned.get("education"):
        for item in planned["education"]:
            module = library.education.get(item["module"])
            if module is not None:
                out.append(Lesson(module, item["week"], item["week"] <= week, item.get("reason", "")))
    else:
        general = [m for m in library.education.values() if not m.only_if]
        for index, module in enumerate(sorted(general, key=lambda m: m.order)):
            due_week = index // MODULES_PER_WEEK + 1
            out.append(Lesson(module, due_week, due_week <= week))
    if patient.status == "maintenance":
        for lesson in out:
            lesson.due = True
    return week, sorted(out, key=lambda lesson: (lesson.week, lesson.module.order))


# ---- My progress ----------------------------------------------------------------------------------

GAS_ORDER = ("2", "1", "0", "-1", "-2")
# The weeks of diary the progress page draws and reads (with the anchored baseline's own days):
# the chart's twelve weeks (pain_picture). A logging streak is counted within them, so "84 days
# in a row" is the most it says, which is still true of a longer streak.
SHOWN_WEEKS = 12
# Charts drawn for a phone: text stays readable when the chart is shrunk to a 360 px screen.
PHONE_CHART = (420, 260)


@dataclass
class GoalView:
    goal: GoalOut
    levels: list[tuple[int, str, bool]]  # (level, what it looks like, is it where they are now), best first
    reached: bool


def goal_views(goals: Iterable[GoalOut]) -> list[GoalView]:
    out = []
    for g in goals:
        if g.status == "dropped":
            continue
        levels = [(int(k), g.gas_levels.get(k, ""), int(k) == g.gas_level) for k in GAS_ORDER]
        out.append(GoalView(g, levels, g.gas_level >= 0 or g.status == "achieved"))
    return out


@dataclass
class PainPicture:
    chart: Markup | None
    table: Markup | None
    usual: tuple[float, float] | None  # the band of their usual pain
    this_week: float | None
    change: str | None  # plain words on the last week against their usual
    trend: str | None = None  # "usual", "lower" or "higher": the same finding, for the small wins


def pain_picture(entries: Sequence[DiaryEntryOut], today: date, flares: Sequence[date] = (),
                 limits: Limits | None = None, anchor: BaselineAnchor | None = None) -> PainPicture:
    """Pain and next-morning pain over the last 12 weeks against the person's own usual range
    (the same baseline the clinician's timeline draws: :func:`clinic_timeline.baseline_of`)."""
    series = diary_series(core_diary(entries))
    if not series.usual.days and not series.morning.days:
        return PainPicture(None, None, None, None, None)
    limits = limits or Limits()
    baseline = baseline_of(entries, today, limits, anchor)
    band = None
    usual = None
    if baseline is not None:
        low, high = max(baseline.mean - baseline.noise_band, 0), min(baseline.mean + baseline.noise_band, 10)
        usual = (round(low, 1), round(high, 1))
        band = charts.Band(usual[0], usual[1], "Usual range")
    start = max(min(series.usual.days[:1] + series.morning.days[:1]), today - timedelta(weeks=SHOWN_WEEKS))
    pain = charts.Series("Day pain", [(d, round(v, 1)) for d, v in zip(*series.usual.window(start, today))])
    morning = charts.Series("On waking", [(d, round(v, 1)) for d, v in zip(*series.morning.window(start, today))])
    shown = [s for s in (pain, morning) if s.points]
    markers = [charts.Marker(d, "You said: flare", "flare") for d in sorted(set(flares)) if start <= d <= today]
    chart = charts.timeline("Your pain, 0 to 10", shown, start=start, end=today, y_range=(0, 10),
                            y_label="Pain 0-10", band=band, markers=markers, width=PHONE_CHART[0],
                            height=PHONE_CHART[1]) if charts.enough_to_draw(shown) else None
    _, recent = series.usual.window(today - timedelta(days=limits.recent_days - 1), today)
    this_week = round(sum(recent) / len(recent), 1) if recent else None
    change = trend = None
    if baseline is not None:
        weekly = weekly_change(series.usual, baseline, today, limits, autocorrelation(baseline.noise) if baseline.noise else None)
        if weekly is not None:
            change = _change_words(weekly.reliable, weekly.important, weekly.difference)
            trend = "usual" if not weekly.reliable else "lower" if weekly.difference < 0 else "higher"
    return PainPicture(chart, charts.data_table(shown, "Your pain by day"), usual, this_week, change, trend)


def _change_words(reliable: bool, important: bool, difference: float) -> str:
    if not reliable:
        return "This week your pain has been within your usual range."
    if difference < 0:
        return ("This week your pain has been clearly lower than usual." if important
                else "This week your pain has been a little lower than usual.")
    return ("This week your pain has been clearly higher than usual. If it stays like this, tell your clinic."
            if important else "This week your pain has been a little higher than usual.")


@dataclass
class ScoreLine:
    name: str
    first: ScoreOut
    latest: ScoreOut
    taken: list[tuple[date, float]]
    words: str
    chart: Markup | None = None
    table: Markup | None = None


def score_lines(assessments: Sequence, today: date) -> list[ScoreLine]:
    """Each questionnaire or test on record: first and latest score and what the change means."""
    by_instrument: dict[str, list] = {}
    for a in assessments:
        if a.score.total is not None:
            by_instrument.setdefault(a.instrument, []).append(a)
    out = []
    for items in by_instrument.values():
        first, latest = items[0].score, items[-1].score
        points = [(a.taken_on, float(a.score.total)) for a in items]
        better = "higher" if latest.direction == "higher_is_better" else "lower"
        if len(items) == 1:
            words = f"Measured once so far. On this one, {better} is better."
        elif latest.change is not None and latest.change.verdict == "better":
            words = "Better than last time, by more than measuring error."
        elif latest.change is not None and latest.change.verdict == "worse":
            words = "Worse than last time. Your clinician will talk it through with you."
        else:
            words = "About the same as last time."
        line = ScoreLine(latest.name, first, latest, points, words)
        if len(points) > 1:
            low, high = latest.range
            series = [charts.Series(latest.name, points)]
            line.chart = charts.timeline(f"{latest.name} over time ({better} is better)", series,
                                         start=points[0][0], end=max(points[-1][0], today), y_range=(low, high),
                                         y_label=latest.unit or "score", width=PHONE_CHART[0],
                                         height=PHONE_CHART[1])
            line.table = charts.data_table(series, f"{latest.name}: your scores")
        out.append(line)
    return out


@dataclass
class Win:
    title: str
    detail: str


def logging_streak(diary: Iterable[DiaryEntryOut], sessions: Iterable[SessionLogOut], today: date) -> int:
    """Days in a row, ending today (or yesterday, when today is not logged yet), with any entry."""
    days = {e.date for e in diary} | {s.date for s in sessions}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _grown(start: dict, now: dict) -> bool:
    keys = set(start) & set(now)
    return any(now[k] > start[k] for k in keys) and all(now[k] >= start[k] for k in keys)


def small_wins(program: ProgramVersionOut | None, diary: Sequence[DiaryEntryOut], sessions: Sequence[SessionLogOut],
               goals: Sequence[GoalOut], pain: PainPicture, today: date, session_count: int | None = None) -> list[Win]:
    """Things to be pleased about, each from the records (nothing is said that is not there).
    ``diary`` and ``sessions`` may be the last weeks only, with ``session_count`` all sessions."""
    wins = []
    if program is not None:
        for p in program.prescriptions:
            if p.current_dose and _grown(p.starting_dose, p.current_dose):
                wins.append(Win(f"{p.name}: you have built up",
                                f"From {dose_text(p.starting_dose)} at the start to {dose_text(p.current_dose)} now."))
    streak = logging_streak(diary, sessions, today)
    if streak >= 3:
        wins.append(Win(f"{streak} days in a row", "You have logged something every day. Keeping track helps your plan fit you."))
    count = len(sessions) if session_count is None else session_count
    if count:
        week = sum(1 for s in sessions if s.date >= week_start(today))
        wins.append(Win(f"{count} session{'s' * (count != 1)} logged",
                        (f"{week} of them this week." if count > 1 else "It was this week.") if week else
                        "Every session counts, even short ones."))
    for g in goals:
        if g.status == "achieved" or g.gas_level >= 0:
            wins.append(Win("Goal reached", g.words))
    if pain.trend == "lower":
        wins.append(Win("Less pain this week", pain.change))
    settled = [e.date for e in diary if e.flare_declared]
    if settled and pain.trend == "usual" and settled[-1] < today - timedelta(days=7):
        wins.append(Win("Through a flare", "Your pain is back in your usual range after your last flare."))
    return wins

