"""Every hold is explained to the patient in plain words, whichever criterion held it: a check-in
must never fail for want of a sentence (a patient due to step back up after a flare would get no
decision at all)."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from rehab.content.readability import grade
from rehab.core.engine import messages
from rehab.core.models import Criterion

ENGINE = Path(messages.__file__).parent


def criterion_names() -> set[str]:
    """Every criterion name the engine can report, read from its source: the first argument of each
    ``Criterion(...)`` call in ``rehab.core.engine``."""
    names = set()
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Criterion" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                names.add(node.args[0].value)
    return names


def test_the_engine_criteria_are_found_in_its_source():
    names = criterion_names()
    assert {"weekly_morning_rise_below_noise", "next_morning_back_to_usual", "no_sustained_worsening"} <= names
    assert len(names) >= 25


def test_every_criterion_the_engine_can_fail_has_a_plain_hold_sentence():
    for name in sorted(criterion_names()):
        assert name in messages._HOLD_ORDER, f"{name} has no place in _HOLD_ORDER"
        sentence = messages._HOLD_PATIENT.get(name)
        assert sentence, f"{name} has no hold sentence for the patient"
        text = sentence.format(dose="2 sets of 10", limit="5", needed=2, period=7, logged=3, planned="6", easier=3,
                               item="carrying the shopping", run=2, behaviours="a back brace", first="a back brace",
                               raised=3, wait="about a week at this step", cap="5")
        assert grade(text) <= 8, (name, text)


def failed(name: str) -> Criterion:
    return Criterion(name, "pain", None, "-", False, "-")


@given(st.lists(st.sampled_from(sorted(criterion_names()) + ["a_criterion_added_later"]), min_size=1))
def test_a_hold_is_always_explained_whatever_failed(names):
    reason = messages.hold_reason([failed(n) for n in names])
    assert reason in names or reason == ""


def test_a_hold_on_a_criterion_without_a_sentence_still_gets_a_true_plain_message():
    text = messages.HOLD_FALLBACK.format(dose="2 sets of 10")
    assert messages.hold_reason([failed("a_criterion_added_later")]) == ""
    assert "2 sets of 10" in text and grade(text) <= 8
