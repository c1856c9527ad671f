"""Cases a reviewing physiotherapist found after the rules were written, that the engine still
decides as a careful clinician would not. Each is marked xfail (strict), so it fails the suite the
day the engine starts getting it right, and the mark (and the hazard log's residual risk) must
then be removed. They are listed in docs/safety/hazard-log.md.
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app

CASES = Path(__file__).parent / "cases"


@pytest.mark.xfail(strict=True, reason="H12 residual risk: a rise inside the 1-point noise floor passes as settled")
def test_mornings_one_point_up_after_every_session_in_a_person_whose_pain_never_varies_do_not_advance():
    """Pain 4/10 every day of the intake fortnight; then the morning after each of six sessions is
    5/10 and the other mornings 4/10. Six of six raised mornings against a baseline that never varied
    is a signal (clinical reference §3.1: back to the pre-session level by the next morning; §7.2
    step 2). Today the 1-point floor of the noise band lets it through and the patient is told her
    pain settled by the next morning."""
    result = CliRunner().invoke(app, ["check-in", str(CASES / "steady_mornings_one_point_up.json")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decision"] != "advance"
