"""The small vocabularies of the engine: progression strategies, decision kinds and referral urgency."""

from __future__ import annotations

from enum import StrEnum


class Strategy(StrEnum):
    """How an activity progresses.

    ``symptom_contingent`` lets pain responses steer the dose (pain-monitoring model);
    ``time_contingent`` raises quotas on a pre-agreed schedule, not by pain during a session: only
    the flare rules (against the personal baseline) and safety stop a raise (operant graded
    activity); ``graded_exposure`` works up a hierarchy of feared activities, each practised as a
    behavioural experiment, for people whose pain-related fear keeps them from those activities
    (the target is the fear, not the tissue). Patients differ in which suits them, so it is chosen
    per patient or per activity.
    """

    SYMPTOM_CONTINGENT = "symptom_contingent"
    TIME_CONTINGENT = "time_contingent"
    GRADED_EXPOSURE = "graded_exposure"


class DecisionKind(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    REGRESS = "regress"
    FLARE = "flare"
    REFER = "refer"
    REFORMULATE = "reformulate"


class Urgency(StrEnum):
    """How soon a referral must happen; the order is from most to least urgent."""

    EMERGENCY = "emergency"  # now: emergency department
    URGENT = "urgent"  # same day
    ROUTINE = "routine"  # clinician review at the next opportunity


URGENCY_RANK = {Urgency.EMERGENCY: 3, Urgency.URGENT: 2, Urgency.ROUTINE: 1}
