"""Outcome measures: validated questionnaires and performance tests, scored and interpreted.

Standard library only, like :mod:`rehab.core`: definitions are frozen data, scoring and
interpretation are plain functions. ``docs/instruments.md`` lists every instrument with its
scoring rule, bands, MCID and sources.
"""

from rehab.instruments.catalogue import (
    CATALOGUE,
    PERFORMANCE_TESTS,
    QUESTIONNAIRES,
    UnknownInstrument,
    lookup,
)
from rehab.instruments.change import Change, ChangeError, compare, reliable_change_index
from rehab.instruments.goal_attainment import GasLevel, GoalAttainmentError, t_score
from rehab.instruments.model import Direction, Questionnaire
from rehab.instruments.norms import Person
from rehab.instruments.performance import (
    Measurement,
    MeasurementError,
    PerformanceTest,
    measure,
)
from rehab.instruments.psychosocial import PsychosocialProfile, psychosocial_profile
from rehab.instruments.scoring import Alert, AnswerError, Score, score

__all__ = [
    "CATALOGUE",
    "PERFORMANCE_TESTS",
    "QUESTIONNAIRES",
    "Alert",
    "AnswerError",
    "Change",
    "ChangeError",
    "Direction",
    "GasLevel",
    "GoalAttainmentError",
    "Measurement",
    "MeasurementError",
    "PerformanceTest",
    "Person",
    "PsychosocialProfile",
    "Questionnaire",
    "Score",
    "UnknownInstrument",
    "compare",
    "lookup",
    "measure",
    "psychosocial_profile",
    "reliable_change_index",
    "score",
    "t_score",
]
