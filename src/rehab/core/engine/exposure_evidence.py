"""What a behavioural experiment showed, in the patient's words.

The point of an experiment is the gap between what the person expected and what happened (Craske
2014; clinical reference §3.3). Seeing that gap written down, experiment after experiment, is the
evidence that changes the belief, so each stored experiment is shown back to the patient as one
short message: what they feared and how sure they were, what happened, and how sure they are now.
The sentences around their own words stay at reading grade 8 or below (tested).
"""

from __future__ import annotations

from rehab.core.models import BehaviouralExperiment


def _sure(belief: float) -> str:
    return f"{belief / 10:g} out of 10"


def evidence(experiment: BehaviouralExperiment, activity: str) -> str:
    """One experiment as evidence: "You feared: ... You were 8 out of 10 sure it would happen. What happened: ...
    What you feared did not happen. After, you were 2 out of 10 sure." A stopped experiment is a step that was too big,
    said as information, not failure."""
    e = experiment
    before = f'You tried "{activity}". You feared: "{e.expected}". You were {_sure(e.belief_before)} sure it would happen.'
    if e.stopped_early:
        told = f" What happened: {e.outcome}." if e.outcome else ""
        return (f"{before}{told} You stopped before the end. That is useful to know: "
                "next time the step can be smaller.")
    parts = [before]
    if e.outcome:
        parts.append(f"What happened: {e.outcome}.")
    if e.feared_outcome_happened is False:
        parts.append("What you feared did not happen.")
    elif e.feared_outcome_happened:
        parts.append("You said what you feared did happen. That can be worrying. Your clinician has been told and will "
                     "talk it over with you. If you notice new numbness or weakness, see Get help.")
    if e.pain_during is not None:
        parts.append(f"Your worst pain was {e.pain_during:g} out of 10.")
    if e.belief_after is not None:
        parts.append(f"After, you were {_sure(e.belief_after)} sure.")
    if e.safety_behaviours:
        parts.append(f"You used: {', '.join(e.safety_behaviours)}.")
    return " ".join(part.replace("..", ".") for part in parts)
