"""docs/instruments.md must document every instrument and test, so the docs cannot drift."""

import re
from pathlib import Path

import pytest

from rehab.instruments import CATALOGUE, QUESTIONNAIRES
from rehab.instruments.change import number
from rehab.instruments.range_of_motion import RANGE_OF_MOTION

DOCS = (Path(__file__).parents[2] / "docs" / "instruments.md").read_text(encoding="utf-8")
HEADED = [m for m in CATALOGUE.values() if m not in RANGE_OF_MOTION]


def section(instrument_id):
    """The text under the heading for ``instrument_id``, up to the next heading."""
    match = re.search(rf"^###+ `{re.escape(instrument_id)}` .*?(?=^#)", DOCS, flags=re.M | re.S)
    return match.group(0) if match else None


@pytest.mark.parametrize("measure", HEADED, ids=lambda m: m.id)
def test_every_instrument_and_test_has_its_own_section(measure):
    assert section(measure.id) is not None, f"docs/instruments.md has no '### `{measure.id}` ...' section"


@pytest.mark.parametrize("measure", RANGE_OF_MOTION, ids=lambda m: m.id)
def test_every_range_of_motion_test_is_listed(measure):
    assert f"`{measure.id}`" in DOCS


@pytest.mark.parametrize("measure", HEADED, ids=lambda m: m.id)
def test_every_section_states_the_mcid_it_uses(measure):
    text = section(measure.id) or ""
    assert "MCID" in text
    if measure.mcid is not None and measure.mcid.points is not None:
        assert number(measure.mcid.points) in text
    if measure.mcid is not None and measure.mcid.percent is not None:
        assert f"{number(measure.mcid.percent)}%" in text


@pytest.mark.parametrize("q", QUESTIONNAIRES, ids=lambda q: q.id)
def test_every_questionnaire_section_gives_its_range_band_edges_scoring_and_licence(q):
    text = section(q.id) or ""
    assert "Scoring" in text and "Licence" in text
    low, high = q.score_range
    assert f"{number(low)}–{number(high)}" in text
    for band in q.bands.bands if q.bands else ():
        assert number(band.minimum) in text, f"band edge {band.minimum} of {q.id} is not in its section"
