"""A program written out for the person it belongs to (``rehab plan --text``)."""

from __future__ import annotations

import re

from rehab.core.models import Dose
from rehab.core.planning.goals import describe
from rehab.core.planning.library import Library
from rehab.core.planning.maintenance import HELP_MODULE, steps_shown
from rehab.core.planning.home import steps_when_held
from rehab.core.planning.program import Phase, Prescription, Program
from rehab.core.planning.quotas import quota_rule


# A line of the 'When to get help' module about carrying on with the plan ("Keep going with your plan."),
# untrue while every exercise waits.
ABOUT_THE_PLAN = re.compile(r"\b(?:plan|program)\b", re.IGNORECASE)


def plain_dose(dose: Dose, load_in_each: str | None = None) -> str:
    """'2 sets of 10, 4 kg', '15 min', '1 set of 20 s'; '2 kg in each bag' when two bags share the
    load (``Exercise.load_in_each``: load_kg is the total)."""
    values = {d: v for d, v in dose.items() if d != "level"}
    sets, parts = values.pop("sets", None), []
    if sets is not None and "reps" in values:
        reps = values.pop("reps")
        parts.append(f"{sets:g} set{'s' * (sets != 1)} of {reps:g}")
    elif sets is not None:
        parts.append(f"{sets:g} set{'s' * (sets != 1)}")
    for d, v in values.items():
        if d == "load_kg" and load_in_each is not None:
            parts.append(f"{describe(d, v / 2)} in each {load_in_each}")
        else:
            parts.append(describe(d, v))
    return ", ".join(parts)


def dose_line(p: Prescription, load_in_each: str | None = None) -> str:
    """'2 sets of 5, building to 3 sets of 8', or 'keep to 3 sets of 5' when the phase holds the
    dose: never 'building to' the same dose."""
    start, target = plain_dose(p.dose, load_in_each), plain_dose(p.target, load_in_each)
    return f"keep to {start}" if start == target else f"{start}, building to {target}"


def sentence(text: str) -> str:
    """A reason as a sentence of its own: capital first, full stop last."""
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _item(p: Prescription, library: Library, keeps_level: bool = False) -> list[str]:
    when = f"{p.sessions_per_week} times a week" + (f", session {p.session}" if p.session else ", across the day")
    exercise = library.exercises.get(p.activity_id)
    lines = [f"  - {p.name}: {dose_line(p, exercise.load_in_each if exercise else None)} ({when})"]
    # A daily amount's rule (what pauses a rise: with an effort cap, effort above it too; H21, H54) is a
    # safety rule for the person, not one reason among others: it has a line of its own, never cut
    # by the first three reasons (a physiotherapist's check, 2026-12-03g, finding 7: June and Ray).
    rule = quota_rule(p.effort_limit) if p.session is None else None
    why = [r for r in p.reasons if r != rule]
    lines.append("    Why: " + " ".join(sentence(r) for r in why[:3]))
    if rule is not None and rule in p.reasons:
        lines.append(f"    Pace: {rule}")
    if exercise is not None:
        # Maintenance keeps the level reached: no "add a little each week" (re-check 2026-12-03e, finding 8).
        # The Support line says to hold on: no step says not to (re-check 2026-12-03h, D).
        steps = steps_shown(exercise.steps, keeps_level, p.support)
        lines.append(f"    How: {' '.join(steps)}")
        if p.support:
            lines.append(f"    Support: {p.support}")
        # Nor a cue ("Fingertips only when you can": review 2026-12-03j, finding 4).
        cues = steps_when_held(exercise.cues, p.support) if p.support else list(exercise.cues)
        if cues:
            lines.append(f"    Think: {' '.join(cues)}")
    activity = library.activities.get(p.activity_id)
    if activity is not None:
        lines.append(f"    How: {activity.how}")
    return lines


def _phase(phase: Phase, library: Library) -> list[str]:
    length = f"weeks {phase.first_week} to {phase.first_week + phase.weeks - 1}" if phase.weeks else f"from week {phase.first_week}"
    lines = ["", f"{phase.name.upper()}: {length}, from {phase.start:%-d %B %Y}", phase.purpose, "Your week:"]
    # One day a line: a list of seven days in one line reads as one long sentence.
    lines += [f"  {d.day}: session {d.session}, {d.minutes:.0f} min" if d.session else f"  {d.day}: rest" for d in phase.week]
    for p in phase.prescriptions:
        lines += _item(p, library, keeps_level=phase.weeks is None)
    lines.append("Moving on when:")
    lines += [f"  * {c}" for c in phase.progression_criteria]
    if phase.checkpoint:
        lines.append(f"Check-up: week {phase.checkpoint.week}, on {phase.checkpoint.date:%-d %B %Y}")
    return lines


def _help_section(program: Program, library: Library) -> list[str]:
    """While every exercise waits (H55): the signs that need help, from the 'When to get help' module
    (its lines about going on with the plan left out: there is none yet), and a condition's own signs."""
    lines = ["", "WHEN TO GET HELP"]
    module = library.education.get(HELP_MODULE)
    if module is not None:
        lines += [f"  - {line}" for line in module.body if not ABOUT_THE_PLAN.search(line)]
    if program.stop_signs is not None:
        lines.append(f"  Because of your {program.stop_signs.condition}, get help for these signs too:")
        lines += [f"  - {sign}" for sign in program.stop_signs.signs]
        lines.append(f"  {program.stop_signs.what_to_do}")
    return lines


def _holds(program: Program) -> list[str]:
    return ["", "BEFORE YOU START", *(f"  - {hold.advice}" for hold in program.holds)]


def _goals(program: Program) -> list[str]:
    lines = ["", "YOUR GOALS"]
    for g in program.goals:
        lines += [f"  - \"{g.words}\"", f"    Success: {g.success}", f"    {g.note}"]
    return lines


def program_text(program: Program, library: Library) -> str:
    if program.held_all:
        # Every exercise waits for a doctor (H55): no phases of rest days, rules, check-ups or reasons for a
        # plan not yet made; what to do now, the goals that wait, and when to get help (re-check 2026-12-03e,
        # finding 4).
        return "\n".join([program.start_line, *_holds(program), *_goals(program), *_help_section(program, library)])
    lines = [program.start_line]
    if program.holds:
        lines += _holds(program)
    if program.effort_cap or program.stop_signs is not None:
        lines += ["", "HOW HARD TO WORK, AND WHEN TO STOP"]
        if program.effort_cap:
            lines.append(f"  {program.effort_cap}")
        if program.stop_signs is not None:
            lines.append(f"  Because of your {program.stop_signs.condition}, watch for these signs:")
            lines += [f"  - {sign}" for sign in program.stop_signs.signs]
            lines.append(f"  {program.stop_signs.what_to_do}")
    lines += _goals(program)
    for phase in program.phases:
        lines += _phase(phase, library)
    lines += ["", "THINGS TO READ"]
    lines += [f"  - Week {e.week}: {e.title}" for e in program.education]
    lines += ["", "CHECK-UPS"]
    lines += [f"  - Week {c.week}, on {c.date:%-d %B %Y}: {c.decides}" for c in program.checkpoints]
    lines += ["", "COME BACK IN TOUCH IF"]
    lines += [f"  - {t}" for t in program.reentry_triggers]
    lines += ["", "WHY YOUR PROGRAM LOOKS LIKE THIS"]
    lines += [f"  - {d}" for d in program.decisions]
    if program.likes_kept or program.dislikes_kept:
        lines += ["", "IN YOUR OWN WORDS (talk these over with your clinician)"]
        lines += [f"  - You like: {w}" for w in program.likes_kept]
        lines += [f"  - You would rather not: {w}" for w in program.dislikes_kept]
    if program.left_out:
        lines += ["", "LEFT OUT"]
        lines += [f"  - {item}" for item in program.left_out]
    return "\n".join(lines)
