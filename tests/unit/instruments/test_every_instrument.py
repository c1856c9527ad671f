"""Rules every instrument keeps: published ranges, refusing answers that do not fit, licences
respected, and a clinical core that needs nothing outside the standard library."""

import ast
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rehab.instruments
from rehab.instruments import (
    CATALOGUE,
    PERFORMANCE_TESTS,
    QUESTIONNAIRES,
    AnswerError,
    UnknownInstrument,
    lookup,
    score,
)

FIXED = [q for q in QUESTIONNAIRES if q.patient_named is None]

# Published ranges (clinical reference §1). The Örebro form codes pain duration 1-10, so its
# lowest possible total is 1 (the reference writes 0-100).
PUBLISHED_RANGES = {
    "nprs": (0, 10), "peg": (0, 10), "psfs": (0, 10), "lefs": (0, 80), "phq9": (0, 27), "gad7": (0, 21),
    "phq4": (0, 12), "tsk11": (11, 44), "pcs": (0, 52), "pseq": (0, 60), "start_back": (0, 9), "ompsq_sf": (1, 100),
}


def test_the_catalogue_holds_every_instrument_and_test_the_issue_asks_for():
    required = set(PUBLISHED_RANGES) | {"chair_stand_30s", "five_times_sit_to_stand", "timed_up_and_go",
                                        "six_minute_walk", "grip_strength", "single_leg_stance"}
    assert required <= set(CATALOGUE)
    assert len(CATALOGUE) == len(QUESTIONNAIRES) + len(PERFORMANCE_TESTS)


@pytest.mark.parametrize(("instrument_id", "published"), PUBLISHED_RANGES.items())
def test_each_questionnaire_range_is_the_published_one(instrument_id, published):
    assert lookup(instrument_id).score_range == published


@pytest.mark.parametrize("q", FIXED, ids=lambda q: q.id)
def test_each_questionnaire_reaches_its_minimum_and_maximum_from_real_answers(q):
    lowest = [item.scale.maximum if item.reverse else item.scale.minimum for item in q.items]
    highest = [item.scale.minimum if item.reverse else item.scale.maximum for item in q.items]
    assert score(q, lowest).total == q.score_range[0]
    assert score(q, highest).total == q.score_range[1]


@pytest.mark.parametrize("q", FIXED, ids=lambda q: q.id)
def test_each_questionnaire_refuses_the_wrong_number_of_answers(q):
    middle = [item.scale.minimum for item in q.items]
    with pytest.raises(AnswerError, match=f"{q.id} has {len(q.items)} items, got {len(q.items) + 1} answers"):
        score(q, middle + [middle[0]])
    with pytest.raises(AnswerError, match=f"got {len(q.items) - 1} answers"):
        score(q, middle[:-1])


@pytest.mark.parametrize("q", FIXED, ids=lambda q: q.id)
def test_each_questionnaire_refuses_answers_just_outside_the_scale(q):
    item = q.items[-1]
    base = [i.scale.minimum for i in q.items]
    for wrong in (item.scale.minimum - 1, item.scale.maximum + 1):
        with pytest.raises(AnswerError, match="out of range"):
            score(q, base[:-1] + [wrong])


@pytest.mark.parametrize("q", FIXED, ids=lambda q: q.id)
def test_each_questionnaire_leaves_the_total_empty_when_an_item_is_skipped(q):
    answers = [item.scale.minimum for item in q.items]
    answers[0] = None
    result = score(q, answers)
    assert result.total is None and result.band is None
    assert q.missing_rule in result.notes[0]


@pytest.mark.parametrize("wrong", [True, "2", [1]])
def test_answers_that_are_not_numbers_are_refused(wrong):
    with pytest.raises(AnswerError, match="is not a number"):
        score(lookup("gad7"), [1, 1, 1, 1, 1, 1, wrong])


def test_a_named_answer_for_an_item_the_instrument_does_not_have_is_refused():
    with pytest.raises(AnswerError, match="phq4 has no item 'sleep'"):
        score(lookup("phq4"), {"nervous": 1, "sleep": 2})


def test_an_unknown_instrument_id_is_refused_with_a_pointer_to_the_list():
    with pytest.raises(UnknownInstrument) as caught:
        lookup("odi")
    assert str(caught.value) == "unknown instrument 'odi' (rehab instruments lists them)"


@pytest.mark.parametrize("q", QUESTIONNAIRES, ids=lambda q: q.id)
def test_item_wording_is_stored_only_where_the_licence_allows_reproduction(q):
    if not q.licence.reproduce_items:
        assert all(item.text is None for item in q.items)
    assert q.licence.note and q.licence.cited.source


def test_only_the_free_generic_and_pfizer_screens_carry_item_wording():
    with_text = {q.id for q in QUESTIONNAIRES if any(item.text for item in q.items)}
    assert with_text == {"nprs", "phq9", "gad7", "phq4"}


@pytest.mark.parametrize("measure", list(CATALOGUE.values()), ids=lambda m: m.id)
def test_every_number_that_steers_a_decision_names_its_source(measure):
    for part in (measure.cited, getattr(measure, "bands", None), measure.mcid, measure.mdc):
        if part is not None:
            cited = part if hasattr(part, "mark") else part.cited
            assert cited.source.strip()


@pytest.mark.parametrize("q", QUESTIONNAIRES, ids=lambda q: q.id)
def test_bands_start_at_the_bottom_of_the_scale_so_every_total_has_one(q):
    if q.bands is not None:
        assert q.bands.bands[0].minimum == q.score_range[0]
        minimums = [band.minimum for band in q.bands.bands]
        assert minimums == sorted(minimums)


def test_the_instruments_package_imports_only_the_standard_library():
    package = Path(rehab.instruments.__file__).parent
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                # rehab.core.sources imports nothing: the shared citations and the one Timed Up and Go
                # fall-risk cut-off the planner and the checkpoint both use (CDC STEADI 12 s, H25, H56).
                assert (top in sys.stdlib_module_names or name.startswith("rehab.instruments")
                        or name == "rehab.core.sources"), f"{module.name}: {name}"


@st.composite
def completed_form(draw, q):
    """Any complete set of answers a patient could give on ``q``."""
    return [draw(st.integers(int(item.scale.minimum), int(item.scale.maximum))) for item in q.items]


@pytest.mark.parametrize("q", FIXED, ids=lambda q: q.id)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_completed_form_scores_inside_the_published_range_and_has_a_band_where_bands_exist(q, data):
    result = score(q, data.draw(completed_form(q)))
    low, high = q.score_range
    assert low <= result.total <= high
    assert (result.band is not None) == (q.bands is not None)
    for subscale in result.subscales:
        assert subscale.range[0] <= subscale.score <= subscale.range[1]
