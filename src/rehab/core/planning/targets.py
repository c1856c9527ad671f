"""How the program reaches toward each goal, and roughly when it gets there.

For a goal whose task the program practises itself, the week it should be reached is projected
with the check-in engine's own dose arithmetic: one advance moves one dimension (reps, then sets,
then load; time and distance by about 10%), exercises advance after two sessions at the target
(clinical reference §3.1, §3.5) and daily quotas once a week (§3.4). It is an estimate to plan and
talk with, checked at every checkpoint; when it falls after the target date the program says so,
so the date or the target can be changed together.
"""

from __future__ import annotations

import math
from dataclasses import replace

from rehab.core.engine.increments import advanced
from rehab.core.models import Dose, Limits, Strategy
from rehab.core.planning.calendar import Stage, week_of
from rehab.core.planning.comorbidities import (
    BLOOD_PRESSURE,
    CERVICAL_ARTERIAL_SCREEN,
    GRIP_CAP_SOURCE,
    HEART_CONDITION_STABLE,
    PREGNANCY_CLEARED,
    grip_cap_kg,
    held_kg,
    measured_fall_risk,
)
from rehab.core.planning.dosing import at_least
from rehab.core.planning.goals import Goal, describe
from rehab.core.planning.intake import Intake
from rehab.core.planning.pregnancy_lifting import RATIONALE as AFTER_BIRTH_RATIONALE
from rehab.core.planning.pregnancy_lifting import goal_note, goals_after_birth, pregnant
from rehab.core.planning.program import GoalPath, Phase, Prescription

# Safety stop for the projection: no goal task needs more advances than this.
_MAX_ADVANCES = 500

# What a goal's task waits for when a hold keeps it out, in the person's words: "It waits for your
# neck check", not "it does not fit your kit, your health limits, your likes or your time" (a
# physiotherapist's review, 2026-12-03d, finding 14).
WAITS_FOR = {
    BLOOD_PRESSURE: "It waits for your doctor to check your blood pressure.",
    CERVICAL_ARTERIAL_SCREEN: "It waits for your neck check.",
    HEART_CONDITION_STABLE: "It waits for your clinician to check that your heart condition is stable.",
    PREGNANCY_CLEARED: "It waits for your midwife or doctor to say it is safe.",
}
# While pregnant, her blood pressure is checked by her midwife or doctor, as the plan's own blood pressure
# words say (comorbidities.pregnancy_early_bp_advice; hazard H55): never "your doctor" alone.
PREGNANT_WAITS_FOR = {**WAITS_FOR, BLOOD_PRESSURE: "It waits for your midwife or doctor to check your blood pressure."}


def waits_for(clearance: str, intake: Intake) -> str:
    """What a held goal task waits for, in the person's words."""
    return (PREGNANT_WAITS_FOR if pregnant(intake) else WAITS_FOR)[clearance]


def advances_needed(prescription: Prescription, target: Dose) -> int | None:
    """How many engine advances take the prescription's dose to ``target`` (None if it never does)."""
    activity = prescription.to_activity()
    dose = activity.dose
    for count in range(_MAX_ADVANCES):
        if dose.covers(target):
            return count
        step = advanced(dose, activity.increments, activity.progression_order)
        if step is None:
            return None
        dose = step[0]
    return None


def advances_per_week(prescription: Prescription) -> float:
    """How many engine advances a week the planned pace allows: a quota's weekly raise, or an
    exercise's two sessions at the target (clinical reference §3.1, §3.4, §3.5)."""
    limits = Limits()
    if prescription.strategy is Strategy.TIME_CONTINGENT and prescription.kind == "daily_activity":
        return 7 / limits.quota_raise_every_days
    return prescription.sessions_per_week / limits.sessions_to_advance


def weeks_for(prescription: Prescription, advances: int) -> int:
    return math.ceil(advances / advances_per_week(prescription)) if advances else 0


def reached_in(prescription: Prescription, weeks: int) -> Dose:
    """The dose the engine's own arithmetic reaches from the prescription's start in ``weeks`` at
    the planned pace, never beyond its target: what a phase can really build to, and what the
    next phase (and maintenance) starts from."""
    activity = prescription.to_activity()
    dose = activity.dose
    for _ in range(math.floor(weeks * advances_per_week(prescription) + 1e-9)):
        step = advanced(dose, activity.increments, activity.progression_order)
        if step is None:
            break
        dose = step[0]
    return prescription.target.with_values(**{d: v for d, v in dose.items() if d != "level"})


def _practice(goal: Goal, phases: list[Phase]) -> tuple[Phase, Prescription] | None:
    for phase in phases:
        for p in phase.prescriptions:
            if p.activity_id == goal.task.activity and phase.name != "maintenance":
                return phase, p
    return None


def moved_up(goal: Goal, phases: list[Phase]) -> tuple[Phase, Prescription] | None:
    """The function phase's prescription for the goal when it practises the task one or more rungs
    up its ladder, because the goal's load is above the task's own usual range (two 3 kg bags on
    'carry two light bags', 2 kg a bag at most: the builder's ``_rung_holding_goal_load``), or None.
    The goal is then projected from there: the rung that can hold its load (review 2026-12-03e, row 7)."""
    function = next((ph for ph in phases if ph.name == "function"), None)
    if function is None or any(p.activity_id == goal.task.activity for p in function.prescriptions):
        return None
    for p in function.prescriptions:
        if (goal.id in p.goals and goal.task.activity in p.ladder and p.activity_id in p.ladder
                and p.ladder.index(p.activity_id) > p.ladder.index(goal.task.activity)):
            return function, p
    return None


def _reached_words(dose: Dose, wanted: Dose, two_handed: bool) -> str:
    """The goal's own amounts in ``dose``, in words: '2 kg in each hand, 90 m'."""
    words = []
    for dimension, _ in wanted.items():
        value = dose.get(dimension)
        if value is None:
            continue
        if dimension == "load_kg" and two_handed:
            words.append(f"{value / 2:g} kg in each hand")
        else:
            words.append(describe(dimension, value))
    return ", ".join(words)


def goal_paths(intake: Intake, phases: list[Phase], stages: list[Stage],
               grip_loaded: frozenset[str] = frozenset(), two_handed: frozenset[str] = frozenset(),
               held_all: str = "", waiting: dict[str, str] | None = None,
               held_by: str = "a doctor", hands_full: frozenset[str] = frozenset(),
               one_hand_carries: frozenset[str] = frozenset()) -> list[GoalPath]:
    """Each goal's path, projected week and note. ``grip_loaded``: the activities that carry or hold
    a weight in the hands (tag ``grip_loading``), whose goals are told the grip cap; ``two_handed``:
    those whose load is shared by two bags or hands (``load_in_each``), where the cap is compared with
    half the load. ``held_all``: every exercise waits (a blood pressure in the crisis range, H55).
    ``waiting``: goal tasks kept out only by a hold, with the clearance each waits for. ``held_by``: who
    checks the blood pressure that holds every exercise (the maternity unit in pregnancy).
    ``hands_full``: tasks left out because they leave both hands full while walking or turning (a
    measured fall risk, H25); ``one_hand_carries``: the carries done with one hand free, which practise
    such a goal meanwhile."""
    waiting = waiting or {}
    function = next(s for s in stages if s.name == "function")
    after_birth = goals_after_birth(intake)
    paths = []
    for goal in sorted(intake.goals, key=lambda g: g.priority):
        by_phase = {ph.name: tuple(p.activity_id for p in ph.prescriptions if goal.id in p.goals) for ph in phases}
        target_week = week_of(intake.today, goal.target_date)
        if held_all:
            paths.append(GoalPath(
                goal=goal.id, words=goal.words, icf=goal.icf, success=goal.task.success, by_phase=by_phase,
                projected_week=None, target_week=target_week, on_track=False,
                note=(f"Work toward this goal waits until {held_by} has checked your blood pressure. "
                      "Then we make your plan again."),
                rationale=f"Goal {goal.id}: no projection while every exercise is held (hazard H55).",
            ))
            continue
        if goal.id in after_birth:
            # Pregnancy: no projected week, no "we score your progress at each check-up" for a lift the
            # plan itself would leave out; the goal waits for the re-plan after the birth (H23).
            paths.append(GoalPath(
                goal=goal.id, words=goal.words, icf=goal.icf, success=f"{goal.task.success}, after the birth",
                by_phase=by_phase, projected_week=None, target_week=target_week, on_track=False, note=goal_note(intake),
                rationale=f"Goal {goal.id}: {AFTER_BIRTH_RATIONALE}.",
            ))
            continue
        practice = _practice(goal, phases)
        moved = moved_up(goal, phases) if practice is not None else None
        first = practice
        if moved is not None:
            practice = moved
        projected = None
        if practice is not None:
            phase, prescription = practice
            wanted = Dose(**{d: v for d, v in goal.task.target.items() if prescription.dose.get(d) is not None})
            toward_goal = replace(prescription, target=at_least(prescription.target.with_values(**wanted.as_dict()), prescription.dose))
            advances = advances_needed(toward_goal, wanted) if wanted.items() else None
            if advances is not None:
                projected = phase.first_week + weeks_for(prescription, advances)
        cap, wanted_load = grip_cap_kg(intake), goal.task.target.get("load_kg")
        # The cap is for one hand: a two-bag carry's load is shared (review 2026-12-03d, finding 7).
        shared = "each" if goal.task.activity in two_handed else None
        in_hand = held_kg(wanted_load, shared) if wanted_load is not None else None
        if cap is not None and in_hand is not None and in_hand > cap:
            # Hand osteoarthritis: the program never goes above the cap, so the goal is not reachable
            # within it; no projected week, no "on track" (reviewer's finding 7; EULAR 2018).
            needs = f"{in_hand:g} kg in each hand" if shared else f"{wanted_load:g} kg"
            paths.append(GoalPath(
                goal=goal.id, words=goal.words, icf=goal.icf, success=goal.task.success, by_phase=by_phase,
                projected_week=None, target_week=target_week, on_track=False,
                note=(f"This goal needs {needs}. That is more than your hands should hold now: "
                      f"{cap:g} kg {'in each hand ' if shared else ''}at most, set from your grip strength. "
                      "Your program stays within that. Please talk with your clinician about this goal."),
                rationale=(f"Goal {goal.id}: target load {wanted_load:g} kg{' (two bags: ' + f'{in_hand:g} kg a hand)' if shared else ''} "
                           f"is above the grip cap of {cap:g} kg (a third of measured grip); not reachable within the "
                           f"cap, so no projected week. Review the goal with the person ({GRIP_CAP_SOURCE})."),
            ))
            continue
        if projected is not None:
            on_track = projected <= target_week
            when = "before" if on_track else "after"
            # The exercise's own name, as on its card: "as carry two light bags" read wrongly (re-check
            # 2026-12-03e, finding 9).
            note = (f"You practise it with \"{prescription.name}\" from week {phase.first_week}. At the planned "
                    f"pace you should reach it around week {projected}. That is {when} your target date "
                    f"(week {target_week}).")
            if moved is not None:
                before = next((ph for ph in phases if ph.first_week < phase.first_week and ph.checkpoint is not None
                               and ph.checkpoint.week == phase.first_week - 1), None)
                at = f"After the check-up in week {before.checkpoint.week}, you" if before is not None else "You"
                note = (f"You practise it with \"{first[1].name}\" from week {first[0].first_week}. {at} move on to "
                        f"\"{prescription.name}\" from week {phase.first_week}. It is the step that can hold "
                        f"the weight of your goal. At the planned pace you should reach your goal around week "
                        f"{projected}. That is {when} your target date (week {target_week}).")
            ends = function.last_week
            if projected > ends:
                # The plan's own doses stop rising after the function phase (maintenance keeps what was
                # reached), so the week is only true if the clinician adds weeks: say where the plan gets.
                last = next((p for ph in phases if ph.name == "function" for p in ph.prescriptions
                             if p.activity_id == prescription.activity_id), None)
                if last is not None:
                    note += (f" Your plan now builds up until week {ends}, to "
                             f"{_reached_words(last.target, wanted, prescription.activity_id in two_handed)}. "
                             "More weeks can be added at a check-up.")
            if not on_track:
                note += " We will look at this together at each check-up. The date or the goal can change."
            if cap is not None and shared and in_hand is not None:
                note += f" In the goal, each hand holds {in_hand:g} kg. Your hands may hold up to {cap:g} kg each."
        else:
            serving = [a for name in ("build", "function") for a in by_phase.get(name, ())]
            # No projected week, so nothing shows the goal is on track: a goal that waits for a re-test
            # was "on_track": true with "projected_week": null (review 2026-12-03j, finding 7).
            on_track = False
            note = ("Other exercises build up to it. We score your progress at each check-up."
                    if serving else "No exercise in your program could help this goal within your limits. "
                    "Please talk it over with your clinician.")
            if goal.task.activity in waiting and not serving:
                # Only a ladder holding the task counts for a goal whose task is held (builder.pick,
                # selection.toward_held_task): with none, "Other exercises build up to it" was untrue
                # (Sam's head turns and his neck check: review 2026-12-03g, finding 7).
                note = (f"The task itself is not in your program yet. {waits_for(waiting[goal.task.activity], intake)} "
                        "Until then, nothing in your program works toward it.")
            elif goal.task.activity in hands_full:
                # A carry with both hands full waits for a re-test of the fall risk; the program says what
                # it practises meanwhile (review 2026-12-03i, finding 1; hazard H25).
                one_hand = next((p.name for ph in phases for p in ph.prescriptions
                                 if goal.id in p.goals and p.activity_id in one_hand_carries), None)
                # In pregnancy (from 20 weeks, reached in the plan) it waits for the birth (review 2026-12-03j, finding 8).
                note = (("Carrying with both hands full waits until after your baby is born." if pregnant(intake)
                         and measured_fall_risk(intake.baseline) is None else
                         "Carrying with both hands full waits for now, because of your fall risk. Your clinician "
                         "tests your walking again at each check-up.")
                        + (f" Until then, you practise with one bag: \"{one_hand}\"." if one_hand is not None
                           else " Until then, other exercises build up to it." if serving else ""))
            elif goal.task.activity in waiting:
                note += f" The task itself is not in your program yet. {waits_for(waiting[goal.task.activity], intake)}"
            elif goal.task.activity is not None:
                note += (" The task itself is not in your program. It does not fit your kit, your health "
                         "limits, your likes or your time: see what was left out.")
        rationale = ""
        if moved is not None:
            rationale = (f"Goal {goal.id}: target load {wanted_load:g} kg is above the usual range of "
                         f"{goal.task.activity}; the function phase practises it one rung up, on "
                         f"{moved[1].activity_id}, whose usual range holds it"
                         + (f" within the grip cap of {cap:g} kg a hand ({GRIP_CAP_SOURCE})" if cap is not None else "")
                         + f"; projected from week {moved[0].first_week} on that rung (review 2026-12-03e, row 7).")
        if cap is not None and goal.task.activity in grip_loaded and wanted_load is None:
            # A carry measured in distance or time: its load is not planned, so say the cap to both.
            note += (f" Keep what you carry to {cap:g} kg or less in all, set from your grip strength. "
                     "Please talk with your clinician about heavier loads.")
            rationale = (f"Goal {goal.id}: {goal.task.activity} carries a load the plan does not set; the person "
                         f"is told the grip cap of {cap:g} kg ({GRIP_CAP_SOURCE}). Check the goal's load "
                         f"(\"{goal.task.description}\") against it.")
        paths.append(GoalPath(
            goal=goal.id, words=goal.words, icf=goal.icf, success=goal.task.success, by_phase=by_phase,
            projected_week=projected, target_week=target_week, on_track=on_track, note=note, rationale=rationale,
        ))
    return paths
