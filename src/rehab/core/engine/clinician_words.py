"""A decision in the words a physiotherapist would write in the notes: which exercise, what happened
in clinical words, the patient's value against the threshold, and what to consider.

The patient's words live in :mod:`rehab.core.engine.messages` and speak to the person; these speak
about the person to a colleague. Both are built from the same criteria, so what is said is what was
checked; the criteria table stays beside this sentence for whoever wants every detail. Alerts, the
caseload, the decision list, the patient page and the API all word a decision here, once.

Pure: values in, a string out. The caller passes the exercise's display name (from the library),
never the id.
"""

from __future__ import annotations

from collections.abc import Sequence

import re
from typing import NamedTuple

from rehab.core.engine.messages import counted, describe_dose, hold_reason, learning_words, number
from rehab.core.models import Criterion, DecisionKind, Dose, Urgency

# What each failed criterion means, in clinical words: (the finding, with {value} and {threshold};
# what to consider). A criterion without an entry is still worded, from its name, value and threshold.
FINDINGS: dict[str, tuple[str, str]] = {
    "red_flags_absent": ("red flag answered yes: {value}", ""),
    "no_new_symptoms": ("new symptoms reported: {value}",
                        "examine before any progression; refer if the signs are progressing"),
    "flare_not_declared": ("the patient declared a flare-up", ""),
    "no_neuro_signs_in_flare": ("new numbness, tingling or weakness reported during a flare-up ({value}), so it is "
                                "not managed as a flare: the hurt-vs-harm check fails", ""),
    "no_new_neuro_signs": ("new numbness, tingling or weakness reported ({value}): a new neurological deficit "
                           "is seen the same day", "examine (dermatomes, myotomes, reflexes; cauda equina questions)"),
    # The flare rules are worded by _flare_finding (the level and the days are in the threshold).
    "no_flare_pain_rise": ("pain at flare level {days} in a row ({threshold})", ""),
    "pain_below_flare_line": ("pain at or above the flare line on the latest diary day, not yet a flare: no step up "
                              "until it settles ({threshold})", "ask what happened that day; a second day makes it a flare"),
    "flare_settled": ("flare not settled yet: pain near usual {days} in a row ({threshold})",
                      "keep the reduced dose; review if it is not settling within the week"),
    "pain_during_within_limit": ("pain during the session reached {value}/10 (limit {threshold})",
                                 "check technique, load and what else the patient did that day"),
    "next_morning_no_rise": ("next-morning pain rose to {value}/10 (needs {threshold})",
                             "ask how the evening and night went after the session"),
    "experiment_mornings_not_raised": ("mornings after experiments at or above the flare line: {value} (holds "
                                       "unless {threshold})", "check the physical demands of the next activities "
                                       "against what the patient can do now (smaller steps, or a time-contingent "
                                       "quota for the load beside the exposure)"),
    "next_morning_recorded": ("next-morning pain recorded for {value} sessions (needs {threshold})",
                              "remind the patient to note their pain on waking"),
    "next_morning_back_to_usual": ("next-morning pain {value}/10 after a session, not back to usual (limit {threshold})",
                                   "ask about sleep and the evening after sessions"),
    "next_mornings_not_all_raised": ("every morning after a session since the last change up at least a point: {value} "
                                     "(needs {threshold})", "ask how the evening and night go after sessions; the dose "
                                     "may be just above what settles overnight"),
    "weekly_morning_rise_below_noise": ("waking pain up {value} points on last week (needs {threshold})",
                                        "look for other loads this week: work, sleep, stress"),
    "weekly_morning_not_rising": ("waking pain rising week on week: {value} (needs {threshold})",
                                  "look for other loads this week: work, sleep, stress"),
    "weekly_pain_not_rising": ("weekly pain rising: {value} (needs {threshold})",
                               "look for other loads this week: work, sleep, stress"),
    "no_sustained_worsening": ("pain above the personal baseline for two weeks or more: {value}",
                               "review what changed; consider a re-baseline or a change of plan"),
    "sessions_logged": ("no sessions logged ({value}; needs {threshold})",
                        "check the patient can use the log, and whether the plan fits their week"),
    "adherence": ("adherence below target: {value} (needs {threshold})",
                  "ask what gets in the way and fit the plan to the patient's week"),
    "personal_baseline": ("no personal baseline yet: {value} (needs {threshold})",
                          "encourage daily diary entries"),
    "pain_monitored": ("pain not monitored: {value} (needs {threshold})", "encourage daily diary entries"),
    "pain_reported": ("pain reported for {value} sessions (needs {threshold})",
                      "remind the patient to rate pain during each session"),
    "target_dose_completed": ("{value} sessions in a row at the current dose (needs {threshold})", ""),
    "quota_met": ("quota not met: {value} (needs {threshold})",
                  "ask whether the quota fits the patient's days"),
    "raise_due": ("next raise not due yet: {days} at this quota (needs {threshold})", ""),
    "room_to_progress": ("target reached: {value}", "consider a harder exercise or discharge to maintenance"),
    "effort_not_maximal": ("effort at its maximum: {value} (needs {threshold})", "keep the dose until it feels manageable"),
    "effort_within_cap": ("effort above the plan's effort cap: {value} (needs {threshold})",
                          "keep the dose until the effort stays within the cap"),
    "return_step_session": ("{value} sessions at the current flare-plan step (needs {threshold})", ""),
    "return_step_days": ("{days} at the current flare-plan step (needs {threshold})", ""),
    "last_return_step_by_clinician": ("held below the last return step ({threshold})", ""),
    "self_chosen_easier_run": ("the patient chose the easier option {value} sessions in a row (limit {threshold})",
                               "talking it over; the dose may be too much, or sleep, stress or worry weigh"),
    "progress_within_stall_window": ("no advance for {days} (stall window {threshold})",
                                     "revisit goals, barriers and the choice of exercise"),
    "fear_hierarchy_set": ("no fear hierarchy set ({threshold})", "build the hierarchy with the patient"),
    "experiment_logged": ("no behavioural experiment logged ({threshold})", ""),
    "experiment_completed": ("the latest experiment was {value}", "a smaller step of the hierarchy"),
    "safety_behaviours_faded": ("safety behaviours still used: {value}", "plan with the patient to drop one next time"),
    "expectancy_disconfirmed": ("feared outcome not yet disconfirmed: {value} (it moves up when: {threshold})",
                                "keep the experiments going; check the feared outcome is written so that it can be "
                                "tested (what, how bad, by when) and that no safety behaviour is hidden"),
    "higher_item_available": ("top of the fear hierarchy reached", "plan what comes next"),
}

class HierarchyMove(NamedTuple):
    """Under graded exposure, what a decision does to the fear hierarchy: the move (up, down,
    same) from the activity practised to the one practised next, in the patient's words."""

    move: str
    previous: str
    item: str


# Under graded exposure what changes is the activity practised, not the dose (§3.3): a decision is
# worded as a move in the fear hierarchy, and a stall asks for a review of the hierarchy itself.
_EXPOSURE_REFORMULATE = ("review the hierarchy with the patient: add a smaller step between the items, look for "
                         "hidden safety behaviours, check the feared outcome is specific enough to be tested, and "
                         "re-rate how harmful each activity feels")

# What to consider for each decision, when the finding itself suggests nothing more precise.
_CONSIDER = {
    DecisionKind.FLARE: "ask what set it off (load, sleep, stress, illness) and review within a week",
    DecisionKind.REGRESS: "check the load is right and what else the patient did that day",
    DecisionKind.REFORMULATE: "revisit goals, barriers and the choice of exercise",
    DecisionKind.HOLD: "",
    DecisionKind.ADVANCE: "",
}
_REFERRAL_CONSIDER = {
    Urgency.EMERGENCY: ("contact the patient now to confirm they have gone to an emergency department; if you cannot "
                        "reach them, follow the clinic's escalation procedure"),
    Urgency.URGENT: "contact the patient today and arrange a medical assessment",
    Urgency.ROUTINE: "go over the answers at the next contact before any progression",
}
# The finding that explains each kind of decision, first failed one wins.
_LEADS = {
    DecisionKind.REFER: ("red_flags_absent", "no_neuro_signs_in_flare", "no_new_neuro_signs", "no_new_symptoms"),
    DecisionKind.FLARE: ("flare_not_declared", "no_flare_pain_rise", "flare_settled"),
    DecisionKind.REGRESS: ("pain_during_within_limit", "next_morning_no_rise", "weekly_morning_rise_below_noise",
                           "experiment_completed"),
    DecisionKind.REFORMULATE: ("progress_within_stall_window",),
}


def decision_summary(
    name: str,
    kind: DecisionKind,
    urgency: Urgency | None,
    criteria: Sequence[Criterion],
    next_dose: Dose | None,
    pre_flare_dose: Dose | None = None,
    red_flag_concerns: dict[str, str] | None = None,
    brief: bool = False,
    exposure: HierarchyMove | None = None,
    notes: Sequence[str] = (),
) -> str:
    """One short paragraph a physiotherapist would write, e.g. "Squat to chair: refer today (urgent).
    Red flag answered yes: constant night pain (possible malignancy or infection). Exercise stopped
    until reviewed. Consider: contact the patient today and arrange a medical assessment."

    ``red_flag_concerns`` maps a red flag's id to what it may mean (the safety module's list), so a
    flag is named with its concern. ``brief`` leaves out the dose (the caseload's one line).
    ``exposure`` words the decision as a move in the fear hierarchy instead of a dose change.
    ``notes`` are said last: what the clinician should know beside the decision (short sleep, high
    stress: :mod:`rehab.core.engine.sleep_and_stress`)."""
    failed = [c for c in criteria if not c.passed]
    lead = _lead(kind, failed)
    consider = ""
    if kind is DecisionKind.REFER:
        head = {Urgency.EMERGENCY: "refer now (emergency)", Urgency.URGENT: "refer today (urgent)",
                Urgency.ROUTINE: "review before progressing (routine referral)"}.get(urgency, "refer")
        consider = _REFERRAL_CONSIDER.get(urgency, _REFERRAL_CONSIDER[Urgency.ROUTINE])
    elif kind is DecisionKind.FLARE:
        head = "flare-up, on the flare plan"
    elif kind is DecisionKind.REGRESS:
        head = "stepped back"
    elif kind is DecisionKind.REFORMULATE:
        head = "stalled, plan needs reformulating"
    elif kind is DecisionKind.ADVANCE:
        head = "progressed"
    else:
        head = "held at the same dose"
    # During a flare's return the dose is what changes, so it is worded as a dose (§5.6).
    hierarchy = exposure is not None and kind in _HIERARCHY_KINDS and pre_flare_dose is None
    if hierarchy:
        head = _hierarchy_head(kind, exposure)
        if kind is DecisionKind.REFORMULATE:
            consider = _EXPOSURE_REFORMULATE
    parts = [f"{name}: {head}."]
    if lead is not None:
        finding, hint = _finding(lead, red_flag_concerns or {})
        parts.append(_sentence(finding))
        consider = consider or hint
    elif kind is DecisionKind.ADVANCE and hierarchy:
        learning = next((c for c in criteria if c.name == "expectancy_disconfirmed"), None)
        parts.append("Exposure criteria met" + (f": {learning_words(learning.value)}." if learning else "."))
    elif kind is DecisionKind.ADVANCE:
        pain = next((c for c in criteria if c.name == "pain_during_within_limit"), None)
        parts.append("All progression criteria met" + (
            f": pain during sessions at most {_show(pain.value)}/10 (limit {pain.threshold})." if pain else "."))
    if not brief and not hierarchy:
        parts.append(_dose_sentence(kind, next_dose, pre_flare_dose))
    consider = consider or _CONSIDER.get(kind, "")
    if consider:
        parts.append(f"Consider: {consider}.")
    parts.extend(notes)
    return " ".join(parts)


_HIERARCHY_KINDS = (DecisionKind.ADVANCE, DecisionKind.REGRESS, DecisionKind.HOLD, DecisionKind.REFORMULATE)


def _hierarchy_head(kind: DecisionKind, step: HierarchyMove) -> str:
    previous, item = f"\"{step.previous}\"", f"\"{step.item}\""
    if step.move == "up":
        return f"moves up the fear hierarchy from {previous} to {item}"
    if step.move == "down":
        return f"moves down the fear hierarchy from {previous} to {item}"
    if kind is DecisionKind.REGRESS:
        return f"stays on {item}, the first step of the fear hierarchy, after an experiment that had to stop"
    if kind is DecisionKind.REFORMULATE:
        return f"stalled on {item} in the fear hierarchy, plan needs reformulating"
    return f"stays on {item} in the fear hierarchy"


def criterion_words(criterion: Criterion) -> str:
    """One failed criterion as a clinical finding with its value against its threshold."""
    return _sentence(_finding(criterion, {})[0])


def _lead(kind: DecisionKind, failed: list[Criterion]) -> Criterion | None:
    by_name = {c.name: c for c in failed}
    for name in _LEADS.get(kind, ()):
        if name in by_name:
            return by_name[name]
    if kind in (DecisionKind.HOLD, DecisionKind.ADVANCE):
        reason = hold_reason(failed)
        if reason:
            return by_name[reason]
    return failed[0] if failed and kind is not DecisionKind.ADVANCE else None


_FLARE_RISE = re.compile(r"< (\d+) days in a row with pain >= ([\d.]+)")
_FLARE_SETTLED = re.compile(r">= (\d+) days in a row with pain below ([\d.]+) \((.+)\)")


def _flare_finding(criterion: Criterion) -> str | None:
    """The flare rules as a clinician says them: the level, the patient's days at it, and how many
    days make (or settle) a flare, instead of the rule's "< 2 days in a row with pain >= 6.1"."""
    days = criterion.value if isinstance(criterion.value, int) else None
    if days is None:
        return None
    if criterion.name == "no_flare_pain_rise" and (rise := _FLARE_RISE.fullmatch(criterion.threshold)):
        needed, level = int(rise[1]), rise[2]
        return (f"pain at or above the flare level ({level}/10) on {counted(days, 'day', 'days')} in a row; "
                f"{needed} days in a row make a flare")
    if criterion.name == "flare_settled" and (settled := _FLARE_SETTLED.fullmatch(criterion.threshold)):
        needed, level, what = int(settled[1]), settled[2], settled[3]
        return (f"flare not settled yet: pain below {level}/10 ({what}) on {counted(days, 'day', 'days')} in a row; "
                f"{needed} days in a row are needed before stepping back up")
    return None


def _finding(criterion: Criterion, concerns: dict[str, str]) -> tuple[str, str]:
    template, hint = FINDINGS.get(criterion.name, ("{label}: {value} (needs {threshold})", ""))
    flare = _flare_finding(criterion)
    if flare is not None:
        return flare, hint
    value = criterion.value
    if criterion.name == "red_flags_absent" and isinstance(value, (list, tuple)):
        value = [_flag(f, concerns) for f in value]
    elif criterion.name == "no_new_symptoms" and isinstance(value, (list, tuple)):
        value = [_words(v) for v in value]
    days = counted(value, "day", "days") if isinstance(value, (int, float)) and not isinstance(value, bool) else _show(value)
    return template.format(label=_words(criterion.name), value=_show(value), days=days,
                           threshold=criterion.threshold), hint


def _dose_sentence(kind: DecisionKind, next_dose: Dose | None, pre_flare_dose: Dose | None) -> str:
    if next_dose is None:
        return "Exercise stopped until reviewed."
    dose = describe_dose(next_dose)
    if kind is DecisionKind.FLARE and pre_flare_dose is not None:
        return f"Dose now {dose} (from {describe_dose(pre_flare_dose)} before the flare)."
    if kind is DecisionKind.ADVANCE and pre_flare_dose is not None:
        return f"Next dose {dose}, a step back towards {describe_dose(pre_flare_dose)} (before the flare)."
    if kind is DecisionKind.ADVANCE:
        return f"Next dose {dose}."
    if kind is DecisionKind.REGRESS:
        return f"Dose eased to {dose}."
    return f"Dose {dose}."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _flag(flag: str, concerns: dict[str, str]) -> str:
    """A red flag with what it may mean: 'constant night pain - possible malignancy or infection'."""
    return f"{_words(flag)} - {concerns[flag]}" if flag in concerns else _words(flag)


def _words(identifier: str) -> str:
    return str(identifier).replace("_", " ")


def _show(value: object) -> str:
    if value is None:
        return "not available"
    learning = learning_words(value)
    if learning is not None:
        return learning
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value, places=2)  # as the criteria and the summary show it (one rounding rule)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, dict):
        return ", ".join(f"{_words(k)} {_show(v)}" for k, v in value.items()) or "none"
    if isinstance(value, (list, tuple)):
        return "; ".join(_show(v) for v in value) or "none"
    return str(value)


def red_flag_alert(flags: Sequence[str], urgency: Urgency, concerns: dict[str, str]) -> str:
    """A screening's red flags for the clinician: each flag with what it may mean, and what to do."""
    named = "; ".join(_flag(f, concerns) for f in flags)
    return f"Red flag answered yes at a screening: {named}. Consider: {_REFERRAL_CONSIDER[urgency]}."


def override_summary(name: str, clinician_kind: str, engine_kind: str) -> str:
    """A clinician's own decision in place of the engine's, for the caseload."""
    head = {"refer": "referred", "flare": "flare-up", "regress": "stepped back", "reformulate": "plan to reformulate",
            "advance": "progressed", "hold": "held at the same dose"}.get(clinician_kind, clinician_kind)
    if clinician_kind == engine_kind:
        return f"{name}: {head}, as the engine advised and a clinician accepted."
    return f"{name}: {head} by a clinician's decision (the engine advised: {engine_kind})."
