"""Stored decisions in a clinician's words: the bridge from what the store keeps (the decision's JSON
document, an activity id) to :mod:`rehab.core.engine.clinician_words`, with the exercise's name
from the library. Alerts, the caseload, the decision list and the API use it, so a decision is
worded once, the same everywhere."""

from __future__ import annotations

from collections.abc import Mapping

from rehab.content.loader import packaged_library
from rehab.contracts.checkin import DecisionOut, DoseIn
from rehab.core.engine import sleep_and_stress
from rehab.core.engine.clinician_words import HierarchyMove, decision_summary
from rehab.core.engine.safety import ALL_FLAGS
from rehab.core.models import Criterion, DecisionKind, Urgency

CONCERNS = {flag_id: flag.concern for flag_id, flag in ALL_FLAGS.items()}


def activity_name(activity_id: str, names: Mapping[str, str] | None = None) -> str:
    """The name a clinician knows an exercise or activity by: the library's, else the program's,
    else the id in words (an activity since removed from the library)."""
    library = packaged_library()
    known = library.exercises.get(activity_id) or library.activities.get(activity_id)
    if known is not None:
        return known.name
    if names and activity_id in names:
        return names[activity_id]
    return activity_id.replace("_", " ").capitalize()


def summary(decision: DecisionOut | Mapping, name: str | None = None, brief: bool = False, notes: bool = True) -> str:
    """The decision as a physiotherapist would write it (see :func:`decision_summary`), with the note on
    short sleep or high stress when the check-in made one (``notes=False``: where that note is an alert
    of its own)."""
    if not isinstance(decision, DecisionOut):
        decision = DecisionOut.model_validate(decision)
    criteria = [Criterion(c.name, c.group, c.value, c.threshold, c.passed, c.source) for c in decision.criteria]
    episode = decision.flare_episode
    step = decision.exposure
    move = None
    if step is not None:  # a decision stored before the previous item's words were kept: its id in words
        previous = step.previous_activity or step.previous_item.replace("_", " ")
        move = HierarchyMove(step.move, previous, step.activity)
    return decision_summary(
        name or activity_name(decision.activity_id),
        DecisionKind(decision.decision),
        Urgency(decision.urgency) if decision.urgency else None,
        criteria,
        DoseIn.model_validate(decision.next_dose).to_core() if decision.next_dose else None,
        DoseIn.model_validate(episode.pre_flare_dose).to_core() if episode else None,
        CONCERNS,
        brief=brief,
        exposure=move,
        notes=[a.message for a in decision.alerts if a.code == sleep_and_stress.ALERT] if notes and not brief else (),
    )
