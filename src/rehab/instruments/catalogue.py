"""Every instrument and test by id: the one place the CLI, the docs test and services look them up."""

from __future__ import annotations

from rehab.instruments.model import Questionnaire
from rehab.instruments.mood import MOOD
from rehab.instruments.pain_and_function import PAIN_AND_FUNCTION
from rehab.instruments.pain_beliefs import PAIN_BELIEFS
from rehab.instruments.performance import FUNCTIONAL_TESTS, PerformanceTest
from rehab.instruments.range_of_motion import RANGE_OF_MOTION
from rehab.instruments.risk_screens import RISK_SCREENS

QUESTIONNAIRES: tuple[Questionnaire, ...] = PAIN_AND_FUNCTION + MOOD + PAIN_BELIEFS + RISK_SCREENS
PERFORMANCE_TESTS: tuple[PerformanceTest, ...] = FUNCTIONAL_TESTS + RANGE_OF_MOTION
CATALOGUE: dict[str, Questionnaire | PerformanceTest] = {m.id: m for m in QUESTIONNAIRES + PERFORMANCE_TESTS}


class UnknownInstrument(LookupError):
    """No instrument or test has this id."""

    def __str__(self) -> str:
        return f"unknown instrument {self.args[0]!r} (rehab instruments lists them)"


def lookup(instrument_id: str) -> Questionnaire | PerformanceTest:
    try:
        return CATALOGUE[instrument_id]
    except KeyError:
        raise UnknownInstrument(instrument_id) from None
