"""The floor of the clinical core: value types in the clinic's words.

Doses, check-ins, decisions, fear hierarchies, self-management bounds and the rule thresholds
(``Limits``) are plain immutable values. Nothing here imports anything else of ``rehab.core``, so
every rule module can stand on them without an import circle (a test checks it).
"""

from rehab.core.models.checkin import (
    TRIGGER_TAGS,
    Activity,
    BaselineAnchor,
    CheckIn,
    DiaryEntry,
    FlareEpisode,
    HistoryEntry,
    SessionLog,
    Symptoms,
)
from rehab.core.models.decision import Alert, Criterion, Decision, FlarePlan, ReturnStep
from rehab.core.models.dose import (
    DIMENSIONS,
    VOLUME_DIMENSIONS,
    WHOLE_DIMENSIONS,
    Dose,
    Increment,
)
from rehab.core.models.exposure import (
    DOWN,
    SAME,
    UP,
    BehaviouralExperiment,
    ExposureItem,
    ExposureStep,
    FearHierarchy,
    HarmRerating,
)
from rehab.core.models.kinds import URGENCY_RANK, DecisionKind, Strategy, Urgency
from rehab.core.models.limits import RULE_VERSION, Limits
from rehab.core.models.self_management import (
    AdjustmentCheck,
    AdjustmentKind,
    SelfAdjustment,
    SelfManagementBounds,
)

__all__ = [
    "DIMENSIONS", "DOWN", "RULE_VERSION", "SAME", "TRIGGER_TAGS", "UP", "URGENCY_RANK", "VOLUME_DIMENSIONS", "WHOLE_DIMENSIONS",
    "Activity", "AdjustmentCheck", "AdjustmentKind", "Alert", "BaselineAnchor", "BehaviouralExperiment", "CheckIn",
    "Criterion", "Decision", "DecisionKind", "DiaryEntry", "Dose", "ExposureItem", "ExposureStep", "FearHierarchy",
    "FlareEpisode", "FlarePlan", "HarmRerating", "HistoryEntry", "Increment", "Limits", "ReturnStep",
    "SelfAdjustment", "SelfManagementBounds", "SessionLog", "Strategy", "Symptoms", "Urgency",
]
