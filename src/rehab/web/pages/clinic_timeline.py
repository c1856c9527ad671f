"""The patient page's timeline, drawn from what the services return: pain against the person's own
baseline band, function scores, adherence and dose per activity, with flares and decisions marked.

The baseline comes from :mod:`rehab.core.engine.monitoring` (the same code the check-in uses), so the band
on the chart is the yardstick the engine judged by. Nothing here reads the database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from rehab.contracts.checkin import LimitsIn
from rehab.contracts.instruments import ScoreOut
from rehab.contracts.records import (
    AssessmentOut,
    DiaryEntryOut,
    PrescriptionOut,
    ProgramVersionOut,
    SessionLogOut,
    StoredDecision,
)
from rehab.core.engine.monitoring import PersonalBaseline, baseline_of_diary, diary_series
from rehab.core.models import BaselineAnchor, DiaryEntry, Limits
from rehab.web.pages.charts import Band, Marker, Series, data_table, enough_to_draw, timeline

# Decisions worth a line on the chart when an activity turns to them (a hold or an advance shows
# in the dose itself; a flare is marked once, where its episode starts).
MARKED = {"regress": "Regressed", "refer": "Referred", "reformulate": "Reformulate"}


@dataclass(frozen=True)
class Chart:
    """A chart of the timeline; ``svg`` is None while there are values on one day at most (the
    page then says there are not enough entries yet, above the table of what there is)."""

    heading: str
    svg: Markup | None
    table: Markup
    note: str = ""


def _drawn(series: Sequence[Series], svg) -> Markup | None:
    """The chart, when its series have values on two days or more (``svg`` draws it)."""
    return svg() if enough_to_draw(series) else None


def effective_kind(stored: StoredDecision) -> str:
    """What was decided in the end: the clinician's decision where there is one."""
    return (stored.override.decision if stored.override else stored.decision.decision).value


def patient_limits(program_prescriptions: Sequence[PrescriptionOut]) -> Limits:
    """The patient's thresholds as set on the program (the first activity's; defaults without a program)."""
    for prescription in program_prescriptions:
        return LimitsIn.model_validate(prescription.limits).to_core()
    return Limits()


def baseline_of(diary: Sequence[DiaryEntryOut], today: date, limits: Limits,
                anchor: BaselineAnchor | None) -> PersonalBaseline | None:
    """The person's usual pain, the same for the clinician's timeline, the patient's progress page
    and the check-in: their anchored baseline (``services.baselines.anchor_of``), their thresholds,
    and the noise of the last weeks (the diary must reach back to the anchor's first day)."""
    return baseline_of_diary(core_diary(diary), today, limits, anchor)


def core_diary(diary: Sequence[DiaryEntryOut]) -> list[DiaryEntry]:
    return [DiaryEntry(e.date, e.pain, e.pain_next_morning, e.sleep_hours, e.mood, e.stress, e.flare_declared)
            for e in diary]


def markers(decisions: Sequence[StoredDecision], diary: Sequence[DiaryEntryOut], names: dict[str, str],
            activity_id: str | None = None) -> list[Marker]:
    """Flares where they start, decisions where an activity turns to a regression, referral or
    reformulation, and every clinician's decision; for one activity or for all."""
    out: list[Marker] = []
    previous: dict[str, str] = {}
    flare_starts: set[date] = set()
    for stored in decisions:
        decision = stored.decision
        if activity_id is not None and decision.activity_id != activity_id:
            continue
        kind = effective_kind(stored)
        name = names.get(decision.activity_id, decision.activity_id)
        if decision.flare_episode is not None and decision.flare_episode.started not in flare_starts:
            flare_starts.add(decision.flare_episode.started)
            out.append(Marker(decision.flare_episode.started, f"Flare started ({name})", "flare"))  # its first raised day (H06)
        if stored.override is not None:
            out.append(Marker(decision.date, f"Clinician: {stored.override.decision.value} ({name})"))
        elif kind in MARKED and previous.get(decision.activity_id) != kind:
            out.append(Marker(decision.date, f"{MARKED[kind]} ({name})"))
        previous[decision.activity_id] = kind
    if activity_id is None:
        out += [Marker(e.date, "Flare declared by the patient", "flare") for e in diary
                if e.flare_declared and e.date not in flare_starts]
    return sorted(out, key=lambda m: m.on)


def phase_markers(versions: Sequence[ProgramVersionOut]) -> list[Marker]:
    """Each program version after the first marks a new phase: a swap, new limits, discharge."""
    return [Marker(v.created_at.date(), f"Program version {v.version}: {v.reason}", "phase")
            for v in versions if v.version > 1]


def pain_chart(diary: Sequence[DiaryEntryOut], decisions: Sequence[StoredDecision], baseline: PersonalBaseline | None,
               names: dict[str, str], start: date, end: date, phases: Sequence[Marker] = ()) -> Chart:
    series = diary_series(core_diary([e for e in diary if start <= e.date <= end]))
    lines = [Series("Pain (day)", list(zip(series.usual.days, series.usual.values, strict=True))),
             Series("Next morning", list(zip(series.morning.days, series.morning.values, strict=True)), kind="dots")]
    band = None
    note = "Not enough diary days yet for a personal baseline."
    if baseline is not None:
        band = Band(round(max(0.0, baseline.mean - baseline.noise_band), 1),
                    round(min(10.0, baseline.mean + baseline.noise_band), 1), "Usual range")
        note = (f"Usual range: {baseline.status} {baseline.kind} baseline {baseline.mean:.1f}/10 ± "
                f"{baseline.noise_band:.1f} (the day-to-day noise band, at most 2 points unless set), from "
                f"{baseline.days} diary days {baseline.first.isoformat()} to {baseline.last.isoformat()}. "
                "A day outside it is more than noise; the yardstick moves only when you re-baseline (§7.2).")
    return Chart("Pain", _drawn(lines, lambda: timeline(
                     "Pain, 0 to 10", lines, start=start, end=end, y_label="pain 0-10", band=band,
                     markers=sorted([*markers(decisions, diary, names), *phases], key=lambda m: m.on))),
                 data_table(lines, "Pain by day (mean of the day's entries)"), note)


def wellbeing_chart(diary: Sequence[DiaryEntryOut], start: date, end: date) -> Chart | None:
    """Sleep, mood and stress from the diary, with a mark on each day the person wrote a note: what
    the pain chart alone does not say (a bad night, a hard week at work). The notes themselves are
    in the diary list below the timeline."""
    kept = [e for e in diary if start <= e.date <= end]
    lines = [Series(label, _daily_mean([(e.date, getattr(e, field)) for e in kept if getattr(e, field) is not None]))
             for label, field in (("Sleep (hours)", "sleep_hours"), ("Mood (0 low to 10 good)", "mood"),
                                  ("Stress (0 none to 10 extreme)", "stress"))]
    lines = [line for line in lines if line.points]
    notes = [Marker(e.date, f"Note: {e.note[:60]}{'…' if len(e.note) > 60 else ''}", "note") for e in kept if e.note]
    if not lines and not notes:
        return None
    top = max([10.0] + [v for line in lines for _, v in line.points])
    return Chart("Sleep, mood and stress",
                 _drawn([*lines, Series("notes", [(m.on, 0) for m in notes])], lambda: timeline(
                     "Sleep, mood and stress from the diary", lines, start=start, end=end,
                     y_range=(0, round(top + 0.5)), y_label="hours or 0-10", markers=notes)),
                 data_table(lines, "Sleep, mood and stress by day (mean of the day's entries)"),
                 f"{len(notes)} day{'s' if len(notes) != 1 else ''} with a note (marked); the notes are in the diary list.")


def _daily_mean(points: list[tuple[date, float]]) -> list[tuple[date, float]]:
    by_day: dict[date, list[float]] = {}
    for day, value in points:
        by_day.setdefault(day, []).append(float(value))
    return [(day, round(sum(values) / len(values), 1)) for day, values in sorted(by_day.items())]


def function_chart(assessments: Sequence[AssessmentOut], start: date, end: date) -> Chart | None:
    """Each instrument as a share of its best possible score (100 = best), so scales of different
    ranges and directions share one chart; the raw scores are in the assessments table."""
    by_instrument: dict[str, list[tuple[date, float]]] = {}
    names: dict[str, str] = {}
    for one in assessments:
        share = best_share(one.score)
        if share is not None and start <= one.taken_on <= end:
            by_instrument.setdefault(one.instrument, []).append((one.taken_on, share))
            names[one.instrument] = one.instrument.upper()
    if not by_instrument:
        return None
    lines = [Series(names[i], points) for i, points in by_instrument.items()]
    return Chart("Function and outcome scores",
                 _drawn(lines, lambda: timeline("Outcome scores, % of the best possible", lines, start=start, end=end,
                                                y_range=(0, 100), y_label="% of best")),
                 data_table(lines, "Outcome scores as % of the best possible score"),
                 "100 % is the best possible score on each scale, whichever way the scale runs.")


def best_share(score: ScoreOut) -> float | None:
    if score.total is None:
        return None
    low, high = score.range
    if high == low:
        return None
    share = (float(score.total) - low) / (high - low) * 100
    return round(share if score.direction == "higher_is_better" else 100 - share, 1)


def adherence_chart(prescriptions: Sequence[PrescriptionOut], sessions: Sequence[SessionLogOut],
                    start: date, end: date) -> Chart | None:
    """Sessions logged each week as a share of the sessions prescribed, at most 100 %, with the
    count beside it in the table ("4 of 3": more than asked is still 100 %). A week the timeline
    starts or ends in expects its share of the week's sessions, rounded up: one day in, a session
    done is 1 of 1, never 233 %."""
    if not prescriptions:
        return None
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(days=7)
    lines = []
    for prescription in prescriptions:
        done = [s.date for s in sessions if s.activity_id == prescription.activity_id]
        points, notes = [], {}
        for week in weeks:
            first, last = max(week, start), min(week + timedelta(days=6), end)
            expected = math.ceil(round(prescription.sessions_per_week * ((last - first).days + 1) / 7, 6))
            if expected > 0:
                count = sum(1 for d in done if first <= d <= last)
                points.append((week, min(100, round(100 * count / expected))))
                notes[week] = f"{count} of {expected}"
        lines.append(Series(prescription.name, points, kind="dots", notes=notes))
    return Chart("Adherence", _drawn(lines, lambda: timeline(
                     "Sessions done, % of prescribed (at most 100), by week", lines, start=start, end=end,
                     y_range=(0, 100), y_label="% done")),
                 data_table(lines, "Sessions done as % of prescribed (done of prescribed), week starting"),
                 "Each point is one week (from Monday): sessions logged as a share of sessions prescribed, "
                 "at most 100 %; the table gives the counts.")


def volume(dose: dict | None) -> tuple[str, float] | None:
    """One number for a dose, in the activity's own unit: minutes, total reps, metres, steps or level."""
    if not dose:
        return None
    sets = dose.get("sets") or 1
    if dose.get("duration_s") is not None:
        return "minutes", round(sets * dose["duration_s"] / 60, 1)
    if dose.get("reps") is not None:
        return "reps in total", float(sets * dose["reps"])
    for key, unit in (("distance_m", "metres"), ("steps", "steps"), ("level", "level"), ("load_kg", "kg")):
        if dose.get(key) is not None:
            return unit, float(dose[key])
    return None


def dose_chart(prescription: PrescriptionOut, decisions: Sequence[StoredDecision], sessions: Sequence[SessionLogOut],
               diary: Sequence[DiaryEntryOut], start: date, end: date) -> Chart | None:
    unit = volume(prescription.current_dose or prescription.starting_dose)
    if unit is None:
        return None
    prescribed, done = [], []
    for stored in decisions:
        if stored.decision.activity_id != prescription.activity_id:
            continue
        dose = stored.override.next_dose if stored.override and stored.override.next_dose else stored.decision.next_dose
        measured = volume(dose)
        if measured is not None and measured[0] == unit[0]:
            prescribed.append((stored.decision.date, measured[1]))
    for log in sessions:
        measured = volume(log.completed) if log.activity_id == prescription.activity_id else None
        if measured is not None and measured[0] == unit[0]:
            done.append((log.date, measured[1]))
    lines = [Series("Prescribed next", _last_per_day(prescribed)), Series("Done", done, kind="dots")]
    top = max([1.0] + [v for s in lines for _, v in s.points])
    return Chart(f"Dose: {prescription.name}",
                 _drawn(lines, lambda: timeline(
                     f"{prescription.name}: dose in {unit[0]}", lines, start=start, end=end,
                     y_range=(0, round(top * 1.15 + 0.5)), y_label=unit[0],
                     markers=markers(decisions, diary, {prescription.activity_id: prescription.name},
                                     prescription.activity_id))),
                 data_table(lines, f"{prescription.name}: {unit[0]} prescribed after each check-in, and done"))


def _last_per_day(points: list[tuple[date, float]]) -> list[tuple[date, float]]:
    return sorted({day: value for day, value in points}.items())
